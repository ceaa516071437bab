"""Signals while ``python -m flows…`` is still loading its modules (a second or more on a busy machine).

Until the run installs its own handlers (`automation.interrupts.handle_signals`), Ctrl-C would raise
KeyboardInterrupt in the middle of an import and print a traceback. Nothing has been written yet, so the
process simply ends with one line and the signal's exit code. The same handlers are back for the last
instants after the run, when everything is written.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

_NAMES = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP"}


def _leave(signum: int, _frame: FrameType | None) -> None:
    how = _NAMES.get(signum, f"signal {signum}")
    os.write(
        2,
        f"\nerror: interrupted by {how} outside a run (while loading or ending); no file was being "
        "written.\n".encode(),
    )
    os._exit(128 + signum)


def quiet_while_loading() -> None:
    """End the process with one line on SIGINT, SIGTERM or SIGHUP (until the run's handlers take over)."""
    for number in _NAMES:
        signal.signal(number, _leave)
