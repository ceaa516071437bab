"""Run several sync-API jobs at once on one Playwright connection (one driver, one browser).

Sync Playwright objects belong to the thread that made them, so parallel threads each need their own
driver and browser. The sync API itself already runs user callbacks (route handlers, event listeners)
in greenlets of their own on its one event loop: a callback that blocks in a sync call hands the loop
on. Jobs started the same way interleave at every Playwright call, with no second driver, browser or
thread. A job must not block outside Playwright for long (sleep, input) since that holds up the others.

This leans on two internals of the sync API (``run_in_greenlet`` and ``SyncBase._sync``), checked
against the pinned Playwright by tests/test_concurrent.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from greenlet import greenlet
from playwright._impl._greenlets import run_in_greenlet
from playwright.sync_api import Page, Playwright

from automation.background import Background

T = TypeVar("T")
POLL_MS = 100


class JobGreenlet(greenlet):
    """A greenlet running one job (named for Playwright's greenlet traces)."""

    def __str__(self) -> str:
        return "<JobGreenlet>"


def run_concurrently(playwright: Playwright, jobs: Sequence[Callable[[], T]]) -> list[T | BaseException]:
    """Run ``jobs`` interleaved on ``playwright``'s event loop; each result, or the error it raised."""

    async def all_jobs() -> list[Any]:
        futures = [run_in_greenlet(JobGreenlet, job) for job in jobs]
        return await asyncio.gather(*futures, return_exceptions=True)

    return playwright._sync(all_jobs())  # type: ignore[attr-defined]


def wait_off_loop(page: Page, work: Callable[[], T], poll_ms: float = POLL_MS) -> T:
    """Run blocking ``work`` (a terminal prompt) in a thread while ``page`` keeps the loop turning.

    The other flows of the run (and the replica's route handlers) go on meanwhile.
    """
    job = Background(work, name="blocking-work")
    while not job.done():
        page.wait_for_timeout(poll_ms)
    return job.result()
