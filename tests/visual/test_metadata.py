"""PNG metadata: what made an image, written without touching the pixels, read back by Pillow, compared
by --check (beside each difference and in the report)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from automation.visual import Tolerance, check_image, write_report
from automation.visual.metadata import (
    BROWSER_BUILD,
    PREFIX,
    REGENERATE_FIX,
    compare_renderers,
    read_metadata,
    with_metadata,
)

from .pngs import png

MADE = {
    "tool-version": "0.1.0",
    "edition": "current",
    "browser": "chromium",
    "browser-build": "131.0.6778.33",
    "viewport": "1280x800",
    "scale": "1",
    "platform": "linux-x86_64",
}
NOW = {**MADE, BROWSER_BUILD: "156.0.8078.114"}


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGBA").tobytes()


def test_pillow_reads_the_fields_and_the_pixels_are_untouched() -> None:
    plain = png(label="A")
    stamped = with_metadata(plain, MADE)
    with Image.open(io.BytesIO(stamped)) as image:
        image.verify()  # Pillow checks every chunk's CRC
    with Image.open(io.BytesIO(stamped)) as image:
        assert {k: v for k, v in image.info.items() if k.startswith(PREFIX)} == {
            PREFIX + k: v for k, v in MADE.items()
        }
    assert pixels(stamped) == pixels(plain)
    assert read_metadata(stamped) == MADE
    assert read_metadata(plain) == {}


def test_a_chunk_with_a_wrong_crc_is_not_trusted() -> None:
    stamped = bytearray(with_metadata(png(), {"browser": "chromium"}))
    crc_at = stamped.index(b"tEXt") + 4 + len(PREFIX + "browser\0chromium")
    stamped[crc_at] ^= 0xFF
    assert read_metadata(bytes(stamped)) == {}


@pytest.mark.parametrize("fields", [{"browser": "chrömium"}, {"bad\nkey": "x"}, {"k" * 80: "x"}])
def test_only_printable_ascii_fits(fields: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        with_metadata(png(), fields)


def test_not_a_png_is_refused() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        with_metadata(b"GIF89a....", MADE)


def test_same_renderer_no_note() -> None:
    assert compare_renderers(MADE, dict(MADE)) is None


def test_another_build_is_named_with_the_fix() -> None:
    note = compare_renderers(MADE, NOW)
    assert note is not None and note.differences == (BROWSER_BUILD,)
    assert "chromium 131.0.6778.33" in note.text and "chromium 156.0.8078.114" in note.text
    assert REGENERATE_FIX in note.text and "update-images" in note.text


def test_edition_and_version_are_named_apart() -> None:
    note = compare_renderers(MADE, {**MADE, "edition": "classic", "tool-version": "0.2.0"})
    assert note is not None and note.differences == ("edition", "tool-version")
    assert "edition current (now classic)" in note.text and "aws-console-flows 0.1.0 (now 0.2.0)" in note.text


def test_an_image_with_no_record_is_said_so() -> None:
    note = compare_renderers({}, NOW)
    assert note is not None and "records no renderer" in note.text
    assert compare_renderers(MADE, {}) is None  # nothing known of the running side: nothing to say


def test_check_says_so_beside_the_difference_and_in_the_report(tmp_path: Path) -> None:
    baselines, report = tmp_path / "images", tmp_path / "report"
    baselines.mkdir()
    (baselines / "changed.png").write_bytes(with_metadata(png(), MADE))
    (baselines / "same.png").write_bytes(with_metadata(png(), MADE))
    changed = check_image(
        "changed.png", with_metadata(png(dots=5), NOW), baselines, Tolerance(), "none", report
    )
    same = check_image("same.png", with_metadata(png(), NOW), baselines, Tolerance(), "none", report)
    assert not changed.passed and "156.0.8078.114" in changed.message and "Fix:" in changed.message
    assert same.passed and same.message.startswith("Within tolerance") and "156" not in same.message
    assert same.renderer_note == changed.renderer_note is not None
    files = write_report(report)
    summary = json.loads(files.summary.read_text())
    assert summary["renderer_notes"] == [changed.renderer_note]
    assert "131.0.6778.33" in files.html.read_text()


def test_check_is_quiet_when_the_renderer_is_the_same(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(with_metadata(png(), NOW))
    outcome = check_image("a.png", with_metadata(png(dots=5), NOW), tmp_path, Tolerance(), "none")
    assert not outcome.passed and outcome.renderer_note is None and "Fix:" not in outcome.message


@pytest.mark.browser
def test_plugin_captures_record_the_running_browser(page) -> None:
    from automation.pytest_plugin import _stamped

    page.set_content("<p id='x'>hello</p>")
    browser = page.context.browser
    for target in (page, page.locator("#x")):
        fields = read_metadata(_stamped(target.screenshot(), target, "classic"))
        assert fields["browser"] == browser.browser_type.name == "chromium"
        assert fields["browser-build"] == browser.version
        assert fields["viewport"] == f"{page.viewport_size['width']}x{page.viewport_size['height']}"
        assert fields["edition"] == "classic" and "scale" not in fields
    assert _stamped(png(), object(), "current") == png()
