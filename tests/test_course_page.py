"""automation.course_page: image references in Jekyll-style course pages."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path, PurePosixPath

import pytest

from automation.course_page import (
    READ_STEP,
    CoursePage,
    CoursePageError,
    ImageReference,
    find_site_root,
    parse_course_page,
    read_course_page,
)
from automation.errors import ExitCode, SettingError


def parse(text: str, **kwargs: object) -> CoursePage:
    return parse_course_page(textwrap.dedent(text).lstrip("\n"), **kwargs)  # type: ignore[arg-type]


def paths(page: CoursePage) -> list[str]:
    return [str(ref.resolved) for ref in page.references]


def only(page: CoursePage) -> ImageReference:
    assert len(page.references) == 1, page.references
    return page.references[0]


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_is_read_and_lines_count_from_the_top_of_the_file() -> None:
    page = parse("""
        ---
        title: Creating access keys
        tags: [aws, iam]
        ---
        Intro.

        ![Menu](images/root-menu.png)
    """)
    assert page.front_matter == {"title": "Creating access keys", "tags": ["aws", "iam"]}
    assert page.title == "Creating access keys"
    assert only(page).line == 7


def test_page_without_front_matter() -> None:
    page = parse("# Title\n\n![Menu](images/root-menu.png)\n")
    assert page.front_matter == {}
    assert only(page).line == 3


def test_empty_front_matter_and_dots_terminator() -> None:
    assert parse("---\n---\n![a](a.png)\n").front_matter == {}
    page = parse("---\ntitle: T\n...\n![a](a.png)\n")
    assert page.front_matter == {"title": "T"}
    assert only(page).line == 4


def test_dashes_later_in_the_page_are_not_front_matter() -> None:
    page = parse("""
        Intro.

        ---
        title: not front matter
        ---
        ![a](images/a.png)
    """)
    assert page.front_matter == {}
    assert paths(page) == ["images/a.png"]


def test_malformed_yaml_is_a_setting_error_with_the_line() -> None:
    with pytest.raises(CoursePageError) as caught:
        parse(
            """
            ---
            title: Creating access keys
            description: [unclosed
            nav: 3
            ---
            ![a](a.png)
        """,
            path=Path("course/page.md"),
        )
    error = caught.value
    assert isinstance(error, SettingError)
    assert error.exit_code == ExitCode.BAD_SETTING
    assert error.step == READ_STEP
    assert error.line is not None and 3 <= error.line <= 5
    assert "course/page.md" in str(error)
    assert "not valid YAML" in str(error)
    assert "Fix:" in str(error)


def test_unterminated_front_matter_is_an_error() -> None:
    with pytest.raises(CoursePageError, match="never closed") as caught:
        parse("---\ntitle: T\n\n![a](a.png)\n")
    assert caught.value.line == 1


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(CoursePageError, match="key: value"):
        parse("---\n- one\n- two\n---\n")


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_inline_image_with_alt_and_title() -> None:
    ref = only(parse('Text ![The *menu*](images/root-menu.png "The menu") more.\n'))
    assert ref.written == "images/root-menu.png"
    assert ref.resolved == PurePosixPath("images/root-menu.png")
    assert ref.name == "root-menu.png"
    assert (ref.kind, ref.syntax) == ("markdown", "markdown-inline")
    assert ref.alt == "The *menu*"
    assert ref.title == "The menu"
    assert not ref.commented_out
    assert ref.problem is None


def test_markdown_destination_forms_as_kramdown_reads_them() -> None:
    """kramdown: spaces allowed, backslashes kept, a title only in quotes ('(title)' is URL)."""
    page = parse("""
        ![a](<images/with space.png>)
        ![b](./images/../images/b.png?v=2#top)
        ![c](images/c%20d.png 'single')
        ![d](images/(1).png (paren title))
        ![e](images/e f.png)
        ![f](/images/f.png)
        ![g](images/g\\_h.png)
    """)
    assert paths(page) == [
        "images/with space.png",
        "images/b.png",
        "images/c d.png",
        "images/(1).png (paren title)",
        "images/e f.png",
        "images/f.png",
        "images/g\\_h.png",
    ]
    assert page.references[2].title == "single"
    assert page.references[3].title is None
    assert "backslash" in (page.references[6].note or "")


def test_linked_image_and_several_on_one_line() -> None:
    page = parse("[![badge](images/a.png)](https://example.com) ![b](images/b.png)\n")
    assert paths(page) == ["images/a.png", "images/b.png"]


def test_escaped_and_broken_images_are_not_references() -> None:
    page = parse("""
        \\![not an image](images/escaped.png)
        ![unclosed](images/x.png
        ![no target]
        [a link](images/link.png) is not an image either.
    """)
    assert page.references == ()


def test_reference_style_images() -> None:
    page = parse("""
        Full ![Menu][menu], collapsed ![Logo][], shortcut ![Diagram] and
        case-insensitive ![again][MENU], spaced ![Menu] [menu].

        [menu]: images/root-menu.png "The menu"
        [logo]: <images/logo one.png>
          [diagram]: images/diagram.png
    """)
    assert paths(page) == [
        "images/root-menu.png",
        "images/logo one.png",
        "images/diagram.png",
        "images/root-menu.png",
        "images/root-menu.png",
    ]
    first = page.references[0]
    assert first.syntax == "markdown-reference"
    assert first.kind == "markdown"
    assert first.title == "The menu"
    assert first.label == "menu"
    assert first.line == 1
    assert first.definition_line == 4
    assert first.written == "images/root-menu.png"


def test_a_definition_needs_its_url_on_the_same_line() -> None:
    """kramdown's definition pattern: no URL on the line, no definition (and no image)."""
    page = parse("![Diagram]\n\n[diagram]:\n  images/diagram.png\n")
    assert page.references == ()


def test_last_reference_definition_wins() -> None:
    """kramdown overwrites a duplicate definition (CommonMark keeps the first)."""
    page = parse("![a][x]\n\n[x]: images/first.png\n[x]: images/second.png\n")
    assert paths(page) == ["images/second.png"]
    assert page.references[0].definition_line == 4


def test_undefined_reference_is_text_with_a_warning() -> None:
    """Jekyll shows an undefined reference as text: no image, but coverage says so."""
    page = parse("Intro\n\n![Alt text][nowhere]\n")
    assert page.references == ()
    assert any(
        w.startswith("line 3:") and "[nowhere]" in w and "no reference definition" in w
        for w in page.not_images
    )


def test_footnotes_and_text_lines_are_not_definitions() -> None:
    page = parse("![a][^1] ![b][note]\n\n[^1]: images/x.png\n[note]: this is text\n")
    assert all(ref.resolved is None for ref in page.references)


# --- HTML -------------------------------------------------------------------------------------


def test_html_img_in_any_attribute_order_and_quoting() -> None:
    page = parse("""
        <img src="images/a.png" alt="A">
        <img alt='B' width=300 src='images/b.png'/>
        <IMG class="shot" SRC="images/c.png">
        <img
           alt="D, on two lines"
           src="images/d.png">
        <p><img data-x="1 > 0" src="images/e.png" title="E &amp; more"></p>
        <img src="images/ignored.png" src="images/f.png">
    """)
    assert paths(page) == [
        "images/a.png",
        "images/b.png",
        "images/c.png",
        "images/d.png",
        "images/e.png",
        "images/f.png",
    ]
    assert [ref.kind for ref in page.references] == ["html"] * 6
    assert page.references[0].alt == "A"
    assert page.references[1].alt == "B"
    assert page.references[3].line == 4
    assert page.references[3].alt == "D, on two lines"
    assert page.references[4].title == "E & more"


def test_unquoted_src_with_a_slash_is_text_with_a_warning() -> None:
    """kramdown reads a tag only when unquoted values are word characters: this is no image."""
    page = parse("Intro\n\n<img class=shot src=images/c.png>\n")
    assert page.references == ()
    assert any(w.startswith("line 3:") and "quote the values" in w for w in page.not_images)


def test_html_lookalikes_are_not_images() -> None:
    page = parse("<image src='images/x.png'> <imgur src='images/y.png'> <span>img</span>\n")
    assert page.references == ()


def test_img_without_src_is_reported() -> None:
    ref = only(parse('<img alt="nothing">\n'))
    assert ref.resolved is None
    assert "no src" in (ref.problem or "")
    assert ref.display == "<img> without src"


def test_html_entities_in_src_are_decoded() -> None:
    assert paths(parse('<img src="images/a&amp;b.png">\n')) == ["images/a&b.png"]


# --- Liquid -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "{{ site.baseurl }}/images/x.png",
        "{{site.baseurl}}/images/x.png",
        "{{ site.url }}{{ site.baseurl }}/images/x.png",
        "{% link images/x.png %}",
        "{%- link /images/x.png -%}",
        '{{ "images/x.png" | relative_url }}',
        "{{ '/images/x.png' | absolute_url }}",
        '{{ "/images/x.png" | prepend: site.baseurl }}',
        '{{ site.baseurl | append: "/images/x.png" }}',
        '{{ "x.png" | prepend: "images/" | relative_url }}',
    ],
)
def test_liquid_paths_are_resolved_against_the_site_root(tmp_path: Path, written: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "_config.yml").write_text("baseurl: /course\nurl: https://example.org\n")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "x.png").write_bytes(b"")
    page_file = tmp_path / "lessons" / "page.md"
    page_file.parent.mkdir()
    page_file.write_text(f"---\n---\n![x]({written})\n")
    ref = only(read_course_page(page_file, renderer="builtin"))
    assert ref.kind == "liquid"
    assert ref.syntax == "markdown-inline"
    assert ref.written == written
    assert ref.problem is None
    assert ref.site_path == "images/x.png"
    assert ref.resolved == PurePosixPath("../images/x.png")


