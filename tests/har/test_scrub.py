"""scrub_har: every kind of secret planted in a synthetic HAR is replaced by a stable placeholder."""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest

from automation.har import Kind, find_leaks, scrub_har
from automation.har.kinds import is_any_placeholder

from .helpers import API, CONSOLE, SIGNIN, dumped, entry, har, page

ACCOUNT = "987654321098"
KEY_ID = "AKIA" + "Q2W3E4R5T6Y7U2I3"
SESSION_KEY_ID = "ASIA" + "Z7Y6X5W4V3U2T7S6"  # made up; split so secret scanners skip it
SECRET = "k9Jf2LmQ8rT4vX7zB1nC5dE3gH6pS0aW/+yU2iOq"
PASSWORD = "Tr0ub4dor&3-horse"
EMAIL = "jane.doe@corp-mail.io"
COOKIE = "s3ss10n-T0ken-value-abcdef"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIiwiaWF0IjoxfQ.c2lnbmF0dXJlLXZhbHVlLXh5eg"
STS_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample"
CSRF = "csrf-7f3a9c1e5b2d4f6a8c0e"


@dataclass(frozen=True)
class Planted:
    """A HAR with one secret planted, the value that must vanish, the kind find_leaks reports."""

    id: str
    document: dict[str, Any]
    secret: str
    kind: Kind
    placeholder: str | None = None


def json_post(url: str, body: Any) -> dict[str, Any]:
    return entry("POST", url, post=("application/json", json.dumps(body)), body={})


def form_post(url: str, body: str) -> dict[str, Any]:
    return entry("POST", url, post=("application/x-www-form-urlencoded", body), body={})


