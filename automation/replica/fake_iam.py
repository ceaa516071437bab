"""A stateful, seeded fake IAM in pure Python: users, access keys with the 2-key quota, tags, sign-in, STS.

All state lives in plain objects of one `FakeIam`, guarded by one re-entrant lock: two instances never
share anything, and any number of threads may share one. Key ids and secrets depend only on the seed,
the account id and how many keys this `FakeIam` created before (never on reads in between); with
``fresh_keys=True`` (what runs use) every key created through the API is random instead, as on the real
console, while the keys the account starts with stay seeded. Errors are `IamError`s worded as AWS words
them.
"""

from __future__ import annotations

import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .account import ReplicaAccount, SeedKey, SeedUser
from .clock import FrozenClock
from .iam_types import (
    KEY_TICK_SECONDS,
    KEYS_PER_USER,
    AccessKeyInfo,
    CallerIdentity,
    IamError,
    NewAccessKey,
    UserInfo,
)

_BASE32 = string.ascii_uppercase + "234567"
_SECRET_CHARS = string.ascii_letters + string.digits + "/+"
_SECRET_MARKS = string.digits + "/+"  # a secret holds at least one (see automation/redaction.py)
_DIGIT_FREE_CHARS = string.ascii_letters + "/+"
#: The share of keys whose secret has no digit (still a "/" or "+", which on-screen masking keys on).
DIGIT_FREE_SHARE = 1 / 3
_STS_REGION = "us-east-1"
_MAX_DESCRIPTION = 256


@dataclass
class _Key:
    """One access key, with its secret and last use."""

    access_key_id: str
    secret: str
    create_date: datetime
    status: str = "Active"
    last_used: datetime | None = None
    last_used_region: str = "N/A"
    last_used_service: str = "N/A"

    def info(self) -> AccessKeyInfo:
        """The key as the console lists it (without the secret)."""
        return AccessKeyInfo(
            access_key_id=self.access_key_id,
            status=self.status,
            create_date=self.create_date,
            last_used_date=self.last_used,
            last_used_region=self.last_used_region if self.last_used else "N/A",
            last_used_service=self.last_used_service if self.last_used else "N/A",
        )


@dataclass(kw_only=True)
class _Identity:
    """Whoever holds access keys: an IAM user, or the root user."""

    arn: str
    user_id: str
    keys: list[_Key] = field(default_factory=list)


@dataclass(kw_only=True)
class _User(_Identity):
    """An IAM user and what the console shows of it."""

    name: str
    path: str
    create_date: datetime
    groups: tuple[str, ...] = ()
    password: str | None = None
    password_changed: datetime | None = None
    console_last_sign_in: datetime | None = None
    mfa: bool = False
    tags: dict[str, str] = field(default_factory=dict)


def _aware(when: datetime) -> datetime:
    """`when` as an aware UTC datetime (a naive one is taken as UTC)."""
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _draw(rng: random.Random, alphabet: str, size: int) -> str:
    """`size` characters of `alphabet` from `rng`."""
    return "".join(rng.choices(alphabet, k=size))


