"""The plugin is registered exactly once: by tests/conftest.py, and by any pytest11 entry point.

pytest registers an entry-point plugin under the entry point's name; ``pytest_plugins = [module]``
then registers the same module under its module name, and pluggy refuses the second registration
("Plugin already registered under a different name"), so pytest crashes before collecting. These
tests install a fake distribution (a dist-info on PYTHONPATH) to see what an installed package does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .inner import REPO, make_project, run_pytest

MODULE = "automation.pytest_plugin"
CONFTEST = f'pytest_plugins = ["{MODULE}"]\n'
TEST = "def test_fixture_exists(assert_screenshot):\n    assert callable(assert_screenshot)\n"


def _declared_entry_points() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return dict(project.get("entry-points", {}).get("pytest11", {}))


def _fake_install(site: Path, entry_points: dict[str, str]) -> Path:
    info = site / "aws_console_flows-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: aws-console-flows\nVersion: 0.1.0\n")
    lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (info / "entry_points.txt").write_text("[pytest11]\n" + lines)
    return site


def _session(tmp_path: Path, entry_points: dict[str, str], *args: str):
    root = make_project(tmp_path / "p", {"conftest.py": CONFTEST, "test_x.py": TEST}, load_plugin=False)
    site = _fake_install(tmp_path / "site", entry_points)
    return run_pytest(root, *args, path=(site,))


def test_pyproject_entry_points_do_not_register_the_plugin_twice() -> None:
    for name, value in _declared_entry_points().items():
        if value.strip() == MODULE:
            assert name == MODULE, f"pytest11 entry point {name!r} would clash with tests/conftest.py"


def test_installed_project_with_the_conftest_line_runs(tmp_path) -> None:
    run = _session(tmp_path, _declared_entry_points(), "--help")
    assert run.returncode == 0, run.output
    assert run.output.count("--acf-update-snapshots") == 1
    assert _session(tmp_path / "again", _declared_entry_points()).returncode == 0


def test_entry_point_named_aws_console_flows_would_register_twice(tmp_path) -> None:
    """Why pyproject declares no ``aws_console_flows`` entry point (remove this if pytest changes)."""
    run = _session(tmp_path, {"aws_console_flows": MODULE})
    assert run.returncode != 0
    assert "already registered" in run.output


@pytest.mark.parametrize("name", [MODULE])
def test_entry_point_named_after_the_module_would_be_safe(tmp_path, name: str) -> None:
    """The alternative that works with the conftest line: pytest sees the name and skips it."""
    run = _session(tmp_path, {name: MODULE}, "-n", "2")
    assert run.returncode == 0, run.output
