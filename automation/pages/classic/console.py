"""The classic console's top bar (the orange cube, Services, the name menu) and Console Home."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


class TopBar:
    """The black 2014 navigation bar, and Console Home: the services page the orange cube opens."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_home = page.get_by_role("heading", name="Amazon Web Services", exact=True)
        self.home_link = page.get_by_role("link", name="AWS Console Home", exact=True)
        self.account_menu_button = page.locator("#nav-usernameMenu")
        self.account_menu = page.get_by_role("menu")
        self.security_credentials_item = self.account_menu.get_by_role(
            "menuitem", name="Security Credentials"
        )
        self.services = page.get_by_role("main")

    def open_account_menu(self) -> None:
        """Choose the account name at the top right; the menu with Security Credentials opens."""
        self.account_menu_button.click()
        expect(self.security_credentials_item).to_be_visible()

    def choose_security_credentials(self) -> None:
        """Choose Security Credentials in the open name menu."""
        self.security_credentials_item.click()

    def open_services_menu(self) -> None:
        """Click the orange cube at the top left: the tutorial's way to the list of services."""
        with self.page.expect_event("load"):
            self.home_link.click()
        expect(self.console_home).to_be_visible()

    def show_category(self, category: str) -> None:
        """The services page lists every category at once: nothing to choose, only wait for it."""
        expect(self.console_home).to_be_visible()

    def service_link(self, service: str) -> Locator:
        """The link to a service on the services page."""
        return self.services.get_by_role("link", name=service, exact=True)
