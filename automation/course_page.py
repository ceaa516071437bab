"""Read a Jekyll-style course page and list every image it references.

A course page is Markdown as Jekyll renders it: Liquid runs first, then kramdown/GFM. This module
mirrors that order closely enough to answer "which image files does this page show?":

1. Optional YAML front matter, only at the very start of the file (``---`` … ``---`` or ``...``).
   Malformed YAML, a front matter that is not a mapping, or one that is never closed is an error.
2. Liquid blocks: ``{% comment %}…{% endcomment %}`` (images inside are reported with
   ``commented_out=True``), ``{% raw %}…{% endraw %}`` (no Liquid inside) and
   ``{% highlight %}…{% endhighlight %}`` (a code block: images inside are not rendered).
   An unterminated or stray block tag is an error, as it is for Jekyll.
3. Markdown code: fenced code blocks (```` ``` ```` / ``~~~``) and inline code spans are ignored.
   HTML comments ``<!-- … -->`` are reported like Liquid comments (``comment="html"``).
4. Images: Markdown ``![alt](path "title")``, reference-style ``![alt][ref]``, ``![alt][]`` and
   ``![ref]`` with ``[ref]: path``, and raw HTML ``<img src=…>`` (any attribute order, double, single or
   no quotes). Paths may use Liquid (``{{ site.baseurl }}/images/x.png``, ``{% link images/x.png %}``,
   ``{{ "images/x.png" | relative_url }}``, ``{{ page.key }}`` from the front matter); what can be
   resolved is resolved, the rest is reported with a ``problem``.

Paths are resolved relative to the page's folder. Site-root paths (``/images/x.png``, ``site.baseurl``,
``relative_url``, ``{% link %}``) are resolved against the Jekyll site root: the nearest folder above
the page holding ``_config.yml`` (the search stops at the repository root), else the page's own folder.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import unquote

import yaml

from automation.errors import SettingError

READ_STEP = "Read course page"
"""The step name every course-page error carries."""

Kind = Literal["markdown", "html", "liquid"]
Syntax = Literal["markdown-inline", "markdown-reference", "html-img"]
CommentKind = Literal["liquid", "html"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
SITE_CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")

Span = tuple[int, int]


@dataclass
class CoursePageError(SettingError):
    """A course page cannot be read: unreadable file, bad front matter, broken Liquid block.

    A :class:`~automation.errors.SettingError` (exit code ``BAD_SETTING``) whose step is always
    ``"Read course page"``; ``line`` is the 1-based line the problem starts on, when known.
    """

    line: int | None = None


@dataclass(frozen=True)
class ImageReference:
    """One image a course page references.

    ``written`` is the path exactly as the page spells it (Liquid, escapes and entities included).
    ``resolved`` is the image file relative to the page's folder (normalised, may start with ``..``);
    ``None`` when the reference is an external URL or cannot be resolved (then ``problem`` says why).
    ``kind`` is ``"liquid"`` when the path goes through a Liquid tag, else the syntax family
    (``"markdown"`` or ``"html"``); ``syntax`` always names the construct around it.
    ``comment`` says which comment hides a commented-out reference (``"liquid"`` or ``"html"``);
    ``label`` and ``definition_line`` describe reference-style images (``![alt][label]``).
    """

    written: str
    resolved: PurePosixPath | None
    line: int
    kind: Kind
    commented_out: bool
    syntax: Syntax
    alt: str = ""
    title: str | None = None
    external: bool = False
    problem: str | None = None
    comment: CommentKind | None = None
    definition_line: int | None = None
    label: str | None = None

    @property
    def display(self) -> str:
        """How to show the reference to a person: the path as written, or what stands for it."""
        if self.written:
            return self.written
        if self.label is not None:
            return f"![{self.alt}][{self.label}]"
        return "<img> without src" if self.syntax == "html-img" else "(empty path)"

    @property
    def name(self) -> str | None:
        """The image's file name (``root-menu.png``), or ``None`` when it cannot be told."""
        if self.resolved is not None:
            return self.resolved.name
        tail = re.split(r"[?#]", self.written, maxsplit=1)[0].rstrip("/").rsplit("/", 1)[-1]
        tail = unquote(html.unescape(tail)).strip()
        if not tail or "{" in tail or "}" in tail or "%" in tail or "." not in tail:
            return None
        return tail


