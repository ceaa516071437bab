"""The offline replica of the AWS console: a seeded fake IAM on moto and a Playwright router.

Public API (see docs/replica.md): `FakeIam`, `ReplicaAccount`, `Replica`, `KNOWN_FAULTS`.
"""

from .account import ReplicaAccount
from .fake_iam import FakeIam
from .faults import KNOWN_FAULTS
from .hosts import ReplicaHosts
from .iam_types import AccessKeyInfo, CallerIdentity, IamError, NewAccessKey, UserInfo
from .messages import ReplicaRequest, ReplicaResponse
from .router import Replica

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
