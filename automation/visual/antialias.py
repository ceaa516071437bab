"""pixelmatch's anti-aliasing detector, vectorised over a set of candidate pixels.

Port of ``antialiased`` and ``hasManySiblings`` from pixelmatch 5.3 (after V. Vyšniauskas, 2009,
"Anti-aliased Pixel and Intensity Slope Detector"). Only the pixels whose colour delta exceeds the
threshold are examined, so the cost follows the size of the difference, not of the image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from automation.visual.yiq import brightness

IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# The 8 neighbours in pixelmatch's visiting order (x outer, y inner): ties between equally dark or
# equally bright neighbours go to the first one visited, so the order matters.
_DX = np.array([-1, -1, -1, 0, 0, 1, 1, 1], dtype=np.intp)
_DY = np.array([-1, 0, 1, -1, 1, -1, 0, 1], dtype=np.intp)

# Candidates are processed in chunks to bound memory on images that differ everywhere.
CHUNK = 1 << 16


@dataclass(frozen=True)
class Grid:
    """Image geometry plus the two images as flat views: RGBA rows and packed 32-bit words."""

    width: int
    height: int
    px1: npt.NDArray[np.uint8]  # (N, 4)
    px2: npt.NDArray[np.uint8]
    words1: npt.NDArray[np.uint32]  # (N,) one word per RGBA pixel, for exact equality
    words2: npt.NDArray[np.uint32]


@dataclass(frozen=True)
class Neighbourhood:
    """The up-to-8 neighbours of some pixels: flat indices, which exist, and the edge bonus."""

    index: IndexArray  # (n, 8), clipped into the image where a neighbour does not exist
    valid: BoolArray  # (n, 8)
    edge: npt.NDArray[np.int8]  # (n,) 1 on the image border: pixelmatch counts it as one "equal"


def neighbourhood(flat: IndexArray, width: int, height: int) -> Neighbourhood:
    """Neighbours of the pixels at flat indices ``flat``, in pixelmatch's visiting order."""
    y, x = np.divmod(flat, width)
    nx = x[:, None] + _DX
    ny = y[:, None] + _DY
    valid = (nx >= 0) & (nx < width) & (ny >= 0) & (ny < height)
    index = np.clip(ny, 0, height - 1) * width + np.clip(nx, 0, width - 1)
    edge = ((x == 0) | (x == width - 1) | (y == 0) | (y == height - 1)).astype(np.int8)
    return Neighbourhood(index, valid, edge)


def has_many_siblings(words: npt.NDArray[np.uint32], flat: IndexArray, width: int, height: int) -> BoolArray:
    """Whether each pixel has 3 or more identical neighbours (the border counts as one)."""
    hood = neighbourhood(flat, width, height)
    same = (words[hood.index] == words[flat][:, None]) & hood.valid
    return same.sum(axis=1) + hood.edge > 2


def _antialiased_chunk(
    px: npt.NDArray[np.uint8],
    words: npt.NDArray[np.uint32],
    other_words: npt.NDArray[np.uint32],
    flat: IndexArray,
    width: int,
    height: int,
) -> BoolArray:
    hood = neighbourhood(flat, width, height)
    delta = brightness(px[flat])[:, None] - brightness(px[hood.index])
    zero = (delta == 0) & hood.valid
    darker = np.where(hood.valid & (delta < 0), delta, 0.0)
    brighter = np.where(hood.valid & (delta > 0), delta, 0.0)
    # More than 2 equal neighbours: not AA. No darker or no brighter neighbour: not AA.
    maybe = (zero.sum(axis=1) + hood.edge <= 2) & (darker.min(axis=1) < 0) & (brighter.max(axis=1) > 0)
    result = np.zeros(flat.shape, dtype=np.bool_)
    rows = np.flatnonzero(maybe)
    if rows.size == 0:
        return result
    # argmin/argmax return the first extreme in visiting order, like pixelmatch's strict < and >.
    darkest = hood.index[rows, darker[rows].argmin(axis=1)]
    brightest = hood.index[rows, brighter[rows].argmax(axis=1)]
    aa = has_many_siblings(words, darkest, width, height)
    aa &= has_many_siblings(other_words, darkest, width, height)
    rest = np.flatnonzero(~aa)
    if rest.size:
        bright = brightest[rest]
        aa[rest] = has_many_siblings(words, bright, width, height) & has_many_siblings(
            other_words, bright, width, height
        )
    result[rows] = aa
    return result


def antialiased(
    px: npt.NDArray[np.uint8],
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
        out[start : start + CHUNK] = _antialiased_chunk(px, words, other_words, part, width, height)
    return out


def either_antialiased(grid: Grid, flat: IndexArray) -> BoolArray:
    """Pixels that are anti-aliasing in the first image, or else in the second (pixelmatch's ``||``)."""
    aa = antialiased(grid.px1, grid.words1, grid.words2, flat, grid.width, grid.height)
    rest = np.flatnonzero(~aa)
    if rest.size:
        aa[rest] = antialiased(grid.px2, grid.words2, grid.words1, flat[rest], grid.width, grid.height)
    return aa
