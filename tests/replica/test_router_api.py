"""The router's framework-free handler: pages, sessions, the JSON API and router-side faults."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pyotp
import pytest

from automation.replica import KNOWN_FAULTS, FakeIam, Replica

from .helpers import ACCOUNT, CONSOLE, IAM_PASSWORD, ROOT_PASSWORD, SIGNIN, ApiClient, totp_now

ReplicaFactory = Callable[..., Replica]


def shell_globals(html: str) -> dict:
    match = re.search(r"window\.__REPLICA__ = (\{.*?\});</script>", html)
    assert match, html
    return json.loads(match.group(1))


# -- pages, redirects, sessions -------------------------------------------------------------


def test_shell_has_the_contract_shape(make_replica: ReplicaFactory) -> None:
    replica = make_replica("label-drift", "captcha")
    page = replica.handle("GET", f"{SIGNIN}/signin?redirect_uri=x", {})
    html = page.body.decode()
    assert page.status == 200 and page.header("content-type").startswith("text/html")
    assert html.startswith('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>')
    assert '<link rel="stylesheet" href="/__replica/assets/signin.css">' in html  # the sign-in pages' bundle
    assert '<div id="root"></div>' in html
    assert html.rstrip().endswith('<script src="/__replica/assets/signin.js"></script></body></html>')
    data = shell_globals(html)
    assert data["edition"] == "current"
    assert data["faults"] == ["captcha", "label-drift"]
    assert data["hosts"] == {"signin": SIGNIN, "console": CONSOLE}
    assert data["session"] is None


def test_signed_out_console_page_redirects_to_signin(make_replica: ReplicaFactory) -> None:
    replica = make_replica()
    answer = replica.handle("GET", f"{CONSOLE}/iam/home?region=us-east-1", {})
    assert answer.status == 302
    location = urlsplit(answer.header("location"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{SIGNIN}/signin"
    query = parse_qs(location.query)
    assert query["redirect_uri"] == [f"{CONSOLE}/iam/home?region=us-east-1"]
    assert query["client_id"] == ["arn:aws:signin:::console/canvas"]
    assert replica.unknown_requests == []


def test_global_console_redirects_to_region(make_replica: ReplicaFactory) -> None:
    answer = make_replica().handle("GET", "https://console.aws.amazon.com/iam/home?x=1", {})
    assert (answer.status, answer.header("location")) == (302, f"{CONSOLE}/iam/home?x=1")


def test_signed_in_console_page_is_the_shell_with_session(client: ApiClient) -> None:
    client.sign_in_root()
    page = client.request("GET", f"{CONSOLE}/iamv2/home")
    assert page.status == 200
    assert shell_globals(page.body.decode())["session"] == {
        "type": "root",
        "accountId": "123456789012",
        "accountName": ACCOUNT.account_name,
        "accountAlias": ACCOUNT.alias,
        "email": "root@example.com",
    }


# -- GET page: what a console page load would give, for the bundle's in-place links -------------


def page_answer(client: ApiClient, path: str) -> dict:
    answer = client.get("page?path=" + quote(path, safe=""))
    assert answer.status == 200, answer.body
    return answer.json()


def test_page_answer_is_the_shell_globals_of_that_page(client: ApiClient) -> None:
    client.sign_in_root()
    shell = shell_globals(client.request("GET", f"{CONSOLE}/iam/home?region=us-east-1").body.decode())
    assert page_answer(client, "/iam/home?region=us-east-1") == {"title": "IAM | Global", "replica": shell}
    assert page_answer(client, "/console/home?region=us-east-1")["title"].startswith("Console Home")


def test_page_answer_sends_a_signed_out_page_to_signin(client: ApiClient) -> None:
    location = urlsplit(page_answer(client, "/iam/home?region=us-east-1")["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{SIGNIN}/signin"
    assert parse_qs(location.query)["redirect_uri"] == [f"{CONSOLE}/iam/home?region=us-east-1"]


def test_page_answer_ends_an_expiring_session_like_the_page_load(iam: FakeIam, dist: Path) -> None:
    """`session-expired` revokes the session at the first IAM page, whichever way it is opened."""
    replica = Replica(iam, faults=frozenset({"session-expired"}), assets_dir=dist)
    client = ApiClient(replica)
    client.sign_in_root()
    assert "replica" in page_answer(client, "/console/home?region=us-east-1")
    assert page_answer(client, "/iam/home?region=us-east-1")["location"].startswith(f"{SIGNIN}/signin?")
    assert client.get("session").status == 401


@pytest.mark.parametrize("path", ["/signin", "/iam/users", "/__replica/api/session"])
def test_page_answer_leaves_other_pages_to_a_real_load(client: ApiClient, path: str) -> None:
    client.sign_in_root()
    assert page_answer(client, path) == {"load": True}
    assert client.replica.unknown_requests == []


def test_page_answer_leaves_the_classic_pages_to_a_real_load(iam: FakeIam, dist: Path) -> None:
    client = ApiClient(Replica(iam, edition="classic", assets_dir=dist))
    client.sign_in_root()
    assert page_answer(client, "/iam/home") == {"load": True}


@pytest.mark.parametrize("path", ["", "iam/home", "//evil.example/iam/home", "https://evil.example/iam/home"])
def test_page_answer_refuses_anything_but_a_path(client: ApiClient, path: str) -> None:
    answer = client.get("page?path=" + quote(path, safe=""))
    assert answer.status == 400
    assert answer.json()["error"]["code"] == "ValidationError"


def test_account_signin_host_serves_iam_user_page(make_replica: ReplicaFactory) -> None:
    replica = make_replica()
    for host in ("123456789012", "course-sandbox"):
        assert replica.handle("GET", f"https://{host}.signin.aws.amazon.com/console", {}).status == 200
    assert replica.unknown_requests == []
    replica.handle("GET", "https://999999999999.signin.aws.amazon.com/console", {})
    assert replica.unknown_requests == ["GET https://999999999999.signin.aws.amazon.com/console"]


def test_unknown_requests_are_aborted_and_recorded(make_replica: ReplicaFactory) -> None:
    replica = make_replica()
    urls = [
        ("GET", "https://example.com/tracker.js"),
        ("GET", "http://signin.aws.amazon.com/signin"),
        ("GET", f"{CONSOLE}/billing/home"),
        ("POST", f"{CONSOLE}/iam/home"),
        ("GET", f"{CONSOLE}/__replica/api/no-such-endpoint"),
        ("PATCH", f"{CONSOLE}/__replica/api/access-keys"),
    ]
    for method, url in urls:
        assert replica.handle(method, url, {}).abort, url
    assert replica.unknown_requests == [f"{m} {u}" for m, u in urls]


def test_session_cookie_attributes(client: ApiClient) -> None:
    done = client.sign_in_root()
    assert done.json() == {"next": "done", "redirect": f"{CONSOLE}/console/home?region=us-east-1"}
    cookie = next(v for k, v in done.headers if k == "set-cookie")
    assert cookie.startswith("aws-replica-session=")
    for attribute in ("Domain=.amazon.com", "Path=/", "Secure", "HttpOnly"):
        assert attribute in cookie.split("; ")


def test_session_endpoint_and_signout(client: ApiClient) -> None:
    assert client.get("session").status == 401
    client.sign_in_iam()
    assert client.get("session").json()["userName"] == "course-author"
    token = client.cookies["aws-replica-session"]
    client.post("signout")
    assert "aws-replica-session" not in client.cookies
    client.cookies["aws-replica-session"] = token  # a revoked token stays signed out
    assert client.get("session").status == 401


def test_forged_token_is_signed_out(client: ApiClient) -> None:
    client.sign_in_iam()
    body, signature = client.cookies["aws-replica-session"].rsplit(".", 1)
    client.cookies["aws-replica-session"] = f"{body}.{signature[::-1]}"
    assert client.get("session").status == 401


def test_saved_session_works_in_a_new_replica(iam: FakeIam, dist: Path) -> None:
    first = ApiClient(Replica(iam, assets_dir=dist))
    first.sign_in_root()
    later = ApiClient(Replica(iam, assets_dir=dist))
    later.cookies = dict(first.cookies)
    assert later.get("session").json()["type"] == "root"


def test_redirect_uri_is_honoured_only_for_console_urls(client: ApiClient) -> None:
    client.signin("identify", {"userType": "iamUser", "identifier": "course-sandbox"})
    wanted = f"{CONSOLE}/iam/home#/users"
    body = {
        "userType": "iamUser",
        "account": "course-sandbox",
        "username": "course-author",
        "password": IAM_PASSWORD,
        "redirectUri": wanted,
    }
    assert client.signin("password", body).json()["redirect"] == wanted
    other = ApiClient(client.replica)
    body["redirectUri"] = "https://evil.example/phish"
    assert other.signin("password", body).json()["redirect"].startswith(f"{CONSOLE}/console/home")


# -- sign-in API ----------------------------------------------------------------------------


def test_wrong_root_password(client: ApiClient) -> None:
    client.signin("identify", {"userType": "rootUser", "identifier": "root@example.com"})
    answer = client.signin(
        "password", {"userType": "rootUser", "email": "root@example.com", "password": "nope"}
    )
    assert answer.status == 401
    assert answer.json() == {
        "error": {
            "code": "AuthFailure",
            "message": ("Your authentication information is incorrect. Please try again."),
        }
    }
    assert "aws-replica-session" not in client.cookies


@pytest.mark.parametrize(
    ("account", "user", "password"),
    [
        ("123456789012", "course-author", "wrong"),
        ("111111111111", "course-author", IAM_PASSWORD),
        ("123456789012", "ci-deployer", ""),
        ("123456789012", "nobody", IAM_PASSWORD),
    ],
)
def test_wrong_iam_credentials(client: ApiClient, account: str, user: str, password: str) -> None:
    answer = client.signin(
        "password", {"userType": "iamUser", "account": account, "username": user, "password": password}
    )
    assert (answer.status, answer.json()["error"]["code"]) == (401, "AuthFailure")


def test_iam_sign_in_without_mfa(client: ApiClient) -> None:
    done = client.sign_in_iam()
    assert done.json()["next"] == "done"
    assert client.get("session").json()["type"] == "iam"


def test_root_needs_mfa_and_wrong_code_fails(client: ApiClient) -> None:
    client.signin("identify", {"userType": "rootUser", "identifier": "root@example.com"})
    step = client.signin(
        "password", {"userType": "rootUser", "email": "root@example.com", "password": ROOT_PASSWORD}
    )
    assert step.json() == {"next": "mfa"}
    assert "aws-replica-session" not in client.cookies
    wrong = f"{(int(totp_now()) + 1) % 1_000_000:06d}"
    failed = client.signin("mfa", {"code": wrong})
    assert (failed.status, failed.json()["error"]["code"]) == (401, "MfaFailure")
    assert client.signin("mfa", {"code": totp_now()}).json()["next"] == "done"
    assert client.get("session").json()["type"] == "root"


def test_mfa_accepts_previous_window_only(client: ApiClient) -> None:
    totp = pyotp.TOTP(ACCOUNT.root_mfa_seed)
    previous = totp.at(time.time() - 30)
    too_old = totp.at(time.time() - 90)
    client.signin(
        "password", {"userType": "rootUser", "email": "root@example.com", "password": ROOT_PASSWORD}
    )
    if too_old not in (totp.now(), previous):
        assert client.signin("mfa", {"code": too_old}).status == 401
    assert client.signin("mfa", {"code": previous}).json()["next"] == "done"


def test_mfa_without_password_step_fails(client: ApiClient) -> None:
    assert client.signin("mfa", {"code": totp_now()}).status == 401


# -- IAM API --------------------------------------------------------------------------------


def test_api_needs_a_session(client: ApiClient) -> None:
    for answer in (
        client.get("access-keys"),
        client.post("access-keys"),
        client.get("users"),
        client.get("account"),
        client.delete("access-keys/" + "AKIA" + "X" * 16),
    ):
        assert (answer.status, answer.json()["error"]["code"]) == (401, "NotSignedIn")
    assert client.replica.unknown_requests == []


def test_access_key_lifecycle_via_api(client: ApiClient) -> None:
    client.sign_in_root()
    created = client.post("access-keys").json()["accessKey"]
    assert set(created) == {"accessKeyId", "secretAccessKey", "status", "createDate"}
    assert created["createDate"] == "2026-01-15T10:00:00Z"
    rows = client.get("access-keys").json()["accessKeys"]
    assert rows == [
        {
            "accessKeyId": created["accessKeyId"],
            "status": "Active",
            "createDate": "2026-01-15T10:00:00Z",
            "lastUsedDate": None,
            "lastUsedRegion": "N/A",
            "lastUsedService": "N/A",
        }
    ]
    key_id = created["accessKeyId"]
    refused = client.delete(f"access-keys/{key_id}")
    assert (refused.status, refused.json()["error"]["code"]) == (409, "KeyActive")
    assert client.post(f"access-keys/{key_id}/status", {"status": "Inactive"}).json() == {}
    assert client.get("access-keys").json()["accessKeys"][0]["status"] == "Inactive"
    assert client.delete(f"access-keys/{key_id}").json() == {}
    assert client.get("access-keys").json()["accessKeys"] == []
    assert client.replica.created_key_ids == [key_id]


def test_third_key_via_api_is_409(client: ApiClient) -> None:
    client.sign_in_iam()
    first = client.post("access-keys", {"userName": "course-author"}).json()["accessKey"]
    second = client.post("access-keys").json()["accessKey"]  # IAM session: own keys
    third = client.post("access-keys", {"userName": "course-author"})
    assert third.status == 409
    assert third.json() == {
        "error": {"code": "LimitExceeded", "message": "Cannot exceed quota for AccessKeysPerUser: 2"}
    }
    assert client.replica.created_key_ids == [first["accessKeyId"], second["accessKeyId"]]


def test_description_tag_via_api(client: ApiClient) -> None:
    client.sign_in_root()
    key = client.post("access-keys", {"userName": "course-author", "description": "docs laptop"})
    key_id = key.json()["accessKey"]["accessKeyId"]
    user = client.get("users/course-author").json()
    assert user["tags"] == [{"key": key_id, "value": "docs laptop"}]
    assert [k["accessKeyId"] for k in user["accessKeys"]] == [key_id]
    assert client.get("access-keys?userName=course-author").json()["accessKeys"][0]["accessKeyId"] == key_id
    assert client.get("access-keys").json()["accessKeys"] == []  # root has none


def test_users_and_account(client: ApiClient) -> None:
    client.sign_in_root()
    users = client.get("users").json()["users"]
    assert [u["userName"] for u in users] == [
        "audit-readonly",
        "ci-deployer",
        "course-author",
        "maria.garcia",
    ]
    row = {u["userName"]: u for u in users}["ci-deployer"]
    assert set(row) == {
        "userName",
        "path",
        "groups",
        "lastActivity",
        "mfa",
        "passwordAge",
        "consoleLastSignIn",
        "accessKeyId",
        "activeKeyAge",
        "arn",
        "createDate",
    }
    assert row["groups"] == ["Deployers"] and row["activeKeyAge"] == 218
    assert row["lastActivity"] == "2026-01-15T08:12:00Z" and row["passwordAge"] is None
    assert {u["userName"]: u["mfa"] for u in users}["maria.garcia"] == "Virtual"
    assert client.get("users/nobody").status == 404
    account = client.get("account").json()
    assert account["accountId"] == "123456789012" and account["email"] == "root@example.com"
    iam_user = ApiClient(client.replica)
    iam_user.sign_in_iam()
    assert "email" not in iam_user.get("account").json()


def test_bad_json_is_400(client: ApiClient) -> None:
    answer = client.replica.handle("POST", f"{SIGNIN}/__replica/api/signin/identify", {}, b"{nope")
    assert (answer.status, answer.json()["error"]["code"]) == (400, "ValidationError")


# -- assets ---------------------------------------------------------------------------------


def test_assets_are_served(make_replica: ReplicaFactory) -> None:
    answer = make_replica().handle("GET", f"{CONSOLE}/__replica/assets/replica.js", {})
    assert answer.status == 200 and answer.header("content-type").startswith("text/javascript")
    assert b"__booted" in answer.body


def test_missing_bundle_is_a_clear_404(iam: FakeIam, tmp_path: Path) -> None:
    replica = Replica(iam, assets_dir=tmp_path / "not-built")
    answer = replica.handle("GET", f"{SIGNIN}/__replica/assets/replica.js", {})
    assert answer.status == 404 and not answer.abort
    assert "not there" in answer.body.decode() and "Reinstall aws-console-flows" in answer.body.decode()
    assert replica.unknown_requests == [f"GET {SIGNIN}/__replica/assets/replica.js"]
    escape = replica.handle("GET", f"{SIGNIN}/__replica/assets/../../../etc/passwd", {})
    assert escape.status == 404 and b"root:" not in escape.body


# -- router-side faults ---------------------------------------------------------------------


def test_known_faults_are_documented() -> None:
    contract = (Path(__file__).parents[2] / "docs" / "replica.md").read_text()
    for name in KNOWN_FAULTS:
        assert f"| `{name}` |" in contract


def test_unknown_fault_is_refused(iam: FakeIam) -> None:
    with pytest.raises(ValueError, match="no-such-fault"):
        Replica(iam, faults=frozenset({"no-such-fault"}))


def test_fault_two_keys(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("two-keys"))
    client.sign_in_root()
    assert len(client.get("access-keys").json()["accessKeys"]) == 2
    assert client.post("access-keys").status == 409
    for user in client.get("users").json()["users"]:
        assert len(client.get(f"users/{user['userName']}").json()["accessKeys"]) == 2
    assert client.replica.created_key_ids == []


def test_fault_create_fails_after_commit(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("create-fails-after-commit"))
    client.sign_in_root()
    failed = client.post("access-keys")
    assert (failed.status, failed.json()["error"]["code"]) == (500, "InternalFailure")
    listed = client.get("access-keys").json()["accessKeys"]
    assert [k["accessKeyId"] for k in listed] == client.replica.created_key_ids
    assert len(listed) == 1  # the key was committed
    assert client.post("access-keys").status == 200  # only the first create fails


def test_fault_slow_api(make_replica: ReplicaFactory) -> None:
    replica = make_replica("slow-api")
    api = replica.handle("GET", f"{CONSOLE}/__replica/api/session", {})
    page = replica.handle("GET", f"{SIGNIN}/signin", {})
    assert api.delay == pytest.approx(1.5) and page.delay == 0


def test_fault_session_expired(iam: FakeIam, dist: Path) -> None:
    saved = ApiClient(Replica(iam, assets_dir=dist))
    saved.sign_in_root()
    expired = Replica(iam, faults=frozenset({"session-expired"}), assets_dir=dist)
    later = ApiClient(expired)
    later.cookies = dict(saved.cookies)
    assert later.get("session").status == 401
    page = later.request("GET", f"{CONSOLE}/console/home?region=us-east-1")
    assert page.status == 302 and page.header("location").startswith(f"{SIGNIN}/signin?")
    later.sign_in_root()  # a fresh sign-in in this run works
    assert later.get("session").json()["type"] == "root"


def test_fault_captcha(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("captcha"))
    first = client.signin("identify", {"userType": "rootUser", "identifier": "root@example.com"})
    assert first.json() == {"next": "captcha"}
    body = {"userType": "rootUser", "email": "root@example.com", "password": ROOT_PASSWORD}
    assert client.signin("password", body).json()["error"]["code"] == "CaptchaRequired"
    wrong = client.signin("captcha", {"guess": "robot"})
    assert (wrong.status, wrong.json()["error"]["code"]) == (400, "CaptchaIncorrect")
    assert client.signin("captcha", {"guess": "Replica"}).json() == {"next": "password"}
    assert client.signin("password", body).json() == {"next": "mfa"}


def test_no_captcha_without_the_fault(client: ApiClient) -> None:
    answer = client.signin("identify", {"userType": "iamUser", "identifier": "123456789012"})
    assert answer.json() == {"next": "password"}


def test_fault_iam_mfa(make_replica: ReplicaFactory) -> None:
    client = ApiClient(make_replica("iam-mfa"))
    assert client.sign_in_iam().json() == {"next": "mfa"}
    assert client.signin("mfa", {"code": "000000" if totp_now() != "000000" else "111111"}).status == 401
    assert client.signin("mfa", {"code": totp_now()}).json()["next"] == "done"
    assert client.get("session").json()["userName"] == "course-author"
    assert {u["userName"]: u["mfa"] for u in client.get("users").json()["users"]}[
        "course-author"
    ] == "Virtual"


def test_a_replica_bug_answers_500_not_a_hang(client: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    client.sign_in_root()

    def broken() -> None:
        raise KeyError("boom")

    monkeypatch.setattr(client.replica._iam_api, "list_users", broken)
    answer = client.get("users")
    assert answer.status == 500 and not answer.abort and "boom" in answer.body.decode()
