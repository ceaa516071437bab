"""YAML as Jekyll reads it: front matter at the top of a page, and ``_config.yml``.

Jekyll loads YAML with Ruby's Psych. Where PyYAML differs, this module follows Psych:

- a date-looking value that is not a real date (``2023-02-30``) stays a string (PyYAML raises);
- front matter starts only with ``---`` on the very first line, and ends at the next line holding
  only ``---`` or ``...`` (Jekyll's ``YAML_FRONT_MATTER_REGEXP``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class JekyllYamlLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with Psych's forgiving timestamps."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        """A timestamp, or the scalar itself when it names no real date or time (as Psych does)."""
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[arg-type]


JekyllYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", JekyllYamlLoader.construct_yaml_timestamp)


class YamlProblem(Exception):
    """YAML that cannot be read: ``line`` is 1-based within the YAML text, when known."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def load_yaml(text: str) -> Any:
    """Parse YAML text as Jekyll would; raises :class:`YamlProblem`."""
    try:
        return yaml.load(text, Loader=JekyllYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(str(problem), mark.line + 1 if mark is not None else None) from None


_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.M)


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of a page: ``data``, whether the page has one, and where the body starts."""

    data: dict[str, Any]
    present: bool
    body_start: int  # character offset of the body in the page text
    body_line: int  # 1-based line of the page on which the body starts


class FrontMatterProblem(Exception):
    """Front matter that Jekyll would not read: ``line`` is 1-based in the page."""

    def __init__(self, reason: str, fix: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.line = line


def split_front_matter(text: str) -> FrontMatter:
    """The page's front matter; raises :class:`FrontMatterProblem` when it is broken.

    ``text`` has ``\\n`` line ends. A page without front matter gets ``present=False`` (GitHub Pages
    still renders it, through its jekyll-optional-front-matter plugin).
    """
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter({}, False, 0, 1)
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise FrontMatterProblem(
            "the front matter opened with '---' on line 1 is never closed.",
            "End the front matter with a line holding only '---', or remove the opening '---'.",
            1,
        )
    body_line = text.count("\n", 0, closing.end()) + 1
    try:
        data = load_yaml(text[opening.end() : closing.start()])
    except YamlProblem as exc:
        raise FrontMatterProblem(
            f"the front matter is not valid YAML ({exc.problem}).",
            "Fix the YAML between the two '---' lines (quote values that contain ': ' or start with "
            "a special character such as '{', '[', '*', '&', '!', '%' or '@').",
            (exc.line + 1) if exc.line is not None else 1,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterProblem(
            f"the front matter must be 'key: value' pairs, not a {type(data).__name__}.",
            "Write the front matter as a YAML mapping, e.g. 'title: Creating access keys'.",
            2,
        )
    return FrontMatter({str(key): value for key, value in data.items()}, True, closing.end(), body_line)
