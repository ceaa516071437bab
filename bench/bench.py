"""``make bench``: the nine tutorial images by ``python -m flows`` against shot-scraper and a floor, and
the image comparator against pixelmatch-py, side by side, with one ``ratio ...`` line per comparison.

Every figure is the median of ``--runs`` fresh processes (interpreter start, imports and browser launch
included), run in rotating order so that machine noise spreads evenly. Peak memory is the whole process
tree (Python, Playwright driver, every Chromium process). See README "Performance".

  python -m flows (signs in)      both paths, fresh keys folder: signs in as root and as the IAM user
  python -m flows (saved session) both paths, keys folder kept from an untimed first run: the saved
                                  sessions skip sign-in, as on an author's machine regenerating again
  shot-scraper multi              the nine final pages, YAML, one context, signed-in state made untimed
  floor                           bench/floor.py: one context, goto + screenshot, nothing else
  python -m flows --scale 2       the saved-session case at device scale 2 (2560x1600 PNGs)
  floor --scale 2                 the floor at device scale 2

shot-scraper and the floor shoot ``python -m automation.replica serve`` on 127.0.0.1 (started untimed;
its process is not in their figures); the flows serve the replica themselves (in their figures).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser_path import browsers_env
from bench.measure import Measurement, measure
from bench.site import (
    FINAL_PAGES,
    PROJECT,
    READY_JS,
    VIEWPORT,
    ServedReplica,
    serve_replica,
    sign_in_state,
)

FLOWS_FRESH = "python -m flows (signs in)"
FLOWS_SAVED = "python -m flows (saved session)"
SHOT_SCRAPER = "shot-scraper multi"
FLOOR = "floor (Playwright, 1 context)"
FLOWS_SAVED_2X = "python -m flows --scale 2 (saved)"
FLOOR_2X = "floor --scale 2"


@dataclass
class Case:
    """A command to measure; ``before`` runs untimed before each run (clearing outputs), and each run
    must leave nine PNG files in ``images``."""

    name: str
    command: list[str]
    images: Path
    env: dict[str, str] | None = None
    before: Callable[[], None] = lambda: None
    runs: list[Measurement] = field(default_factory=list)
    memory: Measurement | None = None  # the one run sampled for memory (its wall time is not used)

    def run(self, *, memory: bool = False) -> Measurement:
        """One untimed clean-up, one run, and the check that all nine images were written."""
        self.before()
        result = measure(self.command, cwd=PROJECT, env=self.env, label=self.name, memory=memory)
        written = len(list(self.images.glob("*.png")))
        if written != len(FINAL_PAGES):
            raise SystemExit(f"{self.name} wrote {written} images, not {len(FINAL_PAGES)}")
        return result

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


def _fresh(*folders: Path) -> Callable[[], None]:
    def clear() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    return clear


def _drop_key_files(keys: Path, images: Path) -> Callable[[], None]:
    def clear() -> None:
        for key_file in keys.glob("*.csv"):
            key_file.unlink()
        shutil.rmtree(images, ignore_errors=True)

    return clear


def shot_scraper_yaml(replica: ServedReplica, out: Path) -> str:
    """shot-scraper's config: the nine pages at 1280x800, each once the app drew its heading."""
    width, height = VIEWPORT
    shots = [
        {"url": url, "output": str(out / name), "width": width, "height": height, "wait_for": READY_JS}
        for name, url in replica.urls()
    ]
    return yaml.safe_dump(shots, sort_keys=False)


def build_cases(scratch: Path, replica: ServedReplica) -> list[Case]:
    """The four commands, with their folders under ``scratch``."""
    from playwright.sync_api import sync_playwright

    from automation.browser import launch_args

    python = sys.executable
    auth = sign_in_state(replica, scratch / "auth.json")
    urls = [url for _, url in replica.urls()]
    config = scratch / "shots.yml"
    config.write_text(shot_scraper_yaml(replica, scratch / "shot-scraper"))
    with sync_playwright() as playwright:
        executable = playwright.chromium.executable_path
    env = browsers_env(scratch / "ms-playwright", executable)
    shot_scraper = str(Path(python).with_name("shot-scraper"))
    browser_args = [part for flag in launch_args() for part in ("--browser-arg", flag)]

    def flows(keys: Path, images: Path) -> list[str]:
        return [python, "-m", "flows", "--out", str(images), "--keys-dir", str(keys)]

    fresh_keys, saved_keys = scratch / "keys-fresh", scratch / "keys-saved"
    images, images_2x = scratch / "images", scratch / "images-2x"
    floor = [python, str(PROJECT / "bench" / "floor.py")]
    return [
        Case(FLOWS_FRESH, flows(fresh_keys, images), images, before=_fresh(fresh_keys, images)),
        Case(FLOWS_SAVED, flows(saved_keys, images), images, before=_drop_key_files(saved_keys, images)),
        Case(
            SHOT_SCRAPER,
            [shot_scraper, "multi", str(config), "--auth", str(auth), "--silent", *browser_args],
            scratch / "shot-scraper",
            env=env,
            before=_fresh(scratch / "shot-scraper"),
        ),
        Case(
            FLOOR,
            [*floor, str(auth), str(scratch / "floor"), *urls],
            scratch / "floor",
            before=_fresh(scratch / "floor"),
        ),
        Case(
            FLOWS_SAVED_2X,
            [*flows(saved_keys, images_2x), "--scale", "2"],
            images_2x,
            before=_drop_key_files(saved_keys, images_2x),
        ),
        Case(
            FLOOR_2X,
            [*floor, "--scale", "2", str(auth), str(scratch / "floor-2x"), *urls],
            scratch / "floor-2x",
            before=_fresh(scratch / "floor-2x"),
        ),
    ]