def test_liquid_in_html_src_even_with_nested_quotes() -> None:
    page = parse("""
        <img src="{{ "images/a.png" | relative_url }}" alt="a">
        <img src='{{ site.baseurl }}/images/b.png'>
    """)
    assert paths(page) == ["images/a.png", "images/b.png"]
    assert {ref.kind for ref in page.references} == {"liquid"}
    assert {ref.syntax for ref in page.references} == {"html-img"}


def test_liquid_page_variables_come_from_the_front_matter() -> None:
    page = parse("""
        ---
        shots: images/shots
        nested: {dir: pics}
        ---
        ![a]({{ page.shots }}/a.png)
        ![b]({{ page.nested.dir }}/b.png)
    """)
    assert paths(page) == ["images/shots/a.png", "pics/b.png"]


def test_site_root_paths_use_the_site_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "_config.yml").write_text("title: Course\n")
    page_file = tmp_path / "a" / "b" / "page.md"
    page_file.parent.mkdir(parents=True)
    page_file.write_text("![a]({{ site.baseurl }}/images/a.png) ![b](/images/b.png) ![c](images/c.png)\n")
    page = read_course_page(page_file, renderer="builtin")
    assert paths(page) == ["../../images/a.png", "../../images/b.png", "images/c.png"]


def test_undefined_liquid_renders_empty_as_in_jekyll() -> None:
    page = parse("""
        ![a](images/{{ site.data.shots.menu }}a.png)
        ![b]({{ page.missing }}/root-menu.png)
        ![c]({{ "images/c.png" | upcase }})
    """)
    assert paths(page) == ["images/a.png", "root-menu.png", "IMAGES/C.PNG"]
    assert all(ref.kind == "liquid" for ref in page.references)


