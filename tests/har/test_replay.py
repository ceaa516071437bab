"""HarReplayRouter through a real Chromium page: ordered answers, live secrets, redirects, misses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from automation.errors import RecordingError
from automation.har import HarReplayRouter, UnmatchedRequest, scrub_har, write_scrubbed_har

from .helpers import API, CONSOLE, SIGNIN, entry, har, page

pytestmark = pytest.mark.browser

KEY_A = "AKIA" + "Q2W3E4R5T6Y7U2I3"
KEY_B = "AKIA" + "Z2X3C4V5B6N7M2K3"
SECRET_B = "k9Jf2LmQ8rT4vX7zB1nC5dE3gH6pS0aW/+yU2iOq"
IAM_HOME = f"{CONSOLE}/iam/home"

SCRIPT_PAGE = """<!doctype html><html><body><ol id="log"></ol><script>
const log = (text) => {
  const item = document.createElement("li"); item.textContent = text;
  document.getElementById("log").appendChild(item);
};
const api = async (path, options) => {
  const answer = await fetch("/__replica/api/" + path, options);
  return answer.json();
};
const post = (path, body) => api(path, {
  method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
(async () => {
  %s
})().catch((error) => log("error:" + error)).finally(() => { document.body.dataset.done = "1"; });
</script></body></html>"""


def script_page(url: str, steps: str) -> dict[str, Any]:
    return page(url, SCRIPT_PAGE % steps)


def save(tmp_path: Path, document: dict[str, Any], secrets: tuple[str, ...] = ()) -> Path:
    """Scrub and write a raw recording, as HarRecorder does."""
    return write_scrubbed_har(scrub_har(document, secrets).har, tmp_path / "recording.har", secrets)


def run(context: BrowserContext, router: HarReplayRouter, url: str) -> list[str]:
    """Open `url` through the router; the page's log lines once its script is done."""
    router.attach(context)
    tab: Page = context.new_page()
    tab.goto(url)
    tab.wait_for_selector("body[data-done]")
    return tab.locator("#log li").all_inner_texts()


def test_key_list_read_before_and_after_create_replays_in_order(
    tmp_path: Path, offline_context: BrowserContext
) -> None:
    steps = """
    const ids = async () => (await api("access-keys?_=" + Date.now())).accessKeys.map((k) => k.accessKeyId);
    log("before:" + (await ids()).join(","));
    const made = await post("access-keys", {userName: "bob", description: "ci"});
    log("created:" + made.accessKey.accessKeyId + ":" + made.accessKey.secretAccessKey.length);
    log("after:" + (await ids()).join(","));
    log("again:" + (await ids()).join(","));
    """
    recording = har(
        script_page(IAM_HOME, steps),
        entry("GET", f"{API}/access-keys?_=1716000000001", body={"accessKeys": [{"accessKeyId": KEY_A}]}),
        entry(
            "POST",
            f"{API}/access-keys",
            post=("application/json", '{"description": "ci", "userName": "bob"}'),
            body={"accessKey": {"accessKeyId": KEY_B, "secretAccessKey": SECRET_B, "status": "Active"}},
        ),
        entry(
            "GET",
            f"{API}/access-keys?_=1716000000999",
            body={"accessKeys": [{"accessKeyId": KEY_A}, {"accessKeyId": KEY_B}]},
        ),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    lines = run(offline_context, router, IAM_HOME)

    assert lines == [
        "before:AKIAREDAAAAABEXAMPLE",
        "created:AKIAREDAAAAACEXAMPLE:40",
        "after:AKIAREDAAAAABEXAMPLE,AKIAREDAAAAACEXAMPLE",
        "again:AKIAREDAAAAABEXAMPLE,AKIAREDAAAAACEXAMPLE",
    ]
    assert router.unmatched == []
    assert router.unused_entries() == []


def test_live_password_mfa_and_email_match_the_scrubbed_recording(
    tmp_path: Path, offline_context: BrowserContext
) -> None:
    signin_page = f"{SIGNIN}/signin?client_id=console&state=recorded-state"
    steps = """
    const first = await post("signin/password", {userType: "rootUser", email: "me@live.example.org.uk",
                                                  password: "wrong-live-password"});
    log("first:" + first.error.code);
    const second = await post("signin/password", {userType: "rootUser", email: "me@live.example.org.uk",
                                                   password: "right-live-password"});
    log("second:" + second.next);
    const done = await post("signin/mfa", {code: "654321"});
    log("mfa:" + done.next);
    """
    recording = har(
        script_page(f"{SIGNIN}/signin?client_id=console&state=abc123", steps),
        entry(
            "POST",
            f"{SIGNIN}/__replica/api/signin/password",
            post=(
                "application/json",
                json.dumps({"userType": "rootUser", "email": "jane@corp.io", "password": "x1"}),
            ),
            status=401,
            body={
                "error": {"code": "AuthFailure", "message": "Your authentication information is incorrect."}
            },
        ),
        entry(
            "POST",
            f"{SIGNIN}/__replica/api/signin/password",
            post=(
                "application/json",
                json.dumps({"userType": "rootUser", "email": "jane@corp.io", "password": "S3cret!pw"}),
            ),
            body={"next": "mfa"},
        ),
        entry(
            "POST",
            f"{SIGNIN}/__replica/api/signin/mfa",
            post=("application/json", '{"code": "123456"}'),
            response_headers=[
                ("Set-Cookie", "aws-replica-session=tok-9f8e7d6c5b4a; Path=/; Secure; HttpOnly")
            ],
            body={"next": "done", "redirect": f"{CONSOLE}/console/home"},
        ),
    )
    path = save(tmp_path, recording, ("S3cret!pw",))
    assert "S3cret!pw" not in path.read_text()
    router = HarReplayRouter(path)

    lines = run(offline_context, router, signin_page)

    assert lines == ["first:AuthFailure", "second:mfa", "mfa:done"]
    assert router.unmatched == []


def test_request_without_recording_is_aborted_and_named(
    tmp_path: Path, offline_context: BrowserContext
) -> None:
    steps = """
    log("account:" + (await api("account")).accountId);
    try { await api("users"); log("users:served"); } catch (error) { log("users:failed"); }
    """
    recording = har(
        script_page(IAM_HOME, steps), entry("GET", f"{API}/account", body={"accountId": "987654321098"})
    )
    router = HarReplayRouter(save(tmp_path, recording))

    lines = run(offline_context, router, IAM_HOME)

    assert lines == ["account:111111111111", "users:failed"]
    assert router.unmatched == [UnmatchedRequest("GET", f"{API}/users")]
    assert router.problems() == [f"GET {API}/users"]
    with pytest.raises(RecordingError) as caught:
        router.raise_if_unmatched()
    assert f"1 request(s) have no recording in {tmp_path / 'recording.har'}: GET {API}/users" in str(
        caught.value
    )


def test_unmatched_post_says_what_was_recorded_instead(
    tmp_path: Path, offline_context: BrowserContext
) -> None:
    steps = """
    try { await post("access-keys", {userName: "alice"}); log("served"); } catch (error) { log("failed"); }
    """
    recording = har(
        script_page(IAM_HOME, steps),
        entry("POST", f"{API}/access-keys", post=("application/json", '{"userName": "bob"}'), body={}),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    assert run(offline_context, router, IAM_HOME) == ["failed"]
    [missing] = router.unmatched
    assert (missing.method, missing.url) == ("POST", f"{API}/access-keys")
    assert "recorded with another query or body: POST" in missing.hint
    assert '{"userName":"bob"}' in missing.hint


def test_navigation_redirects_replay(tmp_path: Path, offline_context: BrowserContext) -> None:
    recording = har(
        entry(
            "GET",
            "https://console.aws.amazon.com/iam/home",
            status=302,
            response_headers=[("Location", IAM_HOME)],
            body="",
            mime="text/html",
            resource_type="document",
        ),
        script_page(IAM_HOME, 'log("landed:" + location.href);'),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    assert run(offline_context, router, "https://console.aws.amazon.com/iam/home") == [f"landed:{IAM_HOME}"]
    assert router.unmatched == []


def test_navigation_recorded_as_aborted_goes_to_the_next_document(
    tmp_path: Path, offline_context: BrowserContext
) -> None:
    recording = har(
        entry(
            "GET",
            "https://console.aws.amazon.com/console/home",
            status=-1,
            body="",
            mime="x-unknown",
            resource_type="document",
            failure="net::ERR_ABORTED",
        ),
        script_page(f"{CONSOLE}/console/home?region=us-east-1", 'log("home:" + location.host);'),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    lines = run(offline_context, router, "https://console.aws.amazon.com/console/home")

    assert lines == ["home:us-east-1.console.aws.amazon.com"]


def test_fetch_redirect_follows_the_recorded_chain(tmp_path: Path, offline_context: BrowserContext) -> None:
    recording = har(
        script_page(IAM_HOME, 'log("users:" + (await api("old-users")).users.length);'),
        entry("GET", f"{API}/old-users", status=301, response_headers=[("Location", "/__replica/api/users")]),
        entry("GET", f"{API}/users", body={"users": [{"userName": "bob"}, {"userName": "carol"}]}),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    assert run(offline_context, router, IAM_HOME) == ["users:2"]
    assert router.unused_entries() == []


def test_aborted_request_replays_as_a_failure(tmp_path: Path, offline_context: BrowserContext) -> None:
    recording = har(
        script_page(IAM_HOME, 'try { await api("gone"); log("served"); } catch (e) { log("failed"); }'),
        entry("GET", f"{API}/gone", status=-1, body="", failure="net::ERR_FAILED"),
    )
    router = HarReplayRouter(save(tmp_path, recording))

    assert run(offline_context, router, IAM_HOME) == ["failed"]
    assert router.unmatched == []


def test_websockets_never_connect(tmp_path: Path, offline_context: BrowserContext) -> None:
    steps = """
    const socket = new WebSocket("wss://us-east-1.console.aws.amazon.com/live");
    log("ws:" + await new Promise((resolve) => { socket.onclose = () => resolve("closed"); }));
    """
    router = HarReplayRouter(save(tmp_path, har(script_page(IAM_HOME, steps))))

    assert run(offline_context, router, IAM_HOME) == ["ws:closed"]
    assert router.unmatched == [UnmatchedRequest("WEBSOCKET", "wss://us-east-1.console.aws.amazon.com/live")]
