"""Settings: environment over .env, replica defaults, clear errors for missing values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from automation.errors import ExitCode, SettingError
from automation.settings import ENV_NAMES, load_settings, require, warn_if_exposed


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./.env here


def write_env(path: Path, **values: str) -> Path:
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    path.chmod(0o600)
    return path


def test_replica_defaults_used_when_no_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("AWS_CONSOLE_ROOT_EMAIL=live@corp.example\n")  # a live .env: not read
    monkeypatch.setenv("AWS_CONSOLE_IAM_USER", "live-user")
    settings = load_settings(None, offline=True)
    assert settings.root_email == "root@example.com"
    assert settings.iam_user == "course-author"
    assert settings.source == "the replica's own example credentials"


def test_no_defaults_for_the_live_console() -> None:
    settings = load_settings(None, offline=False)
    with pytest.raises(SettingError) as caught:
        require(settings, "root")
    message = str(caught.value)
    assert "AWS_CONSOLE_ROOT_EMAIL" in message and "AWS_CONSOLE_ROOT_PASSWORD" in message
    assert caught.value.exit_code == ExitCode.BAD_SETTING


def test_environment_wins_over_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = write_env(tmp_path / "x.env", AWS_CONSOLE_IAM_USER="from-file", AWS_CONSOLE_ACCOUNT="111")
    monkeypatch.setenv("AWS_CONSOLE_IAM_USER", "from-env")
    settings = load_settings(env, offline=True)
    assert settings.iam_user == "from-env"
    assert settings.account == "111"


def test_missing_iam_setting_is_named(tmp_path: Path) -> None:
    env = write_env(tmp_path / "x.env", AWS_CONSOLE_ACCOUNT="123456789012", AWS_CONSOLE_IAM_USER="u")
    settings = load_settings(env, offline=True)
    with pytest.raises(SettingError, match="AWS_CONSOLE_IAM_PASSWORD"):
        require(settings, "iam")


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="does not exist"):
        load_settings(tmp_path / "nope.env", offline=True)


def test_repr_hides_values(tmp_path: Path) -> None:
    env = write_env(tmp_path / "x.env", AWS_CONSOLE_ROOT_PASSWORD="hunter2-very-secret")
    settings = load_settings(env, offline=False)
    assert "hunter2" not in repr(settings)
    assert "hunter2-very-secret" in settings.secrets()


def test_group_readable_env_file_warns_with_chmod(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = write_env(tmp_path / "x.env", AWS_CONSOLE_ROOT_EMAIL="a@b.c")
    assert warn_if_exposed(env) is None
    os.chmod(env, 0o644)
    load_settings(env, offline=False)
    assert f"chmod 600 {env}" in capsys.readouterr().err


def test_offline_runs_never_read_the_working_directory_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ./.env holds the author's real console settings: offline runs type the replica's, not those."""
    monkeypatch.chdir(tmp_path)
    write_env(
        tmp_path / ".env", AWS_CONSOLE_ROOT_EMAIL="author@real.example", AWS_CONSOLE_ROOT_PASSWORD="real-pw"
    )
    offline = load_settings(None, offline=True)
    assert offline.root_email == "root@example.com" and "real-pw" not in offline.secrets()
    assert offline.source == "the replica's own example credentials"
    assert load_settings(None, offline=False).root_email == "author@real.example"
    named = load_settings(tmp_path / ".env", offline=True)
    assert named.root_password == "real-pw"


def test_replica_credentials_match_the_replica_account() -> None:
    """The demo signs in with the shipped example credentials: exactly what the replica accepts."""
    from automation.replica import ReplicaAccount

    settings = load_settings(None, offline=True)
    account = ReplicaAccount()
    assert settings.root_email == account.root_email
    assert settings.root_password == account.root_password
    assert settings.root_mfa_seed == account.root_mfa_seed
    assert settings.account == account.account_id
    iam_user = next(user for user in account.users if user.name == settings.iam_user)
    assert iam_user.password == settings.iam_password
