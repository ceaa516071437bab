"""The root user's "Your Security Credentials" page of the classic console, and its key creation."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from automation import urls
from automation.pages.classic.access_keys import (
    MAX_KEYS,
    KeyCreatedDialog,
    KeyTable,
    wait_for_dialog_or_error,
)
from automation.pages.key_lists import KeyListReading, match_key

SECTION_TITLE = "Access Keys (Access Key ID and Secret Access Key)"
CLASSIC_ROOT_CREDENTIALS = f"{urls.IAM_HOME}?region={urls.REGION}#security_credential"


class RootAccessKeysSection:
    """The collapsible "Access Keys (Access Key ID and Secret Access Key)" section."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=SECTION_TITLE, exact=True)
        self.toggle = page.get_by_role("button", name=SECTION_TITLE, exact=True)
        self.create_button = page.get_by_role("button", name="Create New Access Key", exact=True)
        self.table = KeyTable(page, page, reread=self._reload_expanded)

    def _reload_expanded(self) -> None:
        """Reload the page (a safe re-read of the key list) and open the section again."""
        self.page.reload()
        expect(self.heading).to_be_visible()
        if self.toggle.get_attribute("aria-expanded") != "true":
            self.toggle.click()

    def wait_loaded(self) -> None:
        """The section header shows (its list loads when it is expanded)."""
        expect(self.heading).to_be_visible()

    def expand(self) -> None:
        """Open the section (once) and wait for its key list."""
        if self.toggle.get_attribute("aria-expanded") != "true":
            self.toggle.click()
            expect(self.toggle).to_have_attribute("aria-expanded", "true")
        self.table.wait_loaded()

    def bring_into_view(self) -> None:
        """Expand the section; scroll only if Create New Access Key is not on screen yet."""
        self.expand()
        self.create_button.evaluate("el => el.scrollIntoView({block: 'nearest'})")

    def key_ids(self) -> list[str]:
        """The access key ids the section lists."""
        self.expand()
        return self.table.key_ids()

    def describe_keys(self) -> list[str]:
        """Each listed key, id masked to its last four."""
        self.expand()
        return self.table.describe()

    def find_key(self, wanted: str) -> str | None:
        """The listed key id that is ``wanted`` or ends with it."""
        return match_key(self.key_ids(), wanted)

    def delete_key(self, key_id: str) -> None:
        """The key's Delete link, then "Yes, Delete"."""
        self.expand()
        self.table.delete(key_id)
        expect(self.table.rows.filter(has_text=key_id)).to_have_count(0)
        self.table.wait_loaded()

    def can_create(self) -> bool:
        """False at two keys. The classic button stays enabled and would refuse only after the click, so
        the section's own list is counted instead: no create button is pressed outside the one-key guard."""
        expect(self.create_button).to_be_visible()
        return len(self.key_ids()) < MAX_KEYS


class RootSecurityCredentialsPage:
    """Your Security Credentials (root): six collapsed sections inside the IAM console's frame."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="Your Security Credentials", exact=True)
        self.access_keys = RootAccessKeysSection(page)

    def open(self) -> None:
        """Load the page afresh (a full reload)."""
        self.page.goto(CLASSIC_ROOT_CREDENTIALS)
        self.page.reload()
        self.wait_loaded()

    def wait_loaded(self) -> None:
        """The page shows its heading and the Access Keys section."""
        expect(self.heading).to_be_visible()
        self.access_keys.wait_loaded()

    def reread_key_ids(self) -> list[str]:
        """Open the page afresh and read the key ids it lists."""
        self.open()
        return self.access_keys.key_ids()

    def reread_keys(self) -> KeyListReading:
        """The freshly loaded page's keys (a table of fixed columns: read with certainty)."""
        return KeyListReading(self.reread_key_ids(), certain=True)


class RootKeyCreation:
    """Create New Access Key creates the key at once; the dialog with Show/Download comes after."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.create_button = page.get_by_role("button", name="Create New Access Key", exact=True)
        self.retrieve = KeyCreatedDialog(
            page,
            title="Create Access Key",
            show="Show Access Key",
            download="Download Key File",
            close="Close",
        )

    def start(self) -> None:
        """Nothing comes before the creating click in the classic console."""

    def create_access_key(self) -> None:
        """Choose Create New Access Key (this creates the key)."""
        self.create_button.click()

    def wait_for_new_key(self) -> None:
        """The new key's dialog shows; the section's refusal (two keys) or an error fails with its text."""
        wait_for_dialog_or_error(self.page, self.retrieve)
