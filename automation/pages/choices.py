"""A locator with named alternatives: the flows wait on any of them, ``doctor`` says which one matched.

Where the console's wording or markup varies (or the evidence is uncertain), a page object lists every
plausible form, newest evidence first. The flows use :attr:`Choice.locator` (any alternative, the first
in document order); :meth:`Choice.resolve` tells which alternative holds and how many visible elements
it has, without waiting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

#: The smallest block around a section heading that holds no other section heading (its whole container).
SECTION_XPATH = "xpath=ancestor::*[count(.//h2 | .//*[@role='heading'][@aria-level='2'])=1][last()]"
#: The nearest block around a heading that holds a button: its header, with the header's actions.
HEADER_XPATH = "xpath=ancestor::*[.//button][1]"
#: Errors as Cloudscape marks them (Alert and Flashbar carry no role="alert"), then a role, then the
#: older sign-in box.
ERROR_MARKS = (
    '[data-analytics-alert="error"], [data-analytics-flashbar="error"], [role="alert"], #error_message'
)


@dataclass(frozen=True)
class Resolved:
    """What one :class:`Choice` finds on the page right now."""

    what: str
    alternative: str | None  # the first alternative with a visible element, or None
    visible: int  # how many visible elements that alternative has


@dataclass(frozen=True)
class Choice:
    """One thing the flows look for, as ``(label, locator)`` alternatives, the newest evidence first."""

    what: str
    alternatives: tuple[tuple[str, Locator], ...]

    @property
    def locator(self) -> Locator:
        """Any of the alternatives (they usually find the same element); the first in document order."""
        combined = self.alternatives[0][1]
        for _, other in self.alternatives[1:]:
            combined = combined.or_(other)
        return combined.first.describe(self.what)  # errors and traces name it this way

    def resolve(self) -> Resolved:
        """The first alternative that has a visible element, and how many it has (no waiting)."""
        for label, locator in self.alternatives:
            visible = locator.filter(visible=True).count()
            if visible:
                return Resolved(self.what, label, visible)
        return Resolved(self.what, None, 0)


def choice(what: str, *alternatives: tuple[str, Locator]) -> Choice:
    """A :class:`Choice` from its description and alternatives."""
    return Choice(what, tuple(alternatives))


def clickable(scope: Page | Locator, name: str | re.Pattern[str]) -> Locator:
    """A link, button or menu item named ``name`` (the console uses each for the same entry)."""
    exact = isinstance(name, str) or None
    return (
        scope.get_by_role("link", name=name, exact=exact)
        .or_(scope.get_by_role("button", name=name, exact=exact))
        .or_(scope.get_by_role("menuitem", name=name, exact=exact))
    )


def errors(page: Page, text: re.Pattern[str]) -> Locator:
    """Error boxes whose text matches ``text``, however the console marks them."""
    return page.locator(ERROR_MARKS).filter(has_text=text)
