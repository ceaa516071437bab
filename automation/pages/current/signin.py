"""Sign-in pages of the console, both UIs AWS serves (the 2024 page and the older one), detected from
the page: root or IAM user (in two steps, or on one page), CAPTCHA, MFA, the expiring-password page and
"Choose your AWS session" (the multi-session chooser's cards).

Sign-in is a small state machine: wait until one known page shows, act on it once, repeat. A page that
comes back after its action (a password page after Sign in) means AWS refused it: that is an error,
never a retry, so an account is not locked by repeated attempts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

from automation.errors import RefusedError, StepError
from automation.pages.choices import errors

AUTH_FAILED_FIX = (
    "Check the email/account, user name, password and MFA seed in your settings (.env or --env-file). The "
    "tool does not retry, so your account is not locked by repeated attempts."
)
CAPTCHA_WAIT_MS = 300_000  # how long a person gets to solve a security check with --headed
MAX_SIGN_IN_PAGES = 12
SIGN_IN_ERROR_RE = re.compile(r"incorrect|error", re.IGNORECASE)
MFA_SUBMIT_NAME = re.compile(r"^(Submit|Verify|Sign in)$")
#: A session card's link names its account as "name (1234-5678-9012)".
SESSION_CARD_NAME = re.compile(r"\(\d{4}-\d{4}-\d{4}\)")


@dataclass(frozen=True)
class Credentials:
    """Who signs in; ``mfa_code`` gives a code when the MFA page asks."""

    password: str
    mfa_code: Callable[[], str]
    email: str = ""  # root
    account: str = ""  # IAM user
    user: str = ""  # IAM user

    @property
    def is_root(self) -> bool:
        return bool(self.email)


class SignInPage:
    """Every sign-in page the console may show, with the locators that find them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        # Radios by name, or by the value the new (ROOT/IAM) and older (rootUser/iamUser) pages give them.
        self.root_user_choice = page.get_by_role("radio", name="Root user").or_(
            page.locator('input[type="radio"][value="ROOT"], input[type="radio"][value="rootUser"]')
        )
        self.iam_user_choice = page.get_by_role("radio", name="IAM user").or_(
            page.locator('input[type="radio"][value="IAM"], input[type="radio"][value="iamUser"]')
        )
        self.identifier = page.locator("#resolving_input")  # labelled by the chosen user type
        self.next_button = page.get_by_role("button", name="Next", exact=True)
        self.captcha = (
            page.locator("#captcha_container")
            .or_(page.locator('img[alt*="captcha" i]'))
            .or_(page.get_by_role("heading", name=re.compile(r"security check", re.IGNORECASE)))
            .first
        )
        self.captcha_guess = page.locator("#captchaGuess")
        self.root_heading = page.get_by_role("heading", name="Root user sign in").or_(
            page.get_by_text(re.compile(r"^Enter the password for"))
        )
        self.iam_heading = page.get_by_role("heading", name="IAM user sign in")
        self.password = page.get_by_label("Password", exact=True)
        self.sign_in_button = page.get_by_role("button", name="Sign in", exact=True).or_(
            page.get_by_role("link", name="Sign in", exact=True)
        )
        self.use_root_email = page.get_by_role("link", name="Sign in using root user email")
        # Labelled "Account ID or alias (Don't have?)" on the 2026 page.
        self.account_field = page.get_by_label(re.compile(r"^Account ID or alias")).or_(
            page.locator("#account")
        )
        self.iam_user_name = page.get_by_label("IAM username")
        self.mfa_heading = page.get_by_role("heading", name="Multi-factor authentication")
        self.mfa_code = page.get_by_label("MFA code").or_(page.locator('input[autocomplete="one-time-code"]'))
        # The MFA form's own button (a feedback dialog on that page has a "Submit" of its own).
        mfa_form = page.locator("form").filter(has=self.mfa_code)
        self.submit = page.locator("#submitMfa_button").or_(
            mfa_form.get_by_role("button", name=MFA_SUBMIT_NAME)
        )
        self.skip_password_change = page.get_by_role("link", name="Skip and continue to sign in")
        self.choose_session_heading = page.get_by_role("heading", name="Choose your AWS session")
        # A session card's link, never "Sign in to new session".
        self.first_session = (
            page.locator('[data-testid^="card-"]')
            .get_by_role("link")
            .or_(page.get_by_role("link", name=SESSION_CARD_NAME))
            .first
        )
        self.error = errors(page, SIGN_IN_ERROR_RE)
        self.pages_seen: list[str] = []  # the sign-in pages answered, in order (doctor shows them)

    # -- the state machine ------------------------------------------------------------------------

    def sign_in(self, who: Credentials, console_reached: Locator, *, person_present: bool) -> None:
        """Sign in from whatever sign-in page shows until ``console_reached`` is visible."""
        step = "Sign in as the root user" if who.is_root else "Sign in as an IAM user"
        acted: set[str] = set()
        last: str | None = None
        states: dict[str, tuple[Locator, Callable[[], None]]] = {
            "console": (console_reached, lambda: None),
            "captcha": (self.captcha, lambda: self._captcha(step, person_present)),
            "mfa": (self.mfa_heading, lambda: self._mfa(who)),
            "expired-password": (self.skip_password_change, self.skip_password_change.click),
            "choose-session": (self.choose_session_heading, self.first_session.click),
            "root-password": (self.root_heading, lambda: self._password(who)),
            "iam-sign-in": (self.iam_heading, lambda: self._iam_user(who)),
            "choose-user-type": (self.next_button, lambda: self._identify(who)),
        }
        if console_reached.is_visible():  # a saved session: no sign-in page at all, no need to look for one
            return
        for _ in range(MAX_SIGN_IN_PAGES):
            # The page just answered stays on screen until the next one loads: never re-detect it.
            waiting = {name: value for name, value in states.items() if name != last or name == "captcha"}
            state = self._wait_for_state(step, waiting)
            if state == "console":
                return
            if state in acted and state not in ("captcha",):
                raise RefusedError(
                    step=step,
                    reason=f"AWS showed the {state.replace('-', ' ')} page again after it was answered.",
                    fix=AUTH_FAILED_FIX,
                )
            acted.add(state)
            last = state
            self.pages_seen.append(state.replace("-", " "))
            states[state][1]()
        raise StepError(
            step=step,
            reason="sign-in did not reach the console after many pages.",
            fix="Rerun with --headed to see which page AWS keeps showing.",
        )

    def _wait_for_state(self, step: str, states: dict[str, tuple[Locator, Callable[[], None]]]) -> str:
        combined = self.error
        for locator, _ in states.values():
            combined = combined.or_(locator)
        expect(combined.first).to_be_visible()
        if self.error.count() and self.error.first.is_visible():
            text = ". ".join(
                " ".join(line.split()) for line in self.error.first.inner_text().splitlines() if line.strip()
            )
            raise RefusedError(step=step, reason=f"AWS rejected the sign-in: {text}", fix=AUTH_FAILED_FIX)
        for name, (locator, _) in states.items():  # dict order = priority
            if locator.first.is_visible():
                return name
        return self._wait_for_state(step, states)  # the page changed between the two checks

    # -- one action per page ----------------------------------------------------------------------

    def _identify(self, who: Credentials) -> None:
        if who.is_root:
            if self.use_root_email.is_visible():
                self.use_root_email.click()
            self.root_user_choice.first.check()
            self.identifier.fill(who.email)
        else:
            self.iam_user_choice.first.check()
            if self.iam_user_name.is_visible():  # one page: account, user name and password, no Next
                self._iam_user(who)
                return
            self.identifier.fill(who.account)
        self.next_button.click()

    def _password(self, who: Credentials) -> None:
        self.password.fill(who.password)
        self.sign_in_button.first.click()

    def _iam_user(self, who: Credentials) -> None:
        account = self.account_field.first
        if account.count() and not account.input_value():
            account.fill(who.account)
        self.iam_user_name.fill(who.user)
        self.password.fill(who.password)
        self.sign_in_button.first.click()

    def _mfa(self, who: Credentials) -> None:
        self.mfa_code.fill(who.mfa_code())
        self.submit.first.click()

    def _captcha(self, step: str, person_present: bool) -> None:
        if not person_present:
            raise RefusedError(
                step=step,
                reason="AWS asked for a security check (CAPTCHA), which only a person can solve.",
                fix="Rerun with --headed and solve it in the browser window; the tool waits for you.",
            )
        print(
            f"\n>>> AWS shows a security check. Solve it in the browser window (waiting up to "
            f"{CAPTCHA_WAIT_MS // 60000} minutes) ...",
            file=sys.stderr,
            flush=True,
        )
        try:
            expect(self.captcha).to_be_hidden(timeout=CAPTCHA_WAIT_MS)
        except AssertionError:
            raise RefusedError(
                step=step,
                reason="the security check was not solved in time.",
                fix="Rerun with --headed and solve the check when it shows.",
            ) from None
