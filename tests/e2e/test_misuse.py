"""Misuse and hostile machines, as a new user meets them: each ends in one paragraph with its own exit
code, never a traceback, and leaves nothing in TMPDIR.

The oracles are not this project's: Python's date parser for an impossible front-matter date, Chromium
itself for a stale DISPLAY, the dynamic loader for a missing library, the kernel for a full disk (a tiny
tmpfs) and a read-only home (a read-only bind mount), git for what a ``git add`` would pick up.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from automation.artifacts import FAILURES, failures_dir
from automation.errors import ExitCode
from flows.catalog import ALL_IMAGES
from tests.keys.key_samples import make_key_id, make_secret

from .conftest import PROJECT

COURSE_PAGE = PROJECT / "fixtures" / "course" / "access-keys.md"


@dataclass
class Done:
    """A finished command: exit code, output, and the TMPDIR it was given."""

    returncode: int
    stdout: str
    stderr: str
    tmp: Path

    @property
    def paragraph(self) -> str:
        """The one error paragraph (asserting there is exactly one, last, and no traceback)."""
        assert "Traceback" not in self.stderr + self.stdout, self.stderr
        errors = [line for line in self.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, self.stderr
        assert self.stderr.rstrip().endswith(errors[0]), self.stderr
        return errors[0]


def run(
    argv: list[str], cwd: Path, *, env: dict[str, str] | None = None, wrap: list[str] | None = None
) -> Done:
    """``python ARGV`` in ``cwd`` with a private TMPDIR (checked empty afterwards by the caller)."""
    tmp = cwd / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_CONSOLE_", "XDG_"))}
    base.update(TMPDIR=str(tmp), HOME=str(cwd / "home"), PYTHONPATH=str(PROJECT))
    done = subprocess.run(
        [*(wrap or []), sys.executable, *argv],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    return Done(done.returncode, done.stdout, done.stderr, tmp)


def assert_tmp_empty(done: Done) -> None:
    assert list(done.tmp.iterdir()) == [], "temporary files left behind"


# -- never a traceback -------------------------------------------------------------------------------


def test_coverage_of_a_page_with_an_impossible_date_is_never_a_traceback(tmp_path: Path) -> None:
    """The front matter's ``date: 2023-02-30`` used to end in a raw traceback (exit 1). The page reader
    may accept it (as Jekyll does) or refuse it, but a failure is one paragraph; any unexpected error in
    coverage is routed to exit 70 (test_every_command_routes_an_unexpected_error_to_one_paragraph)."""
    page = tmp_path / "page.md"
    page.write_text(COURSE_PAGE.read_text().replace("\nnav_order:", "\ndate: 2023-02-30\nnav_order:", 1))
    done = run(["-m", "flows", "coverage", str(page)], tmp_path)
    assert "Traceback" not in done.stdout + done.stderr
    if done.returncode != ExitCode.OK:
        assert done.returncode in (ExitCode.BAD_SETTING, ExitCode.BUG), done.stderr
        assert done.paragraph
    assert_tmp_empty(done)


#: Every command and subcommand, with a function it calls that is made to fail unexpectedly.
COMMANDS = {
    "flows": (["-m", "flows"], "flows.cli", "run_flows"),
    "flows.root": (["-m", "flows.root"], "flows.cli", "run_flows"),
    "flows.iam": (["-m", "flows.iam"], "flows.cli", "run_flows"),
    "coverage": (["-m", "flows", "coverage", str(COURSE_PAGE)], "flows.coverage", "run_coverage"),
    "approve": (["-m", "flows", "approve", "--report", "REPORT"], "automation.visual", "approve"),
    "install-browser": (["-m", "flows", "install-browser"], "automation.ensure_chromium", "main"),
    "console script": (["-c", "from flows.console import main; main()", "coverage", str(COURSE_PAGE)],
                       "flows.coverage", "run_coverage"),
    "automation.keys": (["-m", "automation.keys", "check", "KEY.csv"],
                        "automation.keys.parse", "parse_key_file"),
}  # fmt: skip

BREAK = """
import importlib, runpy, sys
module, name, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
def boom(*args, **kwargs):
    raise RuntimeError("boom in " + name)
