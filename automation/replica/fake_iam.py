"""A stateful, seeded fake IAM on moto: users, access keys with the 2-key quota, tags, sign-in checks.

Every call goes through boto3 against moto (inside `MotoScope.active()`), so the keys it issues are
real moto keys: moto's STS GetCallerIdentity accepts them and, with auth enforced, refuses deleted or
unknown ones. Key ids and secrets depend only on the seed and on how many keys were created before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from moto.core.models import botocore_stubber
from moto.iam.models import AccessKeyLastUsed, IAMBackend
from moto.moto_api._internal import mock_random

from .account import ReplicaAccount, SeedKey, SeedUser
from .clock import FrozenClock
from .iam_types import (
    KEY_TICK_SECONDS,
    AccessKeyInfo,
    CallerIdentity,
    IamError,
    NewAccessKey,
    UserInfo,
)
from .moto_scope import MotoScope
from .root_principal import ADMIN_POLICY, INTERNAL_PATH, ROOT_HOLDER_NAME, adopt_root, is_internal

_REGION = "us-east-1"
_STATUS_BY_CODE = {
    "LimitExceeded": 409,
    "EntityAlreadyExists": 409,
    "NoSuchEntity": 404,
    "InvalidClientTokenId": 403,
    "SignatureDoesNotMatch": 403,
    "AccessDenied": 403,
}


def _naive(when: datetime) -> datetime:
    """moto stores naive UTC datetimes."""
    return when.replace(tzinfo=None) if when.tzinfo else when


def _aware(when: datetime | None) -> datetime | None:
    """Mark a moto (naive UTC) datetime as UTC."""
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _refuse_network(request: Any, **_: Any) -> None:
    """A `before-send` guard: with moto's mock off, refuse to send anything to AWS."""
    if not botocore_stubber.enabled:
        raise RuntimeError(f"FakeIam refused to send {request.url} outside moto's mock")


