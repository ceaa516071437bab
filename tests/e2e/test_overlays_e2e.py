"""Pop-ups over the console (the cookie banner, a feedback survey) are dismissed by the page objects'
locator handlers: the run passes and no image shows them."""

from __future__ import annotations

import pytest

from automation.errors import ExitCode
from automation.visual import compare
from flows.catalog import ALL_IMAGES

from .conftest import PROJECT

BASELINES = PROJECT / "tests" / "baselines" / "current"


@pytest.mark.parametrize("fault", ["cookie-banner", "feedback-popup"])
def test_overlays_are_dismissed_and_never_in_an_image(fault: str, run_cli) -> None:
    result = run_cli("flows", "--replica-fault", fault)
    assert result.returncode == ExitCode.OK, result.output
    for item in ALL_IMAGES:
        image = result.out / item.image
        outcome = compare((BASELINES / item.image).read_bytes(), image.read_bytes())
        assert outcome.diff_pixels == 0, f"{item.image}: {outcome.diff_pixels} pixels differ ({fault} shown?)"
