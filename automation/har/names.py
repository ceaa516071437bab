"""Which field, header, cookie or query parameter names hold secrets.

A name is split into words (``mfaCode`` → mfa, code; ``X-Amz-Security-Token`` → x, amz,
security, token). Names ending in a descriptive word (``passwordAge``, ``tokenExpiration``,
``mfaEnabled``) describe a secret rather than hold one and are left alone.
"""

from __future__ import annotations

import re
from enum import Enum

from .kinds import Kind


class Side(Enum):
    """Where a value was found: codes count as secrets anywhere in a request, but only when
    they look like one-time codes in responses and free text (``{"code": "LimitExceeded"}``)."""

    REQUEST = "request"
    RESPONSE = "response"


_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})
CODE_WORDS = frozenset({"mfa", "otp", "totp", "passcode"})
CSRF_WORDS = frozenset({"csrf", "xsrf"})
#: Last words that make a name describe a secret instead of holding it.
DESCRIPTIVE_WORDS = frozenset(
    {
        "age", "allowed", "arn", "changed", "config", "count", "date", "description", "device",
        "devices", "disabled", "enable", "enabled", "error", "errors", "expiration", "expires",
        "expiry", "field", "format", "help", "hint", "info", "label", "last", "length", "link",
        "lifetime", "max", "message", "method", "methods", "min", "mode", "name", "needed",
        "pattern", "placeholder", "policies", "policy", "prompt", "provider", "region", "required",
        "reset", "reuse", "rule", "rules", "settings", "state", "status", "strength", "supported",
        "text", "title", "type", "types", "uri", "url", "used", "version", "visible",
    }
)  # fmt: skip
#: First words that make a ``...code`` name an ordinary code (``errorCode``, ``regionCode``).
ORDINARY_CODE_WORDS = frozenset(
    {
        "area", "color", "country", "currency", "error", "http", "lang", "language", "locale",
        "postal", "reason", "region", "response", "service", "status", "zip",
    }
)  # fmt: skip
_MFA_VALUE_RE = re.compile(r"\d{6,8}")
_NOT_A_VALUE = frozenset({"", "true", "false", "null", "none", "undefined"})


def words(name: str) -> list[str]:
    """The lower-case words of a camelCase, snake_case or kebab-case name."""
    return [w.lower() for w in _WORD_RE.findall(name)]


def classify_name(name: str) -> Kind | None:
    """The kind of secret a field called `name` holds, ignoring its value."""
    ws = words(name)
    while len(ws) > 1 and ws[-1].isdigit():  # AuthenticationCode1, otp2
        ws.pop()
    if not ws or ws[-1] in DESCRIPTIVE_WORDS or ws[:2] == ["access", "control"]:
        return None
    found = set(ws)
    last = ws[-1]
    if found & PASSWORD_WORDS:
        return Kind.PASSWORD
    if last == "seed" or "qr" in found:  # Base32StringSeed, QRCodePNG: an MFA device's seed
        return Kind.MFA_SEED
    if found & CSRF_WORDS:
        return Kind.CSRF_TOKEN
    if last in ("cookie", "cookies"):
        return Kind.COOKIE
    if "authorization" in found or ws == ["auth"] or last == "bearer":
        return Kind.AUTHORIZATION
    if "secret" in found:
        return Kind.SECRET
    if last == "token" and found & {"security", "session"}:
        return Kind.SECURITY_TOKEN
    if found & CODE_WORDS or (last == "code" and ws[0] not in ORDINARY_CODE_WORDS):
        return Kind.MFA_CODE
    if last in ("token", "signature", "sid", "session", "verifier"):
        return Kind.TOKEN
    if found & {"saml", "apikey"} or ws[-2:] in (["api", "key"], ["session", "id"], ["private", "key"]):
        return Kind.TOKEN
    return None


def classify_field(name: str, value: object, side: Side) -> Kind | None:
    """The kind of secret in field `name` = `value`, or None when it holds none.

    Only strings and numbers can be secrets; a code is a secret anywhere in a request, and
    elsewhere only when it looks like a one-time code (6 to 8 digits).
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    kind = classify_name(name)
    if kind is None:
        return None
    text = str(value).strip()
    if text.lower() in _NOT_A_VALUE:
        return None
    if kind is Kind.MFA_CODE:
        if _MFA_VALUE_RE.fullmatch(text):
            return Kind.MFA_CODE
        if side is Side.REQUEST:
            return Kind.TOKEN if len(text) > 8 else Kind.MFA_CODE
        return None
    return kind
