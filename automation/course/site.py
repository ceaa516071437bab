"""The Jekyll site a course page belongs to: its configuration, front-matter defaults and URLs.

A relative image path in a rendered page resolves against the page's URL, not its source folder, so
the URL must be the one Jekyll gives the page. This module computes it the way Jekyll 4.3 does
(``Jekyll::Page#template``, ``Jekyll::URL``, ``Jekyll::Drops::UrlDrop``, ``FrontmatterDefaults``):
pages, posts (``_posts/YYYY-MM-DD-title.md``, dated URLs), and documents of collections with
``output: true``; ``permalink`` from the page, from ``defaults:`` or from the site's style
(``date``, ``pretty``, ``ordinal``, ``none`` or a template).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import os
import posixpath
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from automation.course.frontmatter import YamlProblem, load_yaml

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd")

PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

_DATE_FILENAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")


class SiteConfigProblem(Exception):
    """The site's ``_config.yml`` cannot be read."""

    def __init__(self, file: Path, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.file = file
        self.problem = problem
        self.line = line


def find_site_root(page: Path) -> Path | None:
    """The folder holding the page's ``_config.yml``, walking up; ``None`` when there is none.

    The walk stops at the repository root (a folder with ``.git``).
    """
    folder = Path(os.path.abspath(Path(page).parent))
    for candidate in (folder, *folder.parents):
        if any((candidate / name).is_file() for name in CONFIG_NAMES):
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def jekyll_slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """``Jekyll::Utils.slugify`` for the modes URLs use (``default`` and ``pretty``)."""
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    elif mode == "pretty":
        slug = re.sub(r"(?:[^\w._~!$&'()+,;=@]|_)+", "-", text)
    else:
        slug = re.sub(r"(?:\W|_)+", "-", text)
    slug = slug.strip("-")
    return slug if cased else slug.lower()


@dataclass(frozen=True)
class Document:
    """A page of the site as Jekyll sees it: its kind, merged data and URL."""

    relative_path: str  # from the site root, with '/'
    kind: str  # "pages", "posts", "drafts" or a collection's label
    data: dict[str, Any]  # defaults merged under the front matter, plus Jekyll's own keys
    url: str | None  # None: the document is not written (a collection without output)


@dataclass
class Site:
    """A Jekyll site: its root folder and configuration (``_config.yml`` merged over Jekyll's defaults)."""

    root: Path | None
    config: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_page(cls, page: Path | None) -> Site:
        """The site of ``page`` (a site of its own folder when no ``_config.yml`` is found)."""
        if page is None:
            return cls(None, {})
        root = find_site_root(page)
        if root is None:
            return cls(Path(os.path.abspath(Path(page).parent)), {})
        return cls(root, read_config(root))

    @property
    def baseurl(self) -> str:
        """``site.baseurl`` without a trailing slash ('' when unset)."""
        value = self.config.get("baseurl")
        return str(value).rstrip("/") if value else ""

    @property
    def url(self) -> str:
        """``site.url`` without a trailing slash ('' when unset)."""
        value = self.config.get("url")
        return str(value).rstrip("/") if value else ""

    @property
    def permalink_style(self) -> str:
        value = self.config.get("permalink")
        return str(value) if value else "date"

    def collections(self) -> dict[str, dict[str, Any]]:
        """Collection label → metadata (``posts`` always exists, written with the site permalink)."""
        found: dict[str, dict[str, Any]] = {}
        raw = self.config.get("collections")
        if isinstance(raw, Mapping):
            for label, meta in raw.items():
                found[str(label)] = dict(meta) if isinstance(meta, Mapping) else {}
        elif isinstance(raw, list):
            for label in raw:
                found[str(label)] = {}
        posts = found.setdefault("posts", {})
        posts.setdefault("output", True)
        posts.setdefault("permalink", PERMALINK_STYLES.get(self.permalink_style, self.permalink_style))
        return found

    def collections_dir(self) -> str:
        value = self.config.get("collections_dir")
        return str(value).strip("/") if value else ""

    def relative(self, page: Path) -> str:
        """The page's path from the site root, with '/'."""
        if self.root is None:
            return page.name
        return PurePosixPath(Path(os.path.relpath(os.path.abspath(page), self.root))).as_posix()

    def document(self, relative_path: str, front_matter: Mapping[str, Any]) -> Document:
        """The page at ``relative_path`` with ``front_matter`` as Jekyll would build it."""
        kind, collection = self._kind_of(relative_path)
        data = deep_merge(self.defaults_for(relative_path, kind), dict(front_matter))
        if kind == "pages":
            return Document(relative_path, kind, data, self._page_url(relative_path, data))
        meta = self.collections().get(collection, {})
        data = self._document_data(relative_path, kind, collection, data)
        if not meta.get("output"):
            return Document(relative_path, kind, data, None)
        template = meta.get("permalink")
        if not template:
            template = add_permalink_suffix("/:collection/:path", self.permalink_style)
        elif template in PERMALINK_STYLES:
            template = PERMALINK_STYLES[template]
        placeholders = self._document_placeholders(relative_path, collection, data)
        return Document(relative_path, kind, data, _url(str(template), data.get("permalink"), placeholders))

    # -- defaults ---------------------------------------------------------------------------

    def defaults_for(self, relative_path: str, kind: str) -> dict[str, Any]:
        """``FrontmatterDefaults#all``: every matching ``defaults:`` set, the most specific last."""
        sets = self.config.get("defaults")
        if not isinstance(sets, list):
            return {}
        merged: dict[str, Any] = {}
        old_scope: Mapping[str, Any] | None = None
        for item in sets:
            if not isinstance(item, Mapping) or not isinstance(item.get("values"), Mapping):
                continue
            scope = item.get("scope") if isinstance(item.get("scope"), Mapping) else {}
            assert isinstance(scope, Mapping)
            if not self._applies(scope, relative_path, kind):
                continue
            values = dict(item["values"])
            if _has_precedence(old_scope, scope):
                merged = deep_merge(merged, values)
                old_scope = scope
            else:
                merged = deep_merge(values, merged)
        return merged

    def _applies(self, scope: Mapping[str, Any], relative_path: str, kind: str) -> bool:
        scope_type = scope.get("type")
        if scope_type is not None:
            wanted = {"page": "pages", "post": "posts", "draft": "drafts"}.get(
                str(scope_type), str(scope_type)
            )
            if wanted != kind:
                return False
        scope_path = scope.get("path")
        if not isinstance(scope_path, str) or not scope_path:
            return True
        path = _strip_collections_dir(relative_path, self.collections_dir())
        if "*" in scope_path:
            return any(
                path.startswith(candidate) for candidate in _glob_prefixes(self.root, scope_path.lstrip("/"))
            )
        return path.startswith(_strip_collections_dir(_sanitize_scope(scope_path), self.collections_dir()))

    # -- kinds and URLs ---------------------------------------------------------------------

    def _kind_of(self, relative_path: str) -> tuple[str, str]:
        """("pages", "") or (kind, collection label) for a path from the site root."""
        parts = PurePosixPath(relative_path).parts
        inside = _strip_collections_dir(relative_path, self.collections_dir())
        inner_parts = PurePosixPath(inside).parts
        if "_posts" in parts[:-1]:
            return "posts", "posts"
        if "_drafts" in parts[:-1]:
            return "drafts", "posts"
        if inner_parts and inner_parts[0].startswith("_"):
            label = inner_parts[0][1:]
            if label in self.collections():
                return label, label
        return "pages", ""

    def _page_url(self, relative_path: str, data: Mapping[str, Any]) -> str:
        folder, name = posixpath.split(relative_path)
        stem, ext = posixpath.splitext(name)
        output_ext = ".html" if ext.lower() in MARKDOWN_EXTENSIONS or ext.lower() == ".html" else ext
        base = stem if ext else name
        if output_ext != ".html":
            template = "/:path/:basename:output_ext"
        elif base == "index":
            template = "/:path/"
        else:
            template = add_permalink_suffix("/:path/:basename", self.permalink_style)
        placeholders = {"path": "/" + folder if folder else "", "basename": base, "output_ext": output_ext}
        return _url(template, data.get("permalink"), placeholders, page=True)

    def _document_data(
        self, relative_path: str, kind: str, collection: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Jekyll's own keys of a collection document: slug, date and categories of posts."""
        data = dict(data)
        match = _DATE_FILENAME.match(relative_path)
        stem = posixpath.splitext(posixpath.basename(relative_path))[0]
        slug = stem
        if isinstance(data.get("date"), str):
            parsed = _parse_date(data["date"])
            if parsed is not None:
                data["date"] = parsed
        if match:
            slug = match.group(2)
            if "date" not in data or not isinstance(data["date"], dt.date):
                with contextlib.suppress(ValueError):
                    data.setdefault("date", dt.date.fromisoformat(_pad_date(match.group(1))))
        data.setdefault("slug", slug)
        if collection == "posts":
            special = "_drafts" if kind == "drafts" else "_posts"
            parts = PurePosixPath(relative_path).parts
            superdirs = list(parts[: parts.index(special)]) if special in parts else []
            categories = [str(item) for item in _as_list(data.get("categories"))]
            categories += [str(item) for item in _as_list(data.get("category"))]
            data["categories"] = list(dict.fromkeys([*superdirs, *categories]))
        return data

    def _document_placeholders(
        self, relative_path: str, collection: str, data: Mapping[str, Any]
    ) -> dict[str, str]:
        inside = _strip_collections_dir(relative_path, self.collections_dir())
        stem, ext = posixpath.splitext(inside)
        cleaned = stem.removeprefix(f"_{collection}").rstrip(".")
        output_ext = ".html" if ext.lower() in MARKDOWN_EXTENSIONS or ext.lower() == ".html" else ext
        date = data.get("date")
        when = date if isinstance(date, dt.date) else None
        slug = str(data.get("slug") or "")
        placeholders = {
            "collection": collection,
            "path": cleaned,
            "output_ext": output_ext,
            "name": jekyll_slugify(posixpath.basename(stem)),
            "title": jekyll_slugify(slug, "pretty", cased=True),
            "slug": jekyll_slugify(slug),
            "categories": "/".join(
                dict.fromkeys(str(item).lower() for item in _as_list(data.get("categories")))
            ),
            "slugified_categories": "/".join(
                dict.fromkeys(jekyll_slugify(str(item)) for item in _as_list(data.get("categories")))
            ),
        }
        if when is not None:
            placeholders.update(
                year=when.strftime("%Y"),
                month=when.strftime("%m"),
                day=when.strftime("%d"),
                i_day=str(when.day),
                i_month=str(when.month),
                short_year=when.strftime("%y"),
                y_day=when.strftime("%j"),
                short_month=when.strftime("%b"),
                long_month=when.strftime("%B"),
                short_day=when.strftime("%a"),
                long_day=when.strftime("%A"),
                week=when.strftime("%V"),
                w_year=when.strftime("%G"),
                w_day=when.strftime("%u"),
            )
            if isinstance(when, dt.datetime):
                placeholders.update(
                    hour=when.strftime("%H"), minute=when.strftime("%M"), second=when.strftime("%S")
                )
        return placeholders


def read_config(root: Path) -> dict[str, Any]:
    """The site's configuration file as a mapping; raises :class:`SiteConfigProblem`."""
    stamp = tuple((root / name).stat().st_mtime_ns if (root / name).is_file() else 0 for name in CONFIG_NAMES)
    return copy.deepcopy(_read_config(root, stamp))


@functools.lru_cache(maxsize=32)
def _read_config(root: Path, _stamp: tuple[int, ...]) -> dict[str, Any]:
    for name in CONFIG_NAMES:
        file = root / name
        if not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise SiteConfigProblem(file, f"it cannot be read ({exc})", None) from None
        try:
            data = tomllib.loads(text) if name.endswith(".toml") else load_yaml(text)
        except YamlProblem as exc:
            raise SiteConfigProblem(file, f"it is not valid YAML ({exc.problem})", exc.line) from None
        except tomllib.TOMLDecodeError as exc:
            raise SiteConfigProblem(file, f"it is not valid TOML ({exc})", None) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise SiteConfigProblem(file, "it must be 'key: value' pairs", 1)
        return {str(key): value for key, value in data.items()}
    return {}


def add_permalink_suffix(template: str, style: str) -> str:
    """``Jekyll::Utils.add_permalink_suffix``."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``Jekyll::Utils.deep_merge_hashes``: nested mappings merge, everything else is replaced."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _escape_path(value: str) -> str:
    """``Jekyll::URL.escape_path``."""
    if not value or re.fullmatch(r"[a-zA-Z0-9./-]+", value):
        return value
    return quote(value, safe="/!$&'()*+,;=:@-._~").replace("#", "%23")


def _url(template: str, permalink: Any, placeholders: Mapping[str, str], *, page: bool = False) -> str:
    """``Jekyll::URL#to_s``: the permalink (or template) with placeholders filled, then sanitised."""
    chosen = str(permalink) if permalink else template
    if page:
        for key, value in placeholders.items():  # Page: a Hash, applied in order
            if ":" not in chosen:
                break
            chosen = chosen.replace(f":{key}", _escape_path(value))
    else:

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            for key in (name, name.removesuffix("_")) if name.endswith("_") else (name,):
                if key in placeholders:
                    return _escape_path(placeholders[key])
            return match.group(0)

        chosen = re.sub(r":([a-z_]+)", fill, chosen)
    result = ("/" + chosen).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", result)


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    if old is None:
        return True
    new_path = _sanitize_scope(new.get("path"))
    old_path = _sanitize_scope(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new:
        return True
    return "type" not in old


def _sanitize_scope(path: Any) -> str:
    if not isinstance(path, str) or not path:
        return ""
    if path.startswith("/"):
        path = path[1:]
        return path.rstrip("/") if path.endswith("/") and len(path) > 1 else path
    return path


def _strip_collections_dir(path: str, collections_dir: str) -> str:
    if collections_dir and path.startswith(collections_dir + "/"):
        return path[len(collections_dir) + 1 :]
    return path


def _glob_prefixes(root: Path | None, scope: str) -> list[str]:
    """Paths the scope's glob matches under the site root (as ``Dir.glob`` would)."""
    if root is None:
        return []
    return [PurePosixPath(match.relative_to(root)).as_posix() for match in root.glob(scope)]


def _parse_date(text: str) -> dt.datetime | None:
    """A front-matter date string as Jekyll's ``Utils.parse_date`` reads it (``None`` if it is none)."""
    from dateutil import parser

    try:
        return parser.parse(text)
    except (ValueError, OverflowError):
        return None


def _pad_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return list(value)
    return [value]