@dataclass(frozen=True)
class CoursePage:
    """A parsed course page: its front matter and every image reference, in page order."""

    path: Path | None
    front_matter: dict[str, Any]
    references: tuple[ImageReference, ...]
    site_root: PurePosixPath = field(default_factory=lambda: PurePosixPath("."))
    warnings: tuple[str, ...] = ()

    @property
    def folder(self) -> Path:
        """The folder the page lives in (``.`` for a page parsed from text only)."""
        return self.path.parent if self.path is not None else Path(".")

    @property
    def title(self) -> str | None:
        """The front matter's ``title``, when it has one."""
        title = self.front_matter.get("title")
        return str(title) if title is not None else None

    @property
    def rendered(self) -> tuple[ImageReference, ...]:
        """References that the rendered page shows (not commented out)."""
        return tuple(ref for ref in self.references if not ref.commented_out)

    @property
    def commented_out(self) -> tuple[ImageReference, ...]:
        """References inside ``{% comment %}`` blocks or HTML comments."""
        return tuple(ref for ref in self.references if ref.commented_out)

    def file_of(self, ref: ImageReference) -> Path | None:
        """The image file on disk for a reference (page folder + resolved path), or ``None``."""
        if ref.resolved is None:
            return None
        return Path(os.path.normpath(self.folder / ref.resolved))


# --------------------------------------------------------------------------------------------
# Entry points


def read_course_page(path: Path) -> CoursePage:
    """Read and parse the course page at ``path``.

    Raises :class:`CoursePageError` when the file cannot be read or decoded as UTF-8, or when it
    is malformed (see :func:`parse_course_page`).
    """
    path = Path(path)
    if path.is_dir():
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{path} is a folder, not a course page.",
            fix="Give the path of a Markdown page, e.g. docs/access-keys.md.",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{path} does not exist.",
            fix="Check the path of the course page (it is relative to the current folder).",
        ) from None
    except UnicodeDecodeError as exc:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}).",
            fix="Save the page as UTF-8; Jekyll reads pages as UTF-8 too.",
        ) from None
    except OSError as exc:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{path} cannot be read: {exc.strerror or exc}.",
            fix="Check that the file exists and that you may read it.",
        ) from None
    return parse_course_page(text, path=path)


def parse_course_page(
    text: str,
    *,
    path: Path | None = None,
    site_root: PurePosixPath | str | None = None,
) -> CoursePage:
    """Parse the text of a course page and list its image references.

    ``path`` names the page in messages and anchors path resolution; ``site_root`` is the Jekyll
    site root relative to the page's folder (default: found with :func:`find_site_root` when a
    ``path`` is given, else the page's folder). Raises :class:`CoursePageError` on malformed front
    matter and on unterminated or stray Liquid block tags.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    source = str(path) if path is not None else "the course page"
    lines = _LineIndex(text)
    if site_root is None:
        site_root = find_site_root(path) if path is not None else PurePosixPath(".")
    root = PurePosixPath(site_root)

    front_matter, body_start = _split_front_matter(text, source)
    body = _blank(text, [(0, body_start)])
    liquid_on = front_matter.get("render_with_liquid") is not False
    blocks = _scan_liquid_blocks(body, source, lines) if liquid_on else _LiquidBlocks()

    visible = _blank(body, [*blocks.comments, *blocks.highlights, *blocks.raw_tags])
    hidden = _keep_only(body, blocks.comment_inners)

    warnings: list[str] = []
    views = [
        _analyse(visible, lines, warnings, liquid_comment=False),
        _analyse(hidden, lines, warnings, liquid_comment=True),
    ]
    definitions = _Definitions()
    for view in views:
        _collect_definitions(view, definitions)

    context = _Context(
        front_matter=front_matter,
        site_root=root,
        liquid_on=liquid_on,
        raw_inners=blocks.raw_inners,
        lines=lines,
    )
    found: list[tuple[int, ImageReference]] = []
    for view in views:
        for start, ref in _find_images(view, definitions, context):
            found.append((start, ref))
    found.sort(key=lambda item: item[0])
    return CoursePage(
        path=path,
        front_matter=front_matter,
        references=tuple(ref for _, ref in found),
        site_root=root,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def find_site_root(page: Path) -> PurePosixPath:
    """The Jekyll site root for ``page``, relative to the page's folder.

    Walks up from the page's folder to the first folder holding ``_config.yml`` (or ``.yaml`` /
    ``.toml``); the walk stops at the repository root (a folder with ``.git``). Without a site
    config the page's own folder is the site root (``.``).
    """
    folder = Path(os.path.abspath(Path(page).parent))
    for steps, candidate in enumerate((folder, *folder.parents)):
        if any((candidate / name).is_file() for name in SITE_CONFIG_NAMES):
            return PurePosixPath(*([".."] * steps)) if steps else PurePosixPath(".")
        if (candidate / ".git").exists():
            break
    return PurePosixPath(".")


# --------------------------------------------------------------------------------------------
# Text helpers


class _LineIndex:
    """Maps character offsets to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


