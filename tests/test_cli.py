"""Command line: help, unknown options, settings errors before any browser starts, distinct exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import automation.runner
from automation.errors import ExitCode
from automation.resources import replica_credentials_text
from automation.settings import ENV_NAMES
from flows.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """These tests must fail before a browser starts: launching one is itself a failure."""

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a browser was launched")

    monkeypatch.setattr(automation.runner, "launch_chromium", forbidden)
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_help_has_examples() -> None:
    result = run_module("flows.root", "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout and "--target" in result.stdout and "--keys-dir" in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    result = run_module("flows.iam", "--no-such-option")
    assert result.returncode == ExitCode.USAGE
    assert "unrecognized arguments: --no-such-option" in result.stderr


def test_missing_setting_fails_before_browser(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / "partial.env"
    env.write_text("AWS_CONSOLE_ROOT_EMAIL=root@example.com\n")
    env.chmod(0o600)
    code = main(["--env-file", str(env), "--out", str(tmp_path / "img")], command="root")
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_SETTING
    assert "AWS_CONSOLE_ROOT_PASSWORD" in err and "Read settings" in err and "Fix:" in err
    assert not (tmp_path / "img").exists() or not any((tmp_path / "img").iterdir())


def test_live_target_has_no_replica_defaults(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--target", "aws", "--out", str(tmp_path / "img")], command="iam")
    assert code == ExitCode.BAD_SETTING
    assert "AWS_CONSOLE_ACCOUNT" in capsys.readouterr().err


def test_unwritable_out_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["--out", str(blocker / "images")], command="root")
    assert code == ExitCode.FILESYSTEM
    assert "--out" in capsys.readouterr().err


def test_unknown_target(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--target", "moon", "--out", str(tmp_path)], command="root")
    assert code == ExitCode.BAD_SETTING
    assert "unknown target 'moon'" in capsys.readouterr().err


def test_missing_recording(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--target", f"har:{tmp_path / 'none.har'}", "--out", str(tmp_path)], command="root")
    assert code == ExitCode.BAD_SETTING
    assert "does not exist" in capsys.readouterr().err


def test_unknown_replica_fault(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--replica-fault", "gremlins", "--out", str(tmp_path)], command="root")
    assert code == ExitCode.BAD_SETTING
    assert "gremlins" in capsys.readouterr().err


def test_keys_dir_under_a_file_fails_before_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = main(["--out", str(tmp_path / "img"), "--keys-dir", str(blocker / "keys")], command="root")
    assert code == ExitCode.FILESYSTEM
    assert "Prepare the keys folder" in capsys.readouterr().err


def test_keys_dir_open_to_others_is_refused_with_chmod(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o755)
    keys.chmod(0o755)
    code = main(["--out", str(tmp_path / "img"), "--keys-dir", str(keys)], command="root")
    assert code == ExitCode.FILESYSTEM
    assert f"chmod 700 {keys}" in capsys.readouterr().err


def test_cleanup_conflicts_with_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--out", str(tmp_path), "--cleanup", "--profile", "x"], command="iam")
    assert code == ExitCode.BAD_SETTING
    assert "--cleanup" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--key-file", "../elsewhere.csv"], "not a plain file name"),
        (["--profile", "a]b"], "profile name"),
        (["--delete-key", "ab"], "--delete-key"),
    ],
)
def test_bad_names_fail_before_any_key_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code = main(["--out", str(tmp_path / "img"), "--keys-dir", str(tmp_path / "k"), *args], command="root")
    assert code == ExitCode.BAD_SETTING
    assert needle in capsys.readouterr().err


def test_bad_mfa_seed_and_account_fail_before_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = tmp_path / "x.env"
    env.write_text(
        "AWS_CONSOLE_ACCOUNT=Bad Alias!\nAWS_CONSOLE_IAM_USER=u\nAWS_CONSOLE_IAM_PASSWORD=p\n"
        "AWS_CONSOLE_ROOT_EMAIL=a@b.c\nAWS_CONSOLE_ROOT_PASSWORD=p\nAWS_CONSOLE_ROOT_MFA_SEED=NOT-BASE32!!\n"
    )
    env.chmod(0o600)
    common = ["--env-file", str(env), "--out", str(tmp_path / "i"), "--keys-dir", str(tmp_path / "k")]
    assert main(common, command="iam") == ExitCode.BAD_SETTING
    assert "neither a 12-digit account id nor an account alias" in capsys.readouterr().err
    assert main(common, command="root") == ExitCode.BAD_SETTING
    assert "AWS_CONSOLE_ROOT_MFA_SEED is not a base32 TOTP seed" in capsys.readouterr().err


def test_headed_without_a_screen(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code = main(["--headed", "--out", str(tmp_path / "i"), "--keys-dir", str(tmp_path / "k")], command="root")
    assert code == ExitCode.BAD_SETTING
    assert "xvfb-run" in capsys.readouterr().err


def test_timeout_must_be_positive() -> None:
    for value in ("nan", "-1", "0", "inf"):
        result = run_module("flows.root", "--timeout", value)
        assert result.returncode == ExitCode.USAGE, value


def test_check_refuses_a_report_inside_the_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    images = tmp_path / "images"
    images.mkdir()
    code = main(["--check", "--out", str(images), "--report", str(images / "report")], command="all")
    assert code == ExitCode.BAD_SETTING
    assert "overlap" in capsys.readouterr().err
    assert list(images.iterdir()) == []


def test_classic_edition_on_the_real_console_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / "live.env"
    env.write_text(replica_credentials_text())
    env.chmod(0o600)
    code = main(
        ["--target", "aws", "--edition", "classic", "--env-file", str(env), "--out", str(tmp_path / "img")],
        command="root",
    )
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_SETTING, err
    assert "classic" in err and "only the replica" in err
