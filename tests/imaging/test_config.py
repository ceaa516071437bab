"""The course's image configuration: found where a course keeps it, validated, errors naming key and line."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from automation.errors import ExitCode, SettingError
from automation.imaging.config import find_config, line_of, load_config
from automation.imaging.settings import Callout
from flows.catalog import ALL_IMAGES

STEMS = [item.image.removesuffix(".png") for item in ALL_IMAGES]

GOOD = """\
# course settings
[tool.other]
x = 1

[tool.aws-console-flows]
viewport = "1440x900"
scale = 2
theme = "dark"
format = "webp"
quality = 85

[tool.aws-console-flows.callout-style]
color = "#0972d3"
font-size = 16

[tool.aws-console-flows.images.root-menu]
crop = "subject"
padding = 24
callouts = ["badge", { style = "bubble", text = "Select this item", side = "left" }]

[tool.aws-console-flows.editions.classic]
theme = "light"
edition-defaults = false
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(path: Path) -> SettingError:
    with pytest.raises(SettingError) as caught:
        load_config(path, STEMS)
    assert caught.value.exit_code == ExitCode.BAD_SETTING
    return caught.value


def test_a_pyproject_table_is_read_into_layers(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "pyproject.toml", GOOD), STEMS)
    look, framing = config.layer.look, config.layer.framing
    assert (look.width, look.height, look.scale, look.theme) == (1440, 900, 2, "dark")
    assert (framing.format, framing.quality, framing.crop) == ("webp", 85, None)
    assert config.layer.style.color == "#0972d3" and config.layer.style.font_size == 16
    menu = config.layer.images["root-menu"]
    assert menu.crop == ("subject",) and menu.padding == 24
    assert menu.callouts == (Callout("badge"), Callout("bubble", "subject", "Select this item", "left"))
    assert config.editions["classic"].look.theme == "light"
    assert not config.uses_edition_defaults("classic") and config.uses_edition_defaults("current")


def test_the_same_keys_at_the_top_of_aws_console_flows_toml(tmp_path: Path) -> None:
    text = GOOD.split("[tool.aws-console-flows]\n", 1)[1].replace("tool.aws-console-flows.", "")
    config = load_config(write(tmp_path, "aws-console-flows.toml", text), STEMS)
    assert config.layer.look.scale == 2 and config.layer.images["root-menu"].padding == 24


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("scale = 4\n", 1, "scale", "is not one of 1, 2, 3"),
        ('\n\ntheme = "sepia"\n', 3, "theme", "'sepia' is not one of 'light', 'dark'"),
        ('viewport = "1280 by 800"\n', 1, "viewport", "is not WIDTHxHEIGHT"),
        ("quality = 0\n", 1, "quality", "not a whole number from 1 to 100"),
        ("shade = 1\n", 1, "shade", "unknown key"),
        ("[images.root-menu]\ncrop = 'subject'\nscale = 2\n", 3, "images.root-menu.scale", "set per run"),
        ("[images.root-menus]\ncrop = 'subject'\n", 1, "images.root-menus", "unknown key"),
        (
            "[images.root-menu]\ncallouts = [{ style = 'bubble' }]\n",
            2,
            "images.root-menu.callouts",
            "needs text",
        ),
        ("callouts = [{ style = 'star' }]\n", 1, "callouts", "style 'star' is not one of"),
        ("[callout-style]\ncolor = 'red'\n", 2, "callout-style.color", "is not a colour"),
        ("[editions.modern]\nscale = 2\n", 1, "editions.modern", "unknown key"),
        ("edition-defaults = 'no'\n", 1, "edition-defaults", "expected true or false"),
        ("crop = 3\n", 1, "crop", "expected a region or a list of regions"),
    ],
)
def test_every_mistake_names_the_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path, "aws-console-flows.toml", text)
    error = error_of(path)
    assert f"{path}, line {line}: {key}: " in error.reason
    assert words in error.reason
    assert error.fix


def test_in_pyproject_the_key_is_named_with_its_table(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", "[project]\nname = 'c'\n\n[tool.aws-console-flows]\nscale = 5\n")
    assert f"{path}, line 5: tool.aws-console-flows.scale: 5 is not one of 1, 2, 3" in error_of(path).reason


def test_invalid_toml_is_one_paragraph_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "aws-console-flows.toml", "scale = 2\ntheme = dark\n")
    error = error_of(path)
    assert "is not valid TOML" in error.reason and "line 2" in error.reason


def test_line_of_agrees_with_tomllib_on_multiline_values() -> None:
    text = 'a = 1\nlist = [\n  "x",\n  "y",\n]\n[t]\nb = """\nmulti\n"""\nc = 2\n'
    assert tomllib.loads(text)["t"]["c"] == 2  # the oracle parses it
    assert line_of(text, ("a",)) == 1
    assert line_of(text, ("list",)) == 5  # the value ends there: the first prefix tomllib accepts
    assert line_of(text, ("t", "c")) == 10
    assert line_of(text, ("t", "missing")) is None


def test_find_config_prefers_the_file_beside_the_page(tmp_path: Path) -> None:
    course = tmp_path / "course"
    lesson = course / "lessons"
    lesson.mkdir(parents=True)
    project = write(course, "pyproject.toml", GOOD)
    assert find_config(lesson) == project
    beside = write(lesson, "aws-console-flows.toml", "scale = 1\n")
    assert find_config(lesson) == beside
    assert find_config(course) == project


def test_a_pyproject_without_the_table_is_not_a_configuration(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None


def test_an_unreadable_config_is_a_setting_error(tmp_path: Path) -> None:
    error = error_of(tmp_path / "missing.toml")
    assert "cannot be read" in error.reason
