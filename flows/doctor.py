"""``python -m flows doctor``: a read-only preflight of both paths on a console, as one table."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from automation.errors import ExitCode, FlowError
from automation.options import RunOptions
from automation.targets import TARGET_HELP
from flows.cli import positive_seconds

DESCRIPTION = (
    "Read-only preflight: sign in, walk both paths up to (never through) the click that creates a key, "
    "check that every locator the flows use resolves to exactly one visible element and which "
    "alternative matched, take the images that come before Create, and print one table. The browser "
    "itself blocks every request that would create, delete or update an access key."
)
EXAMPLES = """examples:
  python -m flows doctor                                 # the offline replica
  python -m flows doctor --target aws --headed           # your real account (creates nothing)
  python -m flows doctor --replica-variant console-2026  # a variant of the replica
  python -m flows doctor --target har:recordings/     # a recorded session

exit codes: 0 every check passed; 4 a locator is missing or ambiguous, or a step failed (drift);
5 sign-in refused; 3 bad setting.
"""


def build_parser(*, script: bool = False) -> argparse.ArgumentParser:
    """The command line of doctor; ``script``: spelled as the console script's."""
    from automation.replica.variants import describe_variants
    from flows.cli import MODULE_PROGS, SCRIPT_PROGS, spelled_for_script

    epilog = f"{EXAMPLES}\nreplica variants (--replica-variant NAME, repeatable):\n{describe_variants()}\n"
    parser = argparse.ArgumentParser(
        prog=f"{(SCRIPT_PROGS if script else MODULE_PROGS)['all']} doctor",
        description=DESCRIPTION,
        epilog=spelled_for_script(epilog) if script else epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--target", default="replica", metavar="replica|aws|har:PATH", help=TARGET_HELP)
    parser.add_argument(
        "--replica-variant",
        action="append",
        default=[],
        metavar="NAME",
        help="a console variant (repeatable)",
    )
    parser.add_argument(
        "--replica-fault", action="append", default=[], metavar="NAME", help="a replica fault (repeatable)"
    )
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("doctor-images"),
        metavar="DIR",
        help="folder for the images taken before Create (default: ./doctor-images)",
    )
    parser.add_argument("--keys-dir", type=Path, metavar="DIR", help="folder of saved sessions (as for runs)")
    parser.add_argument("--env-file", type=Path, metavar="PATH", help="settings file (as for runs)")
    parser.add_argument(
        "--user", metavar="NAME", help="the IAM user whose page is checked (default: yourself)"
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long one step may wait (default: 30)",
    )
    return parser


def doctor_main(argv: Sequence[str], *, script: bool = False) -> int:
    """Run doctor; print its table on stdout; return the exit code."""
    from automation.doctor.run import run_doctor
    from automation.redaction import Redactor
    from flows.cli import flows_for, report_bug, report_error

    args = build_parser(script=script).parse_args(list(argv))
    try:
        options = RunOptions(
            target=args.target,
            out_dir=args.out,
            keys_dir=args.keys_dir,
            env_file=args.env_file,
            headed=args.headed,
            replica_faults=frozenset(args.replica_fault),
            replica_variants=frozenset(args.replica_variant),
            user=args.user,
            parallel=False,
            step_timeout_ms=int(args.timeout * 1000),
        )
        outcome = run_doctor(flows_for("all"), options)
    except FlowError as error:
        return report_error(error)
    except Exception as error:  # a bug: one paragraph, never a secret
        return report_bug(error)
    redactor = Redactor(outcome.prepared.settings.secrets())
    print(outcome.report.render(redactor))
    if outcome.summary.images:
        print(f"\nImages taken before Create ({len(outcome.summary.images)}):")
        print("\n".join(f"  {path}" for path in outcome.summary.images))
    if outcome.errors:
        return int(outcome.errors[0].exit_code)
    return int(ExitCode.STEP_FAILED) if outcome.report.problems else int(ExitCode.OK)
