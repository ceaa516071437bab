"""A signed-in replica console page for the audit tests: new context per test, the worker's one browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from automation.context import new_deterministic_context
from automation.pages.current.overlays import dismiss_overlays_automatically
from automation.replica import FakeIam, Replica

SIGNIN = "https://signin.aws.amazon.com"
CONSOLE = "https://us-east-1.console.aws.amazon.com"
ACCOUNT = "123456789012"
POST_JSON = """async ([url, body]) => {
  const r = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'},
                              body: JSON.stringify(body)});
  return {status: r.status, body: await r.json()};
}"""


def sign_in(page: Page, who: str) -> None:
    """Sign in through the replica's API from a sign-in page (the browser keeps the cookie)."""
    import pyotp

    page.goto(f"{SIGNIN}/signin")
    api = "/__replica/api/signin/"
    if who == "root":
        page.evaluate(
            POST_JSON, [api + "identify", {"userType": "rootUser", "identifier": "root@example.com"}]
        )
        body = {"userType": "rootUser", "email": "root@example.com", "password": "replica-root-Passw0rd"}
        assert page.evaluate(POST_JSON, [api + "password", body])["body"]["next"] == "mfa"
        code = pyotp.TOTP("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").now()
        assert page.evaluate(POST_JSON, [api + "mfa", {"code": code}])["status"] == 200
    else:
        body = {
            "userType": "iamUser",
            "account": ACCOUNT,
            "username": "course-author",
            "password": "replica-iam-Passw0rd",
        }
        assert page.evaluate(POST_JSON, [api + "password", body])["status"] == 200


ConsolePage = Callable[..., tuple[Page, Replica]]


@pytest.fixture
def console_page(browser: Browser) -> Iterator[ConsolePage]:
    """``console_page(who, path, variants=..., faults=...)``: a signed-in page of the replica at ``path``."""
    contexts = []

    def open_page(
        who: str, path: str, *, variants: frozenset[str] = frozenset(), faults: frozenset[str] = frozenset()
    ) -> tuple[Page, Replica]:
        context = new_deterministic_context(browser)
        contexts.append(context)
        replica = Replica(FakeIam(seed=0), faults=faults, variants=variants)
        replica.attach(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        dismiss_overlays_automatically(page)
        if who:
            sign_in(page, who)
        page.goto(path if path.startswith("https://") else CONSOLE + path)
        return page, replica

    expect.set_options(timeout=15_000)
    yield open_page
    for context in contexts:
        context.close()
