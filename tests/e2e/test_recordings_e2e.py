"""Recordings end to end: --record writes a scrubbed HAR, --target har: replays it to the same pixels."""

from __future__ import annotations

import json
from pathlib import Path

from automation.errors import ExitCode
from automation.visual import compare
from flows.catalog import ALL_IMAGES

from .conftest import PROJECT

RECORDINGS = PROJECT / "fixtures" / "recordings"
BASELINES = PROJECT / "tests" / "baselines" / "current"


def test_shipped_recordings_replay_to_the_replicas_pixels(run_cli) -> None:
    result = run_cli("flows", "--target", f"har:{RECORDINGS}/")
    assert result.returncode == 0, result.output
    for item in ALL_IMAGES:
        outcome = compare(BASELINES / item.image, result.out / item.image)
        assert outcome.diff_pixels == 0, item.image
    assert result.key_files() == []  # a replayed key is a placeholder: never kept
    assert "scrubbed placeholder" in result.stdout


def test_record_then_replay_one_path(run_cli, tmp_path: Path) -> None:
    recording = tmp_path / "root.har"
    recorded = run_cli("flows.root", "--record", str(recording), out=tmp_path / "a")
    assert recorded.returncode == 0, recorded.output
    text = recording.read_text()
    key = recorded.key_files()[0].read_text().splitlines()[1].split(",")
    for secret in ("replica-root-Passw0rd", "JBSWY3DPEHPK3PXP", key[0], key[1]):
        assert secret not in text
    assert "<password>" in text
    mfa = next(e for e in json.loads(text)["log"]["entries"] if e["request"]["url"].endswith("/signin/mfa"))
    assert json.loads(mfa["request"]["postData"]["text"])["code"] in {"*", "<mfa-code>"}
    replayed = run_cli("flows.root", "--target", f"har:{recording}", out=tmp_path / "b")
    assert replayed.returncode == 0, replayed.output
    for image in (tmp_path / "a").glob("*.png"):
        assert compare(image, tmp_path / "b" / image.name).diff_pixels == 0, image.name


def test_a_request_missing_from_the_recording_fails_with_its_url(run_cli, tmp_path: Path) -> None:
    """The recording holds every call the path needs (so it loads) but not the page data IAM asks for."""
    har = json.loads((RECORDINGS / "root.har").read_text())
    entries = har["log"]["entries"]
    har["log"]["entries"] = [e for e in entries if "/api/page?" not in e["request"]["url"]]
    assert len(har["log"]["entries"]) < len(entries)
    cut = tmp_path / "cut.har"
    cut.write_text(json.dumps(har))
    result = run_cli("flows.root", "--target", f"har:{cut}", "--timeout", "5")
    assert result.returncode == ExitCode.BAD_RECORDING, result.output
    assert "could not answer: GET https://us-east-1.console.aws.amazon.com/" in result.stderr
    assert "--record" in result.stderr


def test_corrupt_recording_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.har"
    broken.write_text('{"log": {"entries": [')
    result = run_cli("flows.root", "--target", f"har:{broken}")
    assert result.returncode == ExitCode.BAD_RECORDING, result.output
    assert "broken.har" in result.stderr


def test_both_paths_need_both_recordings(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "recs"
    folder.mkdir()
    (folder / "root.har").write_bytes((RECORDINGS / "root.har").read_bytes())
    result = run_cli("flows", "--target", f"har:{folder}/")
    assert result.returncode == ExitCode.BAD_SETTING
    assert "no recording of the iam path" in result.stderr


def test_a_recording_of_the_other_path_is_refused_at_once(run_cli) -> None:
    result = run_cli("flows.root", "--target", f"har:{RECORDINGS / 'iam.har'}")
    assert result.returncode == ExitCode.BAD_RECORDING, result.output
    assert "not of the root path" in result.stderr
    assert result.images() == []


def test_an_unscrubbed_recording_is_refused(run_cli, tmp_path: Path) -> None:
    text = (RECORDINGS / "root.har").read_text()
    planted = tmp_path / "planted.har"
    real_looking = "AKIA" + "QWERTYUIOPASDFGH"
    planted.write_text(text.replace("AKIAREDAAAAABEXAMPLE", real_looking, 1))
    result = run_cli("flows.root", "--target", f"har:{planted}")
    assert result.returncode == ExitCode.BAD_RECORDING, result.output
    assert "secret-looking" in result.stderr and real_looking not in result.output
