"""The stop a signal causes, piece by piece (the whole of it runs in tests/e2e/test_signals.py).

Each case runs in a child Python, since a stop ends its process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from automation import scratch
from automation.errors import ExitCode
from automation.run import FlowRun
from automation.safety import OneKeyGuard

PROJECT = Path(__file__).resolve().parents[1]


def child(program: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path
    )


def test_a_signal_during_a_file_write_waits_for_it(tmp_path: Path) -> None:
    """SIGINT arrives in the middle of a critical section: the section completes, then the run stops."""
    done = child(
        """
import os, signal
from pathlib import Path
from automation.interrupts import critical, handle_signals
with handle_signals():
    with critical():
        os.kill(os.getpid(), signal.SIGINT)
        Path("written").write_text("whole")
    Path("after").write_text("never")
""",
        tmp_path,
    )
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert (tmp_path / "written").read_text() == "whole"
    assert not (tmp_path / "after").exists()
    assert done.stderr.strip().startswith("error: interrupted by Ctrl-C (SIGINT) during step ")


def test_a_second_signal_while_stopping_changes_nothing(tmp_path: Path) -> None:
    """Ctrl-C twice, and a SIGTERM on top: one line, the first signal's exit code, the folder removed."""
    done = child(
        """
import os, signal
from pathlib import Path
from automation.interrupts import doing, handle_signals, on_stop, remove_on_stop
folder = Path("scratch"); folder.mkdir(); (folder / "f").write_text("x")
remove_on_stop(folder)
on_stop(lambda: (os.kill(os.getpid(), signal.SIGINT), os.kill(os.getpid(), signal.SIGTERM)))
with handle_signals(), doing("Write the report"):
    os.kill(os.getpid(), signal.SIGINT)
""",
        tmp_path,
    )
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: interrupted by Ctrl-C (SIGINT) during step 'Write the report'; the run stopped there. The "
        "run's temporary files were removed; no file was left half-written."
    ]
    assert not (tmp_path / "scratch").exists()


def test_sigterm_and_sighup_have_their_own_codes(tmp_path: Path) -> None:
    for name, code in (("SIGTERM", ExitCode.TERMINATED), ("SIGHUP", ExitCode.HANGUP)):
        done = child(
            f"""
import os, signal
from automation.interrupts import handle_signals
with handle_signals():
    os.kill(os.getpid(), signal.{name})
""",
            tmp_path,
        )
        assert done.returncode == code, done.stderr
        assert f"interrupted by {name}" in done.stderr


def test_a_signal_while_the_command_loads_ends_in_one_line(tmp_path: Path) -> None:
    """`python -m flows…` guards its imports: Ctrl-C then is one line, not a KeyboardInterrupt traceback."""
    done = child(
        """
import os, signal, sys, time
sys.argv = ["-m"]  # what python -m shows while it imports the package
import flows
os.kill(os.getpid(), signal.SIGINT)
time.sleep(30)
""",
        tmp_path,
    )
    assert done.returncode == ExitCode.INTERRUPTED
    assert done.stderr.strip().startswith("error: interrupted by Ctrl-C (SIGINT) outside a run")
    assert "Traceback" not in done.stderr


def test_a_library_import_keeps_python_s_own_ctrl_c(tmp_path: Path) -> None:
    program = "import flows, signal; assert signal.getsignal(signal.SIGINT) is signal.default_int_handler"
    done = child(program, tmp_path)
    assert done.returncode == 0, done.stderr


# -- what the line says about a key ----------------------------------------------------------------


def flow_run(*, live: bool, cleanup: bool = False) -> FlowRun:
    target = SimpleNamespace(is_live=live, spec=SimpleNamespace(kind="aws" if live else "replica"))
    none: Any = None
    return FlowRun(
        name="root",
        page=none,
        options=SimpleNamespace(cleanup=cleanup),  # type: ignore[arg-type]
        settings=none,
        target=target,  # type: ignore[arg-type]
        redactor=none,
        shots=none,
        progress=none,
        keys_dir=Path("keys"),
    )


def clicked(run: FlowRun, key_id: str | None) -> FlowRun:
    run._guard = OneKeyGuard("the root user")
    run._guard.create(lambda: None)
    run.created_key_id = key_id
    return run


KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def test_no_key_remark_before_create_or_once_stored() -> None:
    assert flow_run(live=True).unstored_key() is None
    stored = clicked(flow_run(live=True), KEY_ID)
    stored.captured = SimpleNamespace(path=Path("keys/access-keys.csv"))  # type: ignore[assignment]
    assert stored.unstored_key() is None


def test_a_real_key_not_stored_is_named_with_the_delete_key_that_removes_it() -> None:
    remark = clicked(flow_run(live=True), KEY_ID).unstored_key() or ""
    assert "created key ****************MPLE but did not store its secret" in remark
    assert "--delete-key MPLE" in remark and KEY_ID not in remark


def test_a_click_without_a_known_key_says_a_key_may_exist() -> None:
    remark = clicked(flow_run(live=True), None).unstored_key() or ""
    assert "a key may exist whose secret was not stored" in remark and "--delete-key" in remark


def test_cleanup_names_the_key_it_had_not_deleted_yet() -> None:
    remark = clicked(flow_run(live=True, cleanup=True), KEY_ID).unstored_key() or ""
    assert "--cleanup had not confirmed deleting it" in remark and "--delete-key MPLE" in remark


def test_the_replica_s_keys_need_no_deleting() -> None:
    remark = clicked(flow_run(live=False), KEY_ID).unstored_key() or ""
    assert "****************MPLE" in remark and "nothing to delete" in remark


# -- the private temporary folder ------------------------------------------------------------------


def test_the_private_folder_is_tmpdir_for_children_and_goes_away(monkeypatch) -> None:
    short = Path(tempfile.mkdtemp(prefix="t-", dir="/tmp"))  # short enough for Chromium's socket
    monkeypatch.setenv("TMPDIR", str(short))
    monkeypatch.setattr("tempfile.tempdir", None)
    with scratch.private_tempdir() as folder:
        assert folder.parent == short and os.environ["TMPDIR"] == str(folder)
        seen = subprocess.run(
            [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert seen == str(folder)
        (folder / "left").write_text("by a browser")
    assert not folder.exists() and os.environ["TMPDIR"] == str(short)
    short.rmdir()


@pytest.mark.parametrize("extra", [0, 80])
def test_a_tmpdir_too_long_for_chromium_s_socket_is_not_used(monkeypatch, extra: int) -> None:
    """Chromium aborts when TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket passes 107 characters."""
    base = Path(tempfile.mkdtemp(prefix="t-" + "d" * extra, dir="/tmp"))
    try:
        monkeypatch.setattr("tempfile.tempdir", str(base))
        expected = scratch.SHORT_BASE if extra else str(base)
        assert scratch.temp_base() == expected
    finally:
        base.rmdir()
