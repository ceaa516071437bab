"""``python -m automation.ensure_chromium``: make sure a Chromium exists (set-up step of make demo/test).

Uses Playwright's Chromium when installed, else the system one; when neither exists and we are root on
Debian, installs the ``chromium`` package with apt-get; otherwise prints the command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from playwright.sync_api import sync_playwright

from automation.browser import find_chromium
from automation.errors import SettingError

APT_PACKAGES = ["chromium"]


def _playwright_executable() -> str | None:
    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def _install_with_apt() -> bool:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        return False
    print("ensure_chromium: installing Debian's chromium with apt-get ...", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *APT_PACKAGES], check=True, env=env, stdout=subprocess.DEVNULL
    )
    return True


def main() -> int:
    """Report the Chromium in use, installing the system one when possible; exit 3 when none."""
    executable = _playwright_executable()
    try:
        choice = find_chromium(executable)
    except SettingError as missing:
        if not _install_with_apt():
            print(f"error: {missing}", file=sys.stderr)
            return int(missing.exit_code)
        choice = find_chromium(executable)
    where = choice.executable or executable
    print(f"ensure_chromium: using {choice.reason} ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
