"""Stop the browser and Playwright's driver at once: every process this one started, and their groups.

Playwright's driver is a child of this process, in its process group. Chromium is the driver's child
and leads a process group of its own (its zygotes, renderers, GPU and network processes). When the
driver dies first (it handles SIGINT sent to the terminal's group too), Chromium is re-parented and no
longer looks like ours, so the trees are also remembered right after the browser starts (`remember`).
psutil checks each remembered process's start time before signalling it, so a reused process id is
never killed by mistake.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import suppress
from dataclasses import dataclass

import psutil

#: How long `ProcessTrees.kill` waits for killed processes to be gone (SIGKILL takes milliseconds).
KILL_WAIT_S = 5.0
_POLL_S = 0.02


@dataclass(frozen=True)
class Killed:
    """How many processes were killed, and the ids of any still alive after the wait (normally none)."""

    count: int
    survivors: list[int]


class ProcessTrees:
    """The process trees below this process: remembered while they run, killed together."""

    def __init__(self) -> None:
        self._known: dict[int, psutil.Process] = {}

    def remember(self) -> None:
        """Note every process below this one now (call once the browser has started)."""
        with suppress(psutil.Error):
            for process in psutil.Process().children(recursive=True):
                self._known.setdefault(process.pid, process)

    def kill(self, wait_s: float = KILL_WAIT_S) -> Killed:
        """SIGKILL every known and current descendant, and the process groups they lead.

        Waits until each is gone (or a zombie: it can no longer touch a file), at most ``wait_s``.
        """
        victims: dict[int, psutil.Process] = {}
        for _round in range(2):  # a process forked while the first round ran is caught by the second
            self.remember()
            for pid, process in list(self._known.items()):
                if pid not in victims and _alive(process):
                    _kill_tree_of(process)
                    victims[pid] = process
        return Killed(len(victims), _wait_gone(list(victims.values()), wait_s))


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _kill_tree_of(process: psutil.Process) -> None:
    """SIGKILL the process and, when it leads a process group other than ours, that whole group."""
    with suppress(psutil.Error, OSError):
        group = os.getpgid(process.pid)
        if group == process.pid and group != os.getpgrp():
            os.killpg(group, signal.SIGKILL)
    with suppress(psutil.Error):
        process.kill()


def _wait_gone(processes: list[psutil.Process], wait_s: float) -> list[int]:
    deadline = time.monotonic() + wait_s
    alive = processes
    while alive:
        # wait_procs reaps this process's own children (the driver); the others are reaped by their
        # new parent, and a zombie left unreaped cannot write anything any more.
        _gone, still = psutil.wait_procs(alive, timeout=_POLL_S)
        alive = [process for process in still if _alive(process)]
        if time.monotonic() >= deadline:
            break
    return [process.pid for process in alive]
