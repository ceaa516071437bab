"""Ctrl-C, SIGTERM and SIGHUP at any moment: one line naming the step, exit 128+N, nothing left behind.

A signal never unwinds the run. An exception thrown into Playwright's greenlets and event loop at an
arbitrary point gives tracebacks and misleading "UI drift" errors, and the browser, killed by its driver,
leaves its temporary files. The handler stops the run from outside instead, and never returns:

1. a file write in progress (`critical`) is completed first, so no image, key file, trace, recording or
   report is left half-written (each is written under a temporary name and renamed);
2. the browser and Playwright's driver are killed with their whole process trees (`ProcessTrees`);
3. the run's private temporary folder (`remove_on_stop`, see `automation.scratch`) is removed: it holds
   every temporary file of the browser, the driver, traces and recordings;
4. one line says which step of which path was running, and names a key created but not stored;
5. exit-time clean-ups run, and the process ends with 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP).

A second signal while this runs is noted and changes nothing: the stop is already under way and takes
well under a second once the write in progress is complete.

Only the command-line entry points install the handlers (`handle_signals`); a library caller keeps
Python's own KeyboardInterrupt. The rest of the code only reports what it is doing (`watch`, `doing`),
marks its file writes (`critical`), and registers last words (`on_stop`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, Protocol

from automation.errors import ExitCode
from automation.processes import ProcessTrees

#: The signals handled, with their exit code and how the message names them.
SIGNALS: dict[int, tuple[ExitCode, str]] = {
    signal.SIGINT: (ExitCode.INTERRUPTED, "Ctrl-C (SIGINT)"),
    signal.SIGTERM: (ExitCode.TERMINATED, "SIGTERM"),
    signal.SIGHUP: (ExitCode.HANGUP, "SIGHUP (the terminal closed)"),
}
START = "Read the command line"


class Watched(Protocol):
    """A path of the run (a `FlowRun`): its name, the step it is at, a key it made but did not keep."""

    name: str

    def current_step(self) -> str:
        """The title of the step running now."""
        ...

    def unstored_key(self) -> str | None:
        """A sentence naming a key this path created and did not store, or None."""
        ...


@dataclass
class _Stopper:
    """What a stop needs to know; one per process (signals are process-wide)."""

    folders: list[Path] = field(default_factory=list)  # removed by a stop
    activity: str = START
    watched: list[Watched] = field(default_factory=list)
    hooks: list[Callable[[], None]] = field(default_factory=list)
    processes: ProcessTrees = field(default_factory=ProcessTrees)
    installed: bool = False
    signum: int | None = None  # the first signal received
    depth: int = 0  # critical sections open now
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """The handler: stop now, or once the file being written is complete."""
        if self.signum is not None:  # a second signal: the stop is already under way
            return
        self.signum = signum
        if self.depth == 0:
            self.stop()

    def leave_critical(self) -> None:
        with self.lock:
            self.depth -= 1
            due = self.depth == 0 and self.signum is not None and self.installed
        if due:
            self.stop()

    def stop(self) -> NoReturn:
        """Kill the browser, remove the temporary folder, say where the run stopped, and exit."""
        code, how = SIGNALS.get(self.signum or signal.SIGINT, SIGNALS[signal.SIGINT])
        for hook in list(self.hooks):
            with suppress(Exception):
                hook()
        killed = self.processes.kill()
        for folder in list(self.folders):
            shutil.rmtree(folder, ignore_errors=True)
        message = self.message(how, browser=killed.count > 0)  # the run's objects are all still there
        if killed.survivors:
            message += f" Processes {', '.join(map(str, killed.survivors))} did not end when killed."
        _write_stderr(f"\nerror: {message}\n")
        with suppress(Exception):
            atexit._run_exitfuncs()
        os._exit(int(code))

    def message(self, how: str, *, browser: bool) -> str:
        """One line: the signal, the step of each path that was running, any key not stored."""
        runs = list(self.watched)
        if runs:
            where = " and ".join(f"step '{_safe(run.current_step)}' of the {run.name} path" for run in runs)
        else:
            where = f"step '{self.activity}'"
        closed = "The browser was closed and the run's" if browser else "The run's"
        text = (
            f"interrupted by {how} during {where}; the run stopped there. {closed} temporary files were "
            "removed; no file was left half-written."
        )
        remarks = [remark for run in runs if (remark := _safe(run.unstored_key))]
        return " ".join([text, *remarks])


def _safe(read: Callable[[], Any]) -> str:
    """A value read from a run in the middle of anything: never let the stop fail on it."""
    try:
        return str(read() or "")
    except Exception:
        return ""


def _write_stderr(text: str) -> None:
    """Write past Python's buffered stderr: the signal may have interrupted a print to it."""
    with suppress(Exception):
        sys.stderr.flush()
    with suppress(OSError):
        os.write(2, text.encode("utf-8", "replace"))


_STOPPER = _Stopper()


@contextmanager
def handle_signals() -> Iterator[None]:
    """Stop the run cleanly on SIGINT, SIGTERM or SIGHUP while the block runs (entry points only)."""
    stopper = _STOPPER
    previous = {number: signal.signal(number, stopper.on_signal) for number in SIGNALS}
    stopper.installed = True
    try:
        yield
    finally:
        stopper.installed = False
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def critical() -> Iterator[None]:
    """A file write that must complete: a signal meanwhile stops the run right after it."""
    stopper = _STOPPER
    with stopper.lock:
        stopper.depth += 1
    try:
        yield
    finally:
        stopper.leave_critical()


@contextmanager
def doing(activity: str) -> Iterator[None]:
    """Name what the run does outside the paths' steps (launching the browser, writing the report)."""
    stopper = _STOPPER
    previous, stopper.activity = stopper.activity, activity
    try:
        yield
    finally:
        stopper.activity = previous


@contextmanager
def watching(run: Watched) -> Iterator[None]:
    """Name ``run``'s step and unstored key in the message of a stop while the block runs."""
    _STOPPER.watched.append(run)
    try:
        yield
    finally:
        with suppress(ValueError):
            _STOPPER.watched.remove(run)


def on_stop(hook: Callable[[], None]) -> Callable[[], None]:
    """Run ``hook`` (best effort) when a signal stops the run; returns a function that unregisters it."""
    _STOPPER.hooks.append(hook)

    def unregister() -> None:
        with suppress(ValueError):
            _STOPPER.hooks.remove(hook)

    return unregister


def remove_on_stop(folder: Path) -> Callable[[], None]:
    """Delete ``folder`` when a signal stops the run; returns a function that forgets it again."""
    _STOPPER.folders.append(folder)

    def forget() -> None:
        with suppress(ValueError):
            _STOPPER.folders.remove(folder)

    return forget


def remember_processes() -> None:
    """Note the browser's processes now, so a stop kills them even after their driver has died."""
    _STOPPER.processes.remember()
