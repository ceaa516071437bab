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

import json
from pathlib import Path

import pytest

from automation.errors import RecordingError
from automation.har import scrub_har, write_scrubbed_har

from .adversarial import KNOWN, PLANTED, Case, recording_cases
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
