"""What makes two requests "the same" for replay: a canonical key of method, URL and body.

Both the recorded request and the live one go through the same steps:

1. scrub with the recording's rules (`Scrubber`), so a live password becomes ``<password>``;
2. canonicalise: lower-case scheme and host, decoded path, no fragment, query parameters and
   form fields sorted, JSON bodies parsed and dumped with sorted keys, multipart boundaries fixed;
3. volatile values become ``*``: parameters and JSON keys named in `VOLATILE_NAMES`, and any
   value that is a Unix timestamp in seconds or milliseconds (years 2000-2100);
4. collapse placeholders and shapes to their kind (``AKIAREDAAAAABEXAMPLE`` → ``<access-key-id>``,
   any 12-digit account → ``<account-id>``, any email → ``<email>``, ``<cookie-3>`` → ``<cookie>``),
   so the numbering of a recording never has to agree with the live run's.

Headers and cookies are not part of the key.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from .bodies import body_format, decode_body
from .kinds import OPAQUE_KINDS
from .names import Side
from .scrub import Scrubber

#: Query parameters and JSON keys whose values change on every run (compared lower-case).
VOLATILE_NAMES = frozenset(
    {
        # cache busters and clocks
        "_", "_t", "t", "ts", "timestamp", "time", "cb", "cachebust", "cachebuster",
        "cache_buster", "cache-buster", "nocache", "no_cache", "rnd", "rand", "random",
        # OAuth / PKCE / anti-replay values
        "state", "nonce", "code", "code_challenge", "code_verifier",
        # request ids and idempotency tokens
        "requestid", "request_id", "request-id", "traceid", "trace_id", "correlationid",
        "clienttoken", "clientrequesttoken", "idempotencytoken",
        # SigV4 query signing
        "x-amz-date", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
        "x-amz-expires", "signature", "expires",
    }
)  # fmt: skip
VOLATILE = "*"
#: The canonical form of a request body that is not text.
BINARY_BODY = "<binary-body>"

_SECONDS = (946_684_800, 4_102_444_800)  # 2000-01-01 .. 2100-01-01
_TIMESTAMP_RE = re.compile(r"\d{10}|\d{13}")
_COLLAPSE = [
    (re.compile(r"<(" + "|".join(sorted(k.value for k in OPAQUE_KINDS)) + r")-\d+>"), r"<\1>"),
    (re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"), "<access-key-id>"),
    (
        re.compile(r"RedactedSecretAccessKey\d{17}|(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{30}EXAMPLEKEY"),
        "<secret-access-key>",
    ),
    (re.compile(r"(?<![A-Za-z0-9-])\d{4}-\d{4}-\d{4}(?![A-Za-z0-9-])"), "<account-id>"),
    (re.compile(r"(?<![A-Za-z0-9.])\d{12}(?![A-Za-z0-9]|\.\d)"), "<account-id>"),
    (
        re.compile(r"(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}"),
        "<email>",
    ),
]
_READABLE = "<>*@:/,;!$'()[]{}|~"
_BOUNDARY_RE = re.compile(r"boundary=\"?([^\";]+)\"?", re.IGNORECASE)


@dataclass(frozen=True)
class RequestKey:
    """The canonical form of a request: equal keys are "identical requests"."""

    method: str
    url: str
    body: str = ""

    def __str__(self) -> str:
        body = f" {self.body[:200]}{'…' if len(self.body) > 200 else ''}" if self.body else ""
        return f"{self.method} {self.url}{body}"


def collapse(text: str) -> str:
    """Placeholders and secret shapes replaced by their kind (``<account-id>``, …)."""
    for pattern, replacement in _COLLAPSE:
        text = pattern.sub(replacement, text)
    return text


def is_timestamp(value: object) -> bool:
    """A Unix time in seconds or milliseconds between 2000 and 2100."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return False
    text = str(value)
    if not _TIMESTAMP_RE.fullmatch(text):
        return False
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    return _SECONDS[0] <= seconds <= _SECONDS[1]


