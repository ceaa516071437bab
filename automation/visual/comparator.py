"""``compare``: pixelmatch 5.3 with numpy, same counts, plus size-mismatch padding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from PIL import Image

from automation.visual.diffimage import Color, draw_diff
from automation.visual.images import ImageInput, outside, pad_to, to_rgba
from automation.visual.match import match_pixels


@dataclass(frozen=True)
class CompareOptions:
    """pixelmatch's options, with its defaults (``threshold`` is per pixel, 0 to 1)."""

    threshold: float = 0.1
    include_aa: bool = False
    alpha: float = 0.1
    aa_color: Color = (255, 255, 0)
    diff_color: Color = (255, 0, 0)
    diff_color_alt: Color | None = None
    diff_mask: bool = False


@dataclass(frozen=True, eq=False)
class CompareResult:
    """Outcome of one comparison: the count, the geometry, and the diff image on demand."""

    diff_pixels: int  # differing pixels, padding included; anti-aliasing excluded unless include_aa
    aa_pixels: int  # pixels over the threshold that were recognised as anti-aliasing
    width: int  # compared canvas: the larger width and height of the two images
    height: int
    expected_size: tuple[int, int]  # (width, height)
    actual_size: tuple[int, int]
    options: CompareOptions
    _draw: Callable[[], Image.Image] = field(repr=False)

    @property
    def total_pixels(self) -> int:
        """Pixels of the compared canvas."""
        return self.width * self.height

    @property
    def ratio(self) -> float:
        """Share of differing pixels in the canvas, 0 to 1."""
        return self.diff_pixels / self.total_pixels if self.total_pixels else 0.0

    @property
    def size_mismatch(self) -> bool:
        """Whether the two images have different sizes (the padding then counts as different)."""
        return self.expected_size != self.actual_size

    @cached_property
    def diff_image(self) -> Image.Image:
        """pixelmatch's RGBA diff image (drawn on first access, then kept)."""
        return self._draw()

    def save_diff(self, path: str | Path) -> Path:
        """Write the diff image as PNG and return its path."""
        target = Path(path)
        self.diff_image.save(target, format="PNG")
        return target


def compare(
    expected: ImageInput,
    actual: ImageInput,
    *,
    threshold: float = 0.1,
    include_aa: bool = False,
    alpha: float = 0.1,
    aa_color: Color = (255, 255, 0),
    diff_color: Color = (255, 0, 0),
    diff_color_alt: Color | None = None,
    diff_mask: bool = False,
) -> CompareResult:
    """Compare two images like pixelmatch 5.3 and return the differing-pixel count and a diff.

    ``expected`` and ``actual`` are PIL images, file paths, encoded bytes or (h, w, 4) uint8 arrays.
    The options mean exactly what they mean in pixelmatch: ``threshold`` is the per-pixel YIQ colour
    distance (0 to 1, smaller is stricter); ``include_aa`` counts anti-aliased pixels as different;
    ``alpha`` is the opacity of the grey original in the diff; ``aa_color``, ``diff_color`` and
    ``diff_color_alt`` (for pixels where ``actual`` is darker) colour the diff; ``diff_mask`` draws
    the differences on a transparent background.

    Images of different sizes are padded to the larger width and height; every padded pixel counts
    as different and is drawn in ``diff_color``.
    """
    options = CompareOptions(threshold, include_aa, alpha, aa_color, diff_color, diff_color_alt, diff_mask)
    img1, img2 = to_rgba(expected), to_rgba(actual)
    size1 = (img1.shape[1], img1.shape[0])
    size2 = (img2.shape[1], img2.shape[0])
    width, height = max(size1[0], size2[0]), max(size1[1], size2[1])
    img1, img2 = pad_to(img1, height, width), pad_to(img2, height, width)
    maps = match_pixels(img1, img2, threshold=threshold, include_aa=include_aa)
    padding = outside(height, width, [size1, size2]) if size1 != size2 else None
    if padding is not None and padding.size:
        maps = maps.without(padding)
    diff_pixels = maps.diff_pixels + (padding.size if padding is not None else 0)

    def draw() -> Image.Image:
        return draw_diff(
            img1,
            maps,
            alpha=alpha,
            aa_color=aa_color,
            diff_color=diff_color,
            diff_color_alt=diff_color_alt,
            diff_mask=diff_mask,
            forced=padding,
        )

    return CompareResult(diff_pixels, int(maps.aa.size), width, height, size1, size2, options, draw)
