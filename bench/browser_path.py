"""Point another Playwright tool (shot-scraper) at the Chromium this project uses.

shot-scraper has no option for a browser binary: it calls ``chromium.launch()``, and Playwright looks
for its own download under ``$PLAYWRIGHT_BROWSERS_PATH``. On a machine with only a system Chromium we
lay out that folder with symlinks in Playwright's naming scheme, for the revision the installed
Playwright expects:

    DIR/chromium_headless_shell-<rev>/chrome-headless-shell-linux64/chrome-headless-shell -> /usr/bin/chromium
    DIR/chromium-<rev>/chrome-linux64/chrome                                              -> /usr/bin/chromium

and run the tool with ``PLAYWRIGHT_BROWSERS_PATH=DIR``. (Headless runs use the first, headed the second.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import playwright

from automation.browser import find_chromium

LAYOUT = (
    ("chromium_headless_shell", "chrome-headless-shell-linux64", "chrome-headless-shell"),
    ("chromium", "chrome-linux64", "chrome"),
)


def chromium_revision() -> str:
    """The Chromium revision the installed Playwright expects (from its browsers.json)."""
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entries = json.loads(browsers.read_text())["browsers"]
    return next(entry["revision"] for entry in entries if entry["name"] == "chromium")


def browsers_env(folder: Path, playwright_executable: str | None) -> dict[str, str]:
    """Environment for a Playwright tool so that it runs the same Chromium as the project.

    When Playwright's own Chromium is installed both already use it: nothing to change. Otherwise the
    symlink folder above is (re)made in ``folder`` and named in ``PLAYWRIGHT_BROWSERS_PATH``.
    """
    env = dict(os.environ)
    choice = find_chromium(playwright_executable)
    if choice.executable is None:
        return env
    revision = chromium_revision()
    for name, subdir, binary in LAYOUT:
        link = folder / f"{name}-{revision}" / subdir / binary
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(choice.executable.absolute())
    env["PLAYWRIGHT_BROWSERS_PATH"] = str(folder)
    return env
