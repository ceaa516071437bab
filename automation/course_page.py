"""Read a Jekyll course page and list every image it shows, as Jekyll renders it.

Two renderers give the same answer (the corpus tests check both against Jekyll 4.3):

- ``jekyll``: Jekyll itself renders the page's content (kramdown with GFM input, Ruby Liquid);
- ``builtin``: Liquid on python-liquid with Jekyll's tags and filters, then Markdown on
  markdown-it-py with kramdown's rules where they differ from CommonMark (see
  :mod:`automation.course.kramdown`). It needs nothing but Python.

``auto`` (the default) uses Jekyll when it is installed. Either way the page is placed in its site
(the nearest folder above it with ``_config.yml``): front-matter ``defaults:``, permalinks and
posts' dated URLs give the page's URL, against which relative image paths resolve, and
``baseurl``/``url`` tell the site's own images from external ones. A page without front matter is
rendered as GitHub Pages does (its jekyll-optional-front-matter plugin).

The implementation lives in :mod:`automation.course`; this module is its entry point.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Literal

from automation.course.builtin import (
    NOT_AN_IMAGE,
    PageSource,
    PlacedImage,
    prepare,
    read_text,
    render_builtin,
)
from automation.course.jekyll import (
    JekyllUnavailable,
    PageRequest,
    RenderedPage,
    error_line,
    images_in_rendered_html,
    jekyll_available,
    render_sites,
)
from automation.course.model import (
    READ_STEP,
    CommentKind,
    CoursePage,
    CoursePageError,
    ImageReference,
    Kind,
    Renderer,
    page_error,
)
from automation.course.resolve import resolve_src
from automation.course.site import find_site_root as find_site_root_folder

__all__ = [
    "READ_STEP",
    "RENDERER_CHOICES",
    "CoursePage",
    "CoursePageError",
    "ImageReference",
    "choose_renderer",
    "find_site_root",
    "parse_course_page",
    "read_course_page",
]

RENDERER_CHOICES = ("auto", "jekyll", "builtin")
RendererChoice = Literal["auto", "jekyll", "builtin"]

_COMMENT_TAG = re.compile(r"\{%-?\s*(?:end)?comment\s*-?%\}")
_HTML_COMMENT_MARKER = re.compile(r"<!--|-->")


def choose_renderer(requested: str = "auto") -> Renderer:
    """``jekyll`` or ``builtin`` for a ``--renderer`` choice; raises ``CoursePageError`` if impossible."""
    if requested == "builtin":
        return "builtin"
    if requested == "jekyll" and not jekyll_available():
        raise CoursePageError(
            step=READ_STEP,
            reason="--renderer jekyll needs Jekyll, which is not installed here.",
            fix="Install it (Debian/Ubuntu: sudo apt-get install jekyll), or use --renderer builtin.",
        )
    if requested not in RENDERER_CHOICES:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"there is no renderer {requested!r}.",
            fix="Use --renderer auto, jekyll or builtin.",
        )
    return "jekyll" if jekyll_available() else "builtin"


def find_site_root(page: Path) -> PurePosixPath:
    """The Jekyll site root for ``page``, relative to the page's folder (``.`` without ``_config.yml``)."""
    root = find_site_root_folder(page)
    if root is None:
        return PurePosixPath(".")
    folder = Path(os.path.abspath(Path(page).parent))
    return PurePosixPath(Path(os.path.relpath(root, folder)).as_posix())


def read_course_page(path: Path, *, renderer: str = "auto") -> CoursePage:
    """Read the course page at ``path`` and list its images.

    Raises :class:`CoursePageError` when the file cannot be read or decoded as UTF-8, or when Jekyll
    would refuse it (broken front matter, Liquid that does not nest, a missing include).
    """
    path = Path(path)
    return parse_course_page(read_text(path, str(path)), path=path, renderer=renderer)


def parse_course_page(text: str, *, path: Path | None = None, renderer: str = "builtin") -> CoursePage:
    """List the images of a course page given as text (``path`` places it in its site)."""
    name = str(path) if path is not None else "the course page"
    source = prepare(text, path, name)
    chosen = choose_renderer(renderer) if path is not None else "builtin"
    if chosen == "jekyll":
        placed, warnings = _render_jekyll(source)
    else:
        placed, warnings = render_builtin(source)
    return _assemble(source, placed, warnings, chosen)


# ----------------------------------------------------------------------------------------------
# Jekyll


def _render_jekyll(source: PageSource) -> tuple[list[PlacedImage], list[str]]:
    """Images as Jekyll renders the page; lines come from the built-in renderer where it agrees."""
    assert source.site.root is not None and source.path is not None
    try:
        guide, warnings = render_builtin(source)
        guide_error: CoursePageError | None = None
    except CoursePageError as exc:
        guide, warnings, guide_error = [], [], exc
    body = source.body
    opened_liquid = _COMMENT_TAG.sub("", body)
    requests = [
        PageRequest(source.relative),
        PageRequest(
            source.relative, _HTML_COMMENT_MARKER.sub("", opened_liquid) if source.liquid_on else body
        ),
        PageRequest(source.relative, opened_liquid),
    ]
    if not source.front.present:
        requests = [PageRequest(source.relative, request.body or body) for request in requests]
    try:
        answers = _render_in_site(source, requests)
    except JekyllUnavailable as exc:
        raise guide_error or CoursePageError(
            step=READ_STEP,
            reason=f"Jekyll could not render {source.name}: {exc}.",
            fix="Run 'jekyll build' in the site to see why, or use --renderer builtin.",
        ) from None
    if len(answers) != len(requests):
        answers = [answers[0]] * len(requests)  # the site itself failed: one answer says why
    normal, opened_all, opened_liquid_page = answers
    for answer in answers:
        if answer.error:
            if guide_error is not None:
                raise guide_error
            line = error_line(answer.error)
            raise page_error(
                source.name,
                line + source.front.body_line - 1 if line is not None else None,
                f"Jekyll refuses the page: {answer.error.strip()}",
                "Fix what Jekyll names; the built-in renderer (--renderer builtin) may say more.",
            )
    shown = images_in_rendered_html(normal.html or "")
    every = images_in_rendered_html(opened_all.html or "")
    liquid_every = images_in_rendered_html(opened_liquid_page.html or "")
    in_liquid = Counter(_extra_keys(liquid_every, shown))
    hidden_keys = _extra_keys(every, shown)
    guides = list(guide)
    placed: list[PlacedImage] = []
    for image in shown:
        placed.append(_placed_from(image.src or "", image.alt, image.title, None, guides, source))
    for key in hidden_keys:
        kind: CommentKind = "html"
        if in_liquid[key] > 0:
            in_liquid[key] -= 1
            kind = "liquid"
        placed.append(_placed_from(key[0], key[1], None, kind, guides, source))
    placed.sort(key=lambda image: image.line)
    return placed, warnings


