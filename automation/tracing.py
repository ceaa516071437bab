"""A Playwright trace of each flow's run, kept on failure (or always with ``--trace``), holding no secret.

Design: tracing records actions, network and console, with DOM snapshots only when the trace is asked
for (``--trace``; a failed run's trace has none, for speed), and never screencast frames (pixels cannot
be scrubbed).
When the trace is kept, every member of its zip is scrubbed: the run's known secrets (passwords, MFA
seed and codes, the downloaded key, the session cookies) and every secret-shaped value the HAR scrubber
recognises (key ids and the secret next to them, as in the create answer, account ids, emails) become
placeholders. The leak scanner then reads the scrubbed zip; if any known secret survived, the trace is
deleted and the run says so.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError

from automation.har import Kind, Scrubber
from automation.har.patterns import find_named_values, find_shapes
from automation.interrupts import critical
from automation.leakscan import LeakScanner, describe_findings

TRACE_DIR = "traces"
NAMED_VALUES_LIMIT = 256 * 1024  # members up to this size are also searched for secret-named values
_TEXT_SUFFIXES = (".trace", ".network", ".stacks", ".json", ".html", ".css", ".js", ".txt", ".xml", ".csv")
_SHAPES_THAT_LEAK = frozenset({Kind.ACCESS_KEY_ID, Kind.SECRET_ACCESS_KEY})


@dataclass
class TraceOutcome:
    """Where the trace went, or why it was not kept."""

    path: Path | None = None
    remark: str = ""


def _is_text(name: str, data: bytes) -> bool:
    if name.endswith(_TEXT_SUFFIXES):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def _learn(scrubber: Scrubber, text: str) -> None:
    """Teach the scrubber the secrets in ``text``: shapes everywhere, secret-named values in small members
    (network bodies; the big snapshot log holds the typed values, which are known secrets anyway)."""
    for finding in find_shapes(text):
        scrubber.learn(finding.kind, finding.value)
    if len(text) <= NAMED_VALUES_LIMIT:
        for finding in find_named_values(text):
            scrubber.learn(finding.kind, finding.value)


def scrub_trace_zip(source: Path, target: Path, secrets: list[str]) -> None:
    """Copy the trace zip ``source`` to ``target`` with every secret replaced in every member.

    Two passes: learn every secret from every member first, then replace them all (with their JSON,
    URL and HTML encodings), so a key id seen in a network body is replaced in the snapshots too.
    """
    scrubber = Scrubber(secrets)
    with zipfile.ZipFile(source) as raw:
        members = [(member, raw.read(member)) for member in raw.infolist()]
    texts: dict[str, str] = {}
    for member, data in members:
        if _is_text(member.filename, data):
            texts[member.filename] = data.decode("utf-8", "replace")
            _learn(scrubber, texts[member.filename])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members:
            if member.filename in texts:
                data = scrubber.replace_known(texts[member.filename]).encode("utf-8")
            else:
                latin = data.decode("latin-1")
                scrubbed = scrubber.replace_known(latin)
                if scrubbed != latin:
                    data = scrubbed.encode("latin-1", "replace")
            out.writestr(member, data)


def shaped_leaks(path: Path) -> list[str]:
    """Key ids and secrets (by their shape) still in the text members of a trace zip."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            data = archive.read(member)
            if not _is_text(member.filename, data):
                continue
            for finding in find_shapes(data.decode("utf-8", "replace")):
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
            with critical():  # a signal meanwhile stops the run once the trace is written (or dropped)
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
                os.close(fd)
                tmp = Path(tmp_name)
                try:
                    scrub_trace_zip(raw, tmp, known)
                    leaks = LeakScanner.for_values(known).scan_file(tmp)
                    shaped = shaped_leaks(tmp)
                    if leaks or shaped:
                        what = describe_findings(leaks).replace(str(tmp), target.name) if leaks else ""
                        detail = "; ".join(filter(None, [what, *shaped[:3]]))
                        remark = f"the trace was deleted: a secret survived scrubbing ({detail})"
                        return TraceOutcome(remark=remark)
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
