"""The image options of every run command (``--viewport``, ``--scale``, ``--theme``, ``--format``,
``--quality``, ``--crop``, ``--padding``, ``--highlight``, ``--config``) and the plan they make with
the course's configuration file."""

from __future__ import annotations

import argparse
from pathlib import Path

from automation.imaging.config import parse_viewport
from automation.imaging.plan import ImagingPlan, plan_for_run, stem_of
from automation.imaging.settings import (
    CALLOUT_STYLES,
    EXTENSIONS,
    NO_CROP,
    SCALES,
    SUBJECT,
    THEMES,
    Callout,
    FramingPatch,
    Layer,
    LookPatch,
)

NO_CALLOUTS = "none"


def viewport(text: str) -> tuple[int, int]:
    """argparse type for --viewport: ``WIDTHxHEIGHT``."""
    parsed = parse_viewport(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"{text!r}: write WIDTHxHEIGHT, e.g. 1280x800 (200-4000 each)")
    return parsed


def quality(text: str) -> int:
    """argparse type for --quality: 1 to 100."""
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"{text!r}: use a whole number from 1 to 100")
    return int(text)


def padding(text: str) -> int:
    """argparse type for --padding: 0 to 400 CSS pixels."""
    if not text.isdigit() or int(text) > 400:
        raise argparse.ArgumentTypeError(f"{text!r}: use a whole number of CSS pixels from 0 to 400")
    return int(text)


def add_image_options(parser: argparse.ArgumentParser) -> None:
    """The options that shape the images; each overrides the course's configuration file."""
    group = parser.add_argument_group(
        "images (each overrides [tool.aws-console-flows] in pyproject.toml or aws-console-flows.toml)"
    )
    group.add_argument(
        "--viewport", type=viewport, metavar="WxH", help="browser viewport (default: 1280x800)"
    )
    group.add_argument(
        "--scale", type=int, choices=SCALES, help="device scale factor: 2 for retina images (default: 1)"
    )
    group.add_argument(
        "--theme", choices=THEMES, help="the console's visual mode (default: light; classic has no dark)"
    )
    group.add_argument(
        "--format", choices=tuple(EXTENSIONS), help="png (optimised losslessly, default), webp or jpeg"
    )
    group.add_argument(
        "--quality",
        type=quality,
        metavar="1..100",
        help="WebP/JPEG quality (default: lossless WebP, JPEG 90)",
    )
    group.add_argument(
        "--crop",
        action="append",
        metavar="REGION",
        help="crop every image to REGION: 'subject' (the element the step is about), a Playwright "
        "selector such as role=dialog, or 'none' (the whole viewport, default); repeat for a union",
    )
    group.add_argument("--padding", type=padding, metavar="PX", help="space around a crop (default: 16)")
    group.add_argument(
        "--highlight",
        nargs="?",
        const="outline",
        choices=(*CALLOUT_STYLES, NO_CALLOUTS),
        metavar="STYLE",
        help="mark the element the reader clicks next: outline (default), box, badge or arrow; "
        "replaces the configured callouts ('none' drops them)",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="image configuration (default: aws-console-flows.toml beside the page or the current "
        "folder, or the nearest pyproject.toml with [tool.aws-console-flows])",
    )


def command_line_layer(args: argparse.Namespace) -> Layer:
    """The settings given on the command line (None where an option was not given)."""
    width, height = args.viewport or (None, None)
    crop = None
    if args.crop:
        crop = () if args.crop == [NO_CROP] else tuple(region for region in args.crop if region != NO_CROP)
    callouts = None
    if args.highlight == NO_CALLOUTS:
        callouts = ()
    elif args.highlight == "bubble":
        callouts = (Callout("bubble", SUBJECT, "Click here"),)
    elif args.highlight is not None:
        callouts = (Callout(args.highlight, SUBJECT),)
    return Layer(
        "command line",
        look=LookPatch(width, height, args.scale, args.theme),
        framing=FramingPatch(args.format, args.quality, crop, args.padding, callouts),
    )


def plan_from(args: argparse.Namespace, edition: str, start: Path) -> ImagingPlan:
    """The run's plan: the configuration file found from ``start`` (or ``--config``), then the options."""
    from flows.catalog import ALL_IMAGES

    stems = [stem_of(item.image) for item in ALL_IMAGES]
    return plan_for_run(
        edition, stems, config_path=args.config, start=start, command_line=command_line_layer(args)
    )
