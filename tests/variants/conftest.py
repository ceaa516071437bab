"""Both tutorial paths on a chosen set of replica variants, in this worker's one browser.

pytest-playwright gives each worker one browser (session scope); every case runs in new contexts of
it through the runner's own ``run_flow``, so a case costs its flows' time, not a browser launch.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from automation.keys import AccessKey, parse_key_file
from automation.options import RunOptions
from automation.progress import Summary
from automation.runner import FlowSpec, prepare, run_flow
from automation.targets import ReplicaTarget
from flows.iam import iam_flow
from flows.root import root_flow

FLOWS = [FlowSpec("root", root_flow), FlowSpec("iam", iam_flow)]
STEP_TIMEOUT_MS = 30_000


@dataclass
class PathsRun:
    """What one case made: the merged summary, its key files, and the replica behind it."""

    summary: Summary
    progress: str
    target: ReplicaTarget

    def keys(self) -> list[AccessKey]:
        return [parse_key_file(path.read_bytes(), path.name) for path in self.summary.key_files]


def run_both_paths(browser: Browser, variants: frozenset[str], folder: Path) -> PathsRun:
    """Both paths, one after the other, each in a new context of ``browser``, on the given variants."""
    options = RunOptions(
        out_dir=folder / "images",
        keys_dir=folder / "keys",
        replica_variants=variants,
        parallel=False,
        step_timeout_ms=STEP_TIMEOUT_MS,
    )
    prepared = prepare(FLOWS, options)
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    stream = io.StringIO()
    summary = Summary()
    for flow in FLOWS:
        summary.merge(run_flow(browser, flow, prepared, stream, len(FLOWS)))
    assert isinstance(prepared.target, ReplicaTarget)
    return PathsRun(summary, stream.getvalue(), prepared.target)


@pytest.fixture
def both_paths(browser: Browser, tmp_path: Path) -> Callable[[frozenset[str]], PathsRun]:
    """``both_paths(variants)``: run both paths on those variants in this worker's browser."""
    return lambda variants: run_both_paths(browser, variants, tmp_path)