def _render_in_site(source: PageSource, requests: list[PageRequest]) -> list[RenderedPage]:
    """Jekyll's answers for the page: in its site, or alone in a scratch site when it has none.

    Without a ``_config.yml`` above the page, its folder is no Jekyll site (it may be a home or temp
    folder full of other files), so the page is rendered by itself, as the only file of a site.
    """
    assert source.path is not None and source.site.root is not None
    if source.site.config or find_site_root_folder(source.path) is not None:
        return render_sites([(source.site.root, requests)])
    with tempfile.TemporaryDirectory(prefix="acf-jekyll-") as scratch:
        (Path(scratch) / source.path.name).write_text(source.text, encoding="utf-8")
        alone = [PageRequest(source.path.name, request.body) for request in requests]
        return render_sites([(Path(scratch), alone)])


def _extra_keys(opened: Sequence[object], normal: Sequence[object]) -> list[tuple[str, str]]:
    remaining = Counter((getattr(i, "src", "") or "", getattr(i, "alt", "")) for i in normal)
    extra = []
    for image in opened:
        key = (getattr(image, "src", "") or "", getattr(image, "alt", ""))
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            extra.append(key)
    return extra


def _placed_from(
    src: str,
    alt: str,
    title: str | None,
    comment: CommentKind | None,
    guides: list[PlacedImage],
    source: PageSource,
) -> PlacedImage:
    """A Jekyll image placed on its source line, taken from the built-in renderer's matching image."""
    for index, guide in enumerate(guides):
        if guide.comment == comment and _same_src(guide.src, src) and guide.alt == alt:
            del guides[index]
            return PlacedImage(
                src,
                alt,
                title if title is not None else guide.title,
                guide.line,
                guide.syntax,
                guide.written,
                guide.from_liquid,
                comment,
                guide.label,
                guide.definition_line,
            )
    line = _search_line(source, src, alt)
    return PlacedImage(src, alt, title, line, "html-img", src, True, comment)


def _same_src(builtin_src: str, jekyll_src: str) -> bool:
    import html

    return html.unescape(builtin_src).strip() == jekyll_src.strip()


def _search_line(source: PageSource, src: str, alt: str) -> int:
    """The first source line mentioning the image's file name or alt text (the body's first line if none)."""
    lines = source.text.split("\n")
    name = src.rstrip("/").rsplit("/", 1)[-1]
    for needle in (name, alt):
        if not needle:
            continue
        for number in range(source.front.body_line, len(lines) + 1):
            if needle in lines[number - 1]:
                return number
    return source.front.body_line


# ----------------------------------------------------------------------------------------------
# References


def _assemble(
    source: PageSource, placed: list[PlacedImage], warnings: list[str], renderer: Renderer
) -> CoursePage:
    site = source.site
    folder = source.path.parent if source.path is not None else Path(".")
    root = Path(os.path.abspath(site.root)) if site.root is not None else Path(os.path.abspath(folder))
    page_folder = Path(os.path.abspath(folder))
    references = []
    for image in placed:
        import html

        target = resolve_src(
            html.unescape(image.src), page_url=source.document.url, baseurl=site.baseurl, site_url=site.url
        )
        resolved = None
        if target.site_path is not None:
            resolved = PurePosixPath(Path(os.path.relpath(root / target.site_path, page_folder)).as_posix())
        kind: Kind = "liquid" if image.from_liquid else ("html" if image.syntax == "html-img" else "markdown")
        references.append(
            ImageReference(
                written=image.written,
                resolved=resolved,
                line=image.line,
                kind=kind,
                commented_out=image.comment is not None,
                syntax=image.syntax,  # type: ignore[arg-type]
                alt=image.alt,
                title=image.title,
                external=target.external,
                problem=target.problem,
                comment=image.comment,
                definition_line=image.definition_line,
                label=image.label,
                src=image.src,
                site_path=target.site_path,
                note=target.note,
            )
        )
    site_root = PurePosixPath(Path(os.path.relpath(root, page_folder)).as_posix())
    not_images = tuple(w.removeprefix(NOT_AN_IMAGE) for w in warnings if w.startswith(NOT_AN_IMAGE))
    warnings = [w for w in warnings if not w.startswith(NOT_AN_IMAGE)]
    return CoursePage(
        path=source.path,
        front_matter=dict(source.document.data),
        references=tuple(references),
        site_root=site_root,
        warnings=tuple(dict.fromkeys(warnings)),
        url=source.document.url,
        renderer=renderer,
        text=source.text,
        not_images=tuple(dict.fromkeys(not_images)),
    )
