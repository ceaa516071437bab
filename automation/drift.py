"""Drift errors that help: what a step looked for, and the nearest things the page does show.

When a locator finds nothing, the error names it (from Playwright's own call log) and lists the visible
elements closest to it by role and name, read from the page's ARIA snapshot (Playwright's
``aria_snapshot``), e.g. ``link 'IAM users'?``. An author can then fix the page object or report the
drift without opening a trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

#: ``get_by_role("link", name="Users", exact=True)`` or ``name=re.compile(r"^(IAM )?users$", …)``.
_BY_ROLE = re.compile(
    r'get_by_role\("(?P<role>[a-z]+)"(?:, name=(?:"(?P<name>(?:[^"\\]|\\.)*)"'
    r"|re\.compile\(r?(?P<q>['\"])(?P<pattern>.*?)(?P=q)))?"
)
#: ``get_by_text("…")``, ``get_by_label("…")``, ``get_by_test_id("…")``.
_BY_TEXT = re.compile(r'get_by_(?P<kind>text|label|test_id)\("(?P<name>(?:[^"\\]|\\.)*)"')
#: What follows a locator that only scopes another one: ``, exact=True).locator(`` / ``)).get_by_role(``.
_SCOPE_AFTER = re.compile(r"(?:, [\w.=]+)*\)+\.(?:locator|get_by_[a-z_]+)\(")
#: A locator's own description, as Playwright's call log gives it: ``Expect "to_be_visible" DESC with``.
_DESCRIBED = re.compile(r'Expect "[a-z_]+" (?P<role>[a-z]+) \'(?P<name>[^\']+)\'.* with timeout \d+ms')
#: One node of an ARIA snapshot: ``- link "IAM users"`` (a name may be absent).
_NODE = re.compile(r'^\s*- (?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')
#: Roles a reader clicks: one of them is a fair stand-in for another.
_CLICKABLE = frozenset({"link", "button", "menuitem", "tab", "radio", "checkbox", "option"})
MAX_CANDIDATES = 3
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Wanted:
    """One thing a locator looked for: a role (or None) and its name as readable text."""

    role: str | None
    name: str


@dataclass(frozen=True)
class Candidate:
    """A visible element: its role and accessible name."""

    role: str
    name: str

    def __str__(self) -> str:
        return f"{self.role} '{self.name}'?"


def readable(pattern: str) -> str:
    """The words of a regular expression, without its syntax (``^(IAM )?users$`` → ``IAM users``)."""
    text = re.sub(r"\\[dswDSW][+*?]?|\\\(|\\\)|\[[^\]]*\][+*?]?|[\^$()?*+|{}]|\\", " ", pattern)
    return " ".join(text.split())


def wanted_in(message: str) -> list[Wanted]:
    """What the locators in a Playwright error message look for: the locator's own description
    ("button 'Create access key' in …") when it has one, else every locator in its call log that is not
    only a scope (``….locator(…)``) or a filter (``has=…``) of another."""
    described = _DESCRIBED.search(message)
    if described:
        return [Wanted(described.group("role"), described.group("name"))]
    found: list[Wanted] = []
    for match in _BY_ROLE.finditer(message):
        if _SCOPE_AFTER.match(message, match.end()) or message[: match.start()].endswith("has="):
            continue
        name = match.group("name") or readable(match.group("pattern") or "")
        found.append(Wanted(match.group("role"), name.replace('\\"', '"')))
    for match in _BY_TEXT.finditer(message):
        name = match.group("name")
        if match.group("kind") == "test_id":
            name = name.replace("-", " ")
        found.append(Wanted(None, name))
    return [wanted for wanted in dict.fromkeys(found) if wanted.name]


def candidates_in(snapshot: str) -> list[Candidate]:
    """The named elements of an ARIA snapshot, once each."""
    found: list[Candidate] = []
    for line in snapshot.splitlines():
        match = _NODE.match(line)
        if match and match.group("name"):
            found.append(Candidate(match.group("role"), match.group("name").replace('\\"', '"')))
    return list(dict.fromkeys(found))


def _score(wanted: Wanted, candidate: Candidate) -> float:
    """How close a candidate is to what was wanted: name similarity, weighted by role."""
    want, have = wanted.name.casefold(), candidate.name.casefold()
    name = SequenceMatcher(None, want, have).ratio()
    if want and (want in have or have in want):
        name = max(name, 0.6 + 0.4 * min(len(want), len(have)) / max(len(want), len(have)))
    if wanted.role is None or wanted.role == candidate.role:
        return name
    same_family = wanted.role in _CLICKABLE and candidate.role in _CLICKABLE
    return name * (0.85 if same_family else 0.6)


def nearest(wanted: list[Wanted], candidates: list[Candidate]) -> list[Candidate]:
    """The candidates closest to any of ``wanted``, best first."""
    scored = {}
    for candidate in candidates:
        best = max((_score(item, candidate) for item in wanted), default=0.0)
        if best >= MIN_SCORE:
            scored[candidate] = best
    return sorted(scored, key=lambda c: -scored[c])[:MAX_CANDIDATES]


def nearest_on_page(page: Page, message: str) -> list[Candidate]:
    """The visible elements of ``page`` nearest to what the failed locator in ``message`` looked for.

    Best effort: a page that cannot be read (closed, navigating) gives no candidates.
    """
    wanted = wanted_in(message)
    if not wanted:
        return []
    try:
        snapshot = page.locator("body").aria_snapshot(timeout=3000)
    except PlaywrightError:
        return []
    return nearest(wanted, candidates_in(snapshot))


def describe_nearest(found: list[Candidate]) -> str:
    """`` Nearest visible: link 'IAM users'?, button 'Users'?.`` or ``""``."""
    if not found:
        return ""
    return f" Nearest visible: {', '.join(str(candidate) for candidate in found)}."
