"""Wall time of the flows on the replica: a cold root path, and both paths sequential vs parallel.

Run: .venv/bin/python bench/bench_flows.py [--repeat N]
Each measurement is a fresh `python -m ...` process (interpreter, imports, Chromium launch included),
with fresh output folders. Prints the median and the spread of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

CASES = {
    "root path (python -m flows.root)": ["flows.root"],
    "both paths, sequential": ["flows", "--sequential"],
    "both paths, parallel (default)": ["flows"],
}


def run_once(args: list[str]) -> float:
    """Seconds for one fresh process, failing loudly if the run fails."""
    with tempfile.TemporaryDirectory(prefix="acf-bench-") as scratch:
        keys = Path(scratch) / "keys"
        command = [sys.executable, "-m", *args, "--out", f"{scratch}/images", "--keys-dir", str(keys)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
        return elapsed


def main() -> None:
    """Measure every case and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default 3)")
    repeat = parser.parse_args().repeat
    print(f"{'case':<36} {'median':>8} {'min':>8} {'max':>8}   ({repeat} runs each)")
    medians = {}
    for name, args in CASES.items():
        times = [run_once(args) for _ in range(repeat)]
        medians[name] = statistics.median(times)
        print(f"{name:<36} {medians[name]:>7.2f}s {min(times):>7.2f}s {max(times):>7.2f}s")
    sequential = medians["both paths, sequential"]
    parallel = medians["both paths, parallel (default)"]
    print(f"\nparallel vs sequential: {sequential / parallel:.2f}x")


if __name__ == "__main__":
    main()
