"""The IAM path and the all-in-one run end to end on the replica; --verify, --profile and --page."""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

from PIL import Image

from automation.errors import ExitCode
from automation.keys import parse_key_file
from automation.visual import compare
from flows.catalog import ALL_IMAGES, IAM_IMAGES

from .conftest import PROJECT, needs_ocr, ocr_text


def test_iam_flow_writes_five_images_and_a_private_key(run_cli) -> None:
    result = run_cli("flows.iam", "--use-case", "cli", "--description", "course demo")
    assert result.returncode == 0, result.output
    assert sorted(p.name for p in result.images()) == sorted(item.image for item in IAM_IMAGES)
    for item in IAM_IMAGES:
        assert item.step in result.stderr
    [key_file] = result.key_files()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = parse_key_file(key_file.read_bytes(), key_file.name)
    assert key.secret_access_key not in result.output and key.access_key_id not in result.output
    assert "replica-iam-Passw0rd" not in result.output


def test_all_in_one_writes_nine_distinct_images(run_cli) -> None:
    result = run_cli("flows")
    assert result.returncode == 0, result.output
    images = result.images()
    assert sorted(p.name for p in images) == sorted(item.image for item in ALL_IMAGES)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in images}
    assert len(digests) == 9, "every image must show something different"
    for image in images:
        with Image.open(image) as img:
            assert img.size == (1280, 800)
    assert sorted(p.name for p in result.key_files()) == ["access-keys-iam.csv", "access-keys-root.csv"]


def test_runs_are_deterministic(run_cli, tmp_path: Path) -> None:
    first = run_cli("flows.iam", out=tmp_path / "a", keys=tmp_path / "ka")
    second = run_cli("flows.iam", out=tmp_path / "b", keys=tmp_path / "kb")
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    for image in first.images():
        # Same pixels, judged as pixelmatch does: Chromium may move a few anti-aliased corner
        # pixels by 1-3 levels between runs, far under the 0.1 colour threshold.
        assert compare(image, tmp_path / "b" / image.name).diff_pixels == 0, image.name


@needs_ocr
def test_iam_images_hold_no_secret(run_cli) -> None:
    result = run_cli("flows.iam")
    assert result.returncode == 0, result.output
    key = parse_key_file(result.key_files()[0].read_bytes(), "k.csv")
    for image in result.images():
        text = ocr_text(image).replace(" ", "")
        assert key.access_key_id not in text, image.name
        assert key.secret_access_key[:12] not in text, image.name
        assert "123456789012" not in text, image.name


def test_verify_prints_the_caller_arn(run_cli) -> None:
    result = run_cli("flows.iam", "--verify")
    assert result.returncode == 0, result.output
    assert "the key works; caller arn:aws:iam::••••••••:user/course-author" in result.stdout
    for account_id in ("111122223333", "123456789012"):
        assert account_id not in result.output  # the account id is masked


def test_profile_is_written_and_other_profiles_kept(run_cli, tmp_path: Path) -> None:
    credentials = tmp_path / "home" / ".aws" / "credentials"
    credentials.parent.mkdir(parents=True)
    existing = b"# mine\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nregion=eu-west-1\n"
    credentials.write_bytes(existing)
    result = run_cli("flows.iam", "--profile", "course")
    assert result.returncode == 0, result.output
    text = credentials.read_bytes()
    assert text.startswith(existing)
    key = parse_key_file(result.key_files()[0].read_bytes(), "k.csv")
    assert f"[course]\naws_access_key_id = {key.access_key_id}".encode() in text
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    import_copy = result.keys / "access-keys-import.csv"
    assert import_copy.read_text().startswith("User Name,Access Key ID,Secret Access Key\ncourse-author,")
    # A second run must not replace the profile without --force, and must create no key.
    again = run_cli("flows.iam", "--profile", "course", keys=tmp_path / "keys2")
    assert again.returncode == ExitCode.REFUSED, again.output
    assert "--force" in again.stderr
    assert not (tmp_path / "keys2").exists() or not list((tmp_path / "keys2").glob("*.csv"))


