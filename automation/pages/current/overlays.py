"""Things that pop up over the console at any time: the cookie banner, feedback pop-ups, What's new and
the services tooltip.

Registered as Playwright locator handlers, so whenever one covers the page before an action or an
assertion, it is dismissed first; flows never need to know about them.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

ACCEPT_NAME = re.compile(r"^Accept( all cookies)?$")
CLOSE_NAME = re.compile(r"^(Close|Cancel|Dismiss)$")


def _click(locator: Locator) -> None:
    """Click the first of ``locator``'s elements (a handler's button)."""
    locator.first.click()


def dismiss_overlays_automatically(page: Page) -> None:
    """Accept the cookie banner, close feedback pop-ups, What's new and the services tooltip when they show.

    Playwright checks a handler's locator before every action and assertion, so each starts from a
    cheap CSS match (the banner's ``awsccc`` ids, dialog elements, test ids) and asks for roles and
    names only inside it: a role query over the whole console page, twice per action, cost about 0.25 s
    a run.
    """
    banner = page.locator('[id^="awsccc"]')
    # Buttons carry data-id (not id); their labels changed in 2026 ("Accept all cookies" → "Accept").
    accept = banner.locator('[data-id="awsccc-cb-btn-accept"]').or_(
        banner.get_by_role("button", name=ACCEPT_NAME)
    )
    page.add_locator_handler(accept.first, lambda: _click(accept), no_wait_after=False)
    feedback_title = page.get_by_role("heading", name=re.compile(r"improve|feedback", re.IGNORECASE))
    feedback = page.locator('[role="dialog"], dialog').filter(has=feedback_title)
    close_feedback = feedback.get_by_role("button", name=CLOSE_NAME)  # "Feedback for AWS Sign-in": Cancel
    page.add_locator_handler(feedback, lambda: _click(close_feedback))
    for test_id in POPUP_CLOSERS:
        page.add_locator_handler(page.get_by_test_id(test_id), lambda: _close_popups(page))


# Top-most first: What's new is a modal whose backdrop covers the services tooltip when both show.
POPUP_CLOSERS = ("whats-new-close", "awsc-nav-services-tooltip-confirm-button")


def _close_popups(page: Page) -> None:
    """Close every console pop-up that shows now, the modal What's new before the tooltip under it."""
    for test_id in POPUP_CLOSERS:
        closer = page.get_by_test_id(test_id).first
        if closer.is_visible():
            closer.click()
