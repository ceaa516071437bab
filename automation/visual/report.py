"""Review files for a report folder: a static HTML page, a JSON summary and a JUnit XML."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from automation.visual.baseline import write_atomic
from automation.visual.htmlpage import render_html
from automation.visual.records import read_records


@dataclass(frozen=True)
class ReportFiles:
    """The summary files written for one report folder."""

    html: Path
    summary: Path
    junit: Path
    checks: int
    failed: int

    @property
    def passed(self) -> bool:
        """Whether every check passed."""
        return self.failed == 0


def summarize(
    records: list[dict[str, Any]], title: str, run_id: str | None, report_dir: Path
) -> dict[str, Any]:
    """The JSON summary: totals per status, overall verdict, and every record."""
    statuses = Counter(r["status"] for r in records)
    failed = sum(1 for r in records if not r["passed"])
    return {
        "title": title,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run_id,
        "report_dir": str(report_dir),
        "passed": failed == 0,
        "renderer_notes": sorted({r["renderer_note"] for r in records if r.get("renderer_note")}),
        "totals": {"checks": len(records), "failed": failed, **dict(sorted(statuses.items()))},
        "results": records,
    }


def junit_xml(records: list[dict[str, Any]], title: str, report_dir: Path) -> bytes:
    """One JUnit test suite with a test case per check; failures carry the message and files."""
    failed = sum(1 for r in records if not r["passed"])
    total_time = sum(r.get("duration") or 0 for r in records)
    suites = ET.Element("testsuites", name=title, tests=str(len(records)), failures=str(failed))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=title,
        tests=str(len(records)),
        failures=str(failed),
        errors="0",
        skipped="0",
        time=f"{total_time:.3f}",
    )
    for record in records:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=record.get("context") or "visual",
            name=record["name"],
            time=f"{record.get('duration') or 0:.3f}",
        )
        files = [f"{kind}: {report_dir / rel}" for kind, rel in sorted(record.get("images", {}).items())]
        details = "\n".join([record["message"], f"baseline: {record['baseline']}", *files])
        if not record["passed"]:
            failure = ET.SubElement(case, "failure", message=record["message"], type=record["status"])
            failure.text = details
        else:
            ET.SubElement(case, "system-out").text = details
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)


def write_report(
    report_dir: str | os.PathLike[str],
    *,
    run_id: str | None = None,
    title: str = "Visual comparison",
) -> ReportFiles:
    """Build ``index.html``, ``summary.json`` and ``junit.xml`` from the records in ``report_dir``.

    Call it once, after all checks (in pytest, the controller does it at the end of the session).
    With ``run_id``, only that run's records are included.
    """
    folder = Path(report_dir)
    records = read_records(folder, run_id)
    summary = summarize(records, title, run_id, folder.resolve())
    html = write_atomic(folder / "index.html", render_html(summary).encode())
    summary_path = write_atomic(folder / "summary.json", json.dumps(summary, indent=2).encode())
    junit = write_atomic(folder / "junit.xml", junit_xml(records, title, folder.resolve()))
    return ReportFiles(html, summary_path, junit, len(records), summary["totals"]["failed"])
