"""``python -m automation.visual``: approve reviewed images, rebuild a report, compare two files."""

from __future__ import annotations

import argparse
import sys

from automation.visual.approve import approve
from automation.visual.comparator import compare
from automation.visual.report import write_report


def _approve(args: argparse.Namespace) -> int:
    result = approve(args.names, args.report_dir, args.baseline_dir)
    for name, target in result.approved:
        print(f"approved {name} -> {target}")
    for name, reason in result.skipped.items():
        print(f"skipped {name}: {reason}")
    for name in result.unknown:
        print(f"unknown name: {name} (no check of that name in {args.report_dir})", file=sys.stderr)
    if not result.approved and not result.unknown:
        print("nothing to approve")
    return 2 if result.unknown else 0


def _report(args: argparse.Namespace) -> int:
    files = write_report(args.report_dir)
    print(f"{files.html} ({files.checks} checks, {files.failed} failed)")
    return 0 if files.passed else 1


def _compare(args: argparse.Namespace) -> int:
    result = compare(args.expected, args.actual, threshold=args.threshold, include_aa=args.include_aa)
    if args.diff:
        result.save_diff(args.diff)
    print(f"{result.diff_pixels} differing pixels of {result.total_pixels} ({result.ratio:.4%})")
    return 0 if result.diff_pixels == 0 else 1


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m automation.visual", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("approve", help="copy actual images of failed checks over their baselines")
    p.add_argument("names", nargs="*", help="image names or globs (default: every failed check)")
    p.add_argument("--report-dir", required=True, help="the report folder of the run")
    p.add_argument("--baseline-dir", help="write baselines here instead of where they were read")
    p.set_defaults(run=_approve)
    p = sub.add_parser("report", help="rebuild index.html, summary.json and junit.xml")
    p.add_argument("--report-dir", required=True)
    p.set_defaults(run=_report)
    p = sub.add_parser("compare", help="compare two images like pixelmatch")
    p.add_argument("expected")
    p.add_argument("actual")
    p.add_argument("--threshold", type=float, default=0.1)
    p.add_argument("--include-aa", action="store_true")
    p.add_argument("--diff", help="write the diff image here")
    p.set_defaults(run=_compare)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))
