"""The console's global top bar: the services menu, search, the account menu.

Since 2025 the services menu opens from a grid button with no "Services" text, and since Nov 2024 the
account menu is ``button#nav-usernameMenu`` opening a panel whose entries are links; the older forms
(a "Services" text button opening a dialog, a role=menu of menuitems) are alternatives.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from automation.pages.choices import choice, clickable

SERVICES_NAME = re.compile(r"^(all )?services( menu)?$", re.IGNORECASE)


class TopBar:
    """The console's own navigation bar (not Cloudscape's TopNavigation)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_home = page.get_by_role("heading", name="Console Home")  # "Console home" today
        self.services_button_choice = choice(
            "button 'Services menu' (the grid button at the top left)",
            ("test id aws-services-list-button", page.get_by_test_id("aws-services-list-button")),
            ("button named Services", page.get_by_role("button", name=SERVICES_NAME)),
        )
        self.services_button = self.services_button_choice.locator
        self.services_menu_choice = choice(
            "panel 'Services' (the services menu)",
            ("test id awsc-nav-service-menu", page.get_by_test_id("awsc-nav-service-menu")),
            ("dialog named Services", page.get_by_role("dialog", name="Services", exact=True)),
        )
        self.services_menu = self.services_menu_choice.locator
        self.account_button_choice = choice(
            "button 'account name' (the account menu, top right)",
            ("button#nav-usernameMenu", page.locator("button#nav-usernameMenu")),
            ("test id awsc-nav-account-menu-button", page.get_by_test_id("awsc-nav-account-menu-button")),
        )
        self.account_menu_button = self.account_button_choice.locator
        self.account_menu = page.get_by_test_id("account-detail-menu").or_(page.get_by_role("menu"))
        menu = self.account_menu
        self.security_credentials_choice = choice(
            "link 'Security credentials' in the account menu",
            ("test id aws-security-credentials", menu.get_by_test_id("aws-security-credentials")),
            ("link or menu item", clickable(self.account_menu, "Security credentials")),
        )
        self.security_credentials_item = self.security_credentials_choice.locator

    def open_account_menu(self) -> None:
        """Choose the account name at the top right; the menu with Security credentials opens."""
        self.account_menu_button.click()
        expect(self.security_credentials_item).to_be_visible()

    def choose_security_credentials(self) -> None:
        """Choose Security credentials in the open account menu."""
        self.security_credentials_item.click()

    def open_services_menu(self) -> None:
        """Open the services menu (the grid button); the menu of service categories shows."""
        self.services_button.click()
        expect(self.services_menu).to_be_visible()

    def category(self, category: str) -> Locator:
        """A category entry of the open services menu (a link, a button or a menu item)."""
        return clickable(self.services_menu, category).first

    def show_category(self, category: str) -> None:
        """Choose a category in the open services menu."""
        self.category(category).click()

    def service_link(self, service: str) -> Locator:
        """The entry of a service inside the open services menu (a link or a menu item)."""
        return clickable(self.services_menu, service).first
