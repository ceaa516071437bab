"""Key tables of the classic console (root section, Manage Access Keys) and the dialog a new key shows in."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from automation.pages.current.access_keys import (
    KEY_ID_RE,
    KEY_IN_ROW_RE,
    THROTTLE_BACKOFF_MS,
    THROTTLED_RE,
)
from automation.pages.key_lists import ROW_BY_HEADER_JS
from automation.safety import mask_key_id

MAX_KEYS = 2  # "You can have a maximum of two access keys (active or inactive) at a time."


class KeyTable:
    """A classic key table inside ``scope``: rows with an Access Key ID column."""

    def __init__(self, page: Page, scope: Locator | Page, reread: Callable[[], None] | None = None) -> None:
        self.page = page
        self._reread = reread
        self.table = scope.get_by_role("table").filter(
            has=page.get_by_role("columnheader", name="Access Key ID")
        )
        self.rows = self.table.get_by_role("row").filter(has_text=KEY_IN_ROW_RE)
        self.loading = scope.get_by_text(re.compile(r"^Loading access keys"))
        self.throttled = scope.get_by_role("alert").filter(has_text=THROTTLED_RE)

    def wait_loaded(self) -> None:
        """The table shows (not the loading line).

        A throttled read ("Rate exceeded") is safe to repeat: with a ``reread`` the list is read again
        after an exponential backoff, and the last refusal is raised as the step's error.
        """
        for backoff_ms in (*THROTTLE_BACKOFF_MS, None):
            expect(self.loading).to_have_count(0)
            expect(self.table.or_(self.throttled).first).to_be_visible()
            if not self.throttled.count():
                return
            if backoff_ms is None or self._reread is None:
                raise AssertionError(
                    f"the access key list stayed throttled ({self.throttled.first.inner_text().strip()})"
                    + (f" after {len(THROTTLE_BACKOFF_MS)} retries" if self._reread else "")
                )
            self.page.wait_for_timeout(backoff_ms)  # backoff before a safe re-read, not a wait for state
            self._reread()

    def key_ids(self) -> list[str]:
        """The key ids the table lists."""
        self.wait_loaded()
        return list(dict.fromkeys(KEY_ID_RE.findall(" ".join(self.rows.all_inner_texts()))))

    def describe(self) -> list[str]:
        """Each key as "****WXYZ (Active, created …)"."""
        self.wait_loaded()
        described = []
        for row in self.rows.all():
            cells: dict[str, str] = row.evaluate(ROW_BY_HEADER_JS)
            found = KEY_ID_RE.search(cells.get("Access Key ID", ""))
            shown = mask_key_id(found.group(0)) if found else "****"
            status = cells.get("Status", "?").split("(")[0].strip()  # "Active ( Make Inactive | Delete )"
            described.append(f"{shown} ({status}, created {cells.get('Created', '?')})")
        return described

    def delete(self, key_id: str) -> None:
        """The row's Delete, then "Yes, Delete" in the confirmation dialog."""
        self.rows.filter(has_text=key_id).get_by_role("button", name="Delete", exact=True).click()
        dialog = self.page.get_by_role("dialog", name="Delete Access Key")
        dialog.get_by_role("button", name="Yes, Delete").click()
        expect(dialog).to_be_hidden()


class KeyCreatedDialog:
    """The dialog a new key shows in: a Show link for the id and secret, a download button, a close button.

    Root: "Create Access Key" with Download Key File and Close. IAM: the Manage Access Keys dialog turns
    into it, with Download Credentials and Close Window.
    """

    def __init__(self, page: Page, *, title: str, show: str, download: str, close: str) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name=title)
        self.heading = self.dialog.get_by_role("heading", name=title)
        hide = show.replace("Show", "Hide", 1)
        self.show_toggle = self.dialog.get_by_role(
            "button", name=re.compile(f"^({re.escape(show)}|{re.escape(hide)})$")
        )
        self.download_button = self.dialog.get_by_role("button", name=download, exact=True)
        self.key_id_value = self.dialog.get_by_text(KEY_IN_ROW_RE)
        self.done_button = self.dialog.get_by_role("button", name=close, exact=True)

    def wait_loaded(self) -> None:
        """The dialog shows its download button."""
        expect(self.heading).to_be_visible()
        expect(self.download_button).to_be_visible()

    def shown_key_id(self) -> str:
        """Open the Show link, read the key's id, and close the link again (as the tutorial shows it)."""
        if self.show_toggle.get_attribute("aria-expanded") != "true":
            self.show_toggle.click()
        expect(self.key_id_value.first).to_be_visible()
        found = KEY_ID_RE.findall(self.key_id_value.first.inner_text())
        if not found:
            raise AssertionError("the dialog shows no access key id")
        self.show_toggle.click()
        expect(self.show_toggle).to_have_attribute("aria-expanded", "false")
        return found[0]

    def download_csv(self) -> None:
        """Choose the download button (the caller listens for the download event)."""
        self.download_button.click()

    def done(self) -> Locator:
        """Choose the close button; the dialog with the secret goes away."""
        self.done_button.click()
        expect(self.dialog).to_be_hidden()
        return self.done_button


def wait_for_dialog_or_error(page: Page, created: KeyCreatedDialog) -> None:
    """Wait for the new key's download button or an error alert (AssertionError with the alert's text)."""
    error = page.get_by_role("alert")
    expect(created.download_button.or_(error).first).to_be_visible()
    if error.count() and error.first.is_visible():
        text = " ".join(error.first.inner_text().split())
        raise AssertionError(f"the console showed an error: {text}")
    created.wait_loaded()
