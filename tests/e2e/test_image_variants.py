"""Published-image variants against their baselines, on both editions, each scanned for leaks by OCR.

Baselines: ``tests/baselines/{edition}/{variant}/{image}``. Variants:

- ``scale2``: ``--scale 2`` (retina images);
- ``dark``: ``--theme dark`` (current edition only: the classic console has no dark mode);
- ``framed``: a course folder whose ``aws-console-flows.toml`` (beside the page) asks for WebP images cropped
  to each step's subject with callouts (speech bubbles, badges, boxes, arrows), made with ``--page``.

Every variant's images and output go through the OCR leak scan: a crop or a 2x image must not show what
the full image masks.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from automation.errors import ExitCode
from automation.replica.state import STATE_ENV
from automation.visual.metadata import read_metadata
from flows.catalog import ALL_IMAGES, ROOT_IMAGES

from .conftest import PROJECT
from .leaks import assert_no_leaks, load_state

NAMES = [item.image for item in ALL_IMAGES]
STEMS = [name.removesuffix(".png") for name in NAMES]
FRAMED_CONFIG = """\
# A course's own framing of its published images (what the README's "Publishing images" shows).
format = "webp"
crop = "subject"
padding = 40
callouts = [{ style = "bubble", text = "Click here" }]

[images.root-menu]
callouts = [{ style = "bubble", text = "Select this item" }]

[images.root-security-credentials]
callouts = ["box", { style = "badge", text = "1" }]

[images.root-expanded-credentials-page]
callouts = [{ style = "arrow", side = "bottom" }]

[images.iam-iam-page]
crop = "none"
callouts = ["outline", "badge"]

