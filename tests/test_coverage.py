"""flows.coverage: which images a course page uses, who produces them, which are missing."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from automation.course.jekyll import jekyll_available
from automation.course_page import READ_STEP, read_course_page
from automation.errors import ExitCode, SettingError
from flows.catalog import ALL_IMAGES
from flows.coverage import MissingImagesError, coverage_of, images_for_page, run_coverage

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "course" / "access-keys.md"
NINE = [item.image for item in ALL_IMAGES]


def write_page(folder: Path, text: str, name: str = "page.md") -> Path:
    page = folder / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return page


def coverage(page: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run_coverage(page, out, renderer="builtin")
    return code, out.getvalue()


# --- the sample course page -------------------------------------------------------------------


def test_sample_page_uses_all_nine_images_in_step_order() -> None:
    page = read_course_page(SAMPLE, renderer="builtin")
    assert page.title == "Creating access keys for AWS REST calls"
    assert [ref.name for ref in page.rendered] == NINE
    assert len(page.commented_out) == 1
    assert page.commented_out[0].name in NINE
    assert page.warnings == ()


def test_sample_page_mixes_markdown_html_liquid_and_reference_style() -> None:
    refs = read_course_page(SAMPLE, renderer="builtin").rendered
    kinds = [ref.kind for ref in refs]
    assert kinds.count("liquid") == 1
    assert kinds.count("html") >= 2
    assert kinds.count("markdown") >= 2
    assert any(ref.syntax == "markdown-reference" for ref in refs)
    assert all(ref.alt for ref in refs)
    assert {str(ref.resolved.parent) for ref in refs if ref.resolved} == {"images"}


def test_sample_page_coverage_has_nothing_missing() -> None:
    code, text = coverage(SAMPLE)
    assert code == ExitCode.OK == 0
    for name in NINE:
        assert name in text
    assert "Missing: none" in text
    assert "commented out, still produced" in text
    assert text.count("commented out, still produced") == 1
    assert "iam: Open IAM" in text
    assert "resolves to images/iam-iam-page.png" in text
    assert "10 references, 9 distinct images, 1 commented out" in text


def test_sample_page_images_for_page() -> None:
    folder, names = images_for_page(SAMPLE, renderer="builtin")
    assert folder == SAMPLE.parent / "images"
    assert names == NINE


# --- missing images ---------------------------------------------------------------------------


def test_page_with_a_missing_image_exits_with_missing_images(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu](images/root-menu.png)
        <img src="images/root-menu-old.png" alt="Old menu">
        ![Typo](images/iam-iam-pages.png)
    """,
    )
    code, text = coverage(page)
    assert code == ExitCode.MISSING_IMAGES
    assert "root: Open the account menu" in text
    assert "Missing: 2 references with no producer" in text
    assert "line 2: images/root-menu-old.png: no flow step produces root-menu-old.png" in text
    assert "did you mean iam-iam-page.png?" in text


def test_commented_out_image_without_producer_counts_as_missing(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu](images/root-menu.png)
        {% comment %}
        ![Old console](images/console-2015.png)
        {% endcomment %}
    """,
    )
    code, text = coverage(page)
    assert code == ExitCode.MISSING_IMAGES
    assert "commented out, no step produces it" in text
    assert "console-2015.png" in text


def test_commented_out_catalog_image_is_still_produced(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        <!-- ![Menu](images/root-menu.png) -->
        {% comment %}<img src="images/iam-iam-page.png">{% endcomment %}
    """,
    )
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert text.count("commented out, still produced") == 2
    assert images_for_page(page, renderer="builtin") == (
        tmp_path / "images",
        ["root-menu.png", "iam-iam-page.png"],
    )


