"""Tiny PNGs for assertion tests."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def png(
    colour: tuple[int, int, int] = (255, 255, 255),
    size: tuple[int, int] = (40, 30),
    *,
    dots: int = 0,
    label: str | None = None,
) -> bytes:
    """A flat image; ``dots`` black pixels along the top row; an optional text label."""
    img = Image.new("RGBA", size, (*colour, 255))
    for x in range(dots):
        img.putpixel((x % size[0], x // size[0]), (0, 0, 0, 255))
    if label:
        ImageDraw.Draw(img).text((2, 8), label, fill=(0, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