[images.iam-download-credentials-page]
format = "png"
callouts = [{ style = "bubble", text = "Download the credentials file", side = "top" }]
"""
PAGE = "---\ntitle: Access keys\n---\n" + "".join(
    f"![{stem}](images/{stem}.{'png' if stem == 'iam-download-credentials-page' else 'webp'})\n"
    for stem in STEMS
)

needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def run_flows(folder: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m flows ARGS`` with private keys; checks the run and OCR-scans what it wrote for leaks."""
    keys = folder / "keys"
    state = folder / "replica-state.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
    env.update({"PYTHONPATH": str(PROJECT), "HOME": str(folder / "home"), STATE_ENV: str(state)})
    done = subprocess.run(
        [sys.executable, "-m", "flows", "--keys-dir", str(keys), *args],
        capture_output=True,
        text=True,
        cwd=cwd or folder,
        env=env,
        timeout=400,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def variant(tmp_path_factory: pytest.TempPathFactory, name: str, *args: str) -> Path:
    """All nine images of one variant, leak-checked (OCR included)."""
    folder = tmp_path_factory.mktemp(name)
    out = folder / "images"
    done = run_flows(folder, "--out", str(out), *args)
    assert_no_leaks(
        out, load_state(folder / "replica-state.json"), {"out": done.stdout, "err": done.stderr}, ocr=True
    )
    return out


@pytest.fixture(scope="module")
def scale2_current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return variant(tmp_path_factory, "scale2-current", "--scale", "2")


@pytest.fixture(scope="module")
def scale2_classic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return variant(tmp_path_factory, "scale2-classic", "--scale", "2", "--edition", "classic")


@pytest.fixture(scope="module")
def dark_current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return variant(tmp_path_factory, "dark-current", "--theme", "dark")


def framed(tmp_path_factory: pytest.TempPathFactory, edition: str) -> Path:
    """A course folder (page + aws-console-flows.toml beside it) regenerated with --page."""
    folder = tmp_path_factory.mktemp(f"framed-{edition}")
    course = folder / "course"
    course.mkdir()
    (course / "access-keys.md").write_text(PAGE)
    (course / "aws-console-flows.toml").write_text(FRAMED_CONFIG)
    done = run_flows(folder, "--page", str(course / "access-keys.md"), "--edition", edition)
    images = course / "images"
    assert_no_leaks(images, load_state(folder / "replica-state.json"), {"out": done.stdout}, ocr=True)
    return images


@pytest.fixture(scope="module")
def framed_current(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return framed(tmp_path_factory, "current")


@pytest.fixture(scope="module")
def framed_classic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return framed(tmp_path_factory, "classic")


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


# -- scale 2 ----------------------------------------------------------------------------------------


@needs_ocr
@pytest.mark.parametrize("name", NAMES)
def test_scale2_current_matches_its_baseline(scale2_current: Path, name: str, assert_screenshot) -> None:
    image = scale2_current / name
    assert size_of(image) == (2560, 1600)
    assert read_metadata(image.read_bytes())["scale"] == "2"
    assert_screenshot(image.read_bytes(), f"scale2/{name}")


@pytest.fixture
def acf_edition(request: pytest.FixtureRequest) -> str:
    """Classic tests keep their baselines under tests/baselines/classic/."""
    return "classic" if "classic" in request.node.name else "current"


@needs_ocr
@pytest.mark.parametrize("name", NAMES)
def test_scale2_classic_matches_its_baseline(scale2_classic: Path, name: str, assert_screenshot) -> None:
    image = scale2_classic / name
    width, height = size_of(image)  # the classic edition's own framing crops each image
    assert width <= 2560 and height <= 1600 and width % 2 == height % 2 == 0
    assert read_metadata(image.read_bytes())["scale"] == "2"
    assert_screenshot(image.read_bytes(), f"scale2/{name}")


# -- dark -------------------------------------------------------------------------------------------


@needs_ocr
@pytest.mark.parametrize("name", NAMES)
def test_dark_current_matches_its_baseline_and_is_dark(
    dark_current: Path, name: str, assert_screenshot
) -> None:
    image = dark_current / name
    with Image.open(image) as opened:
        grey = opened.convert("L")
        histogram = grey.histogram()
    dark_share = sum(histogram[:64]) / sum(histogram)
    assert dark_share > 0.6, f"{name}: only {dark_share:.0%} of the pixels are dark"
    light = PROJECT / "tests" / "baselines" / "current" / name
    with Image.open(light) as opened:
        light_histogram = opened.convert("L").histogram()
    assert sum(light_histogram[:64]) / sum(light_histogram) < 0.3  # the light baseline is not
    assert_screenshot(image.read_bytes(), f"dark/{name}")


def test_dark_classic_is_refused_before_any_browser(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "--edition",
            "classic",
            "--theme",
            "dark",
            "--out",
            str(tmp_path / "i"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        timeout=60,
    )
    assert done.returncode == ExitCode.BAD_SETTING, done.stderr
    assert "classic console (January 2014) has no dark mode" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "i").exists() or not any((tmp_path / "i").iterdir())


# -- framed: crop, callouts, WebP, from the course's own configuration ------------------------------


def framed_name(stem: str) -> str:
    return f"{stem}.png" if stem == "iam-download-credentials-page" else f"{stem}.webp"


@needs_ocr
@pytest.mark.parametrize("stem", STEMS)
def test_framed_current_matches_its_baseline(framed_current: Path, stem: str, assert_screenshot) -> None:
    check_framed(framed_current, stem, assert_screenshot)


@needs_ocr
@pytest.mark.parametrize("stem", STEMS)
def test_framed_classic_matches_its_baseline(framed_classic: Path, stem: str, assert_screenshot) -> None:
    check_framed(framed_classic, stem, assert_screenshot)


def check_framed(images: Path, stem: str, assert_screenshot) -> None:
    name = framed_name(stem)
    data = (images / name).read_bytes()
    record = read_metadata(data)
    assert record
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == ("PNG" if name.endswith(".png") else "WEBP")
        size = image.size
    if stem == "iam-iam-page":
        assert size == (1280, 800) and record["crop"] == "[]"
    else:
        assert size[0] < 1280 or size[1] < 800, f"{name} is not cropped: {size}"
        assert record["crop"] == '["subject"]' and record["padding"] == "40"
    assert record["callouts"] != "[]", name
    assert_screenshot(data, f"framed/{name}")


# -- --check compares like with like ----------------------------------------------------------------


def test_check_reads_the_configuration_and_names_a_settings_change(tmp_path: Path) -> None:
    """--check regenerates with the course's configuration; against images made with other settings,
    it says which settings differ."""
    committed = tmp_path / "course" / "images"
    committed.mkdir(parents=True)
    for item in ROOT_IMAGES:
        shutil.copy(
            PROJECT / "tests" / "baselines" / "current" / "scale2" / item.image, committed / item.image
        )
    (tmp_path / "course" / "aws-console-flows.toml").write_text("scale = 2\n")
    check = [sys.executable, "-m", "flows.root", "--check", "--out", str(committed), "--report"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    same = subprocess.run(
        [*check, str(tmp_path / "r1")],
        capture_output=True,
        text=True,
        cwd=tmp_path / "course",
        env=env,
        timeout=300,
    )
    assert same.returncode == 0, same.stdout + same.stderr
    assert "All 4 image(s) match" in same.stdout
    other = subprocess.run(
        [*check, str(tmp_path / "r2")], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300
    )
    assert other.returncode == ExitCode.VISUAL_DIFFERENCE, other.stdout + other.stderr
    assert "made with other image settings (viewport" not in other.stdout
    assert "made with other image settings (scale: 2 -> 1)" in other.stdout
    assert "Expected an image 2560px by 1600px, received 1280px by 800px" in other.stdout
