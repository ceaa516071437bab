"""Tutorial text that matches the console: quoted UI labels checked against an edition's labels.

A course page quotes the labels a reader clicks: ``**Create access key**``, ``"Security
Credentials"``, ``*I understand…*``, ``<b>Done</b>``. Every quoted text that is a UI label of some
edition (``automation/pages/<edition>/labels.py``, case ignored) is matched to the step whose image
sits next to it (the first image after it in the same section, else the last one before it), and
checked against the labels the chosen edition shows at that step:

- ``match``: the edition shows it, spelled the same;
- ``case``: it differs in case only (today's spelling is given);
- ``renamed``: the control has a new name (today's label is given);
- ``gone``: the control no longer exists (what replaces it is given).

``suggest`` rewrites the page with today's labels, in the quoted labels and in the images' alt texts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from automation.course.model import CoursePage, ImageReference
from automation.pages.labels import EDITIONS, EditionLabels, StepLabels, labels_for

Outcome = Literal["match", "case", "renamed", "gone"]

_QUOTES = (
    re.compile(r"\*\*(?P<label>[^*\n]+?)\*\*"),
    re.compile(r"(?<![\w_])__(?P<label>[^_\n]+?)__(?![\w_])"),
    re.compile(r"(?<![*\w])\*(?P<label>[^*\n]+?)\*(?![*\w])"),
    re.compile(r"(?<![\w_])_(?P<label>[^_\n]+?)_(?![\w_])"),
    re.compile(r"\"(?P<label>[^\"\n]+?)\""),
    re.compile(r"“(?P<label>[^”\n]+?)”"),
    re.compile(r"<(?P<tag>b|strong|em|i|kbd)>(?P<label>[^<\n]+?)</(?P=tag)>", re.I),
)
_FENCE = re.compile(r"^\s{0,3}(?:>\s*)*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_IMAGE_SYNTAX = re.compile(r"!\[[^\]\n]*\]|<img\b[^>]*>", re.I)


@dataclass(frozen=True)
class QuotedLabel:
    """A UI label quoted in the page's text, where it is, and the step it belongs to."""

    label: str
    line: int  # 1-based
    start: int  # offset of the label text (inside the quotes) in the page text
    step: str | None  # image name of the step, None when the page has no image to tie it to


@dataclass(frozen=True)
class LabelCheck:
    """A quoted label checked against an edition: the outcome and today's label."""

    quoted: QuotedLabel
    outcome: Outcome
    today: str  # the edition's label (for a match, the label itself)
    edition: str

    @property
    def fixable(self) -> bool:
        return self.outcome != "match" and self.today != self.quoted.label


def quoted_labels(page: CoursePage) -> list[QuotedLabel]:
    """Every quoted text of the page that is a UI label of some edition, in page order."""
    known = _known_labels()
    text = page.text
    images = sorted((ref for ref in page.rendered if ref.name), key=lambda ref: ref.line)
    sections = _section_starts(text)
    found: list[QuotedLabel] = []
    for line_number, line_start, line in _prose_lines(text):
        masked = _mask(line)
        for pattern in _QUOTES:
            for match in pattern.finditer(masked):
                label = " ".join(match.group("label").split()).strip()
                if label.casefold() not in known:
                    continue
                start = line_start + match.start("label")
                found.append(QuotedLabel(label, line_number, start, _step_of(line_number, images, sections)))
    found.sort(key=lambda item: item.start)
    unique: dict[int, QuotedLabel] = {}
    for item in found:
        unique.setdefault(item.start, item)  # "**x**" is not also an "*x*"
    return list(unique.values())


def check_labels(page: CoursePage, edition: str) -> list[LabelCheck]:
    """Each quoted UI label of ``page`` checked against what ``edition`` shows at its step."""
    table = labels_for(edition)
    return [_check(quoted, table) for quoted in quoted_labels(page)]


def _check(quoted: QuotedLabel, table: EditionLabels) -> LabelCheck:
    label = quoted.label
    step = table.steps.get(quoted.step or "", StepLabels(shown=()))
    everywhere = table.all_shown()
    for shown in (step.shown, everywhere):
        if label in shown:
            return LabelCheck(quoted, "match", label, table.edition)
    for renamed, gone in ((step.renamed, step.gone), (table.renamed, table.gone)):
        if label in renamed:
            return LabelCheck(quoted, "renamed", renamed[label], table.edition)
        if label in gone:
            return LabelCheck(quoted, "gone", gone[label], table.edition)
    for shown in (step.shown, everywhere):
        same = [item for item in shown if item.casefold() == label.casefold()]
        if same:
            return LabelCheck(quoted, "case", same[0], table.edition)
    for renamed, gone in ((step.renamed, step.gone), (table.renamed, table.gone)):
        for old, new in renamed.items():
            if old.casefold() == label.casefold():
                return LabelCheck(quoted, "renamed", new, table.edition)
        for old, new in gone.items():
            if old.casefold() == label.casefold():
                return LabelCheck(quoted, "gone", new, table.edition)
    closest = difflib.get_close_matches(label, step.shown or everywhere, n=1, cutoff=0.0)
    return LabelCheck(quoted, "gone", closest[0] if closest else label, table.edition)


