"""The report folder's layout: one JSON record and one image folder per check, never shared.

Every check writes only files named after its own slug, so parallel workers (pytest-xdist) never
write the same file; the HTML/JSON/JUnit summaries are built once, afterwards, from the records.

    REPORT_DIR/records/<slug>.json
    REPORT_DIR/images/<slug>/{expected,actual,diff,previous}.png
    REPORT_DIR/index.html, summary.json, junit.xml     (write_report)
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from automation.visual.baseline import write_atomic

RECORDS = "records"
IMAGES = "images"
SUMMARY_FILES = ("index.html", "summary.json", "junit.xml")


def slug_for(name: str, context: str | None = None) -> str:
    """A file-system-safe id for one check: the name, plus a short hash of its context (test id)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "image"
    if context:
        base += "-" + hashlib.sha1(context.encode()).hexdigest()[:8]
    return base


def image_dir(report_dir: Path, slug: str) -> Path:
    """The folder for one check's PNGs."""
    return report_dir / IMAGES / slug


def record_path(report_dir: Path, slug: str) -> Path:
    """The JSON record for one check."""
    return report_dir / RECORDS / f"{slug}.json"


def clear_check(report_dir: Path, slug: str) -> None:
    """Remove one check's earlier files (its own slug only)."""
    shutil.rmtree(image_dir(report_dir, slug), ignore_errors=True)
    record_path(report_dir, slug).unlink(missing_ok=True)


def write_record(report_dir: Path, slug: str, record: dict[str, Any]) -> Path:
    """Write one check's record atomically."""
    data = json.dumps(record, indent=2, sort_keys=True).encode()
    return write_atomic(record_path(report_dir, slug), data)


def read_records(report_dir: Path, run_id: str | None = None) -> list[dict[str, Any]]:
    """All records (of one run when ``run_id`` is given), sorted by name then context."""
    folder = Path(report_dir) / RECORDS
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            record = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        if run_id is None or record.get("run_id") == run_id:
            records.append(record)
    return sorted(records, key=lambda r: (r.get("name", ""), r.get("context") or ""))


def prune(report_dir: Path, run_id: str) -> None:
    """Delete records and images left by other runs (call once, when no check is running)."""
    report_dir = Path(report_dir)
    keep = {r["slug"] for r in read_records(report_dir, run_id)}
    for path in (report_dir / RECORDS).glob("*.json"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
    images = report_dir / IMAGES
    for folder in images.iterdir() if images.is_dir() else []:
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def reset(report_dir: Path) -> None:
    """Remove everything this package writes into ``report_dir`` (other files stay)."""
    report_dir = Path(report_dir)
    shutil.rmtree(report_dir / RECORDS, ignore_errors=True)
    shutil.rmtree(report_dir / IMAGES, ignore_errors=True)
    for name in SUMMARY_FILES:
        (report_dir / name).unlink(missing_ok=True)
