"""Packaging, fast checks: every package and data file is declared, resources resolve, the console
script and the shadowing guard work. tests/install/ builds and installs the real wheel."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import pytest

from automation import resources
from automation.errors import SettingError

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
#: Under fixtures/, what a run needs (shipped) and what stays in the repository.
SHIPPED = ("replica/dist/", "replica/classic/", "replica/credentials.env", "course/", "imaging/")
NOT_SHIPPED = ("recordings/", "replica/src/", "replica/package", "replica/build.mjs", "replica/README.md")


def tracked(folder: str) -> list[str]:
    """Files git knows under ``folder`` (committed or added), relative to it."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [name.removeprefix(f"{folder}/") for name in listed]


def declared(name: str) -> bool:
    """Whether a package-data glob of automation.fixtures takes ``name`` (``*`` stays in one folder)."""
    path = PurePosixPath(name)
    patterns = SETUPTOOLS["package-data"]["automation.fixtures"]
    return any(len(PurePosixPath(p).parts) == len(path.parts) and path.match(p) for p in patterns)


def test_every_package_is_listed() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("automation", "flows")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert set(SETUPTOOLS["packages"]) == found | {"automation.fixtures"}
    assert SETUPTOOLS["package-dir"] == {"automation.fixtures": "fixtures"}


def test_package_data_takes_what_runs_need_and_leaves_the_rest() -> None:
    files = [name for name in tracked("fixtures") if name != "__init__.py"]
    shipped = [name for name in files if name.startswith(SHIPPED)]
    assert {"replica/dist/replica.js", "replica/dist/open-sans-latin-400-normal.woff2"} <= set(shipped)
    assert [name for name in shipped if not declared(name)] == []
    assert [name for name in files if name.startswith(NOT_SHIPPED) and declared(name)] == []
    assert all(name.startswith((*SHIPPED, *NOT_SHIPPED)) for name in files), files


def test_resources_resolve_to_the_shipped_files() -> None:
    assert (resources.replica_dist() / "replica.js").is_file()
    assert (resources.classic_pages() / "classic.css").is_file()
    assert resources.sample_course_page().read_text().startswith("---")
    assert "AWS_CONSOLE_ROOT_EMAIL=root@example.com" in resources.replica_credentials_text()


def test_a_missing_data_file_is_a_clear_setting_error() -> None:
    with pytest.raises(SettingError, match="Reinstall it") as caught:
        resources.data_path("replica", "no-such-file.js")
    assert "replica/no-such-file.js" in str(caught.value)


def run_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def script(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.mark.parametrize("init", [True, False], ids=["package", "namespace"])
def test_a_course_repository_automation_folder_is_a_clear_error(tmp_path: Path, init: bool) -> None:
    (tmp_path / "automation").mkdir()
    if init:
        (tmp_path / "automation" / "__init__.py").write_text("COURSE = True\n")
    shadowed = run_python("-m", "flows.root", "--help", cwd=tmp_path)
    assert shadowed.returncode == 3, shadowed.stderr
    assert "Traceback" not in shadowed.stderr
    assert f"the folder {tmp_path / 'automation'} hides the aws-console-flows library" in shadowed.stderr
    assert "aws-console-flows" in shadowed.stderr and "python -P -m flows" in shadowed.stderr
    assert run_python("-P", "-m", "flows.root", "--help", cwd=tmp_path).returncode == 0
    console = subprocess.run(
        [script("aws-console-flows"), "root", "--help"], cwd=tmp_path, capture_output=True, text=True
    )
    assert console.returncode == 0 and console.stdout.startswith("usage: aws-console-flows root")


def test_console_script_has_the_same_commands(tmp_path: Path) -> None:
    def help_of(*args: str) -> str:
        run = subprocess.run([script("aws-console-flows"), *args, "--help"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    both = help_of()
    assert both.startswith("usage: aws-console-flows [-h]") and "aws-console-flows --check --out" in both
    assert "python -m flows" not in both and "aws-console-flows root" in both
    assert help_of("iam").startswith("usage: aws-console-flows iam") and "--use-case" in help_of("iam")
    assert help_of("coverage").startswith("usage: aws-console-flows coverage")
    assert help_of("approve").startswith("usage: aws-console-flows approve")


#: What an installed user does not have: the repository's folders and files, its build tools.
REPO_ONLY = re.compile(
    r"fixtures/|\.env\.example|npm |make (demo|test|setup|fixtures)|automation/\w+|tests/corpus|\bbench/"
)


def user_facing_strings(path: Path) -> list[tuple[int, str]]:
    """String literals of a module that may reach a user: every one but docstrings."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_messages_and_help_name_only_what_an_installed_user_has() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for top in ("automation", "flows")
        for path in sorted((ROOT / top).rglob("*.py"))
        for line, text in user_facing_strings(path)
        if REPO_ONLY.search(text)
    ]
    assert found == []


def test_install_browser_reports_the_build_chromium_itself_reports(tmp_path: Path) -> None:
    system = shutil.which("chromium")
    if system is None:
        pytest.skip("no system Chromium to compare with")
    own = subprocess.run([system, "--version"], capture_output=True, text=True, check=True).stdout
    build = re.search(r"\b(\d+\.\d+\.\d+\.\d+)\b", own)
    assert build is not None, own
    env = {**os.environ, "AWS_CONSOLE_FLOWS_CHROMIUM": system}  # no download attempt
    run = subprocess.run(
        [script("aws-console-flows"), "install-browser"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert f"chromium {build.group(1)}" in run.stdout and "playwright install" not in run.stderr
