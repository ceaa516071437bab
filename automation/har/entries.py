"""Scrub a whole HAR: keep only what replay and review need, with every secret a placeholder.

Per entry (README "Recorded sessions" states the rule):

- URLs (request, ``redirectURL``, URL headers): no user name or password; query and fragment
  parameters kept by the allow-list (`automation.har.allowlist`), others get ``<value-N>``;
- headers: kept by the allow-list (values still scrubbed), cookies by name with placeholder values,
  secret-named headers by kind, every other value ``<value-N>``;
- request bodies: stored only in the canonical, scrubbed form replay matches on
  (`RequestNormaliser.body`); a binary one becomes ``<binary-body>``;
- response bodies: static assets kept (known values and secret shapes still replaced), others decoded
  and scrubbed by format (`automation.har.bodies`), undecodable ones dropped with a note;
- everything else (page titles, initiators, WebSocket frames, vendor fields): scrubbed as values.

`scrub_har` runs this twice over copies: the first pass learns every secret in order of first
appearance, the second writes the output with the final numbering, so a value learned late (a password
typed in entry 9) is also replaced where it appeared earlier (an echo in entry 2).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .allowlist import COOKIE_HEADERS, URL_HEADERS, keeps_header
from .bodies import decode_body, is_media, is_static_asset
from .harfile import require_har
from .kinds import Kind
from .matching import BINARY_BODY, RequestNormaliser
from .names import Side
from .safeurl import safe_url
from .scrub import Scrubber

#: Where a trace's entry points at the member holding its body.
_REFERENCES = ("_file", "_sha1")
#: Fields of a request or response this module handles itself (the rest are scrubbed as values).
_OWN_FIELDS = frozenset({"url", "headers", "cookies", "queryString", "postData", "content", "redirectURL"})


@dataclass
class ScrubResult:
    """A scrubbed copy of a HAR and what was replaced (counts only, never the values)."""

    har: dict[str, Any]
    distinct: dict[Kind, int] = field(default_factory=dict)
    replacements: dict[Kind, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for logs: how many distinct values of each kind were replaced, bodies dropped."""
        parts = [kind.counted(n) for kind, n in self.distinct.items()]
        text = "replaced " + ", ".join(parts) if parts else "no secrets found"
        if self.notes:
            text += f"; {len(self.notes)} bod{'ies' if len(self.notes) > 1 else 'y'} dropped (undecodable)"
        return text


