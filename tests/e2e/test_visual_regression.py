"""Visual regression of the nine tutorial images against tests/baselines/{edition}/, and --check."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from automation.errors import ExitCode
from flows.catalog import ALL_IMAGES, ROOT_IMAGES

from .conftest import PROJECT

BASELINES = PROJECT / "tests" / "baselines" / "current"


@pytest.fixture(scope="module")
def fresh_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All nine images from one run of `python -m flows` on the replica."""
    folder = tmp_path_factory.mktemp("fresh")
    keys = tmp_path_factory.mktemp("keys")
    keys.chmod(0o700)
    done = subprocess.run(
        [sys.executable, "-m", "flows", "--out", str(folder), "--keys-dir", str(keys)],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("name", [item.image for item in ALL_IMAGES])
def test_image_matches_its_baseline(fresh_images: Path, name: str, assert_screenshot) -> None:
    outcome = assert_screenshot((fresh_images / name).read_bytes(), name)
    assert outcome.baseline == BASELINES / name


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def check(tmp_path: Path, course: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.root",
            "--check",
            "--out",
            str(course),
            "--report",
            str(tmp_path / "report"),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def test_renamed_label_fails_the_check_with_a_report_and_reverting_passes(tmp_path: Path) -> None:
    course = tmp_path / "course-images"
    course.mkdir()
    for item in ROOT_IMAGES:
        shutil.copy(BASELINES / item.image, course / item.image)
    before = digest(course)

    changed = check(tmp_path, course, "--replica-fault", "renamed-label")
    assert changed.returncode == ExitCode.VISUAL_DIFFERENCE, changed.stdout + changed.stderr
    assert "DIFF root-menu.png" in changed.stdout
    report = tmp_path / "report"
    assert str(report / "index.html") in changed.stdout
    for review in ("expected.png", "actual.png", "diff.png"):
        assert (report / "images" / "root-menu.png" / review).is_file()
    assert (report / "junit.xml").is_file() and (report / "summary.json").is_file()
    assert digest(course) == before, "--check must leave the committed images untouched"

    reverted = check(tmp_path, course)
    assert reverted.returncode == 0, reverted.stdout + reverted.stderr
    assert "All 4 image(s) match" in reverted.stdout


def test_approve_copies_the_actual_over_the_committed_image(tmp_path: Path) -> None:
    course = tmp_path / "course-images"
    course.mkdir()
    shutil.copy(BASELINES / "root-menu.png", course / "root-menu.png")
    assert check(tmp_path, course, "--replica-fault", "renamed-label").returncode == 1
    actual = (tmp_path / "report" / "images" / "root-menu.png" / "actual.png").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "flows", "approve", "--report", str(tmp_path / "report"), "root-menu.png"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (course / "root-menu.png").read_bytes() == actual
    assert check(tmp_path, course, "--replica-fault", "renamed-label").returncode == 0


def test_check_refuses_a_folder_without_tutorial_images(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = check(tmp_path, empty)
    assert done.returncode == ExitCode.BAD_SETTING
    assert "holds none of the tutorial images" in done.stderr
