"""Review files (static HTML, JSON, JUnit) and approve."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from automation.visual import BaselineStore, approve, check_image, write_report
from automation.visual.cli import main as cli

from .pngs import png

BASE, FAR, NEAR = png(), png((0, 0, 0)), png(dots=2)


@pytest.fixture
def run(tmp_path: Path) -> tuple[BaselineStore, Path]:
    """Three checks: one matching, two different (one of them in a sub-test context)."""
    store = BaselineStore(tmp_path / "baselines", edition="current")
    report = tmp_path / "report"
    for name in ("same.png", "changed.png", "also-changed.png"):
        store.write(name, BASE)
    check_image("same.png", BASE, store, None, "none", report, context="tests/test_a.py::test_same")
    check_image("changed.png", FAR, store, None, "none", report, context="tests/test_a.py::test_changed")
    check_image("also-changed.png", NEAR, store, None, "none", report)
    return store, report


def test_html_opens_from_disk_with_relative_images_and_no_network(run) -> None:
    _, report = run
    files = write_report(report)
    html = files.html.read_text()
    assert files.html == report / "index.html"
    srcs = re.findall(r'src="([^"]+)"', html)
    assert srcs and all(src.startswith("images/") for src in srcs)
    assert all((report / src).is_file() for src in srcs)
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert 'type="range"' in html  # the slider overlay
    assert "Side by side" in html and "Diff" in html
    assert "2 failed" in html
    assert "python -m automation.visual approve" in html


def test_json_summary(run) -> None:
    _, report = run
    files = write_report(report, title="Course images")
    summary = json.loads(files.summary.read_text())
    assert summary["title"] == "Course images"
    assert summary["passed"] is False
    assert summary["totals"] == {"checks": 3, "failed": 2, "different": 2, "matched": 1}
    names = [r["name"] for r in summary["results"]]
    assert names == ["also-changed.png", "changed.png", "same.png"]


def test_junit_xml(run) -> None:
    _, report = run
    files = write_report(report)
    root = ET.parse(files.junit).getroot()
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["changed.png"].find("failure") is not None
    assert cases["changed.png"].get("classname") == "tests/test_a.py::test_changed"
    assert cases["same.png"].find("failure") is None
    assert "diff:" in cases["changed.png"].find("failure").text


def test_report_of_one_run_only(tmp_path) -> None:
    store = BaselineStore(tmp_path / "b")
    store.write("a.png", BASE)
    check_image("a.png", FAR, store, None, "none", tmp_path / "r", run_id="old")
    check_image("b.png", BASE, store, None, "all", tmp_path / "r", run_id="new")
    files = write_report(tmp_path / "r", run_id="new")
    assert (files.checks, files.failed) == (1, 0)


def test_approve_all_failed(run) -> None:
    store, report = run
    write_report(report)
    result = approve(None, report)
    assert sorted(n for n, _ in result.approved) == ["also-changed.png", "changed.png"]
    assert store.read("changed.png") == FAR and store.read("also-changed.png") == NEAR
    assert store.read("same.png") == BASE
    summary = json.loads((report / "summary.json").read_text())  # rebuilt
    assert all(r["approved"] for r in summary["results"] if not r["passed"])


def test_approve_by_name_glob_and_unknown(run) -> None:
    store, report = run
    result = approve(["changed.png", "same*", "nope.png"], report)
    assert [n for n, _ in result.approved] == ["changed.png"]
    assert "same.png" in result.skipped
    assert result.unknown == ["nope.png"]
    assert store.read("also-changed.png") == BASE


def test_approve_into_another_baseline_folder(run, tmp_path) -> None:
    _, report = run
    result = approve(["changed.png"], report, tmp_path / "course-images")
    assert result.approved == [("changed.png", tmp_path / "course-images" / "changed.png")]
    assert (tmp_path / "course-images" / "changed.png").read_bytes() == FAR


def test_unstable_needs_an_explicit_name(tmp_path) -> None:
    store = BaselineStore(tmp_path / "b")
    check_image("spin.png", FAR, store, None, "none", tmp_path / "r", previous_png=BASE)
    assert approve(None, tmp_path / "r").approved == []
    assert [n for n, _ in approve(["spin.png"], tmp_path / "r").approved] == ["spin.png"]
    assert store.read("spin.png") == FAR


def test_cli_approve_and_report(run, capsys) -> None:
    store, report = run
    assert cli(["report", "--report-dir", str(report)]) == 1
    assert cli(["approve", "--report-dir", str(report), "changed.png"]) == 0
    assert "approved changed.png" in capsys.readouterr().out
    assert cli(["approve", "--report-dir", str(report), "missing.png"]) == 2
    assert store.read("changed.png") == FAR