setattr(importlib.import_module(module), name, boom)
if argv[0] == "-m":
    sys.argv = [argv[1], *argv[2:]]
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *argv[2:]]
    exec(argv[1])
"""


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_routes_an_unexpected_error_to_one_paragraph(command: str, tmp_path: Path) -> None:
    argv, module, name = COMMANDS[command]
    report = tmp_path / "report"
    report.mkdir()
    (report / "summary.json").write_text("{}")
    (tmp_path / "KEY.csv").write_text(key_file_text(random.Random(7)))
    argv = [str(report) if arg == "REPORT" else arg for arg in argv]
    done = run(["-c", BREAK, module, name, *argv], tmp_path)
    assert done.returncode == ExitCode.BUG, done.stderr
    paragraph = done.paragraph
    assert f"unexpected RuntimeError: boom in {name}" in paragraph
    assert "ACF_DEBUG=1" in paragraph and "report" in paragraph
    assert_tmp_empty(done)


def test_acf_debug_adds_the_traceback_to_the_paragraph(tmp_path: Path) -> None:
    argv, module, name = COMMANDS["coverage"]
    done = run(["-c", BREAK, module, name, *argv], tmp_path, env={"ACF_DEBUG": "1"})
    assert done.returncode == ExitCode.BUG
    assert "Traceback" in done.stderr and f"boom in {name}" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("error: unexpected RuntimeError")


def key_file_text(rng: random.Random, key_id: str | None = None) -> str:
    """A root key file's content for a key made now (never a committed key id)."""
    return f"Access key ID,Secret access key\n{key_id or make_key_id(rng)},{make_secret(rng)}\n"


# -- machines that cannot run the browser ------------------------------------------------------------


def test_headed_with_a_stale_display_says_so(tmp_path: Path) -> None:
    display = next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    done = run(
        ["-m", "flows.root", "--headed", "--out", "images", "--keys-dir", "keys"],
        tmp_path,
        env={"DISPLAY": f":{display}"},
    )
    assert done.returncode == ExitCode.BROWSER_CANNOT_START, done.stderr
    paragraph = done.paragraph
    assert "Step 'Launch the browser'" in paragraph and f"DISPLAY=:{display}" in paragraph
    assert "xvfb-run" in paragraph and "drop --headed" in paragraph
    assert_tmp_empty(done)


def chromium_binary(playwright: Playwright) -> Path | None:
    """The Chromium executable itself (not a wrapper script) that links libnss3.so, if any.

    Uses pytest-playwright's session ``playwright``: a second ``sync_playwright()`` in a worker that
    already runs one fails ("Sync API inside the asyncio loop").
    """
    candidates = [Path(playwright.chromium.executable_path), Path("/usr/lib/chromium/chromium")]
    for path in candidates:
        if path.is_file() and path.read_bytes()[:4] == b"\x7fELF":
            return path
    return None


def test_a_missing_browser_library_is_named(tmp_path: Path, playwright: Playwright) -> None:
    """A copy of Chromium that needs a library nobody has: the dynamic loader refuses to start it."""
    original = chromium_binary(playwright)
    if original is None:
        pytest.skip("no Chromium executable found")
    data = bytearray(original.read_bytes())
    at = data.find(b"libnss3.so\0")
    assert at > 0, "this Chromium does not link libnss3.so"
    data[at : at + 10] = b"libnssQ.so"
    broken = tmp_path / "chromium"
    try:
        broken.write_bytes(data)
        del data
        broken.chmod(0o755)
        done = run(
            ["-m", "flows.root", "--out", "images", "--keys-dir", "keys"],
            tmp_path,
            env={"AWS_CONSOLE_FLOWS_CHROMIUM": str(broken)},
        )
    finally:
        broken.unlink(missing_ok=True)  # 300 MB
    assert done.returncode == ExitCode.BROWSER_CANNOT_START, done.stderr
    paragraph = done.paragraph
    assert "libnssQ.so" in paragraph and "apt-get install chromium" in paragraph
    assert_tmp_empty(done)