class HarScrubber:
    """Scrubs HAR documents entry by entry with one `Scrubber` (see the module docstring)."""

    def __init__(self, scrubber: Scrubber, *, keep_references: bool = False) -> None:
        self.scrubber = scrubber
        self.keep_references = keep_references  # traces: bodies live in other members (`_file`)
        self.normaliser = RequestNormaliser(scrubber=scrubber)
        self.notes: list[str] = []
        self._where = ""

    def document(self, har: dict[str, Any]) -> dict[str, Any]:
        """Scrub a whole HAR in place (entries first, in order) and return it."""
        for index, entry in enumerate(require_har(har)):
            self.entry(entry, index)
        log = har["log"]
        for name in list(log):
            if name != "entries":
                log[name] = self.generic(log[name])
        for name in list(har):
            if name != "log":
                har[name] = self.generic(har[name])
        return har

    def entry(self, entry: dict[str, Any], index: int = 0) -> None:
        """Scrub one HAR entry in place: its request, then its response, then the rest."""
        request, response = entry["request"], entry["response"]
        method = str(request.get("method", "GET"))
        url = request.get("url") if isinstance(request.get("url"), str) else ""
        self._where = f"entry {index} ({method[:16]} {safe_url(self.scrubber.scrub_url(url))})"
        self.request(request)
        self.response(response, method, url)
        for name in list(entry):
            if name not in ("request", "response"):
                entry[name] = self.generic(entry[name])

    def request(self, request: dict[str, Any]) -> None:
        """The request: URL, headers, cookies, query, and its body in canonical form."""
        for name in list(request):
            value = request[name]
            if name == "url":
                request[name] = self.scrubber.scrub_url(value, Side.REQUEST)
            elif name == "headers":
                request[name] = self.headers(value, Side.REQUEST)
            elif name == "cookies":
                request[name] = self.cookies(value)
            elif name == "queryString":
                request[name] = self.query_string(value)
            elif name == "postData" and isinstance(value, dict):
                request[name] = self.post_data(value)
            elif name not in _OWN_FIELDS:
                request[name] = self.generic(value, Side.REQUEST)

    def response(self, response: dict[str, Any], method: str, url: str) -> None:
        """The response: headers, cookies, redirect, and its body."""
        for name in list(response):
            value = response[name]
            if name == "headers":
                response[name] = self.headers(value, Side.RESPONSE)
            elif name == "cookies":
                response[name] = self.cookies(value)
            elif name == "redirectURL":
                response[name] = self.scrubber.scrub_url(value, Side.REQUEST)
            elif name == "content" and isinstance(value, dict):
                self.content(value, method, url)
            elif name not in _OWN_FIELDS:
                response[name] = self.generic(value)

    # -- headers, cookies, parameters -----------------------------------------------------

    def headers(self, headers: Any, side: Side) -> Any:
        """Name/value headers: the allow-list, cookies by name, secret or other values replaced."""
        if not isinstance(headers, list):
            return self.generic(headers, side)
        for header in headers:
            if not isinstance(header, dict) or not isinstance(header.get("value"), str):
                continue
            name, value = str(header.get("name", "")), header["value"]
            lower = name.lower()
            if lower in COOKIE_HEADERS:
                header["value"] = self.scrubber.scrub_header(name, value, side)
            elif keeps_header(lower, side is Side.REQUEST):
                if lower in URL_HEADERS:
                    header["value"] = self.scrubber.scrub_url(value, Side.REQUEST)
                else:
                    header["value"] = self.scrubber.values.value(value, side)
            elif value:
                header["value"] = self.scrubber.scrub_header(name, value, side)
        return headers

    def cookies(self, cookies: Any) -> Any:
        """HAR cookie objects: names kept, values placeholders, attributes scrubbed."""
        if not isinstance(cookies, list):
            return self.generic(cookies)
        for cookie in cookies:
            if not isinstance(cookie, dict):
                continue
            for name, value in list(cookie.items()):
                if name == "value" and isinstance(value, str) and value:
                    cookie[name] = self.scrubber.redact(Kind.COOKIE, value)
                elif name != "name":
                    cookie[name] = self.generic(value)
        return cookies

    def query_string(self, pairs: Any) -> Any:
        """HAR queryString objects, by the same rule as the URL's query."""
        if not isinstance(pairs, list):
            return self.generic(pairs, Side.REQUEST)
        for pair in pairs:
            if not isinstance(pair, dict):
                continue
            name, value = str(pair.get("name", "")), pair.get("value")
            if isinstance(value, str):
                pair["value"] = self.scrubber.values.parameter(name, value, Side.REQUEST)
        return pairs

    # -- bodies ---------------------------------------------------------------------------

    def post_data(self, post: dict[str, Any]) -> dict[str, Any]:
        """A request body kept only in the canonical, scrubbed form replay matches on."""
        mime = post.get("mimeType") if isinstance(post.get("mimeType"), str) else ""
        text = post.get("text")
        if not isinstance(text, str) or not text:
            params = post.get("params")
            text = urlencode(_param_pairs(params)) if isinstance(params, list) and params else ""
        encoding = post.get("_encoding", post.get("encoding"))
        decoded = decode_body(text, encoding)
        if decoded.dropped:
            self.notes.append(f"{self._where}: request body dropped ({decoded.dropped})")
            canonical = f"<body dropped: {decoded.dropped}>"
        elif decoded.text is None:
            canonical = BINARY_BODY
        else:
            canonical = self.normaliser.body(decoded.text, mime)
        out: dict[str, Any] = {"mimeType": self.scrubber.values.value(mime, Side.REQUEST), "text": canonical}
        if "comment" in post:
            out["comment"] = self.generic(post["comment"])
        if self.keep_references:
            out.update({name: post[name] for name in _REFERENCES if isinstance(post.get(name), str)})
        return out

    def content(self, content: dict[str, Any], method: str, url: str) -> None:
        """A response body: static assets kept, others scrubbed by format, undecodable ones dropped."""
        mime = content.get("mimeType") if isinstance(content.get("mimeType"), str) else ""
        for name in list(content):
            if name not in ("text", "encoding", "size", *_REFERENCES):
                content[name] = self.generic(content[name])
        if self.keep_references and any(isinstance(content.get(name), str) for name in _REFERENCES):
            return  # the body is another member of the trace, scrubbed there
        if "_file" in content:
            del content["_file"]  # a body in a separate file: not copied, so not kept
            self._drop(content, "it was stored in a separate file")
            return
        if "text" not in content:
            return
        decoded = decode_body(content["text"], content.get("encoding"))
        if decoded.dropped:
            self._drop(content, decoded.dropped)
            return
        static = is_static_asset(method, url, mime)
        if decoded.text is None:
            if (
                static
                and is_media(mime)
                and self.scrubber.replace_known(_latin(decoded.data)) == _latin(decoded.data)
            ):
                return  # media kept as it was (base64)
            reason = "a known secret is inside its binary data" if static else f"binary {mime or 'data'}"
            self._drop(content, reason)
            return
        if static:  # the same for everyone: only a JSONP answer dressed as a file is decoded
            scrubbed = self.scrubber.values.script(decoded.text, Side.RESPONSE)
            scrubbed = self.scrubber.scrub_text(scrubbed or decoded.text, Side.RESPONSE, named=False)
        else:
            scrubbed = self.scrubber.scrub_body(decoded.text, mime, Side.RESPONSE)
        content["text"] = scrubbed
        content.pop("encoding", None)
        if isinstance(content.get("size"), int) and content["size"] >= 0:
            content["size"] = len(scrubbed.encode("utf-8"))

    def _drop(self, content: dict[str, Any], reason: str) -> None:
        content["text"] = f"<body dropped: {reason}>"
        content.pop("encoding", None)
        content["size"] = 0
        self.notes.append(f"{self._where}: response body dropped ({reason})")

    def generic(self, data: Any, side: Side = Side.RESPONSE) -> Any:
        """Any JSON value: strings scrubbed as values (URLs by the URL rules, JSON field by field)."""
        if isinstance(data, str):
            return self.scrubber.values.value(data, side)
        if isinstance(data, dict):
            return {name: self.generic(value, side) for name, value in data.items()}
        if isinstance(data, list):
            return [self.generic(item, side) for item in data]
        return data


def _param_pairs(params: list[Any]) -> list[tuple[str, str]]:
    return [
        (str(item.get("name", "")), str(item.get("value", ""))) for item in params if isinstance(item, dict)
    ]


def _latin(data: bytes | None) -> str:
    return (data or b"").decode("latin-1")


def scrub_har(har: dict[str, Any], known_secrets: Iterable[str] = ()) -> ScrubResult:
    """A scrubbed deep copy of `har` (the input is not changed); see the module docstring."""
    require_har(har)
    scrubber = Scrubber(known_secrets)
    HarScrubber(scrubber).document(copy.deepcopy(har))
    scrubber.freeze()
    writer = HarScrubber(scrubber)
    output = writer.document(copy.deepcopy(har))
    return ScrubResult(
        har=output, distinct=scrubber.distinct(), replacements=dict(scrubber.replaced), notes=writer.notes
    )
