"""The tool as a course author gets it: the built wheel, installed with its dependencies into a fresh
venv outside the repository, run from a course folder that has none of this repository's files.

One build and one venv serve every case here (module fixtures; `--dist loadgroup` keeps the module on
one xdist worker). The oracles are not this project's: `python -m build` (sdist, then the wheel built
from that sdist), pip and a fresh venv, the wheel's own file list, Chromium's `--version`, Pillow,
git and pytest itself.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from automation.visual.metadata import read_metadata, with_metadata

REPO = Path(__file__).resolve().parents[2]
ROOT_IMAGES = ("root-menu.png", "root-security-credentials.png")
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("installed-wheel")]

#: A course author's own .env for the real console: offline runs must never read it.
AUTHOR_ENV = "AWS_CONSOLE_ROOT_EMAIL=author@course.example\nAWS_CONSOLE_ROOT_PASSWORD=Author-Real-Pw-1\n"


@dataclass(frozen=True)
class Built:
    """The wheel and sdist of this checkout."""

    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel and its `[pytest]` extra."""

    python: Path
    wheel: Path

    @property
    def bin(self) -> Path:
        return self.python.parent


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a course author's shell: nothing of this repository or its settings."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_", "AWS_CONSOLE_ROOT", "AWS_CONSOLE_IAM", "AWS_CONSOLE_ACC")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**env, **extra}


