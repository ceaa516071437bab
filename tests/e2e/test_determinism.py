"""The determinism matrix: every mode of a run gives the committed baselines, at 0 differing pixels.

Modes are combined into few runs (a run is the cost; an image check is cheap), in the order an author
would meet them, in one keys folder per edition:

- ``fresh``: a first run (fresh sign-in), both paths in parallel, on ``--replica-fault volatile`` (a
  random console date and time of day, other sign-in and last-used dates, key ids, account name), in
  another time zone and locale (``TZ``, ``LANG``), with the machine's clock moved to a New Year's Eve
  a minute before midnight (time-machine, ticking: no waiting), into an ``--out`` with a space and a
  non-ASCII letter;
- ``saved-session``: the second run in the same keys folder, so it reuses the saved sessions (checked:
  the replica issued no session), ``--sequential --cleanup``, another ``volatile`` day, zone and locale;
- ``failed`` and ``failed-again``: two runs that fail at Create access key (``create-500``, on
  ``volatile`` days, so the console's error shows other request ids): the images written before are
  checked, and the two failure screenshots are the same pixels; then ``after-failure``: the next run in
  the same keys folder, on the plain replica, with ``--page`` and a course page naming a subset of the
  images, and ``--highlight none``.

No other run highlights anything either (the default). ``--target har:`` replay is checked against the
same baselines by tests/e2e/test_recordings_e2e.py, and ``--check`` (a fresh sign-in into a temporary
folder) by test_visual_regression.py and test_classic_visual.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from automation.artifacts import FAILURES
from automation.errors import ExitCode
from automation.pytest_plugin import settings_of
from automation.replica.state import STATE_ENV
from automation.visual.baseline import BaselineStore
from automation.visual.check import CheckOutcome, check_image
from automation.visual.comparator import compare
from automation.visual.tolerance import Tolerance
from flows.catalog import ALL_IMAGES

from .conftest import PROJECT

# Runs `python -m flows ARGS` with the machine's clock moved to argv[1] (ticking from there).
_TRAVEL = """
import datetime, runpy, sys
import time_machine
when = datetime.datetime.fromisoformat(sys.argv[1])
sys.argv = ["flows", *sys.argv[2:]]
with time_machine.travel(when, tick=True):
    runpy.run_module("flows", run_name="__main__", alter_sys=True)
"""
SUBSET = ("root-menu.png", "iam-security-credentials-page.png", "iam-download-credentials-page.png")


@dataclass(frozen=True)
class Mode:
    """One run of the matrix: its arguments, environment and (optionally) the machine's clock."""

    name: str
    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    clock: str | None = None  # ISO instant the machine's clock is moved to
    out: str | None = None  # folder name for --out (None: --page decides)
    expect: int = ExitCode.OK


@dataclass
class Ran:
    """A finished run: where its images are, what it printed, the replica's final state."""

    mode: Mode
    returncode: int
    output: str
    images: Path
    state: dict[str, Any]


def _modes(edition: str) -> list[Mode]:
    where = ("--edition", edition)
    modes = [
        Mode(
            "fresh",
            (*where, "--replica-fault", "volatile"),
            (("TZ", "Pacific/Kiritimati"), ("LANG", "de_DE.UTF-8"), ("LC_ALL", "de_DE.UTF-8")),
            clock="2031-12-31T23:59:30+00:00",
            out="out dir ü",
        ),
        Mode(
            "saved-session",
            (*where, "--replica-fault", "volatile", "--sequential", "--cleanup"),
            (("TZ", "America/Los_Angeles"), ("LANG", "ja_JP.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")),
            out="second",
        ),
    ]
    if edition == "current":
        failing = (*where, "--sequential", "--replica-fault", "create-500", "--replica-fault", "volatile")
        modes += [
            Mode("failed", failing, out="failed/images", expect=ExitCode.STEP_FAILED),
            Mode(
                "failed-again",
                failing,
                (("TZ", "Europe/Berlin"),),
                out="again/images",
                expect=ExitCode.STEP_FAILED,
            ),
            Mode(
                "after-failure",
                (*where, "--page", "course/page.md", "--highlight", "none"),
                (("TZ", "Asia/Kolkata"),),
            ),
        ]
    return modes