def test_undefined_reference_and_empty_liquid_are_missing(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu][menu-shot]

        ![Data]({{ site.data.shots.menu }})
    """,
    )
    code, text = coverage(page)
    assert code == ExitCode.MISSING_IMAGES
    assert "Not an image: line 1: ![Menu][menu-shot] has no reference definition" in text
    assert "'site.data.shots' is not defined, so Jekyll renders it empty" in text
    assert "no src (or an empty one)" in text


def test_unquoted_src_is_not_an_image_and_fails_coverage(tmp_path: Path) -> None:
    page = write_page(tmp_path, "![Menu](images/root-menu.png)\n\n<img src=images/iam-iam-page.png>\n")
    code, text = coverage(page)
    assert code == ExitCode.MISSING_IMAGES
    assert "Not an image: line 3: <img src=images/iam-iam-page.png> is not an image for Jekyll" in text


def test_external_images_are_listed_but_not_missing(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu](images/root-menu.png)
        ![Diagram](https://docs.aws.amazon.com/images/IAM/latest/UserGuide/images/diagram.png)
    """,
    )
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert "external URL, not produced" in text
    assert "1 external (not checked)" in text
    assert images_for_page(page, renderer="builtin") == (tmp_path / "images", ["root-menu.png"])


def test_disk_state_of_each_image(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu](images/root-menu.png)
        ![IAM](images/iam-iam-page.png)
    """,
    )
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "root-menu.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    rows = coverage_of(read_course_page(page, renderer="builtin"))
    assert [row.on_disk for row in rows] == ["exists", "absent"]
    assert [row.producer.image if row.producer else None for row in rows] == [
        "root-menu.png",
        "iam-iam-page.png",
    ]
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert "On disk: 1 of 2 image files exist, 1 absent:" in text
    assert str(tmp_path / "images" / "iam-iam-page.png") in text


def test_page_without_images(tmp_path: Path) -> None:
    page = write_page(tmp_path, "# Nothing to see\n\nText only.\n")
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert "references no images" in text
    with pytest.raises(SettingError, match="none of the tutorial images"):
        images_for_page(page, renderer="builtin")


# --- malformed pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\n![a](images/root-menu.png)\n", "not valid YAML"),
        ("---\ntitle: T\n![a](images/root-menu.png)\n", "never closed"),
        ("Intro\n{% comment %}\n![a](images/root-menu.png)\n", "endcomment"),
        ("![a](images/root-menu.png)\n{% endcomment %}\n", "endcomment"),
    ],
)
def test_malformed_page_is_a_setting_error(tmp_path: Path, text: str, message: str) -> None:
    page = write_page(tmp_path, text)
    for call in (lambda: coverage(page), lambda: images_for_page(page, renderer="builtin")):
        with pytest.raises(SettingError, match=message) as caught:
            call()
        error = caught.value
        assert error.step == READ_STEP == "Read course page"
        assert error.exit_code == ExitCode.BAD_SETTING
        assert str(page) in str(error)
        assert "Fix:" in str(error)


def test_missing_page_is_a_setting_error(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match="does not exist") as caught:
        coverage(tmp_path / "nope.md")
    assert caught.value.exit_code == ExitCode.BAD_SETTING


# --- images_for_page --------------------------------------------------------------------------


def test_images_for_page_dedupes_and_keeps_page_order(tmp_path: Path) -> None:
    page = write_page(
        tmp_path / "course",
        """
        ![IAM]({{ site.baseurl }}/shots/iam-iam-page.png)
        ![Menu](shots/root-menu.png)
        <img src="./shots/../shots/iam-iam-page.png">
    """,
    )
    folder, names = images_for_page(page, renderer="builtin")
    assert folder == tmp_path / "course" / "shots"
    assert names == ["iam-iam-page.png", "root-menu.png"]


def test_images_for_page_in_the_page_folder_itself(tmp_path: Path) -> None:
    page = write_page(tmp_path, "![Menu](root-menu.png)\n")
    assert images_for_page(page, renderer="builtin") == (tmp_path, ["root-menu.png"])


def test_images_for_page_uses_the_site_root_for_site_paths(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "_config.yml").write_text("title: Course\n")
    page = write_page(
        tmp_path / "course",
        """
        ![Menu]({{ "/images/root-menu.png" | relative_url }})
        ![IAM](../images/iam-iam-page.png)
    """,
    )
    assert images_for_page(page, renderer="builtin") == (
        tmp_path / "images",
        ["root-menu.png", "iam-iam-page.png"],
    )


def test_images_for_page_refuses_several_folders(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ![Menu](images/root/root-menu.png)
        ![IAM](images/iam/iam-iam-page.png)
    """,
    )
    with pytest.raises(SettingError, match="2 folders") as caught:
        images_for_page(page, renderer="builtin")
    message = str(caught.value)
    assert "root-menu.png" in message and "iam-iam-page.png" in message
    assert caught.value.exit_code == ExitCode.BAD_SETTING


