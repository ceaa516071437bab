"""HarRecorder and record_context: a real Chromium session recorded, scrubbed, written, replayed."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Route

from automation.errors import RecordingError
from automation.har import HarRecorder, HarReplayRouter, find_leaks, record_context
from automation.har import record as record_module

from .helpers import CONSOLE, SIGNIN

pytestmark = pytest.mark.browser

PASSWORD = "correct-Horse-battery-9"
EMAIL = "jane.doe@corp-mail.io"
ACCOUNT = "987654321098"
KEY_ID = "AKIA" + "Q2W3E4R5T6Y7U2I3"
SECRET = "k9Jf2LmQ8rT4vX7zB1nC5dE3gH6pS0aW/+yU2iOq"
COOKIE = "tok-5f4e3d2c1b0a99887766"
HOME = f"{CONSOLE}/iam/home"

PAGE = f"""<!doctype html><html><body><ol id="log"></ol><script>
const log = (text) => {{
  const item = document.createElement("li"); item.textContent = text;
  document.getElementById("log").appendChild(item);
}};
const call = async (path, method, body) => {{
  const options = {{method, headers: {{"content-type": "application/json"}}}};
  if (body !== undefined) options.body = JSON.stringify(body);
  return (await fetch("/__replica/api/" + path, options)).json();
}};
(async () => {{
  const signin = await call("signin/password", "POST", {{email: "{EMAIL}", password: "{PASSWORD}"}});
  document.cookie = "aws-replica-session=" + signin.token + "; path=/";
  log("account:" + (await call("account", "GET")).accountId);
  log("keys:" + (await call("access-keys", "GET")).accessKeys.length);
  const made = await call("access-keys", "POST", {{userName: "bob"}});
  log("created:" + made.accessKey.accessKeyId.slice(0, 4) + ":" + made.accessKey.secretAccessKey.length);
  log("keys:" + (await call("access-keys", "GET")).accessKeys.length);
  const bytes = new Uint8Array([0, 1, 2, 255]);
  const upload = await fetch("/__replica/api/upload", {{method: "POST", body: bytes}});
  log("upload:" + (await upload.json()).size);
}})().catch((error) => log("error:" + error)).finally(() => {{ document.body.dataset.done = "1"; }});
</script></body></html>"""


class FakeConsole:
    """A few console answers, served with route.fulfill like the replica does."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def __call__(self, route: Route) -> None:
        request = route.request
        path = request.url.split("?", 1)[0]
        if path == HOME:
            route.fulfill(status=200, content_type="text/html", body=PAGE)
            return
        answer: dict[str, Any]
        if path.endswith("/signin/password"):
            answer = {"next": "done", "token": COOKIE}
        elif path.endswith("/account"):
            answer = {"accountId": ACCOUNT, "email": EMAIL}
        elif path.endswith("/access-keys") and request.method == "GET":
            answer = {"accessKeys": [{"accessKeyId": key} for key in self.keys]}
        elif path.endswith("/access-keys"):
            self.keys.append(KEY_ID)
            answer = {"accessKey": {"accessKeyId": KEY_ID, "secretAccessKey": SECRET}}
        elif path.endswith("/upload"):
            answer = {"size": len(request.post_data_buffer or b"")}
        else:
            route.abort()
            return
        route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))


def drive(context: BrowserContext) -> list[str]:
    page = context.new_page()
    page.goto(HOME)
    page.wait_for_selector("body[data-done]")
    return page.locator("#log li").all_inner_texts()


@pytest.fixture
def record(browser: Browser, tmp_path: Path) -> Iterator[Callable[..., tuple[HarRecorder, list[str]]]]:
    """Record one fake-console session; returns the recorder (not finished) and the page log.
    Raw recordings a failing test leaves behind are discarded."""
    recorders: list[HarRecorder] = []

    def run(target: Path | None = None) -> tuple[HarRecorder, list[str]]:
        recorder = HarRecorder(target or tmp_path / "recordings" / "session.har", known_secrets=[PASSWORD])
        recorders.append(recorder)
        context = browser.new_context(**recorder.context_options())
        try:
            recorder.attach(context)
            context.route("**/*", FakeConsole())
            lines = drive(context)
        finally:
            context.close()
        return recorder, lines

    yield run
    for recorder in recorders:
        recorder.discard()


def test_recording_is_scrubbed_written_and_the_raw_file_deleted(record, tmp_path: Path) -> None:
    target = tmp_path / "recordings" / "session.har"
    recorder, lines = record(target)
    assert lines == ["account:987654321098", "keys:0", "created:AKIA:40", "keys:1", "upload:4"]
    folder = recorder.raw_path.parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    raw = recorder.raw_path.read_text()
    assert PASSWORD in raw and SECRET in raw, "the raw recording holds the secrets"

    result = recorder.finish()

    assert not folder.exists()
    text = target.read_text()
    for secret in (PASSWORD, SECRET, KEY_ID, COOKIE, ACCOUNT, EMAIL):
        assert secret not in text
    document = json.loads(text)
    assert document == result.har
    assert find_leaks(document, [PASSWORD]) == []
    posts = {
        e["request"]["url"].rsplit("/", 1)[1]: e["request"].get("postData")
        for e in document["log"]["entries"]
        if e["request"]["method"] == "POST"
    }
    # Request bodies are kept only in the canonical form replay matches on (placeholders by kind).
    assert json.loads(posts["password"]["text"]) == {"email": "<email>", "password": "<password>"}
    assert json.loads(posts["access-keys"]["text"]) == {"userName": "bob"}
    assert posts["upload"] == {"mimeType": "application/octet-stream", "text": "<binary-body>"}


