"""``python -m flows compare-published DIR``: the published images beside the regenerated ones."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from automation.errors import ExitCode

PROJECT = Path(__file__).resolve().parent.parent
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


def compare(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows", "compare-published", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT)},
    )


def screenshot(path: Path, text: str, size: tuple[int, int], fmt: str = "PNG") -> Path:
    """A screenshot-like image with one line of text (the pixels vary with the text)."""
    image = Image.new("RGBA", size, (255, 255, 255, 255))
    ImageDraw.Draw(image).text((16, 16), text, font=ImageFont.load_default(size=28), fill=(20, 20, 20))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format=fmt)
    return path


def embedded_images(page: str) -> dict[str, np.ndarray]:
    """The page's images by their alt text, decoded from their data URIs."""
    found = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page)
    return {
        alt: np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA")) for data, alt in found
    }


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def test_each_published_image_is_shown_beside_its_regenerated_one(tmp_path: Path) -> None:
    published, images = tmp_path / "published", tmp_path / "images"
    screenshot(published / "root-menu.png", "My Account", (700, 120))
    # The tutorial's root-security-credentials.png is a TIFF with a .png name: it must still show.
    screenshot(published / "root-security-credentials.png", "Password", (600, 200), fmt="TIFF")
    screenshot(published / "notes.png", "not a tutorial image", (100, 40))
    screenshot(images / "root-menu.png", "My Account", (1280, 800))
    done = compare(str(published), "--images", str(images), "--html", "review.html", cwd=tmp_path)
    assert done.returncode == ExitCode.OK, done.stderr
    page = (tmp_path / "review.html").read_text()
    shown = embedded_images(page)
    assert sorted(shown) == ["Published root-menu.png", "Published root-security-credentials.png",
                             "Regenerated root-menu.png"]  # fmt: skip
    assert np.array_equal(shown["Published root-menu.png"], pixels(published / "root-menu.png"))
    assert np.array_equal(shown["Regenerated root-menu.png"], pixels(images / "root-menu.png"))
    assert np.array_equal(
        shown["Published root-security-credentials.png"], pixels(published / "root-security-credentials.png")
    )
    assert "Not regenerated yet: python -m flows --edition classic --out" in page
    assert "Step: Open the account menu" in page and "notes.png" not in page
    assert "root-menu.png" in done.stdout and "not regenerated" in done.stdout
    assert "not in" in done.stdout and "iam-services-page.png" in done.stdout
    assert "Review page: review.html" in done.stdout


def no_folder(folder: Path) -> None:
    """Leave the folder out."""


def other_images(folder: Path) -> None:
    screenshot(folder / "other.png", "x", (40, 40))


def not_an_image(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "root-menu.png").write_text("not an image")


@pytest.mark.parametrize(
    ("make", "wanted"),
    [
        (no_folder, "does not exist"),
        (other_images, "holds none of the tutorial's image names"),
        (not_an_image, "is not an image Pillow can read"),
    ],
)
def test_bad_folders_are_one_clear_paragraph(tmp_path: Path, make, wanted: str) -> None:
    published = tmp_path / "published"
    make(published)
    done = compare(str(published), cwd=tmp_path)
    assert done.returncode == ExitCode.BAD_SETTING, done.stderr
    assert wanted in done.stderr and "Fix:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "compare-published.html").exists()


def test_help_has_examples() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flows", "compare-published", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "python -m flows compare-published ~/course/images" in done.stdout and "--ocr" in done.stdout
    script = Path(sys.executable).parent / "aws-console-flows"
    done = subprocess.run([str(script), "compare-published", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("usage: aws-console-flows compare-published")
    assert "aws-console-flows compare-published ~/course/images" in done.stdout


@needs_tesseract
def test_ocr_share_is_printed_and_shown(tmp_path: Path) -> None:
    published, images = tmp_path / "published", tmp_path / "images"
    screenshot(published / "iam-download-credentials-page.png", "Download Credentials", (700, 80))
    screenshot(images / "iam-download-credentials-page.png", "Download Credentials", (900, 300))
    done = compare(str(published), "--images", str(images), "--ocr", cwd=tmp_path)
    assert done.returncode == ExitCode.OK, done.stderr
    assert "1/1 published UI phrases found (100%)" in done.stdout
    assert (
        "OCR finds 1 of the published image&#x27;s 1 UI phrases"
        in (tmp_path / "compare-published.html").read_text()
    )
