"""The built-in renderer: Liquid on python-liquid, then Markdown as kramdown renders it.

It needs no Jekyll. Commented-out images are found by rendering the page a second time with its
comments opened (``{% comment %}`` renders its body, ``<!--``/``-->`` are dropped): images that
appear only then are the commented-out ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from automation.course.frontmatter import FrontMatter, FrontMatterProblem, split_front_matter
from automation.course.kramdown import FoundImage, find_images, find_images_and_notes
from automation.course.liquid_jekyll import JekyllLiquid, LiquidProblem
from automation.course.locate import LineMap, spellings_on
from automation.course.model import CommentKind, page_error
from automation.course.model import CoursePageError as CoursePageErrorType
from automation.course.site import Document, Site, SiteConfigProblem

_HTML_COMMENT_MARKER = re.compile(r"<!--|-->")
NOT_AN_IMAGE = "\x00"
"""Marks a warning about a would-be image Jekyll shows as text (see ``CoursePage.not_images``)."""


@dataclass(frozen=True)
class PageSource:
    """A page ready to render: its text, front matter, site and place in the site."""

    path: Path | None
    name: str  # how messages name the page
    text: str  # '\n' line ends, no BOM
    front: FrontMatter
    site: Site
    relative: str  # from the site root
    document: Document
    guest: bool = False  # rendered for another page's site.pages / site.<collection> (no nesting)

    @property
    def body(self) -> str:
        return self.text[self.front.body_start :]

    @property
    def liquid_on(self) -> bool:
        return self.document.data.get("render_with_liquid") is not False

    def variables(self) -> dict[str, Any]:
        """The Liquid variables Jekyll gives a page: ``site``, ``page``, ``jekyll``."""
        page = dict(self.document.data)
        folder, _, name = self.relative.rpartition("/")
        page.update(
            url=self.document.url or "", path=self.relative, name=name, dir="/" + folder if folder else "/"
        )
        site: Mapping[str, Any]
        if self.guest:
            site = {**self.site.config, "baseurl": self.site.config.get("baseurl") or ""}
        else:
            site = SiteDrop(self.site, _data_files(self.site))
        return {"site": site, "page": page, "jekyll": {"environment": "development", "version": "4.3.1"}}


@dataclass(frozen=True)
class PlacedImage:
    """An image a renderer found, placed on its source line."""

    src: str
    alt: str
    title: str | None
    line: int
    syntax: str
    written: str
    from_liquid: bool
    comment: CommentKind | None = None
    label: str | None = None
    definition_line: int | None = None


def prepare(text: str, path: Path | None, name: str) -> PageSource:
    """Split the front matter and place the page in its site; raises ``CoursePageError``."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        front = split_front_matter(text)
    except FrontMatterProblem as exc:
        raise page_error(name, exc.line, exc.reason, exc.fix) from None
    try:
        site = Site.for_page(path)
    except SiteConfigProblem as exc:
        raise page_error(
            str(exc.file),
            exc.line,
            f"the site configuration of {name} cannot be read: {exc.problem}.",
            "Fix _config.yml (Jekyll refuses to build the site with it as it is).",
        ) from None
    relative = site.relative(path) if path is not None else "page.md"
    return PageSource(path, name, text, front, site, relative, site.document(relative, front.data))


