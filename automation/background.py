"""Start slow set-up work now, in a thread, and collect its result (or its error) when needed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` running in a daemon thread; ``result()`` waits for it and re-raises its error."""

    def __init__(self, work: Callable[[], T], name: str = "background") -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as error:  # handed to the caller of result()
            self._error = error

    def done(self) -> bool:
        """Whether the work has finished (well or not)."""
        return not self._thread.is_alive()

    def result(self) -> T:
        """The work's value, once it is done; its exception, raised here, if it failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
