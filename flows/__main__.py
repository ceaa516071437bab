"""``python -m flows``: both paths, or a subcommand (``coverage``, ``approve``, ``install-browser``,
``compare-published``, ``doctor``)."""

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
        description="List every image a course page shows as Jekyll renders it, the step that produces "
        "it, and what is missing; then check the UI labels its text quotes against the console edition "
        "(matches, differs in case, renamed, gone). Exit 0 when every image has a producer, 9 otherwise, "
        "3 when Jekyll would refuse the page (the message names the line).",
        epilog=_spelled(
            "examples:\n  python -m flows coverage docs/access-keys.md"
            "\n  python -m flows coverage --renderer builtin docs/access-keys.md   # no Jekyll needed"
            "\n  python -m flows coverage --edition classic --suggest docs/access-keys.md"
            "\n  python -m flows coverage --fix docs/access-keys.md   # today's labels, backup kept",
            script,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("page", type=Path, metavar="PAGE.md", help="a Jekyll course page")
    parser.add_argument(
        "--renderer",
        choices=["auto", "jekyll", "builtin"],
        default="auto",
        help="who renders the page: jekyll (Jekyll itself), builtin (python-liquid and kramdown's "
        "rules, no Jekyll needed), auto (default: jekyll when installed)",
    )
    parser.add_argument(
        "--edition",
        choices=["current", "classic"],
        default="current",
        help="the console edition whose labels the page's text is checked against and whose image "
        "settings apply (default: current)",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--suggest",
        action="store_true",
        help="print a unified diff of the page with the edition's labels and updated alt texts",
    )
    action.add_argument(
        "--fix",
        action="store_true",
        help="write those changes into the page (atomically; the old page is kept as PAGE.md.bak)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="image configuration (default: the one a run with --page PAGE.md reads), which decides "
        "each image's format and so its file name",
    )
    args = parser.parse_args(list(argv))
    labels = "fix" if args.fix else "suggest" if args.suggest else "check"
    try:
        from flows.image_options import plan_from

        plan = plan_from(_no_image_options(args), args.edition, args.page.parent)
        return int(
            run_coverage(
                args.page, sys.stdout, plan, renderer=args.renderer, edition=args.edition, labels=labels
            )
        )
    except FlowError as error:
        return report_error(error)


def _no_image_options(args: argparse.Namespace) -> argparse.Namespace:
    """Coverage reads the configuration file only: no image option overrides it."""
    names = ("viewport", "scale", "theme", "format", "quality", "crop", "padding", "highlight")
    return argparse.Namespace(config=args.config, **dict.fromkeys(names))


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


def compare_published_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows compare-published DIR``: the published images beside the regenerated ones."""
    from flows.compare_published import compare_published_main as run

    prog = f"{(SCRIPT_PROGS if script else MODULE_PROGS)['all']} compare-published"
    return run(argv, prog=prog, spell=spelled_for_script if script else None)


def doctor_main(argv: Sequence[str], *, script: bool = False) -> int:
    """``python -m flows doctor``."""
    from flows.doctor import doctor_main as run

    return run(argv, script=script)


SUBCOMMANDS = {
    "coverage": coverage_main,
    "approve": approve_main,
    "install-browser": install_browser_main,
    "compare-published": compare_published_main,
    "doctor": doctor_main,
}
#: What each subcommand does, as an interruption names it.
SUBCOMMAND_STEPS = {
    "coverage": "List the course page's images",
    "approve": "Approve images",
    "install-browser": "Install the browser",
    "compare-published": "Compare with the published images",
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
