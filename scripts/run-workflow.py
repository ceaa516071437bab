#!/usr/bin/env python3
"""Run the course workflow template's steps locally, against a built wheel, so it cannot drift.

Reads .github/workflows/course-images.yml with PyYAML and runs, in a course folder (a git repository),
every job whose ``if:`` holds for ``--event``, step by step, the way a GitHub runner would:

- ``run:`` steps run with ``bash --noprofile --norc -e`` and the workflow's, job's and step's ``env``;
  ``ACF_SOURCE`` points at the wheel (``aws-console-flows @ file:///…whl``), the venv's ``bin`` comes
  first on PATH (what actions/setup-python gives), and GitHub's variables are set (GITHUB_RUN_ID, …);
- ``uses:`` steps are the runner's own: checkout is the course folder itself; setup-python is the venv
  (its Python version must be the one the YAML asks for); upload-artifact checks that its path exists;
- ``--fake-github DIR`` gives the course folder a bare ``origin`` repository and a ``gh`` that logs
  its arguments to DIR/gh.log instead of calling GitHub.

Only the expressions the template uses are understood (``github.event_name ==``/``!=``, ``failure()``,
``success()``, ``always()``, ``${{ github.token }}``); anything else stops the run, so a template change
that this script cannot follow fails the test that runs it. Exit 0 when every job passed.

example:
  scripts/run-workflow.py --wheel dist/aws_console_flows-0.1.0-py3-none-any.whl \\
      --python /tmp/venv/bin/python --course /tmp/course --event workflow_dispatch --fake-github /tmp/gh
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "course-images.yml"
EVENT_TEST = re.compile(r"^github\.event_name\s*(==|!=)\s*'([a-z_]+)'$")
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
GH_STUB = '#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\necho "https://github.com/OWNER/course/pull/1"\n'


class WorkflowError(Exception):
    """The template uses something this script does not understand."""


@dataclass
class Runner:
    """Where and how the steps run."""

    course: Path
    python: Path
    wheel: Path
    event: str
    extra_path: list[Path]
    temp: Path  # RUNNER_TEMP

    def base_env(self, workflow_env: Mapping[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
        path = [str(self.python.parent), *map(str, self.extra_path), env.get("PATH", "")]
        env.update(
            {
                "PATH": os.pathsep.join(path),
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_EVENT_NAME": self.event,
                "GITHUB_RUN_ID": "4242",
                "GITHUB_WORKSPACE": str(self.course),
                "RUNNER_TEMP": str(self.temp),
            }
        )
        env.update({k: self.expand(str(v)) for k, v in workflow_env.items()})
        env["ACF_SOURCE"] = self.wheel.resolve().as_uri()
        return env

    def expand(self, text: str) -> str:
        """``${{ … }}`` in a value: only ``github.token`` (a stand-in) and ``github.event_name``."""

        def value(match: re.Match[str]) -> str:
            known = {"github.token": "local-token", "github.event_name": self.event}
            if match.group(1) not in known:
                raise WorkflowError(f"unsupported expression ${{{{ {match.group(1)} }}}}")
            return known[match.group(1)]

        return EXPRESSION.sub(value, text)

    def job_applies(self, condition: Any) -> bool:
        if condition is None:
            return True
        found = EVENT_TEST.match(str(condition).strip())
        if not found:
            raise WorkflowError(f"unsupported job condition: {condition!r}")
        return (self.event == found.group(2)) == (found.group(1) == "==")


def step_applies(condition: Any, failed: bool) -> bool:
    """A step's ``if:``: success() by default, failure(), always()."""
    text = "success()" if condition is None else str(condition).strip()
    table = {"success()": not failed, "failure()": failed, "always()": True}
    if text not in table:
        raise WorkflowError(f"unsupported step condition: {condition!r}")
    return table[text]


