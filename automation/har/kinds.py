"""Kinds of secret a recording may hold, and the placeholder that replaces each.

Placeholder scheme (the same value always gets the same placeholder within one file; N counts
distinct values of a kind in order of first appearance, each request before its response):

- access key id: ``AKIARED`` + N in 6 base32 letters + ``EXAMPLE`` (``AKIAREDAAAAABEXAMPLE``; an
  ``ASIA`` prefix is kept): 20 characters of ``A-Z2-7`` like a real id, so pages and key files accept
  it, and ending in ``EXAMPLE`` like AWS's documented ids, so secret scanners know it is not a key.
- secret access key: ``RedactedSecretAccessKey`` + N in 17 digits: 40 characters.
- account id: ``111111111111`` … ``999999999999``, then ``000000000010`` …: 12 digits
  (``1111-1111-1111`` where the value had dashes).
- email: ``redacted-N@example.com``: a valid address on a reserved domain.
- password, MFA code: the constants ``<password>`` and ``<mfa-code>``: their values differ between
  recording and replay, and the order of requests tells attempts apart.
- cookie, authorization value, AWS security token, CSRF token, other token, MFA seed, known secret,
  a value outside the allow-list (`automation.har.allowlist`): ``<cookie-N>``, ``<authorization-N>``,
  ``<security-token-N>``, ``<csrf-token-N>``, ``<token-N>``, ``<mfa-seed-N>``, ``<secret-N>``,
  ``<value-N>``: opaque values whose identity is all that matters.
- a body that could not be decoded with certainty: ``<body dropped: REASON>``.

Request bodies are stored in the canonical form replay matches on, where placeholders lose their
number (``<cookie>``, ``<email>``, ``<account-id>``): those collapsed forms are placeholders too.

Values that are already placeholders are never replaced again, and a few documentation values
pass through untouched (`is_example`): key ids ending in ``EXAMPLE``, secrets ending in
``EXAMPLEKEY``, the AWS documentation account ids, and emails on reserved domains (RFC 2606/6761).
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    """A kind of secret; the value is the token used in placeholders and matching keys."""

    ACCESS_KEY_ID = "access-key-id"
    SECRET_ACCESS_KEY = "secret-access-key"
    ACCOUNT_ID = "account-id"
    EMAIL = "email"
    PASSWORD = "password"
    MFA_CODE = "mfa-code"
    COOKIE = "cookie"
    AUTHORIZATION = "authorization"
    SECURITY_TOKEN = "security-token"
    CSRF_TOKEN = "csrf-token"
    TOKEN = "token"
    SECRET = "secret"
    MFA_SEED = "mfa-seed"
    VALUE = "value"

    @property
    def label(self) -> str:
        """Human words for messages."""
        return _LABELS[self]

    def counted(self, number: int) -> str:
        """``1 cookie``, ``3 email addresses``, ``2 values outside the allow-list``."""
        if number == 1:
            return f"1 {self.label}"
        head, space, tail = self.label.partition(" outside")
        plural = head + ("es" if head.endswith("ss") else "s")
        return f"{number} {plural}{space}{tail}"


_LABELS = {
    Kind.ACCESS_KEY_ID: "access key id",
    Kind.SECRET_ACCESS_KEY: "secret access key",
    Kind.ACCOUNT_ID: "account id",
    Kind.EMAIL: "email address",
    Kind.PASSWORD: "password",
    Kind.MFA_CODE: "MFA code",
    Kind.COOKIE: "cookie",
    Kind.AUTHORIZATION: "authorization value",
    Kind.SECURITY_TOKEN: "AWS security token",
    Kind.CSRF_TOKEN: "CSRF token",
    Kind.TOKEN: "token",
    Kind.SECRET: "secret value",
    Kind.MFA_SEED: "MFA seed",
    Kind.VALUE: "value outside the allow-list",
}

#: Kinds whose placeholder is one constant (every value maps to it).
CONSTANT_KINDS = frozenset({Kind.PASSWORD, Kind.MFA_CODE})
#: Kinds whose placeholder is ``<kind-N>``.
OPAQUE_KINDS = frozenset(
    {
        Kind.COOKIE, Kind.AUTHORIZATION, Kind.SECURITY_TOKEN, Kind.CSRF_TOKEN, Kind.TOKEN, Kind.SECRET,
        Kind.MFA_SEED, Kind.VALUE,
    }
)  # fmt: skip

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_SECRET_PREFIX = "RedactedSecretAccessKey"

KEY_ID_PLACEHOLDER_RE = re.compile(r"(?:AKIA|ASIA)RED[A-Z2-7]{6}EXAMPLE")
SECRET_PLACEHOLDER_RE = re.compile(_SECRET_PREFIX + r"\d{17}")
ACCOUNT_PLACEHOLDER_RE = re.compile(r"(\d)\1{11}|0{6}\d{6}")
EMAIL_PLACEHOLDER_RE = re.compile(r"redacted-\d+@example\.com", re.IGNORECASE)
OPAQUE_PLACEHOLDER_RE = re.compile(
    r"<(?:" + "|".join(sorted(k.value for k in OPAQUE_KINDS)) + r")-\d+>|<password>|<mfa-code>"
    r"|<(?:" + "|".join(sorted(k.value for k in Kind)) + r")>|<body dropped: [^<>]{1,200}>|<binary-body>"
    r"|\*"  # a canonical request body's volatile value
)

EXAMPLE_ACCOUNTS = frozenset({"123456789012", "111122223333", "444455556666", "777788889999"})
_RESERVED_EMAIL_DOMAIN_RE = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$", re.IGNORECASE
)


def placeholder(kind: Kind, number: int, original: str = "") -> str:
    """The placeholder for the `number`-th distinct value of `kind` (1-based)."""
    if kind in CONSTANT_KINDS:
        return f"<{kind.value}>"
    if kind is Kind.ACCESS_KEY_ID:
        prefix = original[:4] if original[:4] in ("AKIA", "ASIA") else "AKIA"
        return f"{prefix}RED{_base32(number, 6)}EXAMPLE"
    if kind is Kind.SECRET_ACCESS_KEY:
        return f"{_SECRET_PREFIX}{number:017d}"
    if kind is Kind.ACCOUNT_ID:
        return str(number) * 12 if number <= 9 else f"{number:012d}"
    if kind is Kind.EMAIL:
        return f"redacted-{number}@example.com"
    return f"<{kind.value}-{number}>"


def _base32(number: int, width: int) -> str:
    """`number` in the RFC 4648 base32 alphabet, left-padded with 'A' (zero)."""
    digits = ""
    while number:
        number, rest = divmod(number, 32)
        digits = _B32[rest] + digits
    return digits.rjust(width, "A")


def dashed(account: str) -> str:
    """An account id as the console menu shows it: ``1234-5678-9012``."""
    return f"{account[:4]}-{account[4:8]}-{account[8:]}"


def is_placeholder(kind: Kind, value: str) -> bool:
    """True when `value` is a placeholder this module produces for `kind`."""
    if kind is Kind.ACCESS_KEY_ID:
        return KEY_ID_PLACEHOLDER_RE.fullmatch(value) is not None
    if kind is Kind.SECRET_ACCESS_KEY:
        return SECRET_PLACEHOLDER_RE.fullmatch(value) is not None
    if kind is Kind.ACCOUNT_ID:
        return ACCOUNT_PLACEHOLDER_RE.fullmatch(value.replace("-", "")) is not None
    if kind is Kind.EMAIL:
        return EMAIL_PLACEHOLDER_RE.fullmatch(value) is not None
    return OPAQUE_PLACEHOLDER_RE.fullmatch(value) is not None


def is_any_placeholder(value: str) -> bool:
    """True when `value` is a placeholder of any kind."""
    return any(is_placeholder(kind, value) for kind in _SHAPED) or (
        OPAQUE_PLACEHOLDER_RE.fullmatch(value) is not None
    )


_SHAPED = (Kind.ACCESS_KEY_ID, Kind.SECRET_ACCESS_KEY, Kind.ACCOUNT_ID, Kind.EMAIL)


_EXAMPLE_SHAPES = {
    Kind.ACCESS_KEY_ID: re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{9}EXAMPLE"),
    Kind.SECRET_ACCESS_KEY: re.compile(r"[A-Za-z0-9/+]{30}EXAMPLEKEY"),
}


def is_example(kind: Kind, value: str) -> bool:
    """True for documentation values that are public by design (they pass through).

    A secret-named value (kind SECRET or TOKEN) is an example when it has the shape of one.
    """
    if kind in _EXAMPLE_SHAPES:
        return _EXAMPLE_SHAPES[kind].fullmatch(value) is not None
    if kind is Kind.ACCOUNT_ID:
        return value.replace("-", "") in EXAMPLE_ACCOUNTS
    if kind is Kind.EMAIL:
        local, at, domain = value.rpartition("@")
        return bool(local and at) and _RESERVED_EMAIL_DOMAIN_RE.search(domain) is not None
    if kind in (Kind.SECRET, Kind.TOKEN):
        return any(pattern.fullmatch(value) for pattern in _EXAMPLE_SHAPES.values())
    return False


def is_safe(kind: Kind, value: str) -> bool:
    """True when `value` may stay in a recording: any placeholder, or a documentation example."""
    return is_any_placeholder(value) or is_example(kind, value)


def contains_only_placeholders(text: str) -> bool:
    """True when `text` is empty or made only of opaque placeholders and separators."""
    rest = OPAQUE_PLACEHOLDER_RE.sub("", text)
    return re.fullmatch(r"[\s,;]*", rest) is not None
