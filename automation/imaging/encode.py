"""Write a captured image in its format, with the settings it was made with recorded inside it.

- **PNG**: Chromium's PNG re-encoded losslessly by oxipng (the Rust optimiser, through pyoxipng), with
  no row filter and libdeflate level 7: screenshots are large flat areas, which compress best
  unfiltered; about 18 % smaller than Chromium's own file, for about 30 ms of CPU a 1280x800 image.
- **WebP**: lossless without a quality, else lossy at that quality (Pillow's libwebp).
- **JPEG**: at the quality (default 90), no chroma subsampling (sharp text), optimised Huffman tables.

The record (JSON) goes into a PNG ``tEXt`` chunk, or the EXIF ImageDescription of WebP and JPEG, under
:data:`RECORD_KEY`; :func:`read_record` reads it back from any of them.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from typing import Any

import oxipng
from PIL import Image

from automation.imaging.settings import DEFAULT_JPEG_QUALITY, Framing

RECORD_KEY = "aws-console-flows"
_EXIF_DESCRIPTION = 0x010E
#: oxipng settings (see the module docstring); measured on the nine 1280x800 images.
PNG_DEFLATE_LEVEL = 7


def encode(png: bytes, framing: Framing, record: dict[str, Any]) -> bytes:
    """``png`` (as Chromium captured it) in ``framing``'s format, with ``record`` inside."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"))
    if framing.format == "png":
        return _png(png, text)
    with Image.open(io.BytesIO(png)) as captured:
        image = captured.convert("RGBA" if captured.mode in ("RGBA", "LA", "P") else "RGB")
    exif = Image.Exif()
    exif[_EXIF_DESCRIPTION] = text
    out = io.BytesIO()
    if framing.format == "webp":
        lossless = framing.quality is None
        image.save(
            out,
            format="WEBP",
            lossless=lossless,
            quality=80 if lossless else framing.quality,
            method=4,
            exif=exif.tobytes(),
        )
    else:
        image.convert("RGB").save(
            out,
            format="JPEG",
            quality=framing.quality or DEFAULT_JPEG_QUALITY,
            subsampling=0,
            optimize=True,
            exif=exif.tobytes(),
        )
    return out.getvalue()


def _png(png: bytes, text: str) -> bytes:
    optimised = oxipng.optimize_from_memory(
        png,
        level=0,
        filter=[oxipng.RowFilter.NoOp],
        deflate=oxipng.Deflaters.libdeflater(PNG_DEFLATE_LEVEL),
    )
    return _with_text_chunk(bytes(optimised), RECORD_KEY, text)


def _with_text_chunk(png: bytes, key: str, text: str) -> bytes:
    """``png`` with a ``tEXt`` chunk ``key``/``text`` before its closing ``IEND`` chunk (PNG spec 11.3.4:
    length, type, data, CRC-32 of type and data)."""
    body = b"tEXt" + key.encode("latin-1") + b"\x00" + text.encode("ascii")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    end = png.rindex(b"IEND") - 4  # the IEND chunk starts with its 4-byte length
    return png[:end] + chunk + png[end:]


def read_record(data: bytes) -> dict[str, Any] | None:
    """The settings recorded in an image written by :func:`encode`; None for any other image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            text = getattr(image, "text", {}).get(RECORD_KEY) if image.format == "PNG" else None
            if text is None and image.format in ("WEBP", "JPEG"):
                text = image.getexif().get(_EXIF_DESCRIPTION)
    except (OSError, ValueError, SyntaxError):
        return None
    if not isinstance(text, str):
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
