"""pytest plugin: ``assert_screenshot(page, "name.png", **tolerances)`` with baselines and a report.

Options (namespaced, so they cannot collide with other snapshot plugins):
``--acf-update-snapshots=all|changed|missing|none`` (default ``missing``), ``--acf-baseline-dir``
and ``--acf-report-dir``; ini keys ``acf_update_snapshots``, ``acf_baseline_dir``,
``acf_path_template`` (default ``{edition}/{name}``), ``acf_edition`` and ``acf_report_dir``.

Safe under pytest-xdist: each check writes only its own files; the controller builds the HTML,
JSON and JUnit summaries once, at the end of the session.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from automation.visual.baseline import DEFAULT_EDITION, DEFAULT_TEMPLATE, BaselineStore, UpdateMode
from automation.visual.check import CheckOutcome, Status, check_image
from automation.visual.metadata import renderer_fields, with_metadata
from automation.visual.records import prune, read_records
from automation.visual.report import ReportFiles, write_report
from automation.visual.stable import DEFAULT_INTERVALS, DEFAULT_MAX_ATTEMPTS, capture_stable
from automation.visual.tolerance import Tolerance

RUN_ID_KEY = "acf_run_id"
BROWSER_PLUGIN = "automation.pytest_browser"
DEFAULT_BASELINE_DIR = "tests/baselines"
# Not under test-results/: pytest-playwright deletes its --output folder (default test-results)
# at the start of every session, and under xdist in every worker, which would race our files.
DEFAULT_REPORT_DIR = "visual-report"


@dataclass(frozen=True)
class VisualSettings:
    """The session's settings for screenshot assertions."""

    baseline_dir: Path
    template: str
    edition: str
    report_dir: Path
    update_mode: UpdateMode
    run_id: str
    is_worker: bool


_SETTINGS = pytest.StashKey[VisualSettings]()
_REPORT = pytest.StashKey[ReportFiles]()
_SOFT = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the namespaced options and ini keys."""
    group = parser.getgroup("aws-console-flows", "aws-console-flows screenshot assertions")
    group.addoption(
        "--acf-update-snapshots",
        dest="acf_update_snapshots",
        choices=[m.value for m in UpdateMode],
        default=None,
        help="write baselines: all (every non-identical), changed (beyond tolerance or missing), "
        "missing (default; the check still fails for review), none",
    )
    group.addoption("--acf-baseline-dir", dest="acf_baseline_dir", default=None, help="baseline root folder")
    group.addoption("--acf-report-dir", dest="acf_report_dir", default=None, help="review report folder")
    parser.addini("acf_update_snapshots", "default update mode", default=UpdateMode.MISSING.value)
    parser.addini("acf_baseline_dir", "baseline root, relative to rootdir", default=DEFAULT_BASELINE_DIR)
    parser.addini("acf_path_template", "baseline path below the root", default=DEFAULT_TEMPLATE)
    parser.addini("acf_edition", "value of {edition} in the path template", default=DEFAULT_EDITION)
    parser.addini("acf_report_dir", "report folder, relative to rootdir", default=DEFAULT_REPORT_DIR)


def _folder(config: pytest.Config, option: str, ini: str) -> Path:
    """A folder from the command line (relative to where pytest ran) or ini (relative to rootdir)."""
    given = config.getoption(option)
    if given:
        return (config.invocation_params.dir / given).resolve()
    return (config.rootpath / str(config.getini(ini))).resolve()


class _XdistHooks:
    """Hands the controller's run id to every worker."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[RUN_ID_KEY] = self.run_id


