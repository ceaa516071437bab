"""Playwright traces of a real sign-in and key creation: the raw trace holds the secrets (positive
control), the scrubbed one holds none of them, and a trace that cannot be cleaned is deleted."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from automation import urls
from automation.leakscan import LeakScanner, Secret
from automation.pages import Console, Credentials
from automation.replica import FakeIam, Replica, ReplicaAccount
from automation.tracing import FlowTrace, scrub_trace_zip

ACCOUNT = ReplicaAccount()


def create_key_with_secret_shown(context: BrowserContext, page: Page) -> tuple[Replica, str]:
    """Sign in as root, create a key, reveal its secret on the Retrieve page; return the secret."""
    replica = Replica(FakeIam(seed=0))
    replica.attach(context)
    console = Console(page)
    page.goto(urls.CONSOLE_HOME)
    totp = pyotp.TOTP(ACCOUNT.root_mfa_seed)
    console.sign_in.sign_in(
        Credentials(password=ACCOUNT.root_password, mfa_code=totp.now, email=ACCOUNT.root_email),
        console_reached=console.top_bar.console_home,
        person_present=False,
    )
    console.root_credentials.open()
    console.root_credentials.access_keys.create_button.click()
    console.root_wizard.acknowledge_risk()
    console.root_wizard.create_access_key()
    console.root_wizard.wait_for_new_key()
    page.get_by_test_id("show-password").click()  # the secret is now in the DOM the snapshots keep
    [key_id] = replica.created_key_ids
    secret = replica.created_secrets[key_id]
    expect(page.get_by_text(secret)).to_be_visible()
    return replica, secret


def secrets_of(replica: Replica, secret: str) -> list[Secret]:
    return [
        Secret("secret access key", secret),
        Secret("password", ACCOUNT.root_password),
        Secret("MFA seed", ACCOUNT.root_mfa_seed),
        Secret("account id", ACCOUNT.account_id),
        *(Secret("session cookie", token) for token in replica.sessions.issued),
    ]


def test_scrubbing_removes_what_the_raw_trace_holds(
    context: BrowserContext, page: Page, tmp_path: Path
) -> None:
    trace = FlowTrace(context, "root", tmp_path)
    trace.start()
    replica, secret = create_key_with_secret_shown(context, page)
    raw, clean = tmp_path / "raw.zip", tmp_path / "clean.zip"
    cookies = [cookie["value"] for cookie in context.cookies()]
    context.tracing.stop(path=raw)
    scanner = LeakScanner(secrets_of(replica, secret), ocr=False)
    raw_labels = {f.label for f in scanner.scan_file(raw)}
    # Positive control: the snapshots and network of a raw trace do hold these.
    assert {"secret access key", "password", "account id", "session cookie"} <= raw_labels
    # The scrubber knows what the run knows (settings, cookies) but not the key's secret: that one is
    # found by its shape and name (as when a run never learned it, e.g. create-timeout). The replica's
    # account id is AWS's documentation example, which shapes alone leave alone: it is a known value.
    scrub_trace_zip(raw, clean, [ACCOUNT.root_password, ACCOUNT.account_id, *cookies])
    assert scanner.scan_file(clean) == []
    with zipfile.ZipFile(clean) as archive:
        names = archive.namelist()
        snapshots = archive.read("trace.trace").decode()
    assert "trace.network" in names and not any(n.endswith((".png", ".jpeg")) for n in names)
    assert "Retrieve access key" in snapshots  # still a useful trace of the page


def test_flow_trace_keeps_a_clean_trace(context: BrowserContext, page: Page, tmp_path: Path) -> None:
    trace = FlowTrace(context, "root", tmp_path)
    trace.start()
    replica, secret = create_key_with_secret_shown(context, page)
    kept = trace.keep(tmp_path / "failures", [ACCOUNT.root_password, ACCOUNT.account_id])
    assert kept.path == tmp_path / "failures" / "root-trace.zip" and kept.remark == ""
    assert LeakScanner(secrets_of(replica, secret), ocr=False).scan_file(kept.path) == []
    assert [p.name for p in kept.path.parent.iterdir()] == ["root-trace.zip"]  # no temp file left


def test_a_trace_that_stays_dirty_is_deleted(
    context: BrowserContext, page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("automation.tracing.scrub_trace_zip", lambda raw, target, _: shutil.copy(raw, target))
    trace = FlowTrace(context, "root", tmp_path)
    trace.start()
    _, secret = create_key_with_secret_shown(context, page)
    kept = trace.keep(tmp_path / "failures", [ACCOUNT.root_password, secret])
    assert kept.path is None and "deleted" in kept.remark and "secret survived" in kept.remark
    assert secret not in kept.remark and ACCOUNT.root_password not in kept.remark
    assert list((tmp_path / "failures").iterdir()) == []


def _events(trace_zip: Path) -> set[str]:
    import json

    with zipfile.ZipFile(trace_zip) as archive:
        lines = archive.read("trace.trace").decode().splitlines()
    return {json.loads(line).get("type", "") for line in lines if line.strip()}


def test_a_run_trace_without_snapshots_is_cheap_and_still_clean(
    context: BrowserContext, page: Page, tmp_path: Path
) -> None:
    """What every run records (a failure keeps it): actions and network, no DOM snapshots and no
    response bodies; --trace adds both."""
    trace = FlowTrace(context, "root", tmp_path, snapshots=False)
    trace.start()
    replica, secret = create_key_with_secret_shown(context, page)
    # As the runner does: every secret the run knows, the downloaded key's included. (This test's own
    # expect(get_by_text(secret)) puts the secret in the action log, where only that knowledge finds it.)
    kept = trace.keep(tmp_path / "failures", [ACCOUNT.root_password, ACCOUNT.account_id, secret])
    assert kept.path is not None, kept.remark
    events = _events(kept.path)
    assert "frame-snapshot" not in events and {"before", "after"} <= events  # the actions, no DOM
    with zipfile.ZipFile(kept.path) as archive:
        names = archive.namelist()
    assert "trace.network" in names
    assert not any(name.startswith("resources/") for name in names)  # no bodies: no create answer
    assert LeakScanner(secrets_of(replica, secret), ocr=False).scan_file(kept.path) == []


def test_a_trace_with_snapshots_keeps_the_dom(context: BrowserContext, page: Page, tmp_path: Path) -> None:
    trace = FlowTrace(context, "root", tmp_path, snapshots=True)
    trace.start()
    create_key_with_secret_shown(context, page)
    kept = trace.keep(tmp_path / "traces", [ACCOUNT.root_password, ACCOUNT.account_id])
    assert kept.path is not None and "frame-snapshot" in _events(kept.path)
