"""write_scrubbed_har: refuses a recording with a leftover secret (nothing written), writes atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from automation.errors import ExitCode, RecordingError
from automation.har import scrub_har, write_scrubbed_har

from .helpers import API, SIGNIN, entry, har

KEY_ID = "AKIA" + "Q2W3E4R5T6Y7U2I3"
PASSWORD = "Tr0ub4dor&3-horse"


def leaky_har() -> dict:
    return har(
        entry("GET", f"{API}/account", body={"ok": True}),
        entry("GET", f"{API}/access-keys", body={"accessKeys": [{"accessKeyId": KEY_ID}]}),
    )


def test_leftover_secret_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "recordings" / "root.har"

    with pytest.raises(RecordingError) as caught:
        write_scrubbed_har(leaky_har(), target)

    error = caught.value
    assert error.exit_code == ExitCode.BAD_RECORDING
    message = str(error)
    assert "access key id in entry 1" in message
    assert f"GET {API}/access-keys" in message
    assert "response.content.text" in message
    assert "Nothing was written" in message
    assert KEY_ID not in message
    assert not target.exists()
    assert list(tmp_path.rglob("*")) in ([], [tmp_path / "recordings"])


def test_refusal_keeps_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "root.har"
    target.write_text("previous recording")

    with pytest.raises(RecordingError):
        write_scrubbed_har(leaky_har(), target)

    assert target.read_text() == "previous recording"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root.har"]


def test_known_secret_left_in_the_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    secret = "velvet-Otter-on-a-Kite"
    document = har(entry("GET", f"{API}/notes?region=1", body=f"note: {secret}", mime="text/plain"))
    target = tmp_path / "notes.har"

    write_scrubbed_har(document, tmp_path / "unknowing.har")  # nothing says it is a secret
    with pytest.raises(RecordingError) as caught:
        write_scrubbed_har(document, target, known_secrets=[secret])

    assert "secret value in entry 0" in str(caught.value)
    assert "known_secrets" in str(caught.value)
    assert secret not in str(caught.value)
    assert not target.exists()


def test_leak_in_the_url_is_reported_without_the_value(tmp_path: Path) -> None:
    document = har(entry("POST", f"{SIGNIN}/signin?password={PASSWORD}&email=x"))
    with pytest.raises(RecordingError) as caught:
        write_scrubbed_har(document, tmp_path / "x.har")
    message = str(caught.value)
    assert f"password in entry 0 (POST {SIGNIN}/signin?…)" in message
    assert "request.url" in message
    assert PASSWORD not in message


def test_scrubbed_recording_is_written_whole_and_atomically(tmp_path: Path) -> None:
    target = tmp_path / "root.har"
    target.write_text("old")
    result = scrub_har(leaky_har())

    written = write_scrubbed_har(result.har, target)

    assert written == target
    assert json.loads(target.read_text()) == result.har
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root.har"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_query_after_a_placeholder_is_not_read_as_an_html_entity(tmp_path: Path) -> None:
    """``&region=`` is not ``®ion=`` (HTML5's legacy ``&reg`` without a semicolon): a scrubbed console
    recording, whose URLs carry region= everywhere, is written, not refused for a placeholder."""
    url = f"{API}/access-keys?X-Amz-Security-Token=%3Csecurity-token-1%3E&region=us-east-1&lang=en"
    write_scrubbed_har(har(entry("GET", url, body={"ok": True})), tmp_path / "ok.har")
    assert (tmp_path / "ok.har").exists()
