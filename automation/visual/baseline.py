"""Where baselines live (a path template with the edition) and how update modes treat them."""

from __future__ import annotations

import os
import string
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

DEFAULT_TEMPLATE = "{edition}/{name}"
DEFAULT_EDITION = "current"


class UpdateMode(StrEnum):
    """When baselines are (re)written, with Playwright's ``--update-snapshots`` meanings.

    - ``all``: write every baseline that is missing or not byte-identical, even within tolerance.
    - ``changed``: write missing baselines and those that differ beyond tolerance.
    - ``missing``: write missing baselines only, and still fail that check so it gets reviewed.
    - ``none``: write nothing; a missing baseline fails.
    """

    ALL = "all"
    CHANGED = "changed"
    MISSING = "missing"
    NONE = "none"

    @classmethod
    def parse(cls, value: str | UpdateMode) -> UpdateMode:
        """The mode named by ``value``, with an error that lists the choices."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            choices = "|".join(m.value for m in cls)
            raise ValueError(f"Unknown update mode {value!r}: expected one of {choices}.") from None


def _check_name(name: str) -> PurePosixPath:
    """A baseline name as a safe relative path (no absolute paths, no ``..``)."""
    path = PurePosixPath(name.replace("\\", "/"))
    if not name or path.is_absolute() or ".." in path.parts:
        raise ValueError(f"Baseline name {name!r} must be a relative file name without '..'.")
    return path


@dataclass(frozen=True)
class BaselineStore:
    """Baselines under ``root`` at ``template``, e.g. ``tests/baselines`` + ``{edition}/{name}``.

    Tokens: ``{edition}``, ``{name}`` (file name as given), ``{stem}``, ``{ext}`` (without the
    dot), ``{platform}`` (``sys.platform``) and any key of ``tokens``.
    """

    root: Path
    template: str = DEFAULT_TEMPLATE
    edition: str = DEFAULT_EDITION
    tokens: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fields = {f for _, f, _, _ in string.Formatter().parse(self.template) if f}
        known = {"edition", "name", "stem", "ext", "platform", *self.tokens}
        unknown = fields - known
        if unknown:
            raise ValueError(
                f"Path template {self.template!r} uses unknown token(s) {sorted(unknown)}; "
                f"known: {sorted(known)}."
            )
        if not fields & {"name", "stem"}:
            raise ValueError(f"Path template {self.template!r} must contain {{name}} or {{stem}}.")

    def relative(self, name: str) -> PurePosixPath:
        """The baseline's path below ``root``."""
        path = _check_name(name)
        values = {
            **self.tokens,
            "edition": self.edition,
            "name": str(path),
            "stem": str(path.with_suffix("")),
            "ext": path.suffix.lstrip("."),
            "platform": sys.platform,
        }
        return _check_name(self.template.format(**values))

    def path_for(self, name: str) -> Path:
        """The baseline file for ``name``."""
        return Path(self.root) / self.relative(name)

    def read(self, name: str) -> bytes | None:
        """The baseline's bytes, or None when it does not exist yet."""
        path = self.path_for(name)
        return path.read_bytes() if path.is_file() else None

    def write(self, name: str, png: bytes) -> Path:
        """Write (or replace) the baseline atomically; returns its path."""
        return write_atomic(self.path_for(name), png)


def as_store(baseline_dir: str | os.PathLike[str] | BaselineStore) -> BaselineStore:
    """A store from a store, or from a plain folder holding baselines by file name."""
    if isinstance(baseline_dir, BaselineStore):
        return baseline_dir
    return BaselineStore(Path(baseline_dir), template="{name}")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; baselines and reports are shared files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
