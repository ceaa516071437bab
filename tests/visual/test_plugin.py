"""The pytest plugin, exercised in separate pytest sessions with a fake page (no browser)."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from .inner import make_project, run_pytest
from .pngs import png

WHITE_TEST = """
from fakepage import FakePage, png

def test_page(assert_screenshot):
    assert_screenshot(FakePage(png((255, 255, 255))), "page.png")
"""

BASELINE = Path("tests/baselines/current/page.png")


def test_missing_mode_writes_the_baseline_and_fails_once(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    first = run_pytest(root)
    assert first.returncode == 1, first.output
    assert "A baseline did not exist" in first.output
    assert (root / BASELINE).is_file()
    second = run_pytest(root)
    assert second.returncode == 0, second.output
    assert second.summary()["totals"] == {"checks": 1, "failed": 0, "matched": 1}


def test_missing_mode_fails_at_the_end_after_all_checks_of_the_test(tmp_path) -> None:
    test = """
    from fakepage import FakePage, png

    def test_two(assert_screenshot):
        assert_screenshot(FakePage(png((255, 255, 255))), "one.png")
        assert_screenshot(FakePage(png((0, 0, 0))), "two.png")
    """
    root = make_project(tmp_path / "p", {"test_two.py": test})
    run = run_pytest(root)
    assert run.returncode == 1
    assert (root / "tests/baselines/current/one.png").is_file()
    assert (root / "tests/baselines/current/two.png").is_file()


def test_none_mode_fails_without_writing(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    run = run_pytest(root, "--acf-update-snapshots=none")
    assert run.returncode == 1
    assert "A baseline does not exist" in run.output
    assert not (root / BASELINE).exists()


@pytest.mark.parametrize(
    ("mode", "dots", "code", "rewritten"),
    [
        ("none", 5, 1, False),
        ("missing", 5, 1, False),
        ("changed", 5, 0, True),
        ("all", 5, 0, True),
        ("changed", 0, 0, False),
        ("all", 0, 0, False),
    ],
)
def test_update_modes_against_a_changed_page(
    tmp_path, mode: str, dots: int, code: int, rewritten: bool
) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    assert run_pytest(root, "--acf-update-snapshots=all").returncode == 0
    before = (root / BASELINE).read_bytes()
    (root / "test_page.py").write_text(
        WHITE_TEST.replace("png((255, 255, 255))", f"png((255, 255, 255), dots={dots})")
    )
    run = run_pytest(root, f"--acf-update-snapshots={mode}")
    assert run.returncode == code, run.output
    assert ((root / BASELINE).read_bytes() != before) is rewritten


def test_tolerances_and_the_all_mode_rewrite_within_tolerance(tmp_path) -> None:
    test = textwrap.dedent("""
    from fakepage import FakePage, png

    def test_page(assert_screenshot):
        assert_screenshot(FakePage(png((255, 255, 255), dots=DOTS)), "page.png", max_diff_pixels=4)
    """)
    root = make_project(tmp_path / "p", {"test_page.py": test.replace("DOTS", "0")})
    assert run_pytest(root, "--acf-update-snapshots=all").returncode == 0
    (root / "test_page.py").write_text(test.replace("DOTS", "4"))
    assert run_pytest(root, "--acf-update-snapshots=none").returncode == 0  # 4 <= 4
    (root / "test_page.py").write_text(test.replace("DOTS", "5"))
    run = run_pytest(root, "--acf-update-snapshots=none")
    assert run.returncode == 1 and "5 pixels" in run.output


def test_difference_report_files(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    run_pytest(root, "--acf-update-snapshots=all")
    (root / "test_page.py").write_text(WHITE_TEST.replace("(255, 255, 255)", "(250, 0, 0)"))
    run = run_pytest(root, "--acf-report-dir=out/report")
    assert run.returncode == 1
    report = root / "out/report"
    assert "visual comparison" in run.output and str(report / "index.html") in run.output
    summary = run.summary("out/report")
    assert summary["totals"]["different"] == 1
    record = summary["results"][0]
    assert record["context"] == "test_page.py::test_page"
    for kind in ("expected", "actual", "diff"):
        assert Image.open(report / record["images"][kind]).size == (40, 30)
    junit = ET.parse(report / "junit.xml").getroot().find("testsuite")
    assert junit.get("failures") == "1"
    assert "images/" in (report / "index.html").read_text()


def test_unstable_page_fails_with_previous_and_actual(tmp_path) -> None:
    test = """
    from fakepage import FakePage, png

    def test_spinner(assert_screenshot):
        frames = [png((i * 40 % 256, 0, 0)) for i in range(20)]
        assert_screenshot(FakePage(*frames), "spinner.png", max_attempts=4, intervals=[0])

    def test_settles(assert_screenshot):
        page = FakePage(png((1, 1, 1)), png((2, 2, 2)), png((3, 3, 3)))
        assert_screenshot(page, "settles.png", intervals=[0])
        assert len(page.calls) == 4
        assert page.calls[0] == {"type": "png", "animations": "disabled", "caret": "hide", "scale": "css"}
    """
    root = make_project(tmp_path / "p", {"test_flaky.py": test})
    run = run_pytest(root, "--acf-update-snapshots=changed")
    assert "1 failed, 1 passed" in run.output, run.output
    assert "Failed to take two consecutive stable screenshots" in run.output
    assert not (root / "tests/baselines/current/spinner.png").exists()
    assert (root / "tests/baselines/current/settles.png").exists()
    record = next(r for r in run.summary()["results"] if r["name"] == "spinner.png")
    assert set(record["images"]) == {"previous", "actual", "diff"}


def test_ini_template_edition_and_fixture_override(tmp_path) -> None:
    conftest_extra = """
    import pytest

    @pytest.fixture(params=["2024", "2025"])
    def acf_edition(request):
        return request.param
    """
    test = """
    from fakepage import FakePage, png

    def test_page(assert_screenshot):
        assert_screenshot(FakePage(png((255, 255, 255))), "page.png")
    """
    ini = """
    acf_baseline_dir = shots
    acf_path_template = {edition}/{test_file}/{name}
    """
    root = make_project(tmp_path / "p", {"sub/conftest.py": conftest_extra, "sub/test_ed.py": test}, ini)
    run = run_pytest(root, "--acf-update-snapshots=all")
    assert run.returncode == 0, run.output
    assert (root / "shots/2024/test_ed/page.png").is_file()
    assert (root / "shots/2025/test_ed/page.png").is_file()


def test_report_dir_inside_playwright_output_is_refused(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    run = run_pytest(root, "--acf-report-dir=test-results/visual")
    assert run.returncode == 4
    assert "pytest-playwright deletes" in run.output


def test_bad_option_value_is_a_usage_error(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    run = run_pytest(root, "--acf-update-snapshots=sometimes")
    assert run.returncode == 4
    assert "invalid choice" in run.output


def test_options_are_listed_once_under_their_own_group(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_page.py": WHITE_TEST})
    run = run_pytest(root, "--help")
    assert run.output.count("--acf-update-snapshots") == 1
    assert "--update-snapshots" not in run.output.replace("--acf-update-snapshots", "")


def test_sessions_without_screenshots_write_nothing(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_plain.py": "def test_x():\n    assert True\n"})
    (root / "visual-report/records").mkdir(parents=True)
    (root / "visual-report/records/keep.json").write_text("{}")
    run = run_pytest(root)
    assert run.returncode == 0
    assert not (root / "visual-report/index.html").exists()
    assert (root / "visual-report/records/keep.json").exists()  # an earlier run's files stay


XDIST_TESTS = """
import pytest
from fakepage import FakePage, png

