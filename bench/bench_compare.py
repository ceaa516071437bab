"""Benchmark: pixelmatch-py (pure Python) against ``automation.visual.compare`` (numpy), side by side.

Run from the repository root: ``.venv/bin/python bench/bench_compare.py``. Both sides get the same
decoded RGBA PIL images and produce the count *and* the diff image; the counts and diff images must be
identical. pixelmatch-py is timed once per case (it takes seconds); ours ``--repeat`` times, showing
the best and the first (cold) run; the speed-up is pixelmatch-py over our best.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from automation.visual import compare
from bench.screens import console_page


@dataclass(frozen=True)
class Case:
    """One benchmark pair."""

    size: str
    name: str
    a: Image.Image
    b: Image.Image


def shifted_content(img: Image.Image, scale: int) -> Image.Image:
    """The main column of the page moved down by one CSS pixel: everything there changes."""
    arr = np.asarray(img).copy()
    top, left = 41 * scale, 221 * scale
    arr[top:, left:] = np.roll(arr[top:, left:], scale, axis=0)
    return Image.fromarray(arr)


def cases(scales: tuple[int, ...] = (1, 2)) -> list[Case]:
    """Label change and a one-pixel content shift, at 1280x800 and at device scale 2 (2560x1600)."""
    out = []
    for scale in scales:
        page = console_page(scale=scale)
        size = f"{page.width}x{page.height}"
        out.append(Case(size, "renamed label", page, console_page(scale=scale, changed=True)))
        out.append(Case(size, "content shifted 1px", page, shifted_content(page, scale)))
    return out


def timed(fn: Callable[[], tuple[int, np.ndarray]], repeat: int) -> tuple[float, float, int, np.ndarray]:
    """First and best wall time of ``repeat`` runs, with the result of the last one."""
    times = []
    result: tuple[int, np.ndarray] = (0, np.empty(0))
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times), *result


def run_pixelmatch_py(case: Case) -> tuple[int, np.ndarray]:
    from pixelmatch.contrib.PIL import pixelmatch

    output = Image.new("RGBA", case.a.size)
    count = pixelmatch(case.a, case.b, output)
    return count, np.asarray(output)


def run_ours(case: Case) -> tuple[int, np.ndarray]:
    result = compare(case.a, case.b)
    return result.diff_pixels, np.asarray(result.diff_image)


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of ours per case (best is shown)")
    args = parser.parse_args(argv)

    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, Pillow {version('pillow')}, "
        f"pixelmatch-py {version('pixelmatch')}; threshold 0.1, AA detection on, diff image drawn"
    )
    header = (
        f"{'image':<10} {'case':<20} {'diff px':>8} {'pixelmatch-py':>14} {'ours best':>10} "
        f"{'ours 1st':>9} {'speed-up':>9}  same"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for case in cases():
        slow, _, slow_count, slow_diff = timed(lambda c=case: run_pixelmatch_py(c), 1)
        first, fast, fast_count, fast_diff = timed(lambda c=case: run_ours(c), args.repeat)
        same = slow_count == fast_count and np.array_equal(slow_diff, fast_diff)
        ok &= same
        print(
            f"{case.size:<10} {case.name:<20} {fast_count:>8} {_fmt(slow):>14} {_fmt(fast):>10} "
            f"{_fmt(first):>9} {slow / fast:>8.0f}x  {'yes' if same else 'NO'}"
        )
    print("counts and diff images identical:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
