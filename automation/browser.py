"""Find a Chromium and launch it with the flags that keep runs quiet, offline-safe and deterministic."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Playwright

from automation.errors import SettingError

CHROMIUM_ENV = "AWS_CONSOLE_FLOWS_CHROMIUM"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")

# Chromium must not phone home (this network refuses it, loudly) and must render text the same way
# on every machine: no hinting, grayscale anti-aliasing, sRGB, no overlay scrollbars.
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
DETERMINISM_FLAGS = (
    "--font-render-hinting=none",
    "--disable-lcd-text",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
    "--disable-skia-runtime-opts",
    "--disable-gpu",
)


@dataclass(frozen=True)
class ChromiumChoice:
    """Which Chromium binary runs, and why it was chosen."""

    executable: Path | None  # None: Playwright's own, resolved by Playwright
    reason: str


def find_chromium(playwright_executable: str | None) -> ChromiumChoice:
    """Choose the browser: the environment override, Playwright's own Chromium, else the system one."""
    override = os.environ.get(CHROMIUM_ENV, "").strip()
    if override:
        path = Path(override)
        if not path.is_file() or not os.access(path, os.X_OK):
            raise SettingError(
                step="Find a browser",
                reason=f"{CHROMIUM_ENV}={override} is not an executable file.",
                fix=f"Point {CHROMIUM_ENV} at a Chromium binary, or unset it.",
            )
        return ChromiumChoice(path, f"{CHROMIUM_ENV}")
    if playwright_executable and Path(playwright_executable).is_file():
        return ChromiumChoice(None, "Playwright's Chromium")
    system = shutil.which("chromium") or (str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.is_file() else None)
    if system:
        return ChromiumChoice(Path(system), "system Chromium")
    raise SettingError(
        step="Find a browser",
        reason="no Chromium found (neither Playwright's own nor /usr/bin/chromium).",
        fix="Install one: `sudo apt-get install chromium` on Debian/Ubuntu, or "
        "`python -m playwright install chromium` where downloads work, or set "
        f"{CHROMIUM_ENV} to a Chromium binary. `make demo` does the apt-get step when run as root.",
    )


# Offline targets (replica, HAR replay): any request that slipped past routing fails at DNS instead of
# reaching the real network.
OFFLINE_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def launch_args(*, offline: bool = False) -> list[str]:
    """Command-line flags for every launch; ``--no-sandbox`` only when running as root."""
    args = [*QUIET_FLAGS, *DETERMINISM_FLAGS]
    if offline:
        args.append(OFFLINE_FLAG)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def launch_chromium(playwright: Playwright, *, headed: bool = False, offline: bool = False) -> Browser:
    """Launch Chromium headless (or headed) with the project's flags; ``offline`` cuts off DNS."""
    choice = find_chromium(playwright.chromium.executable_path)
    return playwright.chromium.launch(
        headless=not headed,
        executable_path=str(choice.executable) if choice.executable else None,
        args=launch_args(offline=offline),
    )
