"""pixelmatch's anti-aliasing detector, vectorised over a set of candidate pixels.

Port of ``antialiased`` and ``hasManySiblings`` from pixelmatch 5.3 (after V. Vyšniauskas, 2009,
"Anti-aliased Pixel and Intensity Slope Detector"). Only the pixels whose colour delta exceeds the
threshold are examined, so the cost follows the size of the difference, not of the image. Arrays
are laid out (8, n): one row per neighbour, so reductions over neighbours are element-wise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from automation.visual.images import pixels
from automation.visual.yiq import brightness

IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# The 8 neighbours in pixelmatch's visiting order (x outer, y inner): ties between equally dark or
# equally bright neighbours go to the first one visited, so the order matters.
_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))  # (dx, dy)

# Candidates are processed in chunks to bound memory on images that differ everywhere.
CHUNK = 1 << 17


@dataclass(frozen=True)
class Grid:
    """Image geometry plus the two images as flat 32-bit word views (one word per RGBA pixel)."""

    width: int
    height: int
    words1: npt.NDArray[np.uint32]  # (N,) one word per RGBA pixel, for exact equality
    words2: npt.NDArray[np.uint32]


@dataclass(frozen=True)
class Neighbourhood:
    """The up-to-8 neighbours of n pixels: flat indices, which exist, and the border bonus."""

    index: IndexArray  # (8, n); an absent neighbour points at the pixel itself
    valid: BoolArray  # (8, n)
    edge: npt.NDArray[np.uint8]  # (n,) 1 on the image border: pixelmatch counts it as one "equal"


def neighbourhood(flat: IndexArray, width: int, height: int) -> Neighbourhood:
    """Neighbours of the pixels at flat indices ``flat``, in pixelmatch's visiting order."""
    y, x = np.divmod(flat, width)
    sides = {(-1, 0): x > 0, (1, 0): x < width - 1, (0, -1): y > 0, (0, 1): y < height - 1}
    valid = np.empty((8, flat.size), dtype=np.bool_)
    index = np.empty((8, flat.size), dtype=np.intp)
    for k, (dx, dy) in enumerate(_OFFSETS):
        if dx and dy:
            np.logical_and(sides[(dx, 0)], sides[(0, dy)], out=valid[k])
        else:
            valid[k] = sides[(dx, dy)]
        np.add(flat, dy * width + dx, out=index[k])
    np.copyto(index, flat, where=~valid)  # keep absent neighbours inside the image
    inside = sides[(-1, 0)] & sides[(1, 0)] & sides[(0, -1)] & sides[(0, 1)]
    return Neighbourhood(index, valid, (~inside).view(np.uint8))


def _count(mask: BoolArray) -> npt.NDArray[np.uint8]:
    """True values per column of an (8, n) mask."""
    return mask.view(np.uint8).sum(axis=0, dtype=np.uint8)


def has_many_siblings(words: npt.NDArray[np.uint32], flat: IndexArray, width: int, height: int) -> BoolArray:
    """Whether each pixel has 3 or more identical neighbours (the border counts as one)."""
    hood = neighbourhood(flat, width, height)
    same = words[hood.index] == words[flat]
    same &= hood.valid
    return _count(same) + hood.edge > 2


def _first_extreme(values: npt.NDArray[np.float64], lower: bool) -> npt.NDArray[np.intp]:
    """Row of the first minimum (or maximum) per column: pixelmatch's strict ``<`` / ``>`` scan."""
    best = values[0].copy()
    arg = np.zeros(values.shape[1], dtype=np.intp)
    for k in range(1, values.shape[0]):
        better = values[k] < best if lower else values[k] > best
        arg[better] = k
        best[better] = values[k][better]
    return arg


def _antialiased_chunk(
    words: npt.NDArray[np.uint32],
    other_words: npt.NDArray[np.uint32],
    flat: IndexArray,
    width: int,
    height: int,
) -> BoolArray:
    hood = neighbourhood(flat, width, height)
    # (8, n): centre minus neighbour brightness
    delta = brightness(pixels(words, flat)) - brightness(pixels(words, hood.index))
    zero = delta == 0
    zero &= hood.valid
    darker = np.where(hood.valid & (delta < 0), delta, 0.0)
    brighter = np.where(hood.valid & (delta > 0), delta, 0.0)
    # More than 2 equal neighbours: not AA. No darker or no brighter neighbour: not AA.
    maybe = _count(zero) + hood.edge <= 2
    maybe &= darker.min(axis=0) < 0
    maybe &= brighter.max(axis=0) > 0
    result = np.zeros(flat.shape, dtype=np.bool_)
    cols = np.flatnonzero(maybe)
    if cols.size == 0:
        return result
    index = hood.index[:, cols]
    darkest = index[_first_extreme(darker[:, cols], lower=True), np.arange(cols.size)]
    brightest = index[_first_extreme(brighter[:, cols], lower=False), np.arange(cols.size)]
    aa = has_many_siblings(words, darkest, width, height)
    aa &= has_many_siblings(other_words, darkest, width, height)
    rest = np.flatnonzero(~aa)
    if rest.size:
        bright = brightest[rest]
        aa[rest] = has_many_siblings(words, bright, width, height) & has_many_siblings(
            other_words, bright, width, height
        )
    result[cols] = aa
    return result


def antialiased(
    words: npt.NDArray[np.uint32],
    other_words: npt.NDArray[np.uint32],
    flat: IndexArray,
    width: int,
    height: int,
) -> BoolArray:
    """pixelmatch's ``antialiased(img, x, y, width, height, img2)`` for every pixel in ``flat``."""
    out = np.zeros(flat.shape, dtype=np.bool_)
    for start in range(0, flat.size, CHUNK):
        part = flat[start : start + CHUNK]
        # Cheap exclusion first: 3+ identical neighbours means 3+ equally bright ones, never AA.
        # This settles flat areas (a changed background) without the floating-point work.
        open_ = np.flatnonzero(~has_many_siblings(words, part, width, height))
        if open_.size:
            found = _antialiased_chunk(words, other_words, part[open_], width, height)
            out[start + open_] = found
    return out


def either_antialiased(grid: Grid, flat: IndexArray) -> BoolArray:
    """Pixels that are anti-aliasing in the first image, or else in the second (pixelmatch's ``||``)."""
    aa = antialiased(grid.words1, grid.words2, flat, grid.width, grid.height)
    rest = np.flatnonzero(~aa)
    if rest.size:
        aa[rest] = antialiased(grid.words2, grid.words1, flat[rest], grid.width, grid.height)
    return aa
