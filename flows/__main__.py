"""``python -m flows``: both paths, or one of the subcommands ``coverage``, ``approve``, ``install-browser``
and ``doctor``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from automation.errors import FlowError
from automation.interrupts import doing
from flows.cli import MODULE_PROGS, SCRIPT_PROGS, main, report_error, spelled_for_script


def _spelled(text: str, script: bool) -> str:
    return spelled_for_script(text) if script else text


def coverage_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows coverage PAGE.md``."""
    from flows.coverage import run_coverage

    parser = argparse.ArgumentParser(
        prog=f"{(SCRIPT_PROGS if script else MODULE_PROGS)['all']} coverage",
        description="List every image a course page references, the step that produces it, and what is "
        "missing. Exit 0 when every image has a producer, 9 otherwise.",
        epilog=_spelled("example:\n  python -m flows coverage docs/access-keys.md", script),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("page", type=Path, metavar="PAGE.md", help="a Jekyll-style course page")
    args = parser.parse_args(list(argv))
    try:
        return int(run_coverage(args.page, sys.stdout))
    except FlowError as error:
        return report_error(error)


def approve_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows approve [NAMES]``."""
    from automation.visual import approve

    parser = argparse.ArgumentParser(
        prog=f"{(SCRIPT_PROGS if script else MODULE_PROGS)['all']} approve",
        description="Accept changed images: copy the actual images of a --check report over the "
        "committed ones. No names: every image that differed.",
        epilog=_spelled(
            "examples:\n  python -m flows approve\n  python -m flows approve root-menu.png 'iam-*.png'"
            "\n  python -m flows approve --report build/visual-report",
            script,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="image names or glob patterns")
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("visual-report"),
        metavar="DIR",
        help="the report folder of the check (default: ./visual-report)",
    )
    args = parser.parse_args(list(argv))
    if not (args.report / "summary.json").is_file() and not any(args.report.glob("**/*.json")):
        print(
            f"error: no check report in {args.report}; run `python -m flows --check --out DIR` first.",
            file=sys.stderr,
        )
        return 3
    try:
        result = approve(args.names or None, args.report)
    except OSError as error:
        print(
            f"error: Step 'Approve images' failed: {error.strerror or error} ({error.filename}). Fix: check "
            "that the committed image paths in the report are files you can write, then rerun.",
            file=sys.stderr,
        )
        return 7
    for name, path in result.approved:
        print(f"approved {name} -> {path}")
    for name, why in result.skipped.items():
        print(f"skipped  {name}: {why}")
    for name in result.unknown:
        print(f"unknown  {name}: not in the report", file=sys.stderr)
    if not result.approved:
        print("nothing approved")
    return 3 if result.unknown else 0


def install_browser_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows install-browser [--with-deps]``."""
    from automation.ensure_chromium import main as ensure_main

    prog = f"{(SCRIPT_PROGS if script else MODULE_PROGS)['all']} install-browser"
    return ensure_main(argv, prog=prog, install=True)


def doctor_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows doctor``."""
    from flows.doctor import doctor_main as run

    return run(argv, script=script)


SUBCOMMANDS = {
    "coverage": coverage_main,
    "approve": approve_main,
    "install-browser": install_browser_main,
    "doctor": doctor_main,
}
#: What each subcommand does, as an interruption names it.
SUBCOMMAND_STEPS = {
    "coverage": "List the course page's images",
    "approve": "Approve images",
    "install-browser": "Install the browser",
    "doctor": "Check the console (doctor)",
}


def dispatch(argv: Sequence[str], *, script: bool = False) -> int:
    """Route to a subcommand, or run both paths; ``script``: spelled as ``aws-console-flows``."""
    if argv and argv[0] in SUBCOMMANDS:
        with doing(SUBCOMMAND_STEPS[argv[0]]):
            return SUBCOMMANDS[argv[0]](argv[1:], script=script)
    return main(argv, command="all", script=script)


def run() -> NoReturn:
    """The process of ``python -m flows``: see flows/entry.py."""
    from flows.entry import run_command

    run_command(lambda: dispatch(sys.argv[1:]))


if __name__ == "__main__":
    run()
