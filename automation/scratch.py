"""The run's private temporary folder: every temporary file of this process and of the browser goes there.

Chromium (``org.chromium.Chromium.*``, its profile), Playwright's driver (``playwright-artifacts-*``,
``playwright-tracing-*``), the HAR recorder's raw recording and ``--check``'s scratch images all follow
``TMPDIR``. Pointing it at one folder of the run's own, removed when the command ends (or when a signal
stops it, see `automation.interrupts`), leaves nothing in the user's temporary folder even when the
browser is killed before it could tidy up.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from automation.errors import StorageError
from automation.interrupts import critical, remove_on_stop

PREFIX = "acf-"
#: Chromium keeps a Unix socket at TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket, and a socket path
#: holds at most 107 bytes: a longer TMPDIR makes Chromium abort ("Socket path too long").
MAX_SOCKET_PATH = 107
SOCKET_ROOM = len("/org.chromium.Chromium.XXXXXX/SingletonSocket")
FOLDER_ROOM = len(f"/{PREFIX}XXXXXXXX")
SHORT_BASE = "/tmp"


def temp_base() -> str:
    """The temporary folder to make the private one in: the user's, unless it is too long for Chromium."""
    base = tempfile.gettempdir()
    if len(base) + FOLDER_ROOM + SOCKET_ROOM <= MAX_SOCKET_PATH:
        return base
    if os.path.isdir(SHORT_BASE) and os.access(SHORT_BASE, os.W_OK | os.X_OK):
        return SHORT_BASE
    return base  # Chromium will refuse it: automation.environment explains that


@contextmanager
def private_tempdir() -> Iterator[Path]:
    """A fresh 0700 folder in the temporary folder, made ``TMPDIR`` for this process and its children."""
    base = temp_base()
    with critical():  # a signal now waits until a stop knows the folder
        try:
            folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
        except OSError as error:
            why = (error.strerror or str(error)).lower()
            raise StorageError(
                step="Prepare a temporary folder",
                reason=f"the temporary folder {base} cannot be written ({why}).",
                fix="Free some space there, or point TMPDIR at a writable folder (e.g. TMPDIR=~/tmp).",
            ) from None
        forget = remove_on_stop(folder)
    saved_env, saved_tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        remove(folder)
        forget()


def remove(folder: Path) -> None:
    """Delete ``folder`` and everything in it (best effort: it is the run's own)."""
    shutil.rmtree(folder, ignore_errors=True)
