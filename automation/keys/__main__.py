"""``python -m automation.keys check FILE...``: is a downloaded key file whole and valid?

Exit 0 when every file holds one valid access key (shown masked to its last four), 6 for a malformed
file, 7 when a file cannot be read. The secret is never printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.errors import ExitCode, KeyFileError, StorageError
from automation.keys.parse import MAX_KEY_FILE_BYTES, STEP, parse_key_file
from automation.safety import mask_key_id


def check_file(path: Path) -> str:
    """One line about a valid key file; KeyFileError or StorageError otherwise."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)  # a huge file is refused without reading it all
    except OSError as exc:
        raise StorageError(
            step=STEP,
            reason=f"{path} cannot be read ({exc.strerror or exc}).",
            fix="Check the path and that you may read the file.",
        ) from None
    key = parse_key_file(data, path.name)
    return f"{path}: a valid key file ({key.format.value}) for access key {mask_key_id(key.access_key_id)}"


def main(argv: Sequence[str]) -> int:
    """Check each file; the exit code of the first failure, else 0."""
    parser = argparse.ArgumentParser(
        prog="python -m automation.keys",
        description="Check downloaded access key files (never prints the secret).",
        epilog="example:\n  python -m automation.keys check ~/.local/share/aws-console-flows/access-keys.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check that key files are whole and valid")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    args = parser.parse_args(list(argv))
    code = ExitCode.OK
    for path in args.files:
        try:
            print(check_file(path))
        except (KeyFileError, StorageError) as error:
            print(f"\nerror: {error}", file=sys.stderr)
            code = code or error.exit_code
    return int(code)


if __name__ == "__main__":
    from flows.entry import run_command

    run_command(lambda: main(sys.argv[1:]))
