"""Command line of ``python -m flows``, ``python -m flows.root`` and ``python -m flows.iam``."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from automation.errors import ExitCode, FlowError, SettingError
from automation.interrupts import doing
from automation.options import DEFAULT_USE_CASE, USE_CASES, RunOptions
from automation.runner import FlowSpec, run_flows
from automation.targets import TARGET_HELP
from automation.visual.tolerance import Tolerance
from flows.image_options import add_image_options, plan_from

EXAMPLES = {
    "root": """examples:
  python -m flows.root                          # offline replica, images in ./images
  python -m flows.root --out docs/images --highlight
  python -m flows.root --scale 2 --theme dark     # retina images of the console in dark mode
  python -m flows.root --crop subject --highlight badge --format webp --quality 85
  python -m flows.root --replica-fault two-keys # see the two-keys error
  python -m flows.root --replica-variant console-2024   # the console the old page objects knew
  python -m flows.root --target aws --headed    # the real console (asks before creating a key)
""",
    "iam": """examples:
  python -m flows.iam                           # offline replica, images in ./images
  python -m flows.iam --user course-author --use-case cli
  python -m flows.iam --target aws --env-file ~/.config/acf.env
""",
    "all": """examples:
  python -m flows                               # both paths, all nine images, in parallel
  python -m flows --page docs/access-keys.md    # exactly the images your course page uses
  python -m flows --check --out course/images   # compare against committed images (CI)
  python -m flows --check --out course/images --update-snapshots all   # remake them with this browser
  python -m flows --scale 2 --format webp       # 2x WebP images (or set them in pyproject.toml)
  python -m flows coverage docs/access-keys.md  # which images the page uses, who makes each
  python -m flows approve root-menu.png         # accept a changed image as the new baseline
  python -m flows doctor --target aws           # read-only preflight of both paths (creates nothing)
""",
}

DESCRIPTIONS = {
    "root": "Root path: account menu → Security credentials → Access keys → Create access key → download.",
    "iam": "IAM path: Services → IAM → Users → user → Security credentials → Create access key → download.",
    "all": "Both tutorial paths, all nine images, one summary. Subcommands: `coverage PAGE.md` (which "
    "images a course page uses and who makes them), `approve [NAMES]` (accept changed images), "
    "`install-browser [--with-deps]` (make sure a Chromium exists; print its build), "
    "`compare-published DIR` (the tutorial's published images beside the regenerated ones) and `doctor` "
    "(a read-only preflight of both paths; see `doctor --help`).",
}


def positive_seconds(text: str) -> float:
    """argparse type for --timeout: a finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: use a number of seconds above 0, e.g. 30")
    return value


def add_shared_options(parser: argparse.ArgumentParser) -> None:
    """The options every run command accepts."""
    where = parser.add_argument_group("where the console is")
    where.add_argument("--target", default="replica", metavar="replica|aws|har:PATH", help=TARGET_HELP)
    where.add_argument(
        "--edition",
        default="current",
        choices=["current", "classic"],
        help="console edition: current (2025-26, default) or classic (tutorial era)",
    )
    where.add_argument(
        "--replica-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="make the replica misbehave on purpose (repeatable); the names are listed below",
    )
    where.add_argument(
        "--replica-variant",
        action="append",
        default=[],
        metavar="NAME",
        help="serve another plausible form of today's console (repeatable); the names are listed below",
    )
    where.add_argument("--headed", action="store_true", help="show the browser window")
    where.add_argument(
        "--record",
        metavar="PATH.har",
        help="record the session to a scrubbed HAR file (a folder ending in /: one file per path)",
    )
    out = parser.add_argument_group("outputs")
    out.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the images (default: ./images; with --page, the page's own image folder)",
    )
    out.add_argument(
        "--keys-dir",
        type=Path,
        metavar="DIR",
        help="folder for key files (default: a per-user data folder, mode 0700); refused inside a git work "
        "tree unless git ignores it",
    )
    out.add_argument(
        "--key-file",
        default="access-keys.csv",
        metavar="NAME",
        help="key file name (default: access-keys.csv); never overwritten",
    )
    out.add_argument(
        "--trace",
        action="store_true",
        help="keep each path's Playwright trace (secrets scrubbed), with DOM snapshots, in acf-traces/ "
        "beside OUT; a failed path always keeps its trace and screenshot in acf-failures/ beside OUT "
        "(with DOM snapshots only under --trace)",
    )
    out.add_argument(
        "--page",
        type=Path,
        metavar="PAGE.md",
        help="regenerate exactly the images this course page uses, into its image folder",
    )
    settings = parser.add_argument_group("settings and safety")
    settings.add_argument(
        "--env-file",
        type=Path,
        metavar="PATH",
        help="settings file (default: ./.env for --target aws; offline, the replica's own credentials)",
    )
    settings.add_argument(
        "--yes", action="store_true", help="confirm creating (or deleting) a real key in advance"
    )
    settings.add_argument(
        "--delete-key",
        metavar="ID",
        help="first delete this key (full id, or its last four as errors list them) through "
        "the console's Delete dialog",
    )
    settings.add_argument(
        "--cleanup",
        action="store_true",
        help="screenshots only: never download the new key's secret, delete the key at the end",
    )
    key = parser.add_argument_group("using the key")
    key.add_argument(
        "--verify",
        action="store_true",
        help="call STS GetCallerIdentity with the new key and print the caller ARN",
    )
    key.add_argument(
        "--profile",
        metavar="NAME",
        help="write the key to ~/.aws/credentials as [NAME] (NAME-root/NAME-iam for both paths) "
        "and an `aws configure import` copy beside the key file",
    )
    key.add_argument("--force", action="store_true", help="with --profile: replace an existing profile")
    settings.add_argument(
        "--timeout",
        type=positive_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long one step may wait for the console (default: 30)",
    )


