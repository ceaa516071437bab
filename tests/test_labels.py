"""Tutorial text that matches the console: quoted UI labels checked against each edition's labels."""

from __future__ import annotations

import ast
import io
import os
import stat
import textwrap
from pathlib import Path

import pytest

from automation.course.labels import check_labels, quoted_labels, suggest, unified_diff
from automation.course_page import read_course_page
from automation.errors import ExitCode, StorageError
from automation.pages.labels import EDITIONS, labels_for
from flows.catalog import ALL_IMAGES
from flows.coverage import run_coverage

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "course" / "access-keys.md"
CLASSIC_TUTORIAL = ROOT / "tests" / "corpus" / "course" / "classic-tutorial.md"


def page_from(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    file = tmp_path / "page.md"
    file.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return file, read_course_page(file, renderer="builtin")


def outcomes(page, edition: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(check.quoted.label, check.outcome, check.today) for check in check_labels(page, edition)]


# --- one test per outcome -----------------------------------------------------------------------


def test_match(tmp_path: Path) -> None:
    _, page = page_from(
        tmp_path, "Choose **Download .csv file**.\n\n![x](images/root-download-new-keys.png)\n"
    )
    assert outcomes(page, "current") == [("Download .csv file", "match", "Download .csv file")]


def test_case_only(tmp_path: Path) -> None:
    _, page = page_from(tmp_path, 'Choose "Security Credentials".\n\n![x](images/root-menu.png)\n')
    assert outcomes(page, "current") == [("Security Credentials", "case", "Security credentials")]


def test_renamed_names_todays_label(tmp_path: Path) -> None:
    _, page = page_from(
        tmp_path, "Choose **Download Key File**.\n\n![x](images/root-download-new-keys.png)\n"
    )
    assert outcomes(page, "current") == [("Download Key File", "renamed", "Download .csv file")]


def test_gone_names_what_replaces_it(tmp_path: Path) -> None:
    _, page = page_from(
        tmp_path, "Choose **User Actions**.\n\n![x](images/iam-security-credentials-page.png)\n"
    )
    assert outcomes(page, "current") == [("User Actions", "gone", "Security credentials")]


def test_the_step_decides_between_editions_labels(tmp_path: Path) -> None:
    """Today's "Create access key" is "Create New Access Key" at the root step, "Manage Access Keys"
    on the IAM user's tab, in the classic console."""
    _, page = page_from(
        tmp_path,
        """
        ## Root
        Choose **Create access key**.

        ![x](images/root-expanded-credentials-page.png)

        ## IAM
        Choose **Create access key**.

        ![y](images/iam-security-credentials-page.png)
        """,
    )
    assert outcomes(page, "classic") == [
        ("Create access key", "renamed", "Create New Access Key"),
        ("Create access key", "renamed", "Manage Access Keys"),
    ]


def test_quotes_in_code_and_ordinary_emphasis_are_not_labels(tmp_path: Path) -> None:
    _, page = page_from(
        tmp_path,
        """
        Keys are **two** at most; see `**Download Key File**`.

        ```
        "Create New Access Key"
        ```

        ![x](images/root-menu.png)
        """,
    )
    assert quoted_labels(page) == []


def test_each_kind_of_quote_is_read(tmp_path: Path) -> None:
    _, page = page_from(
        tmp_path,
        """
        **Done**, __Next__, *Show*, _Services_, "IAM", “Users”, <b>Access keys</b> and <kbd>Actions</kbd>.

        ![x](images/iam-download-credentials-page.png)
        """,
    )
    assert [item.label for item in quoted_labels(page)] == [
        "Done",
        "Next",
        "Show",
        "Services",
        "IAM",
        "Users",
        "Access keys",
    ]
    assert {item.line for item in quoted_labels(page)} == {1}
    assert {item.step for item in quoted_labels(page)} == {"iam-download-credentials-page.png"}


# --- the sample page and a page written for the classic console --------------------------------------


def test_sample_page_matches_the_current_console() -> None:
    checks = check_labels(read_course_page(SAMPLE, renderer="builtin"), "current")
    assert len(checks) >= 25
    assert {check.outcome for check in checks} == {"match"}
    steps = {check.quoted.step for check in checks}
    assert {item.image for item in ALL_IMAGES} - steps == {"root-menu.png"}  # step 1 quotes no label


def test_sample_page_on_the_classic_console_has_every_outcome_but_needs_no_guess() -> None:
    page = read_course_page(SAMPLE, renderer="builtin")
    found = {
        (check.quoted.label, check.quoted.step, check.outcome, check.today)
        for check in check_labels(page, "classic")
    }
    assert ("Download .csv file", "root-download-new-keys.png", "renamed", "Download Key File") in found
    assert (
        "Download .csv file",
        "iam-download-credentials-page.png",
        "renamed",
        "Download Credentials",
    ) in found
    assert (
        "Create access key",
        "iam-security-credentials-page.png",
        "renamed",
        "Manage Access Keys",
    ) in found
    assert ("Security credentials", "root-security-credentials.png", "case", "Security Credentials") in found
    assert ("Retrieve access keys", "iam-download-credentials-page.png", "gone", "Create Access Key") in found
    assert ("Done", "root-download-new-keys.png", "renamed", "Close") in found


def test_a_page_written_for_the_classic_console_has_nothing_to_fix_on_classic() -> None:
    page = read_course_page(CLASSIC_TUTORIAL, renderer="builtin")
    checks = check_labels(page, "classic")
    labels = {check.quoted.label for check in checks}
    assert {"Security Credentials", "Create New Access Key", "Download Key File"} <= labels
    assert {"Manage Access Keys", "Download Credentials"} <= labels
    assert {check.outcome for check in checks} == {"match"}
    assert suggest(page, checks) == page.text


def test_the_classic_page_on_the_current_console_gets_todays_labels_and_alt_texts() -> None:
    page = read_course_page(CLASSIC_TUTORIAL, renderer="builtin")
    diff = unified_diff(page, suggest(page, check_labels(page, "current")))
    assert "-4. Choose **Create New Access Key**, then **Download Key File**, and **Close**." in diff
    assert "+4. Choose **Create access key**, then **Download .csv file**, and **Done**." in diff
    assert (
        "+   ![The Create access key dialog with Download .csv file](images/root-download-new-keys.png)"
        in diff
    )
    assert "+   ![The Security credentials tab](images/iam-security-credentials-page.png)" in diff
    assert diff.startswith(f"--- {CLASSIC_TUTORIAL}\n+++ {CLASSIC_TUTORIAL}\n")


# --- the command -----------------------------------------------------------------------------------


def coverage(page: Path, **options: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run_coverage(page, out, renderer="builtin", **options)  # type: ignore[arg-type]
    return int(code), out.getvalue()


def test_coverage_reports_labels_and_keeps_its_exit_code(tmp_path: Path) -> None:
    page, _ = page_from(
        tmp_path, "Choose **Download Key File**.\n\n![x](images/root-download-new-keys.png)\n"
    )
    code, text = coverage(page)
    assert code == ExitCode.OK
    assert (
        'line 1: "Download Key File" (root-download-new-keys.png): renamed; today: "Download .csv file"'
        in text
    )
    assert "1 label: 0 match, 0 differ in case only, 1 renamed, 0 gone." in text
    assert "--suggest" in text


def test_suggest_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    page, _ = page_from(
        tmp_path, "Choose **Download Key File**.\n\n![Download Key File](images/root-download-new-keys.png)\n"
    )
    before = page.read_bytes()
    _, text = coverage(page, labels="suggest")
    assert "-Choose **Download Key File**." in text
    assert "+Choose **Download .csv file**." in text
    assert "+![Download .csv file](images/root-download-new-keys.png)" in text
    assert page.read_bytes() == before
    assert list(tmp_path.iterdir()) == [page]


def test_fix_writes_atomically_keeps_a_backup_line_ends_and_mode(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    original = "\ufeffChoose **Close**.\r\n\r\n![x](images/iam-download-credentials-page.png)\r\n".encode()
    page.write_bytes(original)
    page.chmod(0o640)
    code, text = coverage(page, labels="fix")
    assert code == ExitCode.OK
    assert (
        page.read_bytes()
        == "\ufeffChoose **Done**.\r\n\r\n![x](images/iam-download-credentials-page.png)\r\n".encode()
    )
    assert (tmp_path / "page.md.bak").read_bytes() == original
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert f"the old page is in {tmp_path / 'page.md.bak'}" in text
    coverage(page, labels="fix")  # nothing left to fix: no second backup
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md", "page.md.bak"]
    page.write_text("Choose **Close**.\n\n![x](images/iam-download-credentials-page.png)\n")
    coverage(page, labels="fix")
    assert (
        tmp_path / "page.md.bak.1"
    ).read_text() == "Choose **Close**.\n\n![x](images/iam-download-credentials-page.png)\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_fix_in_a_read_only_folder_is_a_storage_error_and_leaves_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Choose **Close**.\n\n![x](images/iam-download-credentials-page.png)\n")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="unchanged") as caught:
            coverage(page, labels="fix")
        assert caught.value.exit_code == ExitCode.FILESYSTEM
        assert "Close" in page.read_text()
    finally:
        tmp_path.chmod(0o700)


def test_cli_suggest_for_the_classic_edition(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows",
            "coverage",
            "--renderer",
            "builtin",
            "--edition",
            "classic",
            "--suggest",
            str(SAMPLE),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "checked against the classic console" in done.stdout
    assert "+   both values to `rootkey.csv`. Then choose **Close**." in done.stdout


# --- the tables stay in step with the page objects ---------------------------------------------------


def _literals(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_shown_label_is_a_string_the_editions_page_objects_or_flows_use(edition: str) -> None:
    """A label renamed in the page objects (issue 18's "IAM users") must be renamed in the table."""
    pages = ROOT / "automation" / "pages"
    sources = [
        *(pages / edition).glob("*.py"),
        pages / "current" / "signin.py",
        ROOT / "automation" / "options.py",
        *(ROOT / "flows").glob("*.py"),
    ]
    sources = [path for path in sources if path.name != "labels.py"]
    strings = _literals(sources)
    table = labels_for(edition)
    missing = [
        label
        for label in table.all_shown()
        if label not in table.not_in_page_objects and not any(label in string for string in strings)
    ]
    assert missing == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_step_of_the_catalog_has_labels_and_every_mapping_leads_to_a_shown_label(edition: str) -> None:
    table = labels_for(edition)
    assert set(table.steps) == {item.image for item in ALL_IMAGES}
    shown = set(table.all_shown())
    for step in table.steps.values():
        assert step.shown
        assert set(step.renamed.values()) <= shown
        assert set(step.gone.values()) <= shown
    assert set(table.renamed.values()) <= shown and set(table.gone.values()) <= shown


def test_todays_iam_navigation_label_and_the_docs_label_both_match(tmp_path: Path) -> None:
    """2026 captures say "IAM users", AWS docs still say "Users": both are today's labels."""
    _, page = page_from(
        tmp_path, "Choose **IAM users** (the docs say **Users**).\n\n![x](images/iam-iam-page.png)\n"
    )
    assert outcomes(page, "current") == [("IAM users", "match", "IAM users"), ("Users", "match", "Users")]
    assert outcomes(page, "classic") == [("IAM users", "renamed", "Users"), ("Users", "match", "Users")]