def _refuse_playwright_output(config: pytest.Config, report_dir: Path) -> None:
    """Stop when the report folder lies inside pytest-playwright's --output, which it deletes."""
    try:
        output = config.getoption("--output")
    except ValueError:
        return
    if not output:
        return
    playwright_dir = (config.invocation_params.dir / str(output)).resolve()
    if report_dir == playwright_dir or playwright_dir in report_dir.parents:
        raise pytest.UsageError(
            f"--acf-report-dir {report_dir} is inside pytest-playwright's --output folder "
            f"{playwright_dir}, which pytest-playwright deletes when each session (and each xdist "
            "worker) starts. Choose another folder, e.g. --acf-report-dir=visual-report."
        )


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the settings; on an xdist controller, pass the run id to the workers."""
    workerinput = getattr(config, "workerinput", None)
    run_id = (workerinput or {}).get(RUN_ID_KEY) or uuid.uuid4().hex[:12]
    mode = config.getoption("acf_update_snapshots") or str(config.getini("acf_update_snapshots"))
    report_dir = _folder(config, "acf_report_dir", "acf_report_dir")
    _refuse_playwright_output(config, report_dir)
    config.stash[_SETTINGS] = VisualSettings(
        baseline_dir=_folder(config, "acf_baseline_dir", "acf_baseline_dir"),
        template=str(config.getini("acf_path_template")),
        edition=str(config.getini("acf_edition")),
        report_dir=report_dir,
        update_mode=UpdateMode.parse(mode),
        run_id=run_id,
        is_worker=workerinput is not None,
    )
    if workerinput is None and config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(run_id), "acf-xdist-run-id")
    _register_browser_fixtures(config)


def _register_browser_fixtures(config: pytest.Config) -> None:
    """Layer the Chromium choice on pytest-playwright's fixtures, when it is installed.

    Registered here, after every plugin has loaded: an entry-point plugin may load before
    pytest-playwright, and a fixture overrides only those registered before it.
    """
    if find_spec("pytest_playwright") is None or config.pluginmanager.has_plugin(BROWSER_PLUGIN):
        return
    from automation import pytest_browser

    config.pluginmanager.register(pytest_browser, BROWSER_PLUGIN)


def settings_of(config: pytest.Config) -> VisualSettings:
    """The session's visual settings."""
    return config.stash[_SETTINGS]


@pytest.fixture
def acf_edition(pytestconfig: pytest.Config) -> str:
    """The console edition in baseline paths; override it to keep baselines per edition."""
    return settings_of(pytestconfig).edition


@pytest.fixture
def acf_tolerance() -> Tolerance:
    """Default tolerance for ``assert_screenshot`` (Playwright's: threshold 0.2, no pixels allowed)."""
    return Tolerance()


@pytest.fixture
def acf_baseline_store(request: pytest.FixtureRequest, acf_edition: str) -> BaselineStore:
    """Where this test's baselines live; extra tokens ``{test_file}`` and ``{test_name}``."""
    settings = settings_of(request.config)
    test_name = re.sub(r"[^A-Za-z0-9._-]+", "-", request.node.name).strip("-")
    tokens = {"test_file": Path(str(request.node.path)).stem, "test_name": test_name}
    return BaselineStore(settings.baseline_dir, settings.template, acf_edition, tokens)


class ScreenshotAssertion:
    """The callable behind the ``assert_screenshot`` fixture."""

    def __init__(self, request: pytest.FixtureRequest, store: BaselineStore, tolerance: Tolerance) -> None:
        self._request = request
        self._store = store
        self._tolerance = tolerance

    def __call__(
        self,
        target: Any,
        name: str,
        *,
        threshold: float | None = None,
        max_diff_pixels: int | None = None,
        max_diff_pixel_ratio: float | None = None,
        full_page: bool | None = None,
        mask: Sequence[Any] | None = None,
        mask_color: str | None = None,
        style: str | None = None,
        animations: str = "disabled",
        caret: str = "hide",
        scale: str = "css",
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        intervals: Sequence[float] = DEFAULT_INTERVALS,
    ) -> CheckOutcome:
        """Capture ``target`` (a Playwright Page or Locator, or PNG bytes) until stable and check it.

        Fails the test on a difference, a missing baseline in mode none, or an unstable page; in
        mode missing a new baseline is written and the test fails at its end (after all its checks).
        """
        tolerance = self._tolerance.merged(
            threshold=threshold, max_diff_pixels=max_diff_pixels, max_diff_pixel_ratio=max_diff_pixel_ratio
        )
        settings = settings_of(self._request.config)
        previous = None
        if isinstance(target, bytes | bytearray):
            png = bytes(target)
        else:
            take = _screenshotter(target, full_page, mask, mask_color, style, animations, caret, scale)
            capture = capture_stable(take, max_attempts=max_attempts, intervals=intervals)
            png, previous = _stamped(capture.png, target, self._store.edition), capture.previous
        outcome = check_image(
            name,
            png,
            self._store,
            tolerance,
            settings.update_mode,
            settings.report_dir,
            previous_png=previous,
            context=self._request.node.nodeid,
            run_id=settings.run_id,
        )
        if outcome.passed:
            return outcome
        text = _failure_text(outcome, settings)
        if outcome.status is Status.CREATED:
            self._request.node.stash.setdefault(_SOFT, []).append(text)
            return outcome
        pytest.fail(text, pytrace=False)


