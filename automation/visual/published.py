"""A side-by-side review page: each published image of a tutorial beside the image regenerated for it.

The published images come from a folder the user names (they are the course's, not this tool's). The
page is one self-contained HTML file: both images of each pair are embedded as PNG (a published file
in another format Pillow reads, such as a TIFF saved as ``.png``, is converted), so it opens anywhere.
"""

from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from automation.visual.phrases import PhraseShare


@dataclass(frozen=True)
class PublishedPair:
    """One tutorial image: the published file, the regenerated one (if any) and, with OCR, the share."""

    name: str
    step: str
    published: Path
    regenerated: Path | None
    share: PhraseShare | None = None


@dataclass(frozen=True)
class EmbeddedImage:
    """An image as a PNG data URI, with its size."""

    uri: str
    width: int
    height: int


def find_pairs(
    published_dir: Path, images_dir: Path, steps: Sequence[tuple[str, str]]
) -> list[PublishedPair]:
    """The tutorial images (name, step) found in ``published_dir``, each with its regenerated file."""
    pairs = []
    for name, step in steps:
        published = published_dir / name
        if published.is_file():
            regenerated = images_dir / name
            pairs.append(PublishedPair(name, step, published, regenerated if regenerated.is_file() else None))
    return pairs


def with_shares(
    pairs: Sequence[PublishedPair], measure: Callable[[Path, Path], PhraseShare]
) -> list[PublishedPair]:
    """The pairs with their OCR phrase share (pairs without a regenerated image keep none)."""
    return [
        PublishedPair(p.name, p.step, p.published, p.regenerated, measure(p.published, p.regenerated))
        if p.regenerated is not None
        else p
        for p in pairs
    ]


def embedded(path: Path) -> EmbeddedImage:
    """``path`` as a PNG data URI (converted when it is another format); ValueError if not an image."""
    try:
        with Image.open(path) as image:
            image.load()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            size = image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"{path} is not an image Pillow can read ({exc})") from None
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return EmbeddedImage(uri, size[0], size[1])


_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #16191f; }
h1 { font-size: 22px; margin: 0 0 4px; }
section { margin: 28px 0; border-top: 1px solid #d5dbdb; padding-top: 12px; }
h2 { font-size: 17px; margin: 0 0 2px; }
.pair { display: grid; gap: 16px; align-items: start; }
figure { margin: 0; }
figure { min-width: 0; }
figure img { width: 100%; border: 1px solid #aab7b8; }
figcaption { color: #545b64; font-size: 12px; margin: 4px 0; word-break: break-all; }
.missing { padding: 40px 12px; border: 1px dashed #aab7b8; color: #545b64; }
.share { margin: 8px 0 0; }
details { color: #545b64; }
"""


def _figure(label: str, path: Path | None, missing: str) -> tuple[str, int]:
    """A figure of ``path`` and its width (pairs share one scale: columns are as wide as the images)."""
    if path is None:
        caption = f"<figcaption>{html.escape(label)}</figcaption>"
        return f'<figure>{caption}<div class="missing">{missing}</div></figure>', 0
    image = embedded(path)
    caption = f"{label}: {path} ({image.width}×{image.height})"
    figure = (
        f"<figure><figcaption>{html.escape(caption)}</figcaption>"
        f'<img src="{image.uri}" alt="{html.escape(label)} {html.escape(path.name)}"></figure>'
    )
    return figure, image.width


def _share_html(share: PhraseShare | None) -> str:
    if share is None:
        return ""
    missing = "".join(f"<li>{html.escape(phrase)}</li>" for phrase in share.missing)
    text = (
        f"OCR finds {len(share.found)} of the published image's {len(share.phrases)} UI phrases in the "
        f"regenerated image ({share.share:.0%})."
    )
    details = f"<details><summary>Not found</summary><ul>{missing}</ul></details>" if missing else ""
    return f'<p class="share">{html.escape(text)}</p>{details}'


def render_page(pairs: Sequence[PublishedPair], *, title: str, regenerate_hint: str) -> str:
    """The review page's HTML."""
    missing = html.escape(f"Not regenerated yet: {regenerate_hint}")
    sections = []
    for pair in pairs:
        left, left_width = _figure("Published", pair.published, "")
        right, right_width = _figure("Regenerated", pair.regenerated, missing)
        widths = f"{left_width}fr {right_width or left_width}fr"
        sections.append(
            f"<section><h2>{html.escape(pair.name)}</h2>"
            f"<p>{html.escape('Step: ' + pair.step)}</p>"
            f'<div class="pair" style="grid-template-columns: {widths}">{left}{right}</div>'
            f"{_share_html(pair.share)}</section>"
        )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{len(pairs)} image(s): the published image on the left, the regenerated one on the right.</p>"
        f"{''.join(sections)}</body></html>\n"
    )


def write_page(path: Path, text: str) -> None:
    """Write the page atomically (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
