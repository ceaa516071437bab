"""Seed data of the replica account: the root user, the IAM users and their groups, with fixed dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

#: The replica's frozen "now": every date it shows is relative to this instant, never the wall clock.
REPLICA_NOW = datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)
ACCOUNT_CREATED = datetime(2024, 10, 1, 12, 0, 0, tzinfo=UTC)


def utc(text: str) -> datetime:
    """Parse `YYYY-MM-DDTHH:MM` (UTC) into an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class SeedKey:
    """An access key that exists before the run starts."""

    created: datetime
    status: str = "Active"
    last_used: datetime | None = None
    last_used_region: str = "N/A"
    last_used_service: str = "N/A"


@dataclass(frozen=True)
class SeedUser:
    """An IAM user of the replica account, as the Users table shows it."""

    name: str
    created: datetime
    groups: tuple[str, ...] = ()
    password: str | None = None
    password_changed: datetime | None = None
    console_last_sign_in: datetime | None = None
    mfa: bool = False
    keys: tuple[SeedKey, ...] = ()
    path: str = "/"


DEFAULT_USERS: tuple[SeedUser, ...] = (
    SeedUser(
        name="course-author",
        created=utc("2025-09-02T09:30"),
        groups=("Authors",),
        password="replica-iam-Passw0rd",
        password_changed=utc("2025-12-01T08:00"),
        console_last_sign_in=utc("2026-01-14T16:45"),
    ),
    SeedUser(
        name="ci-deployer",
        created=utc("2025-06-10T14:05"),
        groups=("Deployers",),
        keys=(
            SeedKey(
                created=utc("2025-06-10T14:07"),
                last_used=utc("2026-01-15T08:12"),
                last_used_region="us-east-1",
                last_used_service="s3",
            ),
        ),
    ),
    SeedUser(
        name="maria.garcia",
        created=utc("2024-11-20T11:00"),
        groups=("Admins",),
        password="replica-maria-Passw0rd",
        password_changed=utc("2025-10-20T11:00"),
        console_last_sign_in=utc("2026-01-13T09:20"),
        mfa=True,
    ),
    SeedUser(
        name="audit-readonly",
        created=utc("2025-03-01T10:15"),
        groups=("ReadOnly",),
        password="replica-audit-Passw0rd",
        password_changed=utc("2025-03-01T10:15"),
        console_last_sign_in=utc("2025-12-01T13:02"),
    ),
)


@dataclass(frozen=True)
class ReplicaAccount:
    """The account the replica pretends to be; defaults match fixtures/replica/credentials.env."""

    account_id: str = "123456789012"
    account_name: str = "Course Sandbox"
    alias: str = "course-sandbox"
    root_email: str = "root@example.com"
    root_password: str = "replica-root-Passw0rd"
    root_mfa_seed: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    canonical_user_id: str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    created: datetime = ACCOUNT_CREATED
    now: datetime = REPLICA_NOW
    users: tuple[SeedUser, ...] = field(default=DEFAULT_USERS)

    @property
    def formatted_id(self) -> str:
        """The account id as the account menu shows it: `1234-5678-9012`."""
        a = self.account_id
        return f"{a[0:4]}-{a[4:8]}-{a[8:12]}"

    def user(self, name: str) -> SeedUser | None:
        """The seed user called `name`, if any."""
        return next((u for u in self.users if u.name == name), None)

    def names_account(self, identifier: str) -> bool:
        """True when `identifier` is this account's 12-digit id or its alias."""
        text = identifier.strip()
        digits = text.replace("-", "")
        if digits.isdigit():
            return digits == self.account_id
        return text.lower() == self.alias
