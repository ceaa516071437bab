"""What made an image, kept in the PNG itself: tool version, edition, browser and build, viewport, scale.

Baselines made with one Chromium build and checked with another differ by a few pixels of text, which
reads as a regression. So every image a run writes carries ``tEXt`` chunks named ``aws-console-flows:KEY``
(inserted after the header, the pixels untouched), and ``--check`` compares the committed image's with
the fresh one's. Reading goes through Pillow (which also checks each chunk's CRC).

Other modules add keys by putting more entries in the mapping they pass to :func:`with_metadata`;
:data:`RENDERER_KEYS` are the ones that change pixels when they differ, :data:`SETTINGS_KEYS` the image
settings a run chose (automation.imaging: viewport, scale, theme, format, crop, callouts). WebP and JPEG
images keep the same fields as JSON in their EXIF description (:func:`exif_with_metadata`).
"""

from __future__ import annotations

import io
import json
import platform
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PREFIX = "aws-console-flows:"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEADER_END = len(PNG_SIGNATURE) + 4 + 4 + 13 + 4  # the IHDR chunk always comes first, 13 bytes of data

TOOL_VERSION = "tool-version"
EDITION = "edition"
BROWSER = "browser"
BROWSER_BUILD = "browser-build"
VIEWPORT = "viewport"
SCALE = "scale"
PLATFORM = "platform"
#: Keys whose difference changes pixels: the renderer. The tool version and edition are reported apart;
#: viewport and scale are the run's image settings, reported with :data:`SETTINGS_KEYS`.
RENDERER_KEYS = (BROWSER, BROWSER_BUILD, PLATFORM)
# The image settings of automation.imaging (one JSON or plain value each), recorded by every run.
THEME = "theme"
FORMAT = "format"
QUALITY = "quality"
CROP = "crop"
PADDING = "padding"
CALLOUTS = "callouts"
CALLOUT_STYLE = "callout-style"
#: What a course's configuration or the command line chose: a committed image made with other
#: settings cannot match, and the check says so instead of blaming the console.
SETTINGS_KEYS = (VIEWPORT, SCALE, THEME, FORMAT, QUALITY, CROP, PADDING, CALLOUTS, CALLOUT_STYLE)
_EXIF_DESCRIPTION = 0x010E  # WebP and JPEG keep the fields as JSON in their EXIF ImageDescription

REGENERATE_FIX = (
    "remake the committed images with the browser that checks them: run the workflow's 'update-images' "
    "job (Actions → course images → Run workflow), or `aws-console-flows --check --out DIR "
    "--update-snapshots all` where the check runs; or check with the browser they were made with"
)


def _text_chunk(keyword: str, value: str) -> bytes:
    data = keyword.encode("latin-1") + b"\0" + value.encode("latin-1")
    body = b"tEXt" + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def with_metadata(png: bytes, fields: Mapping[str, str]) -> bytes:
    """``png`` with a ``tEXt`` chunk ``aws-console-flows:KEY`` per field, right after its header.

    The image data is not re-encoded (nor read: a run that only takes screenshots never loads Pillow).
    Keys and values are printable ASCII. Meant for fresh screenshots, which record none of the keys.
    """
    if not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    for key, value in fields.items():
        if not (key.isascii() and key.isprintable() and value.isascii() and value.isprintable()):
            raise ValueError(f"metadata must be printable ASCII: {key!r}={value!r}")
        if len(PREFIX + key) > 79:
            raise ValueError(f"metadata key too long: {key!r}")
    chunks = b"".join(_text_chunk(PREFIX + key, value) for key, value in fields.items())
    return png[:_HEADER_END] + chunks + png[_HEADER_END:]


def exif_with_metadata(fields: Mapping[str, str]) -> bytes:
    """An EXIF block holding ``fields`` (WebP and JPEG have no text chunks): its ImageDescription is
    ``{"aws-console-flows": {KEY: VALUE, ...}}`` as JSON."""
    from PIL import Image

    exif = Image.Exif()
    exif[_EXIF_DESCRIPTION] = json.dumps({PREFIX.rstrip(":"): dict(fields)}, sort_keys=True)
    return exif.tobytes()


