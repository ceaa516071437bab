"""One run's imaging plan: the layers of settings applied in order, and what each image becomes.

Layers, lowest first: the tool's built-in defaults; the tool's defaults for the edition (switched off
with ``edition-defaults = false``); the course file's top level; its ``[editions.NAME]`` table; the
command line. Within each layer, the settings of every image come first, then those of one image.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from automation.errors import SettingError
from automation.imaging.config import CourseConfig, find_config, load_config, parse_config
from automation.imaging.settings import (
    CalloutStyle,
    Framing,
    Layer,
    Look,
    describe,
    patched,
)

BUILT_IN = Layer("built-in defaults")
#: Where an edition's own framing is shipped: ``fixtures/imaging/EDITION.toml`` (package data), with the
#: keys of a course file (crops and callouts that reproduce the edition's published images, a callout
#: style). An author switches it off with ``edition-defaults = false``.
EDITION_DEFAULTS_FOLDER = "imaging"
#: Layers set in code take the place of an edition's file (tests use it).
EDITION_DEFAULTS: dict[str, Layer] = {}


def edition_defaults(edition: str, stems: Iterable[str]) -> Layer | None:
    """The tool's own framing for ``edition``, or None when it ships none."""
    if edition in EDITION_DEFAULTS:
        return EDITION_DEFAULTS[edition]
    from automation.resources import data_file, data_path

    name = f"{edition}.toml"
    if not data_file(EDITION_DEFAULTS_FOLDER, name).is_file():
        return None
    path = data_path(EDITION_DEFAULTS_FOLDER, name)
    layer = parse_config(path.read_text(encoding="utf-8"), path, stems).layer
    return replace(layer, name=f"the {edition} edition's own framing")


def stem_of(name: str) -> str:
    """``root-menu`` from ``root-menu.png`` (or from any other extension)."""
    return PurePath(name).stem


@dataclass(frozen=True)
class ImagingPlan:
    """The run's look and callout style, and each image's framing (by image stem)."""

    look: Look = field(default_factory=Look)
    style: CalloutStyle = field(default_factory=CalloutStyle)
    framings: dict[str, Framing] = field(default_factory=dict)
    sources: tuple[str, ...] = (BUILT_IN.name,)

    def framing(self, name: str) -> Framing:
        """The framing of the image ``name`` (a catalog name such as ``root-menu.png``)."""
        return self.framings.get(stem_of(name), Framing())

    def output_name(self, name: str) -> str:
        """The file the image ``name`` is written as: its stem with its format's extension."""
        return stem_of(name) + self.framing(name).extension

    def fields(self, name: str) -> dict[str, str]:
        """The settings recorded in the image's metadata (what --check compares)."""
        return describe(self.look, self.framing(name), self.style)

    def describe_sources(self) -> str:
        """Where the settings came from, for the progress line."""
        return ", ".join(self.sources)


def resolve(layers: Sequence[Layer], stems: Iterable[str]) -> ImagingPlan:
    """Apply ``layers`` in order to the defaults, for every image stem."""
    look, style = Look(), CalloutStyle()
    framings = {stem: Framing() for stem in stems}
    for layer in layers:
        look = patched(look, layer.look)
        style = patched(style, layer.style)
        for stem, framing in framings.items():
            framing = patched(framing, layer.framing)
            if stem in layer.images:
                framing = patched(framing, layer.images[stem])
            framings[stem] = framing
    for stem, framing in framings.items():
        if framing.format == "png" and framing.quality is not None:
            framings[stem] = replace(framing, quality=None)  # PNG is lossless: a quality means nothing
    return ImagingPlan(look, style, framings, tuple(layer.name for layer in layers))


def build_plan(
    edition: str,
    stems: Iterable[str],
    *,
    config: CourseConfig | None = None,
    command_line: Layer | None = None,
) -> ImagingPlan:
    """The plan of a run of ``edition``: built-in, edition defaults, course file, command line."""
    stems = tuple(stems)
    layers = [BUILT_IN]
    own = (
        edition_defaults(edition, stems) if config is None or config.uses_edition_defaults(edition) else None
    )
    if own is not None:
        layers.append(own)
    if config is not None:
        layers.append(config.layer)
        if edition in config.editions:
            layers.append(config.editions[edition])
    if command_line is not None:
        layers.append(command_line)
    plan = resolve(layers, stems)
    if edition == "classic" and plan.look.theme == "dark":
        raise SettingError(
            step="Read options",
            reason="the classic console (January 2014) has no dark mode: AWS added the console's visual "
            "mode setting in 2022, so a dark classic image would show a console that never existed.",
            fix="Use --theme light (the default) with --edition classic, or take dark images of the "
            "current edition.",
        )
    return plan


def plan_for_run(
    edition: str,
    stems: Iterable[str],
    *,
    config_path: Path | None,
    start: Path,
    command_line: Layer,
) -> ImagingPlan:
    """The plan from an explicit ``--config``, or the configuration found from ``start`` upwards."""
    path = config_path if config_path is not None else find_config(start)
    stems = tuple(stems)
    config = load_config(path, stems) if path is not None else None
    return build_plan(edition, stems, config=config, command_line=command_line)
