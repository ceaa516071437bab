"""Both tutorial paths, or doctor, on a chosen set of replica variants, in this worker's one browser.

pytest-playwright gives each worker one browser (session scope); every case runs in new contexts of
it through the runner's own ``run_flow``, so a case costs its flows' time, not a browser launch.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from automation.doctor.checks import DoctorReport
from automation.doctor.run import Doctor
from automation.errors import FlowError
from automation.keys import AccessKey, parse_key_file
from automation.options import RunOptions
from automation.progress import Summary
from automation.runner import FlowSpec, Prepared, prepare, run_flow
from automation.targets import ReplicaTarget
from flows.iam import iam_flow
from flows.root import root_flow

ROOT, IAM = FlowSpec("root", root_flow), FlowSpec("iam", iam_flow)
FLOWS = [ROOT, IAM]
STEP_TIMEOUT_MS = 30_000


@dataclass
class PathsRun:
    """What one case made: the merged summary, its progress lines, and the replica behind it."""

    summary: Summary
    progress: str
    target: ReplicaTarget
    report: DoctorReport | None = None
    errors: list[FlowError] | None = None

    def keys(self) -> list[AccessKey]:
        return [parse_key_file(path.read_bytes(), path.name) for path in self.summary.key_files]


def _prepare(flows: list[FlowSpec], folder: Path, **options: object) -> Prepared:
    base = RunOptions(out_dir=folder / "images", keys_dir=folder / "keys", parallel=False)
    chosen = replace(base, **{"step_timeout_ms": STEP_TIMEOUT_MS, **options})  # type: ignore[arg-type]
    expect.set_options(timeout=chosen.step_timeout_ms)
    return prepare(flows, chosen)


def run_paths(
    browser: Browser, folder: Path, flows: list[FlowSpec], *, doctor: bool = False, **options: object
) -> PathsRun:
    """The flows one after the other, each in a new context of ``browser`` (``doctor``: read-only)."""
    prepared = _prepare(flows, folder, **options)
    stream = io.StringIO()
    summary = Summary()
    checker = Doctor() if doctor else None
    errors: list[FlowError] = []
    for flow in flows:
        try:
            summary.merge(run_flow(browser, flow, prepared, stream, len(flows), doctor=checker))
        except FlowError as error:
            if checker is None:
                raise
            errors.append(error)
    assert isinstance(prepared.target, ReplicaTarget)
    if checker is not None:
        checker.report.blocked = list(checker.guard.blocked)
    return PathsRun(summary, stream.getvalue(), prepared.target, checker.report if checker else None, errors)


@pytest.fixture
def both_paths(browser: Browser, tmp_path: Path) -> Callable[..., PathsRun]:
    """``both_paths(variants, doctor=False)``: both paths on those variants in this worker's browser."""

    def run(variants: frozenset[str], *, doctor: bool = False) -> PathsRun:
        folder = tmp_path / ("doctor" if doctor else "run")
        return run_paths(browser, folder, FLOWS, doctor=doctor, replica_variants=variants)

    return run


@pytest.fixture
def one_path(browser: Browser, tmp_path: Path) -> Callable[..., PathsRun]:
    """``one_path(flow, **options)``: one path with any run options, in this worker's browser."""
    runs = iter(range(100))
    return lambda flow, **options: run_paths(browser, tmp_path / f"run{next(runs)}", [flow], **options)