def test_recording_replays_the_same_session(record, browser: Browser, tmp_path: Path) -> None:
    recorder, recorded_lines = record()
    recorder.finish()
    router = HarReplayRouter(recorder.final_path)
    context = browser.new_context(**router.context_options())
    try:
        router.attach(context)
        replayed = drive(context)
    finally:
        context.close()

    assert replayed == [line.replace(ACCOUNT, "111111111111") for line in recorded_lines]
    assert router.unmatched == []


def test_a_leak_the_scrubber_missed_is_refused_and_nothing_is_kept(
    record, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "recordings" / "session.har"
    recorder, _ = record(target)
    folder = recorder.raw_path.parent

    def broken_scrub(har: dict[str, Any], known_secrets: Any = ()) -> Any:
        return record_module.ScrubResult(har=har)

    monkeypatch.setattr(record_module, "scrub_har", broken_scrub)
    with pytest.raises(RecordingError) as caught:
        recorder.finish()

    assert "Nothing was written" in str(caught.value)
    assert PASSWORD not in str(caught.value) and SECRET not in str(caught.value)
    assert not target.exists()
    assert not folder.exists()


def test_finish_before_close_says_so_and_cleans_up(browser: Browser, tmp_path: Path) -> None:
    recorder = HarRecorder(tmp_path / "x.har")
    folder = recorder.raw_path.parent
    with pytest.raises(RecordingError) as caught:
        recorder.finish()
    assert "Call finish() after context.close()" in str(caught.value)
    assert not folder.exists()
    assert not (tmp_path / "x.har").exists()


def test_record_context_writes_on_success_and_nothing_on_error(browser: Browser, tmp_path: Path) -> None:
    good = tmp_path / "good.har"
    with record_context(browser, good, [PASSWORD]) as context:
        context.route("**/*", FakeConsole())
        drive(context)
    assert good.exists()
    assert PASSWORD not in good.read_text()

    bad = tmp_path / "bad.har"
    with pytest.raises(RuntimeError), record_context(browser, bad) as context:
        context.route("**/*", FakeConsole())
        drive(context)
        raise RuntimeError("the flow failed")
    assert not bad.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.har"]


def test_recording_of_sign_in_host_counts_as_console(browser: Browser, tmp_path: Path) -> None:
    target = tmp_path / "signin.har"
    with record_context(browser, target) as context:
        context.route(
            "**/*", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Sign in</p>")
        )
        context.new_page().goto(f"{SIGNIN}/signin?client_id=x")
    assert len(HarReplayRouter(target).entries) == 1


def test_bodies_chromium_drops_on_navigation_are_kept(browser: Browser, tmp_path: Path) -> None:
    """A redirect page and a sign-in answer followed at once by navigation: Playwright's HAR
    loses both bodies; the recorder keeps the fetch answer and replay infers the redirect."""
    pages = {
        "/start": ("text/html", "<script>location.replace('/signin')</script>"),
        "/signin": (
            "text/html",
            "<script>fetch('/__replica/api/signin/mfa', {method: 'POST', body: '{\"code\":\"123456\"}'})"
            ".then((r) => r.json()).then((answer) => { location.href = answer.redirect; });</script>",
        ),
        "/__replica/api/signin/mfa": ("application/json", json.dumps({"next": "done", "redirect": "/home"})),
        "/home": ("text/html", "<h1>Console Home</h1>"),
    }

    def serve(route: Route) -> None:
        mime, body = pages[route.request.url.removeprefix(CONSOLE)]
        route.fulfill(status=200, content_type=mime, body=body)

    target = tmp_path / "redirects.har"
    with record_context(browser, target) as context:
        context.route("**/*", serve)
        page = context.new_page()
        page.goto(f"{CONSOLE}/start")
        page.wait_for_url("**/home")
    entries = json.loads(target.read_text())["log"]["entries"]
    bodies = {
        e["request"]["url"].removeprefix(CONSOLE): e["response"]["content"].get("text") for e in entries
    }
    assert bodies["/__replica/api/signin/mfa"] == pages["/__replica/api/signin/mfa"][1]

    router = HarReplayRouter(target)
    context = browser.new_context(**router.context_options())
    try:
        router.attach(context)
        page = context.new_page()
        page.goto(f"{CONSOLE}/start")
        page.wait_for_url("**/home")
        assert page.get_by_role("heading", name="Console Home").is_visible()
    finally:
        context.close()
    assert router.unmatched == []


def test_raw_folder_is_removed_at_exit_even_without_finish(tmp_path: Path) -> None:
    script = (
        "from automation.har import HarRecorder\n"
        "recorder = HarRecorder('unused.har')\n"
        "recorder.raw_path.write_text('raw secrets')\n"
        "print(recorder.raw_path.parent)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("har-recording-")
    assert not folder.exists()