class RequestNormaliser:
    """Turns requests into `RequestKey`s, scrubbing them with the recording's rules first."""

    def __init__(self, known_secrets: Iterable[str] = (), scrubber: Scrubber | None = None) -> None:
        self.scrubber = scrubber if scrubber is not None else Scrubber(known_secrets)

    def key(
        self, method: str, url: str, body: str | bytes | None = None, mime: str | None = None
    ) -> RequestKey:
        """The canonical key of one request."""
        return RequestKey(method.upper(), self.url(url), self.body(body, mime or ""))

    def url(self, url: str) -> str:
        """The canonical URL (scrubbed, no fragment, sorted query, volatile values starred)."""
        return canonical_url(self.scrubber.scrub_url(url, Side.REQUEST))

    def body(self, body: str | bytes | None, mime: str) -> str:
        """The canonical body ('' for none)."""
        if body is None or body == b"" or body == "":
            return ""
        if isinstance(body, bytes):
            decoded = decode_body(base64.b64encode(body).decode("ascii"), "base64")
            if decoded.text is None:
                return BINARY_BODY  # never the bytes: they cannot be scrubbed with certainty
            body = decoded.text
        kind = body_format(body, mime)
        if kind == "multipart":
            body = _fixed_boundary(body, mime)
        scrubbed = self.scrubber.scrub_body(body, mime, Side.REQUEST)
        if kind == "json":
            try:
                data = json.loads(scrubbed)
            except ValueError:
                return collapse(scrubbed)
            return json.dumps(_canonical_json(data), sort_keys=True, separators=(",", ":"))
        if kind == "form":
            return _canonical_query(scrubbed)
        return collapse(scrubbed)


def canonical_url(url: str) -> str:
    """A URL reduced to what identifies the request (see the module docstring)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return collapse(url)
    host = collapse((parts.netloc or "").lower())
    path = collapse(unquote(parts.path or "/"))
    query = _canonical_query(parts.query)
    return f"{parts.scheme.lower()}://{host}{path}" + (f"?{query}" if query else "")


def _canonical_query(query: str) -> str:
    """Sorted ``name=value`` pairs with volatile values starred, encoded so that the result reads
    back the same (a canonical body is stored, and canonicalised again at replay)."""
    pairs = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        pairs.append((name, _canonical_value(name, value)))
    return "&".join(
        f"{quote(name, safe=_READABLE)}={quote(value, safe=_READABLE)}" for name, value in sorted(pairs)
    )


def _canonical_value(name: str, value: str) -> str:
    if name.lower() in VOLATILE_NAMES or is_timestamp(value):
        return VOLATILE
    if value.startswith(("http://", "https://")):
        return canonical_url(value)
    return collapse(value)


def _canonical_json(data: Any) -> Any:
    """JSON with volatile keys and timestamps starred and strings collapsed."""
    if isinstance(data, dict):
        return {
            name: VOLATILE
            if name.lower() in VOLATILE_NAMES or is_timestamp(value)
            else _canonical_json(value)
            for name, value in data.items()
        }
    if isinstance(data, list):
        return [_canonical_json(item) for item in data]
    if isinstance(data, str):
        return VOLATILE if is_timestamp(data) else collapse(data)
    if isinstance(data, int) and not isinstance(data, bool):
        if is_timestamp(data):
            return VOLATILE
        if 10**11 <= data < 10**12:
            return "<account-id>"
    return data


def _fixed_boundary(body: str, mime: str) -> str:
    """A multipart body with its random boundary replaced by a fixed one (on delimiter lines only)."""
    match = _BOUNDARY_RE.search(mime) or re.match(r"--([^\r\n]+)\r\n", body)
    if match is None:
        return body
    delimiter = re.compile(r"(?m)^--" + re.escape(match.group(1)) + r"(?=--|\r?$)")
    return delimiter.sub("--BOUNDARY", body)
