"""Drift errors: what a failed locator looked for, read from Playwright's own error messages, and the
visible elements nearest to it, read from Playwright's own ARIA snapshot of the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from automation.drift import (
    Candidate,
    Wanted,
    candidates_in,
    describe_nearest,
    nearest,
    nearest_on_page,
    readable,
    wanted_in,
)
from automation.pages.choices import choice
from automation.redaction import Redactor
from automation.run import describe_playwright_error

IAM_NAV = """
<nav aria-label="Navigation"><a href="#">Dashboard</a> <a href="#">Roles</a> <a href="#">Policies</a>
<a href="#">IAM users</a> <a href="#">IAM user groups</a></nav>
<h1>IAM Dashboard</h1><button>Create user</button>
"""


def failure(action) -> str:  # type: ignore[no-untyped-def]
    """The message of the Playwright error ``action`` raises (it must raise)."""
    try:
        action()
    except (PlaywrightError, AssertionError) as error:
        return str(error)
    raise AssertionError("the locator was expected to fail")


def test_readable_keeps_the_words_of_a_pattern() -> None:
    assert readable(r"^(IAM )?users$") == "IAM users"
    assert readable(r"^Access keys \(\d+\)") == "Access keys"


def test_nearest_candidate_of_an_old_locator_on_todays_page(page: Page) -> None:
    """The audit's first row: link "Users" (exact) on a page that says "IAM users"."""
    page.set_content(IAM_NAV)
    message = failure(lambda: page.get_by_role("link", name="Users", exact=True).click(timeout=300))
    assert wanted_in(message) == [Wanted("link", "Users")]
    found = nearest_on_page(page, message)
    assert found[0] == Candidate("link", "IAM users")
    assert describe_nearest(found).startswith(" Nearest visible: link 'IAM users'?")


def test_regex_names_and_scopes_are_read_from_the_call_log(page: Page) -> None:
    page.set_content(IAM_NAV)
    scope = page.get_by_role("navigation").filter(has=page.get_by_role("link", name="Roles"))
    locator = scope.get_by_role("link", name=re.compile(r"^Users$"))
    message = failure(lambda: locator.click(timeout=300))
    assert wanted_in(message) == [Wanted("link", "Users")]  # not the navigation, not its filter's "Roles"
    assert nearest_on_page(page, message)[0] == Candidate("link", "IAM users")


def test_a_described_locator_is_named_by_its_description(page: Page) -> None:
    page.set_content(IAM_NAV)
    users = choice(
        "link 'Users' in IAM's navigation", ("exact", page.get_by_role("link", name="Users", exact=True))
    )
    message = failure(lambda: expect(users.locator).to_be_visible(timeout=300))
    assert "waiting for link 'Users' in IAM's navigation" in describe_playwright_error(
        AssertionError(message), Redactor()
    )
    assert wanted_in(message) == [Wanted("link", "Users")]
    assert nearest_on_page(page, message)[0] == Candidate("link", "IAM users")


def test_nothing_near_gives_no_suggestion() -> None:
    assert nearest([Wanted("button", "Download .csv file")], [Candidate("link", "Dashboard")]) == []
    assert describe_nearest([]) == ""


def test_snapshot_lines_are_read_once_each() -> None:
    snapshot = (
        '- navigation:\n  - link "IAM users":\n    - /url: "#"\n  - link "IAM users"\n- button "Say \\"hi\\""'
    )
    assert candidates_in(snapshot) == [Candidate("link", "IAM users"), Candidate("button", 'Say "hi"')]


@pytest.mark.parametrize(
    ("wanted", "better", "worse"),
    [
        (
            Wanted("button", "Create access key"),
            Candidate("button", "New access key"),
            Candidate("heading", "Access keys (0)"),
        ),
        (Wanted("link", "Users"), Candidate("link", "IAM users"), Candidate("button", "Create user")),
    ],
)
def test_same_role_and_closer_names_rank_first(wanted: Wanted, better: Candidate, worse: Candidate) -> None:
    assert nearest([wanted], [worse, better])[0] == better
