"""Course-page coverage: which tutorial images a page uses, and which flow step produces each.

``run_coverage`` backs ``python -m flows coverage PAGE.md``; ``images_for_page`` backs the
``--page PAGE.md`` option of a run (regenerate exactly the images that page uses, into its folder).
Both read the page with :mod:`automation.course_page` and look each image's file name up in
:mod:`flows.catalog`.

Rules:

- Every image the page references counts, including commented-out ones (``{% comment %}`` blocks and
  HTML comments): they are still produced, so uncommenting them later works.
- An image is *missing* when no flow step produces its file name, or when the reference cannot be
  told (a reference-style image without a definition, an ``<img>`` without ``src``, a Liquid path
  whose file name is unknown). Any missing image makes the exit code ``MISSING_IMAGES``.
- External images (``https://…``, ``//host/…``, ``data:``) are listed but neither produced nor
  missing: they are not files of the course. An image on the site's own ``url`` + ``baseurl`` is a
  file of the course.
- Would-be images that Jekyll shows as text (an undefined reference, ``<img src=a/b.png>`` without
  quotes) are listed as notes with their line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal, TextIO

from automation.course.labels import LabelCheck, check_labels, suggest, unified_diff
from automation.course_page import READ_STEP, CoursePage, ImageReference, read_course_page
from automation.errors import ExitCode, FlowError, SettingError, StorageError
from automation.imaging.plan import ImagingPlan, stem_of
from flows.catalog import ALL_IMAGES, ImageStep, producer_of

DiskState = Literal["exists", "absent", "external", "unknown"]
LabelAction = Literal["check", "suggest", "fix"]
FIX_STEP = "Fix the course page's labels"


class MissingImagesError(FlowError):
    """A course page uses images that no flow step produces (exit code ``MISSING_IMAGES``)."""

    exit_code = ExitCode.MISSING_IMAGES


@dataclass(frozen=True)
class ImageCoverage:
    """One image reference of a page with its producer and its state on disk."""

    reference: ImageReference
    producer: ImageStep | None
    file: Path | None  # the image file the reference points at, None for external/unresolved
    on_disk: DiskState
    written_as: str | None = None  # what the configuration writes for an image of the same stem

    @property
    def missing(self) -> bool:
        """True when the page needs this image and no flow step produces it."""
        return self.producer is None and not self.reference.external

    @property
    def problem(self) -> str:
        """Why a missing image is missing, in one sentence."""
        ref = self.reference
        if ref.problem:
            return ref.problem
        name = ref.name
        if name is None:
            return "the image's file name cannot be told"
        if self.written_as is not None:
            wanted = PurePath(name).suffix.lstrip(".").replace("jpg", "jpeg")
            return (
                f"no flow step produces {name}: the image configuration writes {self.written_as} "
                f'(set format = "{wanted}" for {stem_of(name)}, or reference {self.written_as})'
            )
        hint = difflib.get_close_matches(name, [item.image for item in ALL_IMAGES], n=1, cutoff=0.75)
        suggestion = f" (did you mean {hint[0]}?)" if hint else ""
        return f"no flow step produces {name}{suggestion}"


def coverage_of(page: CoursePage, plan: ImagingPlan | None = None) -> list[ImageCoverage]:
    """Every image reference of ``page`` (page order) with its producer and disk state; ``plan``
    decides the file each image is written as (its format's extension)."""
    plan = plan or ImagingPlan()
    written = {stem_of(item.image): plan.output_name(item.image) for item in ALL_IMAGES}
    rows: list[ImageCoverage] = []
    for ref in page.references:
        if ref.external:
            rows.append(ImageCoverage(ref, None, None, "external"))
            continue
        name = ref.name
        producer = producer_of(name, plan.output_name) if name else None
        file = page.file_of(ref)
        if file is None:
            state: DiskState = "unknown"
        else:
            state = "exists" if file.is_file() else "absent"
        other = written.get(stem_of(name)) if name and producer is None else None
        rows.append(ImageCoverage(ref, producer, file, state, other))
    return rows


def run_coverage(
    page: Path,
    out: TextIO,
    plan: ImagingPlan | None = None,
    *,
    renderer: str = "auto",
    edition: str = "current",
    labels: LabelAction = "check",
) -> int:
    """Print which images ``page`` shows, who produces each, and which are missing, then check the
    UI labels its text quotes against ``edition`` (``labels``: ``check``, ``suggest`` a diff, or
    ``fix`` the page in place, keeping a backup). ``plan`` decides the file each image is written as
    (its format's extension).

    ``renderer`` is ``auto`` (Jekyll when installed), ``jekyll`` or ``builtin``. Returns
    ``ExitCode.OK`` (0) when every referenced image has a producer, else ``ExitCode.MISSING_IMAGES``.
    Raises :class:`~automation.errors.SettingError` (step "Read course page", exit code
    ``BAD_SETTING``) when the page is unreadable or Jekyll would refuse it, and
    :class:`~automation.errors.StorageError` when ``fix`` cannot write the page.
    """
    parsed = read_course_page(page, renderer=renderer)
    rows = coverage_of(parsed, plan)
    _print_report(parsed, rows, out)
    checks = check_labels(parsed, edition)
    print_label_report(checks, edition, out)
    if labels != "check":
        new_text = suggest(parsed, checks)
        if new_text == parsed.text:
            print(f"Suggestions: none; the page already uses the {edition} console's labels.", file=out)
        elif labels == "suggest":
            print(f"Suggested changes (the {edition} console's labels and alt texts):", file=out)
            out.write(unified_diff(parsed, new_text))
        else:
            backup = write_fixed_page(page, new_text)
            print(
                f"Fixed: {page} now uses the {edition} console's labels; the old page is in {backup}.",
                file=out,
            )
    broken = any(row.missing for row in rows) or bool(parsed.not_images)
    return ExitCode.MISSING_IMAGES if broken else ExitCode.OK


def images_for_page(
    page: Path, plan: ImagingPlan | None = None, *, renderer: str = "auto"
) -> tuple[Path, list[str]]:
    """The page's image folder and the catalog names of the tutorial images it uses (page order).

    Commented-out images are included (they are still produced); external URLs are skipped.
    Raises :class:`MissingImagesError` when an image has no producer, and
    :class:`~automation.errors.SettingError` when the page is malformed, uses no tutorial image,
    has an image whose folder cannot be resolved, or keeps its images in more than one folder.
    """
    parsed = read_course_page(page, renderer=renderer)
    rows = [row for row in coverage_of(parsed, plan) if not row.reference.external]
    missing = [row for row in rows if row.missing]
    if missing or parsed.not_images:
        details = "; ".join(
            [f"line {row.reference.line}: {row.problem}" for row in missing] + list(parsed.not_images)
        )
        count = len(missing) + len(parsed.not_images)
        raise MissingImagesError(
            step=READ_STEP,
            reason=f"{page} uses {_count(count, 'image')} that no flow step produces or that Jekyll "
            f"shows as text ({details}).",
            fix=f"Run 'python -m flows coverage {page}' for the full list, then rename the "
            "references to tutorial images from flows/catalog.py or add the steps that "
            "produce them.",
        )
    if not rows:
        raise SettingError(
            step=READ_STEP,
            reason=f"{page} uses none of the tutorial images, so --page has nothing to make.",
            fix="Pass the course page that shows the screenshots, or run without --page.",
        )
    unplaced = [row for row in rows if row.file is None]
    if unplaced:
        details = "; ".join(
            f"line {row.reference.line}: {row.reference.display} ({row.reference.problem})"
            for row in unplaced
        )
        raise SettingError(
            step=READ_STEP,
            reason=f"the folder of some images of {page} cannot be resolved: {details}.",
            fix="Write those image paths relative to the page (images/NAME.png) or with "
            "{{ site.baseurl }}/…, {% link … %} or | relative_url.",
        )
    folders: dict[Path, list[str]] = {}
    for row in rows:
        assert row.file is not None and row.producer is not None
        names = folders.setdefault(row.file.parent, [])
        if row.producer.image not in names:
            names.append(row.producer.image)
    if len(folders) > 1:
        listing = "; ".join(f"{folder}: {', '.join(names)}" for folder, names in folders.items())
        raise SettingError(
            step=READ_STEP,
            reason=f"{page} keeps its images in {len(folders)} folders ({listing}), so there is "
            "no single folder to write them to.",
            fix="Keep all the page's screenshots in one folder (e.g. images/ beside the page), "
            "or regenerate them without --page and copy them.",
        )
    ((folder, _),) = folders.items()
    names = list(dict.fromkeys(row.producer.image for row in rows if row.producer is not None))
    return folder, names


# --------------------------------------------------------------------------------------------
# Report


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _producer_text(row: ImageCoverage) -> str:
    if row.reference.external:
        return "external URL, not produced"
    if row.producer is None:
        return "MISSING: no producer"
    return f"{row.producer.flow}: {row.producer.step}"


_DISK_TEXT = {
    "exists": "exists",
    "absent": "absent",
    "external": "-",
    "unknown": "unknown",
}


def _print_report(page: CoursePage, rows: list[ImageCoverage], out: TextIO) -> None:
    header = f"Course page: {page.path}"
    if page.title:
        header += f' ("{page.title}")'
    print(header, file=out)
    how = "Jekyll" if page.renderer == "jekyll" else "the built-in renderer (python-liquid + kramdown rules)"
    print(f"Rendered by {how}; the page's URL is {page.url or '(not written by Jekyll)'}.", file=out)
    for warning in page.warnings:
        print(f"Note: {warning}", file=out)
    for text in page.not_images:
        print(f"Not an image: {text}", file=out)
    if not rows:
        print("The page references no images.", file=out)
        return

    table = [("line", "image", "kind", "produced by", "on disk", "")]
    notes: list[list[str]] = [[]]
    for row in rows:
        ref = row.reference
        marker = ""
        if ref.commented_out:
            marker = (
                "commented out, still produced" if not row.missing else "commented out, no step produces it"
            )
        table.append(
            (
                str(ref.line),
                _shorten(ref.display),
                ref.kind,
                _producer_text(row),
                _DISK_TEXT[row.on_disk],
                marker,
            )
        )
        row_notes = []
        if ref.kind == "liquid" and ref.resolved is not None:
            row_notes.append(f"resolves to {ref.resolved}")
        if ref.problem and not row.missing:
            row_notes.append(ref.problem)  # missing ones are explained in the summary below
        if ref.note:
            row_notes.append(ref.note)
        notes.append(row_notes)
    widths = [max(len(line[i]) for line in table) for i in range(5)]
    print(file=out)
    for index, line in enumerate(table):
        cells = [line[0].rjust(widths[0])] + [line[i].ljust(widths[i]) for i in range(1, 5)]
        text = "  ".join(cells)
        if line[5]:
            text += "  " + line[5]
        print(text.rstrip(), file=out)
        for note in notes[index]:
            print(" " * (widths[0] + 2) + f"↳ {note}", file=out)

    local = [row for row in rows if not row.reference.external]
    distinct = {row.reference.name for row in local if row.reference.name}
    commented = sum(1 for row in rows if row.reference.commented_out)
    print(file=out)
    summary = f"{_count(len(rows), 'reference')}, {_count(len(distinct), 'distinct image')}"
    if commented:
        summary += f", {commented} commented out (still produced)"
    external = len(rows) - len(local)
    if external:
        summary += f", {external} external (not checked)"
    print(summary + ".", file=out)

    missing = [row for row in rows if row.missing]
    if missing:
        print(f"Missing: {_count(len(missing), 'reference')} with no producer:", file=out)
        for row in missing:
            print(f"  line {row.reference.line}: {_shorten(row.reference.display)}: {row.problem}", file=out)
        print(
            "Fix: use the tutorial images listed in flows/catalog.py, or add a flow step that "
            "produces the image.",
            file=out,
        )
    else:
        print("Missing: none; every referenced image has a producer.", file=out)

    files: dict[Path, DiskState] = {}
    for row in local:
        if row.file is not None:
            files.setdefault(row.file, row.on_disk)
    present = [file for file, state in files.items() if state == "exists"]
    absent = [file for file, state in files.items() if state == "absent"]
    line = f"On disk: {len(present)} of {_count(len(files), 'image file')} exist"
    print(line + (f", {len(absent)} absent:" if absent else "."), file=out)
    for file in absent:
        print(f"  {file}", file=out)
    unknown = sum(1 for row in local if row.file is None)
    if unknown:
        print(f"Not checked on disk: {_count(unknown, 'reference')} whose path cannot be resolved.", file=out)


# --------------------------------------------------------------------------------------------
# Labels

_OUTCOME_TEXT = {
    "match": "matches",
    "case": "differs in case only; today: {today}",
    "renamed": "renamed; today: {today}",
    "gone": "gone; use instead: {today}",
}


def print_label_report(checks: list[LabelCheck], edition: str, out: TextIO) -> None:
    """The quoted UI labels, each with its step and what the edition shows there."""
    print(file=out)
    if not checks:
        print(f"Labels: the page quotes no UI label of the {edition} console's steps.", file=out)
        return
    print(f"Labels quoted in the text, checked against the {edition} console:", file=out)
    for check in checks:
        step = check.quoted.step or "no step"
        outcome = _OUTCOME_TEXT[check.outcome].format(today=f'"{check.today}"')
        print(
            f'  line {check.quoted.line}: "{_shorten(check.quoted.label, 50)}" ({step}): {outcome}', file=out
        )
    counts = {name: sum(1 for check in checks if check.outcome == name) for name in _OUTCOME_TEXT}
    print(
        f"{_count(len(checks), 'label')}: {counts['match']} match, {counts['case']} differ in case only, "
        f"{counts['renamed']} renamed, {counts['gone']} gone.",
        file=out,
    )
    if any(check.fixable for check in checks):
        print("See the changes with --suggest; apply them with --fix (a backup is kept).", file=out)


def write_fixed_page(page: Path, new_text: str) -> Path:
    """Write ``new_text`` over ``page`` atomically, keeping its line ends and BOM; return the backup.

    The backup is ``PAGE.md.bak`` (``.bak.1``, ``.bak.2``… when one exists already).
    """
    import os
    import shutil
    import tempfile

    try:
        raw = page.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        crlf = b"\r\n" in raw
        text = new_text.replace("\n", "\r\n") if crlf else new_text
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
        backup = page.with_name(page.name + ".bak")
        number = 0
        while backup.exists():
            number += 1
            backup = page.with_name(f"{page.name}.bak.{number}")
        shutil.copy2(page, backup)
        handle, temporary = tempfile.mkstemp(prefix=f".{page.name}.", suffix=".tmp", dir=page.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            shutil.copymode(page, temporary)
            os.replace(temporary, page)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise StorageError(
            step=FIX_STEP,
            reason=f"{page} could not be rewritten ({error.strerror or error}); it is unchanged.",
            fix="Check that you may write the page and its folder, or apply the --suggest diff by hand.",
        ) from None
    return backup
