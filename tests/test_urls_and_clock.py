"""Console URLs follow the current page's host (multi-session), and the browser clock is frozen only for
the replica and recordings, never for the real console."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser

from automation import urls
from automation.context import FROZEN_TIME, new_deterministic_context
from automation.runner import freezes_clock
from automation.targets import LiveTarget, TargetSpec

MULTI = "https://123456789012-3f2a9c1b.us-east-1.console.aws.amazon.com/iam/home#/home"


@pytest.mark.parametrize(
    ("current", "origin"),
    [
        (MULTI, "https://123456789012-3f2a9c1b.us-east-1.console.aws.amazon.com"),
        ("https://eu-west-1.console.aws.amazon.com/console/home", "https://eu-west-1.console.aws.amazon.com"),
        ("https://signin.aws.amazon.com/signin?x=1", urls.CONSOLE_ORIGIN),  # not a console page
        ("https://console.aws.amazon.com.evil.example/", urls.CONSOLE_ORIGIN),
        ("http://us-east-1.console.aws.amazon.com/", urls.CONSOLE_ORIGIN),
        (None, urls.CONSOLE_ORIGIN),
    ],
)
def test_console_origin_is_the_current_pages(current: str | None, origin: str) -> None:
    assert urls.console_origin(current) == origin


def test_pages_are_built_on_the_session_host() -> None:
    assert urls.root_security_credentials(MULTI).startswith("https://123456789012-3f2a9c1b.us-east-1.")
    assert urls.user_security_credentials("a b", MULTI).endswith(
        "#/users/details/a%20b?section=security_credentials"
    )


class _Har:
    spec = TargetSpec("har")


class _Replica:
    spec = TargetSpec("replica")


def test_only_offline_targets_freeze_the_clock() -> None:
    assert freezes_clock(_Replica()) and freezes_clock(_Har())  # type: ignore[arg-type]
    assert not freezes_clock(LiveTarget())


@pytest.mark.browser
@pytest.mark.parametrize("frozen", [True, False])
def test_the_context_clock(browser: Browser, frozen: bool) -> None:
    context = new_deterministic_context(browser, freeze_clock=frozen)
    try:
        page = context.new_page()
        now_ms = page.evaluate("Date.now()")
    finally:
        context.close()
    if frozen:
        assert now_ms == FROZEN_TIME.timestamp() * 1000
    else:
        assert abs(now_ms / 1000 - time.time()) < 60  # the machine's own time
