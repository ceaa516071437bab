"""The classic (January 2014) edition end to end: both paths, its key files, two keys, nothing leaked."""

from __future__ import annotations

import stat

from automation.errors import ExitCode
from automation.keys import parse_key_file
from automation.keys.model import KeyFileFormat
from automation.redaction import EXAMPLE_KEY_ID
from flows.catalog import ALL_IMAGES, IAM_IMAGES, ROOT_IMAGES

from .conftest import KEY_ID, PROJECT, needs_ocr, ocr_text

CLASSIC = ("--edition", "classic")


def test_classic_root_path_downloads_the_legacy_rootkey_file(run_cli) -> None:
    result = run_cli("flows.root", *CLASSIC)
    assert result.returncode == 0, result.output
    assert sorted(p.name for p in result.images()) == sorted(item.image for item in ROOT_IMAGES)
    for item in ROOT_IMAGES:  # the same steps as the current edition
        assert item.step in result.stderr
    assert "edition classic" in result.stderr
    [key_file] = result.key_files()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    data = key_file.read_bytes()
    assert data.startswith(b"AWSAccessKeyId=")  # rootkey.csv as the 2015 console wrote it, kept as is
    key = parse_key_file(data, key_file.name)
    assert key.format is KeyFileFormat.LEGACY_ROOT
    assert KEY_ID.fullmatch(key.access_key_id)
    assert key.secret_access_key not in result.output and key.access_key_id not in result.output


def test_classic_iam_path_downloads_the_2015_credentials_file(run_cli) -> None:
    result = run_cli("flows.iam", *CLASSIC)
    assert result.returncode == 0, result.output
    assert sorted(p.name for p in result.images()) == sorted(item.image for item in IAM_IMAGES)
    [key_file] = result.key_files()
    data = key_file.read_bytes()
    assert data.startswith(b"User Name,Access Key Id,Secret Access Key\n")
    key = parse_key_file(data, key_file.name)
    assert key.format is KeyFileFormat.IAM_2015
    assert key.user_name == "course-author"
    assert key.secret_access_key not in result.output and key.access_key_id not in result.output


def test_classic_root_at_two_keys_is_refused_before_any_create_click(run_cli) -> None:
    result = run_cli("flows.root", *CLASSIC, "--replica-fault", "two-keys")
    assert result.returncode == ExitCode.REFUSED, result.output
    assert "maximum of two access keys" in result.stderr
    assert "Find the Access keys section" in result.stderr
    assert result.stderr.count("****************") == 2  # both keys listed, masked
    assert not KEY_ID.search(result.output)
    assert result.key_files() == []
    assert list(result.failures.glob("*.png"))


def test_classic_iam_at_two_keys_is_refused(run_cli) -> None:
    result = run_cli("flows.iam", *CLASSIC, "--replica-fault", "two-keys")
    assert result.returncode == ExitCode.REFUSED, result.output
    assert "maximum of two access keys" in result.stderr
    assert "Open the user's Security credentials" in result.stderr
    assert result.key_files() == []


def test_classic_delete_key_frees_a_slot_through_the_classic_dialogs(run_cli) -> None:
    import re

    for flow in ("flows.root", "flows.iam"):
        refused = run_cli(flow, *CLASSIC, "--replica-fault", "two-keys")
        last_four = re.findall(r"\*{16}([A-Z2-7]{4})", refused.stderr)[0]
        result = run_cli(flow, *CLASSIC, "--replica-fault", "two-keys", "--delete-key", last_four)
        assert result.returncode == 0, result.output
        assert f"deleted access key ****************{last_four}" in result.stdout


def test_classic_failure_after_create_reports_the_orphan_and_creates_no_second(run_cli) -> None:
    result = run_cli("flows.root", *CLASSIC, "--replica-fault", "create-fails-after-commit", "--timeout", "5")
    assert result.returncode == ExitCode.STEP_FAILED, result.output
    assert "now exists" in result.stderr and "does not try again" in result.stderr
    assert result.key_files() == []


def test_classic_cleanup_deletes_the_new_key_on_both_paths(run_cli) -> None:
    result = run_cli("flows", *CLASSIC, "--cleanup")
    assert result.returncode == 0, result.output
    assert len(result.images()) == len(ALL_IMAGES)
    assert result.key_files() == []
    assert result.stdout.count("deleted the key this run created") == 2


@needs_ocr
def test_classic_images_hold_no_secret(run_cli) -> None:
    """The published images showed a real key id (twice); regenerated ones show only AWS's example id."""
    result = run_cli("flows", *CLASSIC)
    assert result.returncode == 0, result.output
    keys = [parse_key_file(f.read_bytes(), f.name) for f in result.key_files()]
    assert len(keys) == 2
    assert result.state is not None
    listed = [key["id"] for holder in result.state["keys"].values() for key in holder]
    [seeded] = [k for k in result.state["keys"]["course-author"] if k["id"] not in result.created_keys]
    texts = {image.name: ocr_text(image).replace(" ", "") for image in result.images()}
    assert sorted(texts) == sorted(item.image for item in ALL_IMAGES)
    for name, text in texts.items():
        for key in keys:
            assert key.access_key_id not in text, name
            assert key.secret_access_key[:12] not in text, name
        for key_id in listed:
            assert key_id not in text, name
        assert "123456789012" not in text and "1234-5678-9012" not in text, name
    # Positive control: the user's existing key is listed on the Security Credentials tab and in Manage
    # Access Keys (as in the published images), so OCR reads the example id masking put there.
    assert seeded["status"] == "Active"
    for name in ("iam-security-credentials-page.png", "iam-create-key-page.png"):
        assert EXAMPLE_KEY_ID in texts[name], name


def test_page_with_edition_classic_regenerates_the_pages_images_in_classic(run_cli, tmp_path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    page = course / "lesson.md"
    page.write_text("# Lesson\n\n![menu](images/root-menu.png)\n")
    result = run_cli("flows", "--page", str(page), *CLASSIC, pass_out=False)
    assert result.returncode == 0, result.output
    written = course / "images" / "root-menu.png"
    assert written.is_file()
    assert (
        written.read_bytes() != (PROJECT / "tests" / "baselines" / "current" / "root-menu.png").read_bytes()
    )


def test_a_recording_of_the_classic_replica_replays_with_the_classic_edition(run_cli, tmp_path) -> None:
    har = tmp_path / "classic-root.har"
    recorded = run_cli("flows.root", *CLASSIC, "--record", str(har))
    assert recorded.returncode == 0, recorded.output
    key = parse_key_file(recorded.key_files()[0].read_bytes(), "k.csv")
    text = har.read_text()
    assert "/__replica/classic/classic.js" in text
    assert key.secret_access_key not in text and key.access_key_id not in text
    replayed = run_cli("flows.root", *CLASSIC, "--target", f"har:{har}", out=tmp_path / "replayed")
    assert replayed.returncode == 0, replayed.output
    assert len(replayed.images()) == len(ROOT_IMAGES)
