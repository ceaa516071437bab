"""``check_image``: one screenshot against its baseline, with update modes and review artefacts."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from automation.visual.baseline import BaselineStore, UpdateMode, as_store, write_atomic
from automation.visual.comparator import CompareResult, compare
from automation.visual.metadata import compare_renderers, compare_settings, read_metadata
from automation.visual.records import clear_check, image_dir, slug_for, write_record
from automation.visual.tolerance import Tolerance


class Status(StrEnum):
    """What happened to one screenshot."""

    MATCHED = "matched"  # within tolerance of the baseline
    UPDATED = "updated"  # differed (or, in mode all, was not byte-identical): baseline rewritten
    CREATED = "created"  # no baseline: the actual was written as the baseline
    MISSING = "missing"  # no baseline, and mode none: nothing written
    DIFFERENT = "different"  # beyond tolerance, or a different size
    UNSTABLE = "unstable"  # the page never held still for two consecutive captures


@dataclass(frozen=True)
class CheckOutcome:
    """The verdict on one screenshot, where its baseline is, and the review files written."""

    name: str
    status: Status
    passed: bool
    message: str
    baseline: Path
    slug: str
    diff_pixels: int | None = None
    total_pixels: int | None = None
    allowed_pixels: float | None = None
    expected_size: tuple[int, int] | None = None  # (width, height)
    actual_size: tuple[int, int] | None = None
    expected: Path | None = None  # review copies in the report folder
    actual: Path | None = None
    diff: Path | None = None
    previous: Path | None = None
    record: Path | None = None
    renderer_note: str | None = None  # the baseline was made with other image settings, browser or version

    @property
    def ratio(self) -> float | None:
        """Share of differing pixels, 0 to 1."""
        if self.diff_pixels is None or not self.total_pixels:
            return None
        return self.diff_pixels / self.total_pixels


@dataclass(frozen=True)
class _Measure:
    """Comparison numbers for the outcome and record."""

    result: CompareResult
    allowed: float
    within: bool


def _measure(expected: bytes, actual: bytes, tolerance: Tolerance) -> _Measure:
    result = compare(expected, actual, threshold=tolerance.threshold)
    allowed = tolerance.allowed_pixels(result.total_pixels)
    within = not result.size_mismatch and result.diff_pixels <= allowed
    return _Measure(result, allowed, within)


def _difference_text(m: _Measure, tolerance: Tolerance) -> str:
    r = m.result
    text = ""
    if r.size_mismatch:
        (ew, eh), (aw, ah) = r.expected_size, r.actual_size
        text += f"Expected an image {ew}px by {eh}px, received {aw}px by {ah}px. "
    text += (
        f"{r.diff_pixels} pixels (ratio {r.ratio:.4f} of all image pixels) are different; "
        f"allowed: {tolerance.describe(r.total_pixels)}."
    )
    return text


def check_image(
    name: str,
    actual_png: bytes,
    baseline_dir: str | os.PathLike[str] | BaselineStore,
    tolerance: Tolerance | None = None,
    update_mode: UpdateMode | str = UpdateMode.MISSING,
    report_dir: str | os.PathLike[str] | None = None,
    *,
    previous_png: bytes | None = None,
    context: str | None = None,
    run_id: str | None = None,
) -> CheckOutcome:
    """Compare ``actual_png`` with the baseline ``name`` and apply ``update_mode``.

    ``baseline_dir`` is a :class:`BaselineStore` (path template with the edition) or a plain
    folder of baselines by file name. On a difference, ``report_dir`` receives expected, actual and
    diff PNGs; every check writes its JSON record there (see ``write_report`` for the summaries).
    ``previous_png`` marks an unstable capture (the frame before ``actual_png``): the check fails
    and writes no baseline. ``context`` (e.g. a pytest node id) keeps equal names apart in the
    report; ``run_id`` tags the record so a report can show one run.
    """
    started = time.perf_counter()
    tolerance = tolerance or Tolerance()
    mode = UpdateMode.parse(update_mode)
    store = as_store(baseline_dir)
    baseline_path = store.path_for(name)
    slug = slug_for(name, context)
    report = Path(report_dir) if report_dir is not None else None
    if report is not None:
        clear_check(report, slug)
    images: dict[str, Path] = {}

    def keep(kind: str, data: bytes | CompareResult) -> None:
        if report is None:
            return
        path = image_dir(report, slug) / f"{kind}.png"
        if isinstance(data, CompareResult):
            path.parent.mkdir(parents=True, exist_ok=True)
            data.save_diff(path)
        else:
            write_atomic(path, data)
        images[kind] = path

    expected_png = store.read(name)
    measure: _Measure | None = None

    if previous_png is not None:
        status, passed = Status.UNSTABLE, False
        message = (
            "Failed to take two consecutive stable screenshots; the last two captures differ "
            "(see previous, actual and their diff). No baseline was written."
        )
        if expected_png is not None:
            keep("expected", expected_png)
        keep("previous", previous_png)
        keep("actual", actual_png)
        keep("diff", compare(previous_png, actual_png))
    elif expected_png is None:
        if mode is UpdateMode.NONE:
            status, passed = Status.MISSING, False
            message = f"A baseline does not exist at {baseline_path}."
        else:
            store.write(name, actual_png)
            passed = mode is not UpdateMode.MISSING
            status = Status.CREATED
            message = f"A baseline did not exist at {baseline_path}; wrote the actual image."
            if not passed:
                message += " Review it and commit it; the next run compares against it."
        keep("actual", actual_png)
    elif expected_png == actual_png:
        status, passed, message = Status.MATCHED, True, "Identical to the baseline."
    else:
        measure = _measure(expected_png, actual_png, tolerance)
        if mode is UpdateMode.ALL or (mode is UpdateMode.CHANGED and not measure.within):
            store.write(name, actual_png)
            status, passed = Status.UPDATED, True
            message = f"Rewrote {baseline_path} (update mode {mode}). " + _difference_text(measure, tolerance)
        elif measure.within:
            status, passed = Status.MATCHED, True
            message = "Within tolerance: " + _difference_text(measure, tolerance)
        else:
            status, passed = Status.DIFFERENT, False
            message = _difference_text(measure, tolerance)
        if status is not Status.MATCHED:
            keep("expected", expected_png)
            keep("actual", actual_png)
            keep("diff", measure.result)

    note = None
    if expected_png is not None and previous_png is None and expected_png != actual_png:
        made, running = read_metadata(expected_png), read_metadata(actual_png)
        found = compare_renderers(made, running)
        notes = [compare_settings(made, running), found.text if found else None]
        note = " ".join(text for text in notes if text) or None
        if note and status is not Status.MATCHED:
            message += " " + note
    result = measure.result if measure else None
    outcome = CheckOutcome(
        name=name,
        status=status,
        passed=passed,
        message=message,
        baseline=baseline_path,
        slug=slug,
        diff_pixels=result.diff_pixels if result else (0 if status is Status.MATCHED else None),
        total_pixels=result.total_pixels if result else None,
        allowed_pixels=measure.allowed if measure else None,
        expected_size=result.expected_size if result else None,
        actual_size=result.actual_size if result else None,
        expected=images.get("expected"),
        actual=images.get("actual"),
        diff=images.get("diff"),
        previous=images.get("previous"),
        renderer_note=note,
    )
    if report is None:
        return outcome
    record = outcome_record(outcome, report, tolerance, mode, context, run_id)
    record["duration"] = round(time.perf_counter() - started, 4)
    return _with_record(outcome, write_record(report, slug, record))


def _with_record(outcome: CheckOutcome, record: Path) -> CheckOutcome:
    return CheckOutcome(**{**outcome.__dict__, "record": record})


def outcome_record(
    outcome: CheckOutcome,
    report_dir: Path,
    tolerance: Tolerance,
    mode: UpdateMode,
    context: str | None,
    run_id: str | None,
) -> dict[str, Any]:
    """The JSON record of one check; image paths are relative to ``report_dir``."""

    def rel(path: Path | None) -> str | None:
        return path.relative_to(report_dir).as_posix() if path is not None else None

    return {
        "name": outcome.name,
        "slug": outcome.slug,
        "status": str(outcome.status),
        "passed": outcome.passed,
        "message": outcome.message,
        "baseline": str(Path(outcome.baseline).resolve()),
        "context": context,
        "run_id": run_id,
        "update_mode": str(mode),
        "tolerance": {
            "threshold": tolerance.threshold,
            "max_diff_pixels": tolerance.max_diff_pixels,
            "max_diff_pixel_ratio": tolerance.max_diff_pixel_ratio,
        },
        "diff_pixels": outcome.diff_pixels,
        "total_pixels": outcome.total_pixels,
        "ratio": outcome.ratio,
        "allowed_pixels": outcome.allowed_pixels,
        "expected_size": outcome.expected_size,
        "actual_size": outcome.actual_size,
        "images": {
            kind: rel(getattr(outcome, kind))
            for kind in ("expected", "actual", "diff", "previous")
            if getattr(outcome, kind) is not None
        },
        "renderer_note": outcome.renderer_note,
        "approved": False,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
    }
