"""Serve a scrubbed recording to a Playwright context, in recorded order, never the network.

Unlike ``context.route_from_har`` this router:

- is order-aware: the n-th identical request (same `RequestKey`) gets the n-th recorded
  answer, and after the last one the last answer again (a key list read before and after
  "Create" replays both states);
- matches POST bodies (JSON parsed and sorted), ignores volatile query values, and scrubs the
  live request with the recording's rules so a live password matches ``<password>``;
- aborts any request it has no recording for and lists it in `unmatched` (method and URL,
  scrubbed), so the caller can fail at once with `raise_if_unmatched`;
- replays redirects: navigations are redirected (Chromium does not route the next hop of a
  fulfilled 3xx), other requests follow the recorded chain.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from playwright.sync_api import BrowserContext, Request, Route, WebSocketRoute
from playwright.sync_api import Error as PlaywrightError

from automation.errors import RecordingError

from .harfile import load_har
from .matching import RequestKey, RequestNormaliser

#: Response headers not replayed: the body is stored decoded and its length is recomputed.
DROPPED_HEADERS = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"}
)
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class UnmatchedRequest:
    """A live request the recording has no answer for (URL scrubbed like the recording)."""

    method: str
    url: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.url}" + (f" ({self.hint})" if self.hint else "")


class HarReplayRouter:
    """Replays a recording made by `HarRecorder` (or any console HAR with embedded bodies).

    Pass the `known_secrets` the recording was made with when they can appear in requests
    outside secret-named fields (passwords, MFA codes, emails, account and key ids are
    recognised anyway). Create the context with `context_options()` (service workers blocked),
    `attach` it before the first page opens, and check `unmatched` (or `raise_if_unmatched`)
    after each step.
    """

    def __init__(self, path: str | Path, known_secrets: Iterable[str] = ()) -> None:
        self.path = Path(path)
        self.har = load_har(self.path)
        self.entries: list[dict[str, Any]] = self.har["log"]["entries"]
        self.unmatched: list[UnmatchedRequest] = []
        self.served: list[tuple[RequestKey, int]] = []
        self._live = RequestNormaliser(known_secrets)
        self._index: dict[RequestKey, list[int]] = {}
        self._calls: Counter[RequestKey] = Counter()
        recorded = RequestNormaliser()
        for position, entry in enumerate(self.entries):
            request = entry["request"]
            post = request.get("postData") if isinstance(request.get("postData"), dict) else {}
            key = recorded.key(request["method"], request["url"], _post_text(post), post.get("mimeType"))
            self._index.setdefault(key, []).append(position)

    # -- Playwright ------------------------------------------------------------------------

    @staticmethod
    def context_options() -> dict[str, Any]:
        """Extra ``browser.new_context`` options replay needs (service workers bypass routes)."""
        return {"service_workers": "block"}

    def attach(self, context: BrowserContext) -> None:
        """Answer every request of `context` from the recording (and no WebSocket opens)."""
        context.route("**/*", self._on_route)
        context.route_web_socket(re.compile(r".*"), self._on_web_socket)

    def detach(self, context: BrowserContext) -> None:
        """Stop answering `context`'s requests."""
        context.unroute("**/*", self._on_route)

    def _on_route(self, route: Route) -> None:
        request = route.request
        try:
            body = request.post_data_buffer
            mime = request.headers.get("content-type")
            position = self.lookup(request.method, request.url, body, mime)
            if position is None:
                self._unmatched(request.method, request.url, body, mime)
                route.abort()
                return
            self._serve(route, request, position, 0)
        except PlaywrightError:
            pass  # the page or context closed while we answered
        except Exception as error:  # a malformed entry must fail the run, not hang the page
            url = self._live.scrubber.scrub_url(request.url)
            self.unmatched.append(UnmatchedRequest(request.method, url, f"replay failed: {error!r}"))
            with suppress(PlaywrightError):
                route.abort()

    def _on_web_socket(self, socket: WebSocketRoute) -> None:
        self.unmatched.append(UnmatchedRequest("WEBSOCKET", self._live.scrubber.scrub_url(socket.url)))
        socket.close(code=1008, reason="no recording")

    # -- matching --------------------------------------------------------------------------

    def lookup(
        self, method: str, url: str, body: str | bytes | None = None, mime: str | None = None
    ) -> int | None:
        """The entry answering this request (consuming its turn), or None."""
        key = self._live.key(method, url, body, mime)
        positions = self._index.get(key)
        if not positions:
            return None
        turn = self._calls[key]
        self._calls[key] += 1
        position = positions[min(turn, len(positions) - 1)]
        self.served.append((key, position))
        return position

    def _unmatched(self, method: str, url: str, body: str | bytes | None, mime: str | None) -> None:
        key = self._live.key(method, url, body, mime)
        same_path = [k for k in self._index if k.method == key.method and _path(k.url) == _path(key.url)]
        hint = ""
        if same_path:
            hint = f"recorded with another query or body: {same_path[0]}"
        self.unmatched.append(UnmatchedRequest(method.upper(), self._live.scrubber.scrub_url(url), hint))

    def problems(self) -> list[str]:
        """The unmatched requests as ``METHOD URL`` lines (for error messages)."""
        return [str(item) for item in self.unmatched]

    def raise_if_unmatched(self) -> None:
        """RecordingError naming every request that had no recording (if any)."""
        if not self.unmatched:
            return
        listed = "; ".join(str(item) for item in self.unmatched[:5])
        more = f" (and {len(self.unmatched) - 5} more)" if len(self.unmatched) > 5 else ""
        raise RecordingError(
            step="replay recording",
            reason=f"{len(self.unmatched)} request(s) have no recording in {self.path}: {listed}{more}.",
            fix=(
                "Record the run again with --record (the flow or the console changed since), "
                "or check that --target har:PATH names the right recording."
            ),
        )

    def unused_entries(self) -> list[int]:
        """Entries no request has used yet (a replay that skipped part of the recording)."""
        used = {position for _, position in self.served}
        return [position for position in range(len(self.entries)) if position not in used]

    # -- answering ---------------------------------------------------------------------------

    def _serve(self, route: Route, request: Request, position: int, hops: int) -> None:
        response = self.entries[position]["response"]
        status = int(response.get("status", 0))
        navigation = request.is_navigation_request()
        target = self._navigated_to(position) if navigation else None
        if target is not None:
            _redirect_navigation(route, target)
            return
        if status <= 0:
            route.abort()
            return
        location = _header(response, "location") or response.get("redirectURL") or ""
        if 300 <= status < 400 and location:
            target = urljoin(request.url, location)
            if navigation:
                _redirect_navigation(route, target)
                return
            keep = status in (307, 308)
            method = request.method if keep else "GET"
            body = request.post_data_buffer if keep else None
            mime = request.headers.get("content-type") if keep else None
            following = self.lookup(method, target, body, mime) if hops < MAX_REDIRECTS else None
            if following is None:
                self._unmatched(method, target, body, mime)
                route.abort()
                return
            self._serve(route, request, following, hops + 1)
            return
        route.fulfill(status=status, headers=_replay_headers(response), body=_body(response, self.path))

    def _navigated_to(self, position: int) -> str | None:
        """Where a document that left no trace went: the frame's next document request.

        Two cases: a navigation answered with Playwright's redirect is recorded as aborted
        (status -1, ERR_ABORTED) before the request it went to; and a page that navigates away
        at once (``location.replace``) loses its body, which Chromium drops before Playwright
        reads it. Replaying either as a redirect to the next document gives the same result.
        """
        entry = self.entries[position]
        response = entry["response"]
        status = int(response.get("status", 0))
        content = response.get("content") or {}
        aborted = status <= 0 and "ABORTED" in str(response.get("_failureText", ""))
        bodiless = 200 <= status < 300 and "text" not in content and "_file" not in content
        if entry.get("_resourceType") != "document" or not (aborted or bodiless):
            return None
        frame = entry.get("_frameref")
        for later in self.entries[position + 1 :]:
            if later.get("_resourceType") == "document" and later.get("_frameref") == frame:
                return str(later["request"]["url"])
        return None


