"""End-to-end runs of the real entry points in a subprocess (as a user runs them), on the replica."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
KEY_ID = re.compile(r"AKIA[A-Z2-7]{16}")


@dataclass
class CliRun:
    """One finished command: its output and the folders it wrote to."""

    returncode: int
    stdout: str
    stderr: str
    out: Path
    keys: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def key_files(self) -> list[Path]:
        return sorted(p for p in self.keys.glob("*.csv")) if self.keys.exists() else []

    def images(self) -> list[Path]:
        return sorted(self.out.glob("*.png")) if self.out.exists() else []


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run ``python -m MODULE ARGS`` with private --out and --keys-dir; returns a CliRun."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
    env["HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(PROJECT)
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "home" / ".aws" / "credentials")

    def run(
        module: str, *args: str, out: Path | None = None, keys: Path | None = None, pass_out: bool = True
    ) -> CliRun:
        out = out or tmp_path / "images"
        keys = keys or tmp_path / "keys"
        where = ["--out", str(out)] if pass_out else []
        command = [sys.executable, "-m", module, *where, "--keys-dir", str(keys), *args]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        return CliRun(done.returncode, done.stdout, done.stderr, out, keys)

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
