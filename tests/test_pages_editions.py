"""The Console facade picks each edition's page objects; the flows' interface is the same for both."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from unittest.mock import MagicMock

import pytest
from playwright.sync_api import Page, expect

from automation.errors import SettingError
from automation.pages import EDITIONS, Console
from automation.pages.current.access_keys import RetrieveAccessKeyPage
from automation.pages.interface import AccessKeyList, NewKeyView

# What the flows call on the page objects (flows/root.py, flows/iam.py, automation/run.py).
INTERFACE = {
    "top_bar": [
        "open_account_menu",
        "choose_security_credentials",
        "open_services_menu",
        "show_category",
        "service_link",
    ],
    "root_credentials": ["wait_loaded", "reread_key_ids", "reread_keys"],
    "root_wizard": ["start", "create_access_key", "wait_for_new_key"],
    "iam": ["wait_loaded", "open_users"],
    "users": ["open_user"],
    "user_details": [
        "open_security_credentials",
        "show_tab_with_access_keys",
        "reread_key_ids",
        "reread_keys",
    ],
    "key_wizard": ["start", "create_access_key", "wait_for_new_key"],
}
SECTION = [name for name in vars(AccessKeyList) if not name.startswith("_") and name != "create_button"]
RETRIEVE = [name for name in vars(NewKeyView) if not name.startswith("_") and name != "download_button"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_offers_what_the_flows_call(edition: str) -> None:
    console = Console(MagicMock(), edition)
    assert console.edition == edition
    for part, methods in INTERFACE.items():
        for method in methods:
            assert callable(getattr(getattr(console, part), method)), f"{edition}: {part}.{method}"
    for section in (console.root_credentials.access_keys, console.user_details.access_keys):
        for method in SECTION:
            assert callable(getattr(section, method)), f"{edition}: access_keys.{method}"
        assert section.create_button is not None
    for wizard in (console.root_wizard, console.key_wizard):
        for method in RETRIEVE:
            assert callable(getattr(wizard.retrieve, method)), f"{edition}: retrieve.{method}"
        assert wizard.retrieve.download_button is not None
    start = inspect.signature(console.key_wizard.start)
    assert list(start.parameters) == ["use_case", "description"]


def test_editions_have_their_own_page_objects() -> None:
    current, classic = Console(MagicMock(), "current"), Console(MagicMock(), "classic")
    assert type(current.top_bar).__module__ == "automation.pages.current.console"
    assert type(classic.top_bar).__module__ == "automation.pages.classic.console"
    assert type(classic.key_wizard).__name__ == "ManageAccessKeysDialog"
    assert type(classic.sign_in) is type(current.sign_in)  # sign-in pages are shared


def test_an_unknown_edition_is_a_setting_error() -> None:
    with pytest.raises(SettingError, match="no 'ancient' console edition"):
        Console(MagicMock(), "ancient")


def with_short_expect(action: Callable[[], object]) -> None:
    """Run ``action`` with a half-second expect timeout (then put the run's timeout back)."""
    before = expect._timeout  # type: ignore[attr-defined]
    expect.set_options(timeout=500)
    try:
        action()
    finally:
        expect.set_options(timeout=before)


RETRIEVE_PAGE = """
<h1>Retrieve access keys</h1><p>AKIAIOSFODNN7EXAMPLE</p>
<button onclick="if (window.closes) document.body.replaceChildren()">Done</button>
"""


def open_retrieve_page(page: Page, *, done_closes_it: bool) -> RetrieveAccessKeyPage:
    """A stand-in Retrieve page whose Done closes it, or (UI drift) leaves it open."""
    page.set_content(RETRIEVE_PAGE)
    page.evaluate("closes => { window.closes = closes; }", done_closes_it)
    return RetrieveAccessKeyPage(page)


def test_done_returns_once_the_secret_page_has_closed(page: Page) -> None:
    open_retrieve_page(page, done_closes_it=True).done()
    assert page.get_by_text("AKIAIOSFODNN7EXAMPLE").count() == 0


def test_done_fails_when_the_secret_page_stays_open(page: Page) -> None:
    """The Done step ends the flows: it must prove the page with the secret went away."""
    retrieve = open_retrieve_page(page, done_closes_it=False)
    with pytest.raises(AssertionError, match="to be hidden"):
        with_short_expect(retrieve.done)
