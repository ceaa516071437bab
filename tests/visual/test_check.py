"""check_image: every update mode against missing, identical, tolerable and different baselines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from automation.visual import BaselineStore, Status, Tolerance, UpdateMode, check_image

from .pngs import png

BASE = png()  # white 40x30
NEAR = png(dots=3)  # 3 black pixels
FAR = png((0, 0, 0))  # all black
TALL = png(size=(40, 32))


@pytest.fixture
def store(tmp_path: Path) -> BaselineStore:
    return BaselineStore(tmp_path / "baselines", edition="current")


def run(store: BaselineStore, report: Path, actual: bytes, mode: str, tol: Tolerance | None = None):
    return check_image("page.png", actual, store, tol or Tolerance(), mode, report)


# (baseline, actual, tolerance) -> {mode: (status, passed, baseline afterwards)}
MISSING = {
    "all": (Status.CREATED, True, "actual"),
    "changed": (Status.CREATED, True, "actual"),
    "missing": (Status.CREATED, False, "actual"),
    "none": (Status.MISSING, False, None),
}
IDENTICAL = {m: (Status.MATCHED, True, "baseline") for m in ("all", "changed", "missing", "none")}
WITHIN = {
    "all": (Status.UPDATED, True, "actual"),  # not byte-identical: all rewrites
    "changed": (Status.MATCHED, True, "baseline"),
    "missing": (Status.MATCHED, True, "baseline"),
    "none": (Status.MATCHED, True, "baseline"),
}
BEYOND = {
    "all": (Status.UPDATED, True, "actual"),
    "changed": (Status.UPDATED, True, "actual"),
    "missing": (Status.DIFFERENT, False, "baseline"),
    "none": (Status.DIFFERENT, False, "baseline"),
}


@pytest.mark.parametrize("mode", ["all", "changed", "missing", "none"])
@pytest.mark.parametrize(
    ("case", "baseline", "actual", "tol", "table"),
    [
        ("missing", None, NEAR, None, MISSING),
        ("identical", BASE, BASE, None, IDENTICAL),
        ("within", BASE, NEAR, Tolerance(max_diff_pixels=3), WITHIN),
        ("beyond", BASE, FAR, None, BEYOND),
        ("size", BASE, TALL, Tolerance(max_diff_pixel_ratio=1.0), BEYOND),
    ],
)
def test_update_modes(store, tmp_path, mode, case, baseline, actual, tol, table) -> None:
    if baseline is not None:
        store.write("page.png", baseline)
    outcome = run(store, tmp_path / "report", actual, mode, tol)
    status, passed, after = table[mode]
    assert (outcome.status, outcome.passed) == (status, passed), outcome.message
    path = store.path_for("page.png")
    expected_bytes = {"actual": actual, "baseline": baseline, None: None}[after]
    assert (path.read_bytes() if path.exists() else None) == expected_bytes


def test_baseline_path_template_includes_the_edition(tmp_path) -> None:
    store = BaselineStore(tmp_path / "tests" / "baselines", "{edition}/{name}", edition="2025-console")
    outcome = check_image("iam-iam-page.png", BASE, store, None, "all", None)
    assert outcome.baseline == tmp_path / "tests/baselines/2025-console/iam-iam-page.png"
    assert outcome.baseline.read_bytes() == BASE


def test_plain_folder_means_baselines_by_file_name(tmp_path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "root-menu.png").write_bytes(BASE)
    outcome = check_image("root-menu.png", BASE, tmp_path / "images", None, "none", None)
    assert outcome.status is Status.MATCHED


def test_difference_writes_expected_actual_and_diff(store, tmp_path) -> None:
    store.write("page.png", BASE)
    outcome = run(store, tmp_path / "report", NEAR, "none")
    assert outcome.status is Status.DIFFERENT
    assert outcome.diff_pixels == 3 and outcome.total_pixels == 1200
    assert "3 pixels" in outcome.message
    assert outcome.expected.read_bytes() == BASE
    assert outcome.actual.read_bytes() == NEAR
    diff = Image.open(outcome.diff)
    assert diff.size == (40, 30) and diff.getpixel((0, 0)) == (255, 0, 0, 255)
    record = json.loads(outcome.record.read_text())
    assert record["status"] == "different" and record["passed"] is False
    assert record["images"] == {
        "actual": "images/page.png/actual.png",
        "diff": "images/page.png/diff.png",
        "expected": "images/page.png/expected.png",
    }


def test_size_mismatch_always_fails_and_still_writes_a_diff(store, tmp_path) -> None:
    store.write("page.png", BASE)
    outcome = run(store, tmp_path / "r", TALL, "none", Tolerance(max_diff_pixel_ratio=1.0))
    assert outcome.status is Status.DIFFERENT
    assert "Expected an image 40px by 30px, received 40px by 32px" in outcome.message
    assert outcome.expected_size == (40, 30) and outcome.actual_size == (40, 32)
    assert Image.open(outcome.diff).size == (40, 32)


def test_match_writes_a_record_but_no_images(store, tmp_path) -> None:
    store.write("page.png", BASE)
    outcome = run(store, tmp_path / "r", BASE, "none")
    assert outcome.status is Status.MATCHED and outcome.record.exists()
    assert not (tmp_path / "r" / "images").exists()


def test_rerun_clears_the_previous_files_of_the_same_check(store, tmp_path) -> None:
    store.write("page.png", BASE)
    run(store, tmp_path / "r", FAR, "none")
    assert (tmp_path / "r/images/page.png/diff.png").exists()
    run(store, tmp_path / "r", BASE, "none")
    assert not (tmp_path / "r/images/page.png").exists()


def test_unstable_capture_fails_and_writes_no_baseline(store, tmp_path) -> None:
    outcome = check_image("page.png", NEAR, store, None, "all", tmp_path / "r", previous_png=BASE)
    assert outcome.status is Status.UNSTABLE and not outcome.passed
    assert not store.path_for("page.png").exists()
    assert outcome.previous.read_bytes() == BASE and outcome.actual.read_bytes() == NEAR
    assert outcome.diff.exists()


def test_context_keeps_equal_names_apart(store, tmp_path) -> None:
    a = check_image("page.png", FAR, store, None, "none", tmp_path / "r", context="test_a.py::t")
    b = check_image("page.png", FAR, store, None, "none", tmp_path / "r", context="test_b.py::t")
    assert a.slug != b.slug and a.record != b.record


def test_without_a_report_folder_nothing_is_written(store, tmp_path) -> None:
    store.write("page.png", BASE)
    outcome = check_image("page.png", FAR, store, None, "none", None)
    assert outcome.status is Status.DIFFERENT and outcome.record is None and outcome.diff is None


def test_bad_mode_and_names_are_rejected(store, tmp_path) -> None:
    with pytest.raises(ValueError, match=re.escape("all|changed|missing|none")):
        check_image("page.png", BASE, store, None, "sometimes", None)
    with pytest.raises(ValueError, match=r"\.\."):
        check_image("../escape.png", BASE, store, None, "all", None)
    with pytest.raises(ValueError, match="unknown token"):
        BaselineStore(tmp_path, "{browser}/{name}")
    assert UpdateMode.parse("CHANGED") is UpdateMode.CHANGED
