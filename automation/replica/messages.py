"""Framework-free HTTP messages: what the router takes in and gives back (Playwright, http.server, HAR)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit


@dataclass(frozen=True)
class ReplicaRequest:
    """One request: method, absolute URL, headers (any case) and raw body."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def parts(self) -> SplitResult:
        """The URL split into scheme, netloc, path, query, fragment."""
        return urlsplit(self.url)

    def query(self, name: str) -> str | None:
        """The first value of query parameter `name`, if present."""
        values = parse_qs(self.parts.query).get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        """A header value by case-insensitive name."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    def cookie(self, name: str) -> str | None:
        """A cookie value sent with the request."""
        raw = self.header("cookie")
        if not raw:
            return None
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # a malformed Cookie header is the same as none
            return None
        morsel = jar.get(name)
        return morsel.value if morsel else None

    def json(self) -> dict[str, Any]:
        """The body as a JSON object; ValueError if it is not one."""
        if not self.body:
            return {}
        data = json.loads(self.body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the request body must be a JSON object")
        return data


@dataclass(frozen=True)
class ReplicaResponse:
    """One answer. `abort` means: refuse the request (unknown); `delay` is seconds to wait first.

    `lost` means the server did the work but its answer never arrives (the request hangs);
    `declared_length` announces more bytes than `body` holds, so the transfer breaks midway.
    """

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0
    abort: bool = False
    lost: bool = False
    declared_length: int | None = None

    def header(self, name: str) -> str | None:
        """The first header called `name` (case-insensitive)."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def is_redirect(self) -> bool:
        """A 3xx answer with a Location."""
        return 300 <= self.status < 400 and self.header("location") is not None

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body.decode("utf-8"))

    def with_headers(self, extra: Iterable[tuple[str, str]]) -> ReplicaResponse:
        """A copy with more headers."""
        return replace(self, headers=(*self.headers, *extra))

    def delayed(self, seconds: float) -> ReplicaResponse:
        """A copy answered `seconds` later."""
        return replace(self, delay=self.delay + seconds)


_NO_STORE = ("cache-control", "no-store")


def json_response(data: Any, status: int = 200, cookies: Iterable[str] = ()) -> ReplicaResponse:
    """A JSON answer, optionally with Set-Cookie headers."""
    headers = [("content-type", "application/json; charset=utf-8"), _NO_STORE]
    headers += [("set-cookie", cookie) for cookie in cookies]
    return ReplicaResponse(status, tuple(headers), json.dumps(data).encode("utf-8"))


def error_response(code: str, message: str, status: int, cookies: Iterable[str] = ()) -> ReplicaResponse:
    """The API's error shape: `{"error": {"code", "message"}}`."""
    return json_response({"error": {"code": code, "message": message}}, status, cookies)


def html_response(html: str, status: int = 200) -> ReplicaResponse:
    """An HTML page."""
    headers = (("content-type", "text/html; charset=utf-8"), _NO_STORE)
    return ReplicaResponse(status, headers, html.encode("utf-8"))


def text_response(text: str, status: int) -> ReplicaResponse:
    """A plain-text answer (used for clear error messages)."""
    headers = (("content-type", "text/plain; charset=utf-8"), _NO_STORE)
    return ReplicaResponse(status, headers, text.encode("utf-8"))


def redirect_response(location: str) -> ReplicaResponse:
    """A 302 to `location`."""
    return ReplicaResponse(302, (("location", location), _NO_STORE), b"")


def unknown_response() -> ReplicaResponse:
    """The request is not part of the replica: abort it (never the real network)."""
    return ReplicaResponse(status=404, abort=True)


def dropped_download(file_name: str) -> ReplicaResponse:
    """A CSV download that announces more bytes than it sends: the transfer breaks after the header."""
    name = file_name.replace('"', "") or "download.csv"
    headers = (
        ("content-type", "text/csv"),
        ("content-disposition", f'attachment; filename="{name}"'),
        _NO_STORE,
    )
    return ReplicaResponse(200, headers, b"Access key ID,Secret access key\n", declared_length=4096)
