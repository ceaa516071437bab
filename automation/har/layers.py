"""Read a text the way the leak check does: every layer it decodes to, and every named field in it.

`layers` yields a text and what it decodes to (escapes, JSON strings, form values, JSONP, percent,
base64, hex and gzip layers), `fields` the (name, value) pairs of JSON objects, forms, multipart parts,
XML leaves and CSV columns at any depth. Both stop at `MAX_LAYERS` layers and skip decoding texts over
`MAX_DECODED` characters (their escapes are still read, by `patterns.views`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, unquote_plus

from .patterns import views
from .values import ASSIGNED_RE, FORM_RE, HEX_RE, JSONP_RE, MIN_ENCODED, decode_base64, text_of

#: Layers of encoding read inside one text.
MAX_LAYERS = 6
#: Texts longer than this are read for escapes only (a 5 MB bundle is not JSON in base64).
MAX_DECODED = 2 * 1024 * 1024
_XML_LEAF_RE = re.compile(r"<([A-Za-z_][\w.:-]{0,63})(?:\s[^<>]*)?>([^<>]{1,4096})</\1\s*>")
_MULTIPART_RE = re.compile(r'\bname="([^"]*)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n(.*?)(?=\r\n--)', re.DOTALL)


def _json(text: str) -> Any:
    stripped = text.strip()
    if not stripped or stripped[0] not in '{["' or stripped[-1] not in '}]"':
        for regex in (JSONP_RE, ASSIGNED_RE):
            match = regex.fullmatch(text)
            if match:
                return _json(match.group("json"))
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return None


def _strings(data: Any, depth: int = 0) -> Iterator[str]:
    if depth > 64:
        return
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield str(name)
            yield from _strings(value, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, depth + 1)
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield str(data)


def _decoded(text: str) -> Iterator[str]:
    """What `text` decodes to in one step (nothing when it decodes to nothing)."""
    data = _json(text)
    if data is not None and not (isinstance(data, str) and data == text):
        yield from _strings(data)
        return
    if "=" in text and FORM_RE.fullmatch(text):
        for pair in text.split("&"):
            name, _, value = pair.partition("=")
            yield unquote_plus(name)
            yield unquote_plus(value)
        return
    if "%" in text and not any(char.isspace() for char in text):
        unquoted = unquote(text)
        if unquoted != text:
            yield unquoted
            return
    decoded = decode_base64(text)
    if decoded is not None:
        inner = text_of(decoded[0])
        if inner is not None:
            yield inner
        return
    if len(text) >= MIN_ENCODED and HEX_RE.fullmatch(text):
        inner = text_of(bytes.fromhex(text))
        if inner is not None:
            yield inner


def layers(text: str, depth: int = 0) -> Iterator[str]:
    """`text`, its escaped views, and every layer below them (see the module docstring)."""
    for view in views(text):
        yield view
        if depth >= MAX_LAYERS or len(view) > MAX_DECODED:
            continue
        for inner in _decoded(view):
            if inner and inner != view:
                yield from layers(inner, depth + 1)


def fields(text: str, mime: str = "", depth: int = 0) -> Iterator[tuple[str, Any]]:
    """Every (name, value) pair in `text` at any layer: JSON objects, forms, multipart, XML, CSV."""
    if depth >= MAX_LAYERS or len(text) > MAX_DECODED or not text:
        return
    data = _json(text)
    if data is not None:
        yield from _json_fields(data, depth)
        return
    if "=" in text and FORM_RE.fullmatch(text):
        for pair in text.split("&"):
            name, eq, value = pair.partition("=")
            if eq:
                yield unquote_plus(name), unquote_plus(value)
                yield from fields(unquote_plus(value), "", depth + 1)
        return
    if "multipart/" in (mime or "").lower():
        for name, value in _MULTIPART_RE.findall(text):
            yield name, value
    if "<" in text and ">" in text:
        for name, value in _XML_LEAF_RE.findall(text):
            yield name.rpartition(":")[2], value.strip()
    if "csv" in (mime or "").lower():
        yield from _csv_fields(text)
    for inner in _decoded(text):
        if inner != text and (inner[:1] in "{[" or "=" in inner):
            yield from fields(inner, "", depth + 1)


def _json_fields(data: Any, depth: int) -> Iterator[tuple[str, Any]]:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, level = stack.pop()
        if level > 64:
            continue
        if isinstance(item, dict):
            for name, value in item.items():
                yield str(name), value
                stack.append((value, level + 1))
        elif isinstance(item, list):
            stack.extend((value, level + 1) for value in item)
        elif isinstance(item, str) and len(item) >= 8:
            yield from fields(item, "", depth + 1)


def _csv_fields(text: str) -> Iterator[tuple[str, str]]:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return
    if len(rows) < 2:
        return
    for row in rows[1:]:
        yield from zip(rows[0], row, strict=False)
