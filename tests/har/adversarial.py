"""The adversarial corpus: secrets planted in every place a recording, trace, report or terminal line
can carry them, in every encoding a browser, a server or a careless script uses.

A case is one place and one encoding. The planted payload is what a console session holds: a create
answer (key id, a digit-free secret the run never learnt, a session token) and the values the run knows
(password, MFA seed and the code typed, session cookie, account id, email). The test writes the file
(or the output) the way the tool does and asks `oracle.planted_in`, which shares no code with the
scrubber, whether any planted value is there in any encoding.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

from .helpers import API, CONSOLE, SIGNIN, entry, har, page

KEY_ID = "AKIA" + "ZQ3XW7V2UT4SR6PO"
SECRET = "SuxIBiEvqXZxhMKeFxRpPOhRtfvnDZJSBQ/RYabc"  # no digit, as about 1 real secret in 900
TOKEN = "IQoJb3JpZ2luX2VjEBcaCXVzLWVhc3QtMSJHMEUCIQDg4Xk9ZmVyUmFuZG9tVG9rZW4"
PASSWORD = "Corr3ct-Horse-Battery-9"
MFA_SEED = "KRUGS4ZANFZSAYJAONSWG4TFOQQHIZLT"
MFA_CODE = "492817"
COOKIE = "ck-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
ACCOUNT = "987654321098"
EMAIL = "jane.doe@corp-mail.io"

#: Every planted value, by label.
PLANTED = {
    "access key id": KEY_ID,
    "secret access key (no digit, never learnt)": SECRET,
    "session token": TOKEN,
    "password": PASSWORD,
    "MFA seed": MFA_SEED,
    "MFA code": MFA_CODE,
    "session cookie": COOKIE,
    "account id": ACCOUNT,
    "email": EMAIL,
}
#: What a run knows and hands the scrubber (the create answer's secret and token it never learnt).
KNOWN = [PASSWORD, MFA_SEED, MFA_CODE, COOKIE, ACCOUNT, EMAIL]


def payload() -> str:
    """A create answer with the run's other values beside it, as one JSON text."""
    return json.dumps(
        {
            "accessKey": {"accessKeyId": KEY_ID, "secretAccessKey": SECRET, "sessionToken": TOKEN},
            "signIn": {"password": PASSWORD, "mfaCode": MFA_CODE, "seed": MFA_SEED},
            "cookie": COOKIE,
            "account": ACCOUNT,
            "email": EMAIL,
        }
    )


def _b64(text: str, prefix: str = "") -> str:
    return base64.b64encode((prefix + text).encode()).decode()


#: Encodings of the payload (a JSON text) before it is put in a place.
ENCODINGS: dict[str, Callable[[str], str]] = {
    "plain": lambda text: text,
    "percent": lambda text: quote(text, safe=""),
    "percent twice": lambda text: quote(quote(text, safe=""), safe=""),
    "form": quote_plus,
    "json string": lambda text: json.dumps(text),
    "json escapes": lambda text: "".join(f"\\u{ord(char):04x}" if char.isalnum() else char for char in text),
    "base64": _b64,
    "base64url": lambda text: base64.urlsafe_b64encode(text.encode()).decode().rstrip("="),
    "base64 offset 1": lambda text: _b64(text, "x"),
    "base64 offset 2": lambda text: _b64(text, "xy"),
    "hex": lambda text: text.encode().hex(),
    "gzip base64": lambda text: base64.b64encode(gzip.compress(text.encode(), mtime=0)).decode(),
    "html entities": lambda text: "".join(f"&#{ord(char)};" for char in text),
    "jsonp": lambda text: f"callback({text});",
    "env lines": lambda text: "\n".join(
        [
            f"AWS_ACCESS_KEY_ID={KEY_ID}",
            f"AWS_SECRET_ACCESS_KEY={SECRET}",
            f"AWS_SESSION_TOKEN={TOKEN}",
            f"AWSSecretKey={SECRET}",
            f"password={PASSWORD}",
            f"note={MFA_SEED} {MFA_CODE} {COOKIE} {ACCOUNT} {EMAIL}",
        ]
    ),
}


def _with_request(base: dict[str, Any], **request: Any) -> dict[str, Any]:
    base["request"].update(request)
    return base


def _header(name: str, side: str) -> Callable[[str], dict[str, Any]]:
    def build(value: str) -> dict[str, Any]:
        item = entry("GET", f"{API}/account", body={"ok": True})
        item[side]["headers"].append({"name": name, "value": value})
        return item

    return build


def _json_body(value: str) -> dict[str, Any]:
    return entry("GET", f"{API}/notes", body={"items": [{"note": value}]})


def _request_json(value: str) -> dict[str, Any]:
    return entry("POST", f"{API}/notes", post=("application/json", json.dumps({"note": value})), body={})


