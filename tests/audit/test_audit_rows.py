"""One test per ❌ row of the locator audit (console-2026.md): the locator the page objects used before
(commit dd02d8e, copied verbatim) fails on the console the evidence shows, and today's page object finds
exactly one visible element. Where a ❓ row got a variant, the same check runs on that variant.

"Fails" is measured, never assumed: the old locator is run and its visible matches counted.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Route, expect

from automation.pages.choices import errors
from automation.pages.current.access_keys import THROTTLED_RE, AccessKeysSection
from automation.pages.current.console import TopBar
from automation.pages.current.iam import IamConsole, UsersPage
from automation.pages.current.signin import SignInPage

from .conftest import ACCOUNT, ConsolePage

pytestmark = pytest.mark.browser

ROOT_PAGE = "/iam/home#/security_credentials"
USER_TAB = "/iam/home#/users/details/course-author?section=security_credentials"


def visible(locator: Locator) -> int:
    """How many visible elements a locator finds, right now."""
    return locator.filter(visible=True).count()


def test_account_field_label_has_dont_have_in_it(console_page: ConsolePage) -> None:
    """Sign-in: label "Account ID or alias" (exact) ❌ — it reads "Account ID or alias (Don't have?)"."""
    page, _ = console_page("", f"https://{ACCOUNT}.signin.aws.amazon.com/console")
    new = SignInPage(page).account_field
    expect(new.first).to_be_visible()
    assert visible(page.get_by_label("Account ID or alias", exact=True)) == 0
    assert visible(new) == 1


@pytest.mark.parametrize("how", ["choose-session fault", "multi-session variant"])
def test_session_card_is_a_card_link_not_a_replica_class(console_page: ConsolePage, how: str) -> None:
    """Sign-in: `.signin-session` ❌ — real cards are [data-testid^="card-<acct>-"] holding a link."""
    if how == "multi-session variant":
        page, _ = console_page(
            "root", "/console/home?region=us-east-1", variants=frozenset({"multi-session"})
        )
        page.goto(f"https://signin.aws.amazon.com/sessions/selector?redirect_uri={page.url}")
    else:
        page, _ = console_page("", "/console/home", faults=frozenset({"choose-session", "iam-mfa"}))
        signin = SignInPage(page)
        signin.iam_user_choice.first.check()
        signin.identifier.fill(ACCOUNT)
        signin.next_button.click()
        signin.iam_user_name.fill("course-author")
        signin.password.fill("replica-iam-Passw0rd")
        signin.sign_in_button.first.click()
        page.get_by_label("MFA code").fill(__import__("pyotp").TOTP("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").now())
        signin.submit.first.click()
    new = SignInPage(page).first_session
    expect(new).to_be_visible()
    old = page.locator(".signin-session").first.or_(
        page.get_by_role("button").filter(has_text="Account ID").first
    )
    assert visible(old) == 0
    assert visible(new) == 1
    assert "console.aws.amazon.com" in (new.get_attribute("href") or "")  # never "Sign in to new session"


def test_services_button_and_menu(console_page: ConsolePage) -> None:
    """Top bar: button "Services" (exact), dialog "Services" ❌ — a grid button; the panel by test id."""
    page, _ = console_page("iam", "/console/home?region=us-east-1")
    top = TopBar(page)
    expect(top.console_home).to_be_visible()
    assert visible(page.get_by_role("button", name="Services", exact=True)) == 0
    assert visible(top.services_button) == 1
    top.open_services_menu()
    assert visible(page.get_by_role("dialog", name="Services")) == 0
    assert visible(top.services_menu) == 1


def test_services_menu_entries_as_buttons(console_page: ConsolePage) -> None:
    """Top bar: links "Security, Identity, & Compliance", "IAM" ❓ — link, button or menu item."""
    page, _ = console_page("iam", "/console/home", variants=frozenset({"services-menu-buttons"}))
    top = TopBar(page)
    top.open_services_menu()
    category = "Security, Identity, & Compliance"
    assert visible(top.services_menu.get_by_role("link", name=category, exact=True)) == 0
    top.show_category(category)
    assert visible(top.services_menu.get_by_role("link", name="IAM", exact=True)) == 0
    assert visible(top.service_link("IAM")) == 1


def test_security_credentials_in_the_nov_2024_account_menu(console_page: ConsolePage) -> None:
    """Top bar: menu › menuitem "Security credentials" ❓/❌ — a panel (not role=menu) of links."""
    page, _ = console_page("root", "/console/home")
    top = TopBar(page)
    top.open_account_menu()
    assert visible(page.get_by_role("menu").get_by_role("menuitem", name="Security credentials")) == 0
    assert visible(top.security_credentials_item) == 1


def test_iam_users_navigation_link(console_page: ConsolePage) -> None:
    """IAM: link "Users" (exact) ❌ — the 2026 navigation says "IAM users"."""
    page, _ = console_page("iam", "/iam/home#/home")
    iam = IamConsole(page)
    expect(iam.users_link).to_be_visible()
    assert visible(page.get_by_role("link", name="Users", exact=True)) == 0
    assert visible(iam.users_link) == 1


def test_iam_users_list_heading(console_page: ConsolePage) -> None:
    """IAM: heading ^Users \\(\\d+\\) ❌ — the list says "IAM users (N)"."""
    page, _ = console_page("iam", "/iam/home#/users")
    users = UsersPage(page)
    expect(users.heading).to_be_visible()
    assert visible(page.get_by_role("heading", name=re.compile(r"^Users \(\d+\)"))) == 0
    assert visible(users.heading) == 1


def test_users_count_shows_before_rows(console_page: ConsolePage) -> None:
    """IAM: text ^Loading users ❓ — with the count before the rows, the old check calls the user missing."""
    page, _ = console_page("iam", "/iam/home#/home", variants=frozenset({"users-count-first"}))
    held: list[Route] = []
    page.route("**/__replica/api/users?rows=1", lambda route: held.append(route))  # held until released
    page.goto(page.url.replace("#/home", "#/users"))
    users = UsersPage(page)
    expect(users.heading).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Loading users"))).to_have_count(0)  # the old wait passes at once
    assert page.get_by_role("link", name="course-author", exact=True).count() == 0  # → "no user named"
    assert not users.user_links.count() and not users.no_users.count()  # today's waits on these instead
    for route in held:
        route.fallback()  # on to the replica
    users.open_user("course-author")
    expect(page.get_by_role("heading", name="course-author", exact=True)).to_be_visible()


@pytest.mark.parametrize(("who", "path"), [("iam", USER_TAB), ("root", ROOT_PAGE)])
def test_create_access_key_is_one_button_of_the_section(
    console_page: ConsolePage, who: str, path: str
) -> None:
    """Access keys: button "Create access key" (exact) ❌ at 0 keys — the empty state has one too."""
    page, _ = console_page(who, path)
    section = AccessKeysSection(page)
    section.wait_loaded()
    assert (
        visible(page.get_by_role("button", name="Create access key", exact=True)) >= 2
    )  # strict would raise
    assert visible(section.create_button) == 1
    assert section.create_button.get_attribute("data-testid") == "create-access-key"  # the header's


def test_throttled_read_is_found_without_a_role(console_page: ConsolePage) -> None:
    """Access keys: role=alert (throttling) ❌ — Cloudscape's Alert has no role="alert"."""
    page, _ = console_page("root", ROOT_PAGE, faults=frozenset({"throttle"}))
    section = AccessKeysSection(page)
    expect(section.throttled.first).to_be_visible()
    assert visible(page.get_by_role("alert").filter(has_text=THROTTLED_RE)) == 0
    assert visible(section.throttled) == 1


