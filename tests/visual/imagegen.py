"""Small deterministic image pairs for agreement tests: text, shifts, alpha, noise, edge shapes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

WORDS = ["Access keys", "Security credentials", "Create access key", "IAM", "Users", "Download .csv"]


@dataclass(frozen=True)
class Pair:
    """Two RGBA images to compare, and a short id for test names."""

    id: str
    a: Image.Image
    b: Image.Image


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def text_image(
    size: tuple[int, int],
    text: str,
    *,
    font_size: int = 14,
    offset: tuple[int, int] = (4, 4),
    fg: tuple[int, ...] = (22, 25, 31, 255),
    bg: tuple[int, ...] = (255, 255, 255, 255),
) -> Image.Image:
    """Anti-aliased text on a flat background, with a rule and a button box like console chrome."""
    img = Image.new("RGBA", size, bg)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, size[1] - 6, size[0] - 1, size[1] - 5), fill=(233, 235, 237, 255))
    draw.rounded_rectangle((size[0] - 30, 2, size[0] - 4, 18), radius=6, outline=(0, 115, 187, 255), width=2)
    draw.text(offset, text, font=_font(font_size), fill=fg)
    return img


def shifted(img: Image.Image, dx: int, dy: int) -> Image.Image:
    """``img`` moved by (dx, dy) with its edge pixels repeated into the gap."""
    arr = np.asarray(img)
    arr = np.roll(arr, (dy, dx), axis=(0, 1))
    return Image.fromarray(np.ascontiguousarray(arr))


def noisy(img: Image.Image, rng: np.random.Generator, amplitude: int, share: float) -> Image.Image:
    """``img`` with ± ``amplitude`` noise on a random ``share`` of its pixels (alpha untouched)."""
    arr = np.asarray(img).astype(np.int16)
    mask = rng.random(arr.shape[:2]) < share
    noise = rng.integers(-amplitude, amplitude + 1, size=(*arr.shape[:2], 3))
    arr[..., :3] += noise * mask[..., None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def translucent(size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
    """Overlapping translucent shapes on a transparent canvas (alpha blending paths)."""
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x0, y0 = int(rng.integers(0, size[0] - 8)), int(rng.integers(0, size[1] - 8))
        x1, y1 = x0 + int(rng.integers(4, size[0] // 2)), y0 + int(rng.integers(4, size[1] // 2))
        colour = (*(int(c) for c in rng.integers(0, 256, 3)), int(rng.integers(0, 256)))
        draw.ellipse((x0, y0, x1, y1), fill=colour)
    draw.text((3, 3), "alpha", font=_font(12), fill=(10, 10, 10, 180))
    return img


def random_rgba(size: tuple[int, int], rng: np.random.Generator, levels: int = 256) -> Image.Image:
    """Random pixels; with few ``levels`` many neighbours are equal (exercises the sibling logic)."""
    arr = rng.integers(0, levels, size=(size[1], size[0], 4)) * (255 // max(levels - 1, 1))
    arr[..., 3] = np.where(rng.random((size[1], size[0])) < 0.8, 255, arr[..., 3])
    return Image.fromarray(arr.astype(np.uint8))


def _pairs_text(rng: np.random.Generator) -> Iterator[Pair]:
    size = (120, 40)
    for i, word in enumerate(WORDS[:4]):
        a = text_image(size, word)
        yield Pair(f"text-renamed-{i}", a, text_image(size, WORDS[(i + 1) % len(WORDS)]))
        yield Pair(f"text-subpixel-{i}", a, text_image(size, word, offset=(5, 4)))
        yield Pair(f"text-bigger-{i}", a, text_image(size, word, font_size=15))
        yield Pair(f"text-colour-{i}", a, text_image(size, word, fg=(0, 115, 187, 255)))
        bg = (242, 243, 243, 255)
        yield Pair(f"text-background-{i}", a, text_image(size, word, bg=bg))


def _pairs_shift(rng: np.random.Generator) -> Iterator[Pair]:
    base = text_image((96, 48), "Shifted text", font_size=13)
    for dx, dy in [(1, 0), (0, 1), (-1, 0), (1, 1), (2, 0), (0, -2)]:
        yield Pair(f"shift-{dx}-{dy}", base, shifted(base, dx, dy))


def _pairs_alpha(rng: np.random.Generator) -> Iterator[Pair]:
    for i in range(4):
        a = translucent((64, 48), rng)
        arr = np.asarray(a).copy()
        arr[..., 3] = (arr[..., 3].astype(np.int16) * 3 // 4).astype(np.uint8)
        yield Pair(f"alpha-fade-{i}", a, Image.fromarray(arr))
        yield Pair(f"alpha-shapes-{i}", a, translucent((64, 48), rng))
    clear_a = Image.new("RGBA", (16, 12), (10, 200, 30, 0))
    clear_b = Image.new("RGBA", (16, 12), (250, 0, 90, 0))
    yield Pair("alpha-invisible-colours", clear_a, clear_b)


def _pairs_noise(rng: np.random.Generator) -> Iterator[Pair]:
    base = text_image((80, 40), "Noise", font_size=16)
    for amplitude, share in [(3, 0.2), (12, 0.05), (40, 0.5), (120, 0.02)]:
        yield Pair(f"noise-{amplitude}-{share}", base, noisy(base, rng, amplitude, share))
    for levels in (2, 3, 256):
        a = random_rgba((40, 30), rng, levels)
        yield Pair(f"random-{levels}", a, random_rgba((40, 30), rng, levels))
        yield Pair(f"random-noise-{levels}", a, noisy(a, rng, 30, 0.3))


def _pairs_edges(rng: np.random.Generator) -> Iterator[Pair]:
    for size in [(1, 1), (1, 9), (9, 1), (2, 2), (3, 2)]:
        yield Pair(f"edge-{size[0]}x{size[1]}", random_rgba(size, rng, 3), random_rgba(size, rng, 3))
    same = text_image((50, 20), "Same")
    yield Pair("identical", same, same.copy())


GENERATORS: list[Callable[[np.random.Generator], Iterator[Pair]]] = [
    _pairs_text,
    _pairs_shift,
    _pairs_alpha,
    _pairs_noise,
    _pairs_edges,
]


def all_pairs(seed: int = 20260115) -> list[Pair]:
    """Every generated pair, the same on every run."""
    rng = np.random.default_rng(seed)
    return [pair for generate in GENERATORS for pair in generate(rng)]
