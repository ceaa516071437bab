"""The keys folder's hygiene: say what it already holds, and refuse one that git would commit.

Every run adds key files (``access-keys-root.csv``, then ``access-keys-root-2.csv``, …) and never
deletes one, so a folder fills with keys that were long deleted in the console, or should be. Before a
run, `survey` lists them and marks the probably stale ones: a key whose path has a newer key file (the
console allows two keys per identity, and the newer file is the one in use), and a key older than the
90 days after which AWS advises rotating it (IAM best practices; Security Hub control IAM.3).

A keys folder inside a git work tree is one ``git add .`` away from publishing keys and console session
cookies: `refuse_if_committable` asks git itself (``git check-ignore``) whether it would ignore the files
a run writes there, and refuses the folder otherwise.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from automation.errors import KeyFileError, StorageError
from automation.keys import parse_key_file
from automation.keys.parse import MAX_KEY_FILE_BYTES
from automation.safety import mask_key_id

STEP = "Prepare the keys folder"
ROTATE_AFTER_DAYS = 90
_COPY_SUFFIX = re.compile(r"(-import)?(-\d+)?(-import)?$")
_GIT_TIMEOUT_S = 30


@dataclass(frozen=True)
class KeyFile:
    """One key file already in the folder."""

    path: Path
    key_id: str
    age_days: float
    stale_because: str = ""  # why it is probably stale; empty when it is not

    @property
    def family(self) -> str:
        """The path a file belongs to: its name without ``-N`` and ``-import`` (``access-keys-root``)."""
        return _COPY_SUFFIX.sub("", self.path.stem)


def survey(folder: Path, now: float | None = None) -> list[KeyFile]:
    """The key files in ``folder`` (oldest first), the probably stale ones marked; [] for no folder."""
    now = time.time() if now is None else now
    found = []
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        key_id = _key_id(path)
        if key_id is not None:
            found.append(KeyFile(path, key_id, max(0.0, (now - path.stat().st_mtime) / 86400)))
    found.sort(key=lambda item: -item.age_days)
    newest_key: dict[str, str] = {}  # family -> the key id of its newest file
    for item in found:
        newest_key[item.family] = item.key_id
    marked = []
    for item in found:
        reasons = []
        if item.key_id != newest_key[item.family]:
            reasons.append(f"a newer key file of the same path exists ({item.family})")
        if item.age_days > ROTATE_AFTER_DAYS:
            reasons.append(f"{item.age_days:.0f} days old, past the {ROTATE_AFTER_DAYS}-day rotation")
        marked.append(KeyFile(item.path, item.key_id, item.age_days, "; ".join(reasons)))
    return marked


def _key_id(path: Path) -> str | None:
    """The access key id a key file holds, or None for any other file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
        return parse_key_file(data, path.name).access_key_id
    except (OSError, KeyFileError):
        return None


def describe(folder: Path, files: list[KeyFile]) -> str | None:
    """The note printed before a run: how many key files the folder holds, which are probably stale."""
    if not files:
        return None
    stale = [item for item in files if item.stale_because]
    text = f"keys folder {folder} already holds {len(files)} key file(s)"
    if not stale:
        return text + "; none looks stale."
    listed = "; ".join(
        f"{item.path.name} (key {mask_key_id(item.key_id)}: {item.stale_because})" for item in stale
    )
    return (
        f"{text}, {len(stale)} probably stale: {listed}. Delete a stale key in the console (rerun with "
        "--delete-key and its last four, or Security credentials → Access keys → Actions → Delete), then "
        "its file."
    )


def refuse_if_committable(folder: Path, key_files: list[str]) -> None:
    """StorageError when ``folder`` lies in a git work tree whose git would not ignore the key files
    (named ``key_files``) and saved sessions a run writes there."""
    top = _work_tree(folder)
    if top is None:
        return
    resolved = folder.resolve()
    sessions = resolved / "sessions" / "session.json"
    written = [*(resolved / name for name in key_files), sessions]
    exposed = [path for path in written if not _ignored(top, path)]
    if not exposed:
        return
    try:
        relative = "/" + resolved.relative_to(top).as_posix().strip("/") + "/"
    except ValueError:
        relative = f"{folder.name}/"
    what = "saved console sessions (cookies)" if exposed == [sessions] else "key files"
    raise StorageError(
        step=STEP,
        reason=f"the keys folder {folder} is inside the git work tree {top}, and git does not ignore the "
        f"{what} a run writes there: one `git add .` would commit them.",
        fix=f"Add the folder to {top / '.gitignore'} (`echo '{relative}' >> {top / '.gitignore'}`), or keep "
        "keys outside the repository: drop --keys-dir to use the per-user data folder.",
    )


def _work_tree(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder`` (which may not exist yet), or None."""
    existing = folder.resolve()
    while not existing.is_dir() and existing != existing.parent:
        existing = existing.parent
    git = shutil.which("git")
    if git is None:
        marker = next((p for p in (existing, *existing.parents) if (p / ".git").exists()), None)
        if marker is None:
            return None
        raise StorageError(
            step=STEP,
            reason=f"the keys folder {folder} is inside the git repository {marker}, and without the git "
            "program the run cannot check that git ignores it.",
            fix="Install git, or keep keys outside the repository: drop --keys-dir to use the per-user "
            "data folder.",
        )
    done = _git(git, existing, "rev-parse", "--show-toplevel")
    if done.returncode != 0:  # not a work tree (or a bare repository, or the .git folder itself)
        return None
    return Path(done.stdout.strip()).resolve()


def _ignored(top: Path, path: Path) -> bool:
    """Whether git ignores ``path`` (a tracked file never is)."""
    git = shutil.which("git") or "git"
    return _git(git, top, "check-ignore", "-q", str(path)).returncode == 0


def _git(git: str, where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [git, "-C", str(where), *args],
        capture_output=True,
        text=True,
        timeout=_GIT_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
        check=False,
    )
