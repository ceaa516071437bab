"""--verify: STS GetCallerIdentity with the captured key; clear failure for a deleted key."""

from __future__ import annotations

import pytest

from automation.errors import RefusedError
from automation.keys import AccessKey, KeyFileFormat
from automation.targets import ReplicaTarget
from automation.verify import KeyRejected, verify_key


def key_of(target: ReplicaTarget, user: str | None) -> AccessKey:
    new = target.iam.create_access_key(user)
    return AccessKey(new.access_key_id, new.secret_access_key, user, KeyFileFormat.CURRENT)


def test_new_iam_key_verifies_to_the_user_arn() -> None:
    target = ReplicaTarget()
    assert verify_key(target, key_of(target, "course-author")).endswith(":user/course-author")


def test_new_root_key_verifies_to_the_root_arn() -> None:
    target = ReplicaTarget()
    assert verify_key(target, key_of(target, None)).endswith(":root")


def test_deleted_key_fails_clearly() -> None:
    target = ReplicaTarget()
    key = key_of(target, "course-author")
    target.iam.set_access_key_status(key.access_key_id, "Inactive", "course-author")
    target.iam.delete_access_key(key.access_key_id, "course-author")
    with pytest.raises(RefusedError) as caught:
        verify_key(target, key)
    assert "InvalidClientTokenId" in caught.value.reason
    assert key.access_key_id[-4:] in caught.value.reason
    assert key.secret_access_key not in str(caught.value)


def test_live_retries_with_backoff_then_gives_up() -> None:
    calls: list[int] = []
    sleeps: list[float] = []

    def rejecting(_key: AccessKey) -> str:
        calls.append(1)
        raise KeyRejected("InvalidClientTokenId", "not yet")

    key = AccessKey(
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, KeyFileFormat.CURRENT
    )
    with pytest.raises(RefusedError):
        verify_key(ReplicaTarget(), key, caller=rejecting, sleep=sleeps.append)
    assert len(calls) == 6 and sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_live_succeeds_once_the_key_propagates() -> None:
    answers = iter([KeyRejected("InvalidClientTokenId", "x"), "arn:aws:iam::111122223333:user/u"])

    def eventually(_key: AccessKey) -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    key = AccessKey(
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, KeyFileFormat.CURRENT
    )
    assert verify_key(ReplicaTarget(), key, caller=eventually, sleep=lambda _s: None).endswith("user/u")