def render_builtin(source: PageSource) -> tuple[list[PlacedImage], list[str]]:
    """Every image of the page (commented-out ones marked) and the warnings met."""
    body = source.body
    folder = source.path.parent if source.path is not None else None
    variables = source.variables()
    warnings: list[str] = []
    if source.liquid_on:
        normal = _liquid(source, JekyllLiquid(source.site, folder), body, variables, warnings)
        opened_liquid = normal
        if re.search(r"\{%-?\s*(?:comment|include)", body):
            opened = JekyllLiquid(source.site, folder, open_comments=True)
            opened_liquid = _liquid(source, opened, body, variables, [])
    else:
        normal = opened_liquid = body
    opened_all = _HTML_COMMENT_MARKER.sub("", opened_liquid)

    lines = body.split("\n")
    normal_images, notes = find_images_and_notes(normal)
    normal_map = LineMap(body, normal)
    for line, message in notes:
        warnings.append(f"line {normal_map.source_line(line) + source.front.body_line - 1}: {message}.")
        warnings[-1] = NOT_AN_IMAGE + warnings[-1]
    shown = _place(normal_images, normal_map, lines, source.front.body_line, None)
    liquid_images = normal_images if opened_liquid == normal else find_images(opened_liquid)
    all_images = liquid_images if opened_all == opened_liquid else find_images(opened_all)
    liquid_hidden = _extra(liquid_images, normal_images)
    all_hidden = _extra(all_images, normal_images)
    in_liquid_comment = Counter(_key(image) for image in liquid_hidden)
    placed_hidden: list[PlacedImage] = []
    opened_map = LineMap(body, opened_all)
    for image in all_hidden:
        kind: CommentKind = "html"
        if in_liquid_comment[_key(image)] > 0:
            in_liquid_comment[_key(image)] -= 1
            kind = "liquid"
        placed_hidden += _place([image], opened_map, lines, source.front.body_line, kind)
    merged = sorted([*shown, *placed_hidden], key=lambda image: image.line)
    return _with_spellings(merged, source.text.split("\n")), warnings


def _liquid(
    source: PageSource, engine: JekyllLiquid, body: str, variables: dict[str, Any], warnings: list[str]
) -> str:
    try:
        result = engine.render(body, variables)
    except LiquidProblem as exc:
        line = exc.line + source.front.body_line - 1 if exc.line is not None else None
        raise page_error(source.name, line, exc.reason, exc.fix) from None
    for warning in result.warnings:
        warnings.append(_shift_line(warning, source.front.body_line - 1))
    return result.text


def _shift_line(warning: str, offset: int) -> str:
    match = re.match(r"line (\d+): ", warning)
    if not match:
        return warning
    return f"line {int(match.group(1)) + offset}: " + warning[match.end() :]


def _key(image: FoundImage) -> tuple[str, str]:
    return image.src, image.alt


def _extra(opened: list[FoundImage], normal: list[FoundImage]) -> list[FoundImage]:
    """Images of ``opened`` beyond those of ``normal`` (a multiset difference, in order)."""
    remaining = Counter(_key(image) for image in normal)
    extra = []
    for image in opened:
        if remaining[_key(image)] > 0:
            remaining[_key(image)] -= 1
        else:
            extra.append(image)
    return extra


def _place(
    images: Iterable[FoundImage],
    line_map: LineMap,
    body_lines: list[str],
    body_line: int,
    comment: CommentKind | None,
) -> list[PlacedImage]:
    placed = []
    for image in images:
        line = line_map.source_line(image.line) + body_line - 1
        definition_line = (
            line_map.source_line(image.definition_line) + body_line - 1 if image.definition_line else None
        )
        placed.append(
            PlacedImage(
                image.src,
                image.alt,
                image.title,
                line,
                image.syntax,
                written="",
                from_liquid=False,
                comment=comment,
                label=image.label,
                definition_line=definition_line,
            )
        )
    return placed


def _with_spellings(images: list[PlacedImage], source_lines: list[str]) -> list[PlacedImage]:
    """Each image with its path as the source spells it (Liquid included), where it can be found."""
    used: Counter[tuple[int, str]] = Counter()
    done = []
    for image in images:
        line = (
            image.definition_line
            if image.syntax == "markdown-reference" and image.definition_line
            else image.line
        )
        candidates = spellings_on(source_lines, line, image.syntax)
        exact = [candidate for candidate in candidates if candidate == image.src]
        index = used[(line, image.syntax)]
        used[(line, image.syntax)] += 1
        if exact:
            written = exact[0]
        elif index < len(candidates):
            written = candidates[index]
        else:
            written = ""
        liquid = "{{" in written or "{%" in written or not written
        done.append(replace(image, written=written or image.src, from_liquid=liquid))
    return done


def _data_files(site: Site) -> dict[str, Any]:
    """``site.data``: the YAML and JSON files of ``_data`` (nested folders become nested keys)."""
    import json

    from automation.course.frontmatter import YamlProblem, load_yaml

    data: dict[str, Any] = {}
    if site.root is None or not (site.root / "_data").is_dir():
        return data
    for file in sorted((site.root / "_data").rglob("*")):
        if file.suffix.lower() not in (".yml", ".yaml", ".json") or not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8-sig")
            value = json.loads(text) if file.suffix.lower() == ".json" else load_yaml(text)
        except (OSError, UnicodeDecodeError, ValueError, YamlProblem):
            continue
        target = data
        for part in file.relative_to(site.root / "_data").parent.parts:
            target = target.setdefault(part, {})
        target[file.stem] = value
    return data


