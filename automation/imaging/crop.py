"""Rectangles in CSS pixels, and the clip of a cropped image."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """A rectangle in CSS pixels of the viewport (x, y: top-left corner)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def padded(self, padding: float) -> Box:
        """The box grown by ``padding`` on every side."""
        return Box(self.x - padding, self.y - padding, self.width + 2 * padding, self.height + 2 * padding)

    @staticmethod
    def union(boxes: Iterable[Box]) -> Box | None:
        """The smallest box holding every box; None for none."""
        boxes = list(boxes)
        if not boxes:
            return None
        left, top = min(b.x for b in boxes), min(b.y for b in boxes)
        right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
        return Box(left, top, right - left, bottom - top)


def crop_clip(regions: list[Box], marks: list[Box], padding: int, width: int, height: int) -> dict[str, int]:
    """The clip of a cropped image: the regions padded by ``padding``, grown to hold the callouts drawn
    (``marks``), on whole CSS pixels, clamped to the ``width`` x ``height`` viewport.

    A region wholly outside the viewport still gives a clip of at least 1x1 at the nearest edge.
    """
    padded = Box.union(region.padded(padding) for region in regions)
    if padded is None:
        return {"x": 0, "y": 0, "width": width, "height": height}
    whole = Box.union([padded, *marks])
    assert whole is not None
    left = min(max(math.floor(whole.x), 0), width - 1)
    top = min(max(math.floor(whole.y), 0), height - 1)
    right = max(min(math.ceil(whole.right), width), left + 1)
    bottom = max(min(math.ceil(whole.bottom), height), top + 1)
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}