UNSHARE = ["unshare", "--mount", "--map-root-user", "sh", "-c", 'eval "$PREPARE" && exec "$@"', "sh"]


def can_mount() -> bool:
    """Whether this user may make a private mount namespace (root, or user namespaces)."""
    try:
        probe = subprocess.run([*UNSHARE[:3], "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    shutil.which("unshare") is None or not can_mount(), reason="no private mount namespace (unshare) here"
)


@needs_mount
def test_no_space_left_for_the_images(tmp_path: Path) -> None:
    """--out on a full disk (a 16 KiB tmpfs: the first image does not fit)."""
    out = tmp_path / "images"
    out.mkdir()
    done = run(
        ["-m", "flows.root", "--out", str(out), "--keys-dir", str(tmp_path / "keys")],
        tmp_path,
        env={"PREPARE": f"mount -t tmpfs -o size=16k tmpfs '{out}'"},
        wrap=UNSHARE,
    )
    assert done.returncode == ExitCode.FILESYSTEM, done.stderr
    paragraph = done.paragraph
    assert "Step 'Open the account menu'" in paragraph and "is full (no space left)" in paragraph
    assert "df -h" in paragraph
    assert list(out.iterdir()) == []  # (the tmpfs is gone; nothing was written under it either)
    assert_tmp_empty(done)


@needs_mount
def test_a_read_only_home_is_named_with_the_fix(tmp_path: Path) -> None:
    """The default keys folder lives in the home folder; a read-only home (a sandbox) is told as such."""
    home = tmp_path / "home"
    home.mkdir()
    done = run(
        ["-m", "flows.root", "--out", str(tmp_path / "images")],
        tmp_path,
        env={"PREPARE": f"mount --bind '{home}' '{home}' && mount -o remount,bind,ro '{home}'"},
        wrap=UNSHARE,
    )
    assert done.returncode == ExitCode.FILESYSTEM, done.stderr
    paragraph = done.paragraph
    assert "Step 'Prepare the keys folder'" in paragraph and "read-only file system" in paragraph
    assert "home folder is read-only" in paragraph and "--keys-dir" in paragraph
    assert_tmp_empty(done)


# -- where a run writes ------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_failure_files_go_beside_the_images_and_stale_keys_are_named(tmp_path: Path) -> None:
    """A course repository: the failure's screenshot and trace land in docs/acf-failures/, which git
    ignores, not in docs/images/; the keys folder's older key files are counted before the run."""
    repo = tmp_path / "course"
    git(tmp_path, "init", "-q", str(repo))
    out = repo / "docs" / "images"
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    rng = random.Random(21)
    older = [make_key_id(rng) for _ in range(2)]
    for number, key_id in enumerate(older, start=1):
        name = "access-keys.csv" if number == 1 else f"access-keys-{number}.csv"
        path = keys / name
        path.write_text(key_file_text(rng, key_id))
        path.chmod(0o600)
        os.utime(path, (1_600_000_000 + number, 1_600_000_000 + number))  # 2020: past any rotation
    done = run(
        ["-m", "flows.root", "--out", str(out), "--keys-dir", str(keys), "--replica-fault", "two-keys"],
        repo,
    )
    assert done.returncode == ExitCode.REFUSED, done.stderr
    paragraph = done.paragraph
    failures = failures_dir(out)
    assert failures == repo / "docs" / FAILURES
    [shot] = sorted(failures.glob("root-*.png"))
    trace = failures / "root-trace.zip"
    assert str(shot) in paragraph and str(trace) in paragraph and trace.is_file()
    tutorial_images = {item.image for item in ALL_IMAGES}
    assert {p.name for p in out.iterdir()} <= tutorial_images, "failure files among the images"
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert FAILURES not in untracked, untracked  # git itself ignores the folder
    note = next(line for line in done.stderr.splitlines() if "keys folder" in line)
    assert "already holds 2 key file(s), 2 probably stale" in note
    assert all(f"****************{key_id[-4:]}" in note for key_id in older)
    assert "access-keys.csv" in note and "a newer key file of the same path exists" in note
    assert "past the 90-day rotation" in note
    assert_tmp_empty(done)
