"""A file-system failure (OSError) as one clear paragraph: no space, a read-only disk, no permission."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from automation.errors import StorageError

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
#: Errors that are about the disk, not about the program: never reported as a bug.
DISK_PROBLEMS = frozenset({*_NO_SPACE, errno.EROFS})


def storage_error(step: str, error: OSError, where: Path | None = None) -> StorageError:
    """A file-system failure as one clear paragraph: no space, read-only, no permission, or other.

    ``where`` names the file or folder when the error does not (a failed write has no file name)."""
    where_text = str(error.filename or where or "the folder")
    code = error.errno
    if code in _NO_SPACE:
        reason = f"the disk holding {where_text} is full (no space left)."
        fix = (
            f"Free some space (`df -h {where_text}` shows it), or write elsewhere: --out and --keys-dir for "
            "the files, TMPDIR for temporary ones."
        )
    elif code == errno.EROFS:
        reason = f"{where_text} is on a read-only file system."
        fix = _read_only_fix(where_text)
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"you may not write {where_text} (permission denied)."
        fix = "Fix the folder's permissions, or choose one of your own with --out / --keys-dir."
    else:
        reason = f"{where_text} cannot be written ({(error.strerror or str(error)).lower()})."
        fix = "Check the disk and the folder, or choose another with --out / --keys-dir."
    return StorageError(step=step, reason=reason, fix=fix)


def _read_only_fix(where: str) -> str:
    home, place = os.path.abspath(os.path.expanduser("~")), os.path.abspath(where)
    if place == home or place.startswith(home.rstrip("/") + "/"):
        return (
            "Your home folder is read-only here (a container or CI sandbox?): give the run writable folders "
            "with --keys-dir DIR and --out DIR, and mount or choose a writable HOME."
        )
    return "Choose folders on a writable disk with --out / --keys-dir (TMPDIR for temporary files)."