def test_a_missing_include_is_an_error_naming_the_line() -> None:
    with pytest.raises(CoursePageError, match=r"shot\.html") as caught:
        parse("Intro\n\n![d]({% include shot.html %})\n")
    assert caught.value.line == 3


def test_liquid_inside_raw_is_not_evaluated() -> None:
    ref = only(parse("{% raw %}![a]({{ site.baseurl }}/images/a.png){% endraw %}\n"))
    assert ref.src == "{{ site.baseurl }}/images/a.png"
    assert ref.name == "a.png"


def test_render_with_liquid_false_turns_liquid_off() -> None:
    page = parse("""
        ---
        render_with_liquid: false
        ---
        {% comment %}
        ![shown](images/shown.png)
        {% endcomment %}
        ![b]({{ site.baseurl }}/images/b.png)
    """)
    first, second = page.references
    assert first.resolved == PurePosixPath("images/shown.png")
    assert not first.commented_out
    assert second.src == "{{ site.baseurl }}/images/b.png"


# --- comments ---------------------------------------------------------------------------------


def test_images_in_liquid_comments_are_commented_out() -> None:
    page = parse("""
        ![visible](images/a.png)
        {% comment %}
        Old screenshot:
        ![old](images/old.png)
        <img src="images/old-html.png">
        {% endcomment %}
        ![after](images/b.png)
    """)
    assert paths(page) == ["images/a.png", "images/old.png", "images/old-html.png", "images/b.png"]
    assert [ref.commented_out for ref in page.references] == [False, True, True, False]
    assert page.references[1].comment == "liquid"
    assert page.references[1].line == 4
    assert [ref.name for ref in page.commented_out] == ["old.png", "old-html.png"]
    assert [ref.name for ref in page.rendered] == ["a.png", "b.png"]