CASES = [
    Planted(
        "cookie header",
        har(entry("GET", f"{API}/session", request_headers=[("Cookie", f"aws-replica-session={COOKIE}")])),
        COOKIE,
        Kind.COOKIE,
        "aws-replica-session=<cookie-1>",
    ),
    Planted(
        "set-cookie header",
        har(
            entry(
                "POST",
                f"{SIGNIN}/__replica/api/signin/mfa",
                response_headers=[("Set-Cookie", f"aws-replica-session={COOKIE}; Path=/; Secure; HttpOnly")],
            )
        ),
        COOKIE,
        Kind.COOKIE,
        "aws-replica-session=<cookie-1>; Path=/; Secure; HttpOnly",
    ),
    Planted(
        "cookies array",
        har(
            {
                **entry("GET", f"{API}/session"),
                "request": {
                    **entry("GET", f"{API}/session")["request"],
                    "cookies": [{"name": "aws-replica-session", "value": COOKIE}],
                },
            }
        ),
        COOKIE,
        Kind.COOKIE,
    ),
    Planted(
        "authorization header",
        har(entry("GET", f"{API}/users", request_headers=[("Authorization", "Bearer zX9kLmN2pQ7rS4tV")])),
        "zX9kLmN2pQ7rS4tV",
        Kind.AUTHORIZATION,
        "Bearer <authorization-1>",
    ),
    Planted(
        "sigv4 authorization with key id",
        har(
            entry(
                "POST",
                "https://iam.amazonaws.com/",
                request_headers=[
                    (
                        "Authorization",
                        f"AWS4-HMAC-SHA256 Credential={KEY_ID}/20260101/us-east-1/iam/aws4_request, "
                        "SignedHeaders=host;x-amz-date, Signature=0a1b2c3d4e5f",
                    )
                ],
            ),
            entry("GET", f"{API}/access-keys", body={"accessKeys": [{"accessKeyId": KEY_ID}]}),
        ),
        KEY_ID,
        Kind.ACCESS_KEY_ID,
        "AKIA" + "REDAAAAABEXAMPLE",
    ),
    Planted(
        "x-amz-security-token header",
        har(entry("GET", f"{API}/account", request_headers=[("X-Amz-Security-Token", STS_TOKEN)])),
        STS_TOKEN,
        Kind.SECURITY_TOKEN,
        "<security-token-1>",
    ),
    Planted(
        "x-amz-security-token query parameter",
        har(entry("GET", f"{CONSOLE}/presigned?X-Amz-Security-Token={STS_TOKEN.replace('/', '%2F')}&x=1")),
        STS_TOKEN.replace("/", "%2F"),
        Kind.SECURITY_TOKEN,
        "X-Amz-Security-Token=%3Csecurity-token-1%3E&x=%3Cvalue-1%3E",  # x is not on the allow-list
    ),
    Planted(
        "sts session token in a body",
        har(entry("GET", f"{API}/credentials", body={"Credentials": {"SessionToken": STS_TOKEN}})),
        STS_TOKEN,
        Kind.SECURITY_TOKEN,
    ),
    Planted(
        "csrf header",
        har(entry("POST", f"{API}/access-keys", request_headers=[("X-CSRF-Token", CSRF)])),
        CSRF,
        Kind.CSRF_TOKEN,
        "<csrf-token-1>",
    ),
    Planted(
        "csrf body field",
        har(json_post(f"{API}/access-keys", {"userName": "bob", "csrfToken": CSRF})),
        CSRF,
        Kind.CSRF_TOKEN,
        '"csrfToken":"<csrf-token>"',  # request bodies are stored in their canonical form
    ),
    Planted(
        "csrf meta tag in html",
        har(page(f"{CONSOLE}/iam/home", f'<html><meta name="csrf-token" content="{CSRF}"></html>')),
        CSRF,
        Kind.CSRF_TOKEN,
        'content="<csrf-token-1>"',
    ),
    Planted(
        "password in json body",
        har(
            json_post(
                f"{SIGNIN}/__replica/api/signin/password",
                {"userType": "rootUser", "email": "root@example.com", "password": PASSWORD},
            )
        ),
        PASSWORD,
        Kind.PASSWORD,
        '"password":"<password>"',
    ),
    Planted(
        "password in form body",
        har(form_post(f"{SIGNIN}/signin", f"account=demo&password={PASSWORD.replace('&', '%26')}&x=1")),
        PASSWORD.replace("&", "%26"),
        Kind.PASSWORD,
        "account=demo&password=<password>&x=1",
    ),
    Planted(
        "mfa code in json body",
        har(json_post(f"{SIGNIN}/__replica/api/signin/mfa", {"code": "482913"})),
        "482913",
        Kind.MFA_CODE,
        '{"code":"*"}',  # canonical: a code changes on every run
    ),
    Planted(
        "mfa code in form body",
        har(form_post(f"{SIGNIN}/signin", "mfaCode=731902&action=mfa")),
        "731902",
        Kind.MFA_CODE,
        "action=mfa&mfaCode=<mfa-code>",
    ),
    Planted(
        "otp number in json body",
        har(json_post(f"{SIGNIN}/verify", {"otp": 905512})),
        "905512",
        Kind.MFA_CODE,
    ),
    Planted(
        "token field in a response",
        har(entry("GET", f"{API}/session", body={"refreshToken": "rT-8a7b6c5d4e3f2a1b"})),
        "rT-8a7b6c5d4e3f2a1b",
        Kind.TOKEN,
        "<token-1>",
    ),
    Planted(
        "jwt in free text",
        har(page(f"{CONSOLE}/console/home", f"<script>var t = '{JWT}';</script>")),
        JWT,
        Kind.TOKEN,
    ),
    Planted(
        "account id in the sign-in host",
        har(page(f"https://{ACCOUNT}.signin.aws.amazon.com/console", "<html></html>")),
        ACCOUNT,
        Kind.ACCOUNT_ID,
        "https://111111111111.signin.aws.amazon.com/console",
    ),
    Planted(
        "account id in a json body",
        har(entry("GET", f"{API}/account", body={"accountId": ACCOUNT, "accountName": "demo"})),
        ACCOUNT,
        Kind.ACCOUNT_ID,
        '"accountId": "111111111111"',
    ),
    Planted(
        "account id in an arn",
        har(entry("GET", f"{API}/users", body={"users": [{"arn": f"arn:aws:iam::{ACCOUNT}:user/bob"}]})),
        ACCOUNT,
        Kind.ACCOUNT_ID,
        "arn:aws:iam::111111111111:user/bob",
    ),
    Planted(
        "account id in a header",
        har(entry("GET", f"{API}/account", response_headers=[("X-Amzn-Account", ACCOUNT)])),
        ACCOUNT,
        Kind.ACCOUNT_ID,
    ),
    Planted(
        "account id with dashes",
        har(page(f"{CONSOLE}/console/home", "<span>Account ID: 9876-5432-1098</span>")),
        "9876-5432-1098",
        Kind.ACCOUNT_ID,
        "Account ID: 1111-1111-1111",
    ),
    Planted(
        "account id percent-encoded in a query",
        har(entry("GET", f"{SIGNIN}/signin?redirect_uri=https%3A%2F%2F{ACCOUNT}.signin.aws.amazon.com")),
        ACCOUNT,
        Kind.ACCOUNT_ID,
        "%2F%2F111111111111.signin",
    ),
    Planted(
        "email in a json body",
        har(json_post(f"{SIGNIN}/__replica/api/signin/identify", {"identifier": EMAIL})),
        EMAIL,
        Kind.EMAIL,
        '"identifier":"<email>"',
    ),
    Planted(
        "email percent-encoded in a url",
        har(entry("GET", f"{SIGNIN}/signin?email=jane.doe%40corp-mail.io&x=1")),
        "jane.doe%40corp-mail.io",
        Kind.EMAIL,
        "redacted-1%40example.com",
    ),
    Planted(
        "access key id in a url path",
        har(entry("DELETE", f"{API}/access-keys/{KEY_ID}?userName=bob", body={})),
        KEY_ID,
        Kind.ACCESS_KEY_ID,
        "/access-keys/AKIAREDAAAAABEXAMPLE?userName=bob",
    ),
    Planted(
        "temporary (ASIA) key id",
        har(entry("GET", f"{API}/whoami", body={"accessKeyId": SESSION_KEY_ID})),
        SESSION_KEY_ID,
        Kind.ACCESS_KEY_ID,
        "ASIA" + "REDAAAAABEXAMPLE",
    ),
    Planted(
        "secret in a secret-named field",
        har(
            json_post(f"{API}/access-keys", {"userName": "bob"}),
            entry(
                "POST",
                f"{API}/access-keys",
                body={"accessKey": {"accessKeyId": KEY_ID, "secretAccessKey": SECRET, "status": "Active"}},
            ),
        ),
        SECRET,
        Kind.SECRET_ACCESS_KEY,
        "RedactedSecretAccessKey00000000000000001",
    ),
    Planted(
        "secret next to a key id in csv text",
        har(
            entry(
                "GET",
                f"{CONSOLE}/download/rootkey.csv",
                body=f"Access key ID,Secret access key\n{KEY_ID},{SECRET}\n",
                mime="text/csv",
            )
        ),
        SECRET,
        Kind.SECRET_ACCESS_KEY,
        "AKIAREDAAAAABEXAMPLE,RedactedSecretAccessKey00000000000000001",
    ),
    Planted(
        "secret json-escaped inside html",
        har(
            page(
                f"{CONSOLE}/iam/home",
                '<script>window.data = {&quot;k&quot;: 1}; var x = {"id": "'
                + KEY_ID
                + '", "s": "'
                + SECRET.replace("/", "\\/")
                + '"};</script>',
            )
        ),
        SECRET.replace("/", "\\/"),
        Kind.SECRET_ACCESS_KEY,
    ),
    Planted(
        "key id in a base64 text body",
        har(
            entry(
                "GET",
                f"{API}/access-keys",
                body=base64.b64encode(json.dumps({"accessKeyId": KEY_ID}).encode()).decode(),
                encoding="base64",
            )
        ),
        KEY_ID,
        Kind.ACCESS_KEY_ID,
        "AKIA" + "REDAAAAABEXAMPLE",
    ),
    Planted(
        "secret in a page title",
        {
            **har(entry("GET", f"{CONSOLE}/console/home")),
            "log": {
                **har(entry("GET", f"{CONSOLE}/console/home"))["log"],
                "pages": [{"id": "page@1", "title": f"Signed in as {EMAIL}"}],
            },
        },
        EMAIL,
        Kind.EMAIL,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_scrub_replaces_each_kind_of_secret(case: Planted) -> None:
    leaks_before = find_leaks(case.document)
    assert case.kind in {leak.kind for leak in leaks_before}, leaks_before

    result = scrub_har(case.document)

    text = dumped(result.har)
    assert case.secret not in text
    if case.placeholder is not None:
        assert case.placeholder in text
    assert find_leaks(result.har) == []


def test_known_secret_without_a_recognisable_shape() -> None:
    secret = "velvet-Otter-on-a-Kite"
    document = har(
        entry("GET", f"{CONSOLE}/notes", body=f"note: remember {secret} for later", mime="text/plain"),
        entry("GET", f"{CONSOLE}/notes?q={secret}"),
    )
    assert secret in dumped(scrub_har(document).har), "no shape: scrub alone cannot know it"
    assert find_leaks(document) == []

    result = scrub_har(document, known_secrets=[secret])

    assert secret not in dumped(result.har)
    assert "remember <secret-1> for later" in dumped(result.har)
    assert result.har["log"]["entries"][1]["request"]["url"] == f"{CONSOLE}/notes?q=%3Csecret-1%3E"
    assert [leak.kind for leak in find_leaks(document, [secret])] == [Kind.SECRET, Kind.SECRET]
    assert find_leaks(result.har, [secret]) == []


def test_known_secret_in_a_password_field_stays_a_password_placeholder() -> None:
    document = har(
        json_post(f"{SIGNIN}/__replica/api/signin/password", {"password": PASSWORD}),
        entry("GET", f"{CONSOLE}/echo", body=f"you typed {PASSWORD}", mime="text/plain"),
    )
    result = scrub_har(document, known_secrets=[PASSWORD])
    text = dumped(result.har)
    assert PASSWORD not in text
    assert text.count("<password>") == 2


def test_same_value_same_placeholder_and_numbering_by_first_appearance() -> None:
    other_account = "210987654321"
    other_key = "AKIA" + "Z2X3C4V5B6N7M2K3"
    document = har(
        page(f"https://{ACCOUNT}.signin.aws.amazon.com/console", "<p>sign in</p>"),
        entry("GET", f"{API}/account", body={"accountId": ACCOUNT, "menu": "9876-5432-1098"}),
        entry(
            "GET",
            f"{API}/access-keys",
            body={"accessKeys": [{"accessKeyId": KEY_ID}, {"accessKeyId": other_key}]},
        ),
        entry("GET", f"{API}/roles", body={"arn": f"arn:aws:iam::{other_account}:role/x", "own": ACCOUNT}),
        entry("DELETE", f"{API}/access-keys/{other_key}", body={}),
        entry("GET", f"{API}/users", body={"email": EMAIL.upper(), "again": EMAIL}),
    )
    result = scrub_har(document)
    entries = result.har["log"]["entries"]
    assert entries[0]["request"]["url"].startswith("https://111111111111.signin")
    assert json.loads(entries[1]["response"]["content"]["text"]) == {
        "accountId": "111111111111",
        "menu": "1111-1111-1111",
    }
    keys = json.loads(entries[2]["response"]["content"]["text"])["accessKeys"]
    assert [k["accessKeyId"] for k in keys] == ["AKIA" + "REDAAAAABEXAMPLE", "AKIA" + "REDAAAAACEXAMPLE"]
    assert entries[3]["response"]["content"]["text"] == json.dumps(
        {"arn": "arn:aws:iam::222222222222:role/x", "own": "111111111111"}
    )
    assert entries[4]["request"]["url"].endswith("/access-keys/AKIAREDAAAAACEXAMPLE")
    assert json.loads(entries[5]["response"]["content"]["text"]) == {
        "email": "redacted-1@example.com",
        "again": "redacted-1@example.com",
    }
    assert result.distinct[Kind.ACCOUNT_ID] == 2
    assert result.distinct[Kind.ACCESS_KEY_ID] == 2


def test_value_learned_late_is_replaced_where_it_appeared_first() -> None:
    document = har(
        entry("GET", f"{CONSOLE}/echo", body=f"earlier echo of {PASSWORD}", mime="text/plain"),
        json_post(f"{SIGNIN}/__replica/api/signin/password", {"password": PASSWORD}),
    )
    text = dumped(scrub_har(document).har)
    assert PASSWORD not in text
    assert "earlier echo of <password>" in text


def test_scrub_is_deterministic_idempotent_and_leaves_its_input_alone() -> None:
    document = har(*(case.document["log"]["entries"][0] for case in CASES))
    original = copy.deepcopy(document)

    first = scrub_har(document)
    second = scrub_har(document)
    again = scrub_har(first.har)

    assert document == original
    assert first.har == second.har
    assert again.har == first.har
    assert find_leaks(first.har) == []


def test_placeholders_keep_the_shapes_replay_and_pages_need() -> None:
    document = CASES[[c.id for c in CASES].index("secret in a secret-named field")].document
    document = har(*document["log"]["entries"], entry("GET", f"{API}/account", body={"id": ACCOUNT}))
    text = dumped(scrub_har(document).har)
    key_id = re.search(r"AKIA\w{16}", text)
    secret = re.search(r"RedactedSecret\w+", text)
    assert key_id and re.fullmatch(r"AKIA[A-Z2-7]{16}", key_id.group())
    assert secret and re.fullmatch(r"[A-Za-z0-9/+]{40}", secret.group())
    assert '"id": "111111111111"' in text
    for value in (
        "AKIA" + "REDAAAAABEXAMPLE",
        "RedactedSecretAccessKey00000000000000001",
        "111111111111",
        "1111-1111-1111",
        "redacted-3@example.com",
        "<password>",
        "<cookie-12>",
    ):
        assert is_any_placeholder(value)


def test_what_is_not_secret_stays() -> None:
    bundle = (
        'const labels = {password: "Password", mfaCode: "MFA code", token: "Token"};'
        'img.src = "logo@2x.png"; const built = 1716123456789; const docsKey = "AKIA" + "IOSFODNN7EXAMPLE";'
    )
    body = {
        "error": {"code": "LimitExceeded", "message": "Cannot exceed quota for AccessKeysPerUser: 2"},
        "users": [{"userName": "bob", "passwordAge": "30 days", "mfa": "Virtual", "mfaEnabled": True}],
        "account": "123456789012",
        "email": "root@example.com",
    }
    document = har(
        entry("GET", f"{CONSOLE}/__replica/assets/replica.js", body=bundle, mime="application/javascript"),
        entry("POST", f"{API}/access-keys", status=409, body=body),
    )
    result = scrub_har(document)
    assert result.har == document
    assert find_leaks(document) == []


def test_binary_bodies_are_kept_but_checked() -> None:
    font = base64.b64encode(bytes(range(256)) * 4).decode()
    clean = har(entry("GET", f"{CONSOLE}/assets/font.woff2", body=font, mime="font/woff2", encoding="base64"))
    assert scrub_har(clean).har == clean
    assert find_leaks(clean) == []

    leaky = har(
        entry(
            "GET",
            f"{CONSOLE}/blob.bin",
            body=base64.b64encode(b"\x00\x01" + KEY_ID.encode() + b"\xff").decode(),
            mime="application/octet-stream",
            encoding="base64",
        )
    )
    assert [leak.kind for leak in find_leaks(leaky)] == [Kind.ACCESS_KEY_ID]


def test_summary_counts_kinds_never_values() -> None:
    result = scrub_har(CASES[0].document)
    assert result.summary() == "replaced 1 cookie"
    assert COOKIE not in repr(result.distinct) + result.summary()


def test_an_unlisted_address_stays_in_scripts_and_an_unlisted_token_does_not() -> None:
    """A path in an unlisted parameter is not a token: the bundle that holds it must still run on replay.

    A recording of the replica once turned the bundle's ``"/iam/home?region=us-east-1#"`` into
    ``"<value-2>#"`` (the same path was a parameter), and the replayed IAM page was blank.
    """
    token = "q8ZrT2mVx4LpN7sKd3Wf"
    bundle = 'function iam(e){return "/iam/home?region=us-east-1#"+e} const t = "' + token + '";'
    document = har(
        entry("GET", f"{CONSOLE}/__replica/api/next?where=%2Fiam%2Fhome%3Fregion%3Dus-east-1&ticket={token}"),
        entry("GET", f"{CONSOLE}/__replica/assets/replica.js", body=bundle, mime="application/javascript"),
    )
    scrubbed = scrub_har(document).har["log"]["entries"]
    url = unquote(scrubbed[0]["request"]["url"])
    assert url.endswith("?where=<value-1>&ticket=<value-2>"), url
    script = scrubbed[1]["response"]["content"]["text"]
    assert '"/iam/home?region=us-east-1#"' in script
    assert token not in script
