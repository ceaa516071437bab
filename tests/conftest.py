"""Shared test fixtures, layered on pytest-playwright's (browser, context, page).

The Chromium choice and flags come from the plugin (automation.pytest_browser, browser_type_launch_args)."""

from __future__ import annotations

from typing import Any

import pytest

from automation.context import ContextSettings

pytest_plugins = ["automation.pytest_plugin"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """The project's deterministic viewport, scale, locale and timezone for every test context."""
    settings = ContextSettings()
    return {
        **browser_context_args,
        "viewport": {"width": settings.width, "height": settings.height},
        "device_scale_factor": settings.device_scale_factor,
        "locale": settings.locale,
        "timezone_id": settings.timezone_id,
        "accept_downloads": True,
    }
