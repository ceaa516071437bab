"""Sign-in pages of the current console (the 2024 sign-in UI)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from automation.errors import RefusedError, StepError

AUTH_FAILED_FIX = (
    "Check the email/account, user name and password in your .env. The tool does not retry, so your "
    "account is not locked by repeated attempts."
)


class SignInPage:
    """The sign-in pages: choose root or IAM user, identify, password, MFA."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root_user_choice = page.get_by_role("radio", name="Root user")
        self.iam_user_choice = page.get_by_role("radio", name="IAM user")
        self.root_email = page.get_by_label("Root user email address")
        self.next_button = page.get_by_role("button", name="Next", exact=True)
        self.root_heading = page.get_by_role("heading", name="Root user sign in")
        self.iam_heading = page.get_by_role("heading", name="IAM user sign in")
        self.password = page.get_by_label("Password", exact=True)
        self.sign_in_button = page.get_by_role("button", name="Sign in", exact=True).or_(
            page.get_by_role("link", name="Sign in", exact=True)
        )
        self.use_root_email = page.get_by_role("link", name="Sign in using root user email")
        self.account_field = page.get_by_label("Account ID or alias", exact=True)
        self.iam_user_name = page.get_by_label("IAM username")
        self.mfa_heading = page.get_by_role("heading", name="Multi-factor authentication")
        self.mfa_code = page.get_by_label("MFA code")
        self.mfa_submit = page.get_by_role("button", name="Submit")
        self.error = page.get_by_role("alert").filter(has_text="incorrect")

    def _raise_if_rejected(self, step: str) -> None:
        if self.error.count() and self.error.first.is_visible():
            raise RefusedError(
                step=step,
                reason=f"AWS rejected the sign-in: {self.error.first.inner_text().strip()}",
                fix=AUTH_FAILED_FIX,
            )

    def _wait_for_any(self, step: str, *outcomes: Locator) -> None:
        combined = outcomes[0]
        for locator in outcomes[1:]:
            combined = combined.or_(locator)
        combined = combined.or_(self.error)
        expect(combined.first).to_be_visible()
        self._raise_if_rejected(step)

    def _finish_mfa(self, step: str, mfa_code: Callable[[], str], console_reached: Locator) -> None:
        self._wait_for_any(step, self.mfa_heading, console_reached)
        if self.mfa_heading.is_visible():
            self.mfa_code.fill(mfa_code())
            self.mfa_submit.click()
            self._wait_for_any(step, console_reached)

    def as_root(
        self, email: str, password: str, mfa_code: Callable[[], str], console_reached: Locator
    ) -> None:
        """Root user → email → Next → password → Sign in → MFA, until ``console_reached`` shows."""
        step = "Sign in as the root user"
        self._wait_for_any(step, self.root_user_choice, self.use_root_email, console_reached)
        if console_reached.is_visible():
            return  # a saved session is still valid
        if self.use_root_email.is_visible():
            self.use_root_email.click()
        self.root_user_choice.check()
        self.root_email.fill(email)
        self.next_button.click()
        self._wait_for_any(step, self.root_heading)
        self.password.fill(password)
        self.sign_in_button.click()
        self._finish_mfa(step, mfa_code, console_reached)

    def as_iam_user(
        self, account: str, user: str, password: str, mfa_code: Callable[[], str], console_reached: Locator
    ) -> None:
        """IAM user sign in: account, user name, password, then MFA when the user has a device."""
        step = "Sign in as an IAM user"
        self._wait_for_any(step, self.iam_heading, console_reached)
        if console_reached.is_visible():
            return
        if not self.account_field.input_value():
            self.account_field.fill(account)
        self.iam_user_name.fill(user)
        self.password.fill(password)
        self.sign_in_button.click()
        self._finish_mfa(step, mfa_code, console_reached)


def unexpected_page(step: str, page: Page) -> StepError:
    """An error for a sign-in that ended somewhere unexpected."""
    return StepError(
        step=step,
        reason=f"the browser is on an unexpected page ({page.url.split('?')[0]}).",
        fix="Rerun with --headed to see the page; AWS may have changed the sign-in flow.",
    )
