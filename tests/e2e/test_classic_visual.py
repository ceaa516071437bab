"""Visual regression of the classic edition's nine images against tests/baselines/classic/, and --check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from automation.errors import ExitCode
from flows.catalog import ALL_IMAGES

from .conftest import PROJECT

BASELINES = PROJECT / "tests" / "baselines" / "classic"


@pytest.fixture
def acf_edition() -> str:
    """Baselines of this module live under tests/baselines/classic/."""
    return "classic"


@pytest.fixture(scope="module")
def classic_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All nine images from one run of `python -m flows --edition classic` on the replica."""
    folder = tmp_path_factory.mktemp("classic")
    keys = tmp_path_factory.mktemp("keys")
    keys.chmod(0o700)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "--edition",
            "classic",
            "--out",
            str(folder),
            "--keys-dir",
            str(keys),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("name", [item.image for item in ALL_IMAGES])
def test_classic_image_matches_its_baseline(classic_images: Path, name: str, assert_screenshot) -> None:
    outcome = assert_screenshot((classic_images / name).read_bytes(), name)
    assert outcome.baseline == BASELINES / name


def test_classic_images_differ_from_the_current_ones() -> None:
    """The editions really are different consoles: no classic baseline equals its current one."""
    current = PROJECT / "tests" / "baselines" / "current"
    for item in ALL_IMAGES:
        assert (BASELINES / item.image).read_bytes() != (current / item.image).read_bytes(), item.image


def test_check_with_edition_classic_passes_on_the_classic_baselines(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "--check",
            "--edition",
            "classic",
            "--out",
            str(BASELINES),
            "--report",
            str(tmp_path / "report"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    assert f"All {len(ALL_IMAGES)} image(s) match" in done.stdout


def test_check_of_current_images_with_edition_classic_reports_differences(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.root",
            "--check",
            "--edition",
            "classic",
            "--out",
            str(PROJECT / "tests" / "baselines" / "current"),
            "--report",
            str(tmp_path / "report"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == ExitCode.VISUAL_DIFFERENCE, done.stdout + done.stderr
    assert "DIFF root-menu.png" in done.stdout
