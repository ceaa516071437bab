"""Record a root session on the replica (sign-in, key list, Create, key list), then replay it offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from automation.har import HarRecorder, HarReplayRouter, find_leaks
from automation.replica import FakeIam, NewAccessKey, Replica, ReplicaAccount

from .helpers import CONSOLE

pytestmark = pytest.mark.browser

ACCOUNT = ReplicaAccount()
KEY_ID = re.compile(r"\bAKIA[A-Z2-7]{16}\b")
ROOT_KEY_ACK = (
    "I understand creating a root access key is not a best practice, but I still want to create one."
)


def key_ids(page: Page) -> list[str]:
    """Key ids in the Access keys table, once it has loaded."""
    expect(page.get_by_role("heading", name=re.compile(r"^Access keys \(\d+\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Loading access keys"))).to_have_count(0)
    text = " ".join(page.get_by_role("row").all_inner_texts())
    return list(dict.fromkeys(KEY_ID.findall(text)))


def root_session(context: BrowserContext, password: str, mfa_code: str) -> tuple[list[str], list[str]]:
    """Sign in as root, read the key list, create a key, read the list again (locators from
    docs/replica.md, which the real console also satisfies)."""
    page = context.new_page()
    page.goto(f"{CONSOLE}/console/home?region=us-east-1")
    page.get_by_role("radio", name="Root user").check()
    page.get_by_label("Root user email address").fill(ACCOUNT.root_email)
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Root user sign in")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Multi-factor authentication")).to_be_visible()
    page.get_by_label("MFA code").fill(mfa_code)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("heading", name="Console Home")).to_be_visible()

    page.goto(f"{CONSOLE}/iam/home#/security_credentials")
    expect(page.get_by_role("heading", name="My security credentials (root user)")).to_be_visible()
    before = key_ids(page)
    page.get_by_test_id("create-access-key").click()  # the header's (the empty state has another)
    page.get_by_role("checkbox", name=ROOT_KEY_ACK).check()
    page.get_by_role("button", name="Create access key", exact=True).click()
    expect(page.get_by_role("heading", name="Retrieve access key", exact=True)).to_be_visible()
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("heading", name="My security credentials (root user)")).to_be_visible()
    return before, key_ids(page)


def test_replica_session_records_scrubbed_and_replays_in_order(browser: Browser, tmp_path: Path) -> None:
    iam = FakeIam(seed=0)
    created: list[NewAccessKey] = []
    create = iam.create_access_key

    def keep_secret(*args: Any, **kwargs: Any) -> NewAccessKey:
        created.append(create(*args, **kwargs))
        return created[-1]

    iam.create_access_key = keep_secret  # type: ignore[method-assign]
    target = tmp_path / "root-create-key.har"
    with HarRecorder(target, known_secrets=[ACCOUNT.root_password, ACCOUNT.root_mfa_seed]) as recorder:
        context = browser.new_context(**recorder.context_options())
        try:
            recorder.attach(context)
            Replica(iam).attach(context)
            recorded = root_session(context, ACCOUNT.root_password, pyotp.TOTP(ACCOUNT.root_mfa_seed).now())
        finally:
            context.close()
        recorder.finish()

    [new_key] = created
    assert recorded[1] == [*recorded[0], new_key.access_key_id]
    text = target.read_text()
    for value in (ACCOUNT.root_password, new_key.access_key_id, new_key.secret_access_key, *recorded[0]):
        assert value not in text
    assert find_leaks(json.loads(text)) == []

    router = HarReplayRouter(target)
    context = browser.new_context(**router.context_options())
    try:
        router.attach(context)
        replayed = root_session(context, "a-different-live-password", "000000")
    finally:
        context.close()

    assert router.unmatched == []
    assert [len(ids) for ids in replayed] == [len(ids) for ids in recorded]
    assert all(
        key_id.startswith("AKIARED") and key_id.endswith("EXAMPLE") for ids in replayed for key_id in ids
    )
    assert replayed[1][: len(replayed[0])] == replayed[0]