def use_action(runner: Runner, step: Mapping[str, Any], env: Mapping[str, str]) -> int:
    """What a runner's own action gives, checked against what is here."""
    action, options = str(step["uses"]), dict(step.get("with") or {})
    name = action.split("@")[0]
    if name == "actions/checkout":
        return 0 if (runner.course / ".git").exists() else 1
    if name == "actions/setup-python":
        wanted = str(options.get("python-version", ""))
        have = subprocess.run(
            [str(runner.python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if wanted != have:
            print(
                f"setup-python: the workflow asks for Python {wanted}, the venv has {have}", file=sys.stderr
            )
            return 1
        return 0
    if name == "actions/upload-artifact":
        path = runner.course / runner.expand(str(options["path"]))
        ok = path.exists() and any(path.iterdir())
        print(f"upload-artifact: {options.get('name')} <- {path} ({'found' if ok else 'MISSING'})")
        return 0 if ok else 1
    raise WorkflowError(f"unsupported action {action}")


def run_script(script: str, env: Mapping[str, str], cwd: Path) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
        handle.write(script)
    try:
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", handle.name], env=env, cwd=cwd
        ).returncode
    finally:
        Path(handle.name).unlink()


def run_job(runner: Runner, name: str, job: Mapping[str, Any], workflow_env: Mapping[str, str]) -> int:
    """Run one job's steps; the first failing step's exit code (0 when all passed)."""
    env = runner.base_env({**workflow_env, **(job.get("env") or {})})
    failed = 0
    for index, step in enumerate(job["steps"], 1):
        title = step.get("name") or step.get("uses") or f"step {index}"
        if not step_applies(step.get("if"), bool(failed)):
            print(f"==> [{name}] {title}: skipped", flush=True)
            continue
        print(f"==> [{name}] {title}", flush=True)
        step_env = {**env, **{k: runner.expand(str(v)) for k, v in (step.get("env") or {}).items()}}
        code = (
            use_action(runner, step, step_env)
            if "uses" in step
            else run_script(step["run"], step_env, runner.course)
        )
        if code and not failed:
            failed = code
            print(f"==> [{name}] {title}: failed with exit code {code}", flush=True)
    return failed


def fake_github(course: Path, folder: Path) -> Path:
    """A bare ``origin`` for the course repository and a logging ``gh``; returns the folder for PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    origin = folder / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    subprocess.run(["git", "remote", "add", "origin", str(origin)], cwd=course, check=True)
    bin_dir = folder / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(GH_STUB.replace("{log}", str(folder / "gh.log")))
    gh.chmod(0o755)
    return bin_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example:" + __doc__.split("example:")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--wheel", type=Path, required=True, help="the built aws-console-flows wheel")
    parser.add_argument("--python", type=Path, required=True, help="a venv's python (setup-python's)")
    parser.add_argument("--course", type=Path, required=True, help="the course repository (a git work tree)")
    parser.add_argument("--event", default="push", help="push (default), pull_request or workflow_dispatch")
    parser.add_argument("--workflow", type=Path, default=WORKFLOW)
    parser.add_argument("--fake-github", type=Path, metavar="DIR", help="bare origin + logging gh in DIR")
    args = parser.parse_args(argv)
    workflow = yaml.safe_load(args.workflow.read_text())
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads the key `on` as True
    if args.event not in triggers:
        print(f"error: the workflow is not triggered by {args.event}", file=sys.stderr)
        return 2
    extra = [fake_github(args.course, args.fake_github)] if args.fake_github else []
    result = 0
    try:
        with tempfile.TemporaryDirectory(prefix="runner-temp-") as temp:
            runner = Runner(
                args.course.resolve(), args.python.absolute(), args.wheel, args.event, extra, Path(temp)
            )
            ran = [name for name, job in workflow["jobs"].items() if runner.job_applies(job.get("if"))]
            for name in ran:
                result = run_job(runner, name, workflow["jobs"][name], workflow.get("env") or {}) or result
    except WorkflowError as error:
        print(f"error: {error}; teach scripts/run-workflow.py or keep the template simple.", file=sys.stderr)
        return 2
    print(f"==> jobs run for {args.event}: {', '.join(ran) or 'none'}; {'failed' if result else 'passed'}")
    return result


if __name__ == "__main__":
    sys.exit(main())
