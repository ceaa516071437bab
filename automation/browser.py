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
        fix="Run `aws-console-flows install-browser` (it downloads Playwright's Chromium, or as root on "
        "Debian/Ubuntu installs the chromium package), or `sudo apt-get install chromium`, or set "
        f"{CHROMIUM_ENV} to a Chromium binary.",
    )


# Chromium keeps only the last `--disable-features` on its command line, so the project's list has to
# carry Playwright's own (chromiumSwitches.ts of the pinned Playwright, 1.65) as well as its additions.
# tests/test_browser_launch.py reads the running browser's command line and fails when Playwright's
# list is no longer a subset of this one.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
# Headless Chromium still builds the address bar's suggestion popups (chrome://omnibox-popup.top-chrome)
# for every window, each in a renderer of its own: about 0.4 s of CPU per page that nobody can see.
UNUSED_BROWSER_UI_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")
DISABLE_FEATURES = "--disable-features="


def merge_disabled_features(args: list[str]) -> list[str]:
    """``args`` with every ``--disable-features`` folded into one that also keeps the project's list."""
    names = [*PLAYWRIGHT_DISABLED_FEATURES, *UNUSED_BROWSER_UI_FEATURES]
    others = []
    for arg in args:
        if arg.startswith(DISABLE_FEATURES):
            names += [name for name in arg[len(DISABLE_FEATURES) :].split(",") if name]
        else:
            others.append(arg)
    return [*others, DISABLE_FEATURES + ",".join(dict.fromkeys(names))]


# Offline targets (replica, HAR replay): any request that slipped past routing fails at DNS instead of
# reaching the real network.
OFFLINE_FLAG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def launch_args(*, offline: bool = False) -> list[str]:
    """Command-line flags for every launch; ``--no-sandbox`` only when running as root.

    Their one ``--disable-features`` must come last: pass extra flags through `merge_disabled_features`.
    """
    args = [*QUIET_FLAGS, *DETERMINISM_FLAGS]
    if offline:
        args.append(OFFLINE_FLAG)
    if running_as_root():
        args.append("--no-sandbox")
    return merge_disabled_features(args)


def running_as_root() -> bool:
    """True for uid 0, where Chromium's sandbox cannot start."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def sandboxed() -> bool:
    """Playwright's ``chromium_sandbox``: Playwright adds ``--no-sandbox`` itself unless this is True."""
    return not running_as_root()


def launch_chromium(playwright: Playwright, *, headed: bool = False, offline: bool = False) -> Browser:
    """Launch Chromium headless (or headed) with the project's flags; ``offline`` cuts off DNS."""
    choice = find_chromium(playwright.chromium.executable_path)
    return playwright.chromium.launch(
        headless=not headed,
        executable_path=str(choice.executable) if choice.executable else None,
        args=launch_args(offline=offline),
        chromium_sandbox=sandboxed(),
    )
