"""Liquid as Jekyll 4.3 runs it, on python-liquid.

python-liquid implements Shopify's Liquid (``assign``, ``capture``, ``for``, ``if``/``unless``/``else``,
``case``, ``raw``, ``comment``, filters); undefined variables render empty and unknown filters pass
their input through, as in Jekyll's default lax settings. Jekyll's own tags and filters are added here:

- ``{% include file.html key="value" key2=page.var %}`` (from ``_includes``, with ``include.*``),
  ``{% include_relative file %}``, ``{% link path %}``, ``{% post_url name %}``, ``{% highlight %}``;
- ``relative_url``, ``absolute_url`` and the common text filters.

Jekyll refuses a page whose block tags do not nest (an unclosed ``{% if %}``, an unknown or stray
tag): :class:`LiquidProblem` names the line. An expression Jekyll reads leniently (``{{ a b }}``) is
rendered leniently too, with a warning.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

from liquid import Environment, Mode
from liquid.ast import Node
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token
from liquid.undefined import Undefined

from automation.course.frontmatter import FrontMatterProblem, split_front_matter
from automation.course.site import MARKDOWN_EXTENSIONS, Site

_BLOCK_TAGS = {
    "if": "endif",
    "unless": "endunless",
    "for": "endfor",
    "case": "endcase",
    "capture": "endcapture",
    "comment": "endcomment",
    "raw": "endraw",
    "tablerow": "endtablerow",
    "highlight": "endhighlight",
    "ifchanged": "endifchanged",
}
_INCLUDE_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\-\[\]]+))"""
)
_INCLUDE_VARIABLE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S
)


