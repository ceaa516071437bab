"""Read, check and write HAR files: clear errors for corrupt or foreign files, atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from automation.errors import RecordingError, StorageError
from automation.interrupts import critical

from .leaks import find_leaks

#: Hosts whose presence makes a HAR a console recording (suffix match).
CONSOLE_HOST_SUFFIXES = (
    "console.aws.amazon.com",
    "signin.aws.amazon.com",
    "console.amazonaws.cn",
    "signin.amazonaws.cn",
    "console.amazonaws-us-gov.com",
    "signin.amazonaws-us-gov.com",
)
#: Paths the replica serves on any host (``python -m automation.replica serve``).
REPLICA_PATH_PREFIX = "/__replica/"

_LOAD_STEP = "load recording"
_RERECORD = "Record it again with --record PATH.har, or check the path given to --target har:PATH."


def is_console_url(url: str) -> bool:
    """True for AWS console and sign-in URLs (and the replica's own paths)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    on_console = any(host == s or host.endswith("." + s) for s in CONSOLE_HOST_SUFFIXES)
    return on_console or parts.path.startswith(REPLICA_PATH_PREFIX)


def require_har(har: object, source: str = "the recording") -> list[dict[str, Any]]:
    """The entries of `har`, or RecordingError (exit 8) when it is not a well-formed HAR."""
    from .wellformed import check_wellformed

    return check_wellformed(har, source)


def load_har(path: str | Path) -> dict[str, Any]:
    """Read a console recording; RecordingError if unreadable, corrupt, empty or foreign."""
    har = read_har(path, fix_path="Check the path given to --target har:PATH.")
    source = str(path)
    entries = har["log"]["entries"]
    if not entries:
        raise RecordingError(
            step=_LOAD_STEP,
            reason=f"{source} holds no requests (log.entries is empty).",
            fix=_RERECORD,
        )
    if not any(is_console_url(entry["request"]["url"]) for entry in entries):
        first = _short_url(entries[0]["request"]["url"])
        raise RecordingError(
            step=_LOAD_STEP,
            reason=(
                f"{source} is not a recording of the AWS console: none of its {len(entries)} "
                f"requests goes to the console or sign-in pages (the first is {first})."
            ),
            fix=_RERECORD,
        )
    return har


def read_har(path: str | Path, fix_path: str = "Check the path.") -> dict[str, Any]:
    """Read any HAR file; RecordingError (exit 8) if unreadable, corrupt or malformed."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RecordingError(
            step=_LOAD_STEP, reason=f"cannot read {source}: {error.strerror or error}.", fix=fix_path
        ) from error
    if raw.startswith(b"PK\x03\x04"):
        raise RecordingError(
            step=_LOAD_STEP,
            reason=f"{source} is a zip archive; only .har JSON files with embedded content work.",
            fix="Record again with --record PATH.har (not .zip).",
        )
    try:
        har = json.loads(raw.decode("utf-8-sig"))
    except RecursionError as error:
        raise RecordingError(
            step=_LOAD_STEP,
            reason=f"{source} nests too deep to read (HAR files nest about 12 levels).",
            fix=_RERECORD,
        ) from error
    except UnicodeDecodeError as error:
        raise RecordingError(
            step=_LOAD_STEP,
            reason=f"{source} is not text (byte {error.start} is not UTF-8): the file is corrupt.",
            fix=_RERECORD,
        ) from error
    except json.JSONDecodeError as error:
        raise RecordingError(
            step=_LOAD_STEP,
            reason=(
                f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}); the file is corrupt or truncated."
            ),
            fix=_RERECORD,
        ) from error
    require_har(har, source)
    return har


def _short_url(url: str) -> str:
    """A URL fit for a message (`safe_url`: no credentials, query or fragment; secrets masked)."""
    from .safeurl import safe_url

    return safe_url(url)


def write_scrubbed_har(har: dict[str, Any], path: str | Path, known_secrets: Iterable[str] = ()) -> Path:
    """Write a scrubbed HAR atomically, or refuse (RecordingError, nothing written) if
    `find_leaks` (strict: the allow-list is checked too) still sees a secret in it."""
    path = Path(path)
    leaks = find_leaks(har, known_secrets, strict=True)
    if leaks:
        shown = "; ".join(leak.describe() for leak in leaks[:5])
        more = f" (and {len(leaks) - 5} more)" if len(leaks) > 5 else ""
        raise RecordingError(
            step="write recording",
            reason=(
                f"the scrubbed recording still holds {len(leaks)} secret-looking value(s): "
                f"{shown}{more}. Nothing was written to {path}."
            ),
            fix=(
                "Pass the value in known_secrets (or add its field name to the scrubber) and "
                "record again; never commit the raw HAR."
            ),
        )
    text = json.dumps(har, ensure_ascii=False, indent=1) + "\n"
    with critical():  # a signal meanwhile stops the run once the file is complete
        _write_atomically(path, text.encode("utf-8"))
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    step = "write recording"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise StorageError(
            step=step,
            reason=f"cannot create a file in {path.parent}: {error.strerror or error}.",
            fix="Choose a writable folder for the recording.",
        ) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise StorageError(
                step=step,
                reason=f"cannot write {path}: {error.strerror or error}.",
                fix="Check free space and permissions of the folder.",
            ) from error
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (best effort; not every filesystem allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
