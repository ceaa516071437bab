"""Oracle: ``coverage`` lists the images Jekyll 4.3 itself renders, on every page of the corpus.

The corpus (``tests/corpus/jekyll/``, sources in its ``SOURCES.md``) is real lesson pages plus hard
cases of every class where a hand-written parser disagreed with Jekyll. One session fixture runs
Jekyll once, in one Ruby process, over every site twice: as it is, and with its comments opened
(``{% comment %}`` tags and ``<!--``/``-->`` removed from the pages), so that the images that only
appear then are the commented-out ones. Expected images come from Jekyll's HTML output, read with
Python's HTML parser and resolved against the URL Jekyll gave the page; nothing of the project's
code is used to compute them.

Without Jekyll (``scripts/ensure-test-tools.sh`` installs it when root) the tests skip with a reason.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import posixpath
import re
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from automation.course_page import CoursePageError, read_course_page

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "jekyll"
BUILD_SCRIPT = HERE / "course_oracle" / "build_sites.rb"
SITES = sorted(path.name for path in CORPUS.iterdir() if (path / "_config.yml").is_file())
#: Pages the Jekyll renderer of ``coverage`` is also checked on (it runs Jekyll once per page).
JEKYLL_RENDERER_PAGES = [
    ("hard-pretty", "site-config/baseurl.md"),
    ("hard-dated", "_posts/2024-01-31-access-keys.md"),
    ("hard-dated", "kramdown/html-blocks.md"),
    ("hard-dated", "comments/comments.md"),
    ("hard-dated", "liquid/control-flow.md"),
    ("shell-novice", "_episodes/02-filedir.md"),
]
_COMMENT_TAG = re.compile(r"\{%-?\s*(?:end)?comment\s*-?%\}")
_HTML_COMMENT = re.compile(r"<!--|-->")

Key = tuple[str, str]  # ("site", path from the site root) or ("external", URL)


@dataclass(frozen=True)
class Expected:
    """What Jekyll rendered for one page."""

    url: str
    shown: list[Key]
    commented: list[Key]


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            first: dict[str, str] = {}
            for name, value in attrs:
                first.setdefault(name, value or "")
            self.sources.append(first.get("src", ""))

    handle_startendtag = handle_starttag


def _keys(output: Path, url: str, config: dict) -> list[Key]:
    parser = _Images()
    parser.feed(output.read_text(encoding="utf-8"))
    parser.close()
    baseurl = str(config.get("baseurl") or "").rstrip("/")
    site_url = str(config.get("url") or "").rstrip("/")
    keys: list[Key] = []
    for src in parser.sources:
        src = src.strip()
        if not src:
            keys.append(("empty", ""))
            continue
        if src.startswith("//") or urlsplit(src).scheme:
            if site_url and src.startswith(f"{site_url}{baseurl}/"):
                src = src[len(site_url) :]
            else:
                keys.append(("external", src))
                continue
        path = unquote(urlsplit(urljoin(f"https://oracle.invalid{baseurl}{url}", src)).path)
        if baseurl and path.startswith(baseurl + "/"):
            path = path[len(baseurl) :]
        keys.append(("site", posixpath.normpath(path).lstrip("/")))
    return keys


def _open_comments(site: Path) -> None:
    for page in site.rglob("*"):
        if page.suffix in (".md", ".markdown", ".html") and "_includes" not in page.parts:
            text = page.read_text(encoding="utf-8")
            page.write_text(_HTML_COMMENT.sub("", _COMMENT_TAG.sub("", text)), encoding="utf-8")


def _extra(opened: list[Key], shown: list[Key]) -> list[Key]:
    remaining = Counter(shown)
    extra = []
    for key in opened:
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            extra.append(key)
    return extra


@pytest.fixture(scope="session")
def jekyll_oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Expected]:
    """Jekyll's images for every page of the corpus (one Jekyll run for all sites, both variants).

    Under pytest-xdist the first worker runs Jekyll and the others read its answer (a file lock in
    the run's shared temporary folder), so the oracle costs one run per session.
    """
    if shutil.which("ruby") is None or shutil.which("jekyll") is None:
        pytest.skip("Jekyll is not installed (scripts/ensure-test-tools.sh installs it when run as root)")
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this session's folder
    answer = shared / "jekyll-oracle.json"
    with (shared / "jekyll-oracle.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not answer.is_file():
            answer.write_text(
                json.dumps([[*key, asdict(value)] for key, value in _run_oracle(tmp_path_factory).items()])
            )
    return {
        (site, path): Expected(
            value["url"], [tuple(key) for key in value["shown"]], [tuple(key) for key in value["commented"]]
        )
        for site, path, value in json.loads(answer.read_text())
    }


def _run_oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Expected]:
    work = tmp_path_factory.mktemp("jekyll-oracle")
    arguments: list[str] = []
    for name in SITES:
        for variant in ("as-is", "opened"):
            copy = work / variant / name
            shutil.copytree(CORPUS / name, copy)
            if variant == "opened":
                _open_comments(copy)
            arguments += [str(copy), str(work / "out" / variant / name)]
    started = time.monotonic()
    done = subprocess.run(
        ["ruby", str(BUILD_SCRIPT), *arguments], capture_output=True, text=True, timeout=900, check=False
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    answers = json.loads(done.stdout)
    errors = [answer for answer in answers if "error" in answer]
    assert not errors, errors
    found: dict[tuple[str, str, str], tuple[str, list[Key]]] = {}
    for answer in answers:
        source = Path(answer["source"])
        variant, name = source.parent.name, source.name
        config = yaml.safe_load((CORPUS / name / "_config.yml").read_text(encoding="utf-8")) or {}
        found[(variant, name, answer["path"])] = (
            answer["url"],
            _keys(Path(answer["output"]), answer["url"], config),
        )
    expected: dict[tuple[str, str], Expected] = {}
    for (variant, name, path), (url, keys) in found.items():
        if variant != "as-is":
            continue
        opened = found.get(("opened", name, path), (url, keys))[1]
        expected[(name, path)] = Expected(url, keys, _extra(opened, keys))
    print(
        f"\nJekyll oracle: {len(expected)} pages of {len(SITES)} sites, two builds each, in {seconds:.1f} s"
    )
    return expected


def _corpus_pages() -> list[tuple[str, str]]:
    pages = []
    for name in SITES:
        root = CORPUS / name
        for page in sorted(root.rglob("*.md")):
            relative = page.relative_to(root).as_posix()
            if "_includes" in page.parts or not page.read_text(encoding="utf-8").startswith("---"):
                continue
            pages.append((name, relative))
    return pages


CORPUS_PAGES = _corpus_pages()


def _ours(site: str, path: str, renderer: str) -> tuple[str | None, list[Key], list[Key]]:
    page = read_course_page(CORPUS / site / path, renderer=renderer)

    def key(ref) -> Key:  # type: ignore[no-untyped-def]
        if not ref.src.strip():
            return ("empty", "")
        return ("external", ref.src.strip()) if ref.external else ("site", ref.site_path or f"?{ref.problem}")

    return page.url, [key(ref) for ref in page.rendered], [key(ref) for ref in page.commented_out]


def test_the_corpus_is_large_enough() -> None:
    real = [page for page in CORPUS_PAGES if not page[0].startswith("hard-")]
    hard = [page for page in CORPUS_PAGES if page[0].startswith("hard-")]
    assert len(real) >= 60, len(real)
    assert len(hard) >= 15, len(hard)


@pytest.mark.parametrize(("site", "path"), CORPUS_PAGES, ids=[f"{s}/{p}" for s, p in CORPUS_PAGES])
def test_builtin_renderer_agrees_with_jekyll(jekyll_oracle, site: str, path: str) -> None:
    expected = jekyll_oracle[(site, path)]
    url, shown, commented = _ours(site, path, "builtin")
    assert url == expected.url
    assert shown == expected.shown
    assert sorted(commented) == sorted(expected.commented)


@pytest.mark.parametrize(
    ("site", "path"), JEKYLL_RENDERER_PAGES, ids=[f"{s}/{p}" for s, p in JEKYLL_RENDERER_PAGES]
)
def test_jekyll_renderer_agrees_with_jekyll(jekyll_oracle, site: str, path: str) -> None:
    expected = jekyll_oracle[(site, path)]
    url, shown, commented = _ours(site, path, "jekyll")
    assert url == expected.url
    assert shown == expected.shown
    assert sorted(commented) == sorted(expected.commented)


def test_every_hard_case_page_shows_images_jekyll_renders(jekyll_oracle) -> None:
    """The hard cases are not vacuous: Jekyll renders images on each, and hides some in comments."""
    hard = {key: value for key, value in jekyll_oracle.items() if key[0].startswith("hard-")}
    assert all(value.shown for value in hard.values()), [
        key for key, value in hard.items() if not value.shown
    ]
    assert any(value.commented for value in hard.values())


def test_no_corpus_page_crashes_either_renderer() -> None:
    """Every page gives images or a clear page error, never an exception of another kind."""
    for site, path in CORPUS_PAGES:
        with contextlib.suppress(CoursePageError):
            read_course_page(CORPUS / site / path, renderer="builtin")


if os.environ.get("ACF_ORACLE_SUMMARY"):

    def test_summary(jekyll_oracle) -> None:  # pragma: no cover - prints the figures for the note
        agree = sum(
            1
            for (site, path), expected in jekyll_oracle.items()
            if _ours(site, path, "builtin")[1:] == (expected.shown, expected.commented)
        )
        print(f"builtin renderer agrees with Jekyll on {agree} of {len(jekyll_oracle)} pages")