def test_page_regenerates_exactly_the_pages_images(run_cli, tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    page = course / "lesson.md"
    page.write_text('# Lesson\n\n![menu](images/root-menu.png)\n\n<img src="images/iam-iam-page.png">\n')
    result = run_cli("flows", "--page", str(page), pass_out=False)
    assert result.returncode == 0, result.output
    assert not result.out.exists()  # nothing went to a default folder
    written = sorted(p.name for p in (course / "images").glob("*.png"))
    assert written == ["iam-iam-page.png", "root-menu.png"]
    both = run_cli("flows", "--page", str(page))  # with --out too: refused, --out would be ignored
    assert both.returncode == ExitCode.BAD_SETTING and "--page" in both.stderr


def test_coverage_of_the_sample_page() -> None:
    import subprocess
    import sys

    sample = PROJECT / "fixtures" / "course" / "access-keys.md"
    done = subprocess.run(
        [sys.executable, "-m", "flows", "coverage", str(sample)], capture_output=True, text=True, cwd=PROJECT
    )
    assert done.returncode == 0, done.stderr
    for item in ALL_IMAGES:
        assert item.image in done.stdout


def test_two_keys_on_the_iam_user(run_cli) -> None:
    result = run_cli("flows.iam", "--replica-fault", "two-keys")
    assert result.returncode == ExitCode.REFUSED
    assert "IAM user course-author already has the maximum of two access keys" in result.stderr
    assert result.key_files() == []


def test_images_go_where_out_says(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er"
    result = run_cli("flows.root", out=target)
    assert result.returncode == 0
    assert len(list(target.glob("*.png"))) == 4
    shutil.rmtree(target)


def test_key_for_another_user_goes_to_that_user(run_cli) -> None:
    result = run_cli("flows.iam", "--user", "ci-deployer", "--use-case", "other", "--verify")
    assert result.returncode == 0, result.output
    assert ":user/ci-deployer" in result.stdout


def test_iam_captcha_headless_says_rerun_headed(run_cli) -> None:
    result = run_cli("flows.iam", "--replica-fault", "captcha")
    assert result.returncode == ExitCode.REFUSED, result.output
    assert "--headed" in result.stderr


def test_missing_mfa_seed_without_terminal_is_a_setting_error(run_cli) -> None:
    result = run_cli("flows.iam", "--replica-fault", "iam-mfa")
    assert result.returncode == ExitCode.BAD_SETTING, result.output
    assert "no MFA seed is set" in result.stderr


def test_unknown_user_is_named(run_cli) -> None:
    result = run_cli("flows.iam", "--user", "nobody")
    assert result.returncode == ExitCode.STEP_FAILED
    assert "IAM lists no user named 'nobody'" in result.stderr


def test_second_run_reuses_the_session(run_cli, tmp_path: Path) -> None:
    first = run_cli("flows.iam")
    assert first.returncode == 0, first.output
    sessions = list((first.keys / "sessions").glob("replica-iam-*.json"))
    assert len(sessions) == 1 and sessions[0].stat().st_mode & 0o777 == 0o600
    second = run_cli("flows.iam", "--replica-fault", "captcha")  # another fault set: a new sign-in
    assert second.returncode == ExitCode.REFUSED
    # Same identity, no faults: the saved session is reused, so even a wrong password is never asked for.
    wrong = tmp_path / "wrong.env"
    wrong.write_text(
        "AWS_CONSOLE_ACCOUNT=123456789012\nAWS_CONSOLE_IAM_USER=course-author\n"
        "AWS_CONSOLE_IAM_PASSWORD=not-the-password\n"
    )
    wrong.chmod(0o600)
    third = run_cli("flows.iam", "--cleanup", "--env-file", str(wrong))
    assert third.returncode == 0, third.output
