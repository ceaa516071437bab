"""The "Access keys" section shared by the root and IAM user Security credentials pages,
and the "Retrieve access key(s)" page both wizards end on."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from automation.pages.key_lists import ROW_BY_HEADER_JS, match_key
from automation.safety import mask_key_id

KEY_ID_RE = re.compile(r"\bAKIA[A-Z2-7]{16}\b")
# Row filters match textContent, where cells run together with no space: no \b there.
KEY_IN_ROW_RE = re.compile(r"AKIA[A-Z2-7]{16}")
QUOTA_TEXT = "You can have a maximum of two access keys (active or inactive) at a time."
THROTTLED_RE = re.compile(r"Rate exceeded|Throttl", re.IGNORECASE)
#: Waits before each reload of a throttled Access keys table (exponential backoff, then give up).
THROTTLE_BACKOFF_MS = (500, 1000, 2000, 4000)


class AccessKeysSection:
    """Container headed "Access keys (N)": the key table and the Create access key button."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=re.compile(r"^Access keys \(\d+\)"))
        self.quota_text = page.get_by_text(QUOTA_TEXT)
        self.create_button = page.get_by_role("button", name="Create access key", exact=True)
        self.key_rows = page.get_by_role("row").filter(has_text=KEY_IN_ROW_RE)
        self.loading = page.get_by_text(re.compile(r"^Loading access keys"))
        self.throttled = page.get_by_role("alert").filter(has_text=THROTTLED_RE)

    def wait_loaded(self) -> None:
        """The section is showing and its table has finished loading.

        A throttled read (429 "Rate exceeded") is safe to repeat: the page is reloaded with
        exponential backoff, and the last refusal is raised as the step's error.
        """
        for backoff_ms in (*THROTTLE_BACKOFF_MS, None):
            expect(self.heading.or_(self.throttled).first).to_be_visible()  # the count shows once loaded
            if not self.throttled.count():
                expect(self.loading).to_have_count(0)
                return
            if backoff_ms is None:
                raise AssertionError(
                    f"the Access keys table stayed throttled ({self.throttled.first.inner_text().strip()}) "
                    f"after {len(THROTTLE_BACKOFF_MS)} retries"
                )
            self.page.wait_for_timeout(backoff_ms)  # backoff before a safe re-read, not a wait for state
            self.page.reload()

    def bring_into_view(self) -> None:
        """Scroll so the heading, the table and the Create button are all on screen."""
        # One round trip: to the heading's top, then back below the console's sticky top bar.
        self.heading.evaluate("el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -80); }")

    def key_ids(self) -> list[str]:
        """The access key ids listed in the table (after it has loaded)."""
        self.wait_loaded()
        text = " ".join(self.key_rows.all_inner_texts())
        return list(dict.fromkeys(KEY_ID_RE.findall(text)))

    def describe_keys(self) -> list[str]:
        """Each listed key as "****WXYZ (Active, created …, last used …)": id masked to its last four."""
        self.wait_loaded()
        described = []
        for row in self.key_rows.all():
            cells: dict[str, str] = row.evaluate(ROW_BY_HEADER_JS)
            key_id = next((v for v in cells.values() if KEY_ID_RE.search(v)), "")
            found = KEY_ID_RE.search(key_id)
            masked = mask_key_id(found.group(0)) if found else "****"
            status = cells.get("Status", "?")
            created = cells.get("Created", "?")
            used = cells.get("Access key last used", cells.get("Last used", "?"))
            described.append(f"{masked} ({status}, created {created}, last used {used})")
        return described

    def find_key(self, wanted: str) -> str | None:
        """The listed key id that is ``wanted`` or ends with it (the last four, as errors show them)."""
        return match_key(self.key_ids(), wanted)

    def delete_key(self, key_id: str) -> None:
        """Actions → Delete → Deactivate → type the key id → Delete, as the console's own dialog asks."""
        self.page.get_by_role("radio", name=key_id).check()
        self.page.get_by_role("button", name="Actions").click()
        self.page.get_by_role("menuitem", name="Delete").click()
        dialog = self.page.get_by_role("dialog", name=f"Delete {key_id}?")
        expect(dialog).to_be_visible()
        deactivate = dialog.get_by_role("button", name="Deactivate")
        if deactivate.is_enabled():
            deactivate.click()
            expect(deactivate).to_be_disabled()
        confirm = dialog.get_by_label("To confirm deletion, enter the access key ID in the text input field.")
        confirm.fill(key_id)
        dialog.get_by_role("button", name="Delete", exact=True).click()
        expect(dialog).to_be_hidden()
        expect(self.key_rows.filter(has_text=key_id)).to_have_count(0)

    def can_create(self) -> bool:
        """False when the console disabled Create access key (two keys already)."""
        expect(self.create_button).to_be_visible()
        return self.create_button.is_enabled()


class RetrieveAccessKeyPage:
    """ "Retrieve access key" (root) / "Retrieve access keys" (IAM user): Show, Download .csv file, Done."""

    def __init__(self, page: Page, heading: str) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=heading, exact=True)
        self.download_button = page.get_by_role("button", name="Download .csv file")
        self.key_id_cell = page.get_by_role("cell").filter(has_text=KEY_IN_ROW_RE)
        self.done_button = page.get_by_role("button", name="Done", exact=True)

    def wait_loaded(self) -> None:
        """The retrieve page shows its Download .csv file button."""
        expect(self.heading).to_be_visible()
        expect(self.download_button).to_be_visible()

    def shown_key_id(self) -> str:
        """The new key's id as the page lists it (an id, not a secret)."""
        found = KEY_ID_RE.findall(self.key_id_cell.first.inner_text())
        if not found:
            raise AssertionError("the retrieve page shows no access key id")
        return found[0]

    def download_csv(self) -> None:
        """Choose Download .csv file (the caller listens for the download event)."""
        self.download_button.click()

    def done(self) -> Locator:
        """Choose Done; the page with the secret closes (the console goes back to the key list)."""
        self.done_button.click()
        expect(self.heading).to_be_hidden()
        return self.done_button


def wait_for_retrieve_or_error(page: Page, retrieve: RetrieveAccessKeyPage) -> None:
    """Wait for the retrieve page or an error alert; raise AssertionError with the alert's text."""
    error = page.get_by_role("alert").filter(has_text=re.compile(r"not created|error", re.IGNORECASE))
    expect(retrieve.heading.or_(error).first).to_be_visible()
    if error.count() and error.first.is_visible():
        lines = [" ".join(line.split()) for line in error.first.inner_text().splitlines() if line.strip()]
        raise AssertionError(f"the console showed an error: {'. '.join(lines)}")
    retrieve.wait_loaded()
