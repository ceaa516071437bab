"""Which origins the replica answers for, and what kind of host each URL names."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import SplitResult, quote

from .account import ReplicaAccount

SIGNIN_ORIGIN = "https://signin.aws.amazon.com"
CONSOLE_ORIGIN = "https://us-east-1.console.aws.amazon.com"
GLOBAL_CONSOLE_ORIGIN = "https://console.aws.amazon.com"
SIGNIN_HOST_SUFFIX = ".signin.aws.amazon.com"
#: The console's OAuth client id on sign-in URLs.
CLIENT_ID = "arn:aws:signin:::console/canvas"
REGION = "us-east-1"


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
        return url == self.console or url.startswith(self.console + "/")
