"""Edit one section of an INI-style file as text, leaving every other byte as it was.

configparser would rewrite the whole file (comments, spacing, key order, other profiles), so the
AWS shared credentials file is edited here as text instead. A section runs from its '[name]' header
to the next header; comment and blank lines just before the next header stay with that header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) of one section in a text."""

    start: int
    end: int


def section_name(line: str) -> str | None:
    """The name in a '[name]' header line (as configparser reads it), or None for other lines."""
    stripped = line.strip()
    if stripped.startswith("[") and "]" in stripped[1:]:
        return stripped[1 : stripped.rindex("]")]
    return None


def find_sections(text: str, name: str) -> list[Span]:
    """Every section called name, in file order."""
    lines = [match.group() for match in _LINE.finditer(text) if match.group()]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    headers = [index for index, line in enumerate(lines) if section_name(line) is not None]
    spans = []
    for position, index in enumerate(headers):
        if section_name(lines[index]) != name:
            continue
        end = headers[position + 1] if position + 1 < len(headers) else len(lines)
        while end - 1 > index and _is_trailing_filler(lines[end - 1]):
            end -= 1
        spans.append(Span(starts[index], starts[end]))
    return spans


def put_section(text: str, name: str, body: list[str]) -> str:
    """text with section name set to '[name]' + body lines: replaced in place, else appended.

    Later duplicates of the section are removed (configparser refuses duplicate sections).
    Lines use the file's own line ending.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    section = "".join(line + newline for line in [f"[{name}]", *body])
    spans = find_sections(text, name)
    if not spans:
        if not text:
            return section
        if not text.endswith(("\n", "\r")):
            text += newline
        if text.strip() and not text.endswith(newline * 2):
            text += newline
        return text + section
    for span in reversed(spans[1:]):
        text = text[: span.start] + text[span.end :]
    first = spans[0]
    return text[: first.start] + section + text[first.end :]


def _is_trailing_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(("#", ";"))
