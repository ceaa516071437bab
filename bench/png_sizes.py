"""The project's PNG files against Chromium's own PNG encoding of the same pixels.

Each image is shown 1:1 in a Chromium page (viewport = image size, device scale 1) and screenshotted:
Chromium encodes exactly those pixels (checked), as it encodes every screenshot. The totals compare
the bytes of both.

Run: python bench/png_sizes.py IMAGES_DIR
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from automation.browser import launch_chromium


def chromium_png_of(page, png: bytes) -> bytes:
    """Chromium's screenshot of ``png`` shown at 1:1: the same pixels, Chromium's encoding."""
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    page.set_viewport_size({"width": width, "height": height})
    data = base64.b64encode(png).decode()
    page.set_content(f"<body style='margin:0'><img style='display:block' src='data:image/png;base64,{data}'>")
    page.wait_for_function("document.images[0].complete")
    return page.screenshot()


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").tobytes()


def compare_folder(folder: Path) -> tuple[int, int, int]:
    """(images, bytes of ours, bytes of Chromium's) over the PNG files of ``folder``."""
    ours = theirs = count = 0
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(device_scale_factor=1)
        for path in sorted(folder.glob("*.png")):
            data = path.read_bytes()
            chromium = chromium_png_of(page, data)
            if pixels(chromium) != pixels(data):
                raise SystemExit(f"{path.name}: Chromium did not show the image 1:1")
            ours, theirs, count = ours + len(data), theirs + len(chromium), count + 1
        browser.close()
    return count, ours, theirs


def main(argv: list[str]) -> int:
    """Print the totals and the ratio line."""
    count, ours, theirs = compare_folder(Path(argv[0]))
    print(f"{count} PNG images: ours {ours / 1024:.0f} kB, Chromium's {theirs / 1024:.0f} kB (same pixels)")
    print(f"ratio png ours/chromium bytes: {ours / theirs:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
