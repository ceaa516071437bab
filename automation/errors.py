"""Errors with exit codes: every failure a user can meet names the step, the reason and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Distinct process exit codes, one per kind of failure."""

    OK = 0
    VISUAL_DIFFERENCE = 1  # --check / visual assertions found changed images
    USAGE = 2  # unknown option or bad command line (argparse's own code)
    BAD_SETTING = 3  # missing or invalid setting (.env, environment, option value)
    STEP_FAILED = 4  # a console step failed: UI drift, timeout, unexpected page
    REFUSED = 5  # an action was refused: two keys already, user said no, wrong password
    BAD_KEY_FILE = 6  # a downloaded or given key file is malformed
    FILESYSTEM = 7  # a folder or file could not be written safely
    BAD_RECORDING = 8  # a HAR recording is malformed, foreign, or holds secrets
    MISSING_IMAGES = 9  # a course page references images nothing produces
    SIGNED_OUT = 10  # the console signed the run out mid-flow (session expired): sign in again
    BROWSER_CANNOT_START = 11  # this machine cannot run the browser: no X server, missing libraries
    BUG = 70  # an unexpected internal error (EX_SOFTWARE): rerun with ACF_DEBUG=1 and report it
    HANGUP = 129  # 128 + SIGHUP: the terminal closed
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C
    TERMINATED = 143  # 128 + SIGTERM: stopped by kill, a CI timeout, a container stop


@dataclass
class FlowError(Exception):
    """A failure the user can act on: which step, why, and how to fix it."""

    step: str
    reason: str
    fix: str
    screenshot: Path | None = None
    trace: Path | None = None  # a scrubbed Playwright trace of the flow, when one was kept
    trace_remark: str = ""  # why no trace was kept, when tracing ran

    exit_code = ExitCode.STEP_FAILED

    def __str__(self) -> str:
        text = f"Step '{self.step}' failed: {self.reason} Fix: {self.fix}"
        if self.screenshot is not None:
            text += f" A redacted screenshot of the page is at {self.screenshot}."
        if self.trace is not None:
            text += f" A Playwright trace (secrets scrubbed) is at {self.trace} (playwright show-trace)."
        elif self.trace_remark:
            text += f" No trace: {self.trace_remark}."
        return text


class SettingError(FlowError):
    """A setting is missing or invalid; raised before any browser starts."""

    exit_code = ExitCode.BAD_SETTING


class StepError(FlowError):
    """A console step did not reach the state it waits for (UI drift, timeout, error page)."""

    exit_code = ExitCode.STEP_FAILED


class SignedOutError(FlowError):
    """The console showed its sign-in page after the run had signed in (the session expired)."""

    exit_code = ExitCode.SIGNED_OUT


class RefusedError(FlowError):
    """An action was refused: key quota reached, confirmation declined, credentials rejected."""

    exit_code = ExitCode.REFUSED


class KeyFileError(FlowError):
    """A key file is malformed or holds no valid access key."""

    exit_code = ExitCode.BAD_KEY_FILE


class StorageError(FlowError):
    """A file or folder could not be written safely."""

    exit_code = ExitCode.FILESYSTEM


class BrowserStartError(FlowError):
    """The browser cannot start on this machine: no X server for --headed, missing system libraries."""

    exit_code = ExitCode.BROWSER_CANNOT_START


class RecordingError(FlowError):
    """A HAR recording is malformed, foreign, unmatched, or would leak a secret."""

    exit_code = ExitCode.BAD_RECORDING
