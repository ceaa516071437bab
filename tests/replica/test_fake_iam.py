"""The fake IAM: seeded keys, the 2-key quota, status/delete, tags, STS, isolation, threads."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from automation.redaction import SECRET_PATTERN
from automation.replica import FakeIam, IamError

ROOT = Path(__file__).resolve().parents[2]

KEY_ID = re.compile(r"^AKIA[A-Z2-7]{16}$")
SECRET = re.compile(r"^[A-Za-z0-9/+]{40}$")


def test_same_seed_same_keys_and_secrets() -> None:
    first, second = FakeIam(seed=7), FakeIam(seed=7)
    a = [first.create_access_key(None), first.create_access_key("course-author")]
    b = [second.create_access_key(None), second.create_access_key("course-author")]
    assert [(k.access_key_id, k.secret_access_key) for k in a] == [
        (k.access_key_id, k.secret_access_key) for k in b
    ]
    seeded = [k.access_key_id for u in first.list_users() for k in u.access_keys]
    assert seeded == [k.access_key_id for u in second.list_users() for k in u.access_keys]


def test_other_seed_other_keys() -> None:
    assert FakeIam(seed=1).create_access_key(None) != FakeIam(seed=2).create_access_key(None)


def test_keys_do_not_depend_on_reads_in_between() -> None:
    quiet, busy = FakeIam(seed=3), FakeIam(seed=3)
    for _ in range(5):
        busy.list_users()
        busy.list_access_keys(None)
    assert quiet.create_access_key(None) == busy.create_access_key(None)


def test_key_format() -> None:
    iam = FakeIam(seed=11)
    for user in (None, "course-author", "course-author"):
        key = iam.create_access_key(user)
        assert KEY_ID.match(key.access_key_id), key.access_key_id
        assert SECRET.match(key.secret_access_key), key.secret_access_key
        assert re.fullmatch(SECRET_PATTERN, key.secret_access_key), key.secret_access_key


def test_secrets_always_look_like_secrets_to_the_redactor() -> None:
    for seed in range(40):
        iam = FakeIam(seed=seed)
        for user in (None, None, "course-author", "course-author"):
            secret = iam.create_access_key(user).secret_access_key
            assert re.fullmatch(SECRET_PATTERN, secret), (seed, secret)


def test_user_ids_arns_and_paths(iam: FakeIam) -> None:
    users = {u.user_name: u for u in iam.list_users()}
    assert all(re.fullmatch(r"AIDA[A-Z2-7]{17}", u.user_id) for u in users.values())
    assert len({u.user_id for u in users.values()}) == 4
    assert users["maria.garcia"].arn == "arn:aws:iam::123456789012:user/maria.garcia"
    assert users["maria.garcia"].path == "/"
    assert users["course-author"].password_changed is not None
    assert users["course-author"].password_changed.isoformat() == "2025-12-01T08:00:00+00:00"
    assert users["ci-deployer"].password_changed is None
    assert FakeIam(seed=0).get_user("ci-deployer").user_id == users["ci-deployer"].user_id


def test_dates_are_frozen_not_wall_clock(iam: FakeIam) -> None:
    first = iam.create_access_key(None)
    second = iam.create_access_key(None)
    assert first.create_date.isoformat() == "2026-01-15T10:00:00+00:00"
    assert second.create_date > first.create_date
    users = {u.user_name: u for u in iam.list_users()}
    assert users["course-author"].create_date.isoformat() == "2025-09-02T09:30:00+00:00"


@pytest.mark.parametrize("user", [None, "course-author"])
def test_third_key_is_refused(iam: FakeIam, user: str | None) -> None:
    iam.create_access_key(user)
    iam.create_access_key(user)
    with pytest.raises(IamError) as refused:
        iam.create_access_key(user)
    assert refused.value.code == "LimitExceeded"
    assert refused.value.status == 409
    assert refused.value.message == "Cannot exceed quota for AccessKeysPerUser: 2"
    assert len(iam.list_access_keys(user)) == 2


def test_create_list_status_delete(iam: FakeIam) -> None:
    key = iam.create_access_key("course-author")
    listed = iam.list_access_keys("course-author")
    assert [(k.access_key_id, k.status) for k in listed] == [(key.access_key_id, "Active")]
    assert listed[0].last_used_date is None
    with pytest.raises(IamError) as active:
        iam.delete_access_key(key.access_key_id, "course-author")
    assert (active.value.code, active.value.status) == ("KeyActive", 409)
    iam.set_access_key_status(key.access_key_id, "Inactive", "course-author")
    assert iam.list_access_keys("course-author")[0].status == "Inactive"
    iam.delete_access_key(key.access_key_id, "course-author")
    assert iam.list_access_keys("course-author") == []
    assert iam.list_access_keys(None) == []  # root keys are separate


def test_root_keys_are_not_an_iam_user(iam: FakeIam) -> None:
    iam.create_access_key(None)
    names = [u.user_name for u in iam.list_users()]
    assert names == ["audit-readonly", "ci-deployer", "course-author", "maria.garcia"]
    assert all(not u.access_keys or u.user_name == "ci-deployer" for u in iam.list_users())


def test_description_tag_lands_on_user(iam: FakeIam) -> None:
    key = iam.create_access_key("course-author", "  laptop CLI  ")
    assert iam.get_user("course-author").tags == ((key.access_key_id, "laptop CLI"),)
    iam.set_access_key_status(key.access_key_id, "Inactive", "course-author")
    iam.delete_access_key(key.access_key_id, "course-author")
    assert iam.get_user("course-author").tags == ()


def test_seed_users_look_real(iam: FakeIam) -> None:
    users = {u.user_name: u for u in iam.list_users()}
    assert users["course-author"].groups == ("Authors",)
    assert users["course-author"].has_password
    assert users["maria.garcia"].mfa
    assert users["ci-deployer"].access_keys[0].last_used_service == "s3"
    assert not users["ci-deployer"].has_password
    with pytest.raises(IamError) as missing:
        iam.get_user("nobody")
    assert missing.value.status == 404


def test_passwords(iam: FakeIam) -> None:
    assert iam.check_root_password("ROOT@example.com", "replica-root-Passw0rd")
    assert not iam.check_root_password("root@example.com", "wrong")
    assert iam.check_user_password("course-author", "replica-iam-Passw0rd")
    assert not iam.check_user_password("course-author", "wrong")
    assert not iam.check_user_password("ci-deployer", "")  # no console password
    assert not iam.check_user_password("nobody", "")


def test_user_sign_in_dates_the_console_last_sign_in(iam: FakeIam) -> None:
    before = iam.get_user("course-author").console_last_sign_in
    assert before is not None and before.isoformat() == "2026-01-14T16:45:00+00:00"
    assert not iam.check_user_password("course-author", "wrong")
    assert iam.get_user("course-author").console_last_sign_in == before
    iam.clock.advance(90)
    assert iam.check_user_password("course-author", "replica-iam-Passw0rd")
    assert iam.get_user("course-author").console_last_sign_in == iam.clock.now()


def test_refusals(iam: FakeIam) -> None:
    key = iam.create_access_key("course-author")
    with pytest.raises(IamError) as long_description:
        iam.create_access_key("course-author", "x" * 257)
    assert (long_description.value.code, long_description.value.status) == ("ValidationError", 400)
    with pytest.raises(IamError) as bad_status:
        iam.set_access_key_status(key.access_key_id, "Paused", "course-author")
    assert (bad_status.value.code, bad_status.value.status) == ("ValidationError", 400)
    iam.set_access_key_status(key.access_key_id, "Inactive", "course-author")
    with pytest.raises(IamError) as other_users_key:
        iam.delete_access_key(key.access_key_id, "maria.garcia")
    assert (other_users_key.value.code, other_users_key.value.status) == ("NoSuchEntity", 404)
    with pytest.raises(IamError) as unknown_user:
        iam.create_access_key("nobody")
    assert (unknown_user.value.code, unknown_user.value.status) == ("NoSuchEntity", 404)
    assert len(iam.create_access_key("course-author", "y" * 256).access_key_id) == 20


def test_sts_accepts_new_keys(iam: FakeIam) -> None:
    user_key = iam.create_access_key("course-author")
    asked_at = iam.clock.now()
    who = iam.get_caller_identity(user_key.access_key_id, user_key.secret_access_key)
    assert who.arn == "arn:aws:iam::123456789012:user/course-author"
    assert who.account == "123456789012"
    root_key = iam.create_access_key(None)
    root = iam.get_caller_identity(root_key.access_key_id, root_key.secret_access_key)
    assert (root.arn, root.user_id) == ("arn:aws:iam::123456789012:root", "123456789012")
    used = iam.list_access_keys("course-author")[0]
    assert (used.last_used_service, used.last_used_region) == ("sts", "us-east-1")
    assert used.last_used_date == asked_at
    assert who.user_id == iam.get_user("course-author").user_id


def test_sts_failures_are_not_a_last_use(iam: FakeIam) -> None:
    key = iam.create_access_key("course-author")
    with pytest.raises(IamError) as wrong_secret:
        iam.get_caller_identity(key.access_key_id, key.secret_access_key[:-1] + "#")
    assert (wrong_secret.value.code, wrong_secret.value.status) == ("SignatureDoesNotMatch", 403)
    assert iam.list_access_keys("course-author")[0].last_used_date is None


def test_sts_refuses_deleted_unknown_inactive_and_wrong_secret(iam: FakeIam) -> None:
    key = iam.create_access_key("course-author")
    with pytest.raises(IamError) as wrong_secret:
        iam.get_caller_identity(key.access_key_id, "x" * 40)
    assert wrong_secret.value.code == "SignatureDoesNotMatch"
    iam.set_access_key_status(key.access_key_id, "Inactive", "course-author")
    with pytest.raises(IamError) as inactive:
        iam.get_caller_identity(key.access_key_id, key.secret_access_key)
    assert (inactive.value.code, inactive.value.status) == ("InvalidClientTokenId", 403)
    iam.delete_access_key(key.access_key_id, "course-author")
    with pytest.raises(IamError) as deleted:
        iam.get_caller_identity(key.access_key_id, key.secret_access_key)
    assert deleted.value.code == "InvalidClientTokenId"
    with pytest.raises(IamError) as unknown:
        iam.get_caller_identity("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    assert unknown.value.code == "InvalidClientTokenId"


def test_two_fake_iams_do_not_share_state() -> None:
    one, two = FakeIam(seed=0), FakeIam(seed=0)
    key = one.create_access_key(None)
    assert two.list_access_keys(None) == []
    with pytest.raises(IamError):
        two.get_caller_identity(key.access_key_id, key.secret_access_key)
    assert one.get_caller_identity(key.access_key_id, key.secret_access_key).account


def test_threads_share_one_fake_iam_safely(iam: FakeIam) -> None:
    made: list[str] = []
    refused: list[str] = []

    def create() -> None:
        try:
            made.append(iam.create_access_key("course-author").access_key_id)
        except IamError as error:
            refused.append(error.code)

    threads = [threading.Thread(target=create) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 2 and refused == ["LimitExceeded"] * 4
    assert sorted(made) == sorted(k.access_key_id for k in iam.list_access_keys("course-author"))


def test_fill_to_quota(iam: FakeIam) -> None:
    assert len(iam.fill_to_quota(None)) == 2
    assert len(iam.fill_to_quota("ci-deployer")) == 1  # it already had one
    keys = iam.list_access_keys(None)
    assert len(keys) == 2 and all(k.create_date < iam.clock.now() for k in keys)


def test_the_replica_imports_neither_moto_nor_boto3() -> None:
    probe = (
        "import sys, automation.replica as r\n"
        "from automation.targets import _build_replica\n"
        "iam, _ = _build_replica(frozenset(), 'current', 0, frozenset())\n"
        "k = iam.create_access_key(None)\n"
        "assert iam.get_caller_identity(k.access_key_id, k.secret_access_key).arn.endswith(':root')\n"
        "import automation.replica.__main__, automation.replica.state\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'moto', 'boto3', 'botocore'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_a_third_of_secrets_have_no_digit() -> None:
    """About 1 real secret in 900 has no digit; the replica issues them often enough for every scrubber
    and leak check to meet one (the default replica's first key among them). Each keeps a "/" or "+"."""
    secrets = [FakeIam(seed=seed).create_access_key(None).secret_access_key for seed in range(30)]
    digit_free = [secret for secret in secrets if not any(char.isdigit() for char in secret)]
    assert 5 <= len(digit_free) <= 20, digit_free
    assert all(re.fullmatch(SECRET_PATTERN, secret) for secret in digit_free)
    assert secrets[0] in digit_free