def _run(mode: Mode, home: Path, keys: Path, number: int) -> Ran:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
    state_file = home / "states" / f"{number}-{mode.name}.json"
    env.update({"HOME": str(home / "home"), "PYTHONPATH": str(PROJECT), STATE_ENV: str(state_file)})
    env.update(dict(mode.env))
    out = home / mode.out if mode.out else home / "course" / "images"
    args = [*mode.args, "--keys-dir", str(keys), *(["--out", str(out)] if mode.out else [])]
    command = (
        [sys.executable, "-c", _TRAVEL, mode.clock, *args]
        if mode.clock
        else [sys.executable, "-m", "flows", *args]
    )
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=home, env=env, timeout=600, stdin=subprocess.DEVNULL
    )
    state = json.loads(state_file.read_text()) if state_file.is_file() else {}
    return Ran(mode, done.returncode, done.stdout + done.stderr, out, state)


def _matrix(edition: str, home: Path) -> list[Ran]:
    """Every mode of the edition, in order, in one keys folder."""
    keys = home / "keys"
    keys.mkdir(mode=0o700)
    course = home / "course"
    course.mkdir()
    (course / "page.md").write_text("# Keys\n\n" + "".join(f"![step](images/{name})\n\n" for name in SUBSET))
    return [_run(mode, home, keys, number) for number, mode in enumerate(_modes(edition), 1)]


def _expected_images(ran: Ran) -> list[str]:
    """The images a mode must write: a failed run, whatever it wrote before failing."""
    if ran.mode.expect != ExitCode.OK:
        return sorted(p.name for p in ran.images.glob("*.png"))
    if ran.mode.name == "after-failure":
        return list(SUBSET)
    return [item.image for item in ALL_IMAGES]


@pytest.fixture
def acf_edition(request: pytest.FixtureRequest) -> str:
    """Baselines per edition: tests/baselines/{current,classic}/."""
    return str(request.node.callspec.params["edition"])


def _check(request: pytest.FixtureRequest, store: BaselineStore, ran: Ran, image: str) -> CheckOutcome:
    """One image against its baseline (0 differing pixels), kept apart per mode in the visual report."""
    settings = settings_of(request.config)
    return check_image(
        image,
        (ran.images / image).read_bytes(),
        store,
        Tolerance(),
        settings.update_mode,
        settings.report_dir,
        context=f"{request.node.nodeid}-{ran.mode.name}",
        run_id=settings.run_id,
    )


# One test per edition, so that under xdist each edition's runs happen once (and the two editions run
# side by side); every image of every mode is checked before the test fails, and the failures listed.
@pytest.mark.parametrize("edition", ["current", "classic"])
def test_every_mode_gives_the_baselines(
    edition: str, tmp_path: Path, request: pytest.FixtureRequest, acf_baseline_store: BaselineStore
) -> None:
    runs = {ran.mode.name: ran for ran in _matrix(edition, tmp_path)}
    failures: list[str] = []
    for name, ran in runs.items():
        if ran.returncode != ran.mode.expect:
            failures.append(
                f"{name}: exit {ran.returncode}, expected {ran.mode.expect}:\n{ran.output[-2000:]}"
            )
            continue
        written = sorted(p.name for p in ran.images.glob("*.png"))
        if written != sorted(_expected_images(ran)):
            failures.append(f"{name}: wrote {written}")
        for image in _expected_images(ran):
            outcome = _check(request, acf_baseline_store, ran, image)
            assert outcome.baseline == PROJECT / "tests" / "baselines" / edition / image
            if not outcome.passed or outcome.diff_pixels != 0:
                failures.append(f"{name}: {image} {outcome.status}: {outcome.message} (diff: {outcome.diff})")
    assert not failures, "\n".join(failures)

    # The two `volatile` runs saw another console date, account name, last sign-ins and key ids: the
    # same pixels come from normalization, not from a console that stood still.
    first, second = runs["fresh"].state, runs["saved-session"].state
    assert first["now"] != second["now"]
    assert first["last_sign_in"] != second["last_sign_in"]
    assert first["created"][0]["id"] != second["created"][0]["id"]
    assert first["session_tokens"], "the first run signs in"
    assert second["session_tokens"] == [], "the second run reuses the saved sessions"
    if edition == "current":
        _check_failures(runs["failed"], runs["failed-again"])


def _check_failures(first: Ran, second: Ran) -> None:
    """Two runs that fail at Create access key: the console's error shows other request ids (the
    terminal prints them as they are), and the failure screenshots, normalized, are the same pixels."""
    ids = [re.findall(r"Request ID: ([0-9a-f-]{36})", ran.output) for ran in (first, second)]
    assert ids[0] and ids[1] and ids[0] != ids[1], [ran.output for ran in (first, second)]
    shots = [ran.images.parent / FAILURES / "root-create-access-key.png" for ran in (first, second)]
    assert compare(shots[0], shots[1]).diff_pixels == 0
