"""Write a captured image in its format, with what made it recorded inside it.

- **PNG**: Chromium's PNG re-encoded losslessly by oxipng (the Rust optimiser, through pyoxipng), with
  no row filter and libdeflate level 7: screenshots are large flat areas, which compress best
  unfiltered; about 18 % smaller than Chromium's own file, for about 30 ms of CPU a 1280x800 image.
- **WebP**: lossless without a quality, else lossy at that quality (Pillow's libwebp).
- **JPEG**: at the quality (default 90), no chroma subsampling (sharp text), optimised Huffman tables.

The fields (renderer and image settings, see :mod:`automation.visual.metadata`) go into PNG ``tEXt``
chunks, or the EXIF description of WebP and JPEG; ``read_metadata`` reads either.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import oxipng
from PIL import Image

from automation.imaging.settings import DEFAULT_JPEG_QUALITY, Framing
from automation.visual.metadata import exif_with_metadata, with_metadata

#: oxipng settings (see the module docstring); measured on the nine 1280x800 images.
PNG_DEFLATE_LEVEL = 7


def encode(png: bytes, framing: Framing, fields: Mapping[str, str]) -> bytes:
    """``png`` (as Chromium captured it) in ``framing``'s format, with ``fields`` inside."""
    if framing.format == "png":
        optimised = oxipng.optimize_from_memory(
            png,
            level=0,
            filter=[oxipng.RowFilter.NoOp],
            deflate=oxipng.Deflaters.libdeflater(PNG_DEFLATE_LEVEL),
        )
        return with_metadata(bytes(optimised), fields)
    with Image.open(io.BytesIO(png)) as captured:
        image = captured.convert("RGBA" if captured.mode in ("RGBA", "LA", "P") else "RGB")
    exif = exif_with_metadata(fields)
    out = io.BytesIO()
    if framing.format == "webp":
        lossless = framing.quality is None
        image.save(
            out,
            format="WEBP",
            lossless=lossless,
            quality=80 if lossless else framing.quality,
            method=4,
            exif=exif,
        )
    else:
        image.convert("RGB").save(
            out,
            format="JPEG",
            quality=framing.quality or DEFAULT_JPEG_QUALITY,
            subsampling=0,
            optimize=True,
            exif=exif,
        )
    return out.getvalue()
