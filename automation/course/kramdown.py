"""Images in Markdown as kramdown (Jekyll's converter, GFM input) renders them, on markdown-it-py.

markdown-it-py parses the block structure (paragraphs, lists, block quotes, indented and fenced code,
tables); the rules where kramdown differs from CommonMark are replaced by kramdown's own, each
checked against Jekyll in the corpus tests:

- **images** ``![alt](url "title")``: the URL runs to the closing parenthesis and may hold spaces;
  backslashes in it are kept; a title is quoted only (``(title)`` is part of the URL);
  ``![alt] [id]``, ``![alt][]`` and ``![alt]`` look a definition up (kramdown ``parse_link``);
- **reference definitions** ``[id]: url "title"``: the URL is the rest of the line, and the *last*
  definition of an id wins (CommonMark: the first);
- **HTML blocks**: a block-level tag at the start of a line opens an element that runs to its
  matching closing tag, blank lines included; its content is raw HTML (no Markdown) unless it has
  ``markdown="1"``, ``"block"`` or ``"span"``; ``<img>`` tags inside still count;
- **HTML in text**: a tag counts only when kramdown's tag pattern matches it (unquoted attribute
  values of word characters only, so ``<img src=images/x.png>`` is text); ``<code>``, ``<kbd>``,
  ``<samp>``, ``<var>`` and unknown elements hold raw HTML (their ``<img>`` tags count, Markdown does
  not); a block-level tag inside a paragraph is text;
- **kramdown extensions**: ``{::comment}…{:/comment}`` hides its content, ``{::nomarkdown}…`` is raw.

Not reproduced (no image in the corpus depends on them): math blocks, abbreviations, footnote
bodies, definition lists, and kramdown's own list-indentation rules where they differ from
CommonMark's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.fence import make_fence_rule
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from automation.course import html_tags

Syntax = Literal["markdown-inline", "markdown-reference", "html-img"]

_ESCAPED = re.compile(r"\\([\\.*_+`<>()\[\]{}#!:|\"'$=-])")
_DEFINITION = re.compile(
    r"^ {0,3}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))"
    r"(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?([\"'])(.+?)\4)?[ \t]*?\n"
)
_PAREN_STOP = re.compile(r"(\()|(\))|\s(?=['\"])")
_INLINE_ID = re.compile(r"\s*?\[([^\]]+)?\]")
_INLINE_TITLE = re.compile(r"\s*?([\"'])(.+?)\1\s*?\)", re.S)
_EXTENSION_START = re.compile(r"^ {0,3}\{::(comment|nomarkdown)\b[^}]*?(/)?\}")


@dataclass(frozen=True)
class FoundImage:
    """An image in the rendered Markdown: what the browser gets, and where it came from.

    ``line`` is 1-based in the Markdown text given to :func:`find_images`.
    """

    src: str
    alt: str
    title: str | None
    line: int
    syntax: Syntax
    label: str | None = None
    definition_line: int | None = None


def normalize_id(label: str) -> str:
    """kramdown's ``normalize_link_id``."""
    return re.sub(r"\s+", " ", label).lower()


def find_images(markdown: str) -> list[FoundImage]:
    """Every image kramdown would render from ``markdown`` (Liquid already rendered), in order."""
    return find_images_and_notes(markdown)[0]


def find_images_and_notes(markdown: str) -> tuple[list[FoundImage], list[tuple[int, str]]]:
    """The images, and notes on would-be images kramdown shows as text: ``(line, message)``."""
    env: dict[str, object] = {"kramdown_definitions": {}, "kramdown_notes": {}}
    tokens = _parser().parse(markdown if markdown.endswith("\n") else markdown + "\n", env)
    found: list[FoundImage] = []
    _collect(tokens, 0, found)
    notes: dict[tuple[int, str], None] = {}
    for token in _walk(tokens):
        line = 1 + (token.map[0] if token.map else 0)
        for offset, message in (token.meta or {}).get("notes", []):
            notes[(line + offset, message)] = None
        if token.type == "html_block":
            without_comments = html_tags.COMMENT.sub(lambda m: " " * len(m.group(0)), token.content)
            for lookalike in _IMG_START.finditer(without_comments):
                if html_tags.TAG.match(without_comments, lookalike.start()) is None:
                    offset = token.content.count("\n", 0, lookalike.start())
                    notes[(line + offset, _unquoted_message(lookalike.group(0)))] = None
    return found, sorted(notes)


def _walk(tokens: list[Token]) -> list[Token]:
    return [token for token in tokens if token.type in ("inline", "inline_parsed", "html_block")]


