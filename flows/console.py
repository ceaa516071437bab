"""``aws-console-flows``: the console script, with the same commands as ``python -m flows …``.

``aws-console-flows`` runs both paths, ``aws-console-flows root`` / ``iam`` one of them (as
``python -m flows.root`` / ``flows.iam``), and ``coverage`` / ``approve`` are the subcommands of
``python -m flows``. Unlike ``python -m``, a console script never looks in the current folder, so a
course repository's own ``automation/`` or ``flows/`` folder cannot hide the tool.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

PATHS = ("root", "iam")


def run(argv: Sequence[str]) -> int:
    """The exit code of ``aws-console-flows ARGV``."""
    from flows.__main__ import dispatch
    from flows.cli import main as run_paths

    if argv and argv[0] in PATHS:
        return run_paths(argv[1:], command=argv[0], script=True)
    return dispatch(argv, script=True)


def main() -> None:
    """Entry point of the ``aws-console-flows`` console script (run as a process: see flows/entry.py)."""
    from flows.entry import run_command

    run_command(lambda: run(sys.argv[1:]))
