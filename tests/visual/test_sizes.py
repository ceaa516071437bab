"""Images of different sizes: padded to the larger, padding counted as different, a diff drawn."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from automation.visual import compare


def _white(w: int, h: int) -> Image.Image:
    return Image.new("RGBA", (w, h), (255, 255, 255, 255))


def test_taller_actual_counts_the_extra_rows() -> None:
    result = compare(_white(40, 30), _white(40, 35))
    assert result.size_mismatch
    assert (result.width, result.height) == (40, 35)
    assert result.expected_size == (40, 30) and result.actual_size == (40, 35)
    assert result.diff_pixels == 40 * 5
    diff = np.asarray(result.diff_image)
    assert diff.shape == (35, 40, 4)
    assert (diff[30:, :, :3] == (255, 0, 0)).all()
    assert (diff[:30] != (255, 0, 0, 255)).any(axis=2).all()  # the shared part is grey, not red


def test_both_dimensions_differ_pads_to_the_larger_of_each() -> None:
    result = compare(_white(50, 20), _white(30, 40))
    assert (result.width, result.height) == (50, 40)
    # Every pixel outside the 30x20 overlap lies outside one of the two images.
    assert result.diff_pixels == 50 * 40 - 30 * 20
    assert result.ratio == pytest.approx((50 * 40 - 30 * 20) / (50 * 40))


def test_padding_counts_even_where_it_would_match_in_colour() -> None:
    """Transparent padding blends to white; it still counts, so a white page cannot hide a resize."""
    result = compare(_white(10, 10), _white(12, 10), threshold=1.0)
    assert result.diff_pixels == 2 * 10


def test_real_differences_in_the_overlap_add_to_the_padding() -> None:
    a = _white(20, 20)
    b = _white(20, 22)
    b.putpixel((5, 5), (0, 0, 0, 255))
    result = compare(a, b)
    assert result.diff_pixels == 20 * 2 + 1


def test_diff_mask_draws_padding_too() -> None:
    result = compare(_white(8, 8), _white(8, 9), diff_mask=True)
    diff = np.asarray(result.diff_image)
    assert (diff[8] == (255, 0, 0, 255)).all()
    assert (diff[:8] == 0).all()


def test_accepts_paths_bytes_and_arrays(tmp_path) -> None:
    a = _white(6, 4)
    b = a.copy()
    b.putpixel((1, 1), (0, 0, 0, 255))
    path = tmp_path / "a.png"
    a.save(path)
    buf = io.BytesIO()
    b.save(buf, format="PNG")
    assert compare(path, buf.getvalue()).diff_pixels == 1
    assert compare(str(path), np.asarray(b)).diff_pixels == 1
    with pytest.raises(TypeError):
        compare(123, a)  # type: ignore[arg-type]


def test_rgb_and_palette_inputs_are_expanded_to_rgba() -> None:
    rgb = Image.new("RGB", (5, 5), (10, 20, 30))
    assert compare(rgb, rgb.convert("RGBA")).diff_pixels == 0
    assert compare(rgb.convert("P", palette=Image.Palette.ADAPTIVE), rgb).diff_pixels == 0


def test_save_diff_writes_a_png(tmp_path) -> None:
    result = compare(_white(4, 4), _white(4, 5))
    out = result.save_diff(tmp_path / "d.png")
    assert Image.open(out).size == (4, 5)
