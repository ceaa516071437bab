"""``python -m flows``: both paths, or one of the subcommands ``coverage`` and ``approve``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.errors import FlowError
from flows.cli import main, report_error


def coverage_main(argv: Sequence[str]) -> int:
    """``python -m flows coverage PAGE.md``."""
    from flows.coverage import run_coverage

    parser = argparse.ArgumentParser(
        prog="python -m flows coverage",
        description="List every image a course page references, the step that produces it, and what is "
        "missing. Exit 0 when every image has a producer, 9 otherwise.",
        epilog="example:\n  python -m flows coverage fixtures/course/access-keys.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("page", type=Path, metavar="PAGE.md", help="a Jekyll-style course page")
    args = parser.parse_args(list(argv))
    try:
        return int(run_coverage(args.page, sys.stdout))
    except FlowError as error:
        return report_error(error)


SUBCOMMANDS = {"coverage": coverage_main}


def dispatch(argv: Sequence[str]) -> int:
    """Route to a subcommand, or run both paths."""
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    return main(argv, command="all")


if __name__ == "__main__":
    sys.exit(dispatch(sys.argv[1:]))