@pytest.mark.parametrize("i", range(8))
def test_many(assert_screenshot, i):
    assert_screenshot(FakePage(png((255, 255, 255), dots=i % 3)), f"shot-{i}.png")

def test_shared_name_a(assert_screenshot):
    assert_screenshot(FakePage(png((255, 255, 255), dots=1)), "shared.png")

def test_shared_name_b(assert_screenshot):
    assert_screenshot(FakePage(png((255, 255, 255), dots=2)), "shared.png")
"""


def test_xdist_two_workers_one_report(tmp_path) -> None:
    root = make_project(tmp_path / "p", {"test_par.py": XDIST_TESTS})
    for i in range(8):
        path = root / f"tests/baselines/current/shot-{i}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png())
    (root / "tests/baselines/current/shared.png").write_bytes(png())
    stale = root / "visual-report/images/stale-check"
    stale.mkdir(parents=True)
    run = run_pytest(root, "-n", "2", "--acf-update-snapshots=none")
    assert "7 failed, 3 passed" in run.output, run.output
    assert "[gw0]" in run.output or "gw0" in run.output or "2 workers" in run.output
    summary = run.summary()
    assert summary["totals"]["checks"] == 10 and summary["totals"]["failed"] == 7
    run_ids = {r["run_id"] for r in summary["results"]}
    assert len(run_ids) == 1 and None not in run_ids
    slugs = [r["slug"] for r in summary["results"]]
    assert len(set(slugs)) == 10  # the two "shared.png" checks keep separate files
    report = root / "visual-report"
    assert len(list((report / "records").glob("*.json"))) == 10
    assert not stale.exists()  # the older run's leftovers are gone
    assert not list(report.rglob("*.tmp"))
    junit = ET.parse(report / "junit.xml").getroot().find("testsuite")
    assert junit.get("tests") == "10"
    html = (report / "index.html").read_text()
    assert html.count('class="card') == 10
    json.loads((report / "summary.json").read_text())
