"""The adversarial corpus (`adversarial.py`): every place, every encoding, four ways out.

- recording: the recorder's scrub and write (`scrub_har` + `write_scrubbed_har`, the run's known values
  given, the create answer's secret not);
- trace: a Playwright trace zip holding the payload in its network, resources and events, through
  `scrub_trace_zip`;
- report: ``python -m automation.har check`` on the raw file (what it prints);
- terminal: ``python -m automation.har scrub``'s output, a replayed foreign HAR's error, a failure
  paragraph and a progress line quoting a URL that carries the payload.

Each case asserts that the written file (or the output) holds no planted value in any encoding
(`oracle.planted_in`), or that nothing was written at all.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest

from automation.errors import ExitCode, RecordingError, StepError
from automation.har import scrub_har, write_scrubbed_har
from automation.har.cli import main as har_cli
from automation.har.trace import scrub_trace_zip
from automation.progress import Progress
from automation.redaction import Redactor
from flows.cli import main as flows_main
from flows.cli import report_error

from .adversarial import (
    KNOWN,
    PLACES,
    PLANTED,
    SHORT_ENCODINGS,
    Case,
    TraceCase,
    recording_cases,
    trace_cases,
)
from .helpers import CONSOLE
from .oracle import planted_in

RECORDING_CASES = recording_cases()


def test_the_oracle_sees_every_planted_value_in_every_raw_case() -> None:
    """Positive control: before scrubbing, every case holds every planted value where the oracle looks."""
    for case in RECORDING_CASES:
        raw = json.dumps(case.document()).encode()
        assert set(planted_in(raw, PLANTED)) == set(PLANTED), case.id


@pytest.mark.parametrize("case", RECORDING_CASES, ids=[case.id for case in RECORDING_CASES])
def test_recording(case: Case, tmp_path: Path) -> None:
    target = tmp_path / "rec.har"
    try:
        write_scrubbed_har(scrub_har(case.document(), KNOWN).har, target, KNOWN)
    except RecordingError as refused:
        assert not target.exists()
        assert planted_in(str(refused).encode(), PLANTED) == []
        return
    assert planted_in(target.read_bytes(), PLANTED) == []


TRACE_CASES = trace_cases()


def _zip(members: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_the_oracle_sees_every_planted_value_in_every_raw_trace() -> None:
    for case in TRACE_CASES:
        raw = _zip(case.members(), Path(tempfile.mkdtemp()) / "raw.zip").read_bytes()
        assert set(planted_in(raw, PLANTED)) == set(PLANTED), case.id


@pytest.mark.parametrize("case", TRACE_CASES, ids=[case.id for case in TRACE_CASES])
def test_trace(case: TraceCase, tmp_path: Path) -> None:
    raw, clean = _zip(case.members(), tmp_path / "raw.zip"), tmp_path / "clean.zip"
    scrub_trace_zip(raw, clean, KNOWN)
    assert planted_in(clean.read_bytes(), PLANTED) == []
    with zipfile.ZipFile(clean) as archive:  # named after scrubbed content, and still pointed at
        names = archive.namelist()
        network = archive.read("trace.network").decode()
        for name in names:
            if name.startswith("resources/"):
                sha1 = hashlib.sha1(archive.read(name), usedforsecurity=False).hexdigest()
                assert name.removeprefix("resources/").startswith(sha1) and name in network


SHORT_CASES = [Case(place, encoding) for place in PLACES for encoding in SHORT_ENCODINGS]
URL_PLACES = ("query parameter", "url fragment", "url user and password", "url path segment")
URL_CASES = [Case(place, encoding) for place in URL_PLACES for encoding in SHORT_ENCODINGS]


def _write(document: dict[str, object], folder: Path) -> tuple[Path, Path]:
    raw, secrets = folder / "raw.har", folder / "secrets.txt"
    raw.write_text(json.dumps(document))
    secrets.write_text("\n".join(KNOWN) + "\n")
    return raw, secrets


@pytest.mark.parametrize("case", SHORT_CASES, ids=[f"report {case.id}" for case in SHORT_CASES])
def test_report(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``check`` finds the planted secrets and says where, never what."""
    raw, secrets = _write(case.document(), tmp_path)
    code = har_cli(["check", str(raw), "--secrets-file", str(secrets)])
    output = capsys.readouterr()
    assert code == ExitCode.BAD_RECORDING, output.out
    assert "secret-looking value" in output.err
    assert planted_in((output.out + output.err).encode(), PLANTED) == []


@pytest.mark.parametrize("case", SHORT_CASES, ids=[f"terminal scrub {case.id}" for case in SHORT_CASES])
def test_terminal_of_the_sanitiser(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, secrets = _write(case.document(), tmp_path)
    target = tmp_path / "out.har"
    code = har_cli(["scrub", str(raw), str(target), "--secrets-file", str(secrets)])
    output = capsys.readouterr()
    assert code == ExitCode.OK, output.err
    assert planted_in((output.out + output.err).encode(), PLANTED) == []
    assert planted_in(target.read_bytes(), PLANTED) == []


@pytest.mark.parametrize("case", URL_CASES, ids=[f"terminal replay {case.id}" for case in URL_CASES])
def test_terminal_of_a_foreign_replay(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Replaying a HAR that is not the console names its first URL: without what it carries."""
    document = case.document()
    document["log"]["entries"] = document["log"]["entries"][1:]
    host = CONSOLE.removeprefix("https://")
    for item in document["log"]["entries"]:
        url = item["request"]["url"].replace(f"{host}/__replica/api", "example.net/api")
        item["request"]["url"] = url.replace(host, "example.net")
    raw, _ = _write(document, tmp_path)
    folders = ["--out", str(tmp_path / "o"), "--keys-dir", str(tmp_path / "k")]
    code = flows_main([*folders, f"--target=har:{raw}"], command="root")
    output = capsys.readouterr()
    assert code == ExitCode.BAD_RECORDING and "the first is https://example.net/" in output.err
    assert planted_in((output.out + output.err).encode(), PLANTED) == []


@pytest.mark.parametrize("case", URL_CASES, ids=[f"terminal run {case.id}" for case in URL_CASES])
def test_terminal_of_a_run(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """A progress line and a failure paragraph quoting a URL (a page's, an unanswered request's)."""
    url = case.document()["log"]["entries"][1]["request"]["url"]
    redactor = Redactor(KNOWN)  # the run's: it knows the settings' secrets
    stream = io.StringIO()
    Progress("root", stream, redactor=redactor).note(f"opened {url}")
    error = StepError(step="Open the page", reason=f"the page at {url} did not load.", fix="Rerun.")
    error.reason = redactor.redact_text(error.reason)  # as the runner does before it raises
    report_error(error)
    assert planted_in((stream.getvalue() + capsys.readouterr().err).encode(), PLANTED) == []
