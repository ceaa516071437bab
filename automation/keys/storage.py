"""Keep a downloaded key file where only its owner can read it."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from automation.errors import SettingError
from automation.keys.parse import parse_key_file
from automation.keys.safefs import create_new_file, ensure_private_dir

APP_NAME = "aws-console-flows"
DEFAULT_KEY_FILE = "access-keys.csv"
STEP = "Store the key file"


def default_keys_dir() -> Path:
    """The per-user data folder for key files, e.g. ~/.local/share/aws-console-flows/keys."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "keys"


def store_key_file(data: bytes, keys_dir: Path, file_name: str = DEFAULT_KEY_FILE) -> Path:
    """Validate a downloaded key file, then keep it as keys_dir/file_name; return the path.

    The content is parsed first: a malformed download raises KeyFileError and nothing is written.
    keys_dir is created 0700 (an existing one others can open is refused, never chmod-ed), the
    file is 0600 from its first instant and written atomically, and an existing file is never
    replaced: the first free name 'access-keys-2.csv', 'access-keys-3.csv', … is used instead.
    """
    check_file_name(file_name)
    parse_key_file(data, file_name)
    ensure_private_dir(keys_dir, STEP, "choose another folder with --keys-dir")
    return create_new_file(keys_dir, file_name, data, STEP)


def check_file_name(file_name: str) -> None:
    """Refuse a key file name that is not a plain name inside the keys folder."""
    if (
        not file_name.strip()
        or file_name in {".", ".."}
        or file_name != file_name.strip()
        or any(c in file_name for c in "/\\\0")
    ):
        raise SettingError(
            step=STEP,
            reason=f"the key file name {file_name!r} is not a plain file name.",
            fix="Give --key-file a name such as access-keys.csv (no folder: use --keys-dir).",
        )
