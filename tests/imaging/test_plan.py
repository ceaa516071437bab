"""Layers of image settings: built-in, edition defaults, course file, edition table, command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from automation.errors import SettingError
from automation.imaging import plan as plan_module
from automation.imaging.config import load_config
from automation.imaging.plan import build_plan, resolve
from automation.imaging.settings import Callout, FramingPatch, Layer, LookPatch
from flows.image_options import add_image_options, command_line_layer

from .test_config import STEMS


def cli(*argv: str) -> Layer:
    parser = argparse.ArgumentParser()
    add_image_options(parser)
    return command_line_layer(parser.parse_args(list(argv)))


def course(tmp_path: Path, text: str):
    path = tmp_path / "aws-console-flows.toml"
    path.write_text(text)
    return load_config(path, STEMS)


def test_without_configuration_the_images_are_as_before() -> None:
    plan = build_plan("current", STEMS)
    assert plan.look.viewport == "1280x800" and plan.look.scale == 1 and plan.look.theme == "light"
    assert plan.output_name("root-menu.png") == "root-menu.png"
    assert plan.framing("root-menu.png").crop == () and plan.framing("root-menu.png").callouts == ()


def test_per_image_settings_beat_the_files_defaults_and_the_command_line_beats_both(tmp_path: Path) -> None:
    config = course(
        tmp_path,
        'format = "webp"\npadding = 8\n[images.root-menu]\nformat = "jpeg"\ncrop = "subject"\n',
    )
    plan = build_plan("current", STEMS, config=config)
    assert plan.output_name("root-menu.png") == "root-menu.jpg"
    assert plan.output_name("iam-iam-page.png") == "iam-iam-page.webp"
    assert plan.framing("root-menu.png").padding == 8
    plan = build_plan("current", STEMS, config=config, command_line=cli("--format", "png", "--padding", "4"))
    assert plan.output_name("root-menu.png") == "root-menu.png"
    assert plan.framing("root-menu.png").crop == ("subject",)  # not overridden: kept
    assert plan.framing("root-menu.png").padding == 4


def test_an_editions_table_applies_only_to_that_edition(tmp_path: Path) -> None:
    config = course(tmp_path, "scale = 2\n[editions.classic]\nscale = 1\n")
    assert build_plan("current", STEMS, config=config).look.scale == 2
    assert build_plan("classic", STEMS, config=config).look.scale == 1


def test_built_in_edition_defaults_apply_unless_switched_off(tmp_path: Path, monkeypatch) -> None:
    framed = Layer("classic defaults", images={"root-menu": FramingPatch(crop=("subject",))})
    monkeypatch.setitem(plan_module.EDITION_DEFAULTS, "classic", framed)
    assert build_plan("classic", STEMS).framing("root-menu.png").crop == ("subject",)
    assert build_plan("current", STEMS).framing("root-menu.png").crop == ()
    off = course(tmp_path, "[editions.classic]\nedition-defaults = false\n")
    assert build_plan("classic", STEMS, config=off).framing("root-menu.png").crop == ()
    assert "classic defaults" in build_plan("classic", STEMS).describe_sources()


def test_highlight_is_a_callout_style_and_none_drops_the_configured_ones(tmp_path: Path) -> None:
    config = course(tmp_path, '[images.root-menu]\ncallouts = ["badge"]\n')
    assert build_plan("current", STEMS, config=config).framing("root-menu.png").callouts == (
        Callout("badge"),
    )
    highlighted = build_plan("current", STEMS, config=config, command_line=cli("--highlight"))
    assert highlighted.framing("root-menu.png").callouts == (Callout("outline"),)
    dropped = build_plan("current", STEMS, config=config, command_line=cli("--highlight", "none"))
    assert dropped.framing("root-menu.png").callouts == ()


def test_crop_none_on_the_command_line_restores_the_whole_viewport(tmp_path: Path) -> None:
    config = course(tmp_path, 'crop = ["subject", "role=dialog"]\n')
    assert build_plan("current", STEMS, config=config).framing("root-menu.png").crop == (
        "subject",
        "role=dialog",
    )
    assert (
        build_plan("current", STEMS, config=config, command_line=cli("--crop", "none"))
        .framing("root-menu.png")
        .crop
        == ()
    )


def test_a_png_has_no_quality() -> None:
    plan = resolve([Layer("t", framing=FramingPatch(quality=70))], STEMS)
    assert plan.framing("root-menu.png").quality is None
    assert plan.fields("root-menu.png")["quality"] == ""


def test_the_record_holds_every_setting_that_changes_pixels() -> None:
    plan = build_plan(
        "current", STEMS, command_line=cli("--scale", "2", "--crop", "subject", "--highlight", "badge")
    )
    fields = plan.fields("root-menu.png")
    assert fields["scale"] == "2" and fields["crop"] == '["subject"]' and fields["padding"] == "16"
    assert '"style":"badge"' in fields["callouts"] and '"color":"#d91515"' in fields["callout-style"]
    assert all(value.isascii() and value.isprintable() for value in fields.values())


def test_dark_classic_is_refused_naming_why() -> None:
    with pytest.raises(SettingError) as caught:
        build_plan("classic", STEMS, command_line=Layer("cli", look=LookPatch(theme="dark")))
    assert "classic console (January 2014) has no dark mode" in caught.value.reason


def test_an_editions_own_framing_is_read_from_its_shipped_toml(tmp_path: Path, monkeypatch) -> None:
    """fixtures/imaging/EDITION.toml (package data) holds an edition's framing, with a course file's keys."""
    import automation.resources as resources

    folder = tmp_path / "imaging"
    folder.mkdir()
    (folder / "classic.toml").write_text(
        '[images.root-menu]\ncallouts = [{ style = "bubble", text = "Select this item" }]\n'
    )
    monkeypatch.setattr(resources, "data_file", lambda *parts: tmp_path.joinpath(*parts))
    monkeypatch.setattr(resources, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    plan = build_plan("classic", STEMS)
    assert plan.framing("root-menu.png").callouts == (Callout("bubble", text="Select this item"),)
    assert "the classic edition's own framing" in plan.describe_sources()
    assert build_plan("current", STEMS).framing("root-menu.png").callouts == ()  # no current.toml
