"""Formats: PNG re-encoded losslessly and smaller than Chromium's, WebP and JPEG, settings recorded inside."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from automation.imaging.encode import encode
from automation.imaging.settings import Framing
from automation.visual.metadata import read_metadata as read_record

PROJECT = Path(__file__).resolve().parents[2]
RECORD = {"scale": "2", "theme": "dark", "crop": '["subject"]'}


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGBA").tobytes()


@pytest.fixture(scope="module")
def chromium_png(browser) -> bytes:
    """A screenshot as Chromium encodes it, of a page with text, lines and flat areas."""
    page = browser.new_page(viewport={"width": 800, "height": 500})
    page.set_content(
        "<body style='font:14px sans-serif;margin:20px'><h1>Access keys</h1>"
        + "".join(
            f"<p style='border-bottom:1px solid #ccc'>Row {n}: AKIAIOSFODNN7EXAMPLE</p>" for n in range(12)
        )
        + "<button style='background:#0972d3;color:white;padding:8px'>Create access key</button></body>"
    )
    data = page.screenshot()
    page.close()
    return data


def test_png_is_lossless_smaller_than_chromiums_and_carries_its_record(chromium_png: bytes) -> None:
    out = encode(chromium_png, Framing(), RECORD)
    assert pixels(out) == pixels(chromium_png)
    assert len(out) < len(chromium_png)
    assert read_record(out) == RECORD
    with Image.open(io.BytesIO(out)) as image:
        image.verify()  # Pillow checks every chunk's CRC, ours included


def test_png_fields_are_text_chunks_pillow_reads(chromium_png: bytes) -> None:
    """Pillow's own PNG reader (an oracle we did not write) finds the fields as tEXt chunks."""
    out = encode(chromium_png, Framing(), RECORD)
    info = PngImagePlugin.PngImageFile(io.BytesIO(out))
    assert info.text["aws-console-flows:theme"] == "dark"


def test_the_nine_images_are_smaller_than_chromiums_png_of_the_same_pixels(page) -> None:
    """Chromium encodes each baseline's pixels (shown 1:1, as bench/png_sizes.py does): ours is smaller."""
    from bench.png_sizes import chromium_png_of

    ours = chromium = 0
    for path in sorted((PROJECT / "tests" / "baselines" / "current").glob("*.png")):
        theirs = chromium_png_of(page, path.read_bytes())
        assert pixels(theirs) == pixels(path.read_bytes()), path.name  # the same pixels
        out = encode(theirs, Framing(), RECORD)
        assert pixels(out) == pixels(theirs), path.name
        ours, chromium = ours + len(out), chromium + len(theirs)
    assert ours < 0.9 * chromium


def test_lossless_webp_keeps_every_pixel_and_lossy_webp_follows_its_quality(chromium_png: bytes) -> None:
    lossless = encode(chromium_png, Framing(format="webp"), RECORD)
    high = encode(chromium_png, Framing(format="webp", quality=95), RECORD)
    low = encode(chromium_png, Framing(format="webp", quality=30), RECORD)
    assert Image.open(io.BytesIO(lossless)).format == "WEBP"
    assert pixels(lossless) == pixels(chromium_png)
    assert pixels(low) != pixels(chromium_png)  # lossy really is lossy
    assert len(low) < len(high)
    assert read_record(lossless) == RECORD and read_record(low) == RECORD


def test_jpeg_quality_changes_the_file_and_the_record_survives(chromium_png: bytes) -> None:
    high = encode(chromium_png, Framing(format="jpeg", quality=95), RECORD)
    low = encode(chromium_png, Framing(format="jpeg", quality=40), RECORD)
    assert Image.open(io.BytesIO(high)).format == "JPEG"
    assert len(low) < len(high)
    assert read_record(low) == RECORD


def test_an_image_without_fields_reads_as_empty(chromium_png: bytes) -> None:
    assert read_record(chromium_png) == {}
    assert read_record(b"not an image") == {}
    plain_webp = io.BytesIO()
    Image.open(io.BytesIO(chromium_png)).save(plain_webp, format="WEBP")
    assert read_record(plain_webp.getvalue()) == {}