def add_check_options(parser: argparse.ArgumentParser) -> None:
    """``--check`` and its tolerances (the same names as the pytest plugin's)."""
    check = parser.add_argument_group("visual check (CI)")
    check.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and compare with the images in --out "
        "(which is left untouched); exit 1 with a report when one differs",
    )
    check.add_argument(
        "--update-snapshots",
        choices=["none", "changed", "all"],
        default="none",
        help="with --check, rewrite committed images in --out: all (every one not byte-identical, e.g. "
        "made by another browser: see 'renderer' notes), changed (beyond the tolerance), none (default)",
    )
    check.add_argument(
        "--report",
        type=Path,
        default=Path("visual-report"),
        metavar="DIR",
        help="where --check writes index.html, summary.json, junit.xml (default: ./visual-report)",
    )
    check.add_argument(
        "--threshold",
        type=float,
        default=0.2,
        metavar="0..1",
        help="per-pixel colour threshold, as pixelmatch/Playwright (default: 0.2)",
    )
    check.add_argument(
        "--max-diff-pixels", type=int, metavar="N", help="differing pixels allowed per image (default: 0)"
    )
    check.add_argument(
        "--max-diff-pixel-ratio",
        type=float,
        metavar="0..1",
        help="share of differing pixels allowed per image; with --max-diff-pixels the stricter wins",
    )


def add_iam_options(parser: argparse.ArgumentParser) -> None:
    """Options of the IAM path."""
    iam = parser.add_argument_group("IAM path")
    iam.add_argument("--user", metavar="NAME", help="the IAM user whose key is created (default: yourself)")
    iam.add_argument(
        "--use-case",
        default=DEFAULT_USE_CASE,
        choices=sorted(USE_CASES),
        help=f"the wizard's use case (default: {DEFAULT_USE_CASE})",
    )
    iam.add_argument("--description", default="", metavar="TEXT", help="the optional description tag")


MODULE_PROGS = {"root": "python -m flows.root", "iam": "python -m flows.iam", "all": "python -m flows"}
SCRIPT = "aws-console-flows"
SCRIPT_PROGS = {"root": f"{SCRIPT} root", "iam": f"{SCRIPT} iam", "all": SCRIPT}
SCRIPT_PATHS = f" One path: `{SCRIPT} root` or `{SCRIPT} iam` (each with --help)."


def spelled_for_script(text: str) -> str:
    """Help text with ``python -m flows…`` commands spelled as the console script's."""
    for command in ("root", "iam", "all"):
        text = text.replace(MODULE_PROGS[command], SCRIPT_PROGS[command])
    return text


