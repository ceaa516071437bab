"""The pixelmatch 5.3 main loop as array operations: which pixels differ, which are anti-aliasing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from automation.visual.antialias import Grid, either_antialiased
from automation.visual.images import pixels, words_of
from automation.visual.yiq import color_delta, max_delta

IndexArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class PixelMaps:
    """Flat pixel indices of counted differences and of ignored anti-aliasing, in scan order."""

    diff: IndexArray
    darker: npt.NDArray[np.bool_]  # per entry of ``diff``: the second image is darker there
    aa: IndexArray

    @property
    def diff_pixels(self) -> int:
        """Number of differing pixels, as pixelmatch returns it."""
        return int(self.diff.size)

    def without(self, flat: IndexArray) -> PixelMaps:
        """These maps with the pixels at sorted flat indices ``flat`` removed."""
        keep_diff = ~np.isin(self.diff, flat, assume_unique=True)
        keep_aa = ~np.isin(self.aa, flat, assume_unique=True)
        return PixelMaps(self.diff[keep_diff], self.darker[keep_diff], self.aa[keep_aa])


def _pair_deltas(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    """color_delta for word pairs, computed once per run of repeated pairs (long in screenshots)."""
    n = a.size
    new = np.ones(n, dtype=np.bool_)
    np.not_equal(a[1:], a[:-1], out=new[1:])
    new[1:] |= b[1:] != b[:-1]
    starts = np.flatnonzero(new)
    if starts.size * 2 > n:
        return color_delta(pixels(a, slice(None)), pixels(b, slice(None)))
    deltas = color_delta(pixels(a, starts), pixels(b, starts))
    return np.repeat(deltas, np.diff(starts, append=n))


def match_pixels(
    img1: npt.NDArray[np.uint8],
    img2: npt.NDArray[np.uint8],
    *,
    threshold: float = 0.1,
    include_aa: bool = False,
) -> PixelMaps:
    """Classify every pixel of two same-size (h, w, 4) uint8 RGBA arrays exactly as pixelmatch 5.3."""
    if img1.shape != img2.shape or img1.ndim != 3 or img1.shape[2] != 4:
        raise ValueError(f"Image sizes do not match: {img1.shape} and {img2.shape}.")
    height, width = img1.shape[:2]
    img1 = np.ascontiguousarray(img1, dtype=np.uint8)
    img2 = np.ascontiguousarray(img2, dtype=np.uint8)
    words1, words2 = words_of(img1), words_of(img2)
    empty = np.empty(0, dtype=np.intp)

    changed = np.flatnonzero(words1 != words2)  # identical bytes always have delta 0
    if changed.size == 0:
        return PixelMaps(empty, np.empty(0, dtype=np.bool_), empty)
    delta = _pair_deltas(words1[changed], words2[changed])
    over = np.abs(delta) > max_delta(threshold)
    candidates, darker = changed[over], delta[over] < 0
    if include_aa or candidates.size == 0:
        return PixelMaps(candidates, darker, empty)

    grid = Grid(width, height, words1, words2)
    aa = either_antialiased(grid, candidates)
    return PixelMaps(candidates[~aa], darker[~aa], candidates[aa])
