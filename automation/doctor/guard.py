"""In doctor mode the browser itself refuses every request that would create, delete or update an access
key: a context route that runs before any other, so no click (by the tool or a person with --headed)
can change the account's keys.

What counts as a key change, whatever API the console uses: any request but GET/HEAD/OPTIONS whose URL,
``X-Amz-Target`` header or body names ``CreateAccessKey``, ``DeleteAccessKey`` or ``UpdateAccessKey``
(the IAM actions, in any case, with or without separators), or that goes to an ``access-keys`` path
(the replica's own API and any REST-style endpoint).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from urllib.parse import unquote_plus, urlsplit

from playwright.sync_api import BrowserContext, Route
from playwright.sync_api import Error as PlaywrightError

KEY_CHANGE_ACTIONS = re.compile(r"(create|delete|update)[-_ ]?access[-_ ]?keys?\b", re.IGNORECASE)
KEY_PATHS = re.compile(r"/access[-_]?keys?(/|$)", re.IGNORECASE)
READS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_key_change(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> bool:
    """True when the request would create, delete or update an access key."""
    if method.upper() in READS:
        return False
    if KEY_PATHS.search(urlsplit(url).path):
        return True
    text = " ".join(
        [
            unquote_plus(url),
            headers.get("x-amz-target", ""),
            unquote_plus((body or b"").decode("utf-8", "replace")),
        ]
    )
    return bool(KEY_CHANGE_ACTIONS.search(text))


class KeyChangeGuard:
    """Blocks key changes in the contexts it is attached to, and remembers each one it blocked."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self._lock = threading.Lock()

    def attach(self, context: BrowserContext) -> None:
        """Route every request of ``context`` through the guard first (attach it after the target)."""
        context.route("**/*", self._on_route)

    def _on_route(self, route: Route) -> None:
        request = route.request
        try:
            if is_key_change(request.method, request.url, request.headers, request.post_data_buffer):
                with self._lock:
                    self.blocked.append(f"{request.method} {request.url.split('?', 1)[0]}")
                route.abort("blockedbyclient")
            else:
                route.fallback()  # on to the target's own routing (replica, recording) or the network
        except PlaywrightError:
            pass  # the page or context closed meanwhile
