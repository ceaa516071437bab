"""write_profile: the AWS shared credentials file, edited as text so other profiles keep every byte."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from botocore.configloader import raw_config_parse
from key_samples import EXAMPLE_ID, EXAMPLE_SECRET, make_key_id, make_secret

from automation.errors import ExitCode, RefusedError, SettingError, StorageError
from automation.keys import AccessKey, KeyFileFormat, default_credentials_path, write_profile

EXISTING = (
    "# my hand-written credentials, do not reformat\n"
    "[default]\n"
    "aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key =wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY   \n"
    "region = eu-west-1\n"
    "\n"
    "; work account below\n"
    "[work]\n"
    "aws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
    "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
    "aws_session_token = FwoGZXIvYXdzEXAMPLE\n"
    "\n\n"
    "[  spaced  ]\n"
    "\taws_access_key_id=AKIAIOSFODNN7EXAMPLE\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def new_key(rng) -> AccessKey:
    return AccessKey(make_key_id(rng), make_secret(rng), None, KeyFileFormat.CURRENT)


@pytest.fixture
def credentials(tmp_path) -> Path:
    path = tmp_path / "aws" / "credentials"
    path.parent.mkdir()
    path.write_bytes(EXISTING.encode())
    path.chmod(0o644)
    return path


def test_default_path_honours_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_credentials_path() == tmp_path / "elsewhere" / "creds"
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE")
    assert default_credentials_path() == tmp_path / ".aws" / "credentials"


def test_write_uses_the_default_path(monkeypatch, tmp_path, new_key):
    target = tmp_path / "from-env"
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(target))
    written = write_profile(new_key, "course")
    assert written.path == target
    assert raw_config_parse(str(target))["course"]["aws_access_key_id"] == new_key.access_key_id


def test_new_file_and_folder_are_private(tmp_path, new_key, loose_umask):
    path = tmp_path / "home" / ".aws" / "credentials"
    written = write_profile(new_key, "course", path)
    assert written.replaced is False
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert path.read_text() == (
        f"[course]\naws_access_key_id = {new_key.access_key_id}\n"
        f"aws_secret_access_key = {new_key.secret_access_key}\n"
    )


def test_adding_a_profile_keeps_every_other_byte(credentials, new_key):
    written = write_profile(new_key, "course", credentials)
    after = credentials.read_bytes()
    assert after.startswith(EXISTING.encode())
    assert (
        after[len(EXISTING) :]
        == (
            f"\n[course]\naws_access_key_id = {new_key.access_key_id}\n"
            f"aws_secret_access_key = {new_key.secret_access_key}\n"
        ).encode()
    )
    assert mode(credentials) == 0o600
    assert written.replaced is False
    parsed = raw_config_parse(str(credentials))
    assert parsed["course"] == {
        "aws_access_key_id": new_key.access_key_id,
        "aws_secret_access_key": new_key.secret_access_key,
    }
    assert parsed["work"]["aws_session_token"] == "FwoGZXIvYXdzEXAMPLE"


def test_crlf_file_without_final_newline_and_odd_bytes(tmp_path, new_key):
    path = tmp_path / "credentials"
    original = "[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\n# café \xff".encode("latin-1")
    path.write_bytes(original)
    write_profile(new_key, "course", path)
    after = path.read_bytes()
    assert after.startswith(original)
    assert (
        after[len(original) :]
        == (
            f"\r\n\r\n[course]\r\naws_access_key_id = {new_key.access_key_id}\r\n"
            f"aws_secret_access_key = {new_key.secret_access_key}\r\n"
        ).encode()
    )


def test_an_existing_profile_is_not_replaced_without_force(credentials, new_key):
    before = credentials.read_bytes()
    with pytest.raises(RefusedError) as caught:
        write_profile(new_key, "work", credentials)
    error = caught.value
    assert error.exit_code == ExitCode.REFUSED
    assert "--force" in error.fix and "[work]" in error.reason and str(credentials) in error.reason
    assert credentials.read_bytes() == before
    assert mode(credentials) == 0o644
    assert new_key.secret_access_key not in str(error)


def test_force_replaces_only_that_profile(credentials, new_key):
    written = write_profile(new_key, "work", credentials, force=True)
    assert written.replaced is True
    after = credentials.read_text()
    head, tail = EXISTING.split("[work]\n")
    tail = tail[tail.index("\n\n") + 1 :]  # the blank lines and profiles after the old body
    assert after == (
        head + f"[work]\naws_access_key_id = {new_key.access_key_id}\n"
        f"aws_secret_access_key = {new_key.secret_access_key}\n" + tail
    )
    assert "je7MtGbClwBF" not in after and "aws_session_token" not in after
    assert mode(credentials) == 0o600
    parsed = raw_config_parse(str(credentials))
    assert parsed["default"]["region"] == "eu-west-1"
    assert parsed["work"]["aws_access_key_id"] == new_key.access_key_id


def test_force_keeps_the_comment_that_introduces_the_next_profile(credentials, new_key):
    write_profile(new_key, "default", credentials, force=True)
    after = credentials.read_text()
    assert after.startswith("# my hand-written credentials, do not reformat\n[default]\n")
    assert "region = eu-west-1" not in after
    assert "\n\n; work account below\n[work]\n" in after
    assert after.endswith(EXISTING[EXISTING.index("; work account below") :])


def test_only_real_line_breaks_split_lines(tmp_path, new_key):
    path = tmp_path / "credentials"
    original = "[a]\nnote = x\u2028[course]\x0c\n[b]\ny = 1\n"
    path.write_text(original)
    write_profile(new_key, "course", path)  # no [course] header in the file: added, nothing refused
    assert path.read_text().startswith(original)


def test_force_with_a_duplicated_profile_leaves_one(tmp_path, new_key):
    path = tmp_path / "credentials"
    path.write_text("[a]\nx = 1\n[dup]\nx = 2\n[b]\ny = 3\n[dup]\nx = 4\n")
    write_profile(new_key, "dup", path, force=True)
    assert path.read_text() == (
        f"[a]\nx = 1\n[dup]\naws_access_key_id = {new_key.access_key_id}\n"
        f"aws_secret_access_key = {new_key.secret_access_key}\n[b]\ny = 3\n"
    )


def test_a_symlinked_credentials_file_stays_a_symlink(tmp_path, new_key):
    real = tmp_path / "dotfiles" / "aws-credentials"
    real.parent.mkdir()
    real.write_text("[default]\nx = 1\n")
    link = tmp_path / "credentials"
    link.symlink_to(real)
    write_profile(new_key, "course", link)
    assert link.is_symlink()
    assert "[course]" in real.read_text()


def test_a_failure_mid_write_leaves_the_file_as_it_was(credentials, new_key, monkeypatch):
    before = credentials.read_bytes()
    real_write = os.write

    def half_write(fd, data):
        real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_write)
    with pytest.raises(StorageError):
        write_profile(new_key, "course", credentials)
    monkeypatch.undo()
    assert credentials.read_bytes() == before
    assert sorted(p.name for p in credentials.parent.iterdir()) == ["credentials"]


def test_credentials_path_under_a_regular_file(tmp_path, new_key):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StorageError) as caught:
        write_profile(new_key, "course", blocker / ".aws" / "credentials")
    assert str(blocker) in caught.value.reason


@pytest.mark.parametrize("name", ["", "two words", "a]b", "[x", "new\nline", "semi;colon", "é"])
def test_profile_names_the_file_would_misread_are_refused(tmp_path, new_key, name):
    with pytest.raises(SettingError, match="--profile"):
        write_profile(new_key, name, tmp_path / "credentials")
    assert not (tmp_path / "credentials").exists()


def test_the_example_key_round_trips(tmp_path):
    key = AccessKey(EXAMPLE_ID, EXAMPLE_SECRET, None, KeyFileFormat.CURRENT)
    path = tmp_path / "credentials"
    write_profile(key, "default", path)
    assert raw_config_parse(str(path))["default"]["aws_secret_access_key"] == EXAMPLE_SECRET
