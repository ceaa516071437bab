"""Run one command as a fresh process and measure it: wall time, CPU time and peak memory of its tree.

Peak memory is the largest sum, over one sample, of the resident set (RSS) of the process and all its
descendants (the Playwright driver, every Chromium process), sampled every 25 ms from /proc. Shared
pages count once per process, as RSS does; processes that live less than a sample may be missed.
CPU time is user + system of the whole tree (every descendant is waited for by its parent).
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.025


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # seconds, user + system, whole tree
    peak_rss: int  # bytes, whole tree


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            kids += [int(k) for k in text.split()]
    except OSError:
        pass
    return kids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in bytes."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss(pid)
        todo += _children(pid)
    return total


class _PeakSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_rss(self.pid))


def measure(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None, label: str = ""
) -> Measurement:
    """Run ``command`` to completion; fail loudly (with its output) when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = _PeakSampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"{label or command[0]} failed (exit {process.returncode}):\n{output[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(wall, cpu, sampler.peak)
