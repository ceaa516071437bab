"""Console sessions (the `aws-replica-session` cookie) and sign-ins in progress.

A session token is signed (HMAC) with a key derived from the account, so a token saved with
Playwright's `storage_state` in one run is accepted by the next run's replica. Tokens carry the id of
the replica instance that issued them: the `session-expired` fault refuses every token not issued by
this instance ("saved" sessions) while sessions signed in during the run keep working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass, replace
from typing import Any

from .account import ReplicaAccount
from .hosts import ReplicaHosts

SESSION_COOKIE = "aws-replica-session"
SIGNIN_COOKIE = "aws-replica-signin"


@dataclass(frozen=True)
class Session:
    """Who is signed in: the root user, or an IAM user."""

    type: str  # "root" | "iam"
    user_name: str | None = None  # IAM users only

    def to_json(self, account: ReplicaAccount) -> dict[str, Any]:
        """The `session` object of the contract (window.__REPLICA__.session, GET session)."""
        data: dict[str, Any] = {
            "type": self.type,
            "accountId": account.account_id,
            "accountName": account.account_name,
            "accountAlias": account.alias,
        }
        if self.type == "iam":
            data["userName"] = self.user_name
        else:
            data["email"] = account.root_email
        return data


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in between its steps (identify → captcha → password → MFA)."""

    user_type: str = ""  # "rootUser" | "iamUser"
    identifier: str = ""
    captcha_solved: bool = False
    mfa_for: Session | None = None  # set once the password was right and MFA is due
    mfa_seed: str = ""
    redirect: str | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionStore:
    """Issues, checks and revokes session tokens; keeps pending sign-ins. Thread-safe."""

    def __init__(self, account: ReplicaAccount, *, expire_saved: bool = False) -> None:
        self._account = account
        self._key = hashlib.sha256(f"aws-replica-session:{account.account_id}".encode()).digest()
        self._instance = secrets.token_hex(8)
        self._expire_saved = expire_saved
        self._revoked: set[str] = set()
        self.issued: list[str] = []  # every token handed out (for the state dump tests read)
        self._pending: dict[str, PendingSignIn] = {}
        self._lock = threading.Lock()

    # -- sessions ---------------------------------------------------------------------------

    def issue(self, session: Session) -> str:
        """A new opaque token for `session`."""
        payload = {
            "t": session.type,
            "u": session.user_name,
            "i": self._instance,
            "n": secrets.token_hex(8),
            "a": self._account.account_id,
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        token = f"{body}.{self._sign(body)}"
        with self._lock:
            self.issued.append(token)
        return token

    def lookup(self, token: str | None) -> Session | None:
        """The session behind `token`; None when unknown, forged, revoked or expired."""
        if not token or "." not in token:
            return None
        body, signature = token.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        with self._lock:
            if token in self._revoked:
                return None
        try:
            payload = json.loads(_unb64(body))
        except ValueError:
            return None
        if payload.get("a") != self._account.account_id:
            return None
        if self._expire_saved and payload.get("i") != self._instance:
            return None
        if payload.get("t") == "root":
            return Session("root")
        if payload.get("t") == "iam" and isinstance(payload.get("u"), str):
            return Session("iam", payload["u"])
        return None

    def revoke(self, token: str | None) -> None:
        """Sign out: `token` is never accepted again by this replica."""
        if token:
            with self._lock:
                self._revoked.add(token)

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    # -- sign-ins in progress ---------------------------------------------------------------

    def pending(self, token: str | None) -> PendingSignIn | None:
        """The sign-in in progress behind `token`, if any."""
        if not token:
            return None
        with self._lock:
            return self._pending.get(token)

    def save_pending(self, token: str | None, pending: PendingSignIn) -> str:
        """Store `pending` under `token` (a new token when None or unknown); return the token."""
        with self._lock:
            if not token or token not in self._pending:
                token = secrets.token_urlsafe(16)
            self._pending[token] = pending
            return token

    def update_pending(self, token: str, **changes: Any) -> PendingSignIn:
        """Change fields of a pending sign-in (KeyError if unknown)."""
        with self._lock:
            updated = replace(self._pending[token], **changes)
            self._pending[token] = updated
            return updated

    def finish_pending(self, token: str | None) -> None:
        """Forget a sign-in in progress."""
        if token:
            with self._lock:
                self._pending.pop(token, None)


def set_cookie(hosts: ReplicaHosts, name: str, value: str, *, clear: bool = False) -> str:
    """A Set-Cookie header value scoped as the contract says (Domain only on the AWS hosts)."""
    parts = [f"{name}={value}", "Path=/"]
    if hosts.cookie_domain:
        parts.append(f"Domain={hosts.cookie_domain}")
    if hosts.secure_cookies:
        parts.append("Secure")
    parts += ["HttpOnly", "SameSite=Lax"]
    if clear:
        parts.append("Max-Age=0")
    return "; ".join(parts)
