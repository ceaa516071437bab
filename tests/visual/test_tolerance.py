"""Tolerance: unmistakable names, the stricter allowance wins, bad values explained."""

from __future__ import annotations

import pytest

from automation.visual import Tolerance


def test_defaults_allow_no_pixel_at_playwright_threshold() -> None:
    tol = Tolerance()
    assert tol.threshold == 0.2
    assert tol.allowed_pixels(1000) == 0
    assert tol.accepts(0, 1000)
    assert not tol.accepts(1, 1000)


@pytest.mark.parametrize(
    ("max_pixels", "ratio", "total", "allowed"),
    [
        (10, None, 1000, 10),
        (None, 0.05, 1000, 50),
        (10, 0.05, 1000, 10),  # the count is stricter
        (100, 0.05, 1000, 50),  # the ratio is stricter
        (0, 0.5, 1000, 0),
    ],
)
def test_stricter_allowance_wins(
    max_pixels: int | None, ratio: float | None, total: int, allowed: float
) -> None:
    tol = Tolerance(max_diff_pixels=max_pixels, max_diff_pixel_ratio=ratio)
    assert tol.allowed_pixels(total) == allowed
    assert tol.accepts(int(allowed), total)
    assert not tol.accepts(int(allowed) + 1, total)


def test_threshold_above_one_is_explained_as_a_misread() -> None:
    with pytest.raises(ValueError, match="max_diff_pixels"):
        Tolerance(threshold=5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_diff_pixels": -1},
        {"max_diff_pixels": 1.5},
        {"max_diff_pixels": True},
        {"max_diff_pixel_ratio": 2},
    ],
)
def test_invalid_allowances_are_rejected(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Tolerance(**kwargs)


def test_merged_keeps_unset_fields_and_rejects_unknown_ones() -> None:
    base = Tolerance(threshold=0.1, max_diff_pixels=5)
    assert base.merged(max_diff_pixel_ratio=0.01, threshold=None) == Tolerance(0.1, 5, 0.01)
    with pytest.raises(TypeError, match="maxDiffPixels"):
        base.merged(maxDiffPixels=3)


def test_describe_names_every_limit() -> None:
    text = Tolerance(0.3, 7, 0.5).describe(100)
    assert "threshold 0.3 per pixel" in text and "max_diff_pixels 7" in text
    assert "at most 7 differing pixels" in text