def run(args: list[str | Path], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`python -m build` on a copy of the files git would clone (sdist, then the wheel from the sdist)."""
    source = tmp_path_factory.mktemp("source")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    done = run([sys.executable, "-m", "build", "--outdir", out, source], cwd=source, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return Built(next(out.glob("*.whl")), next(out.glob("*.tar.gz")))


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A venv outside the repository with `aws-console-flows[pytest]` from the wheel (pins as constraints)."""
    venv = tmp_path_factory.mktemp("venv")
    assert REPO not in venv.parents
    subprocess.run([sys.executable, "-m", "venv", "--clear", venv], check=True)
    python = venv / "bin" / "python"
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    done = run([*pip, "-c", REPO / "requirements.lock", f"{built.wheel}[pytest]"], cwd=venv, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return Installed(python, built.wheel)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder: its own .env (real-console settings) and nothing else."""
    folder = tmp_path_factory.mktemp("course")
    (folder / ".env").write_text(AUTHOR_ENV)
    (folder / ".env").chmod(0o600)
    return folder


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    folder.chmod(0o700)
    return folder


@pytest.fixture(scope="module")
def both_paths(installed: Installed, course: Path, keys: Path) -> subprocess.CompletedProcess[str]:
    """`python -m flows` from the course folder: both paths, nine images in ./images."""
    return run([installed.python, "-m", "flows", "--keys-dir", keys], cwd=course)


def chromium_build() -> str | None:
    """The build the system Chromium reports of itself (`chromium --version`), if there is one."""
    found = shutil.which("chromium")
    if not found:
        return None
    text = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\b(\d+\.\d+\.\d+\.\d+)\b", text)
    return match.group(1) if match else None


def test_wheel_and_sdist_carry_what_a_run_needs(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    data = "automation/fixtures/"
    for needed in (
        "replica/dist/replica.js",
        "replica/dist/replica.css",
        "replica/dist/signin.js",
        "replica/dist/open-sans-latin-400-normal.woff2",
        "replica/classic/classic.js",
        "replica/classic/classic.css",
        "replica/credentials.env",
        "course/access-keys.md",
    ):
        assert data + needed in names, needed
    assert "automation/resources.py" in names and "flows/console.py" in names
    assert not [n for n in names if "recordings" in n or "/src/" in n or "node_modules" in n]
    assert "aws-console-flows = flows.console:main" in entry_points and "[pytest11]" in entry_points
    with tarfile.open(built.sdist) as archive:
        sdist = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"fixtures/replica/dist/replica.js", "fixtures/replica/credentials.env"} <= sdist
    assert "fixtures/replica/package-lock.json" in sdist and any(
        n.startswith("fixtures/replica/src/") for n in sdist
    )
    assert not [n for n in sdist if n.startswith("fixtures/recordings")]


def test_the_library_comes_from_the_venv(installed: Installed, course: Path) -> None:
    where = run(
        [installed.python, "-c", "import automation, flows; print(automation.__file__, flows.__file__)"],
        course,
    )
    assert where.returncode == 0, where.stderr
    assert all(str(installed.bin.parent) in p and str(REPO) not in p for p in where.stdout.split())
    extras = run([installed.python, "-m", "pip", "list", "--format=json"], course)
    names = {p["name"].lower() for p in json.loads(extras.stdout)}
    assert {"pytest", "pytest-playwright"} <= names and "pytest-xdist" not in names  # only the [pytest] extra


def test_both_paths_on_the_replica_never_reading_the_course_env(
    installed: Installed, both_paths: subprocess.CompletedProcess[str], course: Path
) -> None:
    assert both_paths.returncode == 0, both_paths.stderr[-3000:]
    assert len(list((course / "images").glob("*.png"))) == 9
    assert "settings from the replica's own example credentials" in both_paths.stderr
    assert "Author-Real-Pw-1" not in both_paths.stdout + both_paths.stderr
    fields = read_metadata((course / "images" / "root-menu.png").read_bytes())
    assert fields["edition"] == "current" and fields["viewport"] == "1280x800" and fields["scale"] == "1"
    assert f"-{fields['tool-version']}-" in installed.wheel.name
    build = chromium_build()
    chosen = run([installed.python, "-m", "automation.ensure_chromium"], course).stdout  # no download
    if build and "system Chromium" in chosen:
        assert fields["browser"] == "chromium" and fields["browser-build"] == build


def test_classic_edition(installed: Installed, course: Path, keys: Path, tmp_path: Path) -> None:
    done = run(
        [installed.python, "-m", "flows.root", "--edition", "classic", "--out", tmp_path, "--keys-dir", keys],
        course,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(list(tmp_path.glob("*.png"))) == 4
    assert read_metadata((tmp_path / "root-menu.png").read_bytes())["edition"] == "classic"


def test_page_and_coverage(installed: Installed, keys: Path, tmp_path: Path) -> None:
    page = tmp_path / "lesson.md"
    page.write_text(
        "---\ntitle: Keys\n---\n\n![The menu](img/root-menu.png)\n\n"
        "![Credentials]({{ site.baseurl }}/img/root-security-credentials.png)\n"
    )
    covered = run([installed.python, "-m", "flows", "coverage", page.name], tmp_path)
    assert covered.returncode == 0, covered.stderr
    assert all(name in covered.stdout for name in ROOT_IMAGES)
    made = run([installed.python, "-m", "flows", "--page", page.name, "--keys-dir", keys], tmp_path)
    assert made.returncode == 0, made.stderr[-3000:]
    assert sorted(p.name for p in (tmp_path / "img").iterdir()) == sorted(ROOT_IMAGES)
    page.write_text(page.read_text() + "\n![Gone](img/not-made-by-any-step.png)\n")
    assert run([installed.python, "-m", "flows", "coverage", page.name], tmp_path).returncode == 9


def repaint(path: Path) -> None:
    """Draw on an image (Pillow re-encodes it: the tool's metadata is gone, as after an image editor)."""
    with Image.open(path) as image:
        image = image.convert("RGB")
    ImageDraw.Draw(image).rectangle((10, 10, 200, 60), fill=(255, 0, 0))
    image.save(path)


def restamp(path: Path, **changes: str) -> None:
    """The same pixels, recorded as made by another renderer."""
    fields = {**read_metadata(path.read_bytes()), **changes}
    plain = io.BytesIO()
    with Image.open(path) as image:
        image.save(plain, format="PNG")
    path.write_bytes(with_metadata(plain.getvalue(), fields))


def test_check_approve_and_renderer_notes_with_the_console_script(
    installed: Installed, both_paths: subprocess.CompletedProcess[str], course: Path, tmp_path: Path
) -> None:
    assert both_paths.returncode == 0
    committed, report = tmp_path / "committed", tmp_path / "report"
    committed.mkdir()
    for name in ROOT_IMAGES:
        shutil.copy(course / "images" / name, committed / name)
    script = installed.bin / "aws-console-flows"
    check = [script, "root", "--check", "--out", committed, "--report", report]

    fresh = run(check, tmp_path)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr[-2000:]
    assert "All 2 image(s) match" in fresh.stdout and "note:" not in fresh.stdout

    repaint(committed / "root-menu.png")  # changed, and no longer records its renderer
    restamp(committed / "root-security-credentials.png", **{"browser-build": "131.0.6778.33"})
    changed = run(check, tmp_path)
    assert changed.returncode == 1, changed.stdout + changed.stderr[-2000:]
    assert "DIFF root-menu.png" in changed.stdout and "records no renderer" in changed.stdout
    assert "note: The committed image was made with chromium 131.0.6778.33" in changed.stdout
    assert "--update-snapshots all" in changed.stdout
    summary = json.loads((report / "summary.json").read_text())
    assert not summary["passed"] and (report / "index.html").is_file()
    assert "131.0.6778.33" in " ".join(summary["renderer_notes"])

    approved = run([script, "approve", "--report", report], tmp_path)
    assert approved.returncode == 0 and "approved root-menu.png" in approved.stdout
    assert "root-security-credentials" not in approved.stdout  # same pixels: nothing to approve
    noted = run(check, tmp_path)
    assert noted.returncode == 0 and "note: The committed image was made with chromium 131" in noted.stdout

    # `all` rewrites every image that is not byte-identical: the restamped one, and any whose pixels
    # moved below the threshold since it was approved.
    updated = run([*check, "--update-snapshots", "all"], tmp_path)
    rewrote = next((line for line in updated.stdout.splitlines() if line.startswith("Rewrote ")), "")
    assert updated.returncode == 0 and "root-security-credentials.png" in rewrote, updated.stdout
    assert "note:" not in updated.stdout
    remade = read_metadata((committed / "root-security-credentials.png").read_bytes())
    assert remade["browser-build"] != "131.0.6778.33"


def test_a_course_automation_folder_and_the_console_script(installed: Installed, tmp_path: Path) -> None:
    (tmp_path / "automation").mkdir()
    (tmp_path / "automation" / "__init__.py").write_text("")
    shadowed = run([installed.python, "-m", "flows", "--help"], tmp_path)
    assert shadowed.returncode == 3 and "Traceback" not in shadowed.stderr
    assert "hides the aws-console-flows library" in shadowed.stderr
    script = run([installed.bin / "aws-console-flows", "--help"], tmp_path)
    assert script.returncode == 0 and script.stdout.startswith("usage: aws-console-flows")


COURSE_TESTS = """
def test_heading(page, assert_screenshot):
    page.set_content("<h1 style='font-family: sans-serif'>Access keys</h1>")
    assert_screenshot(page, "heading.png")


def test_button(page, assert_screenshot):
    page.set_content("<button>Create access key</button>")
    assert_screenshot(page.locator("button"), "button.png")
"""


def test_a_course_pytest_suite_uses_the_plugin_with_only_the_pytest_extra(
    installed: Installed, tmp_path: Path
) -> None:
    (tmp_path / "test_course.py").write_text(COURSE_TESTS)
    pytest_cmd = [installed.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    helped = run([*pytest_cmd, "--help"], tmp_path)
    assert "--acf-update-snapshots" in helped.stdout and "acf_baseline_dir" in helped.stdout
    first = run([*pytest_cmd, "--acf-update-snapshots=all"], tmp_path)
    assert first.returncode == 0 and "2 passed" in first.stdout, first.stdout[-3000:]
    baseline = tmp_path / "tests" / "baselines" / "current" / "heading.png"
    assert read_metadata(baseline.read_bytes())["browser"] == "chromium"
    repaint(baseline)
    broken = run(pytest_cmd, tmp_path)
    assert broken.returncode == 1 and "1 failed, 1 passed" in broken.stdout, broken.stdout[-3000:]
    assert json.loads((tmp_path / "visual-report" / "summary.json").read_text())["totals"]["failed"] == 1


def git(course: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=course, capture_output=True, text=True, check=True).stdout


def test_the_workflow_template_runs_against_the_wheel(
    installed: Installed, both_paths: subprocess.CompletedProcess[str], course: Path, tmp_path: Path
) -> None:
    assert both_paths.returncode == 0
    repo = tmp_path / "course-repo"
    (repo / "images").mkdir(parents=True)
    for name in ROOT_IMAGES:
        shutil.copy(course / "images" / name, repo / "images" / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=Author", "-c", "user.email=author@course.example", "commit", "-qm", "images")
    runner = [sys.executable, REPO / "scripts" / "run-workflow.py", "--wheel", installed.wheel]
    runner += ["--python", installed.python, "--course", repo]

    push = run([*runner, "--event", "push"], repo, timeout=600)
    assert push.returncode == 0, push.stdout[-3000:] + push.stderr[-3000:]
    assert "jobs run for push: check-images; passed" in push.stdout and "All 2 image(s) match" in push.stdout

    restamp(repo / "images" / "root-menu.png", **{"browser-build": "131.0.6778.33"})
    repaint(repo / "images" / "root-security-credentials.png")
    git(repo, "-c", "user.name=Author", "-c", "user.email=a@b.example", "commit", "-qam", "other browser")
    failing = run([*runner, "--event", "push"], repo, timeout=600)
    assert failing.returncode == 1, failing.stdout[-3000:]
    assert "upload-artifact: visual-report <-" in failing.stdout and "(found)" in failing.stdout

    github = tmp_path / "github"
    update = run([*runner, "--event", "workflow_dispatch", "--fake-github", github], repo, timeout=600)
    assert update.returncode == 0, update.stdout[-3000:] + update.stderr[-3000:]
    assert "jobs run for workflow_dispatch: update-images; passed" in update.stdout
    pushed = git(repo, "--git-dir", str(github / "origin.git"), "show", "--stat", "update-images-4242")
    assert "images/root-menu.png" in pushed and "images/root-security-credentials.png" in pushed
    assert "pr create --head update-images-4242" in (github / "gh.log").read_text()
    assert git(repo, "branch", "--show-current").strip() == "update-images-4242"
    assert read_metadata((repo / "images" / "root-menu.png").read_bytes())["browser-build"] != "131.0.6778.33"
