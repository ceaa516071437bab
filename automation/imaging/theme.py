"""The console's colour theme: its visual-mode cookie, and the check that the page obeyed it.

The AWS console keeps its visual mode (Light, Dark, or Browser default when unset) in the cookie
``awsc-color-theme`` on ``.amazon.com`` (public cookie dumps of console sessions, 2021-23); with no
cookie it follows the browser's ``prefers-color-scheme``. A run sets both, so the real console, a
recording of it and the replica all see the same request. Cloudscape marks a page it draws dark with
the class ``awsui-dark-mode``, which is how a capture checks that the theme took.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page

from automation.errors import StepError

THEME_COOKIE = "awsc-color-theme"
_IS_DARK_JS = "() => document.querySelector('.awsui-dark-mode, .awsui-polaris-dark-mode') !== null"


def apply_theme(context: BrowserContext, theme: str) -> None:
    """Ask every console page of ``context`` for ``theme`` (``light`` or ``dark``)."""
    context.add_cookies(
        [{"name": THEME_COOKIE, "value": theme, "domain": ".amazon.com", "path": "/", "secure": True}]
    )


def require_theme(page: Page, theme: str, image: str, step: str) -> None:
    """Refuse to write a dark image of a page the console drew light (its setting overrode ours)."""
    if theme != "dark" or page.evaluate(_IS_DARK_JS):
        return
    raise StepError(
        step=step,
        reason=f"--theme dark was asked, but the console drew this page light, so {image} was not written.",
        fix="In the console, open Settings (the gear) and set Visual mode to 'Browser default' or 'Dark', "
        "then rerun; or take light images (--theme light).",
    )
