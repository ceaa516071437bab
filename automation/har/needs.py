"""Does a console recording hold the calls a flow needs? Both paths sign in, read the access keys and
create one; a recording without one of those calls cannot replay the path, and says which it lacks
before any browser starts (exit 8), instead of failing later at a step that looks like a wrong password.

A call is recognised by where it goes and what it carries, for the real console and the replica alike:

- sign-in: a POST to a sign-in host (``signin.aws.amazon.com`` and its account subdomains, or the
  replica's ``/signin`` API);
- the access keys: a request naming access keys (``access-keys``, ``AccessKeys``, ``ListAccessKeys``);
- create access key: a POST naming access keys, or ``CreateAccessKey`` in its URL or body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

_SIGNIN_HOST_RE = re.compile(r"(?:^|\.)signin\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)$")
_ACCESS_KEYS_RE = re.compile(r"access[-_]?keys?|accesskeys?", re.IGNORECASE)
_CREATE_RE = re.compile(r"create[-_]?access[-_]?key", re.IGNORECASE)


def _url(entry: dict[str, Any]) -> str:
    return str(entry["request"].get("url", ""))


def _body(entry: dict[str, Any]) -> str:
    post = entry["request"].get("postData")
    return str(post.get("text", "")) if isinstance(post, dict) else ""


def _method(entry: dict[str, Any]) -> str:
    return str(entry["request"].get("method", "")).upper()


def is_signin(entry: dict[str, Any]) -> bool:
    """A credentials submission: a POST to a sign-in host or to the replica's sign-in API."""
    try:
        parts = urlsplit(_url(entry))
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    on_signin = _SIGNIN_HOST_RE.search(host) is not None or "/api/signin" in parts.path
    return _method(entry) == "POST" and on_signin


def reads_access_keys(entry: dict[str, Any]) -> bool:
    """A request for the access keys list."""
    named = _ACCESS_KEYS_RE.search(_url(entry) + " " + _body(entry)) is not None
    return named and not creates_access_key(entry)


def creates_access_key(entry: dict[str, Any]) -> bool:
    """A create-access-key call."""
    text = _url(entry) + " " + _body(entry)
    if _CREATE_RE.search(text):
        return True
    return _method(entry) == "POST" and _ACCESS_KEYS_RE.search(_url(entry)) is not None


#: What each path needs, in the order it needs it: (name for the message, test of an entry).
NEEDS: tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...] = (
    ("sign-in (a POST to signin.aws.amazon.com)", is_signin),
    ("the access keys list", reads_access_keys),
    ("Create access key (a POST that creates the key)", creates_access_key),
)


def missing_calls(entries: list[dict[str, Any]]) -> list[str]:
    """The calls a path needs that `entries` does not hold (empty: the recording can replay it)."""
    return [name for name, test in NEEDS if not any(test(entry) for entry in entries)]
