"""The faults issue 8 added, at the router: what each one does to the API and the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from automation.replica import KNOWN_FAULTS, Replica
from automation.replica.faults import ROUTER_FAULTS, SLOW_DELAY, THROTTLE_BURST, describe_faults
from automation.replica.shell import render_shell

from .helpers import CONSOLE, SIGNIN, ApiClient, totp_now

ReplicaFactory = Callable[..., Replica]
ISSUE_FAULTS = (
    "slow",
    "create-500",
    "create-timeout",
    "throttle",
    "download-drop",
    "session-expired",
    "captcha",
    "mfa-rejected",
    "label-drift",
    "two-keys",
)


def test_every_fault_of_the_issue_is_known_and_described() -> None:
    listed = describe_faults()
    for name in ISSUE_FAULTS:
        assert name in KNOWN_FAULTS and f"  {name} " in listed


def test_create_500_creates_nothing(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("create-500"))
    client.sign_in_root()
    failed = client.post("access-keys")
    assert failed.status == 500 and "secretAccessKey" not in failed.body.decode()
    assert client.get("access-keys").json()["accessKeys"] == []
    assert client.replica.created_key_ids == []
    assert client.post("access-keys").status == 200  # only the first create fails


def test_create_timeout_commits_and_never_answers(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("create-timeout"))
    client.sign_in_root()
    lost = client.post("access-keys")
    assert lost.lost and b"secretAccessKey" not in lost.body
    [created] = client.replica.created_key_ids
    assert [k["accessKeyId"] for k in client.get("access-keys").json()["accessKeys"]] == [created]
    assert not client.post("access-keys").lost


def test_slow_delays_pages_assets_and_api(make_replica: ReplicaFactory) -> None:
    replica = make_replica("slow")
    for url in (f"{SIGNIN}/signin", f"{CONSOLE}/__replica/api/session", f"{CONSOLE}/favicon.ico"):
        assert replica.handle("GET", url, {}).delay == pytest.approx(SLOW_DELAY), url


def test_throttle_refuses_each_table_read_twice_then_answers(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("throttle"))
    client.sign_in_root()
    answers = [client.get("access-keys") for _ in range(THROTTLE_BURST + 1)]
    assert [a.status for a in answers] == [429] * THROTTLE_BURST + [200]
    assert answers[0].json()["error"] == {"code": "ThrottlingException", "message": "Rate exceeded"}
    assert client.get("users").status == 200  # only the Access keys table is throttled
    assert client.post("access-keys").status == 200  # never a write


def test_throttle_spares_the_iam_dashboard_count(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("throttle"))
    assert client.sign_in_iam().json()["next"] == "done"
    assert client.get("access-keys").status == 200  # the dashboard hides errors: not throttled
    assert client.get("access-keys?userName=course-author").status == 429


def test_download_drop_announces_more_than_it_sends(make_replica: ReplicaFactory) -> None:
    replica = make_replica("download-drop")
    answer = replica.handle("GET", f"{CONSOLE}/__replica/download/access-keys.csv", {})
    assert answer.declared_length is not None and answer.declared_length > len(answer.body)
    assert answer.body.startswith(b"Access key ID,") and answer.body[-1:] == b"\n"
    assert "attachment" in (answer.header("content-disposition") or "")
    shell = render_shell("/iam/home", {"faults": ["download-drop"]})
    assert "/__replica/download/" in shell
    assert "/__replica/download/" not in render_shell("/iam/home", {"faults": []})
    unfaulted = make_replica().handle("GET", f"{CONSOLE}/__replica/download/access-keys.csv", {})
    assert unfaulted.abort


def test_mfa_rejected_refuses_the_right_code(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("mfa-rejected"))
    assert client.sign_in_iam().json() == {"next": "mfa"}  # IAM users get an MFA device too
    refused = client.signin("mfa", {"code": totp_now()})
    assert (refused.status, refused.json()["error"]["code"]) == (401, "MfaFailure")
    assert client.get("session").status == 401


def test_session_expires_at_the_first_iam_page_once(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("session-expired"))
    client.sign_in_root()
    home = client.request("GET", f"{CONSOLE}/console/home?region=us-east-1")
    assert home.status == 200
    iam = client.request("GET", f"{CONSOLE}/iam/home")
    assert iam.status == 302 and iam.header("location").startswith(f"{SIGNIN}/signin?")
    assert client.get("session").status == 401  # revoked, not just redirected
    client.sign_in_root()  # signing in again works, and the page opens this time
    assert client.request("GET", f"{CONSOLE}/iam/home").status == 200


def test_router_faults_are_known() -> None:
    assert KNOWN_FAULTS.keys() >= ROUTER_FAULTS
