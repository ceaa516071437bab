"""Run a separate pytest session (in a subprocess) against a small generated project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

# fakepage.py for the inner projects: a fake page whose screenshots are PNGs named by the test.
FAKE_PAGE = '''
import io, os
import pytest
from PIL import Image

def png(colour, size=(40, 30), dots=0):
    img = Image.new("RGBA", size, (*colour, 255))
    for x in range(dots):
        img.putpixel((x, 0), (0, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()

class FakePage:
    """Frames for successive screenshot() calls; the last one repeats. Records the options used."""
    def __init__(self, *frames):
        self.frames = list(frames)
        self.calls = []
    def screenshot(self, **options):
        self.calls.append(options)
        return self.frames[min(len(self.calls), len(self.frames)) - 1]
'''


@dataclass
class InnerRun:
    """The result of an inner pytest session."""

    returncode: int
    output: str
    root: Path

    def summary(self, report_dir: str = "visual-report") -> dict[str, Any]:
        """The inner session's summary.json."""
        return json.loads((self.root / report_dir / "summary.json").read_text())


def make_project(root: Path, files: dict[str, str], ini: str = "", *, load_plugin: bool = True) -> Path:
    """Write an inner project: pytest.ini (loading the plugin), fakepage.py, the test files."""
    root.mkdir(parents=True, exist_ok=True)
    plugin = " -p automation.pytest_plugin" if load_plugin else ""
    (root / "pytest.ini").write_text(
        f"[pytest]\naddopts = -p no:cacheprovider{plugin}\n" + textwrap.dedent(ini)
    )
    (root / "fakepage.py").write_text(FAKE_PAGE)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


def run_pytest(root: Path, *args: str, timeout: float = 120, path: tuple[Path, ...] = ()) -> InnerRun:
    """Run pytest in ``root`` with this repository (and ``path``) importable; capture its output."""
    pythonpath = os.pathsep.join(str(p) for p in (*path, REPO))
    env = {**os.environ, "PYTHONPATH": pythonpath, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return InnerRun(proc.returncode, proc.stdout + proc.stderr, root)
