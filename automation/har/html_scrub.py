"""Scrub an HTML page by its structure: every attribute value (links by the URL rules, ``value`` and
``content`` by the ``name`` beside them, JSON in ``data-*``), and the text of inline scripts.

Python's `html.parser` finds the tags; each changed start tag is written back with its attributes in
the same order and quotes, and everything else stays byte for byte.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from .names import Side, classify_field

if TYPE_CHECKING:
    from .scrub import Scrubber

_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "data", "background"})
_PAIRED_VALUE = {"value": ("name", "id"), "content": ("name", "property", "itemprop", "http-equiv")}
_ATTRIBUTE_RE = re.compile(
    r"""(?P<name>[^\s/>"'=]+)(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)
_TAG_NAME_RE = re.compile(r"<[^\s/>]+")


class _Tags(HTMLParser):
    """Start tags (offset, raw text, name, attributes) and inline script texts (offset, text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.tags: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[int, str]] = []
        self._script_type: str | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        self.tags.append((self._offset(), raw, tag, attrs))
        if tag == "script":
            self._script_type = next((value or "" for name, value in attrs if name == "type"), "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_type = None

    def handle_data(self, data: str) -> None:
        if self._script_type is not None and data.strip():
            self.scripts.append((self._offset(), data))


def scrub_html(scrubber: Scrubber, text: str, side: Side) -> str:
    """`text` with secret attribute values and inline script secrets replaced (see the module)."""
    parser = _Tags(text)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):
        return text  # not HTML after all: the caller scrubs it as text
    edits: list[tuple[int, int, str]] = []
    for offset, raw, _tag, attrs in parser.tags:
        if not raw or text[offset : offset + len(raw)] != raw:
            continue
        scrubbed = _scrub_tag(scrubber, raw, attrs, side)
        if scrubbed != raw:
            edits.append((offset, offset + len(raw), scrubbed))
    for offset, data in parser.scripts:
        if text[offset : offset + len(data)] != data:
            continue
        scrubbed = scrubber.values.value(data, side)  # JSON, a JSON assignment, or script text
        if scrubbed != data:
            edits.append((offset, offset + len(data), scrubbed))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _scrub_tag(scrubber: Scrubber, raw: str, attrs: list[tuple[str, str | None]], side: Side) -> str:
    """One start tag with each attribute value scrubbed (the raw quoting kept)."""
    names = {name: value or "" for name, value in attrs}
    replacements: dict[str, str] = {}
    for name, value in attrs:
        if not value or name in replacements:
            continue
        scrubbed = _scrub_attribute(scrubber, name, value, names, side)
        if scrubbed != value:
            replacements[name] = scrubbed
    if not replacements:
        return raw

    def replace(match: re.Match[str]) -> str:
        name = match.group("name").lower()
        if name not in replacements:
            return match.group()
        value = replacements.pop(name).replace("&", "&amp;").replace('"', "&quot;")
        return f'{match.group("name")}{match.group("eq")}"{value}"'

    tag_name = _TAG_NAME_RE.match(raw)
    if tag_name is None:
        return raw
    return raw[: tag_name.end()] + _ATTRIBUTE_RE.sub(replace, raw[tag_name.end() :])


def _scrub_attribute(scrubber: Scrubber, name: str, value: str, names: dict[str, str], side: Side) -> str:
    """One attribute value: named by its partner (``<input name=csrf value=…>``), a URL, or a value."""
    for partner in _PAIRED_VALUE.get(name, ()):
        kind = classify_field(names.get(partner, ""), value, side)
        if kind is not None:
            return scrubber.redact(kind, value)
    kind = classify_field(name.removeprefix("data-"), value, side) if name.startswith("data-") else None
    if kind is not None:
        return scrubber.redact(kind, value)
    if name in _URL_ATTRIBUTES or name.endswith("url"):
        return scrubber.values.url(value, Side.REQUEST)
    return scrubber.values.value(value, side)