class LiquidProblem(Exception):
    """Liquid Jekyll would refuse: ``line`` is 1-based in the rendered text, when known."""

    def __init__(self, reason: str, fix: str, line: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.line = line


@dataclass
class LiquidResult:
    """Rendered text and the warnings met on the way."""

    text: str
    warnings: list[str] = field(default_factory=list)


def line_of(source: str, index: int) -> int:
    """1-based line of ``source[index]``."""
    return source.count("\n", 0, max(index, 0)) + 1


# ----------------------------------------------------------------------------------------------
# Jekyll's tags


def _markup(stream: Any) -> tuple[Token, str]:
    """The tag token and its raw markup; the stream is left on the tag's last token."""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


class _JekyllNode(Node):
    """A node that renders by calling ``render`` with the context."""

    __slots__ = ("_render_with",)

    def __init__(self, token: Token, render: Callable[[Any, TextIO], None]) -> None:
        super().__init__(token)
        self._render_with = render
        self.blank = False

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        self._render_with(context, buffer)
        return 1


def _lookup(context: Any, expression: str) -> Any:
    """A variable path such as ``page.images[0]`` in the render context (``None`` when undefined)."""
    parts: list[object] = []
    for name, index in re.findall(r"([\w\-]+)|\[(\d+)\]", expression):
        parts.append(int(index) if index else name)
    if not parts:
        return None
    value = context.get(parts, token=None, default=None)
    return value


def _render_markup(context: Any, markup: str) -> str:
    """Render Liquid output statements inside a tag's markup (Jekyll renders them first)."""
    if "{{" not in markup:
        return markup
    buffer = StringIO()
    context.env.from_string(markup).render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


def make_tags(renderer: JekyllLiquid) -> list[type[Tag]]:
    """Jekyll's tags bound to one renderer (its site and page)."""

    class IncludeTag(Tag):
        name = "include"
        block = False

        def parse(self, stream: Any) -> Node:
            token, markup = _markup(stream)
            return _JekyllNode(
                token, lambda context, buffer: renderer.include(context, buffer, markup, token)
            )

    class IncludeRelativeTag(Tag):
        name = "include_relative"
        block = False

        def parse(self, stream: Any) -> Node:
            token, markup = _markup(stream)
            return _JekyllNode(
                token,
                lambda context, buffer: renderer.include(context, buffer, markup, token, relative=True),
            )

    class LinkTag(Tag):
        name = "link"
        block = False

        def parse(self, stream: Any) -> Node:
            token, markup = _markup(stream)
            return _JekyllNode(
                token,
                lambda context, buffer: buffer.write(
                    renderer.link(_render_markup(context, markup).strip(), token)
                ),
            )

    class PostUrlTag(Tag):
        name = "post_url"
        block = False

        def parse(self, stream: Any) -> Node:
            token, markup = _markup(stream)
            return _JekyllNode(
                token,
                lambda context, buffer: buffer.write(
                    renderer.post_url(_render_markup(context, markup).strip(), token)
                ),
            )

    class HighlightTag(Tag):
        name = "highlight"
        block = True
        end = "endhighlight"

        def parse(self, stream: Any) -> Node:
            token, markup = _markup(stream)
            next(stream)
            body = get_parser(self.env).parse_block(stream, (self.end,))
            stream.expect(TOKEN_TAG, value=self.end)
            language = markup.split()[0] if markup.split() else "text"

            def render(context: Any, buffer: TextIO) -> None:
                inner = StringIO()
                for node in body.nodes:
                    node.render(context, inner)
                code = html.escape(inner.getvalue().strip("\n"), quote=False)
                buffer.write(
                    f'<figure class="highlight"><pre><code class="language-{language}" '
                    f'data-lang="{language}">{code}</code></pre></figure>'
                )

            return _JekyllNode(token, render)

    return [IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag]


def make_comment_tag(*, opened: bool) -> type[Tag]:
    """Ruby Liquid's ``comment`` block (comments nest). ``opened``: render the body, as if the
    comment tags were removed (how commented-out images are found)."""
    from liquid.builtin.tags.comment_tag import TAG_ENDCOMMENT

    class CommentTag(Tag):
        name = "comment"
        block = True
        end = TAG_ENDCOMMENT

        def parse(self, stream: Any) -> Node:
            token, _ = _markup(stream)
            text = []
            while stream.peek.kind != TOKEN_TAG or stream.peek.value != TAG_ENDCOMMENT:
                if stream.peek.kind == "eof":
                    raise LiquidSyntaxError("comment tag was never closed", token=token)
                next(stream)
                text.append(stream.current.value)
            next(stream)
            body = "".join(text)

            def render(context: Any, buffer: TextIO) -> None:
                if opened and body:
                    context.env.from_string(body).render_with_context(context, buffer, partial=True)

            return _JekyllNode(token, render)

    return CommentTag


# ----------------------------------------------------------------------------------------------
# Jekyll's filters


def _ensure_leading_slash(value: str) -> str:
    return value if not value or value.startswith("/") else "/" + value


def _normalize(url: str) -> str:
    """Addressable's ``normalize`` for the characters course paths hold."""
    return quote(url, safe="/:@!$&'()*+,;=-._~%?#[]")


def make_filters(site: Site) -> dict[str, Callable[..., Any]]:
    """Jekyll's URL filters bound to ``site``, and the text filters pages use."""

    def relative_url(value: Any) -> Any:
        if value is None:
            return None
        text = str(value)
        if urlsplit(text).scheme:
            return text
        return _normalize(
            _ensure_leading_slash(str(site.config.get("baseurl") or "")) + _ensure_leading_slash(text)
        )

    def absolute_url(value: Any) -> Any:
        if value is None:
            return None
        text = str(value)
        if urlsplit(text).scheme:
            return text
        if not site.url:
            return relative_url(text)
        return _normalize(str(site.config.get("url")) + relative_url(text))

    def jsonify(value: Any) -> str:
        return json.dumps(value, default=str)

    def xml_escape(value: Any) -> str:
        return html.escape(str(value)) if value is not None else ""

    def cgi_escape(value: Any) -> str:
        return quote(str(value), safe="").replace("%20", "+")

    def uri_escape(value: Any) -> str:
        return quote(str(value), safe="/:@!$&'()*+,;=-._~?#[]")

    def slugify(value: Any, mode: str = "default") -> str:
        from automation.course.site import jekyll_slugify

        return jekyll_slugify(str(value), str(mode))

    def number_of_words(value: Any) -> int:
        return len(str(value).split())

    def array_to_sentence_string(value: Any, connector: str = "and") -> str:
        items = [str(item) for item in (value or [])]
        if len(items) <= 1:
            return "".join(items)
        if len(items) == 2:
            return f"{items[0]} {connector} {items[1]}"
        return f"{', '.join(items[:-1])}, {connector} {items[-1]}"

    def normalize_whitespace(value: Any) -> str:
        return " ".join(str(value).split())

    def identity(value: Any, *_: Any) -> Any:
        return value

    def where(value: Any, key: str, expected: Any = None) -> list[Any]:
        items = value.values() if isinstance(value, Mapping) else (value or [])
        return [item for item in items if isinstance(item, Mapping) and str(item.get(key)) == str(expected)]

    return {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "jsonify": jsonify,
        "xml_escape": xml_escape,
        "cgi_escape": cgi_escape,
        "uri_escape": uri_escape,
        "slugify": slugify,
        "number_of_words": number_of_words,
        "array_to_sentence_string": array_to_sentence_string,
        "normalize_whitespace": normalize_whitespace,
        "smartify": identity,
        "markdownify": identity,
        "inspect": lambda value: repr(value),
        "where": where,
    }


# ----------------------------------------------------------------------------------------------
# The renderer


def _recording_undefined(seen: list[tuple[str, int | None]]) -> type[Undefined]:
    """An ``Undefined`` that renders empty (as in Jekyll) and remembers what was printed undefined."""

    class RecordingUndefined(Undefined):
        __slots__ = ()

        def __str__(self) -> str:
            token = self.token
            line = (
                line_of(token.source, token.start_index)
                if token is not None and token.start_index >= 0
                else None
            )
            hint = self.hint or ""
            seen.append((hint.removesuffix(" is undefined").strip("'") or self.name, line))
            return ""

    return RecordingUndefined


class JekyllLiquid:
    """Renders a page's Liquid as Jekyll would, for one site and page folder."""

    def __init__(self, site: Site, page_folder: Path | None, *, open_comments: bool = False) -> None:
        self.site = site
        self.page_folder = page_folder
        self.undefined_seen: list[tuple[str, int | None]] = []
        undefined = _recording_undefined(self.undefined_seen)
        self.env = Environment(tolerance=Mode.STRICT, strict_filters=False, undefined=undefined)
        self.lax_env = Environment(tolerance=Mode.LAX, strict_filters=False, undefined=undefined)
        for env in (self.env, self.lax_env):
            for tag in make_tags(self):
                env.add_tag(tag)
            env.add_tag(make_comment_tag(opened=open_comments))
            for name, function in make_filters(site).items():
                env.add_filter(name, function)
        self.warnings: list[str] = []

    def render(self, text: str, variables: Mapping[str, Any]) -> LiquidResult:
        """Render ``text``; raises :class:`LiquidProblem` for what Jekyll would refuse."""
        self.warnings = []
        self.undefined_seen.clear()
        template = self._parse(text, "the page")
        try:
            rendered = template.render(**variables)
        except LiquidProblem:
            raise
        except LiquidError as exc:
            raise LiquidProblem(
                f"Liquid fails while rendering: {_first_line(exc)}.",
                "Fix the Liquid tag on that line; Jekyll stops the build on the same error.",
                _error_line(exc),
            ) from None
        for name, line in dict.fromkeys(self.undefined_seen):
            where = f"line {line}: " if line is not None else ""
            self.warnings.append(f"{where}'{name}' is not defined, so Jekyll renders it empty")
        return LiquidResult(rendered, list(self.warnings))

    def _parse(self, text: str, what: str) -> Any:
        try:
            unclosed = unclosed_block(self.env, text)
        except LiquidError as exc:
            raise LiquidProblem(
                f"Jekyll stops on this Liquid: {_first_line(exc)}"
                + ("" if what == "the page" else f" (in {what})")
                + ".",
                "Close the tag with '%}' (or the output with '}}'); Jekyll stops the build here.",
                _error_line(exc),
            ) from None
        if unclosed is not None:
            name, line = unclosed
            raise LiquidProblem(
                f"the {{% {name} %}} tag opened here is never closed with {{% {_BLOCK_TAGS[name]} %}}"
                + ("" if what == "the page" else f" (in {what})")
                + ".",
                f"Add {{% {_BLOCK_TAGS[name]} %}} where the block should end, "
                f"or remove the {{% {name} %}} tag.",
                line,
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return self.env.from_string(text)
            except LiquidSyntaxError as exc:
                message = _first_line(exc)
                if _is_structural(message):
                    raise LiquidProblem(
                        f"Jekyll stops on this Liquid: {message}"
                        + ("" if what == "the page" else f" (in {what})")
                        + ".",
                        "Close or remove the tag; an unknown tag needs the Jekyll plugin that defines it.",
                        _error_line(exc),
                    ) from None
                self.warnings.append(
                    f"line {_error_line(exc)}: Liquid that Jekyll reads leniently ({message}); "
                    "it is rendered leniently here too."
                )
                return self.lax_env.from_string(text)

    # -- tags ---------------------------------------------------------------------------------

    def include(
        self, context: Any, buffer: TextIO, markup: str, token: Token, *, relative: bool = False
    ) -> None:
        """Jekyll's ``include`` / ``include_relative``."""
        markup = markup.strip()
        matched = _INCLUDE_VARIABLE.match(markup)
        if matched:
            name, params = matched.group("variable").strip(), matched.group("params").strip()
        else:
            name, _, params = markup.partition(" ")
        name = _render_markup(context, name).strip()
        folder = self.page_folder if relative else (self.site.root / "_includes" if self.site.root else None)
        file = (folder / name) if folder is not None and name else None
        if file is None or ".." in Path(name).parts or not file.is_file():
            where = "beside the page" if relative else "in the site's _includes folder"
            raise LiquidProblem(
                f"the included file '{name}' is not {where}.",
                "Check the file name in the include tag, or add the file; Jekyll stops the build here.",
                line_of(token.source, token.start_index),
            )
        text = file.read_text(encoding="utf-8-sig")
        if relative:
            with contextlib.suppress(FrontMatterProblem):
                text = text[split_front_matter(text.replace("\r\n", "\n")).body_start :]
        template = self._parse(text, f"the included file {name}")
        arguments: dict[str, Any] = {}
        for key, double, single, variable in _INCLUDE_PARAM.findall(params):
            if double or (not single and not variable and '"' in params):
                arguments[key] = double.replace('\\"', '"')
            elif single:
                arguments[key] = single.replace("\\'", "'")
            else:
                arguments[key] = _lookup(context, variable)
        with context.extend({"include": arguments}, template=template):
            template.render_with_context(context, buffer, partial=True)

    def link(self, path: str, token: Token) -> str:
        """Jekyll's ``{% link %}``: the URL (with baseurl) of a file of the site, which must exist."""
        relative = path.lstrip("/")
        file = self.site.root / relative if self.site.root else None
        if file is None or not file.is_file():
            raise LiquidProblem(
                f"{{% link {path} %}} names no file of the site.",
                "Give the file's path from the site root (the folder with _config.yml).",
                line_of(token.source, token.start_index),
            )
        return self.site_url_of(relative, file)

    def site_url_of(self, relative: str, file: Path) -> str:
        """The URL path (with baseurl) Jekyll writes ``relative`` to."""
        url = "/" + relative
        if file.suffix.lower() in (*MARKDOWN_EXTENSIONS, ".html"):
            try:
                front = split_front_matter(file.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
            except (FrontMatterProblem, OSError, UnicodeDecodeError):
                front = None
            if front is not None and (front.present or file.suffix.lower() in MARKDOWN_EXTENSIONS):
                url = self.site.document(relative, front.data).url or url
        return self.site.baseurl + url

    def post_url(self, name: str, token: Token) -> str:
        """Jekyll's ``{% post_url %}``."""
        if self.site.root is not None:
            wanted = name.strip("/")
            for file in sorted(self.site.root.rglob("_posts/**/*")):
                relative = file.relative_to(self.site.root).as_posix()
                inside = relative.split("_posts/", 1)[1]
                if file.is_file() and (inside.rsplit(".", 1)[0] == wanted or file.stem == wanted):
                    return self.site_url_of(relative, file)
        raise LiquidProblem(
            f"{{% post_url {name} %}} names no post in _posts.",
            "Use the post's file name without its extension, e.g. 2024-01-31-access-keys.",
            line_of(token.source, token.start_index),
        )


def unclosed_block(env: Environment, text: str) -> tuple[str, int] | None:
    """The first block tag (name, line) that is never closed, if any."""
    stack: list[tuple[str, int]] = []
    for token in env.tokenizer()(text):
        if token.kind != TOKEN_TAG:
            continue
        name = token.value
        if stack and stack[-1][0] in ("raw", "comment") and name != _BLOCK_TAGS[stack[-1][0]]:
            if stack[-1][0] == "comment" and name in ("comment", "raw"):
                stack.append((name, token.start_index))
            continue
        if name in _BLOCK_TAGS:
            stack.append((name, token.start_index))
        elif stack and name == _BLOCK_TAGS[stack[-1][0]]:
            stack.pop()
    if stack:
        name, index = stack[0]
        return name, line_of(text, index)
    return None


def _first_line(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return str(message).splitlines()[0].strip().rstrip(".")


def _is_structural(message: str) -> bool:
    return bool(
        re.search(r"unexpected tag|unknown tag|never closed|expected tag|unexpected '?end", message, re.I)
    )


def _error_line(exc: Exception) -> int | None:
    token = getattr(exc, "token", None)
    if token is None or token.start_index < 0:
        return None
    return line_of(token.source, token.start_index)