def run_cases(cases: list[Case], runs: int) -> None:
    """One untimed warm-up of each (disk caches, the saved sessions), ``runs`` rotating timed rounds, then
    one memory run of each."""
    for case in cases:
        case.run()
    for round_number in range(runs):
        order = cases[round_number % len(cases) :] + cases[: round_number % len(cases)]
        for case in order:
            case.runs.append(case.run())
        walls = ", ".join(f"{c.name.split(' (')[0]} {c.runs[-1].wall:.2f}" for c in cases)
        print(f"  round {round_number + 1}/{runs}: {walls}", file=sys.stderr, flush=True)
    for case in cases:
        case.memory = case.run(memory=True)


def print_table(cases: list[Case], runs: int) -> None:
    """The figures, one row per case."""
    print(
        f"\nNine images at 1280x800 (scale 1 unless named), median of {runs} cold-process runs (min-max); "
        "wall and CPU (whole tree)\nfrom runs that sample only CPU, peak memory (whole tree) from one more "
        "run that samples it:"
    )
    header = f"{'case':<34} {'wall':>7} {'(min-max)':>13} {'CPU':>7} {'peak RSS':>9} {'peak PSS':>9}"
    print(header)
    print("-" * len(header))
    for case in cases:
        walls = [run.wall for run in case.runs]
        spread = f"({min(walls):.2f}-{max(walls):.2f})"
        assert case.memory is not None
        rss, pss = case.memory.peak_rss / 2**20, case.memory.peak_pss / 2**20
        print(
            f"{case.name:<34} {case.median('wall'):>6.2f}s {spread:>13} {case.median('cpu'):>6.2f}s "
            f"{rss:>6.0f} MB {pss:>6.0f} MB"
        )


def compare_ratio(repeat: int) -> float:
    """pixelmatch-py's time over ours on the 1280x800 cases of bench_compare (same counts checked)."""
    from bench.bench_compare import cases as compare_cases
    from bench.bench_compare import run_ours, run_pixelmatch_py, timed

    print("\nImage comparator, 1280x800 (pixelmatch-py once per case, ours median of runs):")
    slow_total = fast_total = 0.0
    for case in compare_cases(scales=(1,)):
        slow, _, slow_count, _ = timed(lambda c=case: run_pixelmatch_py(c), 1)
        fast_times = [timed(lambda c=case: run_ours(c), 1) for _ in range(repeat)]
        fast = statistics.median(t[0] for t in fast_times)
        if fast_times[-1][2] != slow_count:
            raise SystemExit(f"comparator disagrees with pixelmatch-py on {case.name}")
        slow_total, fast_total = slow_total + slow, fast_total + fast
        print(f"  {case.name:<22} pixelmatch-py {slow:6.2f} s   compare {fast * 1000:5.0f} ms")
    return slow_total / fast_total


def main(argv: list[str] | None = None) -> int:
    """Measure everything and print the table and the ratio lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    args = parser.parse_args(argv)
    replica = serve_replica()
    try:
        with tempfile.TemporaryDirectory(prefix="acf-bench-") as folder:
            cases = build_cases(Path(folder), replica)
            run_cases(cases, args.runs)
            from bench.png_sizes import compare_folder

            png_count, ours, chromium = compare_folder(Path(folder) / "images-2x")
    finally:
        replica.stop()
    print_table(cases, args.runs)
    pixel_ratio = compare_ratio(args.runs)
    by_name = {case.name: case.median("wall") for case in cases}
    print(
        f"\n(signing in each run: flows/shot-scraper {by_name[FLOWS_FRESH] / by_name[SHOT_SCRAPER]:.2f}, "
        f"flows/floor {by_name[FLOWS_FRESH] / by_name[FLOOR]:.2f}; the ratios below use the saved session, "
        "as shot-scraper and the floor start signed in too)"
    )
    print(f"ratio flows/shot-scraper wall: {by_name[FLOWS_SAVED] / by_name[SHOT_SCRAPER]:.2f}")
    print(f"ratio flows/floor wall: {by_name[FLOWS_SAVED] / by_name[FLOOR]:.2f}")
    print(f"ratio pixelmatch-py/compare wall: {pixel_ratio:.2f}")
    print(f"ratio flows/floor wall at scale 2: {by_name[FLOWS_SAVED_2X] / by_name[FLOOR_2X]:.2f}")
    print(
        f"ratio png ours/chromium bytes at scale 2: {ours / chromium:.3f}  ({png_count} images, "
        f"{ours / 1024:.0f} kB against {chromium / 1024:.0f} kB for the same pixels)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
