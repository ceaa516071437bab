"""Every sign-in branch against the replica, through the page objects, in pytest-playwright's context."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from automation import urls
from automation.errors import RefusedError
from automation.pages import Console
from automation.pages.current.signin import Credentials
from automation.targets import ReplicaTarget

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ROOT = Credentials(email="root@example.com", password="replica-root-Passw0rd", mfa_code=pyotp.TOTP(SEED).now)
IAM = Credentials(account="123456789012", user="course-author", password="replica-iam-Passw0rd",
                  mfa_code=pyotp.TOTP(SEED).now)


@pytest.fixture
def open_replica(context: BrowserContext, page: Page) -> Callable[..., Console]:
    """Attach a replica with the given faults to the test's context; returns the page objects."""

    def attach(*faults: str) -> Console:
        target = ReplicaTarget(frozenset(faults))
        target.attach(context, "root")
        page.set_default_timeout(10_000)
        return Console(page)

    return attach


def sign_in_root(console: Console, who: Credentials = ROOT, *, person_present: bool = False) -> None:
    console.page.goto(urls.CONSOLE_HOME)
    console.sign_in.sign_in(who, console.top_bar.console_home, person_present=person_present)


@pytest.mark.parametrize("faults", [(), ("legacy-signin",), ("expired-password",), ("choose-session",),
                                    ("legacy-signin", "expired-password", "choose-session")])
def test_root_sign_in_variants(open_replica, faults: tuple[str, ...]) -> None:
    console = open_replica(*faults)
    sign_in_root(console)
    expect(console.top_bar.console_home).to_be_visible()


@pytest.mark.parametrize("faults", [(), ("legacy-signin",), ("iam-mfa",)])
def test_iam_user_sign_in_variants(open_replica, faults: tuple[str, ...]) -> None:
    console = open_replica(*faults)
    console.page.goto(urls.iam_user_signin("123456789012"))
    console.sign_in.sign_in(IAM, console.top_bar.console_home, person_present=False)
    expect(console.top_bar.account_menu_button).to_contain_text("course-author")


def test_iam_user_from_the_generic_sign_in_page(open_replica) -> None:
    console = open_replica()
    console.page.goto(urls.CONSOLE_HOME)  # the generic page: choose IAM user, account, Next
    console.sign_in.sign_in(IAM, console.top_bar.console_home, person_present=False)
    expect(console.top_bar.console_home).to_be_visible()


def test_wrong_password_is_refused_once(open_replica, context: BrowserContext) -> None:
    console = open_replica()
    posts: list[str] = []
    context.on("request", lambda r: posts.append(r.url) if "signin/password" in r.url else None)
    wrong = Credentials(email=ROOT.email, password="wrong-password", mfa_code=ROOT.mfa_code)
    with pytest.raises(RefusedError, match="incorrect"):
        sign_in_root(console, wrong)
    assert len(posts) == 1, "a rejected password must never be sent twice"


def test_wrong_mfa_code_is_refused(open_replica) -> None:
    console = open_replica()
    wrong = Credentials(email=ROOT.email, password=ROOT.password, mfa_code=lambda: "000000")
    with pytest.raises(RefusedError):
        sign_in_root(console, wrong)


def test_captcha_headless_stops_with_headed_advice(open_replica) -> None:
    console = open_replica("captcha")
    with pytest.raises(RefusedError, match="--headed"):
        sign_in_root(console)


def test_captcha_headed_waits_for_the_person(open_replica, page: Page) -> None:
    console = open_replica("captcha")
    # The "person": whenever the security check shows, type the characters and submit.
    guess = page.locator("#captchaGuess")

    def person_solves() -> None:
        guess.fill("replica")
        page.get_by_role("button", name="Submit").click()

    page.add_locator_handler(guess, person_solves)
    sign_in_root(console, person_present=True)
    expect(console.top_bar.console_home).to_be_visible()


def test_saved_session_is_reused_and_expiry_detected(browser, tmp_path: Path) -> None:
    from automation.context import new_deterministic_context
    from automation.saved_session import save_session, usable_session

    state = tmp_path / "keys" / "sessions" / "replica-root.json"
    target = ReplicaTarget()
    first = new_deterministic_context(browser)
    target.attach(first, "root")
    console = Console(first.new_page())
    sign_in_root(console)
    console.page.evaluate("localStorage.setItem('awsc-color-theme', 'light')")
    (tmp_path / "keys").mkdir(mode=0o700)
    # Playwright's storage_state() would open a hidden page to read the sign-in origin's storage; the
    # browser's own target list shows such a page even though Playwright does not report it.
    cdp = browser.new_browser_cdp_session()
    created: list[str] = []
    cdp.send("Target.setDiscoverTargets", {"discover": True})
    cdp.send("Target.getTargets")  # the events for the targets that already exist have arrived
    cdp.on("Target.targetCreated", lambda event: created.append(event["targetInfo"]["type"]))
    save_session(console.page, state)
    cdp.send("Target.getTargets")
    assert "page" not in created, "saving reads the open page; it opens no page to visit other origins"
    cdp.detach()
    first.close()
    assert state.stat().st_mode & 0o777 == 0o600
    saved = json.loads(state.read_text())
    assert any(cookie["name"] == "aws-replica-session" for cookie in saved["cookies"])
    assert saved["origins"] == [
        {"origin": urls.CONSOLE_ORIGIN, "localStorage": [{"name": "awsc-color-theme", "value": "light"}]}
    ]

    second = new_deterministic_context(browser, storage_state=usable_session(state))
    target.attach(second, "root")
    page = second.new_page()
    page.goto(urls.CONSOLE_HOME)
    expect(Console(page).top_bar.console_home).to_be_visible()  # no sign-in page on the way
    assert "signin" not in page.url
    assert page.evaluate("localStorage.getItem('awsc-color-theme')") == "light"
    second.close()

    expired = ReplicaTarget(frozenset({"session-expired"}))
    third = new_deterministic_context(browser, storage_state=usable_session(state))
    expired.attach(third, "root")
    console = Console(third.new_page())
    console.page.goto(urls.CONSOLE_HOME)
    expect(console.sign_in.root_user_choice.or_(console.sign_in.next_button).first).to_be_visible()
    sign_in_root(console)  # signs in again after the redirect
    expect(console.top_bar.console_home).to_be_visible()
    third.close()
