"""The keys folder's hygiene: what it already holds, and git (the oracle) deciding what it would commit."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from automation import hygiene
from automation.errors import ExitCode, StorageError
from flows.cli import main
from tests.keys.key_samples import make_key_id, make_secret

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
DAY = 86400


def key_file(folder: Path, name: str, rng: random.Random, age_days: float) -> str:
    key_id = make_key_id(rng)
    path = folder / name
    path.write_text(f"Access key ID,Secret access key\n{key_id},{make_secret(rng)}\n")
    when = time.time() - age_days * DAY
    os.utime(path, (when, when))
    return key_id


def test_superseded_and_old_key_files_are_probably_stale(tmp_path: Path) -> None:
    rng = random.Random(3)
    old_root = key_file(tmp_path, "access-keys-root.csv", rng, 10)
    new_root = key_file(tmp_path, "access-keys-root-2.csv", rng, 2)
    ancient_iam = key_file(tmp_path, "access-keys-iam.csv", rng, 200)
    (tmp_path / "notes.csv").write_text("not,a,key\n")
    found = {item.path.name: item for item in hygiene.survey(tmp_path)}
    assert set(found) == {"access-keys-root.csv", "access-keys-root-2.csv", "access-keys-iam.csv"}
    assert "newer key file of the same path" in found["access-keys-root.csv"].stale_because
    assert found["access-keys-root-2.csv"].stale_because == ""
    assert "200 days old" in found["access-keys-iam.csv"].stale_because
    note = hygiene.describe(tmp_path, list(found.values())) or ""
    assert "already holds 3 key file(s), 2 probably stale" in note
    assert old_root[-4:] in note and ancient_iam[-4:] in note and new_root[-4:] not in note
    assert old_root not in note  # masked, never the whole id


def test_an_import_copy_belongs_to_its_key_file(tmp_path: Path) -> None:
    rng = random.Random(4)
    key_id = key_file(tmp_path, "access-keys.csv", rng, 1)
    (tmp_path / "access-keys-import.csv").write_text(
        f"User name,Access key ID,Secret access key\nroot,{key_id},{make_secret(rng)}\n"
    )
    assert [item.stale_because for item in hygiene.survey(tmp_path)] == ["", ""]


def test_an_empty_or_missing_folder_says_nothing(tmp_path: Path) -> None:
    assert hygiene.describe(tmp_path, hygiene.survey(tmp_path / "none")) is None


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


@needs_git
def test_a_keys_folder_git_would_commit_is_refused_and_the_fix_works(tmp_path: Path) -> None:
    repo = tmp_path / "course"
    git(tmp_path, "init", "-q", str(repo))
    keys = repo / "secrets" / "keys"
    with pytest.raises(StorageError) as refused:
        hygiene.refuse_if_committable(keys, ["access-keys-root.csv"])
    text = str(refused.value)
    assert "inside the git work tree" in text and "git add ." in text
    fix = text[text.index("(`") + 2 : text.index("`)")]
    assert fix.startswith("echo '/secrets/keys/' >> ")
    subprocess.run(fix, shell=True, check=True, cwd=tmp_path)  # the fix, exactly as printed
    hygiene.refuse_if_committable(keys, ["access-keys-root.csv"])  # now accepted
    assert not keys.exists()  # the check never creates the folder


@needs_git
def test_ignoring_only_key_files_still_exposes_the_sessions(tmp_path: Path) -> None:
    repo = tmp_path / "course"
    git(tmp_path, "init", "-q", str(repo))
    (repo / ".gitignore").write_text("*.csv\n")
    with pytest.raises(StorageError, match=r"saved console sessions \(cookies\)"):
        hygiene.refuse_if_committable(repo / "keys", ["access-keys.csv"])


@needs_git
def test_a_tracked_key_file_is_never_taken_as_ignored(tmp_path: Path) -> None:
    repo = tmp_path / "course"
    git(tmp_path, "init", "-q", str(repo))
    keys = repo / "keys"
    keys.mkdir()
    (keys / "access-keys.csv").write_text("x\n")
    git(repo, "add", "keys/access-keys.csv")
    (repo / ".gitignore").write_text("/keys/\n")
    with pytest.raises(StorageError, match="key files"):
        hygiene.refuse_if_committable(keys, ["access-keys.csv"])


def test_a_folder_outside_any_work_tree_is_fine(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    hygiene.refuse_if_committable(tmp_path / "keys", ["access-keys.csv"])


@needs_git
def test_the_run_refuses_before_anything_starts(tmp_path: Path, monkeypatch, capsys) -> None:
    repo = tmp_path / "course"
    git(tmp_path, "init", "-q", str(repo))
    monkeypatch.chdir(repo)
    code = main(["--keys-dir", "keys", "--out", "images"], command="root")
    assert code == ExitCode.FILESYSTEM
    err = capsys.readouterr().err
    assert "Step 'Prepare the keys folder' failed" in err and "echo '/keys/' >> " in err
    assert not (repo / "keys").exists() and not (repo / "images").exists()
