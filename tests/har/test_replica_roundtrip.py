"""Record a root session on the replica (sign-in, key list, Create, key list), then replay it offline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext

from automation import urls
from automation.har import HarRecorder, HarReplayRouter, find_leaks
from automation.pages.current.root_credentials import RootAccessKeyWizard, RootSecurityCredentialsPage
from automation.pages.current.signin import SignInPage
from automation.replica import FakeIam, NewAccessKey, Replica, ReplicaAccount

pytestmark = pytest.mark.browser

ACCOUNT = ReplicaAccount()


def root_session(
    context: BrowserContext, password: str, mfa_code: Callable[[], str]
) -> tuple[list[str], list[str]]:
    """Sign in as root, read the key list, create a key, read the list again."""
    page = context.new_page()
    page.goto(urls.CONSOLE_HOME)
    home = page.get_by_role("heading", name="Console Home")
    SignInPage(page).as_root(ACCOUNT.root_email, password, mfa_code, home)
    credentials = RootSecurityCredentialsPage(page)
    credentials.open()
    before = credentials.access_keys.key_ids()
    credentials.access_keys.create_button.click()
    wizard = RootAccessKeyWizard(page)
    wizard.acknowledge_risk()
    wizard.create_access_key()
    wizard.retrieve.wait_loaded()
    wizard.retrieve.done()
    credentials.wait_loaded()
    return before, credentials.access_keys.key_ids()


def test_replica_session_records_scrubbed_and_replays_in_order(browser: Browser, tmp_path: Path) -> None:
    iam = FakeIam(seed=0)
    created: list[NewAccessKey] = []
    create = iam.create_access_key

    def keep_secret(*args: Any, **kwargs: Any) -> NewAccessKey:
        created.append(create(*args, **kwargs))
        return created[-1]

    iam.create_access_key = keep_secret  # type: ignore[method-assign]
    target = tmp_path / "root-create-key.har"
    recorder = HarRecorder(target, known_secrets=[ACCOUNT.root_password, ACCOUNT.root_mfa_seed])
    context = browser.new_context(**recorder.context_options())
    try:
        recorder.attach(context)
        Replica(iam).attach(context)
        recorded = root_session(context, ACCOUNT.root_password, pyotp.TOTP(ACCOUNT.root_mfa_seed).now)
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
        replayed = root_session(context, "a-different-live-password", lambda: "000000")
    finally:
        context.close()

    assert router.unmatched == []
    assert [len(ids) for ids in replayed] == [len(ids) for ids in recorded]
    assert all(key_id.startswith("AKIAREDACTED") for ids in replayed for key_id in ids)
    assert replayed[1][: len(replayed[0])] == replayed[0]
