"""scripts/run-workflow.py follows only what it understands: anything else in a template stops it (exit 2),
so a template change it cannot run fails tests/install/test_wheel.py instead of passing unseen."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "run-workflow.py"
TEMPLATE = REPO / ".github" / "workflows" / "course-images.yml"


def run_workflow(tmp_path: Path, workflow: str, event: str = "push") -> subprocess.CompletedProcess[str]:
    course = tmp_path / "course"
    course.mkdir(exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=course, check=True)
    (tmp_path / "wf.yml").write_text(textwrap.dedent(workflow))
    args = ["--wheel", tmp_path / "x.whl", "--python", sys.executable, "--course", course, "--event", event]
    return subprocess.run(
        [sys.executable, SCRIPT, *map(str, args), "--workflow", str(tmp_path / "wf.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_steps_run_with_the_workflow_env_and_stop_at_the_first_failure(tmp_path: Path) -> None:
    wheel_uri = (tmp_path / "x.whl").as_uri()
    done = run_workflow(
        tmp_path,
        """
        on: [push]
        env: {GREETING: hello}
        jobs:
          one:
            steps:
              - run: test "$GREETING" = hello && test "$ACF_SOURCE" = "WHEEL" && echo ran-1
              - run: exit 7
              - run: echo never
              - if: failure()
                run: echo cleanup
        """.replace("WHEEL", wheel_uri),
    )
    assert done.returncode == 7, done.stdout + done.stderr
    assert "ran-1" in done.stdout and "never" not in done.stdout and "cleanup" in done.stdout


@pytest.mark.parametrize(
    ("fragment", "why"),
    [
        ("if: github.ref == 'refs/heads/main'\n    steps: [{run: 'true'}]", "unsupported job condition"),
        ("steps: [{uses: actions/cache@v4}]", "unsupported action actions/cache@v4"),
        ("steps: [{if: cancelled(), run: 'true'}]", "unsupported step condition"),
        ("steps: [{run: 'true', env: {X: '${{ secrets.TOKEN }}'}}]", "unsupported expression"),
    ],
)
def test_what_it_does_not_understand_stops_it(tmp_path: Path, fragment: str, why: str) -> None:
    done = run_workflow(tmp_path, f"on: [push]\njobs:\n  one:\n    {fragment}\n")
    assert done.returncode == 2 and why in done.stderr, done.stdout + done.stderr


def test_an_event_the_template_ignores_is_refused(tmp_path: Path) -> None:
    done = run_workflow(tmp_path, "on: [push]\njobs: {}\n", event="schedule")
    assert done.returncode == 2 and "not triggered by schedule" in done.stderr


def test_the_template_has_both_jobs_on_their_events() -> None:
    workflow = yaml.safe_load(TEMPLATE.read_text())
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}  # YAML 1.1: `on` is True
    assert set(workflow["jobs"]) == {"check-images", "update-images"}
    assert workflow["jobs"]["update-images"]["permissions"] == {"contents": "write", "pull-requests": "write"}
