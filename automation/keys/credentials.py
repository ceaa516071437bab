"""Write an access key to the AWS shared credentials file as a named profile."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from automation.errors import RefusedError, SettingError, StorageError
from automation.keys.ini_text import find_sections, put_section
from automation.keys.model import AccessKey
from automation.keys.safefs import PRIVATE_DIR_MODE, os_error_text, private_umask, replace_file

STEP = "Write the AWS credentials profile"
PROFILE_NAME_RE = re.compile(r"[A-Za-z0-9_+=,.@-]+")


@dataclass(frozen=True)
class ProfileWritten:
    """Where a profile was written, and whether it replaced one of the same name."""

    path: Path
    profile: str
    replaced: bool


def default_credentials_path() -> Path:
    """$AWS_SHARED_CREDENTIALS_FILE when set, else ~/.aws/credentials (as the AWS CLI and SDKs)."""
    configured = os.environ.get("AWS_SHARED_CREDENTIALS_FILE")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".aws" / "credentials"


def write_profile(
    key: AccessKey,
    profile: str,
    credentials_path: Path | None = None,
    force: bool = False,
) -> ProfileWritten:
    """Add (or with force replace) [profile] in the credentials file; every other byte is kept.

    The file is rewritten atomically with mode 0600. A symlinked credentials file stays a symlink:
    its target is written. A replaced profile loses all its old lines (a stale aws_session_token
    would otherwise break the new key).
    """
    check_profile_name(profile)
    path = credentials_path or default_credentials_path()
    target = Path(os.path.realpath(path))
    original = _read(target)
    text = original.decode("utf-8", "surrogateescape")
    exists = bool(find_sections(text, profile))
    if exists and not force:
        raise RefusedError(
            step=STEP,
            reason=f"{path} already has a profile [{profile}]; it was left unchanged.",
            fix="Pass --force to replace it, or choose another name with --profile.",
        )
    body = [
        f"aws_access_key_id = {key.access_key_id}",
        f"aws_secret_access_key = {key.secret_access_key}",
    ]
    updated = put_section(text, profile, body).encode("utf-8", "surrogateescape")
    _ensure_parent(target)
    replace_file(target, updated, STEP)
    return ProfileWritten(path=path, profile=profile, replaced=exists)


def check_profile_name(profile: str) -> None:
    """Refuse a profile name the credentials file or the AWS CLI would misread."""
    if not PROFILE_NAME_RE.fullmatch(profile):
        raise SettingError(
            step=STEP,
            reason=f"the profile name {profile!r} is empty or holds characters other than "
            "letters, digits and _+=,.@-.",
            fix="Choose a name like 'course' or 'alice-dev' with --profile.",
        )


def _read(path: Path) -> bytes:
    """The file's bytes, or b'' when it does not exist yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise StorageError(
            step=STEP,
            reason=f"{path} cannot be read: {os_error_text(error)}.",
            fix=f"Check that {path} is a file you can read, or set AWS_SHARED_CREDENTIALS_FILE.",
        ) from None


def _ensure_parent(path: Path) -> None:
    """Create the folder (like ~/.aws) with mode 0700 when it is missing; never change it."""
    try:
        with private_umask():
            path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            step=STEP,
            reason=f"the folder {path.parent} cannot be created: {os_error_text(error)}.",
            fix=f"Create {path.parent} yourself, or point AWS_SHARED_CREDENTIALS_FILE elsewhere.",
        ) from None
