"""--delete-key finds the key's own row or container and its own Actions, on every form of the key list:
the table with named or unnamed radios, one container per key (IAM user tab), both names of the delete
dialog and both ways its Deactivate step ends. The other key is never touched.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from automation.replica import FakeIam, Replica

from .conftest import IAM, ROOT, PathsRun

pytestmark = pytest.mark.browser

LISTS = ["default", "iam-key-cards", "key-select-unlabelled", "delete-dialog-question", "delete-confirm-alt"]


def seeded_keys(user: str | None) -> list[str]:
    """The two keys `two-keys` gives an identity (seeded: the same in every replica a run builds)."""
    iam = Replica(FakeIam(seed=0), faults=frozenset({"two-keys"})).iam
    return [key.access_key_id for key in iam.list_access_keys(user)]


@pytest.mark.parametrize("variant", LISTS)
@pytest.mark.parametrize("flow", [ROOT, IAM], ids=["root", "iam"])
def test_delete_key_deletes_that_key_only(variant: str, flow, one_path: Callable[..., PathsRun]) -> None:
    user = None if flow is ROOT else "course-author"
    older, newer = seeded_keys(user)
    variants = frozenset() if variant == "default" else frozenset({variant})
    run = one_path(
        flow, replica_faults=frozenset({"two-keys"}), replica_variants=variants, delete_key=newer[-4:]
    )  # the second key: a first-on-the-page click would miss it
    keys_now = [key.access_key_id for key in run.target.iam.list_access_keys(user)]
    assert newer not in keys_now and older in keys_now, run.progress
    assert len(run.target.replica.created_key_ids) == 1  # then the one new key of the run
    assert f"deleted access key ****************{newer[-4:]}" in " ".join(run.summary.remarks)