def suggest(page: CoursePage, checks: Sequence[LabelCheck]) -> str:
    """The page's text with today's labels in its quoted labels and in its images' alt texts."""
    text = page.text
    edits: list[tuple[int, int, str]] = []
    for check in checks:
        if check.fixable:
            start = check.quoted.start
            edits.append((start, start + len(check.quoted.label), check.today))
    table = labels_for(checks[0].edition) if checks else None
    if table is not None:
        edits += _alt_text_edits(text, page.rendered, table)
    result = text
    for start, end, new in sorted(set(edits), reverse=True):
        result = result[:start] + new + result[end:]
    return result


def unified_diff(page: CoursePage, new_text: str) -> str:
    """A unified diff from the page to ``new_text`` ('' when nothing changes)."""
    name = str(page.path) if page.path is not None else "page.md"
    return "".join(
        difflib.unified_diff(
            page.text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=name if name.startswith("/") else f"a/{name}",
            tofile=name if name.startswith("/") else f"b/{name}",
        )
    )


# ----------------------------------------------------------------------------------------------


def _known_labels() -> dict[str, str]:
    known: dict[str, str] = {}
    for edition in EDITIONS:
        for label in labels_for(edition).known():
            known.setdefault(label.casefold(), label)
    return known


def _prose_lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(line number, offset, line) of the page's prose: no front matter, no fenced code."""
    offset = 0
    fence: str | None = None
    body_start = _body_start(text)
    for number, line in enumerate(text.split("\n"), start=1):
        start = offset
        offset += len(line) + 1
        if start < body_start:
            continue
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * 3
            continue
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        yield number, start, line


def _body_start(text: str) -> int:
    if not text.startswith("---\n"):
        return 0
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    return 4 + close.end() if close else 0


def _mask(line: str) -> str:
    """The line with inline code, Liquid and image syntax blanked (offsets kept)."""
    for pattern in (_INLINE_CODE, _LIQUID):
        line = pattern.sub(lambda match: " " * len(match.group(0)), line)
    return line


def _section_starts(text: str) -> list[int]:
    return [number for number, line in enumerate(text.split("\n"), start=1) if re.match(r"#{1,6}\s", line)]


def _step_of(line: int, images: Sequence[ImageReference], sections: Sequence[int]) -> str | None:
    """The image next to a label: the first after it in its section, else the last before it."""
    section_start = max((start for start in sections if start <= line), default=0)
    section_end = min((start for start in sections if start > line), default=10**9)
    after = [ref for ref in images if line <= ref.line < section_end]
    if after:
        return after[0].name
    before = [ref for ref in images if section_start <= ref.line < line]
    return before[-1].name if before else None  # a section without images: no step


def _alt_text_edits(
    text: str, images: Sequence[ImageReference], table: EditionLabels
) -> list[tuple[int, int, str]]:
    """Edits that bring labels quoted in the images' alt texts up to the edition's labels."""
    edits: list[tuple[int, int, str]] = []
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for ref in images:
        if not ref.alt or ref.line < 1 or ref.line > len(lines):
            continue
        step = table.steps.get(ref.name or "", StepLabels(shown=()))
        replacements = {**table.renamed, **table.gone, **step.renamed, **step.gone}
        spellings = {label for edition in EDITIONS for label in labels_for(edition).known()}
        for same_case in step.shown:
            for other in spellings:
                if other.casefold() == same_case.casefold() and other != same_case:
                    replacements.setdefault(other, same_case)
        window_start = starts[ref.line - 1]
        window_end = starts[min(ref.line + 2, len(lines))]
        window = text[window_start:window_end]
        alt_at = window.find(ref.alt)
        if alt_at < 0:
            continue
        alt_start = window_start + alt_at
        for old in sorted(replacements, key=len, reverse=True):
            for match in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", ref.alt):
                new = replacements[old]
                if new != old:
                    edits.append((alt_start + match.start(), alt_start + match.end(), new))
    return _without_overlaps(edits)


def _without_overlaps(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for edit in sorted(edits, key=lambda item: (item[0], -(item[1] - item[0]))):
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    return kept
