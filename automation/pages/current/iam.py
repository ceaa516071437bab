"""IAM console pages: navigation, Users, user details, the 3-step access key wizard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from automation import urls
from automation.pages.current.access_keys import (
    AccessKeysSection,
    RetrieveAccessKeyPage,
    wait_for_retrieve_or_error,
)
from automation.pages.key_lists import unknown_user

CONFIRM_LABEL = "I understand the above recommendation and want to proceed to create an access key."


class IamConsole:
    """The IAM console's side navigation."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.navigation = page.get_by_role("navigation").filter(has=page.get_by_role("link", name="Users"))
        self.users_link = page.get_by_role("link", name="Users", exact=True)
        self.dashboard_heading = page.get_by_role("heading", name="IAM Dashboard")

    def wait_loaded(self) -> None:
        """IAM is showing with Users in its navigation."""
        expect(self.users_link).to_be_visible()

    def open_users(self) -> None:
        """Choose Users in the navigation pane."""
        self.users_link.click()


class UsersPage:
    """The Users list."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=re.compile(r"^Users \(\d+\)"))

    def open_user(self, user_name: str) -> None:
        """Choose the user name to go to the user details page."""
        expect(self.heading).to_be_visible()
        expect(self.page.get_by_text(re.compile(r"^Loading users"))).to_have_count(0)
        link = self.page.get_by_role("link", name=user_name, exact=True)
        if link.count() == 0:
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

    def reread_key_ids(self, user_name: str) -> list[str]:
        """Open the user's Security credentials tab afresh and read the key ids it lists."""
        self.page.goto(urls.user_security_credentials(user_name))
        self.page.reload()
        self.access_keys.wait_loaded()
        return self.access_keys.key_ids()


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
        self.create_button = page.get_by_role("button", name="Create access key", exact=True)
        self.retrieve = RetrieveAccessKeyPage(page, "Retrieve access keys")

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
        """The Retrieve access keys step shows; an error alert instead fails at once with its text."""
        wait_for_retrieve_or_error(self.page, self.retrieve)
