"""A course's image configuration: ``[tool.aws-console-flows]`` in ``pyproject.toml``, or
``aws-console-flows.toml`` beside the course page (the same keys at its top level).

```toml
[tool.aws-console-flows]
scale = 2                      # per run: viewport, scale, theme
format = "webp"                # every image: format, quality, crop, padding, callouts
[tool.aws-console-flows.callout-style]
color = "#d91515"
[tool.aws-console-flows.images.root-menu]
crop = "subject"
callouts = [{ style = "bubble", text = "Select this item", side = "left" }]
[tool.aws-console-flows.editions.classic]
edition-defaults = false       # an edition's table takes the same keys as the top level
```

TOML is read by :mod:`tomllib`. A key's line for an error is found the same way: the shortest prefix of
the file whose parse already holds the key (no hand-written TOML reading).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from automation.errors import SettingError
from automation.imaging.settings import (
    CALLOUT_STYLES,
    EXTENSIONS,
    NO_CROP,
    SCALES,
    SIDES,
    THEMES,
    Callout,
    FramingPatch,
    Layer,
    LookPatch,
    StylePatch,
)

FILE_NAME = "aws-console-flows.toml"
TOOL_TABLE = ("tool", "aws-console-flows")
STEP = "Read the image configuration"
EDITIONS = ("current", "classic")

_RUN_KEYS = ("viewport", "scale", "theme")
_FRAMING_KEYS = ("format", "quality", "crop", "padding", "callouts")
_TOP_KEYS = (*_RUN_KEYS, *_FRAMING_KEYS, "callout-style", "images", "edition-defaults")
_STYLE_KEYS = ("color", "line-width", "font-size", "background")
_CALLOUT_KEYS = ("style", "target", "text", "side")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_VIEWPORT = re.compile(r"(\d{2,5})x(\d{2,5})")


@dataclass(frozen=True)
class CourseConfig:
    """A course file's settings: its top level, and what each edition's table adds over it."""

    path: Path
    layer: Layer
    editions: dict[str, Layer] = field(default_factory=dict)
    edition_defaults: dict[str, bool] = field(default_factory=dict)  # per edition; absent: True

    def uses_edition_defaults(self, edition: str) -> bool:
        """Whether the tool's built-in framing for ``edition`` applies (``edition-defaults``)."""
        return self.edition_defaults.get(edition, self.edition_defaults.get("*", True))


def find_config(start: Path) -> Path | None:
    """The configuration that applies in ``start``: ``aws-console-flows.toml`` there or in a parent,
    or the nearest ``pyproject.toml`` with a ``[tool.aws-console-flows]`` table, whichever is nearer."""
    for folder in [start, *start.parents]:
        own = folder / FILE_NAME
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        if project.is_file() and _has_tool_table(project):
            return project
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and TOOL_TABLE[1] in data["tool"]


def load_config(path: Path, image_stems: Iterable[str]) -> CourseConfig:
    """Read and validate ``path``; every mistake is a :class:`SettingError` naming the key and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingError(
            step=STEP,
            reason=f"{path} cannot be read ({getattr(error, 'strerror', None) or error}).",
            fix="Fix the file's permissions or encoding (UTF-8), or pass another with --config.",
        ) from None
    return parse_config(text, path, image_stems)


def parse_config(text: str, path: Path, image_stems: Iterable[str]) -> CourseConfig:
    """Validate the TOML ``text`` of ``path`` (a ``pyproject.toml`` holds the settings in its tool table)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingError(
            step=STEP,
            reason=f"{path} is not valid TOML: {error}.",
            fix="Fix the TOML syntax at that line (see https://toml.io).",
        ) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = TOOL_TABLE
        data = data.get("tool", {}).get(TOOL_TABLE[1])
        if not isinstance(data, dict):
            raise SettingError(
                step=STEP,
                reason=f"{path} has no [tool.aws-console-flows] table.",
                fix="Add the table, or point --config at the file that holds the settings.",
            )
    reader = _Reader(path, text, prefix, frozenset(image_stems))
    return reader.course(data)


