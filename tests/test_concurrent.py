"""Flows interleaved on one Playwright connection, and set-up work done in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, Playwright

from automation.background import Background
from automation.concurrent import run_concurrently, wait_off_loop


@pytest.mark.browser
def test_jobs_run_at_the_same_time_on_one_browser(playwright: Playwright, browser: Browser) -> None:
    # Each job waits for something only the other job does: run one after the other, both would time out.
    context = browser.new_context()
    try:
        first, second = context.new_page(), context.new_page()
        first.set_content("<p>first</p>")
        second.set_content("<p>second</p>")

        def waits_then_signals(mine: Page, other: Page) -> Callable[[], str]:
            def job() -> str:
                other.evaluate("window.go = true")
                mine.wait_for_function("window.go === true", timeout=5000)
                return mine.inner_text("p")

            return job

        results = run_concurrently(
            playwright, [waits_then_signals(first, second), waits_then_signals(second, first)]
        )
        assert results == ["first", "second"]
    finally:
        context.close()


@pytest.mark.browser
def test_a_failing_job_hands_back_its_error_and_the_other_finishes(
    playwright: Playwright, browser: Browser
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<p>kept</p>")

        def fails() -> str:
            page.wait_for_timeout(10)
            raise ValueError("broken step")

        outcome = run_concurrently(playwright, [fails, lambda: page.inner_text("p")])
        assert isinstance(outcome[0], ValueError) and str(outcome[0]) == "broken step"
        assert outcome[1] == "kept"
    finally:
        context.close()


def test_background_work_gives_its_value() -> None:
    started = threading.Event()

    def work() -> int:
        started.set()
        return 42

    job = Background(work)
    assert started.wait(5)
    assert job.result() == 42


def test_background_work_raises_its_error_where_the_result_is_wanted() -> None:
    def work() -> int:
        raise OSError("no space")

    job = Background(work)
    with pytest.raises(OSError, match="no space"):
        job.result()


@pytest.mark.browser
def test_a_prompt_waited_for_off_the_loop_lets_the_other_job_go_on(
    playwright: Playwright, browser: Browser
) -> None:
    # The "prompt" only returns once the other job has made a Playwright call: blocking the loop instead
    # of waiting off it, the other job could never run and the prompt would give up.
    context = browser.new_context()
    other_ran = threading.Event()
    try:
        page = context.new_page()

        def prompting_job() -> bool:
            return wait_off_loop(page, lambda: other_ran.wait(5))

        def other_job() -> str:
            page.evaluate("1 + 1")
            other_ran.set()
            return "done"

        assert run_concurrently(playwright, [prompting_job, other_job]) == [True, "done"]
    finally:
        context.close()
