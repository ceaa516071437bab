"""After a failed Create, "nothing was created" only from a key list read with certainty; a list that
cannot be read makes the run say the state is unknown and how to look. The replica's own record says
what really happened."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from automation.errors import StepError
from automation.pages.current.access_keys import AccessKeysSection

from .conftest import IAM, ROOT, PathsRun

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("flow", [ROOT, IAM], ids=["root", "iam"])
def test_unreadable_list_after_a_failed_create_is_unknown(flow, one_path: Callable[..., PathsRun]) -> None:
    with pytest.raises(StepError) as caught:
        one_path(flow, replica_faults=frozenset({"create-500", "keys-unreadable"}), step_timeout_ms=15_000)
    error = caught.value
    assert error.step == "Create access key"
    assert "is unknown" in error.reason and "nothing was created" not in error.reason
    assert "Look for yourself" in error.fix and "--delete-key" in error.fix


@pytest.mark.parametrize("flow", [ROOT, IAM], ids=["root", "iam"])
def test_a_key_made_despite_the_error_is_never_called_nothing(
    flow, one_path: Callable[..., PathsRun]
) -> None:
    """The key exists (committed, then 500) but the list cannot be read: unknown, never "nothing"."""
    with pytest.raises(StepError) as caught:
        one_path(
            flow,
            replica_faults=frozenset({"create-fails-after-commit", "keys-unreadable"}),
            step_timeout_ms=15_000,
        )
    assert "is unknown" in caught.value.reason and "nothing was created" not in caught.value.reason


@pytest.mark.parametrize("flow", [ROOT, IAM], ids=["root", "iam"])
def test_a_readable_list_still_says_nothing_was_created(flow, one_path: Callable[..., PathsRun]) -> None:
    with pytest.raises(StepError) as caught:
        one_path(flow, replica_faults=frozenset({"create-500"}))
    assert "nothing was created" in caught.value.reason


SECTION = """<div><div><h2>Access keys ({count})</h2>
<button data-testid="create-access-key">Create access key</button></div>
<table><tr><td>AKIAIOSFODNN7EXAMPLE</td><td>Active</td></tr></table></div>
<div><h2>Summary</h2><p>AKIAI44QH8DHBEXAMPLE</p></div>"""


@pytest.mark.parametrize(("count", "certain"), [(1, True), (2, False), (0, False)])
def test_a_reading_is_certain_only_when_the_count_matches(page: Page, count: int, certain: bool) -> None:
    page.set_content(SECTION.format(count=count))
    reading = AccessKeysSection(page).read_keys()
    assert reading.key_ids == ["AKIAIOSFODNN7EXAMPLE"]  # the section's own, not the Summary's
    assert reading.certain is certain
