"""The access key value and the shape rules an AWS long-term access key follows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

ACCESS_KEY_ID_RE = re.compile(r"AKIA[A-Z2-7]{16}")
SECRET_ACCESS_KEY_RE = re.compile(r"[A-Za-z0-9/+]{40}")
ACCESS_KEY_ID_SHAPE = "AKIA followed by 16 characters from A-Z and 2-7"
SECRET_ACCESS_KEY_SHAPE = "40 characters from A-Z, a-z, 0-9, / and +"


class KeyFileFormat(StrEnum):
    """The key file layouts the AWS console has produced over the years."""

    CURRENT = "current"  # "Access key ID,Secret access key" (rootkey.csv, <User>_accessKeys.csv)
    LEGACY_ROOT = "legacy-root"  # AWSAccessKeyId=... / AWSSecretKey=... lines (rootkey.csv ≤2015)
    IAM_2017 = "iam-credentials-2017"  # User name,Password,Access key ID,... (2017-22)
    IAM_2015 = "iam-credentials-2015"  # User Name,Access Key Id,Secret Access Key (2015-17)


@dataclass(frozen=True)
class AccessKey:
    """A validated long-term access key; repr and str never show the secret.

    (dataclasses.asdict does: never log or serialise the whole object.)
    """

    access_key_id: str
    secret_access_key: str = field(repr=False)
    user_name: str | None
    format: KeyFileFormat

    def __repr__(self) -> str:
        return (
            f"AccessKey(access_key_id={self.access_key_id!r}, secret_access_key='<hidden>', "
            f"user_name={self.user_name!r}, format={self.format.value!r})"
        )

    def __post_init__(self) -> None:
        """Refuse values that are not a key (the message never shows them)."""
        problem = key_id_problem(self.access_key_id)
        if problem:
            raise ValueError(f"not a valid access key ID: {problem}")
        problem = secret_problem(self.secret_access_key)
        if problem:
            raise ValueError(f"not a valid secret access key: {problem}")

    __str__ = __repr__


def key_id_problem(value: str) -> str | None:
    """Why a value is not an access key ID (without echoing it), or None when it is one."""
    if ACCESS_KEY_ID_RE.fullmatch(value):
        return None
    if value.startswith("ASIA"):
        return (
            "it is a temporary (ASIA) key ID, which needs a session token and never comes from "
            "a console download"
        )
    return f"it is not {ACCESS_KEY_ID_SHAPE} ({_describe(value)})"


def secret_problem(value: str) -> str | None:
    """Why a value is not a secret access key (without echoing it), or None when it is one."""
    if SECRET_ACCESS_KEY_RE.fullmatch(value):
        return None
    return f"it is not {SECRET_ACCESS_KEY_SHAPE} ({_describe(value)})"


def _describe(value: str) -> str:
    """The length and kinds of characters of a value, never the value itself."""
    if not value:
        return "the value is empty"
    text = f"{len(value)} characters"
    if any(c.isspace() for c in value):
        text += ", some of them spaces"
    elif any(not (c.isascii() and c.isalnum()) and c not in "/+" for c in value):
        text += ", some of them not allowed"
    return text
