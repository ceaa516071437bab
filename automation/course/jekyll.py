"""The Jekyll renderer: Jekyll itself (kramdown, Ruby Liquid) renders the page's content.

``jekyll_render.rb`` (shipped with the package) reads the whole site as ``jekyll build`` would, then
renders only the pages asked for, without layouts, and prints their HTML; nothing is written into
the site. Plugins the site lists but that are not installed, and themes, are left out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

JEKYLL_TIMEOUT_S = 300


@dataclass(frozen=True)
class PageRequest:
    """Render ``path`` (relative to the site root), or ``body`` in its place when given."""

    path: str
    body: str | None = None


@dataclass(frozen=True)
class RenderedPage:
    """One page as Jekyll rendered it: its URL and HTML, or Jekyll's error."""

    source: str
    path: str | None
    url: str | None
    html: str | None
    error: str | None


class JekyllUnavailable(Exception):
    """Jekyll (or Ruby) is not installed, or did not answer."""


def jekyll_available() -> bool:
    """Whether Jekyll can be run here (the ``jekyll`` gem under Ruby)."""
    return shutil.which("ruby") is not None and shutil.which("jekyll") is not None


def render_sites(sites: Sequence[tuple[Path, Sequence[PageRequest] | None]]) -> list[RenderedPage]:
    """Render pages of several sites in one Jekyll process (``None``: every page of that site)."""
    request = {
        "sites": [
            {
                "source": str(root),
                "pages": None
                if pages is None
                else [{"path": page.path, "body": page.body} for page in pages],
            }
            for root, pages in sites
        ]
    }
    script = resources.files("automation.course").joinpath("jekyll_render.rb")
    with resources.as_file(script) as script_path:
        try:
            done = subprocess.run(
                ["ruby", str(script_path)],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=JEKYLL_TIMEOUT_S,
                env={**os.environ, "JEKYLL_ENV": "development"},
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise JekyllUnavailable(f"Jekyll could not be run ({exc})") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise JekyllUnavailable(f"Jekyll stopped with exit code {done.returncode} ({last})")
    try:
        answers = json.loads(done.stdout)
    except ValueError:
        raise JekyllUnavailable("Jekyll printed no readable answer") from None
    return [
        RenderedPage(
            item.get("source", ""), item.get("path"), item.get("url"), item.get("html"), item.get("error")
        )
        for item in answers
    ]


@dataclass(frozen=True)
class HtmlImg:
    """An ``<img>`` the browser shows: its attributes (entities decoded)."""

    src: str | None
    alt: str
    title: str | None


class _ImgCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[HtmlImg] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")  # the browser keeps the first of duplicates
        self.images.append(HtmlImg(values.get("src"), values.get("alt", ""), values.get("title")))

    handle_startendtag = handle_starttag


def images_in_rendered_html(html_text: str) -> list[HtmlImg]:
    """Every ``<img>`` of rendered HTML as a browser sees it (comments and script text skipped)."""
    collector = _ImgCollector()
    collector.feed(html_text)
    collector.close()
    return collector.images


_LIQUID_LINE = re.compile(r"\(line (\d+)\)")


def error_line(message: str) -> int | None:
    """The line Jekyll names in a Liquid error (relative to the page's body)."""
    match = _LIQUID_LINE.search(message)
    return int(match.group(1)) if match else None