def test_images_for_page_refuses_missing_images(tmp_path: Path) -> None:
    page = write_page(tmp_path, "![Menu](images/root-menu.png)\n![X](images/extra.png)\n")
    with pytest.raises(MissingImagesError, match=r"extra\.png") as caught:
        images_for_page(page, renderer="builtin")
    assert caught.value.exit_code == ExitCode.MISSING_IMAGES
    assert caught.value.step == READ_STEP


def test_an_undefined_folder_variable_is_named(tmp_path: Path) -> None:
    """Jekyll renders an undefined variable empty: the image resolves, and coverage says why."""
    page = write_page(tmp_path, "![Menu]({{ page.shots }}/root-menu.png)\n")
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert "line 1: 'page.shots' is not defined, so Jekyll renders it empty" in text
    assert images_for_page(page, renderer="builtin") == (tmp_path, ["root-menu.png"])


@pytest.mark.skipif(not jekyll_available(), reason="Jekyll is not installed (scripts/ensure-test-tools.sh)")
def test_sample_page_with_the_jekyll_renderer_matches_the_builtin_one() -> None:
    """Jekyll itself renders the sample page: the same nine images, the same commented-out one."""
    by_jekyll = read_course_page(SAMPLE, renderer="jekyll")
    builtin = read_course_page(SAMPLE, renderer="builtin")
    assert by_jekyll.renderer == "jekyll"
    assert [ref.name for ref in by_jekyll.rendered] == NINE
    assert [(r.name, r.line, r.commented_out) for r in by_jekyll.references] == [
        (r.name, r.line, r.commented_out) for r in builtin.references
    ]
    assert len(by_jekyll.commented_out) == 1


@pytest.mark.skipif(not jekyll_available(), reason="Jekyll is not installed (scripts/ensure-test-tools.sh)")
def test_jekyll_renderer_outside_a_site_renders_the_page_alone_and_names_broken_lines(tmp_path: Path) -> None:
    """No _config.yml above the page: its folder is no site (here a dangling link, as a browser
    profile leaves in /tmp, stops Jekyll reading the folder), so the page is rendered by itself;
    Liquid Jekyll refuses names its line."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "SingletonLock").symlink_to(tmp_path / "gone")
    page = write_page(tmp_path, "---\ntitle: T\n---\n![Menu](images/root-menu.png)\n")
    out = io.StringIO()
    assert run_coverage(page, out, renderer="jekyll") == ExitCode.OK
    assert "Rendered by Jekyll" in out.getvalue() and "root: Open the account menu" in out.getvalue()
    broken = write_page(
        tmp_path, "---\ntitle: T\n---\nText\n\n{% if page.x %}\n![a](images/root-menu.png)\n", "b.md"
    )
    with pytest.raises(SettingError, match="never closed") as caught:
        run_coverage(broken, io.StringIO(), renderer="jekyll")
    assert caught.value.line == 6  # type: ignore[attr-defined]
    assert caught.value.exit_code == ExitCode.BAD_SETTING
