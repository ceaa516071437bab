"""Where a named region is on the page: the step's subject, or any Playwright selector."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from automation.errors import SettingError
from automation.imaging.crop import Box
from automation.imaging.settings import SUBJECT

#: How long a configured region may take to appear (the page is already where the step left it).
REGION_TIMEOUT_MS = 5_000


def region_box(page: Page, region: str, subject: Locator | None, image: str, step: str) -> Box:
    """The viewport box of ``region`` (``subject`` or a Playwright selector such as ``role=dialog``).

    A region that matches nothing, is hidden, or is not a valid selector is a setting error naming the
    image and the region: the configuration, not the console, is what to fix.
    """
    if region == SUBJECT and subject is None:
        raise SettingError(
            step=step,
            reason=f"{image} is configured with the region 'subject', but this step names no subject.",
            fix="Use a Playwright selector (for example role=dialog) for this image's crop or callout.",
        )
    locator = subject if region == SUBJECT and subject is not None else page.locator(region)
    try:
        found = locator.first.bounding_box(timeout=REGION_TIMEOUT_MS)
    except PlaywrightError as error:
        headline = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SettingError(
            step=step,
            reason=f"the region {region!r} configured for {image} was not found on the page within "
            f"{REGION_TIMEOUT_MS // 1000} s ({headline.rstrip('. ')}).",
            fix="Fix the selector in the image configuration (a Playwright selector such as "
            "role=button[name=\"Create access key\"] or css=#id), or use 'subject'.",
        ) from None
    if found is None:
        raise SettingError(
            step=step,
            reason=f"the region {region!r} configured for {image} is on the page but not visible.",
            fix="Choose a region the image shows, or use 'subject'.",
        )
    return Box(found["x"], found["y"], found["width"], found["height"])
