"""Shared test fixtures, layered on pytest-playwright's (browser, context, page)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Playwright

from automation.browser import find_chromium, launch_args
from automation.context import ContextSettings

pytest_plugins = ["automation.pytest_plugin"]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright
) -> dict[str, Any]:
    """pytest-playwright's launch arguments plus our Chromium choice and flags."""
    choice = find_chromium(playwright.chromium.executable_path)
    args = dict(browser_type_launch_args)
    if choice.executable is not None:
        args["executable_path"] = str(choice.executable)
    args["args"] = [*args.get("args", []), *launch_args()]
    return args


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
