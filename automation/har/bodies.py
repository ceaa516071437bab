"""HAR bodies: decode them (base64, gzip, UTF-8), tell static assets from answers, and scrub a body by
its format (JSON, form, multipart, JSONP or script, HTML, XML, CSV, text).

The rule (README "Recorded sessions"): a static asset (a font, image or other media, or a style sheet
or script fetched by a file name) is kept, with only known values and secret shapes replaced; every
other body is decoded and scrubbed field by field; a body that cannot be decoded with certainty (bad
base64, binary data that is not media, a gzip bomb) is dropped: its text becomes a placeholder
``<body dropped: REASON>`` and the scrub notes it.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .html_scrub import scrub_html
from .names import Side, classify_field
from .values import is_printable_text

if TYPE_CHECKING:
    from .scrub import Scrubber

#: Largest body unpacked from gzip (a bigger one is dropped, not unpacked).
MAX_UNPACKED = 64 * 1024 * 1024
_MEDIA_MIME_RE = re.compile(r"^\s*(?:font|image|audio|video)/|woff|opentype|truetype|wasm", re.IGNORECASE)
_TEXTUAL_MIME_RE = re.compile(r"^text/|json|javascript|ecmascript|xml|x-www-form-urlencoded", re.IGNORECASE)
_CODE_MIME_RE = re.compile(r"javascript|ecmascript|\bcss\b|text/css", re.IGNORECASE)
_STATIC_SUFFIXES = (
    ".js", ".mjs", ".cjs", ".css", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".png", ".jpg",
    ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif", ".bmp", ".wasm", ".mp4", ".webm", ".mp3",
)  # fmt: skip
_MULTIPART_PART_RE = re.compile(
    r'(?P<head>Content-Disposition:[^\r\n]*?\bname="(?P<name>[^"]*)"[^\r\n]*\r\n'
    r"(?:[^\r\n]+\r\n)*\r\n)(?P<value>.*?)(?=\r\n--)",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True)
class Decoded:
    """A body's bytes made text where they are text; `dropped` says why a body cannot be used."""

    text: str | None = None
    data: bytes | None = None
    dropped: str = ""


def gunzip_limited(data: bytes) -> bytes | None:
    """gzip data unpacked (at most `MAX_UNPACKED` bytes), or None when it is corrupt or bigger."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_UNPACKED)
    except zlib.error:
        return None
    return None if unpacker.unconsumed_tail or not unpacker.eof else out


def decode_body(text: object, encoding: object) -> Decoded:
    """A HAR body (``text`` with ``encoding`` or Playwright's ``_encoding``) as text or bytes."""
    if not isinstance(text, str):
        return Decoded(dropped="its text is not a string")
    if encoding in (None, ""):
        data = None
    elif isinstance(encoding, str) and encoding.lower() == "base64":
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            return Decoded(dropped="its base64 is not valid")
    else:
        return Decoded(dropped="its encoding is unknown")
    if data is None:
        return Decoded(text=text)
    if data[:2] == b"\x1f\x8b":
        unpacked = gunzip_limited(data)
        if unpacked is None:
            return Decoded(dropped="its gzip data is corrupt or unpacks to over 64 MB")
        data = unpacked
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Decoded(data=data)
    return Decoded(text=decoded) if is_printable_text(decoded) or not decoded else Decoded(data=data)


def is_textual(mime: str) -> bool:
    """True for MIME types whose bodies are text rather than binary."""
    return _TEXTUAL_MIME_RE.search(mime or "") is not None


def is_media(mime: str) -> bool:
    """Fonts, images, audio, video, WebAssembly: binary assets kept as they are."""
    return _MEDIA_MIME_RE.search(mime or "") is not None


def is_static_asset(method: str, url: str, mime: str) -> bool:
    """A body served the same to everyone: media, or a script or style sheet fetched by file name."""
    if method.upper() not in ("GET", "HEAD"):
        return False
    if is_media(mime):
        return True
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return False
    return _CODE_MIME_RE.search(mime or "") is not None and path.endswith(_STATIC_SUFFIXES)


def body_format(text: str, mime: str) -> str:
    """How a text body is decoded: "json", "form", "multipart", "html", "xml", "csv", "script" or "text"."""
    mime = (mime or "").lower()
    start = text.lstrip()[:64].lower()
    if "x-www-form-urlencoded" in mime:
        return "form"
    if "multipart/form-data" in mime:
        return "multipart"
    if "json" in mime or start[:1] in ("{", "["):
        return "json"
    if "html" in mime or start.startswith(("<!doctype html", "<html")):
        return "html"
    if "xml" in mime or start.startswith("<?xml"):
        return "xml"
    if "csv" in mime:
        return "csv"
    if "javascript" in mime or "ecmascript" in mime:
        return "script"
    return "text"


def scrub_text_body(scrubber: Scrubber, text: str, mime: str, side: Side) -> str:
    """A decoded text body scrubbed by its format (an unparseable JSON body is scrubbed as text)."""
    kind = body_format(text, mime)
    if kind == "multipart":
        return scrubber.scrub_text(_scrub_multipart(scrubber, text, side), side)
    if kind == "html":
        return scrubber.scrub_text(scrub_html(scrubber, text, side), side)
    if kind == "csv":
        return scrubber.scrub_text(_scrub_csv(scrubber, text, side), side)
    if kind == "form":
        return scrubber.scrub_text(scrubber.values.form(text, side), side)
    return scrubber.values.value(text, side)  # JSON, JSONP, scripts, XML, forms sent as text, text


def _scrub_multipart(scrubber: Scrubber, text: str, side: Side) -> str:
    """multipart/form-data: each part scrubbed by its name and content."""

    def replace(match: re.Match[str]) -> str:
        name, value = match.group("name"), match.group("value")
        kind = classify_field(name, value, side)
        scrubbed = scrubber.redact(kind, value) if kind else scrubber.values.value(value, side)
        return match.group("head") + scrubbed

    return _MULTIPART_PART_RE.sub(replace, text)


def _scrub_csv(scrubber: Scrubber, text: str, side: Side) -> str:
    """CSV with a header row: columns whose heading names a secret are replaced."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return text
    if len(rows) < 2:
        return text
    kinds = [classify_field(name, "x" * 8, side) for name in rows[0]]
    changed = False
    for row in rows[1:]:
        for column, cell in enumerate(row):
            kind = kinds[column] if column < len(kinds) else None
            scrubbed = scrubber.redact(kind, cell) if kind and cell else scrubber.values.value(cell, side)
            if scrubbed != cell:
                row[column] = scrubbed
                changed = True
    if not changed:
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
    return out.getvalue()
