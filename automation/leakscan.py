"""Scan everything a run left behind for its secrets: images (OCR), trace zips, HARs, reports, logs, text.

One helper for the tests and for the run itself (it checks each Playwright trace before keeping it).
A value is looked for in the forms it takes inside artifacts: as typed, JSON-escaped, URL-encoded,
HTML-escaped, base64 at every alignment, hex, and (account ids) with dashes. Findings never carry the
value, only its label and where.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from automation.har.known import all_forms

#: Shortest value worth scanning for (shorter ones match by chance).
MIN_SECRET_LENGTH = 6
#: How many characters of a long value OCR must read in a row to count as a leak.
OCR_PREFIX = 12
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
_ZIP_MAGIC = b"PK\x03\x04"
_PNG_MAGIC = b"\x89PNG"
_IMAGE_MAGICS = (_PNG_MAGIC, b"\xff\xd8\xff")  # PNG, JPEG; WebP is RIFF....WEBP


def _is_image(data: bytes, where: str) -> bool:
    return (
        data.startswith(_IMAGE_MAGICS)
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or where.lower().endswith(_IMAGE_SUFFIXES)
    )


@dataclass(frozen=True)
class Secret:
    """A value that must not appear in any artifact, with what it is ("password", "secret access key")."""

    label: str
    value: str


@dataclass(frozen=True)
class LeakFinding:
    """One secret found in one place (a file, a zip member ``file!member``, or ``stdout``)."""

    where: str
    label: str
    how: str = "text"  # "text", "bytes" or "ocr"

    def describe(self) -> str:
        """One line naming the place and the kind of secret, never the value."""
        return f"{self.label} in {self.where} ({self.how})"


def _forms(value: str) -> list[str]:
    """The encodings a value takes inside artifacts, most literal first: text escapes, then base64 (at
    every alignment) and hex of its bytes."""
    values = [value]
    if re.fullmatch(r"\d{12}", value):
        values.append(f"{value[:4]}-{value[4:8]}-{value[8:]}")
    forms = [form for each in values for form, _ in all_forms(each)]
    return list(dict.fromkeys(form for form in forms if len(form) >= MIN_SECRET_LENGTH))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ocr_image_text(data: bytes) -> str:
    """The text Tesseract reads in an image ("" when tesseract is missing)."""
    if shutil.which("tesseract") is None:
        return ""
    if not data.startswith(_PNG_MAGIC):  # WebP and JPEG: Tesseract's image library may lack them
        data = _as_png(data)
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "11"], input=data, capture_output=True, timeout=120
    )
    return done.stdout.decode("utf-8", "replace")


def _as_png(data: bytes) -> bytes:
    """Any image Pillow reads, as PNG bytes (the bytes unchanged when Pillow cannot read them)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return data


@dataclass
class LeakScanner:
    """Looks for known secrets in texts, bytes, files, zips and folders.

    ``ocr``: read images with Tesseract (slow; tests turn it on, the run's own trace check does not).
    """

    secrets: list[Secret]
    ocr: bool = True
    scanned: list[str] = field(default_factory=list)  # every place looked at (tests assert coverage)

    def __post_init__(self) -> None:
        self.secrets = [s for s in self.secrets if s.value and len(s.value) >= MIN_SECRET_LENGTH]
        self._forms = [(secret, _forms(secret.value)) for secret in self.secrets]

    @classmethod
    def for_values(cls, values: Iterable[str], label: str = "secret", *, ocr: bool = False) -> LeakScanner:
        """A scanner for unlabelled values (the run's own check of its trace)."""
        return cls([Secret(label, value) for value in values], ocr=ocr)

    # -- content ------------------------------------------------------------------------------

    def scan_text(self, text: str, where: str) -> list[LeakFinding]:
        """Every secret whose value (in any of its forms) is in ``text``."""
        self.scanned.append(where)
        return [
            LeakFinding(where, secret.label)
            for secret, forms in self._forms
            if any(form in text for form in forms)
        ]

    def scan_bytes(self, data: bytes, where: str) -> list[LeakFinding]:
        """Scan raw content: a zip member by member, an image by OCR too, anything else as text."""
        if data.startswith(_ZIP_MAGIC):
            return list(self._scan_zip(data, where))
        findings = self.scan_text(data.decode("utf-8", "replace"), where)
        if not findings and not data.isascii():
            latin = data.decode("latin-1")  # binary members: the raw bytes, whatever the encoding
            findings = [LeakFinding(where, f.label, "bytes") for f in self.scan_text(latin, where)]
        if self.ocr and _is_image(data, where):
            findings += self._scan_image(data, where)
        return findings

    def _scan_zip(self, data: bytes, where: str) -> Iterator[LeakFinding]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            yield from self.scan_text(data.decode("latin-1"), where)
            return
        with archive:
            for member in archive.infolist():
                if not member.is_dir():
                    yield from self.scan_bytes(archive.read(member), f"{where}!{member.filename}")

    def _scan_image(self, data: bytes, where: str) -> list[LeakFinding]:
        text = _squeeze(ocr_image_text(data))
        found = []
        for secret in self.secrets:
            value = _squeeze(secret.value)
            probes = {value, value[:OCR_PREFIX]} if len(value) > OCR_PREFIX else {value}
            if re.fullmatch(r"\d{12}", value):
                probes.add(f"{value[:4]}-{value[4:8]}-{value[8:]}")
            if any(probe in text for probe in probes):
                found.append(LeakFinding(where, secret.label, "ocr"))
        return found

    # -- files --------------------------------------------------------------------------------

    def scan_file(self, path: Path) -> list[LeakFinding]:
        """Scan one file by its content (zips, traces and images included)."""
        return self.scan_bytes(path.read_bytes(), str(path))

    def scan_folder(self, folder: Path) -> list[LeakFinding]:
        """Scan every file under ``folder`` (hidden ones too)."""
        findings: list[LeakFinding] = []
        if folder.is_file():
            return self.scan_file(folder)
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                findings += self.scan_file(path)
        return findings

    def scan_run(self, folders: Iterable[Path], outputs: dict[str, str] | None = None) -> list[LeakFinding]:
        """Scan the folders a run wrote to and its captured outputs (``{"stdout": ..., "stderr": ...}``)."""
        findings: list[LeakFinding] = []
        for folder in folders:
            findings += self.scan_folder(folder)
        for name, text in (outputs or {}).items():
            findings += self.scan_text(text, name)
        return findings


def describe_findings(findings: list[LeakFinding]) -> str:
    """Findings as lines for an assertion message or an error (never the values)."""
    return "\n".join(finding.describe() for finding in findings) or "no leaks"
