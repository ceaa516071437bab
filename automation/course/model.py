"""What reading a course page gives: the page and every image reference in it."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import unquote

from automation.errors import SettingError

READ_STEP = "Read course page"
"""The step name every course-page error carries."""

Kind = Literal["markdown", "html", "liquid"]
Syntax = Literal["markdown-inline", "markdown-reference", "html-img"]
CommentKind = Literal["liquid", "html"]
Renderer = Literal["jekyll", "builtin"]


@dataclass
class CoursePageError(SettingError):
    """A course page cannot be read: unreadable file, bad front matter, Liquid Jekyll refuses.

    A :class:`~automation.errors.SettingError` (exit code ``BAD_SETTING``) whose step is always
    ``"Read course page"``; ``line`` is the 1-based line the problem starts on, when known.
    """

    line: int | None = None


def page_error(source: str, line: int | None, reason: str, fix: str) -> CoursePageError:
    """A :class:`CoursePageError` whose reason starts with the page and line."""
    where = f"{source}, line {line}" if line is not None else source
    return CoursePageError(step=READ_STEP, reason=f"{where}: {reason}", fix=fix, line=line)


@dataclass(frozen=True)
class ImageReference:
    """One image a course page shows (or would show, were it not commented out).

    ``written`` is the path as the page spells it (Liquid included) when it can be found in the
    source, else the ``src`` the renderer produced; ``src`` is what the browser gets. ``resolved``
    is the image file relative to the page's folder (may start with ``..``); ``None`` for external
    URLs and paths that cannot be resolved (then ``problem`` says why). ``kind`` is ``"liquid"``
    when Liquid produced the path, else the syntax family; ``syntax`` names the construct.
    ``comment`` says which comment hides a commented-out reference; ``label`` and
    ``definition_line`` describe reference-style images (``![alt][label]``); ``note`` warns about
    a path that works differently from how it reads.
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
    src: str = ""
    site_path: str | None = None
    note: str | None = None

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
        for candidate in (self.src, self.written):
            tail = re.split(r"[?#]", candidate, maxsplit=1)[0].rstrip("/").rsplit("/", 1)[-1]
            tail = unquote(html.unescape(tail)).strip()
            if tail and "{" not in tail and "}" not in tail and "%" not in tail and "." in tail:
                return tail
        return None


@dataclass(frozen=True)
class CoursePage:
    """A course page as Jekyll renders it: its data, URL and every image reference, in page order."""

    path: Path | None
    front_matter: dict[str, Any]
    references: tuple[ImageReference, ...]
    site_root: PurePosixPath = field(default_factory=lambda: PurePosixPath("."))
    warnings: tuple[str, ...] = ()
    url: str | None = None
    renderer: Renderer = "builtin"
    text: str = ""
    not_images: tuple[str, ...] = ()  # would-be images Jekyll shows as text, each "line N: why"

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
