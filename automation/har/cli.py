"""``python -m automation.har scrub IN.har OUT.har`` and ``python -m automation.har check FILE.har``: the
sanitiser for HAR files made anywhere (a browser export to attach to a bug report, a recording).

``scrub`` writes OUT only when the scrubbed copy passes the strict leak check (exit 0; 8 with what was
found where, nothing written). ``check`` says whether a file holds anything secret-looking (exit 0
clean, 8 with each finding's kind and place). Values are never printed; URLs only as ``safe_url``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.errors import ExitCode, FlowError, RecordingError, SettingError

from .entries import scrub_har
from .harfile import read_har, write_scrubbed_har
from .leaks import find_leaks

EPILOG = """examples:
  python -m automation.har scrub ~/Downloads/console.har console-scrubbed.har
  python -m automation.har scrub export.har shared.har --secrets-file my-secrets.txt
  python -m automation.har check shared.har           # exit 0: nothing secret-looking found
  python -m automation.har check recordings/root.har --strict

What scrub keeps: headers and query parameters by name from an allow-list (others get <value-N>),
request bodies in the canonical form replay matches on, static assets (fonts, images, scripts and
style sheets by file name), and every other body decoded and scrubbed field by field. A body that
cannot be decoded with certainty is replaced by <body dropped: REASON> and listed.
"""
_SECRETS_HELP = (
    "a file of values to remove wherever they appear, one per line (your password, account id, "
    "email...): found in every encoding. Never put secrets on the command line."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m automation.har",
        description="Scrub secrets out of HAR files, or check a HAR for them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    scrub = sub.add_parser(
        "scrub",
        help="write a scrubbed copy of a HAR file",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scrub.add_argument("source", type=Path, metavar="IN.har")
    scrub.add_argument("target", type=Path, metavar="OUT.har")
    scrub.add_argument("--secrets-file", type=Path, metavar="FILE", help=_SECRETS_HELP)
    check = sub.add_parser(
        "check",
        help="say whether a HAR file holds anything secret-looking",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("source", type=Path, metavar="FILE.har")
    check.add_argument("--secrets-file", type=Path, metavar="FILE", help=_SECRETS_HELP)
    check.add_argument(
        "--strict",
        action="store_true",
        help="also report header and query values outside the allow-list (what scrub writes passes)",
    )
    return parser


def read_secrets(path: Path | None) -> list[str]:
    """The non-empty lines of a secrets file (SettingError, exit 3, when it cannot be read)."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise SettingError(
            step="read --secrets-file",
            reason=f"{path} cannot be read ({reason}).",
            fix="Give a UTF-8 text file with one value per line.",
        ) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def scrub_file(source: Path, target: Path, secrets: list[str]) -> str:
    """Scrub `source` into `target`; the summary lines to print."""
    har = read_har(source, fix_path="Check the path of IN.har.")
    result = scrub_har(har, secrets)
    existed = target.exists() and target.resolve() != source.resolve()
    write_scrubbed_har(result.har, target, secrets)
    lines = [
        f"wrote {target}{' (replacing the file that was there)' if existed else ''}: "
        f"{len(result.har['log']['entries'])} request(s), {result.summary()}"
    ]
    lines += [f"  {note}" for note in result.notes[:20]]
    if len(result.notes) > 20:
        lines.append(f"  … and {len(result.notes) - 20} more dropped bodies")
    return "\n".join(lines)


def check_file(source: Path, secrets: list[str], strict: bool) -> list[str]:
    """Each secret-looking value in `source`, by kind and place (empty: clean)."""
    har = read_har(source, fix_path="Check the path of FILE.har.")
    return [leak.describe() for leak in find_leaks(har, secrets, strict=strict)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit code."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        secrets = read_secrets(args.secrets_file)
        if args.command == "scrub":
            print(scrub_file(args.source, args.target, secrets))
            return int(ExitCode.OK)
        findings = check_file(args.source, secrets, args.strict)
    except FlowError as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return int(error.exit_code)
    except Exception as error:  # a bug: one paragraph, never a traceback (ACF_DEBUG=1 shows it)
        return _report_bug(error)
    if findings:
        shown = "\n".join(f"  {finding}" for finding in findings[:50])
        more = f"\n  … and {len(findings) - 50} more" if len(findings) > 50 else ""
        error = RecordingError(
            step="check recording",
            reason=f"{args.source} holds {len(findings)} secret-looking value(s):\n{shown}{more}\n",
            fix=f"Scrub it first: python -m automation.har scrub {args.source} SCRUBBED.har",
        )
        print(f"\nerror: {error}", file=sys.stderr)
        return int(error.exit_code)
    print(f"{args.source}: nothing secret-looking found{' (strict)' if args.strict else ''}")
    return int(ExitCode.OK)


def _report_bug(error: Exception) -> int:
    if os.environ.get("ACF_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    print(
        f"\nerror: unexpected {type(error).__name__} (details withheld: they may quote the file). "
        "This is a bug in aws-console-flows; rerun with ACF_DEBUG=1 for the details and report them.",
        file=sys.stderr,
    )
    return 70
