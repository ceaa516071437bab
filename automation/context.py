"""A deterministic browser context: same inputs, same pixels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext

FROZEN_TIME = datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)

# Injected into every document: no animations or transitions, no blinking caret.
STILLNESS_CSS = """
*, *::before, *::after {
  animation-duration: 0s !important; animation-delay: 0s !important;
  transition-duration: 0s !important; transition-delay: 0s !important;
  caret-color: transparent !important; scroll-behavior: auto !important;
}
"""
_STILLNESS_SCRIPT = (
    "(() => { const css = %r; const add = () => { const s = document.createElement('style');"
    " s.setAttribute('data-acf', 'stillness'); s.textContent = css;"
    " (document.head || document.documentElement).appendChild(s); };"
    " if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add);"
    " else add(); })();"
)


@dataclass(frozen=True)
class ContextSettings:
    """Viewport, scale, locale and clock for a run; every screenshot depends on these."""

    width: int = 1280
    height: int = 800
    device_scale_factor: float = 1.0
    locale: str = "en-US"
    timezone_id: str = "UTC"
    frozen_time: datetime = FROZEN_TIME
    color_scheme: str = "light"  # prefers-color-scheme: the console's "Browser default" visual mode


def new_deterministic_context(
    browser: Browser,
    settings: ContextSettings = ContextSettings(),
    *,
    storage_state: Path | None = None,
    extra_options: dict[str, Any] | None = None,
    freeze_clock: bool = True,
) -> BrowserContext:
    """Open a context with fixed viewport, scale, locale, timezone, no motion and (``freeze_clock``) a
    frozen clock. Never freeze it for the real console: its pages sign requests and check expiry with
    the browser's own time."""
    options: dict[str, Any] = {
        "viewport": {"width": settings.width, "height": settings.height},
        "screen": {"width": settings.width, "height": settings.height},
        "device_scale_factor": settings.device_scale_factor,
        "locale": settings.locale,
        "timezone_id": settings.timezone_id,
        "color_scheme": settings.color_scheme,
        "reduced_motion": "reduce",
        "accept_downloads": True,
        "service_workers": "block",
    }
    if storage_state is not None:
        options["storage_state"] = str(storage_state)
    options.update(extra_options or {})
    context = browser.new_context(**options)
    if freeze_clock:
        context.clock.set_fixed_time(settings.frozen_time)
    context.add_init_script(_STILLNESS_SCRIPT % STILLNESS_CSS)
    return context
