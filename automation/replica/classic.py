"""The classic edition's seed state: what the tutorial's January 2014 images show before the run.

In those images the IAM user already has one active access key (its Security Credentials tab and the
Manage Access Keys dialog list it), so the run creates the user's second key, as the reader did.
"""

from __future__ import annotations

from .account import utc
from .fake_iam import FakeIam

#: The IAM user the flows sign in as (``.env.example``), and when its first key was made.
CLASSIC_KEY_HOLDER = "course-author"
CLASSIC_KEY_CREATED = utc("2025-10-26T09:26")


def seed_classic_state(iam: FakeIam) -> None:
    """Give the IAM user its one active key, unless it already has keys."""
    if CLASSIC_KEY_HOLDER in iam.user_names() and not iam.list_access_keys(CLASSIC_KEY_HOLDER):
        iam.add_old_key(CLASSIC_KEY_HOLDER, CLASSIC_KEY_CREATED)
