"""Known problems of the machine, told as such: no X server for --headed, missing browser libraries,
no disk space, a read-only disk. Everything else unexpected stays a bug (exit 70)."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Error as PlaywrightError

from automation.errors import BrowserStartError, FlowError, StorageError
from automation.scratch import MAX_SOCKET_PATH

LAUNCH_STEP = "Launch the browser"
_NO_DISPLAY = ("Missing X server or $DISPLAY", "without having a XServer running", "cannot open display")
_MISSING_LIBRARY = re.compile(r"error while loading shared libraries: ([^\s:]+)")
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def storage_error(step: str, error: OSError) -> StorageError:
    """A file-system failure as one clear paragraph: no space, read-only, no permission, or other."""
    where = _where(error)
    code = error.errno
    if code in _NO_SPACE:
        reason = f"the disk holding {where} is full (no space left)."
        fix = (
            f"Free some space (`df -h {where}` shows it), or write elsewhere: --out and --keys-dir for the "
            "files, TMPDIR for temporary ones."
        )
    elif code == errno.EROFS:
        reason = f"{where} is on a read-only file system."
        fix = _read_only_fix(where)
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"you may not write {where} (permission denied)."
        fix = "Fix the folder's permissions, or choose one of your own with --out / --keys-dir."
    else:
        reason = f"{where} cannot be written ({(error.strerror or str(error)).lower()})."
        fix = "Check the disk and the folder, or choose another with --out / --keys-dir."
    return StorageError(step=step, reason=reason, fix=fix)


def _where(error: OSError) -> str:
    name = error.filename
    return str(name) if name else "the folder"


def _read_only_fix(where: str) -> str:
    home = os.path.expanduser("~")
    if where == home or where.startswith(home.rstrip("/") + "/"):
        return (
            "Your home folder is read-only here (a container or CI sandbox?): give the run writable folders "
            "with --keys-dir DIR and --out DIR, and mount or choose a writable HOME."
        )
    return "Choose folders on a writable disk with --out / --keys-dir (TMPDIR for temporary files)."


def browser_start_error(error: PlaywrightError, *, headed: bool) -> FlowError | None:
    """The known reasons Chromium cannot start on this machine, from its own launch log; else None."""
    text = str(error)
    if headed and any(marker in text for marker in _NO_DISPLAY):
        display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "(unset)"
        return BrowserStartError(
            step=LAUNCH_STEP,
            reason=f"--headed needs a screen, but no X server answers at DISPLAY={display} (Chromium: "
            "'Missing X server or $DISPLAY'). The variable is probably left over from another session.",
            fix="Start the desktop session (or `ssh -X`) that DISPLAY points at, run under a virtual screen "
            "(`xvfb-run python -m flows ...`), or drop --headed.",
        )
    if "Socket path too long" in text:
        return BrowserStartError(
            step=LAUNCH_STEP,
            reason="Chromium cannot start: the temporary folder's path is too long for the socket it keeps "
            f"there (at most {MAX_SOCKET_PATH} characters in all).",
            fix="Point TMPDIR at a folder with a short path, e.g. `TMPDIR=/tmp python -m flows ...`.",
        )
    missing = _MISSING_LIBRARY.search(text)
    if missing:
        return BrowserStartError(
            step=LAUNCH_STEP,
            reason=f"Chromium cannot start: the system library {missing.group(1)} it needs is not installed.",
            fix="Install the browser's libraries: `sudo apt-get install chromium` on Debian/Ubuntu brings "
            "them all, as does `python -m playwright install-deps chromium`.",
        )
    return None


@contextmanager
def launch_problems(*, headed: bool) -> Iterator[None]:
    """Turn a launch failure with a known cause (display, libraries) into its clear error."""
    try:
        yield
    except PlaywrightError as error:
        known = browser_start_error(error, headed=headed)
        if known is None:
            raise
        raise known from None


def diagnose(error: BaseException) -> FlowError | None:
    """A clear error for a known problem of the machine hidden in an unexpected exception, else None."""
    if isinstance(error, OSError) and error.errno in (*_NO_SPACE, errno.EROFS):
        return storage_error("Write a file", error)
    if isinstance(error, PlaywrightError):
        return browser_start_error(error, headed=True)
    return None

