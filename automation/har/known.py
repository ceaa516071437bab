"""The forms a known value takes in files: as text (percent, form, JSON, HTML escapes) and as bytes
written out (base64 and base64url at every alignment, hex).

A value inside a longer base64 text is encoded differently depending on where it starts (its byte
offset modulo 3); `base64_cores` gives, for each offset, the characters that depend only on the value,
so a value is found inside any base64 text that holds it, whatever surrounds it.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable, Iterator
from urllib.parse import quote, quote_plus

#: Base64 and hex forms shorter than this are not searched for (they match by chance).
MIN_BINARY_FORM = 6


def _html_numeric(value: str) -> str:
    return "".join(f"&#{ord(char)};" if not char.isalnum() else char for char in value)


def _json_unicode(value: str) -> str:
    return "".join(f"\\u{ord(char):04x}" for char in value)


#: Text encodings: name → encoder. The scrubber writes a placeholder in the same encoding.
TEXT_ENCODERS: dict[str, Callable[[str], str]] = {
    "raw": lambda value: value,
    "url": lambda value: quote(value, safe=""),
    "url-twice": lambda value: quote(quote(value, safe=""), safe=""),
    "form": quote_plus,
    "json": lambda value: json.dumps(value, ensure_ascii=False)[1:-1],
    "json-ascii": lambda value: json.dumps(value)[1:-1],
    "json-slash": lambda value: json.dumps(value)[1:-1].replace("/", "\\/"),
    "json-twice": lambda value: json.dumps(json.dumps(value)[1:-1])[1:-1],
    "html": html.escape,
    "html-numeric": _html_numeric,
    "html-numeric-all": lambda value: "".join(f"&#{ord(char)};" for char in value),
    "json-unicode": _json_unicode,
}


def base64_cores(data: bytes, *, urlsafe: bool = False) -> Iterator[tuple[int, str]]:
    """(offset, characters) for the three byte offsets: what base64 of any text holding `data` at that
    offset (modulo 3) contains, padding and neighbours excluded."""
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    for offset in range(3):
        encoded = encode(b"\x00" * offset + data).decode("ascii")
        start = (0, 2, 3)[offset]  # the first characters mix in the bytes before the value
        end = (8 * (offset + len(data))) // 6  # the last full character made only of the value's bits
        yield offset, encoded[start:end]


def binary_forms(value: str) -> Iterator[tuple[str, str]]:
    """(form, name) of `value`'s UTF-8 bytes in base64, base64url (every offset) and hex."""
    data = value.encode("utf-8")
    seen: set[str] = set()
    for urlsafe, name in ((False, "base64"), (True, "base64url")):
        for offset, core in base64_cores(data, urlsafe=urlsafe):
            if len(core) >= MIN_BINARY_FORM and core not in seen:
                seen.add(core)
                yield core, f"{name}-{offset}"
    for form, name in ((data.hex(), "hex"), (data.hex().upper(), "hex-upper")):
        if len(form) >= MIN_BINARY_FORM and form not in seen:
            seen.add(form)
            yield form, name


def text_forms(value: str) -> Iterator[tuple[str, str]]:
    """(form, encoder name) of `value` in every text encoding (distinct forms only)."""
    seen: set[str] = set()
    for name, encode in TEXT_ENCODERS.items():
        form = encode(value)
        if form not in seen:
            seen.add(form)
            yield form, name


def all_forms(value: str) -> Iterator[tuple[str, str]]:
    """Every form of `value`: text encodings first, then base64 and hex."""
    yield from text_forms(value)
    yield from binary_forms(value)
