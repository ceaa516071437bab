"""Every fault of issue 8 on both paths: exit code, the step named, a redacted failure screenshot and a
clean trace, at most one key created (checked in the replica's own state), no partial key file, no leak.

Runs with a short --timeout where the fault ends the run, so a failing step gives up quickly.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from automation.errors import ExitCode
from automation.keys import parse_key_file

from .conftest import CliRun, needs_ocr
from .leaks import ACCOUNT

IDENTITY = {"root": "root", "iam": "course-author"}


@dataclass(frozen=True)
class Expected:
    """What one fault does to one path."""

    code: ExitCode
    step: str = ""  # the step the error names ("" when the run passes)
    words: tuple[str, ...] = ()  # key words of the error paragraph
    created: int = 0  # keys the replica creates
    timeout: str = "5"


FAULTS: dict[tuple[str, str], Expected] = {
    ("slow", "root"): Expected(ExitCode.OK, created=1, timeout="30"),
    ("slow", "iam"): Expected(ExitCode.OK, created=1, timeout="30"),
    ("throttle", "root"): Expected(ExitCode.OK, created=1),
    ("throttle", "iam"): Expected(ExitCode.OK, created=1),
    ("create-500", "root"): Expected(ExitCode.STEP_FAILED, "Create access key", ("nothing was created",)),
    ("create-500", "iam"): Expected(ExitCode.STEP_FAILED, "Create access key", ("nothing was created",)),
    ("create-timeout", "root"): Expected(
        ExitCode.STEP_FAILED, "Create access key", ("now exists", "does not try again"), created=1
    ),
    ("create-timeout", "iam"): Expected(
        ExitCode.STEP_FAILED, "Create access key", ("now exists", "does not try again"), created=1
    ),
    ("download-drop", "root"): Expected(
        ExitCode.STEP_FAILED, "Download the key file", ("download failed", "no key file"), created=1
    ),
    ("download-drop", "iam"): Expected(
        ExitCode.STEP_FAILED, "Download the key file", ("download failed", "no key file"), created=1
    ),
    ("session-expired", "root"): Expected(
        ExitCode.SIGNED_OUT, "Open Security credentials", ("sign-in page",)
    ),
    ("session-expired", "iam"): Expected(ExitCode.SIGNED_OUT, "Open IAM", ("sign-in page",)),
    ("captcha", "root"): Expected(
        ExitCode.REFUSED, "Sign in as the root user", ("security check", "--headed")
    ),
    ("captcha", "iam"): Expected(ExitCode.REFUSED, "Sign in as an IAM user", ("security check", "--headed")),
    ("mfa-rejected", "root"): Expected(ExitCode.REFUSED, "Sign in as the root user", ("rejected", "MFA")),
    ("mfa-rejected", "iam"): Expected(ExitCode.REFUSED, "Sign in as an IAM user", ("rejected", "MFA")),
    ("label-drift", "root"): Expected(ExitCode.STEP_FAILED, "Find the Access keys section", ("UI drift",)),
    ("label-drift", "iam"): Expected(
        ExitCode.STEP_FAILED, "Open the user's Security credentials", ("UI drift",)
    ),
    ("two-keys", "root"): Expected(ExitCode.REFUSED, "Find the Access keys section", ("maximum of two",)),
    ("two-keys", "iam"): Expected(
        ExitCode.REFUSED, "Open the user's Security credentials", ("maximum of two",)
    ),
}


def iam_env_with_mfa(folder: Path) -> Path:
    """Settings for the IAM path whose user has an MFA device (the replica gives it the root's seed)."""
    env = folder / "iam-mfa.env"
    user = next(u for u in ACCOUNT.users if u.name == "course-author")
    env.write_text(
        f"AWS_CONSOLE_ACCOUNT={ACCOUNT.account_id}\nAWS_CONSOLE_IAM_USER={user.name}\n"
        f"AWS_CONSOLE_IAM_PASSWORD={user.password}\nAWS_CONSOLE_IAM_MFA_SEED={ACCOUNT.root_mfa_seed}\n"
    )
    env.chmod(0o600)
    return env


def assert_nothing_half_written(result: CliRun) -> None:
    """No temp file anywhere, and every key file present is whole, valid and private."""
    for folder in (result.out, result.keys):
        leftovers = [p.name for p in folder.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
        assert leftovers == [], leftovers
    for key_file in result.key_files():
        assert key_file.stat().st_mode & 0o077 == 0
        parse_key_file(key_file.read_bytes(), key_file.name)


def trace_has_dom_snapshots(trace: Path) -> bool:
    """Whether the trace holds DOM snapshots (``frame-snapshot`` events)."""
    with zipfile.ZipFile(trace) as archive:
        return b'"type":"frame-snapshot"' in archive.read("trace.trace")


def assert_clean_trace(trace: Path) -> None:
    """The failure trace is a Playwright trace of the run (its actions and network are there); without
    --trace it has no DOM snapshots (they cost half a second of every run)."""
    with zipfile.ZipFile(trace) as archive:
        names = archive.namelist()
    assert "trace.trace" in names and "trace.network" in names
    assert not any(name.endswith((".png", ".jpeg")) for name in names)  # no screencast frames
    assert not trace_has_dom_snapshots(trace)


@needs_ocr
@pytest.mark.parametrize(("fault", "flow"), list(FAULTS), ids=[f"{f}-{p}" for f, p in FAULTS])
def test_fault(fault: str, flow: str, run_cli, tmp_path: Path) -> None:
    expected = FAULTS[(fault, flow)]
    needs_seed = (fault, flow) == ("mfa-rejected", "iam")
    extra = ["--env-file", str(iam_env_with_mfa(tmp_path))] if needs_seed else []
    result = run_cli(
        f"flows.{flow}", "--replica-fault", fault, "--timeout", expected.timeout, *extra, ocr=True
    )
    assert result.returncode == expected.code, result.output
    assert result.state is not None  # the replica ran and reported its state

    # At most one key, and exactly the ones expected, in the fake IAM itself.
    created = result.created_keys
    assert len(created) == expected.created <= 1, created
    listed = [key["id"] for key in result.state["keys"][IDENTITY[flow]]]
    assert set(created) <= set(listed)
    assert_nothing_half_written(result)  # run_cli(ocr=True) already scanned every artifact for leaks

    if expected.code == ExitCode.OK:
        [key_file] = result.key_files()
        assert parse_key_file(key_file.read_bytes(), key_file.name).access_key_id == created[0]
        assert not result.failures.exists()
        if fault == "throttle":
            assert result.state["throttled"], "the fault never refused a read"
            assert "Rate exceeded" not in result.output
        return

    paragraph = result.stderr[result.stderr.index("error: ") :]
    assert f"Step '{expected.step}" in paragraph
    for word in expected.words:
        assert word in paragraph, word
    assert result.key_files() == []
    failures = result.failures
    shots = sorted(failures.glob(f"{flow}-*.png"))
    assert shots and shots[0].name in paragraph
    trace = failures / f"{flow}-trace.zip"
    assert trace.is_file() and "trace (secrets scrubbed)" in paragraph
    assert_clean_trace(trace)
    if created:  # the error names the orphan key by its last four only, and how to delete it
        last_four = created[0][-4:]
        assert f"****************{last_four}" in paragraph and created[0] not in paragraph
        if fault == "download-drop":
            assert f"--delete-key {last_four}" in paragraph


def test_a_failed_check_keeps_its_screenshot_and_trace_in_the_report(run_cli, tmp_path: Path) -> None:
    """--check runs in a temporary folder: the failure files it names must outlive it."""
    import shutil

    from .conftest import PROJECT

    baselines = tmp_path / "committed"
    shutil.copytree(PROJECT / "tests" / "baselines" / "current", baselines)
    report = tmp_path / "report"
    result = run_cli(
        "flows.root", "--check", "--report", str(report), "--replica-fault", "label-drift", "--timeout", "3",
        out=baselines,
    )  # fmt: skip
    assert result.returncode == ExitCode.STEP_FAILED, result.output
    shot, trace = (
        report / "failures" / "root-find-the-access-keys-section.png",
        report / "failures" / "root-trace.zip",
    )
    assert shot.is_file() and trace.is_file()
    assert str(shot) in result.stderr and str(trace) in result.stderr
    assert_clean_trace(trace)


@needs_ocr
@pytest.mark.parametrize("flow", ["root", "iam"])
def test_classic_edition_recovers_from_throttled_reads(flow: str, run_cli) -> None:
    result = run_cli(f"flows.{flow}", "--edition", "classic", "--replica-fault", "throttle", ocr=True)
    assert result.returncode == ExitCode.OK, result.output
    assert result.state is not None and result.state["throttled"], "the fault never refused a read"
    assert len(result.created_keys) == 1
    [key_file] = result.key_files()
    assert parse_key_file(key_file.read_bytes(), key_file.name).access_key_id == result.created_keys[0]


def test_trace_option_keeps_a_clean_trace_with_dom_snapshots(run_cli) -> None:
    """--trace keeps a passing path's trace, with DOM snapshots, scrubbed (run_cli scans it for leaks)."""
    result = run_cli("flows.root", "--trace")
    assert result.returncode == ExitCode.OK, result.output
    trace = result.traces / "root-trace.zip"
    assert trace.is_file() and trace_has_dom_snapshots(trace)
