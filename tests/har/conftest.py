"""Fixtures of the HAR tests: a Chromium context with nothing real behind it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext


@pytest.fixture
def offline_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (service workers blocked, as replay needs); closed after the test."""
    context = browser.new_context(service_workers="block")
    yield context
    context.close()
