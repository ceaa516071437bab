"""Root user pages: My security credentials and the root access key wizard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from automation import urls
from automation.pages.choices import choice
from automation.pages.current.access_keys import (
    AccessKeysSection,
    RetrieveAccessKeyPage,
    wait_for_retrieve_or_error,
)
from automation.pages.key_lists import KeyListReading

ACK_LABEL = "I understand creating a root access key is not a best practice, but I still want to create one."
ROOT_HEADING = re.compile(r"^My security credentials")  # "(root user)" in the 2023-25 wording


class RootSecurityCredentialsPage:
    """My security credentials (root user)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=ROOT_HEADING)
        self.access_keys = AccessKeysSection(page)

    def open(self) -> None:
        """Load the page afresh on this console host (a full reload, so no list cached by the app)."""
        self.page.goto(urls.root_security_credentials(self.page.url))
        self.page.reload()
        self.wait_loaded()

    def wait_loaded(self) -> None:
        """The page and its Access keys section are showing."""
        expect(self.heading).to_be_visible()
        self.access_keys.wait_loaded()

    def reread_keys(self) -> KeyListReading:
        """Open the page afresh and read its keys."""
        self.open()
        return self.access_keys.read_keys()

    def reread_key_ids(self) -> list[str]:
        """The key ids the freshly loaded page lists."""
        return self.reread_keys().key_ids


class RootAccessKeyWizard:
    """Alternatives to root user access keys → Retrieve access key."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="Alternatives to root user access keys")
        self.acknowledgement = page.get_by_role("checkbox", name=ACK_LABEL)
        self.open_button = AccessKeysSection(page).create_button
        self.create = choice(
            "button 'Create access key' of the wizard",
            ("button", page.get_by_role("button", name="Create access key", exact=True)),
        )
        self.create_button = self.create.locator
        self.retrieve = RetrieveAccessKeyPage(page)

    def start(self) -> None:
        """Choose Create access key in the Access keys section, then tick the risk box (creates nothing)."""
        self.open_button.click()
        self.acknowledge_risk()

    def acknowledge_risk(self) -> None:
        """Tick the box that says root keys are not a best practice."""
        expect(self.heading).to_be_visible()
        self.acknowledgement.check()

    def create_access_key(self) -> None:
        """Choose Create access key (this creates the key)."""
        self.create_button.click()

    def wait_for_new_key(self) -> None:
        """The Retrieve access key page shows; an error box instead fails at once with its text."""
        wait_for_retrieve_or_error(self.page, self.retrieve)
