"""A frozen clock: the replica's dates never depend on the wall clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class FrozenClock:
    """Stands still at `base`; moves only when told to (one tick per created key)."""

    def __init__(self, base: datetime) -> None:
        self._now = base.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The current frozen instant (aware, UTC)."""
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        """Jump to `when` (used while seeding past events)."""
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, seconds: float) -> datetime:
        """Move forward by `seconds` and return the new instant."""
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z` suffix, or None."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
