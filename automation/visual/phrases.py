"""UI phrases a published screenshot shows, read by OCR, and how many of them a regenerated image shows.

A *phrase* is a run of words on one line with no wide gap between them: a button label, a menu item, a
column heading. The author's callouts (red ink) are wiped before reading, and secret-looking words (an
access key id) are dropped: neither is the console's UI. Matching is done on normalized words and
tolerates small OCR slips on either side.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from PIL import Image

#: OCR runs on the image scaled up this much: Tesseract reads 11-13 px screen text badly at 1x.
OCR_SCALE = 2
#: Words Tesseract is less sure of than this are left out of phrases.
MIN_CONFIDENCE = 45.0
#: Two words belong to one phrase when the gap between them is below this many word heights.
PHRASE_GAP = 1.1
#: A phrase counts as found when its words match this closely (difflib ratio) somewhere.
FUZZY_MATCH = 0.84
_KEY_ID = re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{12,}")
_WORD = re.compile(r"[a-z0-9]+")


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed (or failed on an image)."""


@dataclass(frozen=True)
class Word:
    """One word Tesseract read, with its box (in the scaled image) and line."""

    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]
    confidence: float


@dataclass(frozen=True)
class PhraseShare:
    """How many of a published image's phrases OCR finds in the regenerated one."""

    phrases: tuple[str, ...]
    found: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The phrases that were not found, in reading order."""
        return tuple(p for p in self.phrases if p not in self.found)

    @property
    def share(self) -> float:
        """Found phrases over all phrases (0.0 when the published image has none)."""
        return len(self.found) / len(self.phrases) if self.phrases else 0.0


def callout_ink(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where the author's red callout bubbles, arrows and hand-drawn boxes are (not the console's orange)."""
    return (r > 170) & (g < 115) & (b < 115) & (r - g > 90)


def prepared_for_ocr(image: Image.Image, *, wipe_callouts: bool) -> Image.Image:
    """Greyscale, on white, scaled up; with ``wipe_callouts`` the red callout ink becomes white."""
    rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    rgb = flat.convert("RGB")
    if wipe_callouts:
        pixels = np.asarray(rgb).astype(np.int16)
        r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
        pixels[callout_ink(r, g, b)] = 255
        rgb = Image.fromarray(pixels.astype(np.uint8), "RGB")
    grey = rgb.convert("L")
    return grey.resize((grey.width * OCR_SCALE, grey.height * OCR_SCALE), Image.Resampling.LANCZOS)


def read_words(image: Image.Image) -> list[Word]:
    """Every word Tesseract reads in ``image`` (sparse text mode), in reading order."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable("tesseract is not installed")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "11", "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=180,
    )
    if done.returncode != 0:
        raise OcrUnavailable(done.stderr.decode("utf-8", "replace").strip()[:200] or "tesseract failed")
    rows = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=3)
    words = []
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        words.append(
            Word(
                text=text,
                left=int(row["left"]),
                top=int(row["top"]),
                width=int(row["width"]),
                height=int(row["height"]),
                line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
                confidence=float(row["conf"]),
            )
        )
    return words


def normalized(text: str) -> list[str]:
    """Lower-case words of letters and digits; punctuation, symbols and lone letters (a caret read as
    "v", a close box read as "x") are dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 or w.isdigit()]


def _is_ui_phrase(words: Sequence[Word]) -> bool:
    text = " ".join(w.text for w in words)
    if _KEY_ID.search(text.upper().replace(" ", "")):
        return False  # a secret, not the console's UI
    letters = sum(c.isalpha() for c in text)
    return letters >= 3 and any(sum(c.isalpha() for c in w.text) >= 2 for w in words)


def group_phrases(words: Iterable[Word]) -> list[str]:
    """Words of one line split at wide gaps: each run is a phrase (confident words only)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        if word.confidence >= MIN_CONFIDENCE and normalized(word.text):
            lines.setdefault(word.line, []).append(word)
    phrases: list[str] = []
    for line in lines.values():
        line.sort(key=lambda w: w.left)
        run: list[Word] = [line[0]]
        for word in line[1:]:
            previous = run[-1]
            gap = word.left - (previous.left + previous.width)
            if gap > PHRASE_GAP * max(previous.height, word.height):
                if _is_ui_phrase(run):
                    phrases.append(" ".join(w.text for w in run))
                run = [word]
            else:
                run.append(word)
        if _is_ui_phrase(run):
            phrases.append(" ".join(w.text for w in run))
    return list(dict.fromkeys(phrases))


def phrase_found(phrase: str, tokens: Sequence[str]) -> bool:
    """Whether the phrase's words occur, in order and nearly exactly, among ``tokens``."""
    wanted = normalized(phrase)
    if not wanted:
        return False
    target = " ".join(wanted)
    size = len(wanted)
    for start in range(max(1, len(tokens) - size + 1)):
        window = " ".join(tokens[start : start + size])
        if window == target or SequenceMatcher(None, window, target).ratio() >= FUZZY_MATCH:
            return True
    return False


def published_phrases(path: Path) -> list[str]:
    """The UI phrases of a published image (callouts wiped, secrets dropped)."""
    with Image.open(path) as image:
        return group_phrases(read_words(prepared_for_ocr(image, wipe_callouts=True)))


def image_tokens(path: Path) -> list[str]:
    """Every normalized word OCR reads in an image, in reading order."""
    with Image.open(path) as image:
        words = read_words(prepared_for_ocr(image, wipe_callouts=False))
    return [token for word in words for token in normalized(word.text)]


def phrase_share(published: Path, regenerated: Path) -> PhraseShare:
    """The published image's phrases and those OCR also finds in the regenerated image."""
    phrases = published_phrases(published)
    tokens = image_tokens(regenerated)
    found = tuple(p for p in phrases if phrase_found(p, tokens))
    return PhraseShare(tuple(phrases), found)
