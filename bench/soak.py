"""Soak: run both paths N times in a row on the replica and report passes, failures and the slowest run.

Run: .venv/bin/python bench/soak.py [-n 50] [--fault NAME ...] [--sequential]   (or `make soak N=50`)

Each run is a fresh `python -m flows` process (both paths, parallel unless --sequential) with fresh
folders. A run passes when it exits 0, keeps exactly one valid 0600 key file per path, writes all nine
images, leaves no temp file, the replica created exactly one key per path, and no secret (key secrets,
passwords, MFA seed, session cookies, account id) is in its images folder, stdout or stderr (text scan;
OCR of images is the tests' job). Exit 0 when every run passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from automation.keys import parse_key_file  # noqa: E402
from automation.leakscan import LeakScanner, Secret, describe_findings  # noqa: E402
from automation.replica import ReplicaAccount  # noqa: E402
from automation.replica.state import STATE_ENV  # noqa: E402

PATHS = ("root", "iam")
IMAGES = 9


@dataclass
class RunResult:
    """One soak run: how long it took and what was wrong with it (empty: it passed)."""

    number: int
    seconds: float
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def secrets_of(state: dict) -> list[Secret]:
    """Everything that must not leak from a replica run."""
    account = ReplicaAccount()
    found = [Secret("root password", account.root_password), Secret("MFA seed", account.root_mfa_seed)]
    found += [Secret("account id", account.account_id)]
    found += [Secret(f"{u.name} password", u.password) for u in account.users if u.password]
    found += [Secret("secret access key", k["secret"]) for k in state.get("created", [])]
    found += [Secret("session cookie", t) for t in state.get("session_tokens", [])]
    return found


def check_run(scratch: Path, done: subprocess.CompletedProcess[str], state: dict) -> list[str]:
    """The invariants one run must keep; each broken one as a line."""
    problems = []
    if done.returncode != 0:
        last = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        problems.append(f"exit {done.returncode}: {(last or ['(no error line)'])[-1][:300]}")
    images, keys = scratch / "images", scratch / "keys"
    key_files = sorted(keys.glob("*.csv")) if keys.exists() else []
    if done.returncode == 0 and len(key_files) != len(PATHS):
        problems.append(f"{len(key_files)} key files, expected {len(PATHS)}")
    for key_file in key_files:
        try:
            parse_key_file(key_file.read_bytes(), key_file.name)
        except Exception as error:  # a KeyFileError names the problem, never the secret
            problems.append(f"{key_file.name}: {error}")
        if key_file.stat().st_mode & 0o077:
            problems.append(f"{key_file.name} is readable by others")
    if done.returncode == 0 and len(list(images.glob("*.png"))) != IMAGES:
        problems.append(f"{len(list(images.glob('*.png')))} images, expected {IMAGES}")
    leftovers = [p.name for folder in (images, keys) if folder.exists() for p in folder.rglob(".*")]
    if leftovers:
        problems.append(f"temp files left: {leftovers}")
    created = len(state.get("created", []))
    if created > len(PATHS) or (done.returncode == 0 and created != len(PATHS)):
        problems.append(f"the replica created {created} keys for {len(PATHS)} paths")
    scanner = LeakScanner(secrets_of(state), ocr=False)
    leaks = scanner.scan_run([images], {"stdout": done.stdout, "stderr": done.stderr})
    if leaks:
        problems.append("leaks: " + describe_findings(leaks).replace("\n", "; "))
    return problems


def run_once(number: int, extra: list[str]) -> RunResult:
    """One fresh `python -m flows` process in its own folders."""
    with tempfile.TemporaryDirectory(prefix="acf-soak-") as folder:
        scratch = Path(folder)
        state_file = scratch / "replica-state.json"
        command = [sys.executable, "-m", "flows", "--out", str(scratch / "images")]
        command += ["--keys-dir", str(scratch / "keys"), *extra]
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
        env[STATE_ENV] = str(state_file)
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=scratch, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        seconds = time.perf_counter() - started
        state = json.loads(state_file.read_text()) if state_file.exists() else {}
        return RunResult(number, seconds, check_run(scratch, done, state))


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print one line per run and a summary."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--runs", type=int, default=50, help="how many runs (default: 50)")
    parser.add_argument(
        "--fault", action="append", default=[], metavar="NAME", help="a replica fault, repeatable"
    )
    parser.add_argument("--sequential", action="store_true", help="run the two paths one after the other")
    args = parser.parse_args(argv)
    extra = [arg for fault in args.fault for arg in ("--replica-fault", fault)]
    extra += ["--sequential"] if args.sequential else []
    results: list[RunResult] = []
    label = " ".join(extra) or "no faults"
    print(f"soak: {args.runs} runs of `python -m flows` (both paths) on the replica, {label}", flush=True)
    for number in range(1, args.runs + 1):
        result = run_once(number, extra)
        results.append(result)
        verdict = "pass" if result.passed else "FAIL " + " | ".join(result.problems)
        print(f"  run {number:>3}: {result.seconds:6.1f} s  {verdict}", flush=True)
    passed = sum(r.passed for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    mean = sum(r.seconds for r in results) / len(results)
    print(
        f"soak: {passed} passed, {len(results) - passed} failed of {len(results)}; "
        f"slowest run {slowest.seconds:.1f} s (run {slowest.number}), mean {mean:.1f} s"
    )
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
