"""`serve` mode: the replica on a localhost HTTP server (127.0.0.1 only), for looking at the pages."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .fake_iam import FakeIam
from .hosts import ReplicaHosts
from .messages import ReplicaResponse
from .router import Replica
from .volatile import fake_iam_for

BIND_ADDRESS = "127.0.0.1"


@dataclass(frozen=True)
class ServeOptions:
    """What `python -m automation.replica serve` was asked for."""

    port: int = 8765
    faults: frozenset[str] = frozenset()
    variants: frozenset[str] = frozenset()  # multi-session needs real host names: not served here
    seed: int = 0
    edition: str = "current"
    quiet: bool = False


class _Handler(BaseHTTPRequestHandler):
    """Feeds every request to the replica's framework-free handler."""

    server: ReplicaServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        url = f"{self.server.replica.hosts.signin}{self.path}"
        response = self.server.replica.handle(self.command, url, dict(self.headers.items()), body)
        if response.abort:
            response = _unknown_page(self.command, url)
        if response.delay:
            time.sleep(response.delay)  # this request's own thread: other requests go on
        if response.lost:  # the work is done, the answer never comes: the connection just ends
            self.close_connection = True
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        declared = response.declared_length
        self.send_header("content-length", str(len(response.body) if declared is None else declared))
        if declared is not None:
            self.close_connection = True  # fewer bytes than announced: the transfer breaks midway
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _answer_quietly(self) -> None:
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the browser went away mid-answer: nothing to report

    do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = do_PATCH = _answer_quietly

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"replica: {format % args}\n")


def _unknown_page(method: str, url: str) -> ReplicaResponse:
    text = f"The replica does not serve {method} {url} (recorded as an unknown request).\n"
    return ReplicaResponse(404, (("content-type", "text/plain; charset=utf-8"),), text.encode("utf-8"))


class ReplicaServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that answers from one Replica."""

    daemon_threads = True
    replica: Replica
    quiet: bool

    def __init__(self, options: ServeOptions, iam: FakeIam | None = None) -> None:
        super().__init__((BIND_ADDRESS, options.port), _Handler)
        port = self.server_address[1]
        self.quiet = options.quiet
        self.replica = Replica(
            iam or fake_iam_for(frozenset(options.faults), options.seed),
            faults=options.faults,
            variants=options.variants,
            edition=options.edition,
            hosts=ReplicaHosts.localhost(port),
        )

    @property
    def origin(self) -> str:
        """http://127.0.0.1:PORT"""
        return self.replica.hosts.signin

    @property
    def start_url(self) -> str:
        """The URL to open: Console Home (signed out, so it leads to sign-in)."""
        return self.replica.hosts.console_home()

    def serve_in_thread(self) -> threading.Thread:
        """Serve from a daemon thread (tests); stop with `shutdown()`."""
        thread = threading.Thread(target=self.serve_forever, name="replica-serve", daemon=True)
        thread.start()
        return thread