def test_nested_and_whitespace_controlled_comments() -> None:
    page = parse("""
        {%- comment -%}
        {% comment %}inner{% endcomment %}
        ![still commented](images/a.png)
        {%- endcomment -%}
        ![visible](images/b.png)
    """)
    assert [(ref.name, ref.commented_out) for ref in page.references] == [("a.png", True), ("b.png", False)]


def test_html_comments_are_commented_out_too() -> None:
    page = parse("<!-- ![old](images/old.png)\n<img src='images/x.png'> -->\n![new](images/new.png)\n")
    assert [(ref.name, ref.commented_out, ref.comment) for ref in page.references] == [
        ("old.png", True, "html"),
        ("x.png", True, "html"),
        ("new.png", False, None),
    ]


def test_reference_definition_inside_a_comment_is_commented_out_too() -> None:
    page = parse("""
        ![visible][x]
        {% comment %}
        ![hidden][x]

        [x]: images/x.png
        {% endcomment %}
    """)
    assert page.rendered == ()
    assert [ref.name for ref in page.commented_out] == ["x.png", "x.png"]


def test_unterminated_comment_is_an_error_with_its_line() -> None:
    with pytest.raises(CoursePageError, match="never closed") as caught:
        parse("Intro\n\n{% comment %}\n![a](images/a.png)\n")
    assert caught.value.line == 3
    assert caught.value.exit_code == ExitCode.BAD_SETTING
    assert "{% endcomment %}" in caught.value.fix


def test_stray_endcomment_is_an_error() -> None:
    with pytest.raises(CoursePageError, match="endcomment") as caught:
        parse("![a](a.png)\n{% endcomment %}\n")
    assert caught.value.line == 2


def test_mismatched_block_tags_are_an_error() -> None:
    with pytest.raises(CoursePageError, match=r"never closed|endcomment") as caught:
        parse("{% highlight md %}\n{% endcomment %}\n{% endhighlight %}\n")
    assert caught.value.line in (1, 2)


def test_unterminated_raw_is_an_error() -> None:
    with pytest.raises(CoursePageError, match="raw"):
        parse("{% raw %}\n![a](a.png)\n")


def test_comment_tags_inside_raw_are_text() -> None:
    page = parse("{% raw %}{% comment %}{% endraw %}\n![a](images/a.png)\n")
    assert [(ref.name, ref.commented_out) for ref in page.references] == [("a.png", False)]


# --- code is not rendered as images -----------------------------------------------------------


def test_fenced_code_blocks_are_ignored() -> None:
    page = parse("""
        ```markdown
        ![in backticks](images/a.png)
        ```

        ~~~
        <img src="images/b.png">
        ~~~

        ````md
        ```
        ![inner fence](images/c.png)
        ```
        ````

        1. A step:

           ```html
           <img src="images/d.png">
           ```

        > ```
        > ![quoted](images/e.png)
        > ```

        ![real](images/real.png)
    """)
    assert paths(page) == ["images/real.png"]
    assert page.warnings == ()


def test_jekyll_highlight_blocks_are_ignored() -> None:
    page = parse("""
        {% highlight markdown %}
        ![in highlight](images/a.png)
        {% endhighlight %}
        ![real](images/real.png)
    """)
    assert paths(page) == ["images/real.png"]


def test_inline_code_is_ignored() -> None:
    page = parse("""
        Write `![alt](images/a.png)` or ``<img src="images/b.png">`` or `
        ![across lines](images/c.png)` to show an image. ![real](images/real.png)

        A lone ` backtick does not hide ![this](images/d.png).

        An escaped \\`![e](images/e.png)\\` is not code.
    """)
    assert paths(page) == ["images/real.png", "images/d.png", "images/e.png"]


