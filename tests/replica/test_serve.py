"""`python -m automation.replica serve`: the same replica on http://127.0.0.1:PORT."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from automation.replica import FakeIam
from automation.replica.server import ReplicaServer, ServeOptions

from .helpers import ROOT_PASSWORD, totp_now

ROOT = Path(__file__).resolve().parents[2]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def server(iam: FakeIam) -> Iterator[ReplicaServer]:
    served = ReplicaServer(ServeOptions(port=0, quiet=True), iam=iam)
    served.serve_in_thread()
    try:
        yield served
    finally:
        served.shutdown()
        served.server_close()


def test_serve_redirects_and_signs_in_on_localhost(server: ReplicaServer) -> None:
    origin = server.origin
    assert urlsplit(origin).hostname == "127.0.0.1"
    plain = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        plain.open(server.start_url)
    assert redirect.value.code == 302
    location = redirect.value.headers["location"]
    assert location.startswith(f"{origin}/signin?")
    assert parse_qs(urlsplit(location).query)["redirect_uri"] == [server.start_url]

    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(step: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"{origin}/__replica/api/signin/{step}",
            json.dumps(body).encode(),
            {"content-type": "application/json"},
            method="POST",
        )
        with browser.open(request) as answer:
            return json.loads(answer.read())

    post("password", {"userType": "rootUser", "email": "root@example.com", "password": ROOT_PASSWORD})
    done = post("mfa", {"code": totp_now()})
    assert done == {"next": "done", "redirect": server.start_url}
    cookie = next(c for c in jar if c.name == "aws-replica-session")
    assert not cookie.domain_specified and not cookie.secure  # host-only cookie on http
    with browser.open(server.start_url) as page:
        html = page.read().decode()
    assert page.status == 200
    assert f'"hosts": {{"signin": "{origin}", "console": "{origin}"}}' in html
    assert '"type": "root"' in html


def test_serve_unknown_path_is_404_and_recorded(server: ReplicaServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{server.origin}/billing/home")
    assert missing.value.code == 404
    assert "does not serve" in missing.value.read().decode()
    assert server.replica.unknown_requests == [f"GET {server.origin}/billing/home"]


def test_serve_command_line() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "automation.replica",
            "serve",
            "--port",
            "0",
            "--quiet",
            "--fault",
            "slow-api",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Replica console: http://127.0.0.1:"), first
        url = first.split(": ", 1)[1].strip()
        origin = url.split("/console/home")[0]
        with urllib.request.urlopen(f"{origin}/signin") as page:
            assert '"faults": ["slow-api"]' in page.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_help_has_an_example() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "automation.replica", "serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "example:" in shown and "--fault" in shown and "create-fails-after-commit" in shown
