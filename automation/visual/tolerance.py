"""How different a screenshot may be from its baseline and still pass."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Playwright's toHaveScreenshot default; pixelmatch's own default (compare()) is 0.1.
DEFAULT_THRESHOLD = 0.2


@dataclass(frozen=True)
class Tolerance:
    """Per-pixel colour tolerance plus an allowance of differing pixels.

    ``threshold`` decides whether ONE pixel differs: the YIQ colour distance from 0 (exact) to 1
    (anything matches), as in pixelmatch and Playwright. It is not a share of pixels.
    ``max_diff_pixels`` and ``max_diff_pixel_ratio`` decide whether the IMAGE differs: how many
    differing pixels (a count, or a share 0 to 1 of all pixels) are allowed. With both, the
    stricter (smaller) allowance wins; with neither, no differing pixel is allowed.
    """

    threshold: float = DEFAULT_THRESHOLD
    max_diff_pixels: int | None = None
    max_diff_pixel_ratio: float | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 1:
            raise ValueError(
                f"threshold={self.threshold!r}: the per-pixel colour threshold runs from 0 to 1. "
                "To allow a number of differing pixels use max_diff_pixels; for a share of the "
                "image use max_diff_pixel_ratio."
            )
        if self.max_diff_pixels is not None and (
            isinstance(self.max_diff_pixels, bool)
            or not isinstance(self.max_diff_pixels, int)
            or self.max_diff_pixels < 0
        ):
            raise ValueError(f"max_diff_pixels={self.max_diff_pixels!r}: expected a whole number >= 0.")
        ratio = self.max_diff_pixel_ratio
        if ratio is not None and not (isinstance(ratio, int | float) and 0 <= ratio <= 1):
            raise ValueError(
                f"max_diff_pixel_ratio={ratio!r}: expected a share from 0 to 1 (0.01 = 1% of pixels)."
            )

    def allowed_pixels(self, total_pixels: int) -> float:
        """Differing pixels allowed in an image of ``total_pixels``: the stricter limit, else 0."""
        limits = [float(self.max_diff_pixels)] if self.max_diff_pixels is not None else []
        if self.max_diff_pixel_ratio is not None:
            limits.append(total_pixels * self.max_diff_pixel_ratio)
        return min(limits) if limits else 0.0

    def accepts(self, diff_pixels: int, total_pixels: int) -> bool:
        """Whether ``diff_pixels`` differing pixels are within the allowance."""
        return diff_pixels <= self.allowed_pixels(total_pixels)

    def merged(self, **overrides: float | int | None) -> Tolerance:
        """A copy with the given fields replaced; ``None`` values keep the current setting."""
        fields = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(fields) - {"threshold", "max_diff_pixels", "max_diff_pixel_ratio"}
        if unknown:
            raise TypeError(f"Unknown tolerance option(s): {', '.join(sorted(unknown))}.")
        return Tolerance(**{**self.__dict__, **fields})

    def describe(self, total_pixels: int | None = None) -> str:
        """One line for messages: the threshold and the pixel allowance."""
        parts = [f"threshold {self.threshold:g} per pixel"]
        if self.max_diff_pixels is not None:
            parts.append(f"max_diff_pixels {self.max_diff_pixels}")
        if self.max_diff_pixel_ratio is not None:
            parts.append(f"max_diff_pixel_ratio {self.max_diff_pixel_ratio:g}")
        if total_pixels is not None:
            parts.append(f"so at most {math.floor(self.allowed_pixels(total_pixels))} differing pixels")
        return ", ".join(parts)
