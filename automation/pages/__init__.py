"""Page objects per console edition; flows reach them through :class:`Console`."""

from __future__ import annotations

from playwright.sync_api import Page

from automation.errors import SettingError
from automation.pages.current.signin import Credentials

__all__ = ["EDITIONS", "Console", "Credentials"]

EDITIONS = ("current", "classic")


class Console:
    """All page objects of one edition, bound to one page."""

    def __init__(self, page: Page, edition: str = "current") -> None:
        if edition != "current":
            raise SettingError(
                step="Choose the console edition",
                reason=f"the {edition!r} edition has no page objects yet (only 'current' is built).",
                fix="Use --edition current.",
            )
        from automation.pages.current.console import TopBar
        from automation.pages.current.iam import CreateAccessKeyWizard, IamConsole, UserDetailsPage, UsersPage
        from automation.pages.current.overlays import dismiss_overlays_automatically
        from automation.pages.current.root_credentials import RootAccessKeyWizard, RootSecurityCredentialsPage
        from automation.pages.current.signin import SignInPage

        self.page = page
        self.edition = edition
        dismiss_overlays_automatically(page)
        self.sign_in = SignInPage(page)
        self.top_bar = TopBar(page)
        self.root_credentials = RootSecurityCredentialsPage(page)
        self.root_wizard = RootAccessKeyWizard(page)
        self.iam = IamConsole(page)
        self.users = UsersPage(page)
        self.user_details = UserDetailsPage(page)
        self.key_wizard = CreateAccessKeyWizard(page)
