"""Known problems of the machine, told as such: no X server for --headed, missing browser libraries, a
TMPDIR too long for Chromium, no disk space, a read-only disk. Everything else unexpected stays a bug
(exit 70)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Error as PlaywrightError

from automation.errors import BrowserStartError, FlowError
from automation.oserrors import DISK_PROBLEMS, storage_error
from automation.scratch import MAX_SOCKET_PATH

LAUNCH_STEP = "Launch the browser"
_NO_DISPLAY = ("Missing X server or $DISPLAY", "without having a XServer running", "cannot open display")
_MISSING_LIBRARY = re.compile(r"error while loading shared libraries: ([^\s:]+)")


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
    if isinstance(error, OSError) and error.errno in DISK_PROBLEMS:
        return storage_error("Write a file", error)
    if isinstance(error, PlaywrightError):
        return browser_start_error(error, headed=True)
    return None

