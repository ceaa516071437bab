"""The classic edition's own framing (fixtures/imaging/classic.toml): the published images' crops and
callouts, on by default for --edition classic, off with ``edition-defaults = false``."""

from __future__ import annotations

from pathlib import Path

from automation.imaging.config import load_config
from automation.imaging.plan import build_plan
from flows.catalog import ALL_IMAGES

from .test_config import STEMS

#: The words of the author's callouts in the published images (bubbles), by image.
PUBLISHED_BUBBLES = {
    "root-menu.png": ["Select this item"],
    "root-security-credentials.png": ['Select "Access keys"'],
    "root-expanded-credentials-page.png": ["Select create access key"],
    "iam-services-page.png": ["Click here to get this page"],
    "iam-security-credentials-page.png": ["First select a user", "Second select this tab", "Third"],
}
#: Images whose published callout is a red arrow only.
PUBLISHED_ARROWS = {
    "root-download-new-keys.png",
    "iam-services-page.png",
    "iam-iam-page.png",
    "iam-create-key-page.png",
    "iam-download-credentials-page.png",
}


def test_every_classic_image_is_cropped_and_marked_as_published() -> None:
    plan = build_plan("classic", STEMS)
    assert "the classic edition's own framing" in plan.describe_sources()
    for item in ALL_IMAGES:
        framing = plan.framing(item.image)
        assert framing.crop, item.image
        bubbles = [c.text for c in framing.callouts if c.style == "bubble"]
        assert bubbles == PUBLISHED_BUBBLES.get(item.image, []), item.image
        arrows = [c for c in framing.callouts if c.style == "arrow"]
        assert bool(arrows) == (item.image in PUBLISHED_ARROWS), item.image
    assert plan.style.color.lower() == "#e8483b"  # the author's red


def test_the_current_edition_keeps_full_images() -> None:
    plan = build_plan("current", STEMS)
    assert all(plan.framing(item.image).crop == () for item in ALL_IMAGES)
    assert all(plan.framing(item.image).callouts == () for item in ALL_IMAGES)


def test_an_author_switches_the_classic_framing_off(tmp_path: Path) -> None:
    for text in ("edition-defaults = false\n", "[editions.classic]\nedition-defaults = false\n"):
        path = tmp_path / "aws-console-flows.toml"
        path.write_text(text)
        plan = build_plan("classic", STEMS, config=load_config(path, STEMS))
        assert all(plan.framing(item.image).crop == () for item in ALL_IMAGES), text
        assert all(plan.framing(item.image).callouts == () for item in ALL_IMAGES), text
