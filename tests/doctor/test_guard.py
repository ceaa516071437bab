"""In doctor mode the browser blocks every request that would create, delete or update an access key.

The browser test clicks the key-creating button itself, on the replica, with the guard attached as doctor
attaches it: the replica's own record shows no key was made, and the guard names the blocked request.
"""

from __future__ import annotations

import pytest
from audit.conftest import CONSOLE, sign_in  # tests/ is on sys.path (rootdir-relative packages)
from playwright.sync_api import Browser, expect

from automation.context import new_deterministic_context
from automation.doctor.guard import KeyChangeGuard, is_key_change
from automation.pages import Console
from automation.replica import FakeIam, Replica

BLOCKED = [
    ("POST", "https://us-east-1.console.aws.amazon.com/__replica/api/access-keys", {}, b'{"userName": "a"}'),
    (
        "DELETE",
        "https://us-east-1.console.aws.amazon.com/__replica/api/access-keys/AKIA1?userName=a",
        {},
        b"",
    ),
    ("POST", "https://c.aws.amazon.com/__replica/api/access-keys/AKIA1/status", {}, b'{"status":"Inactive"}'),
    ("POST", "https://iam.amazonaws.com/", {}, b"Action=CreateAccessKey&UserName=a&Version=2010-05-08"),
    ("POST", "https://console.aws.amazon.com/iam/api/x", {}, b'{"operation": "DeleteAccessKey"}'),
    ("POST", "https://console.aws.amazon.com/iam/api/x", {"x-amz-target": "IAM.UpdateAccessKey"}, b"{}"),
    ("PUT", "https://console.aws.amazon.com/iamv2/api/users/a/access-keys", {}, b"{}"),
    ("POST", "https://console.aws.amazon.com/iam/api?action=create_access_key", {}, b""),
]
ALLOWED = [
    ("GET", "https://us-east-1.console.aws.amazon.com/__replica/api/access-keys?userName=a", {}, b""),
    ("POST", "https://iam.amazonaws.com/", {}, b"Action=ListAccessKeys&UserName=a"),
    ("POST", "https://signin.aws.amazon.com/__replica/api/signin/password", {}, b'{"password": "x"}'),
    ("GET", "https://console.aws.amazon.com/iam/api?Action=CreateAccessKey", {}, b""),  # a read never changes
]


@pytest.mark.parametrize(("method", "url", "headers", "body"), BLOCKED)
def test_key_changes_are_recognised(method: str, url: str, headers: dict[str, str], body: bytes) -> None:
    assert is_key_change(method, url, headers, body)


@pytest.mark.parametrize(("method", "url", "headers", "body"), ALLOWED)
def test_everything_else_goes_through(method: str, url: str, headers: dict[str, str], body: bytes) -> None:
    assert not is_key_change(method, url, headers, body)


@pytest.mark.browser
@pytest.mark.parametrize("who", ["root", "iam"])
def test_a_click_on_create_is_blocked_by_the_browser(browser: Browser, who: str) -> None:
    context = new_deterministic_context(browser)
    replica = Replica(FakeIam(seed=0))
    replica.attach(context)
    guard = KeyChangeGuard()
    guard.attach(context)  # as doctor does: after the target, so it sees each request first
    try:
        page = context.new_page()
        console = Console(page)
        sign_in(page, who)
        if who == "root":
            page.goto(f"{CONSOLE}/iam/home#/security_credentials")
            console.root_credentials.wait_loaded()
            console.root_wizard.start()
            wizard = console.root_wizard
        else:
            page.goto(f"{CONSOLE}/iam/home#/users/details/course-author?section=security_credentials")
            console.user_details.access_keys.wait_loaded()
            console.key_wizard.start(use_case="Local code", description="")
            wizard = console.key_wizard
        wizard.create_access_key()  # what doctor never does: the request must die in the browser
        expect(page.get_by_text("Access key not created")).to_be_visible()
        assert replica.created_key_ids == []
        assert (
            FakeIam is not None
            and replica.iam.list_access_keys(None if who == "root" else "course-author") == []
        )
        assert len(guard.blocked) == 1 and guard.blocked[0].startswith("POST ")
        assert guard.blocked[0].endswith("/__replica/api/access-keys")
    finally:
        context.close()
