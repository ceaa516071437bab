"""IAM console pages: navigation, the users list, user details, the 3-step access key wizard.

The 2026 console says "IAM users" where the docs say "Users": names are patterns that accept both.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from automation import urls
from automation.pages.choices import choice, errors
from automation.pages.current.access_keys import (
    AccessKeysSection,
    RetrieveAccessKeyPage,
    wait_for_retrieve_or_error,
)
from automation.pages.key_lists import KeyListReading, unknown_user

CONFIRM_LABEL = "I understand the above recommendation and want to proceed to create an access key."
USERS_NAME = re.compile(r"^(IAM )?users$", re.IGNORECASE)
USERS_HEADING = re.compile(r"^(IAM )?users \(\d+\)", re.IGNORECASE)
NO_USERS = re.compile(r"^No (IAM )?users", re.IGNORECASE)


class IamConsole:
    """The IAM console's side navigation."""

    def __init__(self, page: Page) -> None:
        self.page = page
        # The side navigation is the one with Roles and Policies (breadcrumbs are a navigation too).
        self.navigation = (
            page.get_by_role("navigation")
            .filter(has=page.get_by_role("link", name="Roles", exact=True))
            .filter(has=page.get_by_role("link", name="Policies", exact=True))
        )
        self.users = choice(
            "link 'IAM users' in IAM's navigation",
            ("link named (IAM )users", self.navigation.get_by_role("link", name=USERS_NAME)),
        )
        self.users_link = self.users.locator
        self.dashboard_heading = page.get_by_role("heading", name="IAM Dashboard")

    def wait_loaded(self) -> None:
        """IAM is showing with its users entry in the navigation."""
        expect(self.users_link).to_be_visible()

    def open_users(self) -> None:
        """Choose IAM users (or Users) in the navigation pane."""
        self.users_link.click()


class UsersPage:
    """The IAM users list."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=USERS_HEADING)
        self.user_links = page.get_by_role("row").get_by_role("link")
        self.no_users = page.get_by_text(NO_USERS)
        self.error = errors(page, re.compile(r"\S"))

    def open_user(self, user_name: str) -> None:
        """Choose the user name to go to the user details page.

        The heading's count can show before the rows: a user is called missing only once the list shows
        its rows (or says it has none), never from a list still loading.
        """
        expect(self.heading).to_be_visible()
        link = self.page.get_by_role("link", name=user_name, exact=True)
        expect(link.or_(self.user_links).or_(self.no_users).or_(self.error).first).to_be_visible()
        if link.count() == 0:
            if self.error.count():  # a list that failed to load says nothing about the user
                shown = " ".join(self.error.first.inner_text().split())
                raise AssertionError(f"the users list showed an error: {shown}")
            raise unknown_user(user_name)
        link.click()


class UserDetailsPage:
    """A user's details with its tabs; the Security credentials tab holds the Access keys section."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.security_credentials_tab = page.get_by_role("tab", name="Security credentials")
        self.access_keys = AccessKeysSection(page)

    def open_security_credentials(self, user_name: str) -> None:
        """Choose the Security credentials tab."""
        expect(self.page.get_by_role("heading", name=user_name, exact=True)).to_be_visible()
        self.security_credentials_tab.click()
        self.access_keys.wait_loaded()

    def show_tab_with_access_keys(self) -> None:
        """Scroll so the Security credentials tab and the Access keys section show together, when they fit."""
        # To the tab's top, then back below the console's sticky top bar, in one round trip.
        self.security_credentials_tab.evaluate(
            "el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -60); }"
        )
        box = self.access_keys.create_button.bounding_box()
        viewport = self.page.viewport_size
        if box is None or viewport is None or box["y"] + box["height"] > viewport["height"]:
            self.access_keys.bring_into_view()

    def reread_keys(self, user_name: str) -> KeyListReading:
        """Open the user's Security credentials tab afresh (on this console host) and read its keys."""
        self.page.goto(urls.user_security_credentials(user_name, self.page.url))
        self.page.reload()
        return self.access_keys.read_keys()

    def reread_key_ids(self, user_name: str) -> list[str]:
        """The key ids the freshly loaded tab lists."""
        return self.reread_keys(user_name).key_ids


class CreateAccessKeyWizard:
    """Access key best practices & alternatives → Set description tag → Retrieve access keys."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.step1_heading = page.get_by_role("heading", name="Access key best practices & alternatives")
        self.confirmation = page.get_by_role("checkbox", name=CONFIRM_LABEL)
        self.next_button = page.get_by_role("button", name="Next", exact=True)
        self.step2_heading = page.get_by_role("heading", name="Set description tag", exact=False)
        self.description = page.get_by_label("Description tag value")
        self.open_button = AccessKeysSection(page).create_button
        self.create = choice(
            "button 'Create access key' of the wizard",
            ("button", page.get_by_role("button", name="Create access key", exact=True)),
        )
        self.create_button = self.create.locator
        self.retrieve = RetrieveAccessKeyPage(page)

    def start(self, *, use_case: str, description: str) -> None:
        """Create access key in the Access keys section → use case → Next → description (creates nothing)."""
        self.open_button.click()
        self.choose_use_case(use_case)
        self.go_to_description()
        self.describe(description)

    def choose_use_case(self, label: str) -> None:
        """Pick a use case; confirm the recommendation when the console asks for it."""
        expect(self.step1_heading).to_be_visible()
        self.page.get_by_role("radio", name=label, exact=True).check()
        if label != "Other":
            self.confirmation.check()

    def go_to_description(self) -> None:
        """Choose Next to reach the optional description tag step."""
        self.next_button.click()
        expect(self.description).to_be_visible()

    def describe(self, text: str) -> None:
        """Type the optional description tag."""
        if text:
            self.description.fill(text)

    def create_access_key(self) -> None:
        """Choose Create access key (this creates the key)."""
        self.create_button.click()

    def wait_for_new_key(self) -> None:
        """The Retrieve access keys step shows; an error box instead fails at once with its text."""
        wait_for_retrieve_or_error(self.page, self.retrieve)