def _collect(tokens: list[Token], base_line: int, found: list[FoundImage]) -> None:
    for token in tokens:
        line = base_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            for image in html_tags.images_in_html(token.content):
                found.append(
                    FoundImage(
                        image.src or "",
                        image.attributes.get("alt", ""),
                        image.attributes.get("title"),
                        line + 1 + token.content.count("\n", 0, image.offset),
                        "html-img",
                    )
                )
        elif token.type in ("inline", "inline_parsed") and token.children:
            for child in token.children:
                offset = int((child.meta or {}).get("line_offset", 0))
                if child.type == "image":
                    found.append(
                        FoundImage(
                            str(child.attrGet("src") or ""),
                            str(child.attrGet("alt") or ""),
                            child.attrGet("title"),  # type: ignore[arg-type]
                            line + 1 + offset,
                            child.meta.get("syntax", "markdown-inline"),
                            child.meta.get("label"),
                            child.meta.get("definition_line"),
                        )
                    )
                elif child.type == "html_inline":
                    for image in html_tags.images_in_html(child.content):
                        found.append(
                            FoundImage(
                                image.src or "",
                                image.attributes.get("alt", ""),
                                image.attributes.get("title"),
                                line + 1 + offset + child.content.count("\n", 0, image.offset),
                                "html-img",
                            )
                        )


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        md.block.ruler.at("reference", _definition_rule)
        md.block.ruler.at("html_block", _html_block_rule, {"alt": ["paragraph", "reference", "blockquote"]})
        md.block.ruler.before("html_block", "kramdown_extension", _extension_rule)
        md.block.ruler.at(
            "fence", _closed_fence_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
        )
        md.core.ruler.at("inline", _inline_with_notes)
        md.inline.ruler.at("image", _image_rule)
        md.inline.ruler.at("html_inline", _html_inline_rule)
        _PARSER = md
    return _PARSER


# ----------------------------------------------------------------------------------------------
# Block rules

_FENCE = make_fence_rule()
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})")


def _closed_fence_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A fenced code block only when its closing fence exists (kramdown: otherwise it is text)."""
    if state.is_code_block(start_line):
        return False
    opening = _FENCE_OPEN.match(_line_text(state, start_line))
    if opening is None:
        return False
    marker = opening.group(1)
    closing = re.compile(rf"{re.escape(marker[0])}{{{len(marker)},}}[ \t]*")
    for line in range(start_line + 1, end_line):
        if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            break
        if closing.fullmatch(_line_text(state, line)) and state.sCount[line] - state.blkIndent < 4:
            return bool(_FENCE(state, start_line, end_line, silent))
    return False


def _inline_with_notes(state: StateCore) -> None:
    """The core "inline" pass, keeping each inline token's notes on would-be images."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env["kramdown_pending_notes"] = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)
            token.meta = {**(token.meta or {}), "notes": state.env.pop("kramdown_pending_notes")}


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _definition_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """``[id]: url "title"`` (kramdown ``LINK_DEFINITION_START``); the last definition of an id wins."""
    if state.is_code_block(start_line):
        return False
    last = min(start_line + 2, end_line)
    text = state.getLines(start_line, last, state.blkIndent, True)
    if not text.endswith("\n"):
        text += "\n"
    match = _DEFINITION.match(text)
    if match is None or match.group(1).startswith("^"):
        return False
    if match.group(3) is not None and re.search(r"[ \t]+[\"']", match.group(3)):
        return False
    if silent:
        return True
    lines_used = match.group(0).count("\n")
    definitions = state.env.setdefault("kramdown_definitions", {})
    definitions[normalize_id(match.group(1))] = (
        match.group(2) if match.group(2) is not None else match.group(3),
        match.group(5),
        start_line + 1,
    )
    state.line = start_line + lines_used
    return True


