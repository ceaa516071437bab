"""Make sure a Chromium exists: ``aws-console-flows install-browser`` and the set-up of make demo/test.

The order is the one the runs use (:func:`automation.browser.find_chromium`): ``$AWS_CONSOLE_FLOWS_CHROMIUM``,
Playwright's own Chromium, the system one. With ``download``, Playwright's Chromium is fetched first when
it is missing (``playwright install chromium``, plus its system libraries with ``with_deps``); where that
fails (no network), the system Chromium is used. As root on Debian/Ubuntu with none at all, the
``chromium`` package is installed with apt-get. Prints the browser name and build that runs will use.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import sync_playwright

from automation.browser import CHROMIUM_ENV, ChromiumChoice, find_chromium, launch_chromium
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


def _playwright(*args: str) -> str | None:
    """Run ``python -m playwright ARGS``; None when it succeeded, else its first error line."""
    print(f"browser: python -m playwright {' '.join(args)} ...", file=sys.stderr, flush=True)
    run = subprocess.run(
        [sys.executable, "-m", "playwright", *args], check=False, capture_output=True, text=True
    )
    if run.returncode == 0:
        return None
    lines = [line.strip() for line in (run.stderr + run.stdout).splitlines() if line.strip()]
    return next((line for line in lines if line.startswith("Error")), lines[-1] if lines else "failed")


def _download(with_deps: bool) -> None:
    """Fetch Playwright's Chromium (and its system libraries); say so when it cannot."""
    failed = _playwright("install", "chromium")
    if failed:
        print(
            f"browser: Playwright's Chromium could not be downloaded ({failed}); trying the system one.",
            file=sys.stderr,
        )
        return
    failed = _playwright("install-deps", "chromium") if with_deps else None
    if failed:
        print(f"browser: its system libraries could not be installed ({failed}).", file=sys.stderr)


def browser_build() -> str:
    """``chromium 156.0.8078.114``: the name and build of the browser runs launch."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            return f"{browser.browser_type.name} {browser.version}"
        finally:
            browser.close()


def ensure(*, download: bool = False, with_deps: bool = False) -> ChromiumChoice:
    """The Chromium runs will use, fetching or installing one first when needed (see the module doc)."""
    executable = _playwright_executable()
    present = bool(executable) and Path(str(executable)).is_file()
    if download and not present and not os.environ.get(CHROMIUM_ENV, "").strip():
        _download(with_deps)
        executable = _playwright_executable()
    try:
        return find_chromium(executable)
    except SettingError:
        if not _install_with_apt():
            raise
        return find_chromium(executable)


def main(
    argv: Sequence[str] = (), *, prog: str = "python -m automation.ensure_chromium", install: bool = False
) -> int:
    """Report the Chromium in use, fetching or installing one when possible; exit 3 when none.

    ``install`` (the ``install-browser`` command): always download when missing, and print the build.
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Make sure a Chromium exists and print the one runs will use: "
        f"${CHROMIUM_ENV}, else Playwright's own (downloaded when missing), else the system one.",
        epilog=f"examples:\n  {prog}\n  {prog} --with-deps   # in CI (installs its libraries, needs sudo)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if not install:
        parser.add_argument(
            "--download",
            action="store_true",
            help="fetch Playwright's own Chromium when missing (falls back to the system one offline)",
        )
    parser.add_argument(
        "--with-deps",
        action="store_true",
        help="also install the downloaded Chromium's system libraries (CI)",
    )
    args = parser.parse_args(list(argv))
    download = install or args.download
    try:
        choice = ensure(download=download, with_deps=args.with_deps)
    except SettingError as missing:
        print(f"error: {missing}", file=sys.stderr)
        return int(missing.exit_code)
    where = choice.executable or _playwright_executable()
    build = f": {browser_build()}" if download else ""
    print(f"browser: using {choice.reason} ({where}){build}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
