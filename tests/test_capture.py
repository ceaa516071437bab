"""One capture per image, taken once the page provably holds still (a DOM watch around it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from automation.redaction import EXAMPLE_KEY_ID, Redactor
from automation.screenshots import CAPTURE_ATTEMPTS, Screenshotter
from automation.visual.images import to_rgba

KEY_ID = "AKIA" + "Q" * 8 + "ZZZZ" * 2  # key-shaped, made up
STILL_PAGE = f"<h1 id=h>Access keys</h1><div id=k>{KEY_ID}</div><input id=i value=typed>"


def shoot(page: Page) -> bytes:
    """The screenshot the Screenshotter takes (it adds a <style> and sets caret-color on inputs)."""
    return page.screenshot(animations="disabled", caret="hide")


def test_a_still_page_is_settled_across_the_screenshot(page: Page) -> None:
    page.set_content(STILL_PAGE)
    redactor = Redactor()
    page.focus("#i")
    assert redactor.prepare_capture(page) == 0
    assert page.inner_text("#k") == EXAMPLE_KEY_ID  # masked for the capture
    shoot(page)
    check = redactor.finish_capture(page)
    assert check.settled and check.leaks == []
    assert page.inner_text("#k") == KEY_ID  # and put back afterwards


def test_a_change_after_settling_is_seen(page: Page) -> None:
    page.set_content(STILL_PAGE)
    redactor = Redactor()
    redactor.prepare_capture(page)
    page.evaluate("() => { document.querySelector('#h').textContent = 'Access keys (1)'; }")
    assert not redactor.finish_capture(page).settled


def test_a_late_render_is_waited_for_and_masked(page: Page) -> None:
    """Dropping focus makes the page render again a frame later (as React does): that render is
    waited for, and what it shows is masked too."""
    page.set_content(STILL_PAGE)
    late_key = "AKIA" + "W" * 16
    page.evaluate(
        """(id) => document.querySelector('#i').addEventListener('blur', () =>
            requestAnimationFrame(() => { document.querySelector('#h').textContent = id; }))""",
        late_key,
    )
    page.focus("#i")
    redactor = Redactor()
    assert redactor.prepare_capture(page) >= 1  # a frame changed the DOM, so it waited for a still one
    assert page.inner_text("#h") == EXAMPLE_KEY_ID
    check = redactor.finish_capture(page)
    assert check.settled and check.leaks == []


class CountingPage:
    """A page whose screenshots are counted; ``disturb`` runs inside the first ones (a late render)."""

    def __init__(self, page: Page, disturbances: int) -> None:
        self._page = page
        self.disturbances = disturbances
        self.screenshots = 0

    def screenshot(self, **options: Any) -> bytes:
        self.screenshots += 1
        if self.screenshots <= self.disturbances:
            self._page.evaluate(
                "(n) => { document.querySelector('#h').textContent = 'Access keys (' + n + ')'; }",
                self.screenshots,
            )
        return self._page.screenshot(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def test_one_screenshot_for_a_still_page(page: Page, tmp_path: Path) -> None:
    page.set_content(STILL_PAGE)
    counting = CountingPage(page, disturbances=0)
    path = Screenshotter(tmp_path, Redactor()).capture(counting, "still.png", "Step")  # type: ignore[arg-type]
    assert counting.screenshots == 1 and path.is_file()


def test_a_capture_the_page_changed_under_is_retaken(page: Page, tmp_path: Path) -> None:
    page.set_content(STILL_PAGE)
    counting = CountingPage(page, disturbances=2)
    path = Screenshotter(tmp_path, Redactor()).capture(counting, "moved.png", "Step")  # type: ignore[arg-type]
    assert counting.screenshots == 3
    Redactor().redact_page(page)
    kept, now = to_rgba(path.read_bytes()), to_rgba(shoot(page))
    assert (kept == now).all()  # the kept image is of the page as it now stands, masked


def test_retakes_are_bounded(page: Page, tmp_path: Path) -> None:
    page.set_content(STILL_PAGE)
    counting = CountingPage(page, disturbances=100)
    Screenshotter(tmp_path, Redactor()).capture(counting, "busy.png", "Step")  # type: ignore[arg-type]
    assert counting.screenshots == CAPTURE_ATTEMPTS
