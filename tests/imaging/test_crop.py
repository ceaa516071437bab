"""The clip of a cropped image: padded regions, callouts kept whole, clamped to the viewport."""

from __future__ import annotations

from automation.imaging.crop import Box, crop_clip


def test_a_region_is_padded_and_snapped_outwards_to_whole_pixels() -> None:
    clip = crop_clip([Box(100.5, 200.2, 50, 20)], [], 10, 1280, 800)
    assert clip == {"x": 90, "y": 190, "width": 71, "height": 41}


def test_the_clip_holds_every_region_and_every_callout() -> None:
    regions = [Box(100, 100, 10, 10), Box(300, 150, 10, 10)]
    marks = [Box(320, 90, 100, 30)]
    assert crop_clip(regions, marks, 0, 1280, 800) == {"x": 100, "y": 90, "width": 320, "height": 70}


def test_padding_never_leaves_the_page() -> None:
    assert crop_clip([Box(5, 790, 10, 8)], [], 40, 1280, 800) == {"x": 0, "y": 750, "width": 55, "height": 50}
    assert crop_clip([Box(1270, 0, 20, 20)], [], 16, 1280, 800) == {
        "x": 1254,
        "y": 0,
        "width": 26,
        "height": 36,
    }


def test_a_region_outside_the_viewport_still_gives_a_pixel() -> None:
    clip = crop_clip([Box(2000, 2000, 10, 10)], [], 0, 1280, 800)
    assert clip == {"x": 1279, "y": 799, "width": 1, "height": 1}


def test_no_region_is_the_whole_viewport() -> None:
    assert crop_clip([], [], 16, 1280, 800) == {"x": 0, "y": 0, "width": 1280, "height": 800}
