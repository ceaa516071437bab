"""RGBA arrays: from PIL images, paths, PNG bytes or arrays; padding; 32-bit word views."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from PIL import Image

ImageInput: TypeAlias = Image.Image | str | os.PathLike[str] | bytes | npt.NDArray[np.uint8]
RGBA = npt.NDArray[np.uint8]  # (height, width, 4), C-contiguous


def open_image(source: ImageInput) -> Image.Image:
    """A PIL image from a PIL image, a file path or encoded bytes (PNG, WebP, …)."""
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        return Image.open(io.BytesIO(bytes(source)))
    if isinstance(source, str | os.PathLike):
        img = Image.open(Path(source))
        img.load()  # reads the pixels and closes the file
        return img
    raise TypeError(f"Expected a PIL image, a path or PNG bytes, got {type(source).__name__}.")


def to_rgba(source: ImageInput) -> RGBA:
    """A C-contiguous (h, w, 4) uint8 RGBA array, decoded like pngjs does (palette and grey expanded)."""
    if isinstance(source, np.ndarray):
        arr = source
        if arr.ndim != 3 or arr.shape[2] != 4 or arr.dtype != np.uint8:
            raise ValueError(f"Expected an (h, w, 4) uint8 RGBA array, got {arr.shape} {arr.dtype}.")
        return np.ascontiguousarray(arr)
    img = open_image(source)
    if img.mode != "RGBA":
        img = img.convert("RGBA")
    return np.ascontiguousarray(np.asarray(img, dtype=np.uint8))


def pad_to(arr: RGBA, height: int, width: int) -> RGBA:
    """``arr`` in the top-left corner of a transparent (0, 0, 0, 0) canvas, as Playwright pads."""
    h, w = arr.shape[:2]
    if (h, w) == (height, width):
        return arr
    out = np.zeros((height, width, 4), dtype=np.uint8)
    out[:h, :w] = arr
    return out


def outside(height: int, width: int, sizes: list[tuple[int, int]]) -> npt.NDArray[np.intp]:
    """Flat indices of canvas pixels that lie outside any of the given (width, height) images."""
    mask = np.zeros((height, width), dtype=np.bool_)
    for w, h in sizes:
        mask[h:, :] = True
        mask[:, w:] = True
    return np.flatnonzero(mask)


def words_of(img: RGBA) -> npt.NDArray[np.uint32]:
    """One 32-bit word per pixel of a C-contiguous (h, w, 4) array (a view: equal words, equal RGBA)."""
    return img.reshape(-1).view(np.uint32)


def pixels(words: npt.NDArray[np.uint32], flat: npt.NDArray[np.intp] | slice) -> npt.NDArray[np.uint8]:
    """The RGBA bytes of the pixels at ``flat``, shaped (*shape, 4): a fast word gather."""
    picked = words[flat]
    return picked.view(np.uint8).reshape(*picked.shape, 4)
