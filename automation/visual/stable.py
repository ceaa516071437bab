"""Capture until the picture holds still: two consecutive identical captures, within a bound."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Pauses before each capture, as Playwright's stability loop (the last one repeats).
DEFAULT_INTERVALS: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0)
DEFAULT_MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class StableCapture:
    """The outcome of a stability loop."""

    png: bytes  # the last capture (the stable one when ``stable``)
    stable: bool  # two consecutive captures were identical
    attempts: int  # captures taken
    previous: bytes | None = None  # when not stable: the capture before ``png``, to show the change


def capture_stable(
    take: Callable[[], bytes],
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    intervals: Sequence[float] = DEFAULT_INTERVALS,
    same: Callable[[bytes, bytes], bool] = bytes.__eq__,
    sleep: Callable[[float], None] = time.sleep,
) -> StableCapture:
    """Call ``take`` until two consecutive results are ``same``, at most ``max_attempts`` times.

    Before capture ``k`` it waits ``intervals[k]`` seconds (the last interval repeats). Returns the
    stable capture, or, when the bound is reached first, the last capture with ``stable=False``
    and the one before it as ``previous``.
    """
    if max_attempts < 2:
        raise ValueError("max_attempts must be at least 2: stability needs two captures.")
    if not intervals:
        raise ValueError("intervals must not be empty.")
    previous: bytes | None = None
    current = b""
    for attempt in range(max_attempts):
        pause = intervals[min(attempt, len(intervals) - 1)]
        if pause > 0:
            sleep(pause)
        current = take()
        if previous is not None and same(previous, current):
            return StableCapture(current, True, attempt + 1)
        previous, before = current, previous
    return StableCapture(current, False, max_attempts, before)