class FakeIam:
    """The replica account's IAM, shared safely by any number of threads and browser contexts."""

    def __init__(self, seed: int = 0, account: ReplicaAccount = ReplicaAccount()) -> None:  # noqa: B008
        self.seed = seed
        self.account = account
        self.clock = FrozenClock(account.now)
        self._scope = MotoScope(account.account_id, self.clock)
        self._lock = threading.RLock()
        self._keys_made = 0
        self._password_changed: dict[str, datetime] = {}
        session = boto3.session.Session(
            aws_access_key_id="replica-admin",
            aws_secret_access_key="replica-admin",
            region_name=_REGION,
        )
        self._session = session
        self._iam: BaseClient = session.client("iam")
        self._iam.meta.events.register("before-sign.iam.*", self._tag_account)
        self._iam.meta.events.register_last("before-send", _refuse_network)
        with self._call(seed_name="seed-data") as backend:
            self._seed(backend)
        self.clock.set(account.now)

    # -- plumbing ---------------------------------------------------------------------------

    def _tag_account(self, request: Any, **_: Any) -> None:
        """Tell moto which account an admin call is for."""
        request.headers["x-moto-account-id"] = self.account.account_id

    @contextmanager
    def _call(self, *, seed_name: str | None = None, enforce_auth: bool = False) -> Iterator[IAMBackend]:
        """One atomic IAM operation: moto active with this FakeIam's state, errors as IamError."""
        seed = None if seed_name is None else f"{self.seed}:{self.account.account_id}:{seed_name}"
        with self._lock, self._scope.active(seed=seed, enforce_auth=enforce_auth) as backend:
            try:
                yield backend
            except ClientError as exc:
                error = exc.response.get("Error", {})
                code = str(error.get("Code", "InternalFailure"))
                message = str(error.get("Message", "IAM request failed."))
                raise IamError(code, message, _STATUS_BY_CODE.get(code, 400)) from exc

    def _principal(self, user_name: str | None) -> str:
        """The moto user name behind `user_name` (None = the root user)."""
        return ROOT_HOLDER_NAME if user_name is None else user_name

    def _make_key(self, backend: IAMBackend, principal: str, created: datetime) -> dict[str, Any]:
        """Create the next seeded key for `principal`, dated `created` (quota enforced by moto)."""
        mock_random.seed(f"{self.seed}:{self.account.account_id}:key:{self._keys_made}")
        self.clock.set(created)
        key = self._iam.create_access_key(UserName=principal)["AccessKey"]
        self._keys_made += 1
        return dict(key)

    # -- seeding ----------------------------------------------------------------------------

    def _seed(self, backend: IAMBackend) -> None:
        account = self.account
        self.clock.set(account.created)
        self._iam.create_user(UserName=ROOT_HOLDER_NAME, Path=INTERNAL_PATH)
        self._iam.put_user_policy(UserName=ROOT_HOLDER_NAME, PolicyName="root", PolicyDocument=ADMIN_POLICY)
        adopt_root(backend, account.account_id)
        self._iam.create_account_alias(AccountAlias=account.alias)
        groups = sorted({g for user in account.users for g in user.groups})
        for group in groups:
            self._iam.create_group(GroupName=group)
        if "Admins" in groups:
            self._iam.put_group_policy(GroupName="Admins", PolicyName="admin", PolicyDocument=ADMIN_POLICY)
        for user in sorted(account.users, key=lambda u: u.created):
            self._seed_user(backend, user)

    def _seed_user(self, backend: IAMBackend, user: SeedUser) -> None:
        self.clock.set(user.created)
        self._iam.create_user(UserName=user.name, Path=user.path)
        for group in user.groups:
            self._iam.add_user_to_group(GroupName=group, UserName=user.name)
        if user.password is not None:
            self._iam.create_login_profile(UserName=user.name, Password=user.password)
            self._password_changed[user.name] = user.password_changed or user.created
        if user.console_last_sign_in is not None:
            backend.users[user.name].password_last_used = _naive(user.console_last_sign_in)
        if user.mfa:
            serial = self._iam.create_virtual_mfa_device(VirtualMFADeviceName=user.name)["VirtualMFADevice"][
                "SerialNumber"
            ]
            self._iam.enable_mfa_device(
                UserName=user.name,
                SerialNumber=serial,
                AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            )
        for seed_key in user.keys:
            self._seed_key(backend, user.name, seed_key)

    def _seed_key(self, backend: IAMBackend, principal: str, seed_key: SeedKey) -> None:
        key = self._make_key(backend, principal, seed_key.created)
        if seed_key.status != "Active":
            self._iam.update_access_key(
                UserName=principal, AccessKeyId=key["AccessKeyId"], Status=seed_key.status
            )
        if seed_key.last_used is not None:
            backend.access_keys[key["AccessKeyId"]].last_used = AccessKeyLastUsed(
                timestamp=_naive(seed_key.last_used),
                service=seed_key.last_used_service,
                region=seed_key.last_used_region,
            )

    # -- access keys ------------------------------------------------------------------------

    def list_access_keys(self, user_name: str | None = None) -> list[AccessKeyInfo]:
        """The keys of `user_name` (None: the root user), oldest first."""
        with self._call() as backend:
            return self._keys_of(backend, self._principal(user_name))

    def _keys_of(self, backend: IAMBackend, principal: str) -> list[AccessKeyInfo]:
        listed = self._iam.list_access_keys(UserName=principal)["AccessKeyMetadata"]
        keys = []
        for item in listed:
            moto_key = backend.access_keys[item["AccessKeyId"]]
            used = moto_key.last_used
            keys.append(
                AccessKeyInfo(
                    access_key_id=item["AccessKeyId"],
                    status=item["Status"],
                    create_date=_aware(moto_key.create_date),  # type: ignore[arg-type]
                    last_used_date=_aware(used.timestamp) if used else None,
                    last_used_region=used.region if used else "N/A",
                    last_used_service=used.service if used else "N/A",
                )
            )
        return sorted(keys, key=lambda k: (k.create_date, k.access_key_id))

    def create_access_key(self, user_name: str | None = None, description: str | None = None) -> NewAccessKey:
        """Create a key for `user_name` (None: root); a description becomes a tag on the user.

        Raises IamError LimitExceeded (409) when the identity already has two keys.
        """
        text = (description or "").strip()
        if len(text) > 256:
            raise IamError("ValidationError", "The description tag value must be 256 characters or fewer.")
        with self._call() as backend:
            principal = self._principal(user_name)
            self._iam.get_user(UserName=principal)
            created = self.clock.now()
            key = self._make_key(backend, principal, created)
            self.clock.set(created + timedelta(seconds=KEY_TICK_SECONDS))
            if text and user_name is not None:
                self._iam.tag_user(UserName=user_name, Tags=[{"Key": key["AccessKeyId"], "Value": text}])
            return NewAccessKey(
                access_key_id=key["AccessKeyId"],
                secret_access_key=key["SecretAccessKey"],
                status=key["Status"],
                create_date=created,
                user_name=user_name,
            )

    def fill_to_quota(self, user_name: str | None = None) -> list[str]:
        """Give `user_name` (None: root) old keys until it has two; return the new key ids."""
        ages = (timedelta(days=412), timedelta(days=37))
        made: list[str] = []
        with self._call() as backend:
            principal = self._principal(user_name)
            now = self.clock.now()
            existing = len(self._iam.list_access_keys(UserName=principal)["AccessKeyMetadata"])
            for age in ages[existing:]:
                made.append(self._make_key(backend, principal, now - age)["AccessKeyId"])
            self.clock.set(now)
        return made

    def set_access_key_status(self, access_key_id: str, status: str, user_name: str | None = None) -> None:
        """Activate or deactivate a key."""
        if status not in ("Active", "Inactive"):
            raise IamError("ValidationError", "Status must be Active or Inactive.")
        with self._call():
            self._iam.update_access_key(
                UserName=self._principal(user_name), AccessKeyId=access_key_id, Status=status
            )

    def delete_access_key(self, access_key_id: str, user_name: str | None = None) -> None:
        """Delete an inactive key (and its description tag); active keys are refused (KeyActive)."""
        with self._call() as backend:
            principal = self._principal(user_name)
            keys = {k.access_key_id: k for k in self._keys_of(backend, principal)}
            if access_key_id not in keys:
                raise IamError(
                    "NoSuchEntity",
                    f"The Access Key with id {access_key_id} cannot be found.",
                    404,
                )
            if keys[access_key_id].status != "Inactive":
                raise IamError(
                    "KeyActive",
                    "Deactivate the access key before you delete it.",
                    409,
                )
            self._iam.delete_access_key(UserName=principal, AccessKeyId=access_key_id)
            if user_name is not None:
                self._iam.untag_user(UserName=user_name, TagKeys=[access_key_id])

    # -- users ------------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        """Every IAM user (not root), by name."""
        with self._call() as backend:
            names = [
                u["UserName"] for u in self._iam.list_users()["Users"] if not is_internal(u.get("Path", "/"))
            ]
            return [self._user_info(backend, name) for name in sorted(names)]

    def get_user(self, user_name: str) -> UserInfo:
        """One IAM user; IamError NoSuchEntity (404) if there is none."""
        with self._call() as backend:
            if user_name not in backend.users or is_internal(backend.users[user_name].path):
                raise IamError("NoSuchEntity", f"The user with name {user_name} cannot be found.", 404)
            return self._user_info(backend, user_name)

    def _user_info(self, backend: IAMBackend, name: str) -> UserInfo:
        user = backend.users[name]
        groups = self._iam.list_groups_for_user(UserName=name)["Groups"]
        tags = self._iam.list_user_tags(UserName=name)["Tags"]
        return UserInfo(
            user_name=name,
            path=user.path,
            arn=user.arn,
            user_id=user.id,
            create_date=_aware(user.create_date),  # type: ignore[arg-type]
            groups=tuple(g["GroupName"] for g in groups),
            has_password=user.password is not None,
            password_changed=self._password_changed.get(name),
            console_last_sign_in=_aware(user.password_last_used),
            mfa=bool(user.mfa_devices),
            access_keys=tuple(self._keys_of(backend, name)),
            tags=tuple((t["Key"], t["Value"]) for t in tags),
        )

    def user_names(self) -> list[str]:
        """Names of every IAM user (not root)."""
        return [u.user_name for u in self.list_users()]

    # -- sign-in checks ---------------------------------------------------------------------

    def check_root_password(self, email: str, password: str) -> bool:
        """True when `email` and `password` are the root user's."""
        return (
            email.strip().lower() == self.account.root_email.lower()
            and password == self.account.root_password
        )

    def check_user_password(self, user_name: str, password: str) -> bool:
        """True when the IAM user exists, has a console password, and it is `password`."""
        with self._call() as backend:
            user = backend.users.get(user_name)
            ok = user is not None and not is_internal(user.path) and user.password == password
            if ok:
                user.password_last_used = self.clock.naive_now()  # type: ignore[union-attr]
            return ok

    # -- STS --------------------------------------------------------------------------------

    def get_caller_identity(self, access_key_id: str, secret_access_key: str) -> CallerIdentity:
        """Call moto's STS GetCallerIdentity signed with this key, with moto's auth enforced.

        Unknown or deleted keys fail with IamError InvalidClientTokenId (moto's own check); a
        wrong secret with SignatureDoesNotMatch; an inactive key with InvalidClientTokenId (as
        AWS does; moto itself does not check status).
        """
        sts = self._session.client(
            "sts",
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=_REGION,
        )
        sts.meta.events.register_last("before-send", _refuse_network)
        with self._call(enforce_auth=True) as backend:
            key = backend.access_keys.get(access_key_id)
            if key is not None and key.status != "Active":
                raise IamError(
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid.",
                    403,
                )
            answer = sts.get_caller_identity()
            return CallerIdentity(user_id=answer["UserId"], account=answer["Account"], arn=answer["Arn"])
