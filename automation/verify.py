"""``--verify``: prove a captured key works with STS GetCallerIdentity, with a bounded retry."""

from __future__ import annotations

import time
from collections.abc import Callable

from automation.errors import RefusedError, SettingError
from automation.keys import AccessKey
from automation.targets import ReplicaTarget, Target

STEP = "Verify the key"
LIVE_ATTEMPTS = 6  # 1 + 2 + 4 + 8 + 16 s of backoff: new IAM keys can take seconds to propagate
RETRYABLE = {"InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure"}


class KeyRejected(Exception):
    """STS refused the key; ``code`` is AWS's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def _replica_caller(target: ReplicaTarget) -> Callable[[AccessKey], str]:
    from automation.replica import IamError

    def call(key: AccessKey) -> str:
        try:
            return target.iam.get_caller_identity(key.access_key_id, key.secret_access_key).arn
        except IamError as error:
            raise KeyRejected(error.code, error.message) from None

    return call


def _live_call(key: AccessKey) -> str:
    import boto3
    from botocore.exceptions import ClientError

    session = boto3.session.Session(
        aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret_access_key
    )
    try:
        return str(session.client("sts", region_name="us-east-1").get_caller_identity()["Arn"])
    except ClientError as error:
        info = error.response.get("Error", {})
        raise KeyRejected(str(info.get("Code", "Unknown")), str(info.get("Message", ""))) from None


def verify_key(
    target: Target,
    key: AccessKey,
    *,
    sleep: Callable[[float], None] = time.sleep,
    caller: Callable[[AccessKey], str] | None = None,
) -> str:
    """The ARN GetCallerIdentity returns for the key; retries with backoff while AWS propagates it."""
    if caller is None:
        if isinstance(target, ReplicaTarget):
            caller, attempts = _replica_caller(target), 1  # the fake backend has no propagation delay
        elif target.is_live:
            caller, attempts = _live_call, LIVE_ATTEMPTS
        else:
            raise SettingError(
                step=STEP,
                reason="a recorded session has no STS to ask.",
                fix="Drop --verify with --target har:PATH.",
            )
    else:
        attempts = LIVE_ATTEMPTS
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            return caller(key)
        except KeyRejected as error:
            if error.code not in RETRYABLE or attempt == attempts:
                raise RefusedError(
                    step=STEP,
                    reason=f"STS rejected the key ending in {key.access_key_id[-4:]} ({error.code}) "
                    f"after {attempt} attempt(s).",
                    fix="Check in the console that the key exists and is Active; a deleted or inactive "
                    "key never works. If it was just created, wait a minute and rerun with --verify.",
                ) from None
            sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")