def _blank(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every character in ``spans`` replaced by a space (newlines kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _keep_only(text: str, spans: Iterable[Span]) -> str:
    """``text`` with everything outside ``spans`` blanked (newlines kept)."""
    keep = sorted(spans)
    outside: list[Span] = []
    pos = 0
    for start, end in keep:
        if start > pos:
            outside.append((pos, start))
        pos = max(pos, end)
    outside.append((pos, len(text)))
    return _blank(text, outside)


def _escaped(text: str, i: int) -> bool:
    """Whether ``text[i]`` is preceded by an odd number of backslashes."""
    count = 0
    while i - count - 1 >= 0 and text[i - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _inside(offset: int, spans: Iterable[Span]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _error(source: str, line: int | None, reason: str, fix: str) -> CoursePageError:
    where = f"{source}, line {line}" if line is not None else source
    return CoursePageError(step=READ_STEP, reason=f"{where}: {reason}", fix=fix, line=line)


# --------------------------------------------------------------------------------------------
# Front matter

_FM_OPEN = re.compile(r"\A---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.M)


def _split_front_matter(text: str, source: str) -> tuple[dict[str, Any], int]:
    """The front matter mapping and the offset where the body starts (0 without front matter)."""
    opening = _FM_OPEN.match(text)
    if opening is None:
        return {}, 0
    closing = _FM_CLOSE.search(text, opening.end())
    if closing is None:
        raise _error(
            source,
            1,
            "the front matter opened with '---' on line 1 is never closed.",
            "End the front matter with a line holding only '---', or remove the opening '---'.",
        )
    try:
        data = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _error(
            source,
            line,
            f"the front matter is not valid YAML ({problem}).",
            "Fix the YAML between the two '---' lines (quote values that contain ': ' or start "
            "with a special character such as '{', '[', '*', '&', '!', '%' or '@').",
        ) from None
    if data is None:
        return {}, closing.end()
    if not isinstance(data, dict):
        raise _error(
            source,
            2,
            f"the front matter must be 'key: value' pairs, not a {type(data).__name__}.",
            "Write the front matter as a YAML mapping, e.g. 'title: Creating access keys'.",
        )
    return data, closing.end()


# --------------------------------------------------------------------------------------------
# Liquid blocks: comment, raw, highlight

_BLOCK_TAG = re.compile(
    r"\{%-?\s*(comment|endcomment|raw|endraw|highlight|endhighlight)\b(?:[^%]|%(?!\}))*%\}"
)


@dataclass
class _LiquidBlocks:
    """Where the Liquid blocks are: whole comment blocks, their insides, highlight blocks, raw."""

    comments: list[Span] = field(default_factory=list)
    comment_inners: list[Span] = field(default_factory=list)
    highlights: list[Span] = field(default_factory=list)
    raw_tags: list[Span] = field(default_factory=list)
    raw_inners: list[Span] = field(default_factory=list)


def _scan_liquid_blocks(text: str, source: str, lines: _LineIndex) -> _LiquidBlocks:
    """Find comment, raw and highlight blocks; raise on unterminated or stray block tags."""
    blocks = _LiquidBlocks()
    stack: list[re.Match[str]] = []
    for tag in _BLOCK_TAG.finditer(text):
        name = tag.group(1)
        top = stack[-1].group(1) if stack else None
        if top == "raw":
            if name == "endraw":
                opening = stack.pop()
                blocks.raw_inners.append((opening.end(), tag.start()))
                if not stack:
                    blocks.raw_tags += [opening.span(), tag.span()]
            continue
        if top == "comment" and name not in ("comment", "endcomment", "raw"):
            continue
        if not name.startswith("end"):
            stack.append(tag)
            continue
        expected = name[3:]
        if top != expected:
            line = lines.line(tag.start())
            if top is None:
                reason = f"'{tag.group(0)}' closes a {{% {expected} %}} block that was never opened."
                fix = f"Remove it, or add {{% {expected} %}} where the block should start."
            else:
                opened = lines.line(stack[-1].start())
                reason = (
                    f"'{tag.group(0)}' closes a {{% {expected} %}} block, but the "
                    f"{{% {top} %}} block opened on line {opened} is still open."
                )
                fix = f"Close the {{% {top} %}} block with {{% end{top} %}} first."
            raise _error(source, line, reason, fix)
        opening = stack.pop()
        if name == "endcomment":
            if not any(item.group(1) == "comment" for item in stack):
                blocks.comments.append((opening.start(), tag.end()))
                blocks.comment_inners.append((opening.end(), tag.start()))
        elif name == "endhighlight" and not stack:
            blocks.highlights.append((opening.start(), tag.end()))
    if stack:
        opening = stack[0]
        kind = opening.group(1)
        raise _error(
            source,
            lines.line(opening.start()),
            f"the {{% {kind} %}} block opened here is never closed with {{% end{kind} %}}.",
            f"Add {{% end{kind} %}} where the block should end, or remove the {{% {kind} %}} tag.",
        )
    return blocks


# --------------------------------------------------------------------------------------------
# Markdown: code, HTML comments


@dataclass
class _View:
    """One view of the page: text with code blanked, plus where HTML comments are."""

    text: str
    html_comments: list[Span]
    liquid_comment: bool
    lines: _LineIndex


_FENCE_OPEN = re.compile(r"^[ \t>]*(`{3,}|~{3,})(.*)$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _analyse(text: str, lines: _LineIndex, warnings: list[str], *, liquid_comment: bool) -> _View:
    """Blank fenced code blocks and inline code in ``text`` and locate HTML comments."""
    code: list[Span] = []
    offset = 0
    fence: tuple[str, int, int] | None = None  # char, length, start offset
    for raw_line in text.split("\n"):
        end = offset + len(raw_line)
        if fence is None:
            opening = _FENCE_OPEN.match(raw_line)
            if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
                fence = (opening.group(1)[0], len(opening.group(1)), offset)
        else:
            char, length, start = fence
            if re.fullmatch(rf"[ \t>]*{re.escape(char)}{{{length},}}[ \t]*", raw_line):
                code.append((start, end))
                fence = None
        offset = end + 1
    if fence is not None:
        warnings.append(
            f"line {lines.line(fence[2])}: a code fence is opened but never closed; "
            "its lines are read as ordinary text (kramdown renders them that way)."
        )
    text = _blank(text, code)

    html_comments: list[Span] = []
    inline_code: list[Span] = []
    pos = 0
    token = re.compile(r"<!--|`+")
    while True:
        found = token.search(text, pos)
        if found is None:
            break
        if found.group(0) == "<!--":
            close = text.find("-->", found.end())
            if close < 0:
                warnings.append(
                    f"line {lines.line(found.start())}: an HTML comment '<!--' is never closed with '-->'."
                )
                pos = found.end()
                continue
            html_comments.append((found.start(), close + 3))
            pos = close + 3
            continue
        run = found.group(0)
        if _escaped(text, found.start()):
            pos = found.start() + 1
            continue
        paragraph_end = _BLANK_LINE.search(text, found.end())
        limit = paragraph_end.start() if paragraph_end else len(text)
        closer = re.compile(rf"(?<!`){run}(?!`)")
        close_match = closer.search(text, found.end(), limit)
        if close_match is None:
            pos = found.end()
            continue
        inline_code.append((found.start(), close_match.end()))
        pos = close_match.end()
    text = _blank(text, inline_code)
    return _View(text=text, html_comments=html_comments, liquid_comment=liquid_comment, lines=lines)


# --------------------------------------------------------------------------------------------
# Markdown / HTML image syntax

_LIQUID_ATOM = re.compile(r"\{\{(?:[^}\n]|\}(?!\}))*\}\}|\{%(?:[^%\n]|%(?!\}))*%\}")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _parse_brackets(text: str, i: int) -> int | None:
    """With ``text[i] == '['``, the index just after the matching ``]`` (nesting, escapes)."""
    depth = 0
    j = i
    while j < len(text):
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        elif char == "\n" and _BLANK_LINE.match(text, j):
            return None
        j += 1
    return None


def _skip_space(text: str, i: int, *, newlines: int = 1) -> int:
    """Skip spaces and tabs and at most ``newlines`` line breaks."""
    while i < len(text) and text[i] in " \t\n":
        if text[i] == "\n":
            if newlines == 0:
                break
            newlines -= 1
        i += 1
    return i


def _parse_destination(text: str, i: int) -> tuple[str, int] | None:
    """A link destination at ``text[i]``: ``<…>`` or a run without spaces and unbalanced parens.

    Liquid tags count as one unit, so ``{{ site.baseurl }}/x.png`` is one destination.
    """
    if i < len(text) and text[i] == "<":
        close = text.find(">", i + 1)
        if close < 0 or "\n" in text[i:close]:
            return None
        return text[i + 1 : close], close + 1
    depth = 0
    j = i
    while j < len(text):
        atom = _LIQUID_ATOM.match(text, j)
        if atom:
            j = atom.end()
            continue
        char = text[j]
        if char == "\\" and j + 1 < len(text) and text[j + 1] in _ESCAPABLE:
            j += 2
            continue
        if char.isspace() or ord(char) < 0x20:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        j += 1
    if depth:
        return None
    return text[i:j], j


def _parse_title(text: str, i: int) -> tuple[str, int] | None:
    """A link title at ``text[i]``: ``"…"``, ``'…'`` or ``(…)``."""
    closer = {'"': '"', "'": "'", "(": ")"}.get(text[i] if i < len(text) else "")
    if closer is None:
        return None
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == closer:
            return text[i + 1 : j], j + 1
        j += 1
    return None


def _unescape_markdown(value: str) -> str:
    value = re.sub(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])", r"\1", value)
    return html.unescape(value)


def _normalise_label(label: str) -> str:
    return " ".join(label.split()).casefold()


@dataclass(frozen=True)
class _Definition:
    destination: str
    title: str | None
    start: int
    line: int
    commented: bool


class _Definitions:
    """Reference definitions ``[label]: path "title"``; the first definition of a label wins."""

    def __init__(self) -> None:
        self.visible: dict[str, _Definition] = {}
        self.hidden: dict[str, _Definition] = {}

    def lookup(self, label: str, *, commented: bool) -> _Definition | None:
        key = _normalise_label(label)
        found = self.visible.get(key)
        if found is None and commented:
            found = self.hidden.get(key)
        return found


_DEFINITION_START = re.compile(r"^[ ]{0,3}\[((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*", re.M)


def _collect_definitions(view: _View, definitions: _Definitions) -> None:
    text = view.text
    for match in _DEFINITION_START.finditer(text):
        label = match.group(1)
        if label.startswith("^") or not label.strip():
            continue  # kramdown footnote definition
        start = _skip_space(text, match.end())
        destination = _parse_destination(text, start)
        if destination is None or not destination[0]:
            continue
        dest, pos = destination
        title = None
        after = _skip_space(text, pos)
        if after > pos:
            parsed = _parse_title(text, after)
            if parsed is not None:
                title, pos = parsed
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        if text[pos:line_end].strip():
            continue
        commented = view.liquid_comment or _inside(match.start(), view.html_comments)
        table = definitions.hidden if commented else definitions.visible
        key = _normalise_label(label)
        if key not in table:
            table[key] = _Definition(dest, title, match.start(), view.lines.line(match.start()), commented)


_HTML_ATTR = re.compile(
    r"""\s+([^\s"'>/=]+)(?:\s*=\s*("""
    r'''"(?:[^"{]|\{(?![{%])|\{\{(?:[^}]|\}(?!\}))*\}\}|\{%(?:[^%]|%(?!\}))*%\})*"'''
    r"""|'(?:[^'{]|\{(?![{%])|\{\{(?:[^}]|\}(?!\}))*\}\}|\{%(?:[^%]|%(?!\}))*%\})*'"""
    r"""|(?:\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|[^\s"'=<>`{]|\{(?![{%]))+"""
    r"""))?"""
)
_HTML_TAG_END = re.compile(r"\s*/?>")
_IMAGE_START = re.compile(r"!\[|<img(?=[\s/>])", re.I)


@dataclass(frozen=True)
class _Context:
    front_matter: Mapping[str, Any]
    site_root: PurePosixPath
    liquid_on: bool
    raw_inners: list[Span]
    lines: _LineIndex


def _find_images(
    view: _View, definitions: _Definitions, context: _Context
) -> Iterable[tuple[int, ImageReference]]:
    """Every image reference in one view, with its start offset."""
    text = view.text
    pos = 0
    while True:
        found = _IMAGE_START.search(text, pos)
        if found is None:
            return
        start = found.start()
        commented = view.liquid_comment or _inside(start, view.html_comments)
        comment: CommentKind | None = "liquid" if view.liquid_comment else "html" if commented else None
        if found.group(0) == "![":
            if _escaped(text, start):
                pos = start + 1
                continue
            image = _parse_markdown_image(text, start, definitions, commented=commented)
            if image is None:
                pos = start + 2
                continue
            line = view.lines.line(start)
            alt = _unescape_markdown(image.alt)
            if image.syntax == "markdown-reference" and image.definition is None:
                ref = ImageReference(
                    written="",
                    resolved=None,
                    line=line,
                    kind="markdown",
                    commented_out=commented,
                    syntax=image.syntax,
                    alt=alt,
                    comment=comment,
                    label=image.label,
                    problem=f"the reference [{image.label}] has no definition "
                    f"('[{image.label}]: images/NAME.png'), so no image is shown",
                )
            else:
                definition = image.definition
                ref = _make_reference(
                    written=image.written,
                    decode=_unescape_markdown,
                    family="markdown",
                    syntax=image.syntax,
                    alt=alt,
                    title=_unescape_markdown(image.title) if image.title is not None else None,
                    line=line,
                    commented=commented,
                    comment=comment,
                    definition_line=definition.line if definition else None,
                    label=image.label,
                    in_raw=_inside(definition.start if definition else start, context.raw_inners),
                    context=context,
                )
            end = image.end
            yield start, ref
            pos = end
        else:
            parsed_tag = _parse_html_img(text, found.end())
            if parsed_tag is None:
                pos = found.end()
                continue
            end, attributes = parsed_tag
            line = view.lines.line(start)
            alt = html.unescape(attributes.get("alt") or "")
            title = attributes.get("title")
            if "src" not in attributes or attributes["src"] is None:
                ref = ImageReference(
                    written="",
                    resolved=None,
                    line=line,
                    kind="html",
                    commented_out=commented,
                    syntax="html-img",
                    alt=alt,
                    title=title,
                    comment=comment,
                    problem="the <img> tag has no src attribute",
                )
            else:
                ref = _make_reference(
                    written=attributes["src"],
                    decode=html.unescape,
                    family="html",
                    syntax="html-img",
                    alt=alt,
                    title=html.unescape(title) if title is not None else None,
                    line=line,
                    commented=commented,
                    comment=comment,
                    definition_line=None,
                    in_raw=_inside(start, context.raw_inners),
                    context=context,
                )
            yield start, ref
            pos = end


@dataclass(frozen=True)
class _MarkdownImage:
    end: int
    written: str  # the destination, or the label when the reference has no definition
    alt: str
    title: str | None
    syntax: Syntax
    label: str | None = None
    definition: _Definition | None = None


def _parse_markdown_image(
    text: str, start: int, definitions: _Definitions, *, commented: bool
) -> _MarkdownImage | None:
    """Parse ``![…](…)`` / ``![…][…]`` / ``![…][]`` / ``![…]`` at ``start``; ``None`` if no image."""
    alt_end = _parse_brackets(text, start + 1)
    if alt_end is None:
        return None
    alt = text[start + 2 : alt_end - 1]
    if alt_end < len(text) and text[alt_end] == "(":
        pos = _skip_space(text, alt_end + 1)
        destination = _parse_destination(text, pos)
        if destination is not None:
            written, pos = destination
            title = None
            after = _skip_space(text, pos)
            if after > pos:
                parsed = _parse_title(text, after)
                if parsed is not None:
                    title, after = parsed
                    after = _skip_space(text, after)
            if after < len(text) and text[after] == ")":
                return _MarkdownImage(after + 1, written, alt, title, "markdown-inline")
    if alt_end < len(text) and text[alt_end] == "[":
        label_end = _parse_brackets(text, alt_end)
        if label_end is not None:
            label = text[alt_end + 1 : label_end - 1] or alt
            definition = definitions.lookup(label, commented=commented)
            if definition is None:
                return _MarkdownImage(label_end, "", alt, None, "markdown-reference", label)
            return _MarkdownImage(
                label_end,
                definition.destination,
                alt,
                definition.title,
                "markdown-reference",
                label,
                definition,
            )
    definition = definitions.lookup(alt, commented=commented) if alt.strip() else None
    if definition is not None:
        return _MarkdownImage(
            alt_end, definition.destination, alt, definition.title, "markdown-reference", alt, definition
        )
    return None


def _parse_html_img(text: str, pos: int) -> tuple[int, dict[str, str | None]] | None:
    """Attributes of an ``<img`` tag whose name ends at ``pos``; ``None`` when malformed."""
    attributes: dict[str, str | None] = {}
    while True:
        attribute = _HTML_ATTR.match(text, pos)
        if attribute is None:
            break
        name = attribute.group(1).lower()
        value = attribute.group(2)
        if value is not None and value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes.setdefault(name, value)  # HTML: the first of duplicate attributes wins
        pos = attribute.end()
    end = _HTML_TAG_END.match(text, pos)
    if end is None:
        return None
    return end.end(), attributes


# --------------------------------------------------------------------------------------------
# Path resolution (Liquid included)


class _Unresolved(Exception):
    """A Liquid expression that cannot be turned into a path."""


_LIQUID_TOKEN = re.compile(r"\{\{-?(.*?)-?\}\}|\{%-?(.*?)-?%\}", re.S)
_URL_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)")


def _make_reference(
    *,
    written: str,
    decode: Callable[[str], str],
    family: Literal["markdown", "html"],
    syntax: Syntax,
    alt: str,
    title: str | None,
    line: int,
    commented: bool,
    comment: CommentKind | None,
    definition_line: int | None,
    in_raw: bool,
    context: _Context,
    label: str | None = None,
) -> ImageReference:
    uses_liquid = bool(_LIQUID_TOKEN.search(written))
    kind: Kind = "liquid" if uses_liquid else family
    resolved: PurePosixPath | None = None
    external = False
    problem: str | None = None
    try:
        value, rooted = written, False
        if uses_liquid:
            if not context.liquid_on:
                raise _Unresolved(
                    "the page sets 'render_with_liquid: false', so Jekyll leaves "
                    "the Liquid tag in the path as it is"
                )
            if in_raw:
                raise _Unresolved(
                    "the path is inside {% raw %}, so Jekyll leaves the Liquid tag in the path as it is"
                )
            value, rooted = _render_liquid(written, context.front_matter)
        value = decode(value).strip()
        if _URL_SCHEME.match(value):
            external = True
        else:
            resolved = _resolve_path(value, rooted=rooted, site_root=context.site_root)
    except _Unresolved as exc:
        problem = str(exc)
    return ImageReference(
        written=written,
        resolved=resolved,
        line=line,
        kind=kind,
        commented_out=commented,
        syntax=syntax,
        alt=alt,
        title=title,
        external=external,
        problem=problem,
        comment=comment,
        definition_line=definition_line,
        label=label,
    )


def _resolve_path(value: str, *, rooted: bool, site_root: PurePosixPath) -> PurePosixPath:
    """A site path or page-relative path as a file path relative to the page's folder."""
    value = unquote(re.split(r"[?#]", value, maxsplit=1)[0])
    if not value.strip("/"):
        raise _Unresolved("the path is empty" if not value else f"'{value}' is not a file")
    if value.endswith("/"):
        raise _Unresolved(f"'{value}' names a folder, not an image file")
    if rooted or value.startswith("/"):
        value = posixpath.join(str(site_root), value.lstrip("/"))
    return PurePosixPath(posixpath.normpath(value))


def _render_liquid(written: str, front_matter: Mapping[str, Any]) -> tuple[str, bool]:
    """Evaluate the Liquid in a path. Returns (text, whether it is relative to the site root)."""
    out = ""
    rooted = False
    pos = 0
    for token in _LIQUID_TOKEN.finditer(written):
        out += written[pos : token.start()]
        if token.group(1) is not None:
            value, value_rooted = _evaluate_output(token.group(1).strip(), front_matter)
        else:
            value, value_rooted = _evaluate_tag(token.group(2).strip(), front_matter)
        if value_rooted:
            if out.strip():
                raise _Unresolved(f"'{token.group(0)}' yields a site URL but comes after '{out}' in the path")
            rooted = True
        out += value
        pos = token.end()
    out += written[pos:]
    return out, rooted


def _split_outside_quotes(expr: str, separator: str) -> list[str]:
    parts: list[str] = []
    current = ""
    quote = ""
    for char in expr:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == separator:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [part.strip() for part in parts]


def _evaluate_value(expr: str, front_matter: Mapping[str, Any]) -> tuple[str, bool]:
    """A Liquid value: a string literal, ``site.baseurl``/``site.url``, or ``page.KEY``."""
    expr = expr.strip()
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "\"'":
        return expr[1:-1], False
    if expr in ("site.baseurl", "site.url"):
        return "", True
    if expr.startswith("page."):
        value: Any = front_matter
        for key in expr[len("page.") :].split("."):
            if not isinstance(value, Mapping) or key not in value:
                raise _Unresolved(f"'{expr}' is not set in the page's front matter")
            value = value[key]
        if not isinstance(value, str | int | float):
            raise _Unresolved(f"'{expr}' in the front matter is not a string")
        return str(value), False
    if expr.startswith("site."):
        raise _Unresolved(
            f"'{expr}' comes from the site's _config.yml, which is not read "
            "(only site.baseurl and site.url are understood)"
        )
    raise _Unresolved(f"the Liquid value '{expr}' cannot be resolved")


def _evaluate_output(expr: str, front_matter: Mapping[str, Any]) -> tuple[str, bool]:
    """A Liquid output ``{{ value | filter: arg | … }}``."""
    first, *filters = _split_outside_quotes(expr, "|")
    value, rooted = _evaluate_value(first, front_matter)
    for spec in filters:
        name, _, argument = spec.partition(":")
        name = name.strip()
        if name in ("relative_url", "absolute_url"):
            if not _URL_SCHEME.match(value):
                rooted = True
        elif name in ("prepend", "append") and argument.strip():
            arg_value, arg_rooted = _evaluate_value(argument, front_matter)
            if name == "prepend" and arg_rooted:
                rooted = True
            elif arg_rooted or (name == "prepend" and rooted and arg_value):
                raise _Unresolved(f"'{{{{ {expr} }}}}' puts site.baseurl inside the path")
            else:
                value = arg_value + value if name == "prepend" else value + arg_value
        elif name == "strip":
            value = value.strip()
        else:
            raise _Unresolved(
                f"the Liquid filter '{name}' in '{{{{ {expr} }}}}' is not "
                "understood (relative_url, absolute_url, prepend and append are)"
            )
    return value, rooted


def _evaluate_tag(markup: str, front_matter: Mapping[str, Any]) -> tuple[str, bool]:
    """A Liquid tag in a path: only ``{% link PATH %}`` names a file."""
    name, _, argument = markup.partition(" ")
    if name == "link" and argument.strip():
        value, _ = _render_liquid(argument.strip(), front_matter)
        return "/" + value.strip().lstrip("/"), True
    raise _Unresolved(
        f"the Liquid tag '{{% {markup} %}}' cannot be resolved to a file (only {{% link PATH %}} can)"
    )
