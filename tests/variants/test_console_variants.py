"""Both paths and doctor on the default replica, on every console variant alone, and on the "2024" and
"2026" combinations: nine images, two valid key files, at most one key created per path; doctor finds
every locator exactly once, stops before Create on both paths, and creates nothing.

The oracle for the key files is the fake IAM's own STS check (GetCallerIdentity with the downloaded id
and secret): the file must hold the key the console made, not merely parse.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from automation.doctor.checks import OK, STOPPED
from automation.replica.variants import COMBINATIONS, KNOWN_VARIANTS
from flows.catalog import ALL_IMAGES

from .conftest import PathsRun

pytestmark = pytest.mark.browser

CASES: dict[str, frozenset[str]] = {
    "default": frozenset(),
    **{name: frozenset({name}) for name in KNOWN_VARIANTS},
    **COMBINATIONS,
}
BEFORE_CREATE = {
    "root-menu.png",
    "root-security-credentials.png",
    "root-expanded-credentials-page.png",
    "iam-services-page.png",
    "iam-iam-page.png",
    "iam-security-credentials-page.png",
    "iam-create-key-page.png",
}


@pytest.mark.parametrize("case", list(CASES))
def test_both_paths_pass_on_each_console(case: str, both_paths: Callable[..., PathsRun]) -> None:
    run = both_paths(CASES[case])
    names = sorted(path.name for path in run.summary.images)
    assert names == sorted(item.image for item in ALL_IMAGES), run.progress
    replica = run.target.replica
    assert len(replica.created_key_ids) == 2  # one per path, never more
    keys = run.keys()
    assert sorted(key.access_key_id for key in keys) == sorted(replica.created_key_ids)
    for key in keys:  # the file holds the very key the console created: STS accepts it
        identity = run.target.iam.get_caller_identity(key.access_key_id, key.secret_access_key)
        assert identity.account == "123456789012"
    assert replica.unknown_requests == []


@pytest.mark.parametrize("case", list(CASES))
def test_doctor_passes_on_each_console_and_creates_nothing(
    case: str, both_paths: Callable[..., PathsRun]
) -> None:
    run = both_paths(CASES[case], doctor=True)
    assert run.report is not None and not run.errors, run.progress
    assert run.report.problems == [], "\n".join(map(str, run.report.rows))
    stops = [row for row in run.report.rows if row.result == STOPPED]
    assert [row.path for row in stops] == ["root", "iam"]  # both paths reached Create, never through it
    checked = [row for row in run.report.rows if row.result == OK]
    assert len(checked) >= 13
    assert {path.name for path in run.summary.images} == BEFORE_CREATE
    assert run.target.replica.created_key_ids == []
    assert run.report.blocked == []  # doctor never even tried
