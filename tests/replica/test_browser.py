"""The router attached to real Chromium contexts: cookies, redirects, aborts, slow-api, threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from automation.browser import launch_chromium
from automation.replica import FakeIam, Replica
from automation.replica.shell import bundle_for
from automation.resources import replica_dist

from .helpers import ACCOUNT, CONSOLE, ROOT_PASSWORD, SIGNIN, totp_now

pytestmark = pytest.mark.browser
ReplicaFactory = Callable[..., Replica]

POST_JSON = """async ([url, body]) => {
  const r = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'},
                              body: JSON.stringify(body)});
  return {status: r.status, body: await r.json()};
}"""
GET_JSON = "async (url) => { const r = await fetch(url); return {status: r.status, body: await r.json()}; }"


def sign_in_root(page: Page) -> dict:
    """Root sign-in through the API from inside the page (cookies set by the browser)."""
    page.goto(f"{SIGNIN}/signin")
    api = "/__replica/api/signin/"
    page.evaluate(POST_JSON, [api + "identify", {"userType": "rootUser", "identifier": ACCOUNT.root_email}])
    step = page.evaluate(
        POST_JSON,
        [api + "password", {"userType": "rootUser", "email": ACCOUNT.root_email, "password": ROOT_PASSWORD}],
    )
    assert step["body"] == {"next": "mfa"}
    return page.evaluate(POST_JSON, [api + "mfa", {"code": totp_now()}])


def test_shell_boots_the_bundle(make_replica: ReplicaFactory, context: BrowserContext, page: Page) -> None:
    replica = make_replica("label-drift")
    replica.attach(context)
    page.goto(f"{SIGNIN}/signin")
    assert page.evaluate("window.__booted") is True
    assert page.evaluate("window.__bundle") == "signin"  # the sign-in pages load their own small bundle
    assert page.evaluate("window.__REPLICA__.faults") == ["label-drift"]
    assert replica.unknown_requests == []


@pytest.mark.parametrize(
    ("path", "bundle"),
    [
        ("/signin", "signin"),
        ("/signin/", "signin"),
        ("/signin/v2/password", "signin"),
        ("/oauth", "signin"),
        ("/console", "signin"),
        ("/console/", "signin"),
        ("/console/home", "replica"),
        ("/iam/home", "replica"),
        ("/signinx", "replica"),
    ],
)
def test_each_page_gets_the_bundle_that_draws_it(path: str, bundle: str) -> None:
    """The shell's choice matches the bundles' own routing (src/signin/pages.jsx, src/index.jsx)."""
    assert bundle_for(path) == bundle


def test_sign_in_page_loads_only_its_own_bundle(context: BrowserContext, page: Page) -> None:
    """With the real bundles: signin.js draws the sign-in page, and the console bundle is never fetched."""
    replica = Replica(FakeIam(seed=0), assets_dir=replica_dist())
    replica.attach(context)
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{SIGNIN}/signin")
    expect(page.get_by_role("button", name="Next")).to_be_visible()
    assert "/__replica/assets/signin.js" in fetched
    assert not [path for path in fetched if path.startswith("/__replica/assets/replica.")]
    assert replica.unknown_requests == []


def open_account_menu_item(page: Page, name: str) -> None:
    from automation.pages.choices import clickable
    from automation.pages.current.console import TopBar

    top = TopBar(page)
    top.account_menu_button.click()
    clickable(top.account_menu, name).first.click()


def test_console_links_open_iam_in_place(context: BrowserContext, page: Page) -> None:
    """Console Home → IAM keeps the document (bundle, styles, fonts) but changes URL, title and page."""
    replica = Replica(FakeIam(seed=0), assets_dir=replica_dist())
    replica.attach(context)
    sign_in_root(page)
    page.goto(f"{CONSOLE}/console/home?region=us-east-1")
    expect(page.get_by_role("heading", name="Console Home")).to_be_visible()  # "Console home" (any case)
    page.evaluate("window.__sameDocument = true")
    documents: list[str] = []
    page.on("request", lambda request: request.resource_type == "document" and documents.append(request.url))

    open_account_menu_item(page, "Security credentials")
    expect(page.get_by_role("heading", name="My security credentials (root user)")).to_be_visible()
    assert page.url == f"{CONSOLE}/iam/home?region=us-east-1#/security_credentials"
    assert page.title() == "IAM | Global"
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("window.__REPLICA__.session.type") == "root"  # the shell's globals stay readable
    assert documents == []

    page.go_back()  # to another page of the bundle: loaded, as the real console does
    expect(page.get_by_role("heading", name="Console Home")).to_be_visible()
    assert page.url == f"{CONSOLE}/console/home?region=us-east-1"
    assert documents == [page.url]
    assert replica.unknown_requests == []


def test_in_place_link_follows_the_page_load_to_signin(
    iam: FakeIam, context: BrowserContext, page: Page
) -> None:
    """`session-expired` ends the session at the first IAM page: the in-place link lands on sign-in too."""
    Replica(iam, faults=frozenset({"session-expired"}), assets_dir=replica_dist()).attach(context)
    sign_in_root(page)  # signed in during this run: the fault spares it until the first IAM page
    page.goto(f"{CONSOLE}/console/home?region=us-east-1")
    documents: list[str] = []
    page.on("request", lambda request: request.resource_type == "document" and documents.append(request.url))
    open_account_menu_item(page, "Security credentials")
    page.wait_for_url(f"{SIGNIN}/signin?**")
    assert [urlsplit(url).path for url in documents] == ["/signin"]  # straight there, not via /iam/home
    query = parse_qs(urlsplit(page.url).query)
    assert query["redirect_uri"] == [f"{CONSOLE}/iam/home?region=us-east-1"]
    assert urlsplit(page.url).fragment == "/security_credentials"
    expect(page.get_by_role("button", name="Next")).to_be_visible()


def test_set_cookie_is_applied_and_survives_storage_state(
    make_replica: ReplicaFactory, context: BrowserContext, page: Page, browser: Browser
) -> None:
    replica = make_replica()
    replica.attach(context)
    done = sign_in_root(page)
    assert done["body"]["next"] == "done"
    cookie = next(c for c in context.cookies() if c["name"] == "aws-replica-session")
    assert (cookie["domain"], cookie["path"], cookie["secure"], cookie["httpOnly"]) == (
        ".amazon.com",
        "/",
        True,
        True,
    )
    page.goto(done["body"]["redirect"])
    assert page.url == f"{CONSOLE}/console/home?region=us-east-1"
    assert page.evaluate("window.__REPLICA__.session.type") == "root"

    state = context.storage_state()
    reused = browser.new_context(storage_state=state)
    try:
        Replica(replica.iam, assets_dir=replica.assets.dist).attach(reused)  # a later run
        again = reused.new_page()
        again.goto(f"{CONSOLE}/iam/home#/security_credentials")
        assert again.evaluate("window.__REPLICA__.session.email") == "root@example.com"
    finally:
        reused.close()


def test_signed_out_navigation_lands_on_signin(
    make_replica: ReplicaFactory, context: BrowserContext, page: Page
) -> None:
    replica = make_replica()
    replica.attach(context)
    page.goto("https://console.aws.amazon.com/iam/home?region=us-east-1")
    page.wait_for_url(f"{SIGNIN}/signin?**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["redirect_uri"] == [f"{CONSOLE}/iam/home?region=us-east-1"]
    assert page.evaluate("window.__REPLICA__.session") is None
    assert replica.unknown_requests == []


def test_redirect_keeps_the_fragment_like_a_real_302(
    make_replica: ReplicaFactory, context: BrowserContext, page: Page
) -> None:
    make_replica().attach(context)
    page.goto(f"{CONSOLE}/iam/home#/security_credentials")
    page.wait_for_url(f"{SIGNIN}/signin?**")
    assert urlsplit(page.url).fragment == "/security_credentials"


def test_unknown_request_is_aborted_and_recorded(
    make_replica: ReplicaFactory, context: BrowserContext, page: Page
) -> None:
    replica = make_replica()
    replica.attach(context)
    page.goto(f"{SIGNIN}/signin")
    outcome = page.evaluate(
        "fetch('https://example.com/beacon').then(() => 'answered', e => 'failed: ' + e.message)"
    )
    assert outcome.startswith("failed")
    assert replica.unknown_requests == ["GET https://example.com/beacon"]
    with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto(f"{CONSOLE}/billing/home")
    assert replica.unknown_requests[-1] == f"GET {CONSOLE}/billing/home"


def test_slow_api_does_not_block_other_requests(
    make_replica: ReplicaFactory, context: BrowserContext, page: Page
) -> None:
    make_replica("slow-api").attach(context)
    page.goto(f"{SIGNIN}/signin")
    started = time.monotonic()
    statuses = page.evaluate(
        "Promise.all([1, 2, 3].map(() => fetch('/__replica/api/session').then(r => r.status)))"
    )
    elapsed = time.monotonic() - started
    assert statuses == [401, 401, 401]
    assert 1.4 <= elapsed < 2.8, elapsed  # three delayed answers in parallel, not one after another

    other = context.new_page()
    page.evaluate("window.pending = fetch('/__replica/api/session')")  # delayed 1.5 s
    started = time.monotonic()
    other.goto(f"{SIGNIN}/signin")  # a page (not API) answer meanwhile, same context and thread
    assert time.monotonic() - started < 1.0
    assert page.evaluate("window.pending.then(r => r.status)") == 401


def test_two_threads_share_one_fake_iam(iam: FakeIam, dist: Path) -> None:
    replica = Replica(iam, faults=frozenset({"slow-api"}), assets_dir=dist)
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                try:
                    context = browser.new_context()
                    replica.attach(context)
                    page = context.new_page()
                    sign_in_root(page)
                    page.goto(f"{CONSOLE}/console/home?region=us-east-1")
                    results[name] = page.evaluate(POST_JSON, ["/__replica/api/access-keys", {}])["status"]
                finally:
                    browser.close()
        except Exception as error:  # surfaced by the assertion below
            results[name] = error

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(f"t{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results.values()) == [200, 200], results
    assert len(replica.created_key_ids) == 2
    assert len(iam.list_access_keys(None)) == 2
    assert time.monotonic() - started < 25  # the 1.5 s delays overlap across threads
