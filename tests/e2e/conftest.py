"""End-to-end runs of the real entry points in a subprocess (as a user runs them), on the replica."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from automation.artifacts import failures_dir, traces_dir
from automation.replica.state import STATE_ENV

from .leaks import assert_no_leaks, load_state

PROJECT = Path(__file__).resolve().parents[2]
KEY_ID = re.compile(r"AKIA[A-Z2-7]{16}")


@dataclass
class CliRun:
    """One finished command: its output, the folders it wrote to, and the replica's final state."""

    returncode: int
    stdout: str
    stderr: str
    out: Path
    keys: Path
    state: dict[str, Any] | None = field(default=None, repr=False)  # holds the fake keys' secrets

    @property
    def created_keys(self) -> list[str]:
        """Ids of the keys the replica created during the run (none when no replica ran)."""
        return [key["id"] for key in self.state["created"]] if self.state else []

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def key_files(self) -> list[Path]:
        return sorted(p for p in self.keys.glob("*.csv")) if self.keys.exists() else []

    @property
    def failures(self) -> Path:
        """Where a failed step's screenshot and trace go: acf-failures/ beside the images."""
        return failures_dir(self.out)

    @property
    def traces(self) -> Path:
        """Where --trace keeps the traces: acf-traces/ beside the images."""
        return traces_dir(self.out)

    def images(self) -> list[Path]:
        return sorted(self.out.glob("*.png")) if self.out.exists() else []


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run ``python -m MODULE ARGS`` with private --out and --keys-dir; returns a CliRun."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
    env["HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(PROJECT)
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "home" / ".aws" / "credentials")

    runs = iter(range(1, 1000))

    def run(
        module: str,
        *args: str,
        out: Path | None = None,
        keys: Path | None = None,
        pass_out: bool = True,
        ocr: bool = False,
    ) -> CliRun:
        """Run it; every run that created a key (or asked with ``ocr``) is scanned for leaks
        (``ocr``: images too, through Tesseract)."""
        out = out or tmp_path / "images"
        keys = keys or tmp_path / "keys"
        where = ["--out", str(out)] if pass_out else []
        command = [sys.executable, "-m", module, *where, "--keys-dir", str(keys), *args]
        state_file = tmp_path / "replica-state" / f"run-{next(runs)}.json"
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**env, STATE_ENV: str(state_file)},
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        result = CliRun(done.returncode, done.stdout, done.stderr, out, keys, load_state(state_file))
        if result.created_keys or ocr:
            assert_no_leaks(out, result.state, {"stdout": done.stdout, "stderr": done.stderr}, ocr=ocr)
        return result

    return run


def ocr_text(image: Path) -> str:
    """Text Tesseract reads in an image (the tests that use it need the tesseract binary)."""
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "--psm", "11"], capture_output=True, text=True, timeout=120
    )
    return done.stdout


needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract not installed (make test installs it when root)"
)
