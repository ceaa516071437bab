"""Draw pixelmatch's diff image: faded grey original, AA pixels, differing pixels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image

from automation.visual.match import PixelMaps
from automation.visual.yiq import gray_values

Color = Sequence[int]

# Screenshots repeat colours in long horizontal runs; grey each run once when runs are this long.
_MIN_MEAN_RUN = 4


def _words(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint32]:
    """Opaque grey RGBA pixels as little-endian 32-bit words (R = G = B = gray, A = 255)."""
    return (gray.astype(np.uint32) * np.uint32(0x010101) + np.uint32(0xFF000000)).astype("<u4")


def gray_background(img: npt.NDArray[np.uint8], alpha: float) -> npt.NDArray[np.uint32]:
    """pixelmatch's faded grey copy of an (h, w, 4) image, one RGBA word per pixel."""
    px = img.reshape(-1, 4)
    words = img.reshape(-1).view(np.uint32)
    starts = np.flatnonzero(words[1:] != words[:-1]) + 1
    if starts.size * _MIN_MEAN_RUN > words.size:
        return _words(gray_values(px, alpha))
    starts = np.concatenate(([0], starts))
    lengths = np.diff(np.append(starts, words.size))
    return np.repeat(_words(gray_values(px[starts], alpha)), lengths)


def _rgba(color: Color) -> npt.NDArray[np.uint8]:
    """An opaque RGBA pixel; components are truncated like a Uint8Array store."""
    r, g, b = (int(c) for c in color[:3])
    return np.array([r & 0xFF, g & 0xFF, b & 0xFF, 255], dtype=np.uint8)


def draw_diff(
    img1: npt.NDArray[np.uint8],
    maps: PixelMaps,
    *,
    alpha: float = 0.1,
    aa_color: Color = (255, 255, 0),
    diff_color: Color = (255, 0, 0),
    diff_color_alt: Color | None = None,
    diff_mask: bool = False,
    forced: npt.NDArray[np.intp] | None = None,
) -> Image.Image:
    """The RGBA diff image pixelmatch writes to ``output`` (plus ``forced`` pixels drawn as differences)."""
    height, width = img1.shape[:2]
    if diff_mask:
        out = np.zeros((height, width, 4), dtype=np.uint8)
    else:
        out = gray_background(img1, alpha).view(np.uint8).reshape(height, width, 4)
    flat = out.reshape(-1, 4)
    if not diff_mask and maps.aa.size:
        flat[maps.aa] = _rgba(aa_color)
    flat[maps.diff] = _rgba(diff_color)
    if diff_color_alt is not None and maps.darker.any():
        flat[maps.diff[maps.darker]] = _rgba(diff_color_alt)
    if forced is not None and forced.size:
        flat[forced] = _rgba(diff_color)
    return Image.fromarray(out)
