"""``python -m flows``: both paths, or one of the subcommands ``coverage``, ``approve`` and ``doctor``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.errors import FlowError
from flows.cli import exit_now, main, report_error


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


def approve_main(argv: Sequence[str]) -> int:
    """``python -m flows approve [NAMES]``."""
    from automation.visual import approve

    parser = argparse.ArgumentParser(
        prog="python -m flows approve",
        description="Accept changed images: copy the actual images of a --check report over the "
        "committed ones. No names: every image that differed.",
        epilog="examples:\n  python -m flows approve\n  python -m flows approve root-menu.png 'iam-*.png'"
        "\n  python -m flows approve --report build/visual-report",
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


def doctor_main(argv: Sequence[str]) -> int:
    """``python -m flows doctor``."""
    from flows.doctor import doctor_main as run

    return run(argv)


SUBCOMMANDS = {"coverage": coverage_main, "approve": approve_main, "doctor": doctor_main}


def dispatch(argv: Sequence[str]) -> int:
    """Route to a subcommand, or run both paths."""
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    return main(argv, command="all")


if __name__ == "__main__":
    exit_now(dispatch(sys.argv[1:]))
