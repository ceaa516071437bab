"""Write a copy of a key that `aws configure import --csv file://PATH` accepts.

The console's downloads lack the "User Name" column that command needs (aws-cli issue 7753). The
importer splits lines on every comma and does not understand quotes, so the user name (which
becomes the profile name) may not hold a comma, a quote or spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

from automation.errors import SettingError
from automation.keys.model import AccessKey
from automation.keys.safefs import create_new_file, ensure_private_dir

STEP = "Write the aws configure import copy"
IMPORT_HEADER = "User Name,Access Key ID,Secret Access Key"
IMPORT_USER_NAME_RE = re.compile(r"[A-Za-z0-9_+=.@-]{1,64}")  # IAM user-name characters, no comma


def import_csv_text(key: AccessKey, user_name: str) -> str:
    """The import file's content: the header and one row."""
    check_import_user_name(user_name)
    return f"{IMPORT_HEADER}\n{user_name},{key.access_key_id},{key.secret_access_key}\n"


def import_copy_path(key_file: Path) -> Path:
    """Where the import copy of a key file goes by default: beside it, '<stem>-import.csv'."""
    return key_file.with_name(f"{key_file.stem}-import.csv")


def write_import_csv(key: AccessKey, user_name: str, path: Path) -> Path:
    """Write the import copy at path (mode 0600, in a private folder); never overwrites.

    If path exists, the first free 'stem-N.csv' name is used; the path written is returned.
    """
    data = import_csv_text(key, user_name).encode("ascii")
    ensure_private_dir(path.parent, STEP, "write the copy to a folder only you can open")
    return create_new_file(path.parent, path.name, data, STEP)


def check_import_user_name(user_name: str) -> None:
    """Refuse a name the importer would split, quote-mangle or strip."""
    if not IMPORT_USER_NAME_RE.fullmatch(user_name):
        raise SettingError(
            step=STEP,
            reason=f"the user name {user_name!r} cannot be used: `aws configure import` needs "
            "1-64 letters, digits or _+=.@- (no commas, quotes or spaces).",
            fix="Choose a simpler name with --profile.",
        )
