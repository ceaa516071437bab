"""The IAM JSON API the console pages call: access keys, users, account."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .clock import iso
from .fake_iam import FakeIam
from .iam_types import AccessKeyInfo, IamError, UserInfo
from .messages import ReplicaRequest, ReplicaResponse, error_response, json_response
from .sessions import Session


def key_json(key: AccessKeyInfo) -> dict[str, Any]:
    """One row of the Access keys table."""
    return {
        "accessKeyId": key.access_key_id,
        "status": key.status,
        "createDate": iso(key.create_date),
        "lastUsedDate": iso(key.last_used_date),
        "lastUsedRegion": key.last_used_region,
        "lastUsedService": key.last_used_service,
    }


def _days(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, (now - since).days)


def user_json(user: UserInfo, now: datetime, *, mfa: bool) -> dict[str, Any]:
    """One row of the Users table (dates ISO, ages in whole days)."""
    active = [k for k in user.access_keys if k.status == "Active"]
    activity = [d for d in (user.console_last_sign_in, *(k.last_used_date for k in user.access_keys)) if d]
    return {
        "userName": user.user_name,
        "path": user.path,
        "groups": list(user.groups),
        "lastActivity": iso(max(activity)) if activity else None,
        "mfa": "Virtual" if mfa else None,
        "passwordAge": _days(user.password_changed, now) if user.has_password else None,
        "consoleLastSignIn": iso(user.console_last_sign_in),
        "accessKeyId": active[0].access_key_id if active else None,
        "activeKeyAge": _days(active[0].create_date, now) if active else None,
        "arn": user.arn,
        "createDate": iso(user.create_date),
    }


def iam_error(error: IamError) -> ReplicaResponse:
    """An IamError in the API's error shape."""
    return error_response(error.code, error.message, error.status)


@dataclass
class IamApi:
    """Answers `access-keys`, `users` and `account` for a signed-in session."""

    iam: FakeIam
    faults: frozenset[str]
    on_created: Callable[[str, str], None]  # (key id, secret) of every key committed
    _fail_next_create: bool = field(init=False, default=False)
    _refuse_next_create: bool = field(init=False, default=False)
    _lose_next_create: bool = field(init=False, default=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._fail_next_create = "create-fails-after-commit" in self.faults
        self._refuse_next_create = "create-500" in self.faults
        self._lose_next_create = "create-timeout" in self.faults

    def _target(self, session: Session, user_name: Any) -> str | None:
        """Whose keys: `userName` if given, else the signed-in identity (None = root)."""
        if isinstance(user_name, str) and user_name:
            return user_name
        return session.user_name if session.type == "iam" else None

    def list_keys(self, session: Session, request: ReplicaRequest) -> ReplicaResponse:
        """GET access-keys[?userName=NAME]."""
        keys = self.iam.list_access_keys(self._target(session, request.query("userName")))
        return json_response({"accessKeys": [key_json(k) for k in keys]})

    def create_key(self, session: Session, body: dict[str, Any]) -> ReplicaResponse:
        """POST access-keys: 200 with the secret, 409 LimitExceeded at two keys.

        Faults act on the first create only: `create-500` fails before committing, `create-fails-after-
        commit` after it, and `create-timeout` commits and never answers.
        """
        with self._lock:
            refuse, self._refuse_next_create = self._refuse_next_create, False
        if refuse:
            return error_response(
                "ServiceUnavailable", "We encountered an internal error. Please try again.", 500
            )
        description = body.get("description")
        key = self.iam.create_access_key(
            self._target(session, body.get("userName")),
            description if isinstance(description, str) else None,
        )
        self.on_created(key.access_key_id, key.secret_access_key)
        with self._lock:
            fail, self._fail_next_create = self._fail_next_create, False
            lose, self._lose_next_create = self._lose_next_create, False
        if lose:
            return replace(json_response({}), lost=True)
        if fail:
            return error_response(
                "InternalFailure", "We encountered an internal error. Please try again.", 500
            )
        return json_response(
            {
                "accessKey": {
                    "accessKeyId": key.access_key_id,
                    "secretAccessKey": key.secret_access_key,
                    "status": key.status,
                    "createDate": iso(key.create_date),
                }
            }
        )

    def set_status(self, session: Session, key_id: str, body: dict[str, Any]) -> ReplicaResponse:
        """POST access-keys/ID/status."""
        self.iam.set_access_key_status(
            key_id, str(body.get("status") or ""), self._target(session, body.get("userName"))
        )
        return json_response({})

    def delete_key(self, session: Session, key_id: str, request: ReplicaRequest) -> ReplicaResponse:
        """DELETE access-keys/ID[?userName=NAME] (the key must be Inactive)."""
        self.iam.delete_access_key(key_id, self._target(session, request.query("userName")))
        return json_response({})

    def _has_mfa(self, user: UserInfo) -> bool:
        return user.mfa or (bool(self.faults & {"iam-mfa", "mfa-rejected"}) and user.has_password)

    def list_users(self) -> ReplicaResponse:
        """GET users."""
        now = self.iam.clock.now()
        users = [user_json(u, now, mfa=self._has_mfa(u)) for u in self.iam.list_users()]
        return json_response({"users": users})

    def get_user(self, name: str) -> ReplicaResponse:
        """GET users/NAME: the row plus tags and access keys."""
        user = self.iam.get_user(name)
        data = user_json(user, self.iam.clock.now(), mfa=self._has_mfa(user))
        data["tags"] = [{"key": k, "value": v} for k, v in user.tags]
        data["accessKeys"] = [key_json(k) for k in user.access_keys]
        return json_response(data)

    def account(self, session: Session) -> ReplicaResponse:
        """GET account."""
        account = self.iam.account
        data: dict[str, Any] = {
            "accountId": account.account_id,
            "accountName": account.account_name,
            "accountAlias": account.alias,
            "canonicalUserId": account.canonical_user_id,
        }
        if session.type == "root":
            data["email"] = account.root_email
        return json_response(data)
