"""The "Access keys" section shared by the root and IAM user Security credentials pages,
and the "Retrieve access key(s)" page both wizards end on.

Every locator is scoped to the section (the block around its "Access keys (N)" heading), so a second
"Create access key" elsewhere on the page (the empty state, the user's Summary) never makes one
ambiguous. Keys are found by their id's text, in a table row or in a container of their own, and each
is deleted through its own Actions.
"""

from __future__ import annotations

import re
from itertools import pairwise

from playwright.sync_api import Locator, Page, expect

from automation.pages.choices import HEADER_XPATH, SECTION_XPATH, choice, errors
from automation.pages.key_lists import ROW_BY_HEADER_JS, KeyListReading, match_key
from automation.safety import mask_key_id

KEY_ID_RE = re.compile(r"\bAKIA[A-Z2-7]{16}\b")
# Row filters match textContent, where cells run together with no space: no \b there.
KEY_IN_ROW_RE = re.compile(r"AKIA[A-Z2-7]{16}")
COUNT_RE = re.compile(r"\((\d+)\)")
QUOTA_TEXT = "You can have a maximum of two access keys (active or inactive) at a time."
THROTTLED_RE = re.compile(r"Rate exceeded|Throttl", re.IGNORECASE)
CREATE_NAME = re.compile(r"^Create access key$")
#: Waits before each reload of a throttled Access keys table (exponential backoff, then give up).
THROTTLE_BACKOFF_MS = (500, 1000, 2000, 4000)


