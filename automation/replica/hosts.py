"""Which origins the replica answers for, and what kind of host each URL names."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import SplitResult, quote, urlsplit

from .account import ReplicaAccount

SIGNIN_ORIGIN = "https://signin.aws.amazon.com"
CONSOLE_ORIGIN = "https://us-east-1.console.aws.amazon.com"
GLOBAL_CONSOLE_ORIGIN = "https://console.aws.amazon.com"
SIGNIN_HOST_SUFFIX = ".signin.aws.amazon.com"
#: The console's OAuth client id on sign-in URLs.
CLIENT_ID = "arn:aws:signin:::console/canvas"
REGION = "us-east-1"
#: Multi-session console hosts: ``<account id>-<session tag>.<region>.console.aws.amazon.com``.
MULTI_SESSION_HOST = re.compile(r"^(\d{12})-([a-z0-9]{8,40})\.us-east-1\.console\.aws\.amazon\.com$")


def session_tag(session_type: str, user_name: str | None) -> str:
    """The stable, opaque part of a multi-session host name for one identity (8 hex digits)."""
    return hashlib.sha256(f"replica-session:{session_type}:{user_name or ''}".encode()).hexdigest()[:8]


class HostKind(Enum):
    """What a URL's origin is, for routing."""

    SIGNIN = "signin"  # signin.aws.amazon.com
    ACCOUNT_SIGNIN = "account-signin"  # <account id or alias>.signin.aws.amazon.com
    GLOBAL_CONSOLE = "global-console"  # console.aws.amazon.com (redirects to the region)
    CONSOLE = "console"  # us-east-1.console.aws.amazon.com
    LOCAL = "local"  # serve mode: one origin for everything


@dataclass(frozen=True)
class ReplicaHosts:
    """The origins pages use (window.__REPLICA__.hosts) and how the session cookie is scoped."""

    signin: str = SIGNIN_ORIGIN
    console: str = CONSOLE_ORIGIN
    cookie_domain: str | None = ".amazon.com"
    secure_cookies: bool = True
    local: bool = False
    multi_session: bool = False  # the `multi-session` variant: one console host per signed-in identity

    @classmethod
    def localhost(cls, port: int) -> ReplicaHosts:
        """Serve mode: both logical hosts are http://127.0.0.1:PORT; host-only, non-Secure cookie."""
        origin = f"http://127.0.0.1:{port}"
        return cls(signin=origin, console=origin, cookie_domain=None, secure_cookies=False, local=True)

    def to_json(self) -> dict[str, str]:
        """The `hosts` object of window.__REPLICA__."""
        return {"signin": self.signin, "console": self.console}

    def kind(self, parts: SplitResult, account: ReplicaAccount) -> HostKind | None:
        """The kind of host `parts` names, or None when the replica does not serve it."""
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if self.local:
            return HostKind.LOCAL if origin == self.signin else None
        if parts.scheme != "https" or parts.port is not None:
            return None
        host = (parts.hostname or "").lower()
        if origin == self.signin:
            return HostKind.SIGNIN
        if origin == self.console:
            return HostKind.CONSOLE
        if origin == GLOBAL_CONSOLE_ORIGIN:
            return HostKind.GLOBAL_CONSOLE
        if self.multi_session:
            found = MULTI_SESSION_HOST.match(host)
            if found and found.group(1) == account.account_id:
                return HostKind.CONSOLE
        if host.endswith(SIGNIN_HOST_SUFFIX):
            label = host[: -len(SIGNIN_HOST_SUFFIX)]
            if "." not in label and account.names_account(label):
                return HostKind.ACCOUNT_SIGNIN
        return None

    def console_home(self) -> str:
        """Console Home, where sign-in lands by default."""
        return f"{self.console}/console/home?region={REGION}"

    def signin_url(self, redirect_uri: str) -> str:
        """The sign-in page that returns to `redirect_uri` afterwards."""
        return (
            f"{self.signin}/signin?redirect_uri={quote(redirect_uri, safe='')}"
            f"&client_id={quote(CLIENT_ID, safe='')}"
        )

    def is_console_url(self, url: str) -> bool:
        """True when `url` is on the console origin (a safe place to land after sign-in)."""
        if url == self.console or url.startswith(self.console + "/"):
            return True
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return self.multi_session and parts.scheme == "https" and bool(MULTI_SESSION_HOST.match(host))

    def session_console(self, account_id: str, session_type: str, user_name: str | None) -> str:
        """The console origin a session uses: its own host under `multi-session`, else the console's."""
        if not self.multi_session or self.local:
            return self.console
        tag = session_tag(session_type, user_name)
        return f"https://{account_id}-{tag}.{REGION}.console.aws.amazon.com"

    def on_origin(self, url: str, origin: str) -> str:
        """`url` moved to `origin` (same path, query and fragment)."""
        parts = urlsplit(url)
        query = f"?{parts.query}" if parts.query else ""
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f"{origin}{parts.path or '/'}{query}{fragment}"