def _redirect_navigation(route: Route, url: str) -> None:
    """Send a navigation to `url` the way Playwright's own HAR router does.

    Fulfilling a navigation with a 3xx makes Chromium fetch the next hop from the network,
    unrouted; Playwright's internal ``redirectNavigationRequest`` restarts the navigation on
    the target instead, through the routes. Falls back to a plain 302 if the API moved.
    """
    impl = getattr(route, "_impl_obj", None)
    redirect = getattr(impl, "_redirect_navigation_request", None)
    if redirect is not None:
        route._sync(redirect(url))  # type: ignore[attr-defined]
    else:
        route.fulfill(status=302, headers={"location": url})


def _header(response: dict[str, Any], name: str) -> str | None:
    for header in response.get("headers") or []:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == name:
            return str(header.get("value", ""))
    return None


def _replay_headers(response: dict[str, Any]) -> dict[str, str]:
    """Recorded response headers for ``route.fulfill`` (Set-Cookie lines joined by newlines)."""
    headers: dict[str, str] = {}
    for header in response.get("headers") or []:
        if not isinstance(header, dict):
            continue
        name, value = str(header.get("name", "")).lower(), str(header.get("value", ""))
        if not name or name in DROPPED_HEADERS:
            continue
        if name in headers:
            joiner = "\n" if name == "set-cookie" else ", "
            headers[name] = f"{headers[name]}{joiner}{value}"
        else:
            headers[name] = value
    mime = (response.get("content") or {}).get("mimeType")
    if "content-type" not in headers and mime and mime != "x-unknown":
        headers["content-type"] = str(mime)
    return headers


def _body(response: dict[str, Any], har_path: Path) -> bytes:
    """The recorded body: embedded text, embedded base64, or an attached ``_file``."""
    content = response.get("content") or {}
    text = content.get("text")
    if isinstance(text, str):
        if content.get("encoding") == "base64":
            return base64.b64decode(text)
        return text.encode("utf-8")
    attached = content.get("_file")
    if isinstance(attached, str):
        folder = har_path.resolve().parent
        file = (folder / attached).resolve()
        if file.is_relative_to(folder) and file.is_file():
            return file.read_bytes()
    return b""


def _post_text(post: dict[str, Any]) -> str | bytes | None:
    """A recorded request body (base64 when the recorder had to keep binary bytes)."""
    text = post.get("text")
    if isinstance(text, str) and post.get("_encoding") == "base64":
        return base64.b64decode(text)
    return text if isinstance(text, str) else None


def _path(url: str) -> str:
    return url.split("?", 1)[0]
