"""``approve``: accept reviewed actual images as the new baselines."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from automation.visual.baseline import BaselineStore, as_store, write_atomic
from automation.visual.records import read_records, write_record
from automation.visual.report import write_report


@dataclass
class ApproveResult:
    """Which baselines were replaced, which checks were left alone (and why), unknown names."""

    approved: list[tuple[str, Path]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def approve(
    names: Iterable[str] | None,
    report_dir: str | os.PathLike[str],
    baseline_dir: str | os.PathLike[str] | BaselineStore | None = None,
) -> ApproveResult:
    """Copy the actual images of failed checks in ``report_dir`` over their baselines.

    ``names`` are image names or glob patterns (``iam-*.png``); ``None`` or empty means every
    failed check that has an actual image, except unstable captures (name those explicitly).
    ``baseline_dir`` (a store or a plain folder) says where baselines go; by default each goes back
    to the path its check compared against. The report is rebuilt afterwards when it exists.
    """
    folder = Path(report_dir)
    wanted = list(names or [])
    store = as_store(baseline_dir) if baseline_dir is not None else None
    result = ApproveResult()
    records = read_records(folder)
    matched_patterns: set[str] = set()
    for record in records:
        name = record["name"]
        hits = [p for p in wanted if fnmatch.fnmatchcase(name, p)]
        matched_patterns.update(hits)
        if wanted and not hits:
            continue
        actual = record.get("images", {}).get("actual")
        if record["passed"]:
            if wanted:
                result.skipped[name] = f"passed ({record['status']}); nothing to approve"
            continue
        if actual is None:
            result.skipped[name] = f"{record['status']}: no actual image was kept"
            continue
        if record["status"] == "unstable" and not wanted:
            result.skipped[name] = "unstable capture: approve it by name if it is right"
            continue
        target = store.path_for(name) if store else Path(record["baseline"])
        write_atomic(target, (folder / actual).read_bytes())
        result.approved.append((name, target))
        write_record(folder, record["slug"], {**record, "approved": True, "approved_to": str(target)})
    result.unknown = [p for p in wanted if p not in matched_patterns]
    if result.approved and (folder / "index.html").exists():
        write_report(folder)
    return result
