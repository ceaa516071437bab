"""The signal harness: ``python -m flows`` interrupted at every step boundary and at 20 random moments.

Every case runs both paths (in parallel, or ``--sequential``) with ``--record`` and ``--trace``, in a
private ``TMPDIR``, and sends SIGINT to the process, SIGINT to its process group (what Ctrl-C in a
terminal does: Playwright's driver gets it too) or SIGTERM when the k-th *boundary* appears in the
progress output: the run's note just before the browser launches, each step's start, and each path's
"Keep the trace" and "Finish the recording". A random moment is a seeded delay after a seeded boundary
(so it lands inside a step, a capture, a key write or a trace being scrubbed); a third of them send the
signal twice at once (Ctrl-C pressed again while the run cleans up).

Each case must end with the signal's exit code; one error paragraph that names a step the run had
started; no traceback; an empty ``TMPDIR``; no process left running from it; no temporary or partial
file beside the images, key files, recordings or traces (each read with its own format's reader:
Pillow, csv, json, zipfile); at most one key created per path in the replica; every key the replica
created but the run did not store named in the message; and no secret in any output.

Matrix (kept affordable on 2 cores): 19 boundaries × 2 modes, the signal kind rotating over them so each
kind meets every part of the run, plus 20 random moments = 58 runs of under 10 s each.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
from PIL import Image

from automation.artifacts import failures_dir, traces_dir
from automation.replica.state import STATE_ENV

from .conftest import PROJECT
from .leaks import assert_no_leaks

#: A line that starts something: the run's note before the launch, a step, a trace kept, a recording.
BOUNDARY = re.compile(
    r"^\s*run \|     target "  # the run's note, just before the browser launches
    r"|^\s*(root|iam) \| \[\d+\] "  # a step starts
    r"|^\s*(root|iam) \|     (Keep the trace|Finish the recording)$"
)
STEP_TITLE = re.compile(r"^\s*(?:root|iam) \| \[\d+\] (.+?)(?:  -> \S+)?$")
ACTIVITY = re.compile(r"^\s*(?:root|iam) \|     (Keep the trace|Finish the recording)$")
BOUNDARIES = 19  # 1 launch + 2 × (7 steps + Keep the trace + Finish the recording)
RUN_ACTIVITIES = {"Read the command line", "Prepare the run", "Launch the browser", "Close the browser"}
PATH_START = "Open a browser context"
#: What a path is doing between its context opening and its first step's progress line.
PATH_SETUP = {"Start the root path", "Start the iam path"}
KINDS = ("SIGINT to the process", "SIGINT to the group", "SIGTERM")
EXIT_CODES = {"SIGINT to the process": 130, "SIGINT to the group": 130, "SIGTERM": 143}
RANDOM_SEED = 21
STOP_LIMIT_S = 15.0  # "within seconds": far above the ~1 s a stop takes, far below a hang


@dataclass(frozen=True)
class Case:
    """Where and how one run is interrupted."""

    mode: str  # "parallel" | "sequential"
    boundary: int  # the k-th boundary line (1-based) after which the signal goes
    kind: str
    delay_s: float = 0.0  # random moments: how long after the boundary
    twice: bool = False  # a second signal right after the first

    @property
    def name(self) -> str:
        extra = f"+{self.delay_s:.2f}s" if self.delay_s else ""
        twice = "-twice" if self.twice else ""
        return f"{self.mode}-b{self.boundary}{extra}-{self.kind.replace(' ', '-')}{twice}"


def boundary_cases() -> list[Case]:
    """Every boundary of both modes; the kind rotates so each kind meets launch, steps and finishing."""
    return [
        Case(mode, k, KINDS[(k + offset) % len(KINDS)])
        for offset, mode in enumerate(("parallel", "sequential"))
        for k in range(1, BOUNDARIES + 1)
    ]


def random_cases(count: int = 20) -> list[Case]:
    """Seeded random moments: a boundary, then up to 1.2 s more."""
    rng = random.Random(RANDOM_SEED)
    return [
        Case(
            rng.choice(("parallel", "sequential")),
            rng.randint(1, BOUNDARIES - 1),
            rng.choice(KINDS),
            delay_s=round(rng.uniform(0.05, 1.2), 2),
            twice=rng.random() < 1 / 3,
        )
        for _ in range(count)
    ]


CASES = boundary_cases() + random_cases()


@dataclass
class Interrupted:
    """One interrupted run: what it printed and left."""

    returncode: int | None
    progress: list[str]
    stdout: str
    stderr: str
    stop_s: float
    root: Path
    tmp: Path  # the run's TMPDIR
    finished_first: bool  # the run ended before the signal could be sent

    @property
    def out(self) -> Path:
        return self.root / "images"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    def state(self) -> dict[str, Any] | None:
        path = self.root / "replica-state.json"
        return json.loads(path.read_text()) if path.exists() else None


def send(process: subprocess.Popen[str], kind: str) -> None:
    if kind == "SIGINT to the group":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT if kind == "SIGINT to the process" else signal.SIGTERM)


def interrupt(case: Case, root: Path, tmp: Path) -> Interrupted:
    """Run ``python -m flows`` and send the case's signal at its moment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_CONSOLE_")}
    env.update(
        TMPDIR=str(tmp),
        HOME=str(root / "home"),
        PYTHONPATH=str(PROJECT),
        **{STATE_ENV: str(root / "replica-state.json")},
    )
    command = [sys.executable, "-m", "flows", "--out", str(root / "images"), "--keys-dir", str(root / "keys")]
    command += ["--record", f"{root / 'recordings'}/", "--trace"]
    command += ["--sequential"] if case.mode == "sequential" else []
    process = subprocess.Popen(
        command,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's job: "to the group" reaches it alone
    )
    assert process.stderr is not None
    progress: list[str] = []
    seen = 0
    for line in process.stderr:
        progress.append(line.rstrip("\n"))
        if BOUNDARY.match(line):
            seen += 1
            if seen == case.boundary:
                break
    if case.delay_s:
        time.sleep(case.delay_s)  # the random moment itself, not a wait for something
    finished_first = process.poll() is not None
    started = time.monotonic()
    if not finished_first:
        send(process, case.kind)
        if case.twice:
            send(process, case.kind)
    try:
        stdout, rest = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return Interrupted(
        process.returncode,
        progress,
        stdout,
        rest,
        time.monotonic() - started,
        root,
        tmp,
        finished_first,
    )


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A private TMPDIR with a short path (Chromium's socket there allows 107 characters in all)."""
    folder = Path(tempfile.mkdtemp(prefix="acf-signals-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_interrupted_run_ends_in_one_line_and_leaves_nothing(
    case: Case, tmp_path: Path, short_tmp: Path
) -> None:
    run = interrupt(case, tmp_path, short_tmp)
    everything = "\n".join(run.progress) + run.stderr + run.stdout
    assert "Traceback" not in everything and "Exception" not in everything, everything[-3000:]
    if run.finished_first:  # the moment fell after the end: an ordinary, complete run
        assert run.returncode == 0, everything[-3000:]
        return
    assert run.returncode == EXIT_CODES[case.kind], everything[-3000:]
    assert run.stop_s < STOP_LIMIT_S, f"the stop took {run.stop_s:.1f} s"
    message = check_one_paragraph(run)
    check_named_steps(run, message)
    assert list(run.tmp.iterdir()) == [], "temporary files left in TMPDIR"
    assert not processes_using(run.tmp), "a browser or driver process outlived the run"
    check_whole_files(run)
    check_keys(run, message)
    assert_no_leaks(run.out, run.state(), {"stderr": run.stderr, "stdout": run.stdout}, ocr=False)


def check_one_paragraph(run: Interrupted) -> str:
    """Exactly one error paragraph, last in the output, on one line; returns it."""
    rest = [line for line in run.stderr.splitlines() if line.strip()]
    errors = [line for line in rest if line.startswith("error:")]
    assert len(errors) == 1, run.stderr
    assert rest[-1] == errors[0], f"output after the error line: {run.stderr}"
    assert run.stdout == "", "a summary after an interruption"
    return errors[0]


def check_named_steps(run: Interrupted, message: str) -> None:
    """The message names steps (or parts of the run) that the progress output shows as started."""
    how = "SIGTERM" if run.returncode == 143 else "Ctrl-C (SIGINT)"
    assert message.startswith(f"error: interrupted by {how} during step '"), message
    lines = run.progress + run.stderr.splitlines()
    started = {m.group(1) for line in lines if (m := STEP_TITLE.match(line) or ACTIVITY.match(line))}
    named = re.findall(r"step '(.+?)'(?= of the (?:root|iam) path|; the run stopped)", message)
    assert named, message
    for step in named:
        assert step in started | RUN_ACTIVITIES | PATH_SETUP | {PATH_START}, (step, lines)


def processes_using(folder: Path) -> list[int]:
    """Processes whose command line mentions ``folder`` (Chromium's profile lives there)."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        try:
            if any(str(folder) in part for part in process.info["cmdline"] or []):
                found.append(process.info["pid"])
        except psutil.Error:
            continue
    return found


def check_whole_files(run: Interrupted) -> None:
    """No temporary file anywhere; every image, key file, recording and trace opens whole."""
    for folder in (run.out, run.keys, run.recordings, traces_dir(run.out), failures_dir(run.out)):
        leftovers = [p for p in folder.rglob(".*") if p.name != ".gitignore"] if folder.exists() else []
        assert leftovers == [], f"temporary files left: {leftovers}"
    for image in run.out.glob("*.png") if run.out.exists() else []:
        with Image.open(image) as opened:
            opened.load()  # a truncated PNG raises here
    for har in run.recordings.glob("*") if run.recordings.exists() else []:
        assert json.loads(har.read_text())["log"]["entries"], har
    for trace in traces_dir(run.out).glob("*.zip"):
        with zipfile.ZipFile(trace) as archive:
            assert archive.testzip() is None, trace
    for session in (run.keys / "sessions").glob("*") if (run.keys / "sessions").exists() else []:
        json.loads(session.read_text())


def stored_keys(run: Interrupted) -> dict[str, str]:
    """Key id → secret of every key file the run kept (read with the csv module)."""
    found = {}
    for path in run.keys.glob("*.csv") if run.keys.exists() else []:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert len(rows) == 1, path
        row = {name.strip().lower(): value for name, value in rows[0].items()}
        found[row["access key id"]] = row["secret access key"]
    return found


def check_keys(run: Interrupted, message: str) -> None:
    """At most one key per path; each stored file holds a created key whole; the others are named."""
    state = run.state()
    stored = stored_keys(run)
    if state is None:  # stopped before the replica was built: nothing can have been created
        assert stored == {}
        return
    created = {key["id"]: key["secret"] for key in state["created"]}
    for identity, keys in state["keys"].items():
        mine = [key["id"] for key in keys if key["id"] in created]
        assert len(mine) <= 1, f"{identity} got {len(mine)} keys in one run"
    for key_id, secret in stored.items():
        assert created.get(key_id) == secret, "a key file that is not the key the replica created"
    root_ids = {key["id"] for key in state["keys"]["root"]}
    for key_id in created.keys() - stored.keys():
        path = "root" if key_id in root_ids else "iam"
        assert key_id[-4:] in message or f"The {path} path had clicked Create" in message, message
