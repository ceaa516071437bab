"""What the fake IAM answers: small immutable records, and its error type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: Seconds the frozen clock moves on after each access key is created (keeps keys ordered).
KEY_TICK_SECONDS = 1.0

#: AWS's limit on access keys per user (root included).
KEYS_PER_USER = 2


class IamError(Exception):
    """An IAM request was refused: `code` and `message` as AWS words them, `status` for HTTP."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class AccessKeyInfo:
    """One access key as the console lists it (never the secret)."""

    access_key_id: str
    status: str
    create_date: datetime
    last_used_date: datetime | None = None
    last_used_region: str = "N/A"
    last_used_service: str = "N/A"


@dataclass(frozen=True)
class NewAccessKey:
    """A freshly created access key, with its secret (shown once)."""

    access_key_id: str
    secret_access_key: str
    status: str
    create_date: datetime
    user_name: str | None  # None for the root user


@dataclass(frozen=True)
class UserInfo:
    """One IAM user with what the Users table and the user details page show."""

    user_name: str
    path: str
    arn: str
    user_id: str
    create_date: datetime
    groups: tuple[str, ...]
    has_password: bool
    password_changed: datetime | None
    console_last_sign_in: datetime | None
    mfa: bool
    access_keys: tuple[AccessKeyInfo, ...]
    tags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CallerIdentity:
    """What STS GetCallerIdentity says about a key."""

    user_id: str
    account: str
    arn: str
