"""Things that pop up over the console at any time: the cookie banner and feedback pop-ups.

Registered as Playwright locator handlers, so whenever one covers the page before an action or an
assertion, it is dismissed first; flows never need to know about them.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page


def dismiss_overlays_automatically(page: Page) -> None:
    """Accept the cookie banner and close feedback pop-ups whenever they appear.

    Playwright checks a handler's locator before every action and assertion, so each starts from a
    cheap CSS match (the banner's ``awsccc`` ids, dialog elements) and asks for roles and names only
    inside it: a role query over the whole console page, twice per action, cost about 0.25 s a run.
    """
    banner = page.locator('[id^="awsccc"]')
    accept_cookies = banner.get_by_role("button", name="Accept all cookies")
    page.add_locator_handler(accept_cookies, lambda: accept_cookies.click(), no_wait_after=False)
    feedback_title = page.get_by_role("heading", name=re.compile(r"improve|feedback", re.IGNORECASE))
    feedback = page.locator('[role="dialog"], dialog').filter(has=feedback_title)
    close_feedback = feedback.get_by_role("button", name="Close")
    page.add_locator_handler(feedback, lambda: close_feedback.click())
