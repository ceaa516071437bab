"""The replica's final state as JSON, for tests that check what a run did to the fake IAM.

`python -m flows ...` writes it at the end of the run when ``ACF_REPLICA_STATE=PATH`` is set
(mode 0600: it holds the fake keys' secrets and session tokens, so tests can scan artifacts for them).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .clock import iso
from .router import Replica

STATE_ENV = "ACF_REPLICA_STATE"


def replica_state(replica: Replica) -> dict[str, Any]:
    """Keys per identity, keys created in this run (with their secrets), sessions, throttled reads, and
    the volatile facts two runs differ in (the clock, the account name, the users' last sign-ins)."""
    iam = replica.iam

    def keys(user: str | None) -> list[dict[str, str]]:
        return [{"id": k.access_key_id, "status": k.status} for k in iam.list_access_keys(user)]

    return {
        "faults": sorted(replica.faults),
        "account_id": iam.account.account_id,
        "account_name": iam.account.account_name,
        "now": iso(iam.clock.now()),
        "last_sign_in": {name: iso(iam.get_user(name).console_last_sign_in) for name in iam.user_names()},
        "keys": {"root": keys(None), **{name: keys(name) for name in iam.user_names()}},
        "created": [
            {"id": key_id, "secret": replica.created_secrets.get(key_id, "")}
            for key_id in replica.created_key_ids
        ],
        "session_tokens": list(replica.sessions.issued),
        "throttled": list(replica.throttled),
        "unknown_requests": list(replica.unknown_requests),
    }


def write_state(replica: Replica, path: Path) -> None:
    """Write `replica_state` to `path`, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(replica_state(replica), handle, indent=1)


def write_state_if_asked(replica: Replica) -> None:
    """`write_state` to $ACF_REPLICA_STATE when it is set."""
    wanted = os.environ.get(STATE_ENV)
    if wanted:
        write_state(replica, Path(wanted))