class FakeIam:
    """The replica account's IAM, shared safely by any number of threads and browser contexts."""

    def __init__(
        self,
        seed: int = 0,
        account: ReplicaAccount = ReplicaAccount(),  # noqa: B008
        *,
        fresh_keys: bool = False,
    ) -> None:
        self.seed = seed
        self.fresh_keys = fresh_keys
        self.account = account
        self.clock = FrozenClock(account.now)
        self._lock = threading.RLock()
        self._keys_made = 0
        self._root = _Identity(
            arn=f"arn:aws:iam::{account.account_id}:root",
            user_id=account.account_id,
        )
        self._users: dict[str, _User] = {}
        self._owners: dict[str, _Identity] = {}  # access key id -> its holder
        for user in sorted(account.users, key=lambda u: u.created):
            self._seed_user(user)

    # -- seeding ----------------------------------------------------------------------------

    def _rng(self, kind: str, detail: object) -> random.Random:
        """A generator that depends only on the seed, the account and `kind:detail`."""
        return random.Random(f"{self.seed}:{self.account.account_id}:{kind}:{detail}")

    def _seed_user(self, seed: SeedUser) -> None:
        user = _User(
            name=seed.name,
            arn=f"arn:aws:iam::{self.account.account_id}:user{seed.path}{seed.name}",
            user_id="AIDA" + _draw(self._rng("user", seed.name), _BASE32, 17),
            path=seed.path,
            create_date=_aware(seed.created),
            groups=tuple(sorted(set(seed.groups))),
            password=seed.password,
            password_changed=(
                _aware(seed.password_changed or seed.created) if seed.password is not None else None
            ),
            console_last_sign_in=_aware(seed.console_last_sign_in) if seed.console_last_sign_in else None,
            mfa=seed.mfa,
        )
        self._users[seed.name] = user
        for seed_key in seed.keys:
            self._seed_key(user, seed_key)

    def _seed_key(self, user: _User, seed_key: SeedKey) -> None:
        key = self._make_key(user, _aware(seed_key.created))
        key.status = seed_key.status
        if seed_key.last_used is not None:
            key.last_used = _aware(seed_key.last_used)
            key.last_used_region = seed_key.last_used_region
            key.last_used_service = seed_key.last_used_service

    # -- plumbing ---------------------------------------------------------------------------

    def _identity(self, user_name: str | None) -> _Identity:
        """The holder of `user_name`'s keys (None: root); IamError NoSuchEntity for an unknown user."""
        if user_name is None:
            return self._root
        return self._user(user_name)

    def _user(self, user_name: str) -> _User:
        """The IAM user `user_name`; IamError NoSuchEntity (404) if there is none."""
        user = self._users.get(user_name)
        if user is None:
            raise IamError("NoSuchEntity", f"The user with name {user_name} cannot be found.", 404)
        return user

    def _key_of(self, holder: _Identity, access_key_id: str) -> _Key:
        """`holder`'s key `access_key_id`; IamError NoSuchEntity (404) if it has none such."""
        for key in holder.keys:
            if key.access_key_id == access_key_id:
                return key
        raise IamError("NoSuchEntity", f"The Access Key with id {access_key_id} cannot be found.", 404)

    def _make_key(self, holder: _Identity, created: datetime, *, fresh: bool = False) -> _Key:
        """The next key for `holder` (seeded, or random when `fresh`), dated `created`; IamError
        LimitExceeded at the quota."""
        if len(holder.keys) >= KEYS_PER_USER:
            raise IamError(
                "LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: {KEYS_PER_USER}", 409
            )
        rng = random.SystemRandom() if fresh else self._rng("key", self._keys_made)
        key_id = "AKIA" + _draw(rng, _BASE32, 16)
        secret = _draw(rng, _SECRET_CHARS, 40)
        if not any(c in _SECRET_MARKS for c in secret):
            at = rng.randrange(len(secret))
            secret = secret[:at] + rng.choice(_SECRET_MARKS) + secret[at + 1 :]
        if rng.random() < DIGIT_FREE_SHARE:  # about 1 real secret in 900 has no digit: scrubbers must cope
            secret = _draw(rng, _DIGIT_FREE_CHARS, 39)
            secret = secret[:20] + rng.choice("/+") + secret[20:]
        self._keys_made += 1
        key = _Key(access_key_id=key_id, secret=secret, create_date=created)
        holder.keys.append(key)
        self._owners[key_id] = holder
        return key

    @staticmethod
    def _listed(holder: _Identity) -> list[AccessKeyInfo]:
        """`holder`'s keys, oldest first (then by id)."""
        keys = sorted(holder.keys, key=lambda k: (k.create_date, k.access_key_id))
        return [k.info() for k in keys]

    # -- access keys ------------------------------------------------------------------------

    def list_access_keys(self, user_name: str | None = None) -> list[AccessKeyInfo]:
        """The keys of `user_name` (None: the root user), oldest first."""
        with self._lock:
            return self._listed(self._identity(user_name))

    def create_access_key(self, user_name: str | None = None, description: str | None = None) -> NewAccessKey:
        """Create a key for `user_name` (None: root); a description becomes a tag on the user.

        Raises IamError LimitExceeded (409) when the identity already has two keys.
        """
        text = (description or "").strip()
        if len(text) > _MAX_DESCRIPTION:
            raise IamError("ValidationError", "The description tag value must be 256 characters or fewer.")
        with self._lock:
            holder = self._identity(user_name)
            created = self.clock.now()
            key = self._make_key(holder, created, fresh=self.fresh_keys)
            self.clock.set(created + timedelta(seconds=KEY_TICK_SECONDS))
            if text and isinstance(holder, _User):
                holder.tags[key.access_key_id] = text
            return NewAccessKey(
                access_key_id=key.access_key_id,
                secret_access_key=key.secret,
                status=key.status,
                create_date=created,
                user_name=user_name,
            )

    def fill_to_quota(self, user_name: str | None = None) -> list[str]:
        """Give `user_name` (None: root) old keys until it has two; return the new key ids."""
        ages = (timedelta(days=412), timedelta(days=37))
        with self._lock:
            holder = self._identity(user_name)
            now = self.clock.now()
            return [self._make_key(holder, now - age).access_key_id for age in ages[len(holder.keys) :]]

    def add_old_key(self, user_name: str | None, created: datetime) -> str:
        """Give `user_name` (None: root) an active key made at `created` (seed data); return its id."""
        with self._lock:
            return self._make_key(self._identity(user_name), _aware(created)).access_key_id

    def set_access_key_status(self, access_key_id: str, status: str, user_name: str | None = None) -> None:
        """Activate or deactivate a key."""
        if status not in ("Active", "Inactive"):
            raise IamError("ValidationError", "Status must be Active or Inactive.")
        with self._lock:
            self._key_of(self._identity(user_name), access_key_id).status = status

    def delete_access_key(self, access_key_id: str, user_name: str | None = None) -> None:
        """Delete an inactive key (and its description tag); active keys are refused (KeyActive)."""
        with self._lock:
            holder = self._identity(user_name)
            key = self._key_of(holder, access_key_id)
            if key.status != "Inactive":
                raise IamError("KeyActive", "Deactivate the access key before you delete it.", 409)
            holder.keys.remove(key)
            del self._owners[access_key_id]
            if isinstance(holder, _User):
                holder.tags.pop(access_key_id, None)

    # -- users ------------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        """Every IAM user (not root), by name."""
        with self._lock:
            return [self._user_info(self._users[name]) for name in sorted(self._users)]

    def get_user(self, user_name: str) -> UserInfo:
        """One IAM user; IamError NoSuchEntity (404) if there is none."""
        with self._lock:
            return self._user_info(self._user(user_name))

    def _user_info(self, user: _User) -> UserInfo:
        return UserInfo(
            user_name=user.name,
            path=user.path,
            arn=user.arn,
            user_id=user.user_id,
            create_date=user.create_date,
            groups=user.groups,
            has_password=user.password is not None,
            password_changed=user.password_changed,
            console_last_sign_in=user.console_last_sign_in,
            mfa=user.mfa,
            access_keys=tuple(self._listed(user)),
            tags=tuple(user.tags.items()),
        )

    def user_names(self) -> list[str]:
        """Names of every IAM user (not root)."""
        with self._lock:
            return sorted(self._users)

    # -- sign-in checks ---------------------------------------------------------------------

    def check_root_password(self, email: str, password: str) -> bool:
        """True when `email` and `password` are the root user's."""
        return (
            email.strip().lower() == self.account.root_email.lower()
            and password == self.account.root_password
        )

    def check_user_password(self, user_name: str, password: str) -> bool:
        """True when the IAM user exists, has a console password, and it is `password`.

        A successful check is a console sign-in: it dates the user's last sign-in at the clock's now.
        """
        with self._lock:
            user = self._users.get(user_name)
            if user is None or user.password is None or user.password != password:
                return False
            user.console_last_sign_in = self.clock.now()
            return True

    # -- STS --------------------------------------------------------------------------------

    def get_caller_identity(self, access_key_id: str, secret_access_key: str) -> CallerIdentity:
        """STS GetCallerIdentity for a request signed with this key, checked as AWS checks it.

        Unknown, deleted or inactive keys fail with IamError InvalidClientTokenId (403), a wrong
        secret with SignatureDoesNotMatch (403). A successful call is the key's last use (`sts` in
        `us-east-1`, at the clock's now).
        """
        with self._lock:
            holder = self._owners.get(access_key_id)
            key = None if holder is None else self._key_of(holder, access_key_id)
            if holder is None or key is None or key.status != "Active":  # AWS refuses inactive keys too
                raise IamError(
                    "InvalidClientTokenId", "The security token included in the request is invalid.", 403
                )
            if secret_access_key != key.secret:  # a fake: no need for a constant-time compare
                raise IamError(
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. "
                    "Check your AWS Secret Access Key and signing method. Consult the service "
                    "documentation for details.",
                    403,
                )
            key.last_used = self.clock.now()
            key.last_used_region = _STS_REGION
            key.last_used_service = "sts"
            return CallerIdentity(user_id=holder.user_id, account=self.account.account_id, arn=holder.arn)
