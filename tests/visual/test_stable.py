"""The stability loop: retake until two consecutive captures are identical, bounded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from automation.visual import capture_stable


def frames(*sequence: bytes) -> tuple[Callable[[], bytes], list[bytes]]:
    """A fake ``take``: returns the sequence, then repeats its last frame; records calls."""
    taken: list[bytes] = []

    def take() -> bytes:
        frame = sequence[min(len(taken), len(sequence) - 1)]
        taken.append(frame)
        return frame

    return take, taken


def test_still_page_is_stable_after_two_captures() -> None:
    take, taken = frames(b"A")
    result = capture_stable(take, sleep=lambda s: None)
    assert result.stable and result.png == b"A" and result.attempts == 2
    assert result.previous is None
    assert len(taken) == 2


@pytest.mark.parametrize("moving", [1, 2, 4])
def test_page_that_settles_after_n_frames(moving: int) -> None:
    sequence = [f"frame{i}".encode() for i in range(moving)] + [b"settled"]
    take, taken = frames(*sequence)
    result = capture_stable(take, max_attempts=10, sleep=lambda s: None)
    assert result.stable
    assert result.png == b"settled"
    assert result.attempts == moving + 2  # the moving frames, then two equal captures
    assert len(taken) == result.attempts


def test_page_that_never_settles_reports_the_last_two_frames() -> None:
    counter = iter(range(1000))
    result = capture_stable(lambda: str(next(counter)).encode(), max_attempts=5, sleep=lambda s: None)
    assert not result.stable
    assert result.attempts == 5
    assert result.png == b"4" and result.previous == b"3"


def test_waits_follow_the_intervals_and_repeat_the_last() -> None:
    waits: list[float] = []
    counter = iter(range(1000))
    capture_stable(
        lambda: str(next(counter)).encode(), max_attempts=6, intervals=(0, 0.1, 0.25), sleep=waits.append
    )
    assert waits == [0.1, 0.25, 0.25, 0.25, 0.25]  # no wait before the first capture


def test_custom_sameness() -> None:
    take, _ = frames(b"a1", b"a2")
    result = capture_stable(take, same=lambda x, y: x[:1] == y[:1], sleep=lambda s: None)
    assert result.stable and result.attempts == 2


def test_bounds_are_validated() -> None:
    with pytest.raises(ValueError):
        capture_stable(lambda: b"", max_attempts=1)
    with pytest.raises(ValueError):
        capture_stable(lambda: b"", intervals=())
