"""What an image looks like: the run's look (viewport, scale, theme) and each image's framing.

A run has one :class:`Look` (one browser context per path, so viewport, scale and theme hold for every
image of the run) and one :class:`CalloutStyle`; each image has a :class:`Framing` (format, quality,
crop, padding, callouts). The ``*Patch`` classes are the same fields, ``None`` meaning "not set here":
a configuration layer is made of patches, and :mod:`automation.imaging.plan` applies them in order.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, TypeVar

#: Output formats and the file extension each writes.
EXTENSIONS: dict[str, str] = {"png": ".png", "webp": ".webp", "jpeg": ".jpg"}
THEMES = ("light", "dark")
SCALES = (1, 2, 3)
#: Callout styles: ``outline`` is what ``--highlight`` drew before (a tight 3 px frame).
CALLOUT_STYLES = ("outline", "box", "badge", "arrow", "bubble")
SIDES = ("auto", "right", "left", "top", "bottom")
#: The region name of the element a step is about (its highlight target).
SUBJECT = "subject"
NO_CROP = "none"
#: JPEG quality when none is set (WebP without a quality is lossless).
DEFAULT_JPEG_QUALITY = 90


@dataclass(frozen=True)
class Look:
    """Viewport (CSS pixels), device scale factor and colour theme of a run."""

    width: int = 1280
    height: int = 800
    scale: int = 1
    theme: str = "light"

    @property
    def viewport(self) -> str:
        """``WIDTHxHEIGHT``, as ``--viewport`` takes it."""
        return f"{self.width}x{self.height}"


@dataclass(frozen=True)
class CalloutStyle:
    """How every callout is drawn: the one place their colours and sizes come from."""

    color: str = "#d91515"
    line_width: int = 3
    font_size: int = 14
    background: str = "#ffffff"


@dataclass(frozen=True)
class Callout:
    """One mark drawn on the page before the capture.

    ``target``: ``subject`` (the element the step is about) or a Playwright selector. ``text``: a
    bubble's words, or a badge's label (default: its number among the image's badges). ``side``: where
    an arrow comes from and where a bubble sits, seen from the target (``auto``: the side with more room).
    """

    style: str
    target: str = SUBJECT
    text: str = ""
    side: str = "auto"


@dataclass(frozen=True)
class Framing:
    """How one image is framed and written.

    ``crop``: regions (``subject`` or Playwright selectors) whose union, padded by ``padding`` CSS
    pixels and clamped to the viewport, is the image; empty means the whole viewport. ``quality``:
    1-100 for WebP and JPEG; ``None`` is lossless WebP or JPEG at ``DEFAULT_JPEG_QUALITY``.
    """

    format: str = "png"
    quality: int | None = None
    crop: tuple[str, ...] = ()
    padding: int = 16
    callouts: tuple[Callout, ...] = ()

    @property
    def extension(self) -> str:
        """The file extension this format writes."""
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class LookPatch:
    """A layer's run settings; ``None``: not set in this layer."""

    width: int | None = None
    height: int | None = None
    scale: int | None = None
    theme: str | None = None


@dataclass(frozen=True)
class StylePatch:
    """A layer's callout style; ``None``: not set in this layer."""

    color: str | None = None
    line_width: int | None = None
    font_size: int | None = None
    background: str | None = None


@dataclass(frozen=True)
class FramingPatch:
    """A layer's framing of one image (or of every image); ``None``: not set in this layer."""

    format: str | None = None
    quality: int | None = None
    crop: tuple[str, ...] | None = None
    padding: int | None = None
    callouts: tuple[Callout, ...] | None = None


@dataclass(frozen=True)
class Layer:
    """One source of settings (built-in, an edition's defaults, a course file, the command line).

    ``images`` holds per-image framing by image stem (``root-menu``), applied after ``framing``.
    """

    name: str
    look: LookPatch = LookPatch()
    style: StylePatch = StylePatch()
    framing: FramingPatch = FramingPatch()
    images: dict[str, FramingPatch] = field(default_factory=dict)


T = TypeVar("T")


def patched(base: T, patch: object) -> T:
    """``base`` with every field the patch sets (not ``None``) replaced."""
    changes = {f.name: getattr(patch, f.name) for f in fields(patch)}  # type: ignore[arg-type]
    return replace(base, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[type-var]


def describe(look: Look, framing: Framing, style: CalloutStyle) -> dict[str, str]:
    """The settings an image was made with, as recorded in its metadata: one printable ASCII string each
    (lists and tables as compact JSON), under the keys of ``automation.visual.metadata.SETTINGS_KEYS``."""

    def compact(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), sort_keys=True)

    record = {
        "viewport": look.viewport,
        "scale": str(look.scale),
        "theme": look.theme,
        "format": framing.format,
        "quality": "" if framing.quality is None else str(framing.quality),
        "crop": compact(list(framing.crop)),
        "padding": str(framing.padding) if framing.crop else "",
        "callouts": compact([asdict(callout) for callout in framing.callouts]),
    }
    if framing.callouts:
        record["callout-style"] = compact(asdict(style))
    return record
