"""The floor: the least a Playwright script can do to shoot the nine final pages.

One Chromium (the project's choice and flags), one signed-in context at 1280x800, one page: for each
URL go there, wait until the app drew its heading (the same test shot-scraper gets), screenshot, save.

Run: python bench/floor.py [--scale N] AUTH.json OUT_DIR URL...   (--scale: device scale factor, default 1)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from automation.browser import launch_chromium
from bench.site import READY_JS, VIEWPORT


def main(argv: list[str]) -> int:
    """Shoot every URL into OUT_DIR/01.png, 02.png, ..."""
    scale = 1
    if argv[:1] == ["--scale"]:
        scale, argv = int(argv[1]), argv[2:]
    auth, out, urls = argv[0], Path(argv[1]), argv[2:]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(
            viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]},
            storage_state=auth,
            device_scale_factor=scale,
        )
        page = context.new_page()
        for number, url in enumerate(urls, 1):
            page.goto(url)
            page.wait_for_function(READY_JS)
            page.screenshot(path=out / f"{number:02d}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
