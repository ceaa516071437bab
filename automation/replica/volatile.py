"""The `volatile` fault: the same console on another day, as two runs of the real console differ.

Everything a person would call "the same console" stays (identities, passwords, MFA seeds, the account
id, which keys exist); everything that changes from run to run on the real console changes, at random:
the clock (date and time of day), when each user was created, changed a password and last signed in,
when each key was last used and where, key ids and secrets, the account's name and alias, and the
request id of every API answer (shown in error messages as the IAM console shows it). Two runs with this
fault must still give the same pixels: that is what the capture's normalization is for.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from .account import REPLICA_NOW, ReplicaAccount, SeedKey, SeedUser
from .fake_iam import FakeIam
from .messages import ReplicaResponse

FAULT = "volatile"
_NAMES = ("Course Sandbox", "Training Account", "Team Dev", "Lab Environment", "Docs Playground")
_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2", "sa-east-1")
_SERVICES = ("s3", "sts", "iam", "ec2", "lambda")


def _before(rng: random.Random, when: datetime, max_days: float) -> datetime:
    """A random instant up to `max_days` before `when`."""
    return when - timedelta(seconds=rng.uniform(1, max_days * 86400))


def _varied_key(rng: random.Random, key: SeedKey, created: datetime, now: datetime) -> SeedKey:
    key_created = created + (now - created) * rng.random()
    used = rng.random() < 0.7
    return replace(
        key,
        created=key_created,
        last_used=key_created + (now - key_created) * rng.random() if used else None,
        last_used_region=rng.choice(_REGIONS) if used else "N/A",
        last_used_service=rng.choice(_SERVICES) if used else "N/A",
    )


def _varied_user(rng: random.Random, user: SeedUser, now: datetime) -> SeedUser:
    created = _before(rng, now, 900)
    password_changed = created + (now - created) * rng.random() if user.password else None
    signed_in = _before(rng, now, 60) if user.console_last_sign_in else None
    return replace(
        user,
        created=created,
        password_changed=password_changed,
        console_last_sign_in=max(signed_in, created) if signed_in else None,
        keys=tuple(_varied_key(rng, key, created, now) for key in user.keys),
    )


def varied_account(rng: random.Random, account: ReplicaAccount | None = None) -> ReplicaAccount:
    """`account` (the default one if None) on a random day, with random dates, name and alias."""
    base = account or ReplicaAccount()
    now = REPLICA_NOW + timedelta(seconds=rng.uniform(-800, 800) * 86400)
    name = rng.choice(_NAMES)
    return replace(
        base,
        now=now,
        created=_before(rng, now, 2000),
        account_name=name,
        alias=f"{name.lower().replace(' ', '-')}-{rng.randrange(100, 999)}",
        users=tuple(_varied_user(rng, user, now) for user in base.users),
    )


def fake_iam_for(faults: frozenset[str], seed: int = 0, *, fresh_keys: bool = False) -> FakeIam:
    """The fake IAM a replica with `faults` serves: the seeded one, or with `volatile` another day's
    (``fresh_keys``: every key created through the API is a fresh random one)."""
    if FAULT not in faults:
        return FakeIam(seed=seed, fresh_keys=fresh_keys)
    rng = random.SystemRandom()
    return FakeIam(seed=rng.randrange(2**31), account=varied_account(rng), fresh_keys=fresh_keys)


def with_request_id(response: ReplicaResponse, request_id: str | None = None) -> ReplicaResponse:
    """An API answer with a request id: in the `x-amzn-RequestId` header and, for an error, at the end of
    its message, as the IAM console shows it ("... (Service: Iam, Status Code: 500, Request ID: ...)")."""
    request_id = request_id or str(uuid.uuid4())
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        error["message"] = (
            f"{error.get('message', '')} (Service: Iam, Status Code: {response.status}, "
            f"Error Code: {error.get('code', '')}, Request ID: {request_id})"
        )
        response = replace(response, body=json.dumps(data).encode("utf-8"))
    return response.with_headers([("x-amzn-requestid", request_id)])
