"""``python -m flows --check --out DIR``: regenerate into a temporary folder and compare with DIR.

DIR holds a course repository's committed images; it is never written unless --update-snapshots asks.
Exit 0 when every image matches within the tolerance, 1 with the report's path when one differs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from automation.artifacts import failures_dir
from automation.errors import ExitCode, FlowError, SettingError, StorageError
from automation.imaging.plan import ImagingPlan
from automation.interrupts import critical, doing
from automation.options import RunOptions
from automation.runner import FlowSpec, run_flows
from automation.visual import CheckOutcome, Status, Tolerance, check_image, reset_report_dir, write_report
from flows.catalog import ALL_IMAGES

STEP = "Check images"


def committed_images(folder: Path, produced: list[FlowSpec], plan: ImagingPlan) -> frozenset[str]:
    """The tutorial images (catalog names) whose file, as ``plan`` names it, is in ``folder``, among
    those the given flows produce."""
    names = {item.image for item in ALL_IMAGES if item.flow in {flow.name for flow in produced}}
    found = frozenset(name for name in names if (folder / plan.output_name(name)).is_file())
    names = {plan.output_name(name) for name in names}
    if not found:
        raise SettingError(
            step=STEP,
            reason=f"{folder} holds none of the tutorial images ({', '.join(sorted(names))}).",
            fix="Point --out at the folder of committed images, or run without --check to create them.",
        )
    return found


def check_apart(images: Path, report: Path) -> None:
    """The report must live apart from the committed images, which --check never writes."""
    images_abs, report_abs = images.resolve(), report.resolve()
    if images_abs == report_abs or report_abs in images_abs.parents or images_abs in report_abs.parents:
        raise SettingError(
            step=STEP,
            reason=f"the report folder {report} and the image folder {images} overlap; writing the report "
            "would change the committed images.",
            fix="Give --report a folder outside --out, e.g. --report visual-report.",
        )


def run_check(
    flows: list[FlowSpec],
    options: RunOptions,
    report_dir: Path,
    tolerance: Tolerance,
    out: TextIO = sys.stdout,
    *,
    update: str = "none",
) -> int:
    """Regenerate the images DIR holds, compare each with its committed copy, write the report.

    ``update`` (``--update-snapshots``): ``none`` never writes DIR; ``changed`` rewrites the images
    beyond the tolerance, ``all`` every one that is not byte-identical (e.g. made by another browser).
    """
    if options.target == "aws":
        raise SettingError(
            step=STEP,
            reason="--check on the real console would create a real access key on every check.",
            fix="Check against the replica (the default) or a recording (--target har:PATH).",
        )
    baseline_dir = options.out_dir
    check_apart(baseline_dir, report_dir)
    plan = options.imaging
    names = committed_images(baseline_dir, flows, plan)
    chosen = [flow for flow in flows if any(i.flow == flow.name and i.image in names for i in ALL_IMAGES)]
    run_id = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="acf-check-") as scratch:
        fresh = Path(scratch) / "images"
        run_options = replace(
            options, out_dir=fresh, keys_dir=Path(scratch) / "keys", images=names, profile=None, verify=False
        )
        try:
            run_flows(chosen, run_options)
        except FlowError as error:
            keep_failure_files(error, failures_dir(fresh), report_dir / "failures")
            raise
        with doing("Compare the images and write the report"), critical():  # a signal waits for all of it
            try:
                reset_report_dir(report_dir)
            except OSError as error:
                raise StorageError(
                    step=STEP,
                    reason=f"the report folder {report_dir} cannot be written ({error.strerror or error}).",
                    fix="Choose a writable folder with --report DIR.",
                ) from None
            outcomes = [
                check_image(
                    name, (fresh / name).read_bytes(), baseline_dir, tolerance, update, report_dir,
                    run_id=run_id,
                )
                for name in sorted(plan.output_name(catalog) for catalog in names)
            ]  # fmt: skip
            files = write_report(report_dir, run_id=run_id, title=f"Images in {baseline_dir}")
    print_outcomes(outcomes, tolerance, out)
    for note in sorted(
        {o.renderer_note for o in outcomes if o.renderer_note and o.status is not Status.UPDATED}
    ):
        print(f"\nnote: {note}", file=out)
    failed = [o for o in outcomes if not o.passed]
    if failed:
        print(
            f"\n{len(failed)} of {len(outcomes)} image(s) differ. Report: {files.html}\n"
            f"Accept the new images with: python -m flows approve --report {report_dir} "
            f"[{' '.join(o.name for o in failed)}]",
            file=out,
        )
        return int(ExitCode.VISUAL_DIFFERENCE)
    updated = [o.name for o in outcomes if o.status is Status.UPDATED]
    if updated:
        print(f"\nRewrote {len(updated)} image(s) in {baseline_dir}: {' '.join(updated)}", file=out)
    print(f"\nAll {len(outcomes)} image(s) match ({tolerance.describe()}).", file=out)
    return int(ExitCode.OK)


def keep_failure_files(error: FlowError, scratch_failures: Path, kept: Path) -> None:
    """Move a failed check's screenshot and trace out of the temporary folder, so the error's paths last."""
    if not scratch_failures.is_dir():
        return
    try:
        kept.mkdir(parents=True, exist_ok=True)
        for path in scratch_failures.iterdir():
            if not path.name.startswith("."):  # not the folder's own .gitignore
                shutil.copy2(path, kept / path.name)
    except OSError:
        return  # the error still stands; only its attachments are lost
    for name in ("screenshot", "trace"):
        old = getattr(error, name)
        if old is not None and (kept / Path(old).name).exists():
            setattr(error, name, kept / Path(old).name)


def print_outcomes(outcomes: list[CheckOutcome], tolerance: Tolerance, out: TextIO) -> None:
    """One line per image: verdict, differing pixels, message."""
    print(f"\nVisual check ({tolerance.describe()})", file=out)
    for outcome in outcomes:
        verdict = "ok  " if outcome.passed else "DIFF"
        pixels = "" if outcome.diff_pixels is None else f"{outcome.diff_pixels:>7} px"
        print(f"  {verdict} {outcome.name:<40} {pixels}  {outcome.message}", file=out)
