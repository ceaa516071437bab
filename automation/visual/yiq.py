"""YIQ colour maths of pixelmatch 5.3, vectorised with numpy and bit-for-bit the same doubles.

Every expression keeps pixelmatch's operand order, so float64 results equal the JavaScript ones
exactly (no fused multiply-add, no reassociation). That is what makes the counts identical.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
PixelArray = npt.NDArray[np.uint8]  # (..., 4) RGBA

# 35215 is the largest possible value of the YIQ delta below (black against white).
MAX_YIQ_DELTA = 35215.0

_Y = (0.29889531, 0.58662247, 0.11448223)
_I = (0.59597799, 0.27417610, 0.32180189)
_Q = (0.21147017, 0.52261711, 0.31114694)

# Per-channel products as 256-entry tables (r * 0.29889531 for every byte r): for opaque pixels a
# look-up gives the very same double as the multiplication, without converting the bytes.
_CHANNEL = np.arange(256, dtype=np.float64)
_Y_TABLES = tuple(_CHANNEL * k for k in _Y)
_I_TABLES = tuple(_CHANNEL * k for k in _I)
_Q_TABLES = tuple(_CHANNEL * k for k in _Q)

# Pixels per block in color_delta: the temporaries then stay in the CPU cache.
_BLOCK = 1 << 15


def max_delta(threshold: float) -> float:
    """The largest YIQ delta two pixels may have and still match (pixelmatch's ``maxDelta``)."""
    return MAX_YIQ_DELTA * threshold * threshold


def blended_rgb(px: PixelArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """RGB blended with white by alpha, as pixelmatch does before measuring colour.

    Opaque pixels pass unchanged (``255 + (c - 255) * 1.0 == c`` exactly), so blending every
    pixel gives the same doubles as pixelmatch's ``if (a < 255)`` branch.
    """
    a = px[..., 3] / 255.0
    r = 255.0 + (px[..., 0] - 255.0) * a
    g = 255.0 + (px[..., 1] - 255.0) * a
    b = 255.0 + (px[..., 2] - 255.0) * a
    return r, g, b


def rgb2y(r: FloatArray, g: FloatArray, b: FloatArray) -> FloatArray:
    """Luma (Y) of YIQ."""
    return r * _Y[0] + g * _Y[1] + b * _Y[2]


def rgb2i(r: FloatArray, g: FloatArray, b: FloatArray) -> FloatArray:
    """In-phase chroma (I) of YIQ."""
    return r * _I[0] - g * _I[1] - b * _I[2]


def rgb2q(r: FloatArray, g: FloatArray, b: FloatArray) -> FloatArray:
    """Quadrature chroma (Q) of YIQ."""
    return r * _Q[0] - g * _Q[1] + b * _Q[2]


def brightness(px: PixelArray) -> FloatArray:
    """Y of each pixel after blending with white: the value pixelmatch's AA test compares."""
    # Opaque pixels need no blending: three table look-ups give the very same doubles.
    y = _Y_TABLES[0][px[..., 0]]
    y += _Y_TABLES[1][px[..., 1]]
    y += _Y_TABLES[2][px[..., 2]]
    translucent = px[..., 3] != 255
    if translucent.any():
        y[translucent] = rgb2y(*blended_rgb(px[translucent]))
    return y


def yiq(px: PixelArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Y, I and Q of (n, 4) pixels blended with white, as pixelmatch computes them."""
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    y = _Y_TABLES[0][r] + _Y_TABLES[1][g]
    y += _Y_TABLES[2][b]
    i = _I_TABLES[0][r] - _I_TABLES[1][g]
    i -= _I_TABLES[2][b]
    q = _Q_TABLES[0][r] - _Q_TABLES[1][g]
    q += _Q_TABLES[2][b]
    translucent = px[:, 3] != 255
    if translucent.any():
        rgb = blended_rgb(px[translucent])
        y[translucent], i[translucent], q[translucent] = rgb2y(*rgb), rgb2i(*rgb), rgb2q(*rgb)
    return y, i, q


def _delta_block(px1: PixelArray, px2: PixelArray) -> FloatArray:
    y1, i1, q1 = yiq(px1)
    y2, i2, q2 = yiq(px2)
    y, i, q = y1 - y2, i1 - i2, q1 - q2
    delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q
    np.negative(delta, out=delta, where=y1 > y2)
    return delta


def color_delta(px1: PixelArray, px2: PixelArray) -> FloatArray:
    """Squared YIQ distance per pair of (n, 4) pixels; negative where the second pixel is darker."""
    out = np.empty(px1.shape[0], dtype=np.float64)
    for start in range(0, px1.shape[0], _BLOCK):
        stop = start + _BLOCK
        out[start:stop] = _delta_block(px1[start:stop], px2[start:stop])
    return out


def gray_values(px: PixelArray, alpha: float) -> npt.NDArray[np.uint8]:
    """pixelmatch's faded grey for each RGBA pixel (``drawGrayPixel``), truncated like a Uint8Array store."""
    y = _Y_TABLES[0][px[..., 0]]
    y += _Y_TABLES[1][px[..., 1]]
    y += _Y_TABLES[2][px[..., 2]]
    weight = alpha * _CHANNEL / 255.0  # alpha * a / 255, one entry per possible alpha byte
    y -= 255.0
    y *= weight[px[..., 3]]
    y += 255.0
    return y.astype(np.uint8)
