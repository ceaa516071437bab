"""The console's global top bar: Services menu, search, account menu."""

from __future__ import annotations

from playwright.sync_api import Page, expect


class TopBar:
    """The console's own navigation bar (not Cloudscape's TopNavigation)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_home = page.get_by_role("heading", name="Console Home")
        self.services_button = page.get_by_role("button", name="Services", exact=True)
        self.services_menu = page.get_by_role("dialog", name="Services")
        self.account_menu_button = page.get_by_test_id("awsc-nav-account-menu-button")
        self.account_menu = page.get_by_role("menu")
        self.security_credentials_item = self.account_menu.get_by_role(
            "menuitem", name="Security credentials"
        )

    def open_account_menu(self) -> None:
        """Choose the account name at the top right; the menu with Security credentials opens."""
        self.account_menu_button.click()
        expect(self.security_credentials_item).to_be_visible()

    def choose_security_credentials(self) -> None:
        """Choose Security credentials in the open account menu."""
        self.security_credentials_item.click()

    def open_services_menu(self) -> None:
        """Choose Services; the menu of service categories opens."""
        self.services_button.click()
        expect(self.services_menu).to_be_visible()

    def show_category(self, category: str) -> None:
        """Choose a category in the open Services menu."""
        self.services_menu.get_by_role("link", name=category, exact=True).click()

    def service_link(self, service: str):  # -> Locator
        """The link to a service inside the open Services menu."""
        return self.services_menu.get_by_role("link", name=service, exact=True)
