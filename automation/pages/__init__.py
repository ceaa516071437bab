"""Page objects per console edition; flows reach them through :class:`Console`."""

from __future__ import annotations

from playwright.sync_api import Page

from automation.errors import SettingError
from automation.pages.current.signin import Credentials

__all__ = ["EDITIONS", "Console", "Credentials"]

EDITIONS = ("current", "classic")


class Console:
    """All page objects of one edition, bound to one page. Both editions share the sign-in pages."""

    def __init__(self, page: Page, edition: str = "current") -> None:
        if edition not in EDITIONS:
            raise SettingError(
                step="Choose the console edition",
                reason=f"there is no {edition!r} console edition.",
                fix=f"Use --edition {' or '.join(EDITIONS)}.",
            )
        from automation.pages.current.overlays import dismiss_overlays_automatically
        from automation.pages.current.signin import SignInPage

        self.page = page
        self.edition = edition
        dismiss_overlays_automatically(page)
        self.sign_in = SignInPage(page)
        if edition == "classic":
            self._classic(page)
        else:
            self._current(page)

    def _current(self, page: Page) -> None:
        from automation.pages.current.console import TopBar
        from automation.pages.current.iam import CreateAccessKeyWizard, IamConsole, UserDetailsPage, UsersPage
        from automation.pages.current.root_credentials import RootAccessKeyWizard, RootSecurityCredentialsPage

        self.top_bar = TopBar(page)
        self.root_credentials = RootSecurityCredentialsPage(page)
        self.root_wizard = RootAccessKeyWizard(page)
        self.iam = IamConsole(page)
        self.users = UsersPage(page)
        self.user_details = UserDetailsPage(page)
        self.key_wizard = CreateAccessKeyWizard(page)

    def _classic(self, page: Page) -> None:
        from automation.pages.classic.console import TopBar
        from automation.pages.classic.iam import (
            IamConsole,
            ManageAccessKeysDialog,
            UserDetailsPage,
            UsersPage,
        )
        from automation.pages.classic.root_credentials import RootKeyCreation, RootSecurityCredentialsPage

        self.top_bar = TopBar(page)
        self.root_credentials = RootSecurityCredentialsPage(page)
        self.root_wizard = RootKeyCreation(page)
        self.iam = IamConsole(page)
        self.users = UsersPage(page)
        self.user_details = UserDetailsPage(page)
        self.key_wizard = ManageAccessKeysDialog(page)
