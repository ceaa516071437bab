"""Real HAR exports (tests/har/corpus/real, MANIFEST.md): Chrome, Edge, Firefox, Fiddler, Charles and
Insomnia files made by others. The sanitiser must write each one (no false refusal, no crash), what it
writes must pass the strict check, and every request must still be there to read."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from automation.errors import ExitCode
from automation.har.cli import main as har_cli

REAL = Path(__file__).parent / "corpus" / "real"
EXPORTS = sorted(REAL.glob("*.har"))


def test_the_corpus_has_twenty_real_exports_from_several_tools() -> None:
    assert len(EXPORTS) >= 20
    tools = {json.loads(path.read_text("utf-8-sig"))["log"]["creator"]["name"] for path in EXPORTS}
    assert {"WebInspector", "Firefox", "F12 Developer Tools", "Fiddler", "Charles Proxy"} <= tools
    assert any(tool.startswith("Insomnia") for tool in tools)
    manifest = (REAL / "MANIFEST.md").read_text()
    assert all(f"`{path.name}`" in manifest for path in EXPORTS)


def _where(entry: dict) -> tuple[str, int, str, str]:
    parts = urlsplit(entry["request"]["url"])
    return entry["request"]["method"], entry["response"]["status"], parts.hostname or "", parts.path


@pytest.mark.parametrize("export", EXPORTS, ids=[path.stem for path in EXPORTS])
def test_a_real_export_is_written_clean_and_whole(export: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "shared.har"
    assert har_cli(["scrub", str(export), str(target)]) == ExitCode.OK, capsys.readouterr().err
    assert har_cli(["check", str(target), "--strict"]) == ExitCode.OK, capsys.readouterr().err
    before = json.loads(export.read_text("utf-8-sig"))["log"]["entries"]
    after = json.loads(target.read_text())["log"]["entries"]
    assert [_where(entry) for entry in after] == [_where(entry) for entry in before]
    for entry in after:  # cookies keep their names, never their values
        for cookie in entry["request"].get("cookies") or []:
            assert cookie["value"] in ("",) or cookie["value"].startswith("<cookie-")
