"""The tests' own leak oracle: is a planted value anywhere in a file, in any encoding?

Written apart from the scrubber and its leak check (it imports nothing from `automation`), so the two
cannot agree by construction. A file is read as bytes, then every text inside it is unpacked as far as
it goes (zip members, JSON strings, JSON in strings, percent escapes, HTML entities, base64 and
base64url, hex, gzip), and each layer is searched for the value's forms: as typed, percent- and
form-encoded, JSON-escaped, HTML-escaped, and its bytes in base64 (every offset) and hex.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import quote, quote_plus, unquote, unquote_plus

_B64_RE = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")
_HEX_RE = re.compile(r"(?:[0-9a-fA-F]{2}){6,}")
_UNICODE_ESCAPE_RE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_MAX_TEXTS = 20000


def value_forms(value: str) -> set[str]:
    """The forms `value` takes in a file (base64 and hex of its bytes at every offset included)."""
    forms = {
        value,
        quote(value, safe=""),
        quote_plus(value),
        quote(quote(value, safe=""), safe=""),
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        json.dumps(value).replace("/", "\\/")[1:-1],
        html.escape(value),
        "".join(f"&#{ord(c)};" for c in value),
        "".join(f"\\u{ord(c):04x}" for c in value),
        value.encode().hex(),
        value.encode().hex().upper(),
    }
    data = value.encode()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        for offset in range(3):
            encoded = encode(b"\0" * offset + data).decode()
            core = encoded[(0, 2, 3)[offset] : (8 * (offset + len(data))) // 6]
            if len(core) >= 6:
                forms.add(core)
    return {form for form in forms if len(form) >= 4}


def _unpacked(text: str) -> Iterator[str]:
    """Every text one decoding step below `text`."""
    stripped = text.strip()
    if stripped[:1] in "{[\"":
        with contextlib.suppress(ValueError, RecursionError):
            yield from _strings(json.loads(stripped))
    unicode = _UNICODE_ESCAPE_RE.sub(lambda match: chr(int(match.group(1), 16)), text)
    for decoded in (unquote(text), unquote_plus(text), html.unescape(text), unicode):
        if decoded != text:
            yield decoded
    for match in _B64_RE.finditer(text):
        chunk = match.group()
        starts = [0] + [index + 1 for index, char in enumerate(chunk) if char == "/"]  # a/b/eyJ…
        for start in starts[:8]:
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    data = decode(chunk[start:] + "=" * (-len(chunk[start:]) % 4))
                except (binascii.Error, ValueError):
                    continue
                yield from _texts_of(data)
    for match in _HEX_RE.finditer(text):
        yield from _texts_of(bytes.fromhex(match.group()))


def _texts_of(data: bytes) -> Iterator[str]:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return
    if data[:4] == b"PK\x03\x04":
        yield from texts_in_bytes(data)
        return
    yield data.decode("utf-8", "ignore")
    yield data.decode("latin-1")


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for name, item in data.items():
            yield str(name)
            yield from _strings(item)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)
    elif data is not None:
        yield str(data)


def texts_in_bytes(data: bytes) -> Iterator[str]:
    """Every text in `data` and every layer below it (bounded)."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield name
                yield from texts_in_bytes(archive.read(name))
        return
    pending = [data.decode("utf-8", "replace"), data.decode("latin-1")]
    seen: set[str] = set()
    while pending and len(seen) < _MAX_TEXTS:
        text = pending.pop()
        if text in seen:
            continue
        seen.add(text)
        yield text
        pending.extend(inner for inner in _unpacked(text) if inner and inner not in seen)


def planted_in(data: bytes, values: dict[str, str]) -> list[str]:
    """The labels of the planted values found anywhere in `data` (empty: none)."""
    found = []
    forms = {label: value_forms(value) for label, value in values.items()}
    texts = list(texts_in_bytes(data))
    for label, variants in forms.items():
        if any(form in text for text in texts for form in variants):
            found.append(label)
    return found
