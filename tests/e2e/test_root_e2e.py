"""The root path end to end on the replica, as `python -m flows.root` runs it."""

from __future__ import annotations

import stat

from PIL import Image

from automation.errors import ExitCode
from automation.keys import parse_key_file
from automation.redaction import EXAMPLE_SECRET
from flows.catalog import ROOT_IMAGES

from .conftest import KEY_ID, PROJECT, needs_ocr, ocr_text


def test_root_flow_writes_four_images_and_a_private_key(run_cli) -> None:
    result = run_cli("flows.root")
    assert result.returncode == 0, result.output
    names = sorted(p.name for p in result.images())
    assert names == sorted(item.image for item in ROOT_IMAGES)
    for image in result.images():
        with Image.open(image) as img:
            assert img.size == (1280, 800)
    for item in ROOT_IMAGES:  # progress names each step that produces an image
        assert item.step in result.stderr
    [key_file] = result.key_files()
    assert key_file.name == "access-keys.csv"
    assert stat.S_IMODE(result.keys.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = parse_key_file(key_file.read_bytes(), key_file.name)
    assert KEY_ID.fullmatch(key.access_key_id)
    assert str(key_file) in result.stdout  # the summary says where it went
    # Nothing secret on the terminal: not the key, not the password.
    assert key.secret_access_key not in result.output
    assert key.access_key_id not in result.output
    assert "replica-root-Passw0rd" not in result.output


@needs_ocr
def test_root_images_hold_no_secret(run_cli) -> None:
    result = run_cli("flows.root")
    assert result.returncode == 0, result.output
    key = parse_key_file(result.key_files()[0].read_bytes(), "k.csv")
    texts = {image.name: ocr_text(image) for image in result.images()}
    for name, text in texts.items():
        squeezed = text.replace(" ", "")
        assert key.access_key_id not in squeezed, name
        assert key.secret_access_key[:12] not in squeezed, name
        assert "123456789012" not in squeezed and "1234-5678-9012" not in squeezed, name
    # Positive control: OCR does read key ids, and the masked example id is what the page shows.
    assert "AKIAIOSFODNN7EXAMPLE" in texts["root-download-new-keys.png"].replace(" ", "")
    assert EXAMPLE_SECRET not in texts["root-download-new-keys.png"]  # the secret stays hidden (****)


def test_second_run_never_overwrites_the_key_file(run_cli) -> None:
    first = run_cli("flows.root")
    assert first.returncode == 0, first.output
    [original] = first.key_files()
    before = original.read_bytes()
    second = run_cli("flows.root")
    assert second.returncode == 0, second.output
    files = second.key_files()
    assert len(files) == 2 and original.read_bytes() == before
    [new] = [f for f in files if f != original]
    assert str(new) in second.stdout


def test_two_keys_already_is_refused_and_nothing_created(run_cli) -> None:
    result = run_cli("flows.root", "--replica-fault", "two-keys")
    assert result.returncode == ExitCode.REFUSED, result.output
    assert "maximum of two access keys" in result.stderr
    assert "Find the Access keys section" in result.stderr
    assert result.key_files() == []
    assert list(result.failures.glob("*.png"))


def test_ui_drift_names_the_step_and_leaves_a_screenshot(run_cli) -> None:
    result = run_cli("flows.root", "--replica-fault", "label-drift", "--timeout", "3")
    assert result.returncode == ExitCode.STEP_FAILED, result.output
    assert "Step 'Find the Access keys section' failed" in result.stderr
    assert "UI drift" in result.stderr
    [shot] = list(result.failures.glob("*.png"))
    assert shot.name.startswith("root-")
    assert result.key_files() == []


def test_wrong_password_is_refused_without_retry(run_cli, tmp_path) -> None:
    env = tmp_path / "wrong.env"
    env.write_text(
        "AWS_CONSOLE_ROOT_EMAIL=root@example.com\nAWS_CONSOLE_ROOT_PASSWORD=not-the-password\n"
        "AWS_CONSOLE_ROOT_MFA_SEED=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n"
    )
    env.chmod(0o600)
    result = run_cli("flows.root", "--env-file", str(env), "--timeout", "10")
    assert result.returncode == ExitCode.REFUSED, result.output
    assert "authentication information is incorrect" in result.stderr
    assert "not-the-password" not in result.output
    assert result.images() == []


def test_failure_after_create_reports_the_orphan_key_and_creates_no_second(run_cli) -> None:
    result = run_cli("flows.root", "--replica-fault", "create-fails-after-commit", "--timeout", "5")
    assert result.returncode == ExitCode.STEP_FAILED, result.output
    assert "now exists" in result.stderr and "does not try again" in result.stderr
    assert result.key_files() == []


def test_delete_key_frees_a_slot_through_the_console_dialog(run_cli) -> None:
    refused = run_cli("flows.root", "--replica-fault", "two-keys")
    import re

    last_four = re.findall(r"\*{16}([A-Z2-7]{4})", refused.stderr)[0]
    result = run_cli("flows.root", "--replica-fault", "two-keys", "--delete-key", last_four)
    assert result.returncode == 0, result.output
    assert f"deleted access key ****************{last_four}" in result.stdout
    assert len(result.key_files()) == 1


def test_cleanup_keeps_no_secret_and_deletes_the_new_key(run_cli) -> None:
    result = run_cli("flows.root", "--cleanup")
    assert result.returncode == 0, result.output
    assert len(result.images()) == 4
    assert result.key_files() == []
    assert "deleted the key this run created" in result.stdout


def test_cleanup_with_profile_is_refused_before_anything(run_cli) -> None:
    result = run_cli("flows.root", "--cleanup", "--verify")
    assert result.returncode == ExitCode.BAD_SETTING
    assert result.images() == []


def test_highlight_outlines_the_next_click_and_nothing_else(run_cli) -> None:
    from PIL import Image

    from automation.visual import compare

    plain_dir = PROJECT / "tests" / "baselines" / "current"
    result = run_cli("flows.root", "--highlight")
    assert result.returncode == 0, result.output
    outcome = compare(plain_dir / "root-menu.png", result.out / "root-menu.png")
    assert 0 < outcome.diff_pixels < 5000  # an outline, not a different page
    import numpy as np

    with Image.open(result.out / "root-menu.png") as image:
        pixels = np.asarray(image.convert("RGB"))
    red = int(np.all(pixels == (217, 21, 21), axis=-1).sum())
    assert red > 200


def test_malformed_download_is_refused_and_not_kept(run_cli) -> None:
    result = run_cli("flows.root", "--replica-fault", "malformed-download")
    assert result.returncode == ExitCode.BAD_KEY_FILE, result.output
    assert "Check the key file" in result.stderr and "--delete-key" in result.stderr
    assert result.key_files() == []
    assert not (result.out / "root-download-new-keys.png").exists()
    assert list(result.failures.glob("*.png"))


def test_ctrl_c_stops_at_once_and_leaves_nothing_half_written(tmp_path) -> None:
    import signal
    import subprocess
    import sys

    out, keys = tmp_path / "img", tmp_path / "k"
    command = [sys.executable, "-m", "flows", "--out", str(out), "--keys-dir", str(keys)]
    process = subprocess.Popen(
        command, cwd=PROJECT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:  # wait for real progress, then interrupt
        if "Open the account menu" in line or "Open the Services menu" in line:
            break
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in rest
    # No temp file of a half-written image or key, and every key file present is whole and valid.
    assert [p.name for folder in (out, keys) if folder.exists() for p in folder.glob(".*")] == []
    for key_file in keys.glob("*.csv") if keys.exists() else []:
        parse_key_file(key_file.read_bytes(), key_file.name)