@dataclass
class _Reader:
    """Validates one file's tables into layers, knowing where each key is for its errors."""

    path: Path
    text: str
    prefix: tuple[str, ...]
    stems: frozenset[str]

    # -- errors -----------------------------------------------------------------------------------

    def fail(self, keys: tuple[str, ...], problem: str, fix: str) -> SettingError:
        """The error for the key at ``keys``: file, line, dotted key, problem and fix."""
        dotted = ".".join(_quote(k) for k in (*self.prefix, *keys))
        line = line_of(self.text, (*self.prefix, *keys))
        where = f"{self.path}, line {line}" if line else str(self.path)
        return SettingError(step=STEP, reason=f"{where}: {dotted}: {problem}.", fix=fix)

    def table(self, value: Any, keys: tuple[str, ...], allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(keys, f"expected a table, got {_kind(value)}", "Write it as a [table].")
        for key in value:
            if key not in allowed:
                hint = _run_key_hint(key)
                raise self.fail(
                    (*keys, key),
                    f"unknown key{hint}",
                    f"Use one of: {', '.join(allowed)}; or remove it.",
                )
        return value

    # -- tables -----------------------------------------------------------------------------------

    def course(self, data: dict[str, Any]) -> CourseConfig:
        self.table(data, (), (*_TOP_KEYS, "editions"))
        defaults: dict[str, bool] = {}
        if "edition-defaults" in data:
            defaults["*"] = self.boolean(data["edition-defaults"], ("edition-defaults",))
        editions: dict[str, Layer] = {}
        raw_editions = self.table(data.get("editions", {}), ("editions",), EDITIONS)
        for edition, table in raw_editions.items():
            keys = ("editions", edition)
            table = self.table(table, keys, _TOP_KEYS)
            if "edition-defaults" in table:
                defaults[edition] = self.boolean(table["edition-defaults"], (*keys, "edition-defaults"))
            editions[edition] = self.layer(table, keys, f"{self.path} [editions.{edition}]")
        top = {k: v for k, v in data.items() if k != "editions"}
        return CourseConfig(self.path, self.layer(top, (), str(self.path)), editions, defaults)

    def layer(self, table: dict[str, Any], keys: tuple[str, ...], name: str) -> Layer:
        images: dict[str, FramingPatch] = {}
        raw_images = self.table(table.get("images", {}), (*keys, "images"), tuple(sorted(self.stems)))
        for stem, image_table in raw_images.items():
            image_keys = (*keys, "images", stem)
            images[stem] = self.framing(self.table(image_table, image_keys, _FRAMING_KEYS), image_keys)
        style = self.style(table.get("callout-style", {}), (*keys, "callout-style"))
        return Layer(name, self.look(table, keys), style, self.framing(table, keys), images)

    def look(self, table: dict[str, Any], keys: tuple[str, ...]) -> LookPatch:
        width = height = None
        if "viewport" in table:
            width, height = self.viewport(table["viewport"], (*keys, "viewport"))
        scale = self.choice(table, keys, "scale", SCALES)
        theme = self.choice(table, keys, "theme", THEMES)
        return LookPatch(width, height, scale, theme)

    def style(self, value: Any, keys: tuple[str, ...]) -> StylePatch:
        table = self.table(value, keys, _STYLE_KEYS)
        color = self.color(table, keys, "color")
        background = self.color(table, keys, "background")
        width = self.integer(table, keys, "line-width", 1, 12)
        font = self.integer(table, keys, "font-size", 8, 48)
        return StylePatch(color, width, font, background)

    def framing(self, table: dict[str, Any], keys: tuple[str, ...]) -> FramingPatch:
        fmt = self.choice(table, keys, "format", tuple(EXTENSIONS))
        quality = self.integer(table, keys, "quality", 1, 100)
        padding = self.integer(table, keys, "padding", 0, 400)
        crop = self.crop(table["crop"], (*keys, "crop")) if "crop" in table else None
        callouts = self.callouts(table["callouts"], (*keys, "callouts")) if "callouts" in table else None
        return FramingPatch(fmt, quality, crop, padding, callouts)

    # -- values -----------------------------------------------------------------------------------

    def boolean(self, value: Any, keys: tuple[str, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.fail(keys, f"expected true or false, got {_kind(value)}", "Write true or false.")
        return value

    def choice(self, table: dict[str, Any], keys: tuple[str, ...], key: str, allowed: tuple[Any, ...]) -> Any:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or value not in allowed:
            listed = ", ".join(repr(a) if isinstance(a, str) else str(a) for a in allowed)
            raise self.fail((*keys, key), f"{value!r} is not one of {listed}", f"Write one of {listed}.")
        return value

    def integer(
        self, table: dict[str, Any], keys: tuple[str, ...], key: str, low: int, high: int
    ) -> int | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                (*keys, key), f"{value!r} is not a whole number from {low} to {high}", f"Write {low}..{high}."
            )
        return value

    def color(self, table: dict[str, Any], keys: tuple[str, ...], key: str) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str) or not _COLOR.fullmatch(value):
            raise self.fail(
                (*keys, key), f"{value!r} is not a colour", 'Write a hex colour such as "#d91515".'
            )
        return value

    def viewport(self, value: Any, keys: tuple[str, ...]) -> tuple[int, int]:
        parsed = parse_viewport(value) if isinstance(value, str) else None
        if parsed is None:
            raise self.fail(keys, f"{value!r} is not WIDTHxHEIGHT", 'Write it as "1280x800" (200-4000 each).')
        return parsed

    def crop(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
        regions = [value] if isinstance(value, str) else value
        if not isinstance(regions, list) or not all(isinstance(r, str) and r.strip() for r in regions):
            raise self.fail(
                keys,
                f"expected a region or a list of regions, got {_kind(value)}",
                'Write "subject", "none", a Playwright selector such as "role=dialog", or a list of them.',
            )
        return () if regions == [NO_CROP] or not regions else tuple(r.strip() for r in regions)

    def callouts(self, value: Any, keys: tuple[str, ...]) -> tuple[Callout, ...]:
        if not isinstance(value, list):
            raise self.fail(
                keys,
                f"expected a list, got {_kind(value)}",
                'Write callouts = ["badge"] or a list of tables.',
            )
        found = []
        for index, item in enumerate(value):
            where = (*keys,)
            if isinstance(item, str):
                item = {"style": item}
            if not isinstance(item, dict):
                raise self.fail(
                    where, f"item {index + 1} is {_kind(item)}", "Write a style name or an inline table."
                )
            self.table(item, where, _CALLOUT_KEYS)
            style = self.callout_field(item, where, index, "style", CALLOUT_STYLES, required=True)
            side = self.callout_field(item, where, index, "side", SIDES) or "auto"
            target, text = item.get("target", "subject"), item.get("text", "")
            if not isinstance(target, str) or not target.strip() or not isinstance(text, str):
                raise self.fail(where, f"item {index + 1}: target and text must be strings", "Quote them.")
            if style == "bubble" and not text:
                raise self.fail(
                    where, f"item {index + 1}: a bubble needs text", 'Add text = "Select this item".'
                )
            found.append(Callout(style, target.strip(), text, side))
        return tuple(found)

    def callout_field(
        self,
        item: dict[str, Any],
        keys: tuple[str, ...],
        index: int,
        key: str,
        allowed: tuple[str, ...],
        *,
        required: bool = False,
    ) -> str | None:
        value = item.get(key)
        if value is None and not required:
            return None
        if value not in allowed:
            listed = ", ".join(allowed)
            raise self.fail(
                keys, f"item {index + 1}: {key} {value!r} is not one of {listed}", f"Write one of {listed}."
            )
        return str(value)


def parse_viewport(text: str) -> tuple[int, int] | None:
    """``(width, height)`` from ``WIDTHxHEIGHT`` (each 200-4000), else None."""
    match = _VIEWPORT.fullmatch(text.strip().lower())
    if not match:
        return None
    width, height = int(match[1]), int(match[2])
    return (width, height) if 200 <= width <= 4000 and 200 <= height <= 4000 else None


def line_of(text: str, keys: tuple[str, ...]) -> int | None:
    """The line where the key at ``keys`` is defined: the shortest prefix of ``text`` that tomllib
    parses and that already holds it. None when no prefix does (the key is not in the file)."""
    lines = text.splitlines(keepends=True)
    for end in range(1, len(lines) + 1):
        try:
            data = tomllib.loads("".join(lines[:end]))
        except tomllib.TOMLDecodeError:
            continue  # inside a multi-line value
        if _holds(data, keys):
            return end
    return None


def _holds(data: Any, keys: tuple[str, ...]) -> bool:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def _quote(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


def _kind(value: Any) -> str:
    names: dict[type, str] = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return next((name for kind, name in names.items() if isinstance(value, kind)), type(value).__name__)


def _run_key_hint(key: str) -> str:
    if key in _RUN_KEYS:
        return f" for one image ({key} is set per run: the top level, an edition's table, or --{key})"
    return ""
