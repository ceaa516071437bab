"""`python -m flows` ends with exit_now: the exit code, the flushed output and the atexit clean-ups
(the HAR recorder's last-resort removal of its raw recording) all survive the fast exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROGRAM = """
import atexit, pathlib, sys
from flows.cli import exit_now
marker = pathlib.Path(sys.argv[1])
atexit.register(marker.unlink)
print("written before the exit", end="")
exit_now(7)
"""


def test_exit_now_keeps_code_output_and_atexit_cleanups(tmp_path: Path) -> None:
    marker = tmp_path / "raw-recording"
    marker.write_text("unscrubbed")
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(marker)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 7, done.stderr
    assert done.stdout == "written before the exit"
    assert not marker.exists()  # the atexit clean-up ran