def build_parser(command: str, *, script: bool = False) -> argparse.ArgumentParser:
    """The parser for ``root``, ``iam`` or ``all``; ``script``: as ``aws-console-flows [root|iam]``."""
    from automation.replica.faults import describe_faults
    from automation.replica.variants import describe_variants

    faults = (
        f"\nreplica faults (--replica-fault NAME, repeatable):\n{describe_faults()}\n"
        f"\nreplica variants (--replica-variant NAME, repeatable; see README 'Console drift'):\n"
        f"{describe_variants()}\n"
    )
    epilog = EXAMPLES[command] + faults
    parser = argparse.ArgumentParser(
        prog=(SCRIPT_PROGS if script else MODULE_PROGS)[command],
        description=DESCRIPTIONS[command] + (SCRIPT_PATHS if script and command == "all" else ""),
        epilog=spelled_for_script(epilog) if script else epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_shared_options(parser)
    add_image_options(parser)
    add_check_options(parser)
    if command in ("iam", "all"):
        add_iam_options(parser)
    if command == "all":
        parser.add_argument("--sequential", action="store_true", help="run the two paths one after the other")
    return parser


def options_from(args: argparse.Namespace) -> RunOptions:
    """RunOptions from parsed arguments."""
    return RunOptions(
        target=args.target,
        edition=args.edition,
        out_dir=args.out or Path("images"),
        keys_dir=args.keys_dir,
        key_file=args.key_file,
        env_file=args.env_file,
        headed=args.headed,
        record=recording_target(args.record),
        replica_faults=frozenset(args.replica_fault),
        replica_variants=frozenset(args.replica_variant),
        yes=args.yes,
        verify=args.verify,
        delete_key=args.delete_key.strip().upper() if args.delete_key is not None else None,
        cleanup=args.cleanup,
        profile=args.profile,
        force=args.force,
        user=getattr(args, "user", None),
        use_case=getattr(args, "use_case", DEFAULT_USE_CASE),
        description=getattr(args, "description", ""),
        parallel=not getattr(args, "sequential", False),
        step_timeout_ms=int(args.timeout * 1000),
        trace=args.trace,
    )


def flows_for(command: str, images: frozenset[str] | None = None) -> list[FlowSpec]:
    """The flows a command runs; with ``images`` only those that produce one of them."""
    from flows.catalog import ALL_IMAGES
    from flows.iam import iam_flow
    from flows.root import root_flow

    root, iam = FlowSpec("root", root_flow), FlowSpec("iam", iam_flow)
    chosen = {"root": [root], "iam": [iam], "all": [root, iam]}[command]
    if images is None:
        return chosen
    producing = {item.flow for item in ALL_IMAGES if item.image in images}
    return [flow for flow in chosen if flow.name in producing]


def recording_target(text: str | None) -> Path | None:
    """--record's path; one ending in / is a folder (created), holding one recording per path."""
    if text is None:
        return None
    path = Path(text)
    if text.endswith("/"):
        path.mkdir(parents=True, exist_ok=True)
    return path


def narrow_to_page(options: RunOptions, page: Path) -> RunOptions:
    """``--page``: write exactly the images the course page uses, into the page's image folder."""
    from flows.coverage import images_for_page

    folder, names = images_for_page(page, options.imaging)
    return replace(options, out_dir=folder, images=frozenset(names))


def tolerance_from(args: argparse.Namespace) -> Tolerance:
    """The --check tolerance; a bad value is a setting error naming the option."""
    try:
        return Tolerance(args.threshold, args.max_diff_pixels, args.max_diff_pixel_ratio)
    except ValueError as error:
        raise SettingError(step="Read options", reason=str(error), fix="Fix the tolerance options.") from None


def report_bug(error: Exception) -> int:
    """An unexpected failure: a known problem of the machine gets its own paragraph and code; anything
    else is a bug: one paragraph, exit 70 (the redacted traceback only with ACF_DEBUG=1)."""
    from automation.environment import diagnose
    from automation.redaction import Redactor

    known = diagnose(error)
    if known is not None:
        return report_error(known)
    if os.environ.get("ACF_DEBUG") == "1":
        import traceback

        print(Redactor().redact_text("".join(traceback.format_exception(error))), file=sys.stderr)
    text = Redactor().redact_text(" ".join(str(error).split())[:400])
    print(
        f"\nerror: unexpected {type(error).__name__}: {text}. This is a bug in aws-console-flows: rerun with "
        "ACF_DEBUG=1 to see the details (secrets masked) and report them, with the command you ran, to the "
        "project's issue tracker.",
        file=sys.stderr,
    )
    return int(ExitCode.BUG)


def report_error(error: FlowError) -> int:
    """Print a failure as one paragraph and return its exit code."""
    from automation.redaction import Redactor

    print(f"\nerror: {Redactor().redact_text(str(error))}", file=sys.stderr)
    return int(error.exit_code)


def exit_now(code: int) -> NoReturn:
    """End the process with ``code``: exit-time clean-ups and output first, then skip interpreter teardown.

    A run has closed its browser and written every file (atomically) by the time it returns; what is
    left is freeing Playwright's and the project's module graph, about 0.2 s (mypy ends the same way).
    The ``atexit`` callbacks still run: the HAR recorder removes its raw, unscrubbed recording there as a
    last resort. Only for the ``python -m`` entry points, never inside a caller.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str], command: str = "all", *, script: bool = False) -> int:
    """Run ``root``, ``iam`` or ``all`` with the given arguments; returns the exit code."""
    args = build_parser(command, script=script).parse_args(list(argv))
    try:
        options = options_from(args)
        start = args.page.parent if args.page is not None else Path.cwd()
        options = replace(options, imaging=plan_from(args, options.edition, start))
        if args.page is not None:
            if args.out is not None:
                raise SettingError(
                    step="Read options",
                    reason="--page writes into the course page's own image folder, so --out has no effect.",
                    fix="Drop --out (or drop --page and pick the images yourself).",
                )
            options = narrow_to_page(options, args.page)
        flows = flows_for(command, options.images)
        if not flows:
            print(f"{args.page} uses no image of this path; nothing to do.", file=sys.stderr)
            return int(ExitCode.OK)
        if args.check:
            from flows.check import run_check

            return run_check(flows, options, args.report, tolerance_from(args), update=args.update_snapshots)
        if args.update_snapshots != "none":
            raise SettingError(
                step="Read options",
                reason="--update-snapshots rewrites committed images that --check compares.",
                fix="Add --check (with --out DIR, the folder of committed images).",
            )
        summary = run_flows(flows, options)
    except FlowError as error:
        return report_error(error)
    except Exception as error:  # a bug: still one paragraph, never a secret
        return report_bug(error)
    # (Signals are handled by the entry point: see flows/entry.py and automation/interrupts.py.)
    with doing("Print the summary"):
        print(summary.render())
    return int(ExitCode.OK)