def _form_as_text(value: str) -> dict[str, Any]:
    return entry("POST", f"{SIGNIN}/signin", post=("text/plain", f"action=note&note={quote(value)}"), body={})


def _base64_body(value: str) -> dict[str, Any]:
    encoded = base64.b64encode(value.encode()).decode()
    return entry("GET", f"{API}/blob", body=encoded, mime="application/json", encoding="base64")


def _binary_body(value: str) -> dict[str, Any]:
    data = b"\xa2\x61k\x58\x20" + value.encode() + b"\xff\x00"  # CBOR-ish bytes around the value
    return entry(
        "GET",
        f"{API}/cbor",
        body=base64.b64encode(data).decode(),
        mime="application/cbor",
        encoding="base64",
    )


def _html_attribute(value: str) -> dict[str, Any]:
    escaped = value.replace("&", "&amp;").replace('"', "&quot;")
    return page(f"{CONSOLE}/iam/home", f'<html><body><div data-config="{escaped}"></div></body></html>')


def _html_script(value: str) -> dict[str, Any]:
    return page(f"{CONSOLE}/iam/home", f"<html><script>window.__state = {json.dumps(value)};</script></html>")


def _script_answer(value: str) -> dict[str, Any]:
    answer = f"cb({json.dumps({'v': value})});"
    return entry("GET", f"{API}/config?callback=cb", body=answer, mime="text/javascript")


def _static_asset(value: str) -> dict[str, Any]:
    bundle = f"var a=1;/*{value}*/var b=2;"
    return entry("GET", f"{CONSOLE}/assets/app.js", body=bundle, mime="application/javascript")


def _query(value: str) -> dict[str, Any]:
    return entry("GET", f"{API}/search?q={quote(value, safe='')}&region=us-east-1", body={})


def _fragment(value: str) -> dict[str, Any]:
    return entry("GET", f"{CONSOLE}/callback#access_token={quote(value, safe='')}&state=1", body={})


def _userinfo(value: str) -> dict[str, Any]:
    host = CONSOLE.removeprefix("https://")
    return entry("GET", f"https://admin:{quote(value, safe='')}@{host}/x", body={})


def _redirect(value: str) -> dict[str, Any]:
    item = entry("GET", f"{CONSOLE}/go", status=302, body="")
    target = f"{CONSOLE}/landing?next={quote(value, safe='')}#token={quote(value, safe='')}"
    item["response"]["headers"].append({"name": "Location", "value": target})
    item["response"]["redirectURL"] = target
    return item


def _cookie(value: str) -> dict[str, Any]:
    item = entry("GET", f"{API}/account", body={})
    item["request"]["headers"].append({"name": "Cookie", "value": f"aws-session={quote(value, safe='')}"})
    item["request"]["cookies"] = [{"name": "aws-session", "value": value}]
    item["response"]["headers"].append({"name": "Set-Cookie", "value": f"s={quote(value, safe='')}; Path=/"})
    return item


def _multipart(value: str) -> dict[str, Any]:
    body = f'--B\r\nContent-Disposition: form-data; name="note"\r\n\r\n{value}\r\n--B--\r\n'
    return entry("POST", f"{API}/upload", post=("multipart/form-data; boundary=B", body), body={})


def _xml(value: str) -> dict[str, Any]:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;")
    xml = f"<?xml version='1.0'?><CreateAccessKeyResult><Note>{escaped}</Note></CreateAccessKeyResult>"
    return entry("POST", "https://iam.amazonaws.com/", body=xml, mime="text/xml")


def _websocket(value: str) -> dict[str, Any]:
    item = entry("GET", f"{CONSOLE}/ws", status=101, body="")
    item["_webSocketMessages"] = [{"type": "receive", "time": 1.0, "opcode": 1, "data": value}]
    return item


def _initiator(value: str) -> dict[str, Any]:
    item = entry("GET", f"{API}/account", body={})
    item["_initiator"] = {"type": "script", "url": f"{CONSOLE}/app.js?debug={quote(value, safe='')}"}
    return item


#: Places in a recording: a builder of the entry holding the (encoded) payload.
PLACES: dict[str, Callable[[str], dict[str, Any]]] = {
    "query parameter": _query,
    "url fragment": _fragment,
    "url user and password": _userinfo,
    "location and redirectURL": _redirect,
    "unknown request header": _header("X-Debug-State", "request"),
    "unknown response header": _header("X-Debug-State", "response"),
    "allow-listed header": _header("User-Agent", "request"),
    "cookies": _cookie,
    "json response field": _json_body,
    "json request body": _request_json,
    "form sent as text/plain": _form_as_text,
    "base64 response body": _base64_body,
    "binary response body": _binary_body,
    "html attribute": _html_attribute,
    "inline script": _html_script,
    "script answer": _script_answer,
    "static asset": _static_asset,
    "multipart field": _multipart,
    "xml answer": _xml,
    "websocket message": _websocket,
    "initiator url": _initiator,
}


