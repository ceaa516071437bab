"""Access keys: parse downloaded key files, keep them privately, hand them to the AWS CLI."""

from automation.keys.credentials import (
    ProfileWritten,
    default_credentials_path,
    write_profile,
)
from automation.keys.import_csv import import_copy_path, write_import_csv
from automation.keys.model import AccessKey, KeyFileFormat
from automation.keys.parse import parse_key_file
from automation.keys.storage import DEFAULT_KEY_FILE, default_keys_dir, store_key_file

__all__ = [
    "DEFAULT_KEY_FILE",
    "AccessKey",
    "KeyFileFormat",
    "ProfileWritten",
    "default_credentials_path",
    "default_keys_dir",
    "import_copy_path",
    "parse_key_file",
    "store_key_file",
    "write_import_csv",
    "write_profile",
]
