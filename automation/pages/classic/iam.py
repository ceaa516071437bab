"""The classic IAM console: the left column, the users list with its lower pane, Manage Access Keys."""

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
from automation.pages.current.access_keys import KEY_ID_RE
from automation.pages.key_lists import KeyListReading, match_key, unknown_user
from automation.safety import mask_key_id


def classic_user_url(user_name: str) -> str:
    """The users list with ``user_name`` selected and its Security Credentials tab open."""
    return f"{urls.IAM_HOME}?region={urls.REGION}#users/{quote(user_name)}?section=security_credentials"


class IamConsole:
    """IAM's left column (Dashboard; Details: Groups, Users, …) and its Getting Started dashboard."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.navigation = page.get_by_role("navigation", name="IAM")
        self.users_link = self.navigation.get_by_role("link", name="Users", exact=True)
        self.dashboard_heading = page.get_by_role("heading", name="Getting Started", exact=True)

    def wait_loaded(self) -> None:
        """IAM shows its dashboard with Users in the left column."""
        expect(self.dashboard_heading).to_be_visible()
        expect(self.users_link).to_be_visible()

    def open_users(self) -> None:
        """Choose Users in the left column."""
        self.users_link.click()


class UsersPage:
    """The users list: a checkbox per user selects it, and its details open in a pane below."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.create_users = page.get_by_role("button", name="Create New Users", exact=True)
        self.table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="User Name"))
        self.loading = page.get_by_text(re.compile(r"^Loading users"))

    def open_user(self, user_name: str) -> None:
        """Tick the user's checkbox ("First select a user")."""
        expect(self.create_users).to_be_visible()
        expect(self.table).to_be_visible()
        expect(self.loading).to_have_count(0)
        box = self.table.get_by_role("checkbox", name=user_name, exact=True)
        if box.count() == 0:
            raise unknown_user(user_name)
        box.check()


class UserAccessKeysSection:
    """Access Credentials in the selected user's Security Credentials tab, with Manage Access Keys."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.panel = page.get_by_role("tabpanel")
        self.heading = self.panel.get_by_role("heading", name="Access Credentials", exact=True)
        self.create_button = self.panel.get_by_role("button", name="Manage Access Keys", exact=True)
        self.keys = self.panel.get_by_role("list", name="Access Keys").get_by_role("listitem")
        self.manage_dialog = page.get_by_role("dialog", name="Manage Access Keys")

    def wait_loaded(self) -> None:
        """The tab shows its Access Credentials (drawn once the user's keys are read)."""
        expect(self.heading).to_be_visible()
        expect(self.create_button).to_be_visible()

    def bring_into_view(self) -> None:
        """Scroll only if Manage Access Keys is not on screen."""
        self.create_button.evaluate("el => el.scrollIntoView({block: 'nearest'})")

    def key_ids(self) -> list[str]:
        """The key ids the tab lists."""
        self.wait_loaded()
        return list(dict.fromkeys(KEY_ID_RE.findall(" ".join(self.keys.all_inner_texts()))))

    def describe_keys(self) -> list[str]:
        """Each listed key as "****WXYZ (Active, created …)"."""
        self.wait_loaded()
        described = []
        for text in self.keys.all_inner_texts():
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            found = KEY_ID_RE.search(text)
            shown = mask_key_id(found.group(0)) if found else "****"
            status = lines[1] if len(lines) > 1 else "?"
            created = lines[2] if len(lines) > 2 else "?"
            described.append(f"{shown} ({status}, created {created})")
        return described

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
        self.wait_loaded()
        expect(self.keys.filter(has_text=key_id)).to_have_count(0)

    def can_create(self) -> bool:
        """False at two keys (the dialog's Create Access Key would be disabled)."""
        expect(self.create_button).to_be_visible()
        return len(self.key_ids()) < MAX_KEYS


class UserDetailsPage:
    """The selected user's pane ("User: NAME") and its tabs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.security_credentials_tab = page.get_by_role("tab", name="Security Credentials")
        self.access_keys = UserAccessKeysSection(page)

    def open_security_credentials(self, user_name: str) -> None:
        """Choose the Security Credentials tab of the selected user ("Second select this tab")."""
        expect(self.page.get_by_role("heading", name=f"User: {user_name}", exact=True)).to_be_visible()
        self.security_credentials_tab.click()
        self.access_keys.wait_loaded()

    def show_tab_with_access_keys(self) -> None:
        """Keep the list, the tabs and Manage Access Keys in view (scroll only if it is off screen)."""
        self.access_keys.bring_into_view()

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
            page,
            title="Manage Access Keys",
            show="Show User Security Credentials",
            download="Download Credentials",
            close="Close Window",
        )

    def start(self, *, use_case: str, description: str) -> None:
        """Open Manage Access Keys. The 2014 console asks for no use case and takes no description."""
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
        """The dialog shows the new key; an error alert fails at once with its text."""
        wait_for_dialog_or_error(self.page, self.retrieve)
