"""Make the small pictures of README "Publishing images" (docs/images/publishing/*.png) from real runs.

Four runs of the tool on the replica (plain, --scale 2, --theme dark, and one with a configuration that
gives each image a crop and another callout style), then each picture is cut or shrunk from what they
wrote. Rerun after a change to the console pages or the callouts:

    .venv/bin/python scripts/publishing_pictures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "images" / "publishing"
THUMB_WIDTH = 320
FRAMED = """\
crop = "subject"
padding = 28
[images.root-menu]
callouts = [{ style = "bubble", text = "Select this item" }]
[images.root-security-credentials]
callouts = ["outline"]
[images.root-expanded-credentials-page]
callouts = ["box"]
[images.iam-iam-page]
callouts = ["badge"]
[images.iam-create-key-page]
callouts = [{ style = "arrow", side = "left" }]
[images.iam-download-credentials-page]
crop = "none"
"""


def run(folder: Path, *args: str, cwd: Path | None = None) -> Path:
    """``python -m flows ARGS`` into ``folder/images``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "images"
    keys = folder / "keys"
    command = [sys.executable, "-m", "flows", "--out", str(out), "--keys-dir", str(keys), *args]
    done = subprocess.run(command, cwd=cwd or folder, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args) or 'plain run'} failed:\n{done.stderr}")
    return out


def thumbnail(source: Path, target: Path, width: int = THUMB_WIDTH) -> None:
    """``source`` shrunk to ``width`` pixels wide."""
    with Image.open(source) as image:
        height = round(image.height * width / image.width)
        image.convert("RGB").resize((width, height), Image.LANCZOS).save(target, optimize=True)


def detail(source: Path, target: Path, box: tuple[int, int, int, int]) -> None:
    """A 1:1 piece of ``source`` (left, top, right, bottom in its pixels)."""
    with Image.open(source) as image:
        image.convert("RGB").crop(box).save(target, optimize=True)


def main() -> int:
    """Make every picture."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="acf-pictures-") as scratch:
        root = Path(scratch)
        plain = run(root / "plain")
        retina = run(root / "retina", "--scale", "2")
        dark = run(root / "dark", "--theme", "dark")
        (root / "framed").mkdir()
        (root / "framed" / "aws-console-flows.toml").write_text(FRAMED)
        framed = run(root / "framed")
        thumbnail(plain / "iam-iam-page.png", OUT / "default.png")
        thumbnail(dark / "iam-iam-page.png", OUT / "dark.png")
        # 200x60 CSS pixels of the IAM page at scale 2, at 1:1: 400x120 pixels.
        detail(retina / "iam-iam-page.png", OUT / "scale2.png", (40, 120, 440, 240))
        pictures = {
            "crop.png": "iam-services-page.png",
            "bubble.png": "root-menu.png",
            "outline.png": "root-security-credentials.png",
            "box.png": "root-expanded-credentials-page.png",
            "badge.png": "iam-iam-page.png",
            "arrow.png": "iam-create-key-page.png",
        }
        for picture, image in pictures.items():
            source = framed / image
            with Image.open(source) as opened:
                if opened.width > 2 * THUMB_WIDTH:
                    thumbnail(source, OUT / picture, 2 * THUMB_WIDTH)
                else:
                    opened.convert("RGB").save(OUT / picture, optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(PROJECT)}: {path.stat().st_size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
