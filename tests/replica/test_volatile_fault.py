"""The `volatile` fault: the same console on another day (other dates, names and ids, same identities)."""

from __future__ import annotations

import random
import re

from automation.replica import FakeIam, Replica, ReplicaAccount
from automation.replica.volatile import fake_iam_for, varied_account, with_request_id

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_another_day_keeps_who_can_sign_in_and_changes_every_date() -> None:
    base = ReplicaAccount()
    one, two = varied_account(random.Random(1)), varied_account(random.Random(2))
    for day in (one, two):
        assert (day.account_id, day.root_email, day.root_password, day.root_mfa_seed) == (
            base.account_id,
            base.root_email,
            base.root_password,
            base.root_mfa_seed,
        )
        assert [(u.name, u.password, u.mfa, len(u.keys)) for u in day.users] == [
            (u.name, u.password, u.mfa, len(u.keys)) for u in base.users
        ]
        for user in day.users:  # a story that holds together: created, then changed, then signed in
            assert user.created <= day.now
            if user.password_changed:
                assert user.created <= user.password_changed <= day.now
            if user.console_last_sign_in:
                assert user.created <= user.console_last_sign_in <= day.now
            for key in user.keys:
                assert user.created <= key.created <= day.now
                assert key.last_used is None or key.created <= key.last_used <= day.now
    assert one.now != two.now and one.now != base.now
    assert one.account_name != two.account_name or one.alias != two.alias
    assert [u.console_last_sign_in for u in one.users] != [u.console_last_sign_in for u in two.users]


def test_fake_iam_for_volatile_differs_every_time_and_is_seeded_otherwise() -> None:
    plain = [fake_iam_for(frozenset(), seed=0) for _ in range(2)]
    assert plain[0].account == plain[1].account == ReplicaAccount()
    days = [fake_iam_for(frozenset({"volatile"})) for _ in range(2)]
    assert days[0].clock.now() != days[1].clock.now()
    assert days[0].seed != days[1].seed  # other key ids and secrets


def test_every_api_answer_gets_a_new_request_id_and_errors_show_it() -> None:
    replica = Replica(FakeIam(), faults=frozenset({"volatile"}))
    signed_out = [
        replica.handle("GET", "https://us-east-1.console.aws.amazon.com/__replica/api/access-keys", {})
        for _ in range(2)
    ]
    ids = [answer.header("x-amzn-requestid") for answer in signed_out]
    assert ids[0] != ids[1] and all(re.fullmatch(UUID, i or "") for i in ids)
    message = signed_out[0].json()["error"]["message"]
    assert message.endswith(f"Request ID: {ids[0]})") and "Status Code: 401" in message


def test_a_request_id_is_added_only_to_error_messages() -> None:
    from automation.replica.messages import json_response

    ok = with_request_id(json_response({"users": []}), "11111111-2222-3333-4444-555555555555")
    assert ok.json() == {"users": []}
    assert ok.header("x-amzn-requestid") == "11111111-2222-3333-4444-555555555555"