class AccessKeysSection:
    """Container headed "Access keys (N)": the keys, their Actions, and the Create access key button."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=re.compile(r"^Access keys \(\d+\)"))
        self.section = self.heading.locator(SECTION_XPATH)
        self.header = self.heading.locator(HEADER_XPATH)
        self.create = choice(
            "button 'Create access key' in the Access keys header",
            ("test id create-access-key", self.section.get_by_test_id("create-access-key")),
            ("button in the section's header", self.header.get_by_role("button", name=CREATE_NAME)),
        )
        self.create_button = self.create.locator
        self.loading = page.get_by_text(re.compile(r"^Loading access keys"))
        self.throttled = errors(page, THROTTLED_RE)
        self.failed = errors(page, re.compile(r"\S"))  # any error box (throttling among them)

    def wait_loaded(self) -> None:
        """The section is showing and its list has finished loading.

        A throttled read (429 "Rate exceeded") is safe to repeat: the page is reloaded with
        exponential backoff, and the last refusal is raised as the step's error.
        """
        for backoff_ms in (*THROTTLE_BACKOFF_MS, None):
            # The count shows once loaded; an error box instead ends the wait at once.
            expect(self.heading.or_(self.failed).first).to_be_visible()
            if not self.throttled.count():
                if not self.heading.count():
                    shown = " ".join(self.failed.first.inner_text().split())
                    raise AssertionError(f"the Access keys list did not load: the console showed {shown!r}")
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
        """Scroll so the heading, the list and the Create button are all on screen."""
        # One round trip: to the heading's top, then back below the console's sticky top bar.
        self.heading.evaluate("el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -80); }")

    def read_keys(self) -> KeyListReading:
        """The key ids the section lists (after it has loaded), and whether that reading is certain."""
        self.wait_loaded()
        ids = list(dict.fromkeys(KEY_ID_RE.findall(self.section.inner_text())))
        counted = COUNT_RE.search(self.heading.inner_text())
        return KeyListReading(ids, counted is not None and int(counted.group(1)) == len(ids))

    def key_ids(self) -> list[str]:
        """The access key ids listed in the section (after it has loaded)."""
        return self.read_keys().key_ids

    def key_row(self, key_id: str) -> Locator:
        """The table row that holds ``key_id`` (none when the keys are listed as containers)."""
        return self.section.get_by_role("row").filter(has_text=key_id)

    def key_container(self, key_id: str) -> Locator:
        """The block of ``key_id`` that holds its own Actions menu (keys listed as containers)."""
        text = self.section.get_by_text(key_id, exact=True).first
        return text.locator("xpath=ancestor::*[.//button[normalize-space()='Actions']][1]")

    def describe_keys(self) -> list[str]:
        """Each listed key as "****WXYZ (Active, created …, last used …)": id masked to its last four."""
        described = []
        for key_id in self.key_ids():
            row = self.key_row(key_id)
            if row.count():
                cells: dict[str, str] = row.first.evaluate(ROW_BY_HEADER_JS)
            else:
                cells = _labelled_values(self.key_container(key_id).inner_text())
            status = cells.get("Status", "?")
            created = cells.get("Created", "?")
            used = cells.get("Access key last used", cells.get("Last used", "?"))
            described.append(f"{mask_key_id(key_id)} ({status}, created {created}, last used {used})")
        return described

    def find_key(self, wanted: str) -> str | None:
        """The listed key id that is ``wanted`` or ends with it (the last four, as errors show them)."""
        return match_key(self.key_ids(), wanted)

    def open_key_actions(self, key_id: str) -> None:
        """Open the Actions menu for ``key_id`` only: its row selected in a table, or its own menu."""
        row = self.key_row(key_id)
        if row.count():
            row.get_by_role("radio").check()  # the row's own radio, whatever it is named
            self.header.get_by_role("button", name="Actions", exact=True).click()
        else:
            self.key_container(key_id).get_by_role("button", name="Actions", exact=True).click()

    def delete_key(self, key_id: str) -> None:
        """Actions → Delete → Deactivate → type the key id → Delete, as the console's own dialog asks."""
        self.open_key_actions(key_id)
        self.page.get_by_role("menuitem", name="Delete", exact=True).click()
        dialog = self.page.get_by_role("dialog", name=re.compile(rf"^Delete {key_id}\??$"))
        expect(dialog).to_be_visible()
        deactivate = dialog.get_by_role("button", name="Deactivate", exact=True)
        if deactivate.is_visible() and deactivate.is_enabled():
            deactivate.click()
        dialog.get_by_role("textbox").fill(key_id)
        delete = dialog.get_by_role("button", name="Delete", exact=True)
        expect(delete).to_be_enabled()  # once the key is inactive and its id typed
        delete.click()
        expect(dialog).to_be_hidden()
        expect(self.section.get_by_text(key_id, exact=True)).to_have_count(0)

    def can_create(self) -> bool:
        """False when the console disabled Create access key (two keys already)."""
        expect(self.create_button).to_be_visible()
        return self.create_button.is_enabled()


def _labelled_values(text: str) -> dict[str, str]:
    """Label → value from a key's container text, where each label's line is followed by its value."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {label: value for label, value in pairwise(lines)}


class RetrieveAccessKeyPage:
    """ "Retrieve access key" (root) / "Retrieve access keys" (IAM user): Show, Download .csv file, Done."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=re.compile(r"^Retrieve access keys?$"))
        self.download = choice(
            "button 'Download .csv file'", ("button", page.get_by_role("button", name="Download .csv file"))
        )
        self.download_button = self.download.locator
        cells = page.get_by_role("cell").or_(page.get_by_role("rowheader"))
        self.key_id_cell = cells.filter(has_text=KEY_IN_ROW_RE)
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


CREATE_FAILED_RE = re.compile(r"not created|error|exceeded|unavailable", re.IGNORECASE)


def wait_for_retrieve_or_error(page: Page, retrieve: RetrieveAccessKeyPage) -> None:
    """Wait for the retrieve page or an error box; raise AssertionError with the box's text."""
    error = errors(page, CREATE_FAILED_RE)
    expect(retrieve.heading.or_(error).first).to_be_visible()
    if error.count() and error.first.is_visible():
        lines = [" ".join(line.split()) for line in error.first.inner_text().splitlines() if line.strip()]
        raise AssertionError(f"the console showed an error: {'. '.join(lines)}")
    retrieve.wait_loaded()
