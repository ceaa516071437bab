"""Request keys: volatile values ignored, bodies compared as data, placeholders match live values."""

from __future__ import annotations

import json
from pathlib import Path

from automation.har import HarReplayRouter, RequestNormaliser

from .helpers import API, CONSOLE, SIGNIN, entry, har


def key(method: str, url: str, body: str | bytes | None = None, mime: str | None = None, secrets=()):
    return RequestNormaliser(secrets).key(method, url, body, mime)


def test_volatile_query_values_are_ignored() -> None:
    recorded = f"{SIGNIN}/oauth?client_id=c&state=abc&code_challenge=x1&nonce=n1&_=1716123456789#frag"
    live = f"{SIGNIN}/oauth?nonce=n2&code_challenge=y2&_=1767225600123&client_id=c&state=zzz"
    assert key("GET", recorded) == key("GET", live)
    assert key("GET", f"{API}/users?t=1716123456") == key("GET", f"{API}/users?t=1799999999")
    assert key("GET", f"{API}/users?client_id=c") != key("GET", f"{API}/users?client_id=d")


def test_nested_redirect_uri_is_normalised_too() -> None:
    inner = "https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fstate%3D"
    assert key("GET", f"{SIGNIN}/signin?redirect_uri={inner}abc") == key(
        "GET", f"{SIGNIN}/signin?redirect_uri={inner}xyz"
    )


def test_json_bodies_compare_as_data() -> None:
    url = f"{API}/access-keys"
    a = key("POST", url, '{"userName": "bob", "description": "ci"}', "application/json")
    b = key("POST", url, b'{"description":"ci","userName":"bob"}', "application/json")
    c = key("POST", url, '{"description":"cd","userName":"bob"}', "application/json")
    assert a == b
    assert a != c
    assert key("POST", url, "{}", "application/json") != key("POST", url, None)


def test_live_secrets_match_the_recorded_placeholders() -> None:
    url = f"{SIGNIN}/__replica/api/signin/password"
    recorded = json.dumps(
        {"email": "redacted-1@example.com", "password": "<password>", "userType": "rootUser"}
    )
    live = json.dumps({"userType": "rootUser", "email": "jane@corp.io", "password": "live-Passw0rd!"})
    assert key("POST", url, recorded, "application/json") == key("POST", url, live, "application/json")
    mfa = f"{SIGNIN}/__replica/api/signin/mfa"
    assert key("POST", mfa, '{"code": "<mfa-code>"}') == key("POST", mfa, '{"code": "123456"}')
    form_recorded = "account=111111111111&password=%3Cpassword%3E"
    form_live = "account=987654321098&password=hunter2"
    form = "application/x-www-form-urlencoded"
    assert key("POST", f"{SIGNIN}/x", form_recorded, form) == key("POST", f"{SIGNIN}/x", form_live, form)


def test_numbering_of_placeholders_need_not_agree() -> None:
    assert key("GET", "https://222222222222.signin.aws.amazon.com/console") == key(
        "GET", "https://987654321098.signin.aws.amazon.com/console"
    )
    assert key("DELETE", f"{API}/access-keys/AKIAREDAAAAACEXAMPLE") == key(
        "DELETE", f"{API}/access-keys/" + "AKIA" + "Q2W3E4R5T6Y7U2I3"
    )


def test_known_secret_matches_its_placeholder() -> None:
    secret = "velvet-Otter-on-a-Kite"
    assert key("GET", f"{CONSOLE}/notes?q=%3Csecret-1%3E") == key(
        "GET", f"{CONSOLE}/notes?q={secret}", secrets=[secret]
    )


def test_multipart_boundaries_do_not_matter() -> None:
    def body(boundary: str) -> str:
        return f'--{boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--{boundary}--\r\n'

    a = key("POST", f"{API}/upload", body("AaB03x"), "multipart/form-data; boundary=AaB03x")
    b = key("POST", f"{API}/upload", body("ZzY98w"), "multipart/form-data; boundary=ZzY98w")
    assert a == b


def test_router_serves_identical_requests_in_recorded_order(tmp_path: Path) -> None:
    path = tmp_path / "keys.har"
    path.write_text(
        json.dumps(
            har(
                entry("GET", f"{API}/access-keys?_=1716000000000", body={"accessKeys": []}),
                entry("POST", f"{API}/access-keys", post=("application/json", "{}"), body={"accessKey": {}}),
                entry("GET", f"{API}/access-keys?_=1716000000999", body={"accessKeys": [{}]}),
                entry("GET", f"{API}/access-keys?_=1716000001999", body={"accessKeys": [{}, {}]}),
            )
        )
    )
    router = HarReplayRouter(path)
    turns = [router.lookup("GET", f"{API}/access-keys?_=1767225600{n:03d}") for n in range(4)]
    assert turns == [0, 2, 3, 3]
    assert router.lookup("POST", f"{API}/access-keys", b"{}", "application/json") == 1
    assert router.lookup("POST", f"{API}/access-keys", b'{"userName":"x"}', "application/json") is None
    assert router.unused_entries() == []
