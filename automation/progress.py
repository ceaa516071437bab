"""Progress lines per step on stderr, and the final summary of what was written where."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from automation.redaction import Redactor

_print_lock = threading.Lock()


@dataclass
class Progress:
    """Prints one line per step; safe to share between flows running in parallel threads."""

    flow: str
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    step_number: int = 0
    redactor: Redactor | None = None  # the run's, which knows its secrets; else shapes and URLs only
    current: str = ""  # the step (or other part of the run) going on now, for an interruption's message

    def _emit(self, text: str) -> None:
        text = (self.redactor or Redactor()).redact_text(text)
        with _print_lock:
            print(f"{self.flow:>4} | {text}", file=self.stream, flush=True)

    def started(self, title: str, image: str | None) -> None:
        """A step began."""
        self.step_number += 1
        self.current = title
        suffix = f"  -> {image}" if image else ""
        self._emit(f"[{self.step_number}] {title}{suffix}")

    def finished(self, title: str, seconds: float) -> None:
        """A step ended well."""
        self._emit(f"    ok   {title} ({seconds:.1f} s)")

    def failed(self, title: str) -> None:
        """A step failed (the error itself is printed by the command)."""
        self._emit(f"    FAIL {title}")

    def doing(self, what: str) -> None:
        """A part of the path that is not a tutorial step (keeping the trace, finishing the recording)."""
        self.current = what
        self._emit(f"    {what}")

    def note(self, text: str) -> None:
        """A remark that is not a step."""
        self._emit(f"    {text}")


@dataclass
class Summary:
    """Everything a run wrote, for the closing summary."""

    images: list[Path] = field(default_factory=list)
    key_files: list[Path] = field(default_factory=list)
    other_files: list[Path] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def merge(self, other: Summary) -> None:
        """Add another flow's results."""
        self.images += other.images
        self.key_files += other.key_files
        self.other_files += other.other_files
        self.remarks += other.remarks

    def render(self) -> str:
        """The summary text printed at the end of a run."""
        lines = ["", "Summary"]
        if self.images:
            lines.append(f"  {len(self.images)} image(s):")
            lines += [f"    {p}" for p in self.images]
        for path in self.key_files:
            lines.append(f"  key file (mode 0600, folder 0700): {path}")
        for path in self.other_files:
            lines.append(f"  also written: {path}")
        lines += [f"  {Redactor().redact_text(remark)}" for remark in self.remarks]
        if len(lines) == 2:
            lines.append("  nothing written")
        return "\n".join(lines)
