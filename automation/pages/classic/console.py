"""The classic console's top bar: the orange Services box and the account name menu."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


class TopBar:
    """The dark 2015-17 navigation bar: Services (every category at once) and the name menu."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_home = page.get_by_role("heading", name="Amazon Web Services", exact=True)
        self.services_button = page.get_by_role("button", name="Services", exact=True)
        self.services_menu = page.get_by_role("dialog", name="Services")
        self.account_menu_button = page.locator("#nav-usernameMenu")
        self.account_menu = page.get_by_role("menu")
        self.security_credentials_item = self.account_menu.get_by_role(
            "menuitem", name="Security Credentials"
        )

    def open_account_menu(self) -> None:
        """Choose the account name at the top right; the menu with Security Credentials opens."""
        self.account_menu_button.click()
        expect(self.security_credentials_item).to_be_visible()

    def choose_security_credentials(self) -> None:
        """Choose Security Credentials in the open name menu."""
        self.security_credentials_item.click()

    def open_services_menu(self) -> None:
        """Choose the orange Services box; the menu of all services opens."""
        self.services_button.click()
        expect(self.services_menu).to_be_visible()

    def show_category(self, category: str) -> None:
        """The classic menu lists every category at once: nothing to choose, only wait for it."""
        expect(self.services_menu).to_be_visible()

    def service_link(self, service: str) -> Locator:
        """The link to a service inside the open Services menu."""
        return self.services_menu.get_by_role("link", name=service, exact=True)
