"""Private folders and files: never readable by others at any instant, written atomically.

A file is first written to a temporary file in the destination folder, created with
O_CREAT|O_EXCL and mode 0600 under umask 077, then fsynced and published in one step: os.link
for a new file (it never replaces an existing one) or os.replace for an update. On any failure the
temporary file is removed, so no partial file is left behind. POSIX only (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath

from automation.errors import StorageError
from automation.interrupts import critical
from automation.oserrors import DISK_PROBLEMS, storage_error

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
MAX_UNIQUE_NAMES = 1000
_NOFOLLOW_CLOEXEC = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW_CLOEXEC


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Run the body with umask 077 (process-wide), restoring the previous umask after it."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def ensure_private_dir(folder: Path, step: str, choose_other: str) -> None:
    """Create folder with mode 0700, or refuse an existing one other users can open or own.

    An existing folder is never chmod-ed: it may be a folder the user also uses for other things,
    so a loose one is refused with the chmod command as the fix. Missing parents are created with
    the usual umask; only the folder itself must be private.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with private_umask(), contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        info = folder.stat()
    except OSError as error:
        if error.errno in DISK_PROBLEMS:  # a full or read-only disk (a read-only home): say so
            raise storage_error(step, error, folder) from None
        raise StorageError(
            step=step,
            reason=f"the folder {folder} cannot be created: {os_error_text(error)}.",
            fix=f"Create {folder} with 'mkdir -m 700 -p {folder}' or {choose_other}.",
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise StorageError(
            step=step,
            reason=f"{folder} exists and is not a folder.",
            fix=f"Move {folder} away or {choose_other}.",
        )
    if info.st_uid != os.geteuid():
        raise StorageError(
            step=step,
            reason=f"the folder {folder} belongs to another user (uid {info.st_uid}).",
            fix=f"Use a folder of your own: {choose_other}.",
        )
    if info.st_mode & 0o077:
        raise StorageError(
            step=step,
            reason=(
                f"the folder {folder} can be opened by other users "
                f"(mode {stat.S_IMODE(info.st_mode):04o}), so they could see or swap key files."
            ),
            fix=f"Run 'chmod 700 {folder}' or {choose_other}.",
        )


def create_new_file(folder: Path, file_name: str, data: bytes, step: str) -> Path:
    """Write data to folder/file_name, or to the first free 'stem-N.suffix' name if it exists.

    Never replaces an existing file; returns the path actually written. A signal meanwhile stops the
    run only once the file is complete and its temporary copy gone (`critical`).
    """
    with critical():
        temp = _write_temp(folder, file_name, data, step)
        try:
            final = _link_to_free_name(temp, folder, file_name, step)
        finally:
            _remove(temp)
        _fsync_dir(folder)
    return final


def replace_file(path: Path, data: bytes, step: str) -> None:
    """Atomically replace path (or create it) with data, mode 0600 (a signal waits for it: `critical`)."""
    with critical():
        temp = _write_temp(path.parent, path.name, data, step)
        try:
            os.replace(temp, path)
        except OSError as error:
            _remove(temp)
            raise StorageError(
                step=step,
                reason=f"{path} cannot be replaced: {os_error_text(error)}.",
                fix=f"Make {path.parent} writable by you, then run the command again.",
            ) from None
        _fsync_dir(path.parent)


def unique_names(file_name: str) -> Iterator[str]:
    """file_name, then 'stem-2.suffix', 'stem-3.suffix', … ('access-keys-2.csv')."""
    yield file_name
    pure = PurePath(file_name)
    for number in range(2, MAX_UNIQUE_NAMES + 1):
        yield f"{pure.stem}-{number}{pure.suffix}"


def _write_temp(folder: Path, file_name: str, data: bytes, step: str) -> Path:
    """A fsynced private temporary file in folder holding data; nothing is left on failure."""
    temp = folder / f".{file_name}.{secrets.token_hex(8)}.tmp"
    try:
        with private_umask():
            fd = os.open(temp, _OPEN_FLAGS, PRIVATE_FILE_MODE)
    except OSError as error:
        raise StorageError(
            step=step,
            reason=f"cannot create a file in the folder {folder}: {os_error_text(error)}.",
            fix=f"Make {folder} writable by you (or free some space), then run the command again.",
        ) from None
    try:
        if os.fstat(fd).st_mode & 0o077:
            raise StorageError(
                step=step,
                reason=f"the file system of {folder} does not keep files private (mode 0600 is "
                "not honoured).",
                fix="Choose a folder on a local disk with POSIX permissions.",
            )
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as error:
        os.close(fd)
        _remove(temp)
        raise StorageError(
            step=step,
            reason=f"writing in the folder {folder} failed: {os_error_text(error)}; nothing was kept.",
            fix=f"Free some space or fix {folder}, then run the command again.",
        ) from None
    except BaseException:
        os.close(fd)
        _remove(temp)
        raise
    os.close(fd)
    return temp


def _link_to_free_name(temp: Path, folder: Path, file_name: str, step: str) -> Path:
    """Hard-link temp under the first name in folder that does not exist yet."""
    for name in unique_names(file_name):
        final = folder / name
        try:
            os.link(temp, final)
        except FileExistsError:
            continue
        except OSError as error:
            raise StorageError(
                step=step,
                reason=f"cannot create {final}: {os_error_text(error)}.",
                fix="Choose a folder on a local disk that supports hard links (ext4, APFS, …).",
            ) from None
        return final
    raise StorageError(
        step=step,
        reason=f"{folder} already holds {MAX_UNIQUE_NAMES} files named like {file_name}.",
        fix=f"Move old key files out of {folder}.",
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _fsync_dir(folder: Path) -> None:
    """Make the new directory entry durable (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def os_error_text(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
