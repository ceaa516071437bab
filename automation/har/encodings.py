"""How a value is written in the places a HAR holds it: URL, form, JSON and HTML encodings,
and the body formats (JSON, form, multipart, base64) scrub and leak checks both read."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from .kinds import Kind, dashed
from .patterns import _AFTER_ESCAPE

#: Values at least this long are found even inside words; shorter ones need boundaries.
MIN_UNBOUNDED = 12

ENCODERS: dict[str, Callable[[str], str]] = {
    "raw": lambda p: p,
    "url": lambda p: quote(p, safe=""),
    "form": quote_plus,
    "json": lambda p: json.dumps(p, ensure_ascii=False)[1:-1],
    "json-ascii": lambda p: json.dumps(p)[1:-1],
    "json-slash": lambda p: json.dumps(p)[1:-1].replace("/", "\\/"),
    "html": html.escape,
    "dashed": dashed,
}

_TEXTUAL_MIME_RE = re.compile(r"^text/|json|javascript|ecmascript|xml|x-www-form-urlencoded", re.IGNORECASE)
MULTIPART_FIELD_RE = re.compile(
    r'(?P<head>Content-Disposition:[^\r\n]*?\bname="(?P<name>[^"]*)"[^\r\n]*\r\n'
    r"(?:[^\r\n]+\r\n)*\r\n)(?P<value>.*?)(?=\r\n--)",
    re.DOTALL | re.IGNORECASE,
)


def variants(value: str, kind: Kind) -> Iterator[tuple[str, str]]:
    """(encoded form of `value`, encoder name) pairs; an account's dashed form uses "dashed"."""
    forms = [value]
    if kind is Kind.ACCOUNT_ID:
        digits = value.replace("-", "")
        forms = [digits, dashed(digits)]
    for form in forms:
        for name, encode in ENCODERS.items():
            if name == "dashed":
                continue
            encoded = encode(form)
            yield encoded, "dashed" if "-" in form and kind is Kind.ACCOUNT_ID else name


def variant_pattern(values: list[str], flags: int = 0) -> re.Pattern[str]:
    """One alternation for `values`, longest first; short ones must stand alone (not inside a
    word), percent escapes and ``\\n`` escapes count as boundaries."""
    parts = []
    for value in sorted(set(values), key=len, reverse=True):
        part = re.escape(value)
        if len(value) < MIN_UNBOUNDED:
            if value[0].isalnum():
                part = _AFTER_ESCAPE + part
            if value[-1].isalnum():
                part += r"(?![A-Za-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts), flags)


def is_textual(mime: str) -> bool:
    """True for MIME types whose bodies are text rather than binary."""
    return bool(_TEXTUAL_MIME_RE.search(mime or ""))


def decode_base64_text(data: str) -> str | None:
    """Base64 body text as UTF-8, or None when it is not."""
    try:
        return base64.b64decode(data, validate=False).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def body_format(text: str, mime: str) -> str:
    """ "form", "multipart", "json" or "text" for a body and its MIME type."""
    mime = (mime or "").lower()
    if "x-www-form-urlencoded" in mime:
        return "form"
    if "multipart/form-data" in mime:
        return "multipart"
    if "json" in mime or text.lstrip()[:1] in ("{", "["):
        return "json"
    return "text"


def form_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Decoded (name, value) pairs of ``a=1&b=2`` (pairs without ``=`` are skipped)."""
    for pair in text.split("&"):
        name, eq, value = pair.partition("=")
        if eq:
            yield unquote_plus(name), unquote_plus(value)


def json_fields(data: Any) -> Iterator[tuple[str, Any]]:
    """Every (name, value) pair in a JSON document, depth first."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield name, value
            yield from json_fields(value)
    elif isinstance(data, list):
        for item in data:
            yield from json_fields(item)


def body_fields(text: str, mime: str) -> Iterator[tuple[str, Any]]:
    """Named fields of a JSON, form or multipart body (nothing for other text)."""
    kind = body_format(text, mime)
    if kind == "form":
        yield from form_pairs(text)
    elif kind == "multipart":
        for match in MULTIPART_FIELD_RE.finditer(text):
            yield match.group("name"), match.group("value")
    elif kind == "json":
        try:
            data = json.loads(text)
        except ValueError:
            return
        yield from json_fields(data)
