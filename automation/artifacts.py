"""Where a run keeps what is not a tutorial image: beside the image folder, never inside it.

A course repository commits its image folder (``--out``). Failure screenshots and traces written into it
would be committed with the next ``git add`` of the images, so they go to sibling folders instead:
``acf-failures/`` (a failed step's redacted screenshot and scrubbed trace) and ``acf-traces/`` (``--trace``
runs). Each holds a ``.gitignore`` of ``*``, as pytest's cache does, so git never picks them up.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

FAILURES = "acf-failures"
TRACES = "acf-traces"
_IGNORE_ALL = "# written by aws-console-flows: failure screenshots and traces, never committed\n*\n"


def failures_dir(out_dir: Path) -> Path:
    """The folder for a failed step's screenshot and trace: ``acf-failures/`` beside ``out_dir``."""
    return _beside(out_dir, FAILURES)


def traces_dir(out_dir: Path) -> Path:
    """The folder for ``--trace``'s traces: ``acf-traces/`` beside ``out_dir``."""
    return _beside(out_dir, TRACES)


def _beside(out_dir: Path, name: str) -> Path:
    """``out_dir/../name``; for the current folder itself (no parent to use), ``./name``."""
    return out_dir.parent / name if out_dir.name not in ("", ".", "..") else out_dir / name


def prepare(folder: Path) -> Path:
    """Create ``folder`` with its ``.gitignore`` (``*``), best effort; return it (writing into a folder
    that could not be made fails there, and a failure's files are only attachments of its message)."""
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            with suppress(FileExistsError), ignore.open("x", encoding="utf-8") as handle:
                handle.write(_IGNORE_ALL)
    return folder
