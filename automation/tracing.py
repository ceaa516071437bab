"""A Playwright trace of each flow's run, kept on failure (or always with ``--trace``), holding no secret.

Design: tracing records actions, network and console, with DOM snapshots only when the trace is asked
for (``--trace``; a failed run's trace has none, for speed), and never screencast frames (pixels cannot
be scrubbed).
When the trace is kept, every member of its zip is scrubbed the way recordings are
(`automation.har.trace`): network entries by the allow-list, bodies by structure (the create answer's
secret by where it stands, whatever its characters), DOM snapshots and action logs by every value the
run knows (passwords, MFA seed and codes, the downloaded key, the session cookies) or learned from the
other members, in every encoding; resources are renamed after their scrubbed content. The leak scanner
then reads the scrubbed zip; if any known secret survived, the trace is deleted and the run says so.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError

from automation.har import Kind
from automation.har.patterns import find_shapes
from automation.har.trace import scrub_trace_zip
from automation.interrupts import critical
from automation.leakscan import LeakScanner, describe_findings

_SHAPES_THAT_LEAK = frozenset({Kind.ACCESS_KEY_ID, Kind.SECRET_ACCESS_KEY})


@dataclass
class TraceOutcome:
    """Where the trace went, or why it was not kept."""

    path: Path | None = None
    remark: str = ""


def shaped_leaks(path: Path) -> list[str]:
    """Key ids and secrets (by their shape) still in the text members of a trace zip."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            try:
                text = archive.read(member).decode("utf-8")
            except UnicodeDecodeError:
                continue
            for finding in find_shapes(text):
                if finding.kind in _SHAPES_THAT_LEAK:
                    found.append(f"{finding.kind.label} in {member.filename}")
    return found


@dataclass
class FlowTrace:
    """Records one flow's context; ``keep`` writes the scrubbed trace, ``discard`` drops it."""

    context: BrowserContext
    flow: str
    out_dir: Path
    snapshots: bool = True  # DOM snapshots around every action: a richer trace, about 0.5 s a run
    started: bool = False
    extra_secrets: list[str] = field(default_factory=list)

    def start(self) -> None:
        """Start tracing: actions, network, console (DOM snapshots when asked); no screenshots or sources."""
        tracing = self.context.tracing
        tracing.start(title=f"{self.flow} path", screenshots=False, snapshots=self.snapshots, sources=False)
        self.started = True

    def _cookie_values(self) -> list[str]:
        try:
            return [cookie.get("value", "") for cookie in self.context.cookies()]
        except PlaywrightError:
            return []

    def keep(self, folder: Path, secrets: list[str]) -> TraceOutcome:
        """Stop tracing and write the scrubbed trace to ``folder/<flow>-trace.zip`` (checked for leaks)."""
        if not self.started:
            return TraceOutcome(remark="no trace was recorded")
        known = [*secrets, *self.extra_secrets, *self._cookie_values()]
        known = [value for value in known if value]
        target = folder / f"{self.flow}-trace.zip"
        with tempfile.TemporaryDirectory(prefix="acf-trace-") as scratch:
            raw = Path(scratch) / "raw.zip"
            try:
                self.context.tracing.stop(path=raw)
            except PlaywrightError as error:
                return TraceOutcome(remark=f"the trace could not be saved ({error.message.splitlines()[0]})")
            finally:
                self.started = False
            folder.mkdir(parents=True, exist_ok=True)
            # Scrubbed and checked in the scratch folder (a signal meanwhile leaves nothing: the run's
            # temporary folder goes with the stop); only the copy into place waits for a signal.
            scrubbed = Path(scratch) / target.name
            scrub_trace_zip(raw, scrubbed, known)
            leaks = LeakScanner.for_values(known).scan_file(scrubbed)
            shaped = shaped_leaks(scrubbed)
            if leaks or shaped:
                what = describe_findings(leaks).replace(str(scrubbed), target.name) if leaks else ""
                detail = "; ".join(filter(None, [what, *shaped[:3]]))
                return TraceOutcome(remark=f"the trace was deleted: a secret survived scrubbing ({detail})")
            with critical():
                fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
                os.close(fd)
                tmp = Path(tmp_name)
                try:
                    shutil.copyfile(scrubbed, tmp)
                    os.replace(tmp, target)
                finally:
                    tmp.unlink(missing_ok=True)
        return TraceOutcome(path=target)

    def discard(self) -> None:
        """Stop tracing without writing anything."""
        if self.started:
            self.started = False
            with suppress(PlaywrightError):
                self.context.tracing.stop()
