"""The leak scanner finds each secret in every form and every kind of artifact, and nothing else."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from automation.leakscan import LeakScanner, Secret, describe_findings

needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

PASSWORD = "replica-root-Passw0rd"
SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzzzz" + "KEY+abcd12"  # built from parts: no real-looking value
SECRETS = [
    Secret("password", PASSWORD),
    Secret("secret access key", SECRET),
    Secret("account id", "123456789012"),
]


def labels(findings) -> set[str]:
    return {finding.label for finding in findings}


@pytest.mark.parametrize(
    "text",
    [
        f"typed {PASSWORD} here",
        json.dumps({"a": SECRET}),
        f"https://x/?p={quote(SECRET, safe='')}",
        f"<input value='{PASSWORD}'>",
    ],
    ids=["raw", "json", "url-encoded", "html"],
)
def test_every_form_of_a_secret_is_found(text: str) -> None:
    assert labels(LeakScanner(SECRETS, ocr=False).scan_text(text, "log")) & {"password", "secret access key"}


def test_the_dashed_account_id_counts() -> None:
    found = LeakScanner(SECRETS, ocr=False).scan_text("Account 1234-5678-9012", "page")
    assert labels(found) == {"account id"}


def test_clean_text_has_no_findings() -> None:
    assert LeakScanner(SECRETS, ocr=False).scan_text("AKIAIOSFODNN7EXAMPLE 111122223333 ••••", "x") == []


def test_zip_members_are_scanned_one_by_one_and_named(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("trace.trace", json.dumps({"snapshot": f"<td>{SECRET}</td>"}))
        archive.writestr("resources/abc.json", b"{}")
    (tmp_path / "failures").mkdir()
    (tmp_path / "failures" / "root-trace.zip").write_bytes(buffer.getvalue())
    (tmp_path / "run.log").write_text(f"password={PASSWORD}\n")
    scanner = LeakScanner(SECRETS, ocr=False)
    found = scanner.scan_run([tmp_path], {"stderr": "nothing here"})
    where = {(f.label, Path(f.where).name) for f in found}
    assert ("secret access key", "root-trace.zip!trace.trace") in where
    assert ("password", "run.log") in where
    assert any(w.endswith("resources/abc.json") for w in scanner.scanned) and "stderr" in scanner.scanned
    assert "secret access key in" in describe_findings(found) and SECRET not in describe_findings(found)


def test_a_secret_inside_binary_bytes_is_found() -> None:
    data = b"\x00\x01\xff" + SECRET.encode() + b"\x00"
    assert labels(LeakScanner(SECRETS, ocr=False).scan_bytes(data, "blob.bin")) == {"secret access key"}


@needs_ocr
def test_ocr_reads_a_secret_in_an_image_and_not_a_masked_one(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 900, "height": 200})
    page.set_content(f"<p style='font: 28px monospace'>Password {PASSWORD}</p>")
    leaky = tmp_path / "leaky.png"
    page.screenshot(path=str(leaky))
    page.set_content("<p style='font: 28px monospace'>Password ••••••••</p>")
    clean = tmp_path / "clean.png"
    page.screenshot(path=str(clean))
    scanner = LeakScanner(SECRETS, ocr=True)
    assert [(f.label, f.how) for f in scanner.scan_file(leaky)] == [("password", "ocr")]
    assert scanner.scan_file(clean) == []


@needs_ocr
@pytest.mark.parametrize("fmt", ["webp", "jpeg"])
def test_ocr_reads_webp_and_jpeg_images_too(page: Page, tmp_path: Path, fmt: str) -> None:
    """Published images may be WebP or JPEG: the scanner reads them by content, whatever their name."""
    import io

    from PIL import Image

    page.set_viewport_size({"width": 900, "height": 200})
    page.set_content(f"<p style='font: 28px monospace'>Password {PASSWORD}</p>")
    image = Image.open(io.BytesIO(page.screenshot()))
    leaky = tmp_path / "leaky.img"  # no telling suffix: found by its bytes
    image.save(leaky, format=fmt.upper(), quality=90)
    findings = LeakScanner(SECRETS, ocr=True).scan_file(leaky)
    assert [(f.label, f.how) for f in findings] == [("password", "ocr")]