def _html_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A block-level HTML element or comment at the start of a line, to its end (kramdown)."""
    if state.is_code_block(start_line):
        return False
    first = _line_text(state, start_line)
    if not first.startswith("<"):
        return False
    text = state.getLines(start_line, end_line, state.blkIndent, True)
    text = text[len(text) - len(text.lstrip(" ")) :] if text.startswith(" ") else text
    comment = html_tags.COMMENT.match(text)
    tag = html_tags.TAG.match(text)
    if comment is None and (tag is None or tag.group(1).lower() in html_tags.SPAN_ELEMENTS):
        return False
    if silent:
        return comment is None  # a block tag ends a paragraph, a comment does not (kramdown LAZY_END)
    if comment is not None:
        end = comment.end()
        _push_html(state, start_line, text[:end], _lines_to(text, end))
        _push_rest_of_line(state, start_line, text, end)
        return True
    assert tag is not None
    name = tag.group(1).lower()
    attrs = html_tags.attributes(tag.group(2))
    mode = {"0": "raw", "1": "default", "span": "span", "block": "block"}.get(attrs.get("markdown", ""), "")
    model = html_tags.content_model(name) if mode == "default" else (mode or "raw")
    if name in ("script", "style"):
        model = "raw"
    end = html_tags.element_end(text, 0)
    if model == "raw" or tag.group(4) or name in html_tags.WITHOUT_BODY:
        _push_raw_html(state, start_line, text, end)
        _push_rest_of_line(state, start_line, text, end)
        return True
    close = re.compile(rf"</{re.escape(tag.group(1))}\s*>\s*\Z", re.I).search(text, tag.end(), end)
    inner_end = close.start() if close else end
    inner = text[tag.end() : inner_end]
    open_lines = text.count("\n", 0, tag.end())
    _push_html(state, start_line, text[: tag.end()], open_lines)
    _push_markdown(state, inner, start_line + open_lines, model)
    state.line = start_line + _lines_to(text, end)
    _push_rest_of_line(state, start_line, text, end)
    return True


def _push_rest_of_line(state: StateBlock, start_line: int, text: str, end: int) -> None:
    """Text after an HTML block's end on the same line starts a paragraph (kramdown goes on there)."""
    newline = text.find("\n", end)
    rest = text[end : newline if newline >= 0 else len(text)]
    if not rest.strip():
        return
    line = start_line + text.count("\n", 0, end)
    state.push("paragraph_open", "p", 1).map = [line, line + 1]
    token = state.push("inline", "", 0)
    token.content = rest.strip()
    token.map = [line, line + 1]
    token.children = []
    state.push("paragraph_close", "p", -1)


def _push_raw_html(state: StateBlock, start_line: int, text: str, end: int) -> None:
    """Raw HTML, except the elements inside it that ask for Markdown (kramdown parses those)."""
    regions = html_tags.markdown_regions(text, 0, end)
    pos = 0
    for _open_start, inner_start, inner_end, mode, _ in regions:
        raw = state.push("html_block", "", 0)
        raw.content = text[pos:inner_start]
        line = start_line + text.count("\n", 0, pos)
        raw.map = [line, line + 1]
        inner_line = start_line + text.count("\n", 0, inner_start)
        _push_markdown(state, text[inner_start:inner_end], inner_line, mode)
        pos = inner_end
    raw = state.push("html_block", "", 0)
    raw.content = text[pos:end]
    line = start_line + text.count("\n", 0, pos)
    raw.map = [line, line + 1]
    state.line = start_line + _lines_to(text, end)


def _push_markdown(state: StateBlock, inner: str, first_line: int, mode: str) -> None:
    """Markdown content of an HTML element: blocks, or spans only."""
    if mode == "span":
        token = state.push("inline", "", 0)
        token.content = inner
        token.map = [first_line, first_line + 1]
        token.children = []
        return
    for token in state.md.parse(inner, state.env):
        if token.type == "inline":
            token.type = "inline_parsed"  # already parsed: the outer pass must not parse it again
        if token.map:
            token.map = [token.map[0] + first_line, token.map[1] + first_line]
        state.tokens.append(token)


def _lines_to(text: str, end: int) -> int:
    """How many lines ``text[:end]`` occupies, counting the line ``end`` falls on."""
    newline = text.find("\n", max(end - 1, 0))
    stop = len(text) if newline < 0 else newline + 1
    return max(1, text.count("\n", 0, stop) + (0 if newline >= 0 else 1))


def _push_html(state: StateBlock, start_line: int, content: str, lines: int) -> None:
    token = state.push("html_block", "", 0)
    token.map = [start_line, start_line + lines]
    token.content = content
    state.line = start_line + lines


def _extension_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """kramdown's ``{::comment}`` (hidden) and ``{::nomarkdown}`` (raw) extension blocks."""
    if state.is_code_block(start_line):
        return False
    match = _EXTENSION_START.match(_line_text(state, start_line))
    if match is None:
        return False
    if silent:
        return True
    text = state.getLines(start_line, end_line, state.blkIndent, True)
    name = match.group(1)
    if match.group(2):
        end = len(match.group(0))
    else:
        close = re.compile(rf"\{{:/(?:{name})?\}}").search(text)
        end = close.end() if close else len(text)
    lines = _lines_to(text, end)
    if name == "nomarkdown":
        _push_html(state, start_line, text[:end], lines)
    state.line = start_line + lines
    return True


# ----------------------------------------------------------------------------------------------
# Inline rules


def _line_offset(state: StateInline, pos: int) -> int:
    return state.src.count("\n", 0, pos)


def _note(state: StateInline, pos: int, message: str) -> None:
    """Remember a would-be image on the inline token being parsed (reported with its line)."""
    notes = state.env.setdefault("kramdown_pending_notes", [])
    notes.append((_line_offset(state, pos), message))


_IMG_START = re.compile(r"<img\b[^>]*>?", re.I)