def read_metadata(png: bytes) -> dict[str, str]:
    """The ``aws-console-flows:`` fields of an image (without the prefix): a PNG's text chunks, or the
    EXIF description of a WebP or JPEG written with :func:`exif_with_metadata`; empty for others."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(png)) as image:
            info: dict[str, Any] = dict(image.info)
            description = image.getexif().get(_EXIF_DESCRIPTION) if image.format != "PNG" else None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return {}
    if description is not None:
        return _from_description(description)
    return {
        key[len(PREFIX) :]: str(value)
        for key, value in info.items()
        if isinstance(key, str) and key.startswith(PREFIX)
    }


def _from_description(text: Any) -> dict[str, str]:
    try:
        fields = json.loads(text).get(PREFIX.rstrip(":"), {})
    except (ValueError, AttributeError, TypeError):
        return {}
    return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {}


def compare_settings(committed: Mapping[str, str], running: Mapping[str, str]) -> str | None:
    """A note naming the image settings (:data:`SETTINGS_KEYS`) the committed image was made with that
    differ from this run's, else None. Only settings both record are compared."""
    changed = [k for k in SETTINGS_KEYS if k in committed and k in running and committed[k] != running[k]]
    if not changed:
        return None
    listed = "; ".join(f"{k}: {committed[k] or 'unset'} -> {running[k] or 'unset'}" for k in changed)
    return (
        f"The committed image was made with other image settings ({listed}): regenerate it with this "
        "configuration, or change the configuration back."
    )


def renderer_fields(page: Any, *, edition: str, scale: float | None) -> dict[str, str]:
    """The fields of an image a Playwright ``page`` renders now (no round trip to the browser).

    ``scale`` is the context's device scale factor; None leaves it out (when it is not known).
    """
    from automation import __version__

    browser = page.context.browser
    size = page.viewport_size or {}
    fields = {
        TOOL_VERSION: __version__,
        EDITION: edition,
        BROWSER: browser.browser_type.name if browser else "unknown",
        BROWSER_BUILD: browser.version if browser else "unknown",
        VIEWPORT: f"{size.get('width', 0)}x{size.get('height', 0)}",
        PLATFORM: f"{platform.system().lower()}-{platform.machine()}",
    }
    if scale is not None:
        fields[SCALE] = f"{scale:g}"
    return fields


def describe(fields: Mapping[str, str]) -> str:
    """``chromium 156.0.8078.114 on linux-x86_64, 1280x800 at scale 1`` (what is known of it)."""
    text = " ".join(fields[k] for k in (BROWSER, BROWSER_BUILD) if fields.get(k)) or "an unknown browser"
    if fields.get(PLATFORM):
        text += f" on {fields[PLATFORM]}"
    if fields.get(VIEWPORT):
        text += f", {fields[VIEWPORT]}"
        if fields.get(SCALE):
            text += f" at scale {fields[SCALE]}"
    return text


@dataclass(frozen=True)
class RendererNote:
    """How the committed image's maker differs from the running one, and the fix."""

    differences: tuple[str, ...]  # the keys that differ (or "metadata" when the committed has none)
    text: str


def compare_renderers(committed: Mapping[str, str], running: Mapping[str, str]) -> RendererNote | None:
    """A note when the committed image was made otherwise than the running check makes it, else None.

    Only what the running side records is compared; an image that records nothing is noted as such.
    """
    if not running:
        return None
    if not committed:
        return RendererNote(
            ("metadata",),
            "The committed image records no renderer (made elsewhere or by an older version); this "
            f"check ran {describe(running)}. If the difference is only in text edges, {REGENERATE_FIX}.",
        )
    differing = tuple(k for k in RENDERER_KEYS if k in running and committed.get(k) != running[k])
    labels = {EDITION: "edition", TOOL_VERSION: "aws-console-flows"}
    changed = tuple(k for k in labels if k in running and committed.get(k) != running[k])
    if not differing and not changed:
        return None
    parts = []
    if differing:
        parts.append(
            f"The committed image was made with {describe(committed)}; this check ran {describe(running)}, "
            "so text may differ by a few pixels without any change in the console"
        )
    if changed:
        made = " and ".join(f"{labels[k]} {committed.get(k, 'unknown')} (now {running[k]})" for k in changed)
        parts.append(f"{'it' if differing else 'The committed image'} was made with {made}")
    return RendererNote(differing + changed, "; ".join(parts) + f". Fix: {REGENERATE_FIX}.")