def test_unterminated_fence_is_text() -> None:
    """kramdown: a fence without its closing line is no code block, so the image shows."""
    page = parse("```\n![a](images/a.png)\n")
    assert paths(page) == ["images/a.png"]


# --- external URLs ----------------------------------------------------------------------------


def test_external_images_are_marked_external() -> None:
    page = parse("""
        ![a](https://example.com/shots/root-menu.png?x=1)
        <img src="//cdn.example.com/b.png">
        ![c](data:image/png;base64,iVBORw0KGgo=)
    """)
    assert [ref.external for ref in page.references] == [True, True, True]
    assert [ref.resolved for ref in page.references] == [None, None, None]
    assert page.references[0].name == "root-menu.png"
    assert all(ref.problem is None for ref in page.references)


# --- reading files ----------------------------------------------------------------------------


def test_read_course_page_from_disk(tmp_path: Path) -> None:
    page_file = tmp_path / "lesson" / "page.md"
    page_file.parent.mkdir()
    page_file.write_bytes("\ufeff---\r\ntitle: T\r\n---\r\n\r\n![a](images/a.png)\r\n".encode())
    page = read_course_page(page_file)
    assert page.path == page_file
    assert page.folder == page_file.parent
    assert page.front_matter == {"title": "T"}
    ref = only(page)
    assert ref.line == 5
    assert page.file_of(ref) == tmp_path / "lesson" / "images" / "a.png"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00bad"), "not UTF-8"),
    ],
)
def test_unreadable_pages_are_setting_errors(tmp_path: Path, make, message: str) -> None:
    target = tmp_path / "page.md"
    make(target)
    with pytest.raises(CoursePageError, match=message) as caught:
        read_course_page(target)
    assert caught.value.step == READ_STEP
    assert caught.value.exit_code == ExitCode.BAD_SETTING


def test_site_root_is_the_folder_with_config_yml(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    site = tmp_path / "site"
    (site / "course" / "iam").mkdir(parents=True)
    page_file = site / "course" / "iam" / "page.md"
    page_file.write_text("![a]({{ site.baseurl }}/images/a.png)\n![b](/images/b.png)\n")
    assert find_site_root(page_file) == PurePosixPath(".")  # no _config.yml yet
    (site / "_config.yml").write_text("title: Course\n")
    assert find_site_root(page_file) == PurePosixPath("../..")
    page = read_course_page(page_file)
    assert [page.file_of(ref) for ref in page.references] == [
        site / "images" / "a.png",
        site / "images" / "b.png",
    ]


def test_site_root_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: outside the repository\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    assert find_site_root(repo / "docs" / "page.md") == PurePosixPath(".")


def test_the_jekyll_driver_ships_with_the_package() -> None:
    """The Jekyll renderer's Ruby driver is package data of automation.course (read via importlib)."""
    import tomllib
    from importlib import resources

    root = Path(__file__).resolve().parent.parent
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "automation.course" in setuptools["packages"]
    assert setuptools["package-data"]["automation.course"] == ["jekyll_render.rb"]
    assert resources.files("automation.course").joinpath("jekyll_render.rb").is_file()


@pytest.mark.parametrize(
    "name", ["kramdown/html-blocks.md", "liquid/control-flow.md", "kramdown/destinations.md"]
)
def test_a_page_cut_anywhere_gives_images_or_a_page_error(tmp_path: Path, name: str) -> None:
    """Never a traceback: every prefix of a hard page reads, or is a CoursePageError naming a line."""
    source = Path(__file__).resolve().parent / "corpus" / "jekyll" / "hard-dated"
    text = (source / name).read_text(encoding="utf-8")
    site = tmp_path / "site"
    shutil.copytree(source, site)
    (tmp_path / ".git").mkdir()
    page_file = site / name
    for cut in range(0, len(text), max(1, len(text) // 25)):
        page_file.write_text(text[:cut], encoding="utf-8")
        try:
            read_course_page(page_file, renderer="builtin")
        except CoursePageError as error:
            assert error.exit_code == ExitCode.BAD_SETTING
            assert "Fix:" in str(error)
