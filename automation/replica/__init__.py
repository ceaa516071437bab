"""The offline replica of the AWS console: a seeded fake IAM on moto and a Playwright router.

Public API: `FakeIam`, `ReplicaAccount`, `Replica`, `KNOWN_FAULTS` (see docs/replica.md).
"""

from .account import ReplicaAccount
from .fake_iam import FakeIam
from .faults import KNOWN_FAULTS
from .iam_types import AccessKeyInfo, CallerIdentity, IamError, NewAccessKey, UserInfo

__all__ = [
    "KNOWN_FAULTS",
    "AccessKeyInfo",
    "CallerIdentity",
    "FakeIam",
    "IamError",
    "NewAccessKey",
    "ReplicaAccount",
    "UserInfo",
]