def read_text(path: Path, name: str) -> str:
    """The page's text; raises ``CoursePageError`` for folders, missing files and non-UTF-8 text."""
    from automation.course.model import READ_STEP, CoursePageError

    if path.is_dir():
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{name} is a folder, not a course page.",
            fix="Give the path of a Markdown page, e.g. docs/access-keys.md.",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{name} does not exist.",
            fix="Check the path of the course page (it is relative to the current folder).",
        ) from None
    except UnicodeDecodeError as exc:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start}).",
            fix="Save the page as UTF-8; Jekyll reads pages as UTF-8 too.",
        ) from None
    except OSError as exc:
        raise CoursePageError(
            step=READ_STEP,
            reason=f"{name} cannot be read: {exc.strerror or exc}.",
            fix="Check that the file exists and that you may read it.",
        ) from None


class SiteDrop(Mapping[str, Any]):
    """``site`` for Liquid: the configuration, ``site.data``, and the documents of the site.

    ``site.pages``, ``site.posts`` and ``site.<collection>`` are read only when a page uses them
    (an "all in one" page that shows every episode's ``content``). Each document's ``content`` is
    its rendered images as HTML, which is all of a document's HTML that matters here.
    """

    def __init__(self, site: Site, data: dict[str, Any]) -> None:
        self._site = site
        self._values: dict[str, Any] = {
            **site.config,
            "baseurl": site.config.get("baseurl") or "",
            "data": data,
        }
        self._lazy = {"pages", "posts", "documents", *site.collections()}
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._lazy:
            if key not in self._cache:
                self._cache[key] = self._documents(key)
            return self._cache[key]
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter({*self._values, *self._lazy})

    def __len__(self) -> int:
        return len({*self._values, *self._lazy})

    def _documents(self, key: str) -> list[dict[str, Any]]:
        root = self._site.root
        if root is None:
            return []
        found = []
        for file in _site_files(root, key, self._site):
            try:
                guest = prepare(file.read_text(encoding="utf-8-sig"), file, str(file))
            except (CoursePageErrorType, OSError, UnicodeDecodeError):
                continue
            if not guest.front.present and key != "pages":
                continue
            guest = replace(guest, guest=True)
            entry = dict(guest.document.data)
            entry.update(url=guest.document.url or "", path=guest.relative)
            try:
                images, _ = render_builtin(guest)
            except CoursePageErrorType:
                images = []
            entry["content"] = "\n".join(
                f'<p><img src="{_attr(image.src)}" alt="{_attr(image.alt)}" /></p>'
                for image in images
                if image.comment is None
            )
            found.append(entry)
        if key == "posts":
            found.sort(key=lambda entry: str(entry.get("date", "")), reverse=True)
        return found


def _attr(value: str) -> str:
    import html

    return html.escape(value, quote=True)


_NOT_SITE = {"_site", "node_modules", "vendor", ".git", ".bundle", ".sass-cache", ".jekyll-cache"}


def _site_files(root: Path, key: str, site: Site) -> list[Path]:
    """The source files of ``site.pages``, ``site.posts`` or a collection, sorted by path."""
    pages: list[Path] = []
    suffixes = (".md", ".markdown", ".html")
    if key == "posts":
        pages = [file for file in root.rglob("_posts/**/*") if file.suffix in suffixes]
    elif key == "pages":
        for file in root.rglob("*"):
            parts = file.relative_to(root).parts
            if file.suffix in suffixes and not any(
                part.startswith(("_", ".")) or part in _NOT_SITE for part in parts
            ):
                pages.append(file)
    elif key != "documents":
        folder = root / site.collections_dir() / f"_{key}" if site.collections_dir() else root / f"_{key}"
        pages = [file for file in folder.rglob("*") if file.suffix in suffixes] if folder.is_dir() else []
    return sorted(file for file in pages if file.is_file())
