"""Run one command as a fresh process and measure it: wall time, CPU time and peak memory of its tree.

Peak memory is the largest sum, over one sample, of the memory of the process and all its descendants
(the Playwright driver, every Chromium process), sampled every 50 ms from /proc: RSS (shared pages
count once per process that maps them, so Chromium's processes inflate it) and PSS (shared pages split
between the processes sharing them: what the run really occupies). A process living less than one
sample may be missed.
CPU time is user + system of every process of the tree, as last sampled (Chromium's processes are not
reaped by our child, so rusage of children would miss them); a process's last 50 ms may be missed.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # seconds, user + system, whole tree
    peak_rss: int  # bytes, whole tree
    peak_pss: int  # bytes, whole tree


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


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += _children(pid)
    return pids


class _PeakSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = self.peak_pss = 0
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            pids = tree_pids(self.pid)
            rss = sum(_rss(pid) for pid in pids)
            pss = sum(_pss(pid) for pid in pids)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            for pid in pids:
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), seconds)


def measure(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None, label: str = ""
) -> Measurement:
    """Run ``command`` to completion; fail loudly (with its output) when it fails."""
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
    if process.returncode != 0:
        raise SystemExit(f"{label or command[0]} failed (exit {process.returncode}):\n{output[-3000:]}")
    cpu = sum(sampler.cpu.values())
    return Measurement(wall, cpu, sampler.peak_rss, sampler.peak_pss)