@dataclass(frozen=True)
class Case:
    """One place, one encoding: the HAR that holds the planted payload there."""

    place: str
    encoding: str

    @property
    def id(self) -> str:
        return f"{self.place} / {self.encoding}"

    def document(self) -> dict[str, Any]:
        encoded = ENCODINGS[self.encoding](payload())
        signin = entry("GET", f"{CONSOLE}/console/home?region=us-east-1", body={"ok": True})
        return har(signin, PLACES[self.place](encoded))


#: Encodings a place can carry as it is (a static asset keeps its bytes: only known values leave it).
def recording_cases() -> list[Case]:
    """Every place with every encoding."""
    return [Case(place, encoding) for place in PLACES for encoding in ENCODINGS]


def _path(value: str) -> dict[str, Any]:
    return entry("GET", f"{API}/notes/{quote(value, safe='')}/view", body={})


PLACES["url path segment"] = _path

#: Encodings the report and terminal cases use (every recording case already crosses all of them).
SHORT_ENCODINGS = ("plain", "percent", "base64", "json string")


# -- traces ---------------------------------------------------------------------------------------


def _resource(members: dict[str, bytes], part: dict[str, Any], suffix: str) -> None:
    """Move a body out of a HAR part into a trace resource, named as Playwright names it."""
    text = part.pop("text", None)
    if not text:
        return
    data = base64.b64decode(text) if part.pop("encoding", None) == "base64" else text.encode()
    name = f"resources/{hashlib.sha1(data, usedforsecurity=False).hexdigest()}{suffix}"
    members[name] = data
    part["_file"] = name


def trace_members(entries: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, bytes]:
    """A Playwright trace zip's members: ``trace.network`` (bodies in ``resources/``) and
    ``trace.trace`` (the context, then `events`)."""
    members: dict[str, bytes] = {}
    lines = []
    for item in entries:
        snapshot = copy.deepcopy(item)
        _resource(members, snapshot["response"]["content"], ".json")
        if "postData" in snapshot["request"]:
            _resource(members, snapshot["request"]["postData"], ".dat")
        lines.append(json.dumps({"type": "resource-snapshot", "snapshot": snapshot}))
    members["trace.network"] = ("\n".join(lines) + "\n").encode()
    context = {"version": 8, "type": "context-options", "browserName": "chromium", "options": {}}
    members["trace.trace"] = ("\n".join(json.dumps(event) for event in [context, *events]) + "\n").encode()
    return members


def _action(value: str) -> list[dict[str, Any]]:
    params = {"selector": "internal:label=\"Note\"i", "value": value}
    return [
        {"type": "before", "callId": "call@1", "class": "Frame", "method": "fill", "params": params},
        {"type": "after", "callId": "call@1", "endTime": 2.0},
    ]


def _console(value: str) -> list[dict[str, Any]]:
    args = [{"preview": value}]
    return [{"type": "console", "messageType": "log", "text": f"state: {value}", "args": args}]


def _dom(value: str) -> list[dict[str, Any]]:
    html = ["HTML", {}, ["BODY", {"data-state": value}, ["SPAN", {}, value]]]
    snapshot = {"callId": "call@1", "snapshotName": "after@call@1", "frameId": "frame@1", "html": html}
    return [{"type": "frame-snapshot", "snapshot": snapshot}]


#: Places in a trace: (network entries, trace events) holding the encoded payload.
TRACE_PLACES: dict[str, Callable[[str], tuple[list[dict[str, Any]], list[dict[str, Any]]]]] = {
    "network: json answer": lambda value: ([_json_body(value)], []),
    "network: request body": lambda value: ([_request_json(value)], []),
    "network: query and headers": lambda value: ([_query(value), _header("X-Debug", "request")(value)], []),
    "network: redirect": lambda value: ([_redirect(value)], []),
    "network: base64 answer": lambda value: ([_base64_body(value)], []),
    "network: binary answer": lambda value: ([_binary_body(value)], []),
    "network: html page": lambda value: ([_html_attribute(value)], []),
    "action parameter": lambda value: ([], _action(value)),
    "console message": lambda value: ([], _console(value)),
    "dom snapshot": lambda value: ([], _dom(value)),
}


@dataclass(frozen=True)
class TraceCase:
    """One place in a trace, one encoding."""

    place: str
    encoding: str

    @property
    def id(self) -> str:
        return f"trace {self.place} / {self.encoding}"

    def members(self) -> dict[str, bytes]:
        entries, events = TRACE_PLACES[self.place](ENCODINGS[self.encoding](payload()))
        return trace_members(entries, events)


def trace_cases() -> list[TraceCase]:
    """Every trace place with every encoding."""
    return [TraceCase(place, encoding) for place in TRACE_PLACES for encoding in ENCODINGS]
