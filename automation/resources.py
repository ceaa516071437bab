"""The data files the tool ships: replica bundle and fonts, classic pages, example credentials, course sample.

They live in the repository's top-level ``fixtures/`` folder, which the build maps into the package as
``automation.fixtures`` (pyproject.toml). Everything reads them here, through ``importlib.resources``,
so a wheel, an editable install and the checkout behave alike. Recordings are not shipped.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from automation.errors import SettingError

DATA_PACKAGE = "automation.fixtures"

REPLICA_DIST = ("replica", "dist")
CLASSIC_PAGES = ("replica", "classic")
REPLICA_CREDENTIALS = ("replica", "credentials.env")
SAMPLE_COURSE_PAGE = ("course", "access-keys.md")


def _broken_install(what: str) -> SettingError:
    return SettingError(
        step="Find the tool's data files",
        reason=f"{what} is missing from the installed aws-console-flows, so the install is incomplete.",
        fix='Reinstall it: pip install --force-reinstall "aws-console-flows @ git+…" (in a checkout of '
        "the tool itself: pip install -e .).",
    )


def data_file(*parts: str) -> Traversable:
    """The shipped file or folder ``parts`` below ``fixtures/`` (it may not exist)."""
    try:
        root = resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        raise _broken_install(f"the data package {DATA_PACKAGE}") from None
    return root.joinpath(*parts)


def data_path(*parts: str) -> Path:
    """A shipped file or folder as a real path; SettingError when missing or not on the file system."""
    found = data_file(*parts)
    name = "/".join(parts)
    if not isinstance(found, Path) or not found.exists():
        raise _broken_install(f"the data file {name}")
    return found


def read_text(*parts: str) -> str:
    """The text of a shipped file (UTF-8)."""
    found = data_file(*parts)
    if not found.is_file():
        raise _broken_install(f"the data file {'/'.join(parts)}")
    return found.read_text(encoding="utf-8")


def replica_dist() -> Path:
    """The replica's built page bundle and its fonts."""
    return data_path(*REPLICA_DIST)


def classic_pages() -> Path:
    """The classic edition's plain HTML/CSS/JS files."""
    return data_path(*CLASSIC_PAGES)


def replica_credentials_text() -> str:
    """The replica's own example credentials, as ``NAME=value`` lines (nothing real)."""
    return read_text(*REPLICA_CREDENTIALS)


def sample_course_page() -> Path:
    """A sample course page that uses all nine tutorial images."""
    return data_path(*SAMPLE_COURSE_PAGE)
