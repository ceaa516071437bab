"""``python -m flows compare-published DIR``: the tutorial's published images beside the regenerated ones."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from automation.errors import ExitCode, FlowError, SettingError, StorageError
from flows.catalog import ALL_IMAGES

EXAMPLES = """examples:
  python -m flows --edition classic --out images          # regenerate the nine images first
  python -m flows compare-published ~/course/images        # writes compare-published.html
  python -m flows compare-published ~/course/images --images images --ocr --html review.html
"""
STEP = "Compare with the published images"


def build_parser(prog: str, epilog: str) -> argparse.ArgumentParser:
    """The parser of ``compare-published``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Write one HTML page that shows each of the tutorial's published images (read from "
        "DIR, by their names: root-menu.png, …) beside the image regenerated for it. With --ocr, also "
        "the share of the published image's UI phrases that OCR (Tesseract) finds in the regenerated one.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("published", type=Path, metavar="DIR", help="the folder of the published images")
    parser.add_argument(
        "--images",
        type=Path,
        default=Path("images"),
        metavar="DIR",
        help="the folder of the regenerated images (default: ./images, where runs write them)",
    )
    parser.add_argument(
        "--html",
        type=Path,
        default=Path("compare-published.html"),
        metavar="FILE",
        help="the page to write (default: ./compare-published.html)",
    )
    parser.add_argument(
        "--ocr", action="store_true", help="measure the share of published UI phrases OCR finds (slow)"
    )
    return parser


def compare_published(
    published: Path, images: Path, page: Path, *, ocr: bool, regenerate_hint: str, out: TextIO
) -> ExitCode:
    """Write the review page; print one line per image and where the page went."""
    from automation.visual.phrases import OcrUnavailable, phrase_share
    from automation.visual.published import find_pairs, render_page, with_shares, write_page

    if not published.is_dir():
        raise SettingError(
            step=STEP,
            reason=f"the folder of published images {published} does not exist.",
            fix="Name the folder that holds the tutorial's published images (root-menu.png, …).",
        )
    pairs = find_pairs(published, images, [(item.image, item.step) for item in ALL_IMAGES])
    if not pairs:
        names = ", ".join(item.image for item in ALL_IMAGES[:3])
        raise SettingError(
            step=STEP,
            reason=f"{published} holds none of the tutorial's image names ({names}, …).",
            fix="Name the folder of the published images; their file names must be the tutorial's.",
        )
    if ocr:
        try:
            pairs = with_shares(pairs, phrase_share)
        except OcrUnavailable as exc:
            raise SettingError(
                step=STEP,
                reason=f"--ocr needs Tesseract, which could not read the images ({exc}).",
                fix="Install it (Debian: apt-get install tesseract-ocr), or leave out --ocr.",
            ) from None
    try:
        text = render_page(pairs, title="Published and regenerated images", regenerate_hint=regenerate_hint)
    except ValueError as exc:
        raise SettingError(step=STEP, reason=f"{exc}.", fix="Remove or replace that file.") from None
    try:
        write_page(page, text)
    except OSError as exc:
        raise StorageError(
            step=STEP,
            reason=f"cannot write {page} ({exc.strerror or exc}).",
            fix="Choose a writable file with --html FILE.",
        ) from None
    for pair in pairs:
        if pair.regenerated is None:
            line = "not regenerated"
        elif pair.share is not None:
            share = pair.share
            line = f"{len(share.found)}/{len(share.phrases)} published UI phrases found ({share.share:.0%})"
        else:
            line = "side by side"
        print(f"  {pair.name:38} {line}", file=out)
    missing = [item.image for item in ALL_IMAGES if item.image not in {p.name for p in pairs}]
    if missing:
        print(f"  not in {published}: {', '.join(missing)}", file=out)
    print(f"Review page: {page}", file=out)
    return ExitCode.OK


def compare_published_main(
    argv: Sequence[str], *, prog: str, spell: Callable[[str], str] | None = None
) -> int:
    """Parse ``argv`` and run; errors are one paragraph with their exit code."""
    import sys

    from flows.cli import report_error

    def spelled(text: str) -> str:
        return spell(text) if spell is not None else text

    args = build_parser(prog, spelled(EXAMPLES)).parse_args(list(argv))
    try:
        return int(
            compare_published(
                args.published,
                args.images,
                args.html,
                ocr=args.ocr,
                regenerate_hint=spelled(f"python -m flows --edition classic --out {args.images}"),
                out=sys.stdout,
            )
        )
    except FlowError as error:
        return report_error(error)