def _stamped(png: bytes, target: Any, edition: str) -> bytes:
    """The capture of a Playwright Page or Locator with what made it in its metadata (see --check)."""
    page = getattr(target, "page", target)  # a Locator's page
    if not hasattr(getattr(page, "context", None), "browser"):
        return png  # not a Playwright page (a stand-in): nothing to record
    return with_metadata(png, renderer_fields(page, edition=edition, scale=None))


def _screenshotter(
    target: Any,
    full_page: bool | None,
    mask: Sequence[Any] | None,
    mask_color: str | None,
    style: str | None,
    animations: str,
    caret: str,
    scale: str,
) -> Callable[[], bytes]:
    options: dict[str, Any] = {"type": "png", "animations": animations, "caret": caret, "scale": scale}
    optional = {"full_page": full_page, "mask": list(mask) if mask else None, "mask_color": mask_color}
    options.update({k: v for k, v in optional.items() if v is not None})
    if style is not None:
        options["style"] = style
    return lambda: target.screenshot(**options)


def _failure_text(outcome: CheckOutcome, settings: VisualSettings) -> str:
    lines = [
        f"Screenshot {outcome.name!r} {outcome.status}: {outcome.message}",
        f"  baseline: {outcome.baseline}",
    ]
    for kind in ("expected", "actual", "diff", "previous"):
        path = getattr(outcome, kind)
        if path is not None:
            lines.append(f"  {kind}: {path}")
    lines.append(f"  report (written at the end of the session): {settings.report_dir / 'index.html'}")
    return "\n".join(lines)


@pytest.fixture
def assert_screenshot(
    request: pytest.FixtureRequest, acf_baseline_store: BaselineStore, acf_tolerance: Tolerance
) -> ScreenshotAssertion:
    """``assert_screenshot(page, "name.png", max_diff_pixels=…)``: compare with the baseline."""
    return ScreenshotAssertion(request, acf_baseline_store, acf_tolerance)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Turn a passed test with newly written baselines (mode missing) into a failure."""
    report = yield
    soft = item.stash.get(_SOFT, None)
    if call.when == "call" and soft and report.passed:
        report.outcome = "failed"
        report.longrepr = "\n\n".join(soft)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On the controller (or a run without xdist): drop older runs' files, write the summaries."""
    settings = settings_of(session.config)
    if settings.is_worker or not read_records(settings.report_dir, settings.run_id):
        return
    prune(settings.report_dir, settings.run_id)
    session.config.stash[_REPORT] = write_report(settings.report_dir, run_id=settings.run_id)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Point at the report."""
    files = config.stash.get(_REPORT, None)
    if files is None:
        return
    verdict = "all passed" if files.passed else f"{files.failed} failed"
    terminalreporter.write_sep("-", "visual comparison")
    terminalreporter.write_line(f"{files.checks} screenshots checked, {verdict}: {files.html}")
    terminalreporter.write_line(f"JSON: {files.summary}  JUnit: {files.junit}")
