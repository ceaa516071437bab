"""Crops, callouts and scale on a real page, through the Screenshotter a run uses."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from automation.errors import SettingError, StepError
from automation.imaging import locate
from automation.imaging.plan import resolve
from automation.imaging.settings import Callout, FramingPatch, Layer, LookPatch
from automation.redaction import EXAMPLE_KEY_ID, Redactor
from automation.screenshots import Screenshotter

KEY_ID = "AKIA" + "Q" * 8 + "ZZZZ" * 2  # key-shaped, made up
RED = (217, 21, 21)
PAGE = f"""<body style="margin:0;font:16px sans-serif">
<div style="position:absolute;left:40px;top:40px">Security credentials</div>
<button id="go" style="position:absolute;left:300px;top:300px;width:120px;height:32px">Create key</button>
<div id="key" style="position:absolute;left:300px;top:400px;font:20px monospace">{KEY_ID}</div>
<div style="position:absolute;left:300px;top:600px">Footer</div></body>"""


def plan(scale: int = 1, **framing) -> object:
    stems = ["shot"]
    return resolve(
        [Layer("test", look=LookPatch(scale=scale), images={"shot": FramingPatch(**framing)})], stems
    )


def rgb(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def red_mask(pixels: np.ndarray) -> np.ndarray:
    return np.all(pixels == RED, axis=-1)


@pytest.fixture
def scaled_page(browser: Browser):
    """A page in a context at device scale 2, as a --scale 2 run opens it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def shoot(page: Page, tmp_path: Path, the_plan, redactor: Redactor | None = None) -> Path:
    shots = Screenshotter(tmp_path, redactor or Redactor(), the_plan)  # type: ignore[arg-type]
    return shots.capture(page, "shot.png", "Step", target=page.locator("#go"))


def test_crop_to_the_subject_is_its_box_plus_padding(page: Page, tmp_path: Path) -> None:
    page.set_content(PAGE)
    path = shoot(page, tmp_path, plan(crop=("subject",), padding=10))
    assert Image.open(path).size == (140, 52)  # 120x32 and 10 on every side


def test_at_scale_two_the_same_crop_has_twice_the_pixels(scaled_page: Page, tmp_path: Path) -> None:
    scaled_page.set_content(PAGE)
    path = shoot(scaled_page, tmp_path, plan(scale=2, crop=("subject",), padding=10))
    assert Image.open(path).size == (280, 104)


def test_a_crop_padded_past_the_page_edge_stops_at_it(page: Page, tmp_path: Path) -> None:
    page.set_content(PAGE.replace("left:300px;top:300px", "left:0px;top:0px"))
    path = shoot(page, tmp_path, plan(crop=("subject",), padding=30))
    assert Image.open(path).size == (150, 62)


def test_a_selector_region_and_the_subject_crop_to_their_union(page: Page, tmp_path: Path) -> None:
    page.set_content(PAGE)
    path = shoot(page, tmp_path, plan(crop=("subject", "css=#key"), padding=0))
    width, height = Image.open(path).size
    assert width >= 120 and height == 400 + page.locator("#key").bounding_box()["height"] - 300


@pytest.mark.parametrize("style", ["outline", "box", "badge", "arrow", "bubble"])
def test_every_callout_style_draws_red_next_to_the_subject_and_leaves_the_page_as_it_was(
    page: Page, tmp_path: Path, style: str
) -> None:
    page.set_content(PAGE)
    before = page.content()
    callout = Callout(style, text="Click here" if style == "bubble" else "")
    path = shoot(page, tmp_path, plan(callouts=(callout,)))
    ys, xs = np.nonzero(red_mask(rgb(path)))
    assert len(xs) > 50, style
    # near the button (300..420 x 300..332), within the arrow's or bubble's reach
    assert 150 < np.median(xs) < 800 and 200 < np.median(ys) < 450, style
    assert page.content() == before  # the overlay is gone, no console element was touched


def test_callouts_scale_with_the_device_scale_factor(page: Page, scaled_page: Page, tmp_path: Path) -> None:
    widths = []
    for scale, current in ((1, page), (2, scaled_page)):
        current.set_content(PAGE)
        path = shoot(current, tmp_path, plan(scale=scale, callouts=(Callout("outline"),)))
        row = red_mask(rgb(path))[int(316 * scale)]  # through the middle of the button
        widths.append(int(row[: int(300 * scale)].sum()))  # the frame's left edge, left of the button
    assert widths == [3, 6]


def test_a_crop_includes_the_whole_bubble(page: Page, tmp_path: Path) -> None:
    page.set_content(PAGE)
    path = shoot(
        page, tmp_path, plan(crop=("subject",), padding=4, callouts=(Callout("bubble", text="Here"),))
    )
    width = Image.open(path).size[0]
    assert width > 128 + 56  # the button, the gap and the bubble
    red = red_mask(rgb(path))
    assert red[:, -12:].any()  # the bubble's far edge is inside the crop


def test_a_region_that_matches_nothing_is_a_setting_error_naming_it(
    page: Page, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(locate, "REGION_TIMEOUT_MS", 300)
    page.set_content(PAGE)
    with pytest.raises(SettingError) as caught:
        shoot(page, tmp_path, plan(crop=("role=dialog",)))
    assert "'role=dialog'" in caught.value.reason and "shot.png" in caught.value.reason
    assert not (tmp_path / "shot.png").exists()


def test_dark_is_refused_when_the_page_stayed_light(page: Page, tmp_path: Path) -> None:
    page.set_content(PAGE)
    dark = resolve([Layer("t", look=LookPatch(theme="dark"))], ["shot"])
    with pytest.raises(StepError) as caught:
        shoot(page, tmp_path, dark)
    assert "drew this page light" in caught.value.reason
    page.evaluate("document.body.classList.add('awsui-dark-mode')")
    assert shoot(page, tmp_path, dark).is_file()


def ocr(path: Path) -> str:
    with Image.open(path) as image:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "11"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=120,
    )
    return done.stdout.decode().replace(" ", "")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize("fmt", ["png", "webp", "jpeg"])
def test_a_2x_crop_of_a_secret_and_a_bubble_naming_it_are_masked(
    scaled_page: Page, tmp_path: Path, fmt: str
) -> None:
    """A crop or a 2x image exposes nothing the full image masks: OCR reads the example id, not the key."""
    scaled_page.set_content(PAGE)
    bubble = Callout("bubble", target="css=#key", text=f"Your key {KEY_ID}", side="bottom")
    the_plan = plan(scale=2, format=fmt, crop=("css=#key",), padding=8, callouts=(bubble,))
    path = shoot(scaled_page, tmp_path, the_plan)
    text = ocr(path)
    assert KEY_ID not in text and KEY_ID[:12] not in text
    assert EXAMPLE_KEY_ID[4:] in text  # positive control: OCR reads ids in this image (JPEG: "AKIT…")
    assert scaled_page.inner_text("#key") == KEY_ID  # the page itself is put back
