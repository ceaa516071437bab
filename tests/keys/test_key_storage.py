"""store_key_file: private folder and file, atomic writes, no overwrite, clear errors."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from automation.errors import ExitCode, KeyFileError, SettingError, StorageError
from automation.keys import default_keys_dir, store_key_file

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_default_keys_dir_is_the_per_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_keys_dir()
    assert path.name == "keys"
    assert "aws-console-flows" in path.parts
    if os.name == "posix" and not str(path).startswith("/Users"):  # Linux: XDG_DATA_HOME honoured
        assert path == tmp_path / "data" / "aws-console-flows" / "keys"


def test_folder_0700_file_0600_same_bytes_even_with_a_loose_umask(tmp_path, current_csv, loose_umask):
    keys_dir = tmp_path / "deep" / "er" / "keys"
    path = store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert path == keys_dir / "access-keys.csv"
    assert mode(keys_dir) == 0o700
    assert mode(path) == 0o600
    assert path.read_bytes() == current_csv
    assert sorted(p.name for p in keys_dir.iterdir()) == ["access-keys.csv"]
    assert os.umask(0) == 0  # the caller's umask is restored


def test_temp_file_is_private_from_its_first_instant(tmp_path, current_csv, monkeypatch, loose_umask):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    opened, folder_at_write = [], []
    real_open, real_write = os.open, os.write

    def spy_open(path, flags, mode=0o777, **kwargs):
        fd = real_open(path, flags, mode, **kwargs)
        if flags & os.O_CREAT and Path(path).parent == keys_dir:
            umask = os.umask(0o077)
            os.umask(umask)
            opened.append((Path(path).name, flags, mode, umask, stat.S_IMODE(os.fstat(fd).st_mode)))
        return fd

    def spy_write(fd, data):
        folder_at_write.append({p.name: mode(p) for p in keys_dir.iterdir()})
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(os, "write", spy_write)
    path = store_key_file(current_csv, keys_dir, "access-keys.csv")
    monkeypatch.undo()

    assert len(opened) == 1
    name, flags, requested_mode, umask, mode_at_open = opened[0]
    assert name.startswith(".access-keys.csv.") and name.endswith(".tmp")
    assert flags & os.O_CREAT and flags & os.O_EXCL and flags & os.O_NOFOLLOW
    assert requested_mode == 0o600 and umask == 0o077 and mode_at_open == 0o600
    assert folder_at_write, "the content was written through os.write"
    for entries in folder_at_write:
        assert "access-keys.csv" not in entries  # the final name appears only once complete
        assert all(m == 0o600 for m in entries.values()), entries
    assert mode(path) == 0o600


def test_existing_file_is_never_replaced_a_new_name_is_chosen(tmp_path, current_csv):
    keys_dir = tmp_path / "keys"
    first = store_key_file(current_csv, keys_dir, "access-keys.csv")
    first.write_bytes(b"the user's own edits")
    second = store_key_file(current_csv, keys_dir, "access-keys.csv")
    third = store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert [first.name, second.name, third.name] == [
        "access-keys.csv",
        "access-keys-2.csv",
        "access-keys-3.csv",
    ]
    assert first.read_bytes() == b"the user's own edits"
    assert second.read_bytes() == third.read_bytes() == current_csv
    assert {mode(p) for p in (second, third)} == {0o600}


def test_name_without_suffix_and_gaps_in_numbering(tmp_path, current_csv):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    (keys_dir / "rootkey").write_bytes(b"old")
    (keys_dir / "rootkey-2").write_bytes(b"older")
    assert store_key_file(current_csv, keys_dir, "rootkey").name == "rootkey-3"


def test_a_planted_symlink_is_not_followed(tmp_path, current_csv):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    outside = tmp_path / "outside.csv"
    (keys_dir / "access-keys.csv").symlink_to(outside)
    path = store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert path.name == "access-keys-2.csv"
    assert not outside.exists()


def test_malformed_download_is_not_kept(tmp_path):
    keys_dir = tmp_path / "keys"
    with pytest.raises(KeyFileError):
        store_key_file(b"<html><body>Session expired</body></html>", keys_dir, "access-keys.csv")
    assert not keys_dir.exists()


# -- failures leave nothing behind ------------------------------------------------------------


def fail_mid_write(monkeypatch, error: BaseException) -> None:
    """os.write writes the first 10 bytes, then fails."""
    real_write = os.write

    def half_write(fd, data):
        real_write(fd, bytes(data[:10]))
        raise error

    monkeypatch.setattr(os, "write", half_write)


def raising(error: BaseException):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize(
    "inject",
    [
        pytest.param(
            lambda mp: fail_mid_write(mp, OSError(errno.ENOSPC, "No space left on device")), id="write"
        ),
        pytest.param(
            lambda mp: mp.setattr(os, "fsync", raising(OSError(errno.EIO, "I/O error"))), id="fsync"
        ),
        pytest.param(
            lambda mp: mp.setattr(os, "link", raising(OSError(errno.EPERM, "Not permitted"))), id="link"
        ),
    ],
)
def test_a_failure_mid_write_leaves_nothing(tmp_path, current_csv, monkeypatch, inject):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    inject(monkeypatch)
    with pytest.raises(StorageError) as caught:
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    monkeypatch.undo()
    assert list(keys_dir.iterdir()) == []
    assert caught.value.exit_code == ExitCode.FILESYSTEM
    assert str(keys_dir) in str(caught.value)


def test_an_interrupt_mid_write_leaves_nothing(tmp_path, current_csv, monkeypatch):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    fail_mid_write(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    monkeypatch.undo()
    assert list(keys_dir.iterdir()) == []


def test_a_file_system_that_ignores_modes_is_refused(tmp_path, current_csv, monkeypatch):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((0o100755, *real_fstat(fd)[1:])))
    with pytest.raises(StorageError, match="does not keep files private"):
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    monkeypatch.undo()
    assert list(keys_dir.iterdir()) == []


# -- folders that cannot be used ---------------------------------------------------------------


def test_existing_folder_others_can_open_is_refused_not_changed(tmp_path, current_csv):
    keys_dir = tmp_path / "shared"
    keys_dir.mkdir()
    keys_dir.chmod(0o755)
    with pytest.raises(StorageError) as caught:
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert f"chmod 700 {keys_dir}" in caught.value.fix
    assert "--keys-dir" in caught.value.fix
    assert "0755" in caught.value.reason
    assert mode(keys_dir) == 0o755
    assert list(keys_dir.iterdir()) == []


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a folder to another user")
def test_folder_owned_by_another_user_is_refused(tmp_path, current_csv):
    keys_dir = tmp_path / "theirs"
    keys_dir.mkdir(mode=0o700)
    os.chown(keys_dir, 65534, 65534)
    with pytest.raises(StorageError, match="belongs to another user"):
        store_key_file(current_csv, keys_dir, "access-keys.csv")


def test_keys_dir_that_is_a_file_is_refused(tmp_path, current_csv):
    not_a_folder = tmp_path / "keys"
    not_a_folder.write_text("x")
    with pytest.raises(StorageError, match="is not a folder"):
        store_key_file(current_csv, not_a_folder, "access-keys.csv")


def test_folder_under_a_regular_file_cannot_be_created_even_as_root(tmp_path, current_csv):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    keys_dir = blocker / "keys"
    with pytest.raises(StorageError) as caught:
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert str(keys_dir) in caught.value.reason
    assert "--keys-dir" in caught.value.fix
    assert blocker.read_text() == "x"


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs, where nobody can mkdir")
def test_folder_the_kernel_refuses_even_to_root(current_csv):
    keys_dir = Path("/sys/aws-console-flows-test/keys")
    with pytest.raises(StorageError) as caught:
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    assert "/sys/aws-console-flows-test" in caught.value.reason


def test_unwritable_folder_names_the_folder_and_the_fix(tmp_path, current_csv, monkeypatch):
    """Permission denied inside an existing private folder (injected: root ignores chmod)."""
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    real_open = os.open

    def denied(path, flags, mode=0o777, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == keys_dir:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(StorageError) as caught:
        store_key_file(current_csv, keys_dir, "access-keys.csv")
    monkeypatch.undo()
    assert str(keys_dir) in caught.value.reason and "permission denied" in caught.value.reason
    assert f"Make {keys_dir} writable" in caught.value.fix
    assert list(keys_dir.iterdir()) == []


@pytest.mark.skipif(IS_ROOT, reason="root writes into a mode-0500 folder anyway; covered by the tests above")
def test_read_only_folder_for_a_regular_user(tmp_path, current_csv):
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir(mode=0o700)
    keys_dir.chmod(0o500)
    try:
        with pytest.raises(StorageError, match=str(keys_dir)):
            store_key_file(current_csv, keys_dir, "access-keys.csv")
    finally:
        keys_dir.chmod(0o700)


@pytest.mark.parametrize(
    "name", ["", " ", ".", "..", "../escape.csv", "sub/access-keys.csv", "a\\b.csv", " x.csv"]
)
def test_key_file_name_must_be_a_plain_name(tmp_path, current_csv, name):
    with pytest.raises(SettingError):
        store_key_file(current_csv, tmp_path / "keys", name)
    assert not (tmp_path / "keys").exists()
    assert not (tmp_path / "escape.csv").exists()
