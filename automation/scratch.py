"""The run's private temporary folder: every temporary file of this process and of the browser goes there.

Chromium (``org.chromium.Chromium.*``, its profile), Playwright's driver (``playwright-artifacts-*``,
``playwright-tracing-*``), the HAR recorder's raw recording and ``--check``'s scratch images all follow
``TMPDIR``. Pointing it at one folder of the run's own, removed when the command ends (or is
interrupted, see `automation.interrupts`), leaves nothing in the user's temporary folder even when the
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

PREFIX = "acf-run-"


@contextmanager
def private_tempdir() -> Iterator[Path]:
    """A fresh 0700 folder in the temporary folder, made ``TMPDIR`` for this process and its children."""
    base = tempfile.gettempdir()
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    except OSError as error:
        why = (error.strerror or str(error)).lower()
        raise StorageError(
            step="Prepare a temporary folder",
            reason=f"the temporary folder {base} cannot be written ({why}).",
            fix="Free some space there, or point TMPDIR at a writable folder (e.g. TMPDIR=~/tmp).",
        ) from None
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


def remove(folder: Path) -> None:
    """Delete ``folder`` and everything in it (best effort: it is the run's own)."""
    shutil.rmtree(folder, ignore_errors=True)
