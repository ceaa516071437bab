"""UI phrases read by OCR from a published image, and the share a regenerated image shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from automation.visual.phrases import (
    PhraseShare,
    Word,
    group_phrases,
    normalized,
    phrase_found,
    phrase_share,
    published_phrases,
)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
RED = (231, 76, 60)


def word(text: str, left: int, line: int = 1, confidence: float = 95.0, width: int | None = None) -> Word:
    return Word(text, left, 10 * line, width or 9 * len(text), 14, (1, 1, line), confidence)


def test_words_of_a_line_split_into_phrases_at_wide_gaps() -> None:
    words = [
        word("My", 0), word("Account", 24),  # gap 3 px: one phrase
        word("Global", 200),  # gap far wider than a word's height: another phrase
        word("Sign", 0, line=2), word("Out", 42, line=2),
    ]  # fmt: skip
    assert group_phrases(words) == ["My Account", "Global", "Sign Out"]


def test_unsure_words_secrets_and_noise_are_not_phrases() -> None:
    words = [
        word("Status", 0, confidence=20.0),  # Tesseract is not sure of it
        word("AKIAIOSFODNN7EXAMPLE", 0, line=2),  # a key id is a secret, not UI
        word("|", 0, line=3), word("v", 12, line=3),  # icon edges, a caret
        word("Manage", 0, line=4), word("Access", 66, line=4), word("Keys", 126, line=4),
    ]  # fmt: skip
    assert group_phrases(words) == ["Manage Access Keys"]


def test_normalized_drops_punctuation_carets_and_close_boxes() -> None:
    assert normalized("Services v") == ["services"]
    assert normalized("Cancel [x]") == ["cancel"]
    assert normalized("Access Keys (Access Key ID and Secret Access Key)") == [
        "access", "keys", "access", "key", "id", "and", "secret", "access", "key",
    ]  # fmt: skip
    assert normalized("X.509 Certificates 1") == ["509", "certificates", "1"]


def test_a_phrase_is_found_in_order_and_despite_a_small_ocr_slip() -> None:
    tokens = normalized("Users Roles Identity Providers Password Policy Create New Access Key")
    assert phrase_found("Identity Providers", tokens)
    assert phrase_found("Create New Acces Key", tokens)  # one letter missed by OCR
    assert not phrase_found("Providers Identity", tokens)  # out of order
    assert not phrase_found("Manage Access Keys", tokens)
    assert not phrase_found("", tokens)


def test_the_share_counts_found_phrases() -> None:
    share = PhraseShare(("A b", "C d", "E f", "G h"), ("A b", "E f"))
    assert share.share == 0.5 and share.missing == ("C d", "G h")
    assert PhraseShare((), ()).share == 0.0


def draw(path: Path, lines: list[tuple[str, tuple[int, int, int]]], fmt: str = "PNG") -> Path:
    """A white image with one line of text per entry, in its colour."""
    image = Image.new("RGBA", (900, 60 * len(lines) + 20), (255, 255, 255, 255))
    pen = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    for row, (text, colour) in enumerate(lines):
        pen.text((20, 20 + 60 * row), text, font=font, fill=colour)
    image.save(path, format=fmt)
    return path


@needs_tesseract
def test_callouts_in_red_are_not_read_as_ui_phrases(tmp_path: Path) -> None:
    published = draw(tmp_path / "pub.png", [("Manage Access Keys", (0, 0, 0)), ("Select this item", RED)])
    assert [normalized(p) for p in published_phrases(published)] == [["manage", "access", "keys"]]


@needs_tesseract
def test_phrase_share_of_a_regenerated_image(tmp_path: Path) -> None:
    ui = [("Download Credentials", (0, 0, 0)), ("Close Window", (51, 51, 51))]
    published = draw(tmp_path / "published.png", [*ui, ("First select a user", RED)], fmt="TIFF")
    same = draw(tmp_path / "same.png", list(reversed(ui)))
    half = draw(tmp_path / "half.png", [("Download Credentials", (0, 0, 0)), ("Cancel", (0, 0, 0))])
    full = phrase_share(published, same)
    assert [normalized(p) for p in full.phrases] == [["download", "credentials"], ["close", "window"]]
    assert full.share == 1.0
    partial = phrase_share(published, half)
    assert partial.share == 0.5 and [normalized(p) for p in partial.missing] == [["close", "window"]]
