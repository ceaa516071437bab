"""The replica router: one framework-free `handle()` for every request, and its Playwright adapter."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import BrowserContext, Route
from playwright.sync_api import Error as PlaywrightError

from automation.resources import classic_pages

from .assets import ASSET_PREFIX, CLASSIC_PREFIX, AssetStore
from .classic import seed_classic_state
from .fake_iam import FakeIam
from .faults import SLOW_API_DELAY, SLOW_DELAY, THROTTLE_BURST, check_faults
from .hosts import HostKind, ReplicaHosts
from .iam_api import IamApi, iam_error
from .iam_types import IamError
from .messages import (
    ReplicaRequest,
    ReplicaResponse,
    dropped_download,
    error_response,
    html_response,
    json_response,
    redirect_response,
    text_response,
    unknown_response,
)
from .sessions import SESSION_COOKIE, Session, SessionStore
from .shell import page_title, render_classic_shell, render_redirect, render_shell, replica_globals
from .signin_api import SignInApi, not_signed_in
from .variants import check_variants
from .volatile import with_request_id

_log = logging.getLogger(__name__)
API_PREFIX = "/__replica/api/"
DOWNLOAD_PREFIX = "/__replica/download/"  # where `download-drop` sends "Download .csv file"
_SIGNIN_KINDS = (HostKind.SIGNIN, HostKind.ACCOUNT_SIGNIN, HostKind.LOCAL)
_SIGNIN_PAGES = ("/signin", "/sessions")  # /sessions/selector: the multi-session chooser
_CONSOLE_KINDS = (HostKind.CONSOLE, HostKind.LOCAL)
_CONSOLE_PAGES = ("/console/home", "/iam/home", "/iamv2/home")
_IAM_PAGES = ("/iam/home", "/iamv2/home")


def _is_page(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _is_console_page(kind: HostKind | None, path: str) -> bool:
    """A console page (Console Home, IAM) on a host that serves it."""
    return kind in _CONSOLE_KINDS and _is_page(path, _CONSOLE_PAGES)


class Replica:
    """The offline console for Playwright contexts (`attach`) and for `serve` (`handle`)."""

    def __init__(
        self,
        iam: FakeIam,
        faults: frozenset[str] = frozenset(),
        edition: str = "current",
        *,
        variants: frozenset[str] = frozenset(),
        hosts: ReplicaHosts | None = None,
        assets_dir: Path | None = None,
    ) -> None:
        self.iam = iam
        self.faults = check_faults(faults)
        self.variants = check_variants(variants)
        self.edition = edition
        hosts = hosts or ReplicaHosts()
        if "multi-session" in self.variants and not hosts.local:
            hosts = replace(hosts, multi_session=True)
        self.hosts = hosts
        self.assets = AssetStore(assets_dir)
        self.classic_assets = AssetStore(classic_pages(), CLASSIC_PREFIX)
        self.sessions = SessionStore(iam.account, expire_saved="session-expired" in self.faults)
        self.unknown_requests: list[str] = []
        self.created_key_ids: list[str] = []
        self.created_secrets: dict[str, str] = {}  # key id -> secret, for the state dump
        self.throttled: list[str] = []  # reads `throttle` refused, "GET endpoint"
        self._lock = threading.Lock()
        self._reads: dict[str, int] = {}
        self._expired_mid_run = False
        self._create_tried = False  # `keys-unreadable`: the key lists fail once a Create was tried
        self._signin = SignInApi(iam, self.sessions, self.hosts, self.faults, self.variants)
        self._iam_api = IamApi(iam, self.faults, self._record_created)
        if edition == "classic":
            seed_classic_state(iam)
        if "two-keys" in self.faults:
            iam.fill_to_quota(None)
            for name in iam.user_names():
                iam.fill_to_quota(name)

    # -- bookkeeping ------------------------------------------------------------------------

    def _record_created(self, key_id: str, secret: str) -> None:
        with self._lock:
            self.created_key_ids.append(key_id)
            self.created_secrets[key_id] = secret

    def _note_unknown(self, request: ReplicaRequest) -> None:
        with self._lock:
            self.unknown_requests.append(f"{request.method} {request.url}")

    def _record_unknown(self, request: ReplicaRequest) -> ReplicaResponse:
        self._note_unknown(request)
        return unknown_response()

    def session_for(self, request: ReplicaRequest) -> Session | None:
        """The session the request's cookie opens, if any."""
        return self.sessions.lookup(request.cookie(SESSION_COOKIE))

    # -- the handler ------------------------------------------------------------------------

    def handle(self, method: str, url: str, headers: Mapping[str, str], body: bytes = b"") -> ReplicaResponse:
        """Answer one request. Unknown requests come back with `abort=True` and are recorded.

        A bug in the replica answers 500 with the error (never a hang, never the network).
        """
        request = ReplicaRequest(method.upper(), url, headers, body)
        try:
            response = self._handle(request)
        except Exception as exc:
            _log.exception("replica failed on %s %s", request.method, request.url)
            return text_response(f"Replica error on {request.method} {request.url}: {exc!r}", 500)
        if "slow" in self.faults and not response.abort:
            return response.delayed(SLOW_DELAY)
        return response

    def _handle(self, request: ReplicaRequest) -> ReplicaResponse:
        kind = self.hosts.kind(request.parts, self.iam.account)
        if kind is None:
            return self._record_unknown(request)
        path = request.parts.path
        if path.startswith(API_PREFIX):
            response = self._api(request, unquote(path[len(API_PREFIX) :]))
            if response.abort:
                return self._record_unknown(request)
            return response.delayed(SLOW_API_DELAY) if "slow-api" in self.faults else response
        if request.method not in ("GET", "HEAD"):
            return self._record_unknown(request)
        if path.startswith(DOWNLOAD_PREFIX) and "download-drop" in self.faults:
            return dropped_download(unquote(path[len(DOWNLOAD_PREFIX) :]))
        if _is_bundle_file(path):
            store = self.assets if path.startswith(ASSET_PREFIX) else self.classic_assets
            response = store.answer(path)
            if response.status == 404:  # answered with the reason, and recorded for the flows
                self._note_unknown(request)
            return response
        if path == "/favicon.ico":
            return ReplicaResponse(204)
        return self._page(request, kind, path)

    def _page(self, request: ReplicaRequest, kind: HostKind, path: str) -> ReplicaResponse:
        """A page: the shell, or a redirect (region, sign-in)."""
        parts = request.parts
        query = f"?{parts.query}" if parts.query else ""
        if kind is HostKind.GLOBAL_CONSOLE:
            return redirect_response(f"{self.hosts.console}{path}{query}")
        if kind in _CONSOLE_KINDS and path == "/":
            return redirect_response(self.hosts.console_home())
        session = self.session_for(request)
        if _is_console_page(kind, path):
            signin = self._signin_instead(request, path, session)
            if signin:
                return redirect_response(signin)
            own = self._console_for(session)
            if own != f"{parts.scheme}://{parts.netloc}".lower() and self.hosts.multi_session:
                return redirect_response(f"{own}{path}{query}")  # multi-session: the session's own host
            return self._shell(path, session, console=True)
        if kind in _SIGNIN_KINDS and (path.startswith(_SIGNIN_PAGES) or path in ("/console", "/console/")):
            return self._shell(path, session)
        return self._record_unknown(request)

    def _signin_instead(self, request: ReplicaRequest, path: str, session: Session | None) -> str | None:
        """The sign-in URL a console page load goes to instead of `path`, or None when it may open."""
        if session is not None and not self._expires_here(request, path):
            return None
        query = f"?{request.parts.query}" if request.parts.query else ""
        return self.hosts.signin_url(f"{self.hosts.console}{path}{query}")

    def _page_answer(self, request: ReplicaRequest) -> ReplicaResponse:
        """GET page?path=P: what loading console page P would give, for the console bundle's in-page links.

        ``{"title", "replica"}`` where the load would be the console bundle's shell (the bundle then shows
        P without a new document), ``{"location"}`` where it would go to the sign-in page instead, and
        ``{"load": true}`` for anything else (the bundle loads P the ordinary way).
        """
        target = request.query("path") or ""
        if not target.startswith("/") or target.startswith("//"):
            return error_response("ValidationError", "path must be a path on this host, like /iam/home", 400)
        page = ReplicaRequest("GET", urljoin(request.url, target), request.headers)
        path = page.parts.path
        kind = self.hosts.kind(page.parts, self.iam.account)
        if not _is_console_page(kind, path) or self.edition == "classic":  # classic: another bundle
            return json_response({"load": True})
        session = self.session_for(page)
        signin = self._signin_instead(page, path, session)
        if signin:
            return json_response({"location": signin})
        return json_response({"title": page_title(path), "replica": self._globals(session)})

    def _expires_here(self, request: ReplicaRequest, path: str) -> bool:
        """`session-expired`: the first IAM page a session opens revokes it (once per replica)."""
        if "session-expired" not in self.faults or not _is_page(path, _IAM_PAGES):
            return False
        with self._lock:
            if self._expired_mid_run:
                return False
            self._expired_mid_run = True
        self.sessions.revoke(request.cookie(SESSION_COOKIE))
        return True

    def _throttled(self, request: ReplicaRequest, endpoint: str, session: Session) -> bool:
        """`throttle`: the Access keys table's reads are refused THROTTLE_BURST times each."""
        if "throttle" not in self.faults or request.method != "GET" or endpoint != "access-keys":
            return False
        if session.type != "root" and not request.query("userName"):
            return False  # the IAM dashboard's count (it hides errors): never throttled
        read = f"GET {endpoint}?{request.parts.query}"
        with self._lock:
            count = self._reads.get(read, 0)
            self._reads[read] = count + 1
            if count < THROTTLE_BURST:
                self.throttled.append(read)
                return True
        return False

    def _shell(self, path: str, session: Session | None, *, console: bool = False) -> ReplicaResponse:
        """The page shell; console pages of the classic edition get the classic pages (sign-in is shared)."""
        data = self._globals(session)
        render = render_classic_shell if console and self.edition == "classic" else render_shell
        return html_response(render(path, data))

    def _console_for(self, session: Session | None) -> str:
        """The console origin `session` uses (its own host under `multi-session`)."""
        if session is None:
            return self.hosts.console
        return self.hosts.session_console(self.iam.account.account_id, session.type, session.user_name)

    def _globals(self, session: Session | None) -> dict[str, Any]:
        """window.__REPLICA__ for a page opened by `session`."""
        hosts = replace(self.hosts, console=self._console_for(session))
        return replica_globals(
            edition=self.edition,
            faults=self.faults,
            variants=self.variants,
            hosts=hosts,
            session=session,
            iam=self.iam,
        )

    def _api(self, request: ReplicaRequest, endpoint: str) -> ReplicaResponse:
        """Dispatch `/__replica/api/<endpoint>`; IamError becomes the API's error shape."""
        try:
            body = request.json() if request.method in ("POST", "PUT") else {}
        except ValueError as exc:
            return error_response("ValidationError", f"The request body is not JSON: {exc}", 400)
        try:
            response = self._dispatch(request, endpoint, body)
        except IamError as exc:
            response = iam_error(exc)
        return with_request_id(response) if "volatile" in self.faults else response

    def _dispatch(self, request: ReplicaRequest, endpoint: str, body: dict[str, Any]) -> ReplicaResponse:
        method = request.method
        signin = self._signin
        signin_routes = {
            ("POST", "signin/identify"): signin.identify,
            ("POST", "signin/captcha"): signin.captcha,
            ("POST", "signin/password"): signin.password,
            ("POST", "signin/mfa"): signin.mfa,
        }
        if (method, endpoint) in signin_routes:
            return signin_routes[(method, endpoint)](request, body)
        if (method, endpoint) == ("GET", "page"):
            return self._page_answer(request)
        if (method, endpoint) == ("POST", "signout"):
            return signin.signout(request)
        session = self.session_for(request)
        if (method, endpoint) == ("GET", "session"):
            return signin.session(session)
        return self._iam_dispatch(request, endpoint, body, session)

    def _iam_dispatch(
        self, request: ReplicaRequest, endpoint: str, body: dict[str, Any], session: Session | None
    ) -> ReplicaResponse:
        handler = self._iam_route(request, endpoint, body)
        if handler is None:
            return unknown_response()
        if session is None:
            return not_signed_in()
        if self._throttled(request, endpoint, session):
            return error_response("ThrottlingException", "Rate exceeded", 429)
        if self._unreadable(request, endpoint):
            return error_response("ServiceFailure", "We encountered an internal error. Try again.", 500)
        return handler(session)

    def _unreadable(self, request: ReplicaRequest, endpoint: str) -> bool:
        """`keys-unreadable`: once a Create was tried, every Access keys read fails (500)."""
        if "keys-unreadable" not in self.faults or endpoint != "access-keys":
            return False
        with self._lock:
            if request.method == "POST":
                self._create_tried = True
                return False
            return request.method == "GET" and self._create_tried

    def _iam_route(
        self, request: ReplicaRequest, endpoint: str, body: dict[str, Any]
    ) -> Callable[[Session], ReplicaResponse] | None:
        """The handler for an IAM endpoint (it needs a session), or None if there is none."""
        api = self._iam_api
        match (request.method, *endpoint.split("/")):
            case ("GET", "access-keys"):
                return lambda session: api.list_keys(session, request)
            case ("POST", "access-keys"):
                return lambda session: api.create_key(session, body)
            case ("POST", "access-keys", key_id, "status"):
                return lambda session: api.set_status(session, key_id, body)
            case ("DELETE", "access-keys", key_id):
                return lambda session: api.delete_key(session, key_id, request)
            case ("GET", "users"):
                return lambda _session: api.list_users()
            case ("GET", "users", name):
                return lambda _session: api.get_user(name)
            case ("GET", "account"):
                return api.account
        return None

    # -- Playwright -------------------------------------------------------------------------

    def attach(self, context: BrowserContext) -> None:
        """Answer every request of `context` from the replica (unknown ones are aborted)."""
        context.route("**/*", self._on_route)

    def _on_route(self, route: Route) -> None:
        request = route.request
        headers = request.headers
        if not _is_bundle_file(urlsplit(request.url).path):  # bundle files never depend on cookies
            with suppress(PlaywrightError):
                headers = request.all_headers()  # a round trip to the driver, for the cookie header
        response = self.handle(request.method, request.url, headers, request.post_data_buffer or b"")
        try:
            if response.abort:
                route.abort("blockedbyclient")
                return
            if response.lost:
                return  # never answered: the page waits until it gives up (or navigates away)
            if response.delay:
                _wait(route, response.delay)
            route.fulfill(**_fulfil_args(response))
        except PlaywrightError:
            pass  # the page or context closed while we answered: nothing left to answer


def _is_bundle_file(path: str) -> bool:
    """A static file of a page bundle (script, stylesheet, font), answered the same to everyone."""
    return path.startswith((ASSET_PREFIX, CLASSIC_PREFIX))


def _wait(route: Route, seconds: float) -> None:
    """Wait without blocking other requests: the frame's timer yields to Playwright's loop."""
    try:
        route.request.frame.wait_for_timeout(seconds * 1000)
    except PlaywrightError:
        time.sleep(seconds)


def _fulfil_args(response: ReplicaResponse) -> dict[str, Any]:
    """route.fulfill() arguments; 3xx become a page that navigates (see docs/replica.md)."""
    if response.is_redirect:
        location = response.header("location") or "/"
        extra = [(k, v) for k, v in response.headers if k.lower() == "set-cookie"]
        page = html_response(render_redirect(location)).with_headers(
            [*extra, ("x-replica-redirect", location)]
        )
        response = page
    headers: dict[str, str] = {}
    for name, value in response.headers:
        key = name.lower()
        headers[key] = f"{headers[key]}\n{value}" if key in headers else value
    if response.declared_length is not None:
        headers["content-length"] = str(response.declared_length)
    return {"status": response.status, "headers": headers, "body": response.body}
