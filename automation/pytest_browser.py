"""pytest-playwright fixtures layered by the plugin: this project's Chromium choice and launch flags.

Registered by ``automation.pytest_plugin`` at configure time, only when pytest-playwright is installed.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], playwright: Any) -> dict[str, Any]:
    """pytest-playwright's launch arguments plus this project's Chromium choice and flags.

    Uses Playwright's Chromium when installed, else the system one (or $AWS_CONSOLE_FLOWS_CHROMIUM),
    with the flags that keep text rendering the same across machines.
    """
    from automation.browser import find_chromium, launch_args, merge_disabled_features, sandboxed

    choice = find_chromium(playwright.chromium.executable_path)
    args = dict(browser_type_launch_args)
    if choice.executable is not None:
        args.setdefault("executable_path", str(choice.executable))
    args["args"] = merge_disabled_features([*args.get("args", []), *launch_args()])
    args.setdefault("chromium_sandbox", sandboxed())
    return args
