"""The root user, modelled in moto as a hidden IAM user whose identity is the account itself.

moto has no root user. The replica keeps root's access keys on a hidden user (path
`/replica-internal/`, filtered out of every listing) whose class is switched to `RootPrincipal`, so
its ARN is `arn:aws:iam::<account>:root` and its id is the account id: moto's STS GetCallerIdentity
then answers for a root key exactly as AWS does, and moto's 2-keys-per-user quota applies to root.
"""

from __future__ import annotations

from moto.iam.models import IAMBackend, User

ROOT_HOLDER_NAME = "replica-root-user"
INTERNAL_PATH = "/replica-internal/"

#: Root may do anything; lets root keys pass moto's policy checks when auth is enforced.
ADMIN_POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


class RootPrincipal(User):
    """A moto user that answers as the account's root user."""

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:root"


def adopt_root(backend: IAMBackend, account_id: str) -> None:
    """Turn the hidden holder user into the root principal (ARN `…:root`, id = account id)."""
    user = backend.users[ROOT_HOLDER_NAME]
    user.__class__ = RootPrincipal
    user.id = account_id


def is_internal(path: str) -> bool:
    """True for the replica's hidden users (never shown in the console)."""
    return path.startswith(INTERNAL_PATH)
