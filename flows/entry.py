"""How every command runs as a process: its own temporary folder, signals handled, one paragraph per
failure with its exit code, never a traceback.

Used by ``python -m flows`` (and its subcommands), ``python -m flows.root``, ``python -m flows.iam``, the
``aws-console-flows`` console script and ``python -m automation.keys``. Library callers (tests, a course's
own script) call the commands' ``main`` functions instead and keep Python's usual behaviour.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

from automation.errors import ExitCode, FlowError
from automation.interrupts import handle_signals
from automation.scratch import private_tempdir
from flows.cli import exit_now, report_bug, report_error


def guarded(command: Callable[[], int]) -> int:
    """Run ``command``; a failure it raises becomes one paragraph on stderr and its exit code."""
    try:
        return command()
    except FlowError as error:
        return report_error(error)
    except Exception as error:  # a bug, or a known problem of the machine (see automation.environment)
        return report_bug(error)
    except KeyboardInterrupt:  # only where the signal handlers are not installed
        print("\nerror: interrupted (Ctrl-C).", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)


def run_command(command: Callable[[], int]) -> NoReturn:
    """Run one command as this process's whole job, then end it with the command's exit code.

    Every temporary file (the browser's too) goes to a private folder removed at the end; SIGINT, SIGTERM
    and SIGHUP stop the run cleanly at any moment (`automation.interrupts`).
    """
    try:
        with handle_signals(), private_tempdir():
            code = guarded(command)
    except FlowError as error:  # the temporary folder itself could not be made
        code = report_error(error)
    exit_now(code)