def _image_rule(state: StateInline, silent: bool) -> bool:
    """``![alt](url "title")`` / ``![alt][id]`` / ``![alt]`` as kramdown's ``parse_link`` reads them."""
    src = state.src
    start = state.pos
    if not src.startswith("![", start) or src[start + 2 : start + 3] == "^":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
    if label_end < 0:
        return False
    alt = _ESCAPED.sub(r"\1", src[start + 2 : label_end])
    pos = label_end + 1
    rest = src[pos:]
    reference = _INLINE_ID.match(rest)
    if reference or not rest.startswith("("):
        label = reference.group(1) if reference and reference.group(1) else alt
        definitions = state.env.get("kramdown_definitions", {})
        definition = definitions.get(normalize_id(label))
        if definition is None:
            if reference and not silent:
                _note(
                    state,
                    start,
                    f"![{alt}][{reference.group(1) or ''}] has no reference definition "
                    f"('[{label}]: images/NAME.png'), so Jekyll shows it as text, not as an image",
                )
            return False
        end = pos + (reference.end() if reference else 0)
        if not silent:
            url, title, line = definition
            _push_image(
                state, start, url, alt, title, syntax="markdown-reference", label=label, definition_line=line
            )
        state.pos = end
        return True
    parsed = _parse_parenthesised(src, pos, state.posMax)
    if parsed is None:
        return False
    url, title, end = parsed
    if not silent:
        _push_image(state, start, url, alt, title, syntax="markdown-inline")
    state.pos = end
    return True


def _parse_parenthesised(src: str, pos: int, limit: int) -> tuple[str, str | None, int] | None:
    """``(url)``, ``(<url>)`` or ``(url "title")`` at ``pos``: (url, title, end) or ``None``."""
    text = src[:limit]
    angle = re.compile(r"\(<(.*?)>").match(text, pos)
    if angle:
        after = angle.end()
        url = angle.group(1)
        if text.startswith(")", after):
            return url, None, after + 1
    else:
        depth = 0
        scan = pos
        collected_end = pos
        while True:
            stop = _PAREN_STOP.search(text, scan)
            if stop is None:
                break
            collected_end = stop.end()
            scan = stop.end()
            if stop.group(2):
                depth -= 1
                if depth == 0:
                    break
            elif stop.group(1):
                depth += 1
            else:
                break
        url = text[pos + 1 : collected_end - 1].strip()
        if depth == 0:
            return url, None, collected_end
        after = collected_end
    title = _INLINE_TITLE.match(text, after)
    if title is None:
        return None
    return url, title.group(2), title.end()


def _push_image(
    state: StateInline,
    start: int,
    url: str,
    alt: str,
    title: str | None,
    *,
    syntax: Syntax,
    label: str | None = None,
    definition_line: int | None = None,
) -> None:
    token = state.push("image", "img", 0)
    token.attrs = {"src": url, "alt": alt}
    if title is not None:
        token.attrs["title"] = title
    token.children = []
    token.content = alt
    token.meta = {
        "syntax": syntax,
        "label": label,
        "definition_line": definition_line,
        "line_offset": _line_offset(state, start),
    }


def _unquoted_message(tag: str) -> str:
    shown = " ".join(tag.split())
    return (
        f"{shown[:100]} is not an image for Jekyll: kramdown reads a tag only when every unquoted "
        'attribute value is letters and digits; quote the values (src="images/NAME.png")'
    )


def _html_inline_rule(state: StateInline, silent: bool) -> bool:
    """HTML in text as kramdown's ``parse_span_html`` reads it."""
    src = state.src[: state.posMax]
    start = state.pos
    if src[start] != "<":
        return False
    comment = html_tags.COMMENT.match(src, start)
    if comment:
        end = comment.end()
    else:
        tag = html_tags.TAG.match(src, start)
        if tag is None:
            lookalike = _IMG_START.match(src, start)
            if lookalike and not silent:
                _note(state, start, _unquoted_message(lookalike.group(0)))
            return False  # a closing tag or no tag: kramdown writes it as text
        name = tag.group(1).lower()
        if name in html_tags.BLOCK_ELEMENTS:
            return False
        end = tag.end()
        attrs = html_tags.attributes(tag.group(2))
        raw = html_tags.content_model(name) == "raw"
        if attrs.get("markdown") == "span" or (attrs.get("markdown") == "1" and not raw):
            raw = False
        elif attrs.get("markdown") == "0":
            raw = True
        if raw and not tag.group(4) and name not in html_tags.WITHOUT_BODY:
            close = re.compile(rf"</{re.escape(tag.group(1))}\s*>", re.I).search(src, end)
            end = close.end() if close else len(src)
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = src[start:end]
        token.meta = {"line_offset": _line_offset(state, start)}
    state.pos = end
    return True
