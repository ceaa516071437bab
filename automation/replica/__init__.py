"""The offline replica of the AWS console: a seeded, in-memory fake IAM and a Playwright router.

Public API (see docs/replica.md): `FakeIam`, `ReplicaAccount`, `Replica`, `KNOWN_FAULTS`.

Names are imported on first use, so importing the package costs nothing until a name is needed; a run
builds its fake IAM and router in the background while its browser starts (see automation/targets.py).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .account import ReplicaAccount
    from .fake_iam import FakeIam
    from .faults import KNOWN_FAULTS
    from .hosts import ReplicaHosts
    from .iam_types import AccessKeyInfo, CallerIdentity, IamError, NewAccessKey, UserInfo
    from .messages import ReplicaRequest, ReplicaResponse
    from .router import Replica

_HOMES = {
    "KNOWN_FAULTS": "faults",
    "AccessKeyInfo": "iam_types",
    "CallerIdentity": "iam_types",
    "FakeIam": "fake_iam",
    "IamError": "iam_types",
    "NewAccessKey": "iam_types",
    "Replica": "router",
    "ReplicaAccount": "account",
    "ReplicaHosts": "hosts",
    "ReplicaRequest": "messages",
    "ReplicaResponse": "messages",
    "UserInfo": "iam_types",
}

__all__ = [
    "KNOWN_FAULTS",
    "AccessKeyInfo",
    "CallerIdentity",
    "FakeIam",
    "IamError",
    "NewAccessKey",
    "Replica",
    "ReplicaAccount",
    "ReplicaHosts",
    "ReplicaRequest",
    "ReplicaResponse",
    "UserInfo",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value
