"""Run one command as a fresh process and measure it: wall time, CPU time and peak memory of its tree.

Two kinds of run, because measuring costs CPU that a 2-core machine takes from the run measured:
- a timed run (``memory=False``) puts the command in a cgroup of its own when it can (root, cgroup v1
  ``cpuacct``, as on this project's machines) and reads the tree's CPU time from it at the end, with no
  sampling at all; elsewhere it samples each process's CPU counters every 100 ms from /proc/PID/stat;
- a memory run (``memory=True``) also sums RSS and PSS over the tree every 50 ms. Reading PSS makes the
  kernel walk every Chromium process's page tables: it slowed a flows run by about 0.6 s (4.7 s alone,
  5.3 s sampled), more than the lighter peers, so its wall time is not used.

Peak memory is the largest sum, over one sample, of the memory of the process and all its descendants
(the Playwright driver, every Chromium process): RSS (shared pages count once per process that maps
them, so Chromium's processes inflate it) and PSS (shared pages split between the processes sharing
them: what the run really occupies). A process living less than one sample may be missed.
CPU time is user + system of every process of the tree, as last sampled (Chromium's processes are not
reaped by our child, so rusage of children would miss them); a process's last interval may be missed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MEMORY_SAMPLE_SECONDS = 0.05
CPU_SAMPLE_SECONDS = 0.1


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
    def __init__(self, pid: int, memory: bool) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.memory = memory
        self.peak_rss = self.peak_pss = 0
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        interval = MEMORY_SAMPLE_SECONDS if self.memory else CPU_SAMPLE_SECONDS
        while not self.done.wait(interval):
            pids = tree_pids(self.pid)
            if self.memory:
                rss = sum(_rss(pid) for pid in pids)
                pss = sum(_pss(pid) for pid in pids)
                self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            for pid in pids:
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), seconds)


CPUACCT_ROOT = Path("/sys/fs/cgroup/cpuacct")


class _CpuCgroup:
    """A cgroup v1 ``cpuacct`` group for one command: every process it starts is counted, none missed."""

    def __init__(self) -> None:
        self.path = CPUACCT_ROOT / f"acf-bench-{os.getpid()}-{time.monotonic_ns()}"
        self.path.mkdir()

    @staticmethod
    def available() -> bool:
        return os.access(CPUACCT_ROOT, os.W_OK) and (CPUACCT_ROOT / "cpuacct.usage").is_file()

    def join(self) -> None:
        """Run in the child before exec: move it (and so all it starts) into the group."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def seconds(self) -> float:
        return int((self.path / "cpuacct.usage").read_text()) / 1e9

    def remove(self) -> None:
        with contextlib.suppress(OSError):  # a straggler still in it: leave the empty group behind
            self.path.rmdir()


def measure(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    label: str = "",
    memory: bool = False,
) -> Measurement:
    """Run ``command`` to completion; fail loudly (with its output) when it fails.

    Without ``memory`` the peaks are 0 (a timed run); with it, the wall time is inflated by sampling.
    """
    group = _CpuCgroup() if not memory and _CpuCgroup.available() else None
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=group.join if group else None,
        )
        sampler = None if group else _PeakSampler(process.pid, memory)
        if sampler:
            sampler.start()
        output, _ = process.communicate()
        wall = time.perf_counter() - started
        if sampler:
            sampler.done.set()
            sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"{label or command[0]} failed (exit {process.returncode}):\n{output[-3000:]}")
        if group:
            return Measurement(wall, group.seconds(), 0, 0)
        assert sampler is not None
        return Measurement(wall, sum(sampler.cpu.values()), sampler.peak_rss, sampler.peak_pss)
    finally:
        if group:
            group.remove()
