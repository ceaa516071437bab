"""pixelmatch 5.3's own test suite, run against ``automation.visual.compare``.

The cases, options and counts are those of mapbox/pixelmatch v5.3.0 ``test/test.js``; the diff
images must match its fixture diff images pixel for pixel.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from automation.visual import compare

FIXTURES = Path(__file__).parent / "pixelmatch-5.3.0"

# (img1, img2, expected diff image, options in our keyword names, mismatch count): test/test.js.
CASES: list[tuple[str, str, str, dict[str, Any], int]] = [
    ("1a", "1b", "1diff", {"threshold": 0.05}, 143),
    ("1a", "1b", "1diffmask", {"threshold": 0.05, "include_aa": False, "diff_mask": True}, 143),
    ("1a", "1a", "1emptydiffmask", {"threshold": 0, "diff_mask": True}, 0),
    (
        "2a",
        "2b",
        "2diff",
        {"threshold": 0.05, "alpha": 0.5, "aa_color": (0, 192, 0), "diff_color": (255, 0, 255)},
        12437,
    ),
    ("3a", "3b", "3diff", {"threshold": 0.05}, 212),
    ("4a", "4b", "4diff", {"threshold": 0.05}, 36049),
    ("5a", "5b", "5diff", {"threshold": 0.05}, 0),
    ("6a", "6b", "6diff", {"threshold": 0.05}, 51),
    ("6a", "6a", "6empty", {"threshold": 0}, 0),
    ("7a", "7b", "7diff", {"diff_color_alt": (0, 255, 0)}, 2448),
]


def _png(name: str) -> Path:
    return FIXTURES / f"{name}.png"


@pytest.mark.parametrize(("a", "b", "diff", "options", "count"), CASES, ids=[c[2] for c in CASES])
def test_count_and_diff_image_match_pixelmatch(
    a: str, b: str, diff: str, options: dict[str, Any], count: int
) -> None:
    result = compare(_png(a), _png(b), **options)
    assert result.diff_pixels == count
    ours = np.asarray(result.diff_image.convert("RGBA"))
    theirs = np.asarray(Image.open(_png(diff)).convert("RGBA"))
    assert ours.shape == theirs.shape
    wrong = int((ours != theirs).any(axis=2).sum())
    assert wrong == 0, f"{wrong} diff-image pixels differ from pixelmatch's {diff}.png"


def test_expected_json_cases_all_pass() -> None:
    """The conformance folder's expected.json (counts only) agrees with the upstream table and with us."""
    data = json.loads((FIXTURES / "expected.json").read_text())
    upstream = {
        (a, b, json.dumps({k: v for k, v in o.items() if k in ("threshold", "alpha")})): n
        for a, b, _, o, n in CASES
    }
    for case in data["cases"]:
        options = case["options"]
        result = compare(FIXTURES / case["a"], FIXTURES / case["b"], **options)
        assert result.diff_pixels == case["diff_pixels"], case
        key = (
            case["a"][:-4],
            case["b"][:-4],
            json.dumps({k: v for k, v in options.items() if k in ("threshold", "alpha")}),
        )
        assert upstream[key] == case["diff_pixels"]


def test_counts_do_not_depend_on_drawing() -> None:
    """Like test.js's second call without an output: the count is the same, drawn or not."""
    for a, b, _, options, count in CASES:
        assert compare(_png(a), _png(b), **options).diff_pixels == count


def test_result_geometry() -> None:
    result = compare(_png("1a"), _png("1b"), threshold=0.05)
    assert (result.width, result.height) == (512, 256)
    assert result.total_pixels == 512 * 256
    assert result.ratio == pytest.approx(143 / (512 * 256))
    assert not result.size_mismatch
    assert result.diff_image.size == (512, 256)
    assert result.diff_image.mode == "RGBA"
