"""The classic IAM console: navigation, Users, a user's Security Credentials tab, Manage Access Keys."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from automation import urls
from automation.pages.classic.access_keys import (
    MAX_KEYS,
    KeyCreatedDialog,
    KeyTable,
    wait_for_dialog_or_error,
)
from automation.pages.key_lists import KeyListReading, match_key, unknown_user


def classic_user_url(user_name: str) -> str:
    """A user's page, Security Credentials tab, at the classic console's address."""
    return f"{urls.IAM_HOME}?region={urls.REGION}#users/{quote(user_name)}?section=security_credentials"


class IamConsole:
    """The IAM left navigation."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.navigation = page.get_by_role("navigation", name="IAM")
        self.users_link = self.navigation.get_by_role("link", name="Users", exact=True)
        self.dashboard_heading = page.get_by_role("heading", name="Welcome to Identity and Access Management")

    def wait_loaded(self) -> None:
        """IAM shows its dashboard with Users in the navigation."""
        expect(self.dashboard_heading).to_be_visible()
        expect(self.users_link).to_be_visible()

    def open_users(self) -> None:
        """Choose Users in the navigation."""
        self.users_link.click()


class UsersPage:
    """The Users list."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="Users", exact=True)
        self.loading = page.get_by_text(re.compile(r"^Loading users"))

    def open_user(self, user_name: str) -> None:
        """Choose the user name."""
        expect(self.heading).to_be_visible()
        expect(self.loading).to_have_count(0)
        link = self.page.get_by_role("table").get_by_role("link", name=user_name, exact=True)
        if link.count() == 0:
            raise unknown_user(user_name)
        link.click()


class UserAccessKeysSection:
    """The "Access Keys" part of the Security Credentials tab, with Manage Access Keys."""

    def __init__(self, page: Page) -> None:
        self.page = page
        panel = page.get_by_role("tabpanel")
        self.heading = panel.get_by_role("heading", name="Access Keys", exact=True)
        self.create_button = panel.get_by_role("button", name="Manage Access Keys", exact=True)
        self.security_credentials_tab = page.get_by_role("tab", name="Security Credentials")
        self.table = KeyTable(page, panel, reread=self._reload_tab)
        self.manage_dialog = page.get_by_role("dialog", name="Manage Access Keys")

    def _reload_tab(self) -> None:
        """Reload the user's page (a safe re-read of the key list) and open the tab again."""
        self.page.reload()
        self.security_credentials_tab.click()
        expect(self.heading).to_be_visible()

    def wait_loaded(self) -> None:
        """The tab shows its key table."""
        expect(self.heading).to_be_visible()
        self.table.wait_loaded()

    def bring_into_view(self) -> None:
        """Scroll the Access Keys heading to the top."""
        self.heading.evaluate("el => el.scrollIntoView({block: 'start'})")

    def key_ids(self) -> list[str]:
        """The key ids the tab lists."""
        self.wait_loaded()
        return self.table.key_ids()

    def describe_keys(self) -> list[str]:
        """Each listed key, id masked to its last four."""
        self.wait_loaded()
        return self.table.describe()

    def find_key(self, wanted: str) -> str | None:
        """The listed key id that is ``wanted`` or ends with it."""
        return match_key(self.key_ids(), wanted)

    def delete_key(self, key_id: str) -> None:
        """Manage Access Keys → the key's Delete → "Yes, Delete" → Close."""
        self.create_button.click()
        in_dialog = KeyTable(self.page, self.manage_dialog)
        in_dialog.delete(key_id)
        expect(self.manage_dialog).to_be_visible()
        in_dialog.wait_loaded()
        expect(in_dialog.rows.filter(has_text=key_id)).to_have_count(0)
        self.manage_dialog.get_by_role("button", name="Close", exact=True).click()
        expect(self.manage_dialog).to_be_hidden()
        expect(self.table.rows.filter(has_text=key_id)).to_have_count(0)

    def can_create(self) -> bool:
        """False at two keys (the dialog's Create Access Key would be disabled)."""
        expect(self.create_button).to_be_visible()
        return len(self.key_ids()) < MAX_KEYS


class UserDetailsPage:
    """A user's page ("Users > NAME"): summary and tabs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.security_credentials_tab = page.get_by_role("tab", name="Security Credentials")
        self.access_keys = UserAccessKeysSection(page)

    def open_security_credentials(self, user_name: str) -> None:
        """Choose the Security Credentials tab."""
        expect(self.page.get_by_role("heading", name=f"Users > {user_name}", exact=True)).to_be_visible()
        self.security_credentials_tab.click()
        self.access_keys.wait_loaded()

    def show_tab_with_access_keys(self) -> None:
        """Scroll so the tabs and the Access Keys part show together."""
        self.security_credentials_tab.evaluate("el => el.scrollIntoView({block: 'start'})")
        self.page.evaluate("() => window.scrollBy(0, -12)")

    def reread_key_ids(self, user_name: str) -> list[str]:
        """Open the user's Security Credentials tab afresh and read the key ids it lists."""
        self.page.goto(classic_user_url(user_name))
        self.page.reload()
        self.access_keys.wait_loaded()
        return self.access_keys.key_ids()

    def reread_keys(self, user_name: str) -> KeyListReading:
        """The freshly loaded tab's keys (a table of fixed columns: read with certainty)."""
        return KeyListReading(self.reread_key_ids(user_name), certain=True)


class ManageAccessKeysDialog:
    """Manage Access Keys → Create Access Key (creates the key) → Show / Download Credentials."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.open_button = page.get_by_role("tabpanel").get_by_role("button", name="Manage Access Keys")
        self.dialog = page.get_by_role("dialog", name="Manage Access Keys")
        self.create_button = self.dialog.get_by_role("button", name="Create Access Key", exact=True)
        self.close_button = self.dialog.get_by_role("button", name="Close", exact=True)
        self.keys = KeyTable(page, self.dialog, reread=self._reopen)
        self.retrieve = KeyCreatedDialog(
            page, show="Show User Security Credentials", download="Download Credentials"
        )

    def start(self, *, use_case: str, description: str) -> None:
        """Open Manage Access Keys. The 2015 console asks for no use case and takes no description."""
        self._open()
        self.keys.wait_loaded()
        expect(self.create_button).to_be_enabled()

    def _open(self) -> None:
        self.open_button.click()
        expect(self.dialog).to_be_visible()

    def _reopen(self) -> None:
        """Close the dialog and open it again: a safe re-read of the user's key list."""
        self.close_button.click()
        expect(self.dialog).to_be_hidden()
        self._open()

    def create_access_key(self) -> None:
        """Choose Create Access Key (this creates the key)."""
        self.create_button.click()

    def wait_for_new_key(self) -> None:
        """The new key's dialog shows; an error alert fails at once with its text."""
        wait_for_dialog_or_error(self.page, self.retrieve)
