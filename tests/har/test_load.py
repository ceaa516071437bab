"""Loading a recording for replay: corrupt, non-HAR, empty and foreign files give clear errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from automation.errors import ExitCode, RecordingError
from automation.har import HarReplayRouter

from .helpers import API, CONSOLE, entry, har


def write(tmp_path: Path, content: str | bytes, name: str = "rec.har") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def load_error(path: Path) -> str:
    with pytest.raises(RecordingError) as caught:
        HarReplayRouter(path)
    assert caught.value.exit_code == ExitCode.BAD_RECORDING
    assert caught.value.step == "load recording"
    return str(caught.value)


def test_truncated_json_is_reported_as_corrupt(tmp_path: Path) -> None:
    text = json.dumps(har(entry("GET", f"{API}/account")), indent=1)
    message = load_error(write(tmp_path, text[: len(text) // 2]))
    assert "is not valid JSON (line" in message
    assert "corrupt or truncated" in message
    assert "--record" in message


def test_binary_garbage_is_reported_as_corrupt(tmp_path: Path) -> None:
    assert "is not text" in load_error(write(tmp_path, b"\xff\xfe\x00garbage\x80"))


@pytest.mark.parametrize("content", ['{"foo": 1}', "[1, 2]", '{"log": {"entries": {}}}', "42"])
def test_json_that_is_not_a_har(tmp_path: Path, content: str) -> None:
    assert "is JSON but not a HAR file (it has no log.entries list)" in load_error(write(tmp_path, content))


def test_malformed_entry_is_named(tmp_path: Path) -> None:
    document = har(entry("GET", f"{API}/account"), {"request": {"url": f"{API}/x"}, "response": {}})
    assert "entry 1 has no request method or URL" in load_error(write(tmp_path, json.dumps(document)))


def test_har_without_entries(tmp_path: Path) -> None:
    assert "holds no requests" in load_error(write(tmp_path, json.dumps(har())))


def test_foreign_har(tmp_path: Path) -> None:
    document = har(entry("GET", "https://example.com/?q=secret"), entry("GET", "https://example.com/app.js"))
    message = load_error(write(tmp_path, json.dumps(document)))
    assert "is not a recording of the AWS console" in message
    assert "none of its 2 requests" in message
    assert "the first is https://example.com/" in message
    assert "secret" not in message


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in load_error(tmp_path / "nowhere.har")


def test_zip_har(tmp_path: Path) -> None:
    path = tmp_path / "rec.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("har.har", json.dumps(har(entry("GET", f"{CONSOLE}/console/home"))))
    assert "is a zip archive" in load_error(path)


def test_console_har_loads(tmp_path: Path) -> None:
    router = HarReplayRouter(write(tmp_path, json.dumps(har(entry("GET", f"{CONSOLE}/console/home")))))
    assert len(router.entries) == 1
    assert router.unmatched == []
