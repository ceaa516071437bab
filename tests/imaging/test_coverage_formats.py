"""coverage reads the image configuration: a page's WebP or JPEG images are produced only if configured."""

from __future__ import annotations

import io
from pathlib import Path

from automation.errors import ExitCode
from automation.imaging.config import load_config
from automation.imaging.plan import build_plan
from flows.coverage import run_coverage

from .test_config import STEMS

PAGE = "---\ntitle: Keys\n---\n\n![menu](images/root-menu.webp)\n\n![iam](images/iam-iam-page.png)\n"


def coverage(folder: Path, config: str | None) -> tuple[int, str]:
    page = folder / "page.md"
    page.write_text(PAGE)
    plan = None
    if config is not None:
        (folder / "aws-console-flows.toml").write_text(config)
        plan = build_plan("current", STEMS, config=load_config(folder / "aws-console-flows.toml", STEMS))
    out = io.StringIO()
    code = run_coverage(page, out, plan, renderer="builtin")
    return code, out.getvalue()


def test_a_webp_reference_without_configuration_names_the_setting_that_makes_it(tmp_path: Path) -> None:
    code, text = coverage(tmp_path, None)
    assert code == ExitCode.MISSING_IMAGES
    assert 'the image configuration writes root-menu.png (set format = "webp" for root-menu' in text


def test_configured_formats_make_the_referenced_files(tmp_path: Path) -> None:
    code, text = coverage(tmp_path, '[images.root-menu]\nformat = "webp"\n')
    assert code == ExitCode.OK, text
    assert "Missing: none" in text


def test_a_format_for_every_image_changes_every_name(tmp_path: Path) -> None:
    code, text = coverage(tmp_path, 'format = "webp"\n')
    assert code == ExitCode.MISSING_IMAGES  # iam-iam-page.png is now written as .webp
    assert "writes iam-iam-page.webp" in text
