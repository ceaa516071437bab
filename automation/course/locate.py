"""Source lines for what the renderers produce: rendered text lines back to the page's lines."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right


class LineMap:
    """Maps 1-based lines of a rendered text to 1-based lines of its source.

    Liquid copies text through unchanged, so the lines of the two texts are aligned with difflib;
    a line Liquid produced (an ``include``, a loop, a changed output) maps to the source line of
    the tag that made it.
    """

    def __init__(self, source: str, rendered: str) -> None:
        source_lines = source.split("\n")
        rendered_lines = rendered.split("\n")
        matcher = difflib.SequenceMatcher(None, source_lines, rendered_lines, autojunk=False)
        self._starts: list[int] = []
        self._blocks: list[tuple[str, int, int, int, int]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            self._starts.append(j1)
            self._blocks.append((tag, i1, i2, j1, j2))

    def source_line(self, rendered_line: int) -> int:
        """The source line of ``rendered_line``."""
        index = rendered_line - 1
        if not self._blocks:
            return rendered_line
        position = max(bisect_right(self._starts, index) - 1, 0)
        tag, i1, i2, j1, _ = self._blocks[position]
        while tag == "delete" and position + 1 < len(self._blocks) and self._blocks[position + 1][3] <= index:
            position += 1
            tag, i1, i2, j1, _ = self._blocks[position]
        if tag == "equal":
            return i1 + (index - j1) + 1
        if i2 > i1:
            return min(i1 + (index - j1), i2 - 1) + 1
        return max(i1, 1)


_MARKDOWN_DEST = re.compile(r"!\[")
_HTML_SRC = re.compile(
    r"""\bsrc\s*=\s*(?:"((?:[^"{]|\{\{.*?\}\}|\{%.*?%\}|\{)*)"|'((?:[^'{]|\{\{.*?\}\}|\{%.*?%\}|\{)*)'|((?:\{\{.*?\}\}|\{%.*?%\}|[^\s>])+))""",
    re.I | re.S,
)
_DEFINITION = re.compile(r"^ {0,3}\[[^\n\]]+\]:[ \t]*<?((?:\{\{.*?\}\}|\{%.*?%\}|[^\s>\"'])+)", re.M)


def spellings_on(source_lines: list[str], line: int, syntax: str) -> list[str]:
    """How the image paths of one kind are spelled on a source line (and what follows it)."""
    if line < 1 or line > len(source_lines):
        return []
    text = "\n".join(source_lines[line - 1 : line + 2])
    if syntax == "html-img":
        return [
            next(group for group in match.groups() if group is not None) for match in _HTML_SRC.finditer(text)
        ]
    if syntax == "markdown-reference":
        match = _DEFINITION.match(source_lines[line - 1])
        return [match.group(1)] if match else []
    found = []
    for opening in _MARKDOWN_DEST.finditer(text):
        close = _closing_bracket(text, opening.end())
        if close is None or not text.startswith("(", close + 1):
            continue
        destination = _destination(text, close + 2)
        if destination:
            found.append(destination)
    return found


def _closing_bracket(text: str, pos: int) -> int | None:
    depth = 1
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return None


def _destination(text: str, pos: int) -> str:
    """The URL part of ``(url "title")`` at ``pos``, Liquid tags kept whole."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if text.startswith("<", pos):
        end = text.find(">", pos)
        return text[pos + 1 : end] if end > 0 else ""
    depth = 0
    start = pos
    while pos < len(text):
        if text.startswith("{{", pos) or text.startswith("{%", pos):
            end = text.find("}}" if text[pos + 1] == "{" else "%}", pos + 2)
            if end < 0:
                break
            pos = end + 2
            continue
        char = text[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif (char in "\"'" and text[pos - 1 : pos].isspace()) or char == "\n":
            break
        pos += 1
    return text[start:pos].strip()
