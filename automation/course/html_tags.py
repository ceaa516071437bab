"""HTML tags as kramdown reads them (kramdown 2.4, ``Kramdown::Parser::Html::Constants``).

kramdown recognises a tag only when it matches its own pattern: an unquoted attribute value must be
word characters only, so ``<img src=images/x.png>`` is not a tag at all (kramdown writes it out as
text). Of duplicate attributes the last one wins (kramdown overwrites, browsers keep the first, but
the browser only ever sees kramdown's output).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_NAME = r"(?:[A-Za-z_][\w.\-]*:)?[A-Za-z_][\w.\-]*"
TAG = re.compile(
    rf"<((?>{_NAME}))\s*((?>\s+{_NAME}(?:\s*=\s*(?:\w+|([\"']).*?\3))?)*)\s*(/)?>",
    re.S,
)
CLOSE_TAG = re.compile(rf"</({_NAME})\s*>", re.S)
ATTRIBUTE = re.compile(rf"\s*({_NAME})(?:\s*=\s*(?:(\w+)|([\"'])(.*?)\3))?", re.S)
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
INSTRUCTION = re.compile(r"<\?(.*?)\?>", re.S)

CONTENT_MODEL_BLOCK = frozenset(
    [
        "address",
        "applet",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "figcaption",
        "footer",
        "form",
        "header",
        "hgroup",
        "iframe",
        "li",
        "main",
        "map",
        "menu",
        "nav",
        "noscript",
        "object",
        "section",
        "summary",
        "td",
    ]
)
CONTENT_MODEL_SPAN = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdo",
        "big",
        "button",
        "cite",
        "caption",
        "del",
        "dfn",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "i",
        "ins",
        "label",
        "legend",
        "optgroup",
        "p",
        "q",
        "rb",
        "rbc",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "th",
        "tt",
    ]
)
SPAN_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "bdo",
        "br",
        "button",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "mark",
        "option",
        "q",
        "rb",
        "rbc",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "samp",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
    ]
)
BLOCK_ELEMENTS = frozenset(
    [
        "address",
        "article",
        "aside",
        "applet",
        "body",
        "blockquote",
        "caption",
        "col",
        "colgroup",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "head",
        "iframe",
        "legend",
        "menu",
        "li",
        "main",
        "map",
        "nav",
        "ol",
        "optgroup",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
WITHOUT_BODY = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "command",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
#: Elements whose text the browser never parses as HTML.
TEXT_ONLY = frozenset(("script", "style", "textarea", "title", "xmp"))


def content_model(name: str) -> str:
    """``block``, ``span`` or ``raw`` (kramdown's ``HTML_CONTENT_MODEL``; unknown elements are raw)."""
    if name in CONTENT_MODEL_BLOCK:
        return "block"
    if name in CONTENT_MODEL_SPAN:
        return "span"
    return "raw"


def attributes(text: str) -> dict[str, str]:
    """The attributes of a tag's attribute text; names lower-cased, the last of duplicates wins."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(text):
        if not match.group(1):
            continue
        value = match.group(2) if match.group(2) is not None else match.group(4)
        found[match.group(1).lower()] = value if value is not None else ""
    return found


@dataclass(frozen=True)
class HtmlImage:
    """An ``<img>`` tag in raw HTML: its attributes (entities decoded) and character offset."""

    attributes: dict[str, str]
    offset: int

    @property
    def src(self) -> str | None:
        value = self.attributes.get("src")
        return html.unescape(value) if value is not None else None


def images_in_html(text: str) -> Iterator[HtmlImage]:
    """Every ``<img>`` kramdown recognises in raw HTML text, skipping comments and script text."""
    pos = 0
    while True:
        start = text.find("<", pos)
        if start < 0:
            return
        comment = COMMENT.match(text, start) or INSTRUCTION.match(text, start)
        if comment:
            pos = comment.end()
            continue
        tag = TAG.match(text, start)
        if tag is None:
            pos = start + 1
            continue
        name = tag.group(1).lower()
        if name == "img":
            attrs = {key: html.unescape(value) for key, value in attributes(tag.group(2)).items()}
            yield HtmlImage(attrs, start)
        elif name in TEXT_ONLY and not tag.group(4):
            close = re.compile(rf"</{name}\s*>", re.I).search(text, tag.end())
            pos = close.end() if close else len(text)
            continue
        pos = tag.end()


def element_end(text: str, start: int) -> int:
    """Where the raw HTML element whose start tag begins at ``start`` ends (kramdown's raw parsing).

    Nested elements are matched by name; a closing tag that closes nothing open is text; an element
    never closed runs to the end of ``text`` (kramdown auto-closes it there).
    """
    first = TAG.match(text, start)
    if first is None:
        return start
    name = first.group(1).lower()
    if first.group(4) or name in WITHOUT_BODY:
        return first.end()
    stack = [name]
    pos = first.end()
    if name in ("script", "style"):
        close = re.compile(rf"</{name}\s*>", re.I).search(text, pos)
        return close.end() if close else len(text)
    while stack:
        found = text.find("<", pos)
        if found < 0:
            return len(text)
        comment = COMMENT.match(text, found) or INSTRUCTION.match(text, found)
        if comment:
            pos = comment.end()
            continue
        tag = TAG.match(text, found)
        if tag is not None:
            inner = tag.group(1).lower()
            if inner in ("script", "style") and not tag.group(4):
                close = re.compile(rf"</{inner}\s*>", re.I).search(text, tag.end())
                pos = close.end() if close else len(text)
                continue
            if not tag.group(4) and inner not in WITHOUT_BODY:
                stack.append(inner)
            pos = tag.end()
            continue
        close_tag = CLOSE_TAG.match(text, found)
        if close_tag is not None:
            if close_tag.group(1).lower() == stack[-1]:
                stack.pop()
            pos = close_tag.end()
            continue
        pos = found + 1
    return pos


def markdown_regions(text: str, start: int, end: int) -> list[tuple[int, int, int, str, str]]:
    """Elements inside raw HTML that ask for Markdown (``markdown="1"``, ``"block"``, ``"span"``).

    kramdown parses their content even inside a raw element. Each region is (tag start, content
    start, content end, mode, element name), outermost regions only, in order.
    """
    regions: list[tuple[int, int, int, str, str]] = []
    pos = start
    while pos < end:
        found = text.find("<", pos)
        if found < 0 or found >= end:
            break
        comment = COMMENT.match(text, found)
        if comment:
            pos = comment.end()
            continue
        tag = TAG.match(text, found)
        if tag is None:
            pos = found + 1
            continue
        if found == start:
            pos = tag.end()
            continue
        attrs = attributes(tag.group(2))
        mode = {"1": "default", "block": "block", "span": "span"}.get(attrs.get("markdown", ""))
        if mode is None or tag.group(4):
            pos = tag.end()
            continue
        name = tag.group(1).lower()
        element_stop = element_end(text, found)
        close = re.compile(rf"</{re.escape(tag.group(1))}\s*>\s*\Z", re.I).search(
            text, tag.end(), element_stop
        )
        inner_end = close.start() if close else element_stop
        if mode == "default":
            mode = "block" if content_model(name) == "block" else "span"
        regions.append((found, tag.end(), inner_end, mode, name))
        pos = element_stop
    return regions
