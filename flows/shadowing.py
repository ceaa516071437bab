"""A course repository's own ``automation/`` folder must not hide the tool's library.

``python -m flows`` puts the current folder first on ``sys.path``, so a course repository with an
``automation/`` folder of its own hides this package's ``automation`` and the run would die with
``ModuleNotFoundError: No module named 'automation.errors'``. ``flows`` and ``automation`` are
installed side by side (one distribution), so the ``automation`` found must sit beside ``flows``.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from importlib.util import find_spec
from pathlib import Path

#: automation.errors.ExitCode.BAD_SETTING; not imported from there, since that import is what fails.
EXIT_SHADOWED = 3


def _folders(spec: ModuleSpec | None) -> list[Path]:
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(folder).resolve() for folder in spec.submodule_search_locations]


def shadowing_folder() -> Path | None:
    """The folder that hides the tool's ``automation`` package, or None when the right one is found."""
    flows_parents = {folder.parent for folder in _folders(find_spec("flows"))}
    found = _folders(find_spec("automation"))
    if not flows_parents or any(folder.parent in flows_parents for folder in found):
        return None
    return found[0] if found else Path("automation")


def explain(folder: Path) -> str:
    """The one-paragraph error for a shadowed library."""
    return (
        f"error: the folder {folder} hides the aws-console-flows library: `python -m` looks in the current "
        "folder first, and this repository has an automation/ package of its own. Fix: run the console "
        "script instead (`aws-console-flows …`, the same commands as `python -m flows …`), or "
        "`python -P -m flows …` (Python 3.11+, which does not look in the current folder)."
    )


def refuse_if_shadowed() -> None:
    """Exit with one clear paragraph (code 3) when a local ``automation/`` hides the library."""
    folder = shadowing_folder()
    if folder is not None:
        print(explain(folder), file=sys.stderr)
        raise SystemExit(EXIT_SHADOWED)
