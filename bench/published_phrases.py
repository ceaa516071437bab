"""How much of the tutorial's published images the classic edition reproduces, measured by OCR.

For each of the nine images: the UI phrases OCR reads in the published image (the author's red callouts
wiped, key ids dropped) and the share of them OCR also finds in the regenerated image.

    python bench/published_phrases.py PUBLISHED_DIR                 # regenerates the classic images first
    python bench/published_phrases.py PUBLISHED_DIR --images DIR -v # measure images you already have

The published images are the course's (e.g. the tutorial repository's images/ folder): nothing here
copies them. Needs Tesseract.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from automation.visual.phrases import phrase_share
from flows.catalog import ALL_IMAGES


def regenerate(folder: Path) -> Path:
    """Run both classic paths on the replica into ``folder``; return the image folder."""
    images, keys = folder / "images", folder / "keys"
    keys.mkdir(mode=0o700, parents=True)
    command = [
        sys.executable,
        "-m",
        "flows",
        "--edition",
        "classic",
        "--out",
        str(images),
        "--keys-dir",
        str(keys),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"regenerating the classic images failed:\n{done.stderr[-2000:]}")
    return images


def measure(published: Path, images: Path, verbose: bool) -> None:
    """Print one table row per image, and the total."""
    print("| image | published UI phrases | found in the regenerated image | share |")
    print("|---|---:|---:|---:|")
    found_total = phrases_total = 0
    for item in ALL_IMAGES:
        source, regenerated = published / item.image, images / item.image
        if not source.is_file() or not regenerated.is_file():
            print(f"| {item.image} | – | – | missing |")
            continue
        share = phrase_share(source, regenerated)
        found_total += len(share.found)
        phrases_total += len(share.phrases)
        print(f"| {item.image} | {len(share.phrases)} | {len(share.found)} | {share.share:.0%} |")
        if verbose and share.missing:
            print(f"|   not found: {'; '.join(share.missing)} | | | |")
    if phrases_total:
        print(f"| all nine | {phrases_total} | {found_total} | {found_total / phrases_total:.0%} |")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("published", type=Path, metavar="PUBLISHED_DIR")
    parser.add_argument("--images", type=Path, metavar="DIR", help="regenerated images (default: run now)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the phrases not found")
    args = parser.parse_args()
    if args.images is not None:
        measure(args.published, args.images, args.verbose)
        return
    with tempfile.TemporaryDirectory(prefix="acf-published-") as tmp:
        measure(args.published, regenerate(Path(tmp)), args.verbose)


if __name__ == "__main__":
    main()
