"""``compare`` agrees with the ``pixelmatch`` package (pixelmatch-py) on generated images.

Counts must be identical for every pair, threshold (0, 0.1, 0.3) and include_aa setting; diff images
must be identical too (pixelmatch-py draws the same pixels as pixelmatch 5.3 except on byte-identical
inputs, where its shortcut greys the image with Pillow's own rounding, so that case compares counts only).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from pixelmatch.contrib.PIL import pixelmatch as pixelmatch_py

from automation.visual import compare

from .imagegen import Pair, all_pairs, text_image

PAIRS = all_pairs()
THRESHOLDS = [0.0, 0.1, 0.3]


def _reference(pair: Pair, threshold: float, include_aa: bool, diff_mask: bool) -> tuple[int, np.ndarray]:
    output = Image.new("RGBA", pair.a.size)
    count = pixelmatch_py(
        pair.a, pair.b, output, threshold=threshold, includeAA=include_aa, diff_mask=diff_mask
    )
    return count, np.asarray(output)


@pytest.mark.parametrize("include_aa", [False, True], ids=["aa-ignored", "aa-counted"])
@pytest.mark.parametrize("threshold", THRESHOLDS)
@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_counts_and_diff_agree_with_pixelmatch_py(pair: Pair, threshold: float, include_aa: bool) -> None:
    count, diff = _reference(pair, threshold, include_aa, diff_mask=False)
    ours = compare(pair.a, pair.b, threshold=threshold, include_aa=include_aa)
    assert ours.diff_pixels == count
    if pair.a.tobytes() != pair.b.tobytes():
        assert np.array_equal(np.asarray(ours.diff_image), diff)


@pytest.mark.parametrize("pair", PAIRS[::3], ids=[p.id for p in PAIRS[::3]])
def test_diff_mask_and_colours_agree(pair: Pair) -> None:
    count, diff = _reference(pair, 0.1, False, diff_mask=True)
    ours = compare(pair.a, pair.b, threshold=0.1, diff_mask=True)
    assert ours.diff_pixels == count
    if pair.a.tobytes() != pair.b.tobytes():
        assert np.array_equal(np.asarray(ours.diff_image), diff)
    output = Image.new("RGBA", pair.a.size)
    count = pixelmatch_py(pair.a, pair.b, output, alpha=0.5, aa_color=(0, 192, 0), diff_color=(255, 0, 255))
    ours = compare(pair.a, pair.b, alpha=0.5, aa_color=(0, 192, 0), diff_color=(255, 0, 255))
    assert ours.diff_pixels == count
    if pair.a.tobytes() != pair.b.tobytes():
        assert np.array_equal(np.asarray(ours.diff_image), np.asarray(output))


def test_generated_pairs_cover_both_outcomes() -> None:
    """The generated set is not trivial: some pairs have AA pixels, some real differences, some none."""
    results = [compare(p.a, p.b) for p in PAIRS]
    assert any(r.aa_pixels for r in results)
    assert any(r.diff_pixels for r in results)
    assert any(r.diff_pixels == 0 for r in results)


@pytest.mark.parametrize("pair", PAIRS[::2], ids=[p.id for p in PAIRS[::2]])
def test_block_and_chunk_boundaries_do_not_change_results(pair: Pair, monkeypatch) -> None:
    """Tiny work blocks (so every boundary case is crossed) give the same counts and pixels."""
    from automation.visual import antialias, yiq

    expected = compare(pair.a, pair.b)
    monkeypatch.setattr(antialias, "CHUNK", 7)
    monkeypatch.setattr(yiq, "_BLOCK", 5)
    small = compare(pair.a, pair.b)
    assert small.diff_pixels == expected.diff_pixels
    assert small.aa_pixels == expected.aa_pixels
    assert np.array_equal(np.asarray(small.diff_image), np.asarray(expected.diff_image))


def test_changed_background_agrees() -> None:
    """A changed page colour: long runs of equal pixel pairs (the run-sharing path) and flat areas."""
    a = text_image((160, 60), "Theme", font_size=20)
    arr = np.asarray(a).copy()
    arr[np.all(arr == (255, 255, 255, 255), axis=2)] = (230, 236, 250, 255)
    b = Image.fromarray(arr)
    for threshold in THRESHOLDS:
        output = Image.new("RGBA", a.size)
        count = pixelmatch_py(a, b, output, threshold=threshold)
        ours = compare(a, b, threshold=threshold)
        assert ours.diff_pixels == count
        assert np.array_equal(np.asarray(ours.diff_image), np.asarray(output))