def test_create_error_is_found_without_a_role(console_page: ConsolePage) -> None:
    """Access keys: role=alert ("not created") ❌ — the wizard's error box is found by its marker."""
    page, _ = console_page(
        "root", "/iam/home#/security_credentials/access-key-wizard", faults=frozenset({"create-500"})
    )
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Create access key", exact=True).click()
    new = errors(page, re.compile(r"not created|error", re.IGNORECASE))
    expect(new.first).to_be_visible()
    assert visible(page.get_by_role("alert").filter(has_text=re.compile(r"not created|error", re.I))) == 0
    assert visible(new) == 1


@pytest.mark.parametrize("question", [False, True])
def test_delete_dialog_name(console_page: ConsolePage, question: bool) -> None:
    """Access keys: dialog "Delete {id}?" ❌ likely — the docs say "the Delete <access key ID> dialog box"."""
    variants = frozenset({"delete-dialog-question"}) if question else frozenset()
    page, _ = console_page("root", ROOT_PAGE, faults=frozenset({"two-keys"}), variants=variants)
    section = AccessKeysSection(page)
    key_id = section.key_ids()[0]
    section.open_key_actions(key_id)
    page.get_by_role("menuitem", name="Delete", exact=True).click()
    new = page.get_by_role("dialog", name=re.compile(rf"^Delete {key_id}\??$"))
    expect(new).to_be_visible()
    assert visible(page.get_by_role("dialog", name=f"Delete {key_id}?")) == (1 if question else 0)
    assert visible(new) == 1


def test_each_key_card_has_its_own_actions(console_page: ConsolePage) -> None:
    """Access keys: button "Actions" (unscoped) ❓, radio named = key id ❓ — one menu per key, no radios."""
    page, _ = console_page(
        "iam", USER_TAB, faults=frozenset({"two-keys"}), variants=frozenset({"iam-key-cards"})
    )
    section = AccessKeysSection(page)
    keys = section.key_ids()
    assert len(keys) == 2 and section.read_keys().certain
    assert visible(page.get_by_role("button", name="Actions")) == 2  # the old click would be ambiguous
    assert visible(page.get_by_role("radio", name=keys[1])) == 0
    own = section.key_container(keys[1]).get_by_role("button", name="Actions", exact=True)
    assert visible(own) == 1
    assert keys[1] in section.key_container(keys[1]).inner_text()
    assert keys[0] not in section.key_container(keys[1]).inner_text()


def test_key_row_radio_without_the_key_id_as_name(console_page: ConsolePage) -> None:
    """Access keys: radio named = key id ❓ — the row's own radio, found by the key id's text."""
    page, _ = console_page(
        "root", ROOT_PAGE, faults=frozenset({"two-keys"}), variants=frozenset({"key-select-unlabelled"})
    )
    section = AccessKeysSection(page)
    key_id = section.key_ids()[1]
    assert visible(page.get_by_role("radio", name=key_id)) == 0
    assert visible(section.key_row(key_id).get_by_role("radio")) == 1


def test_root_heading_without_root_user(console_page: ConsolePage) -> None:
    """Root page: heading "My security credentials (root user)" ❓ — `^My security credentials`."""
    from automation.pages.current.root_credentials import RootSecurityCredentialsPage

    page, _ = console_page("root", ROOT_PAGE, variants=frozenset({"root-heading-short"}))
    new = RootSecurityCredentialsPage(page).heading
    expect(new).to_be_visible()
    assert visible(page.get_by_role("heading", name="My security credentials (root user)")) == 0
    assert visible(new) == 1
