"""Run one or more flows: settings first, then one browser, one deterministic context per flow."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from playwright.sync_api import Browser, Playwright, expect, sync_playwright

from automation import artifacts, hygiene, interrupts
from automation.artifacts import failures_dir, traces_dir
from automation.browser import launch_chromium
from automation.concurrent import run_concurrently
from automation.context import ContextSettings, new_deterministic_context
from automation.delivery import check_profile_free, deliver_key, profile_name
from automation.environment import launch_problems
from automation.errors import FlowError, SettingError, StorageError
from automation.imaging.theme import apply_theme
from automation.keys.safefs import ensure_private_dir
from automation.options import RunOptions
from automation.pages import Console
from automation.progress import Progress, Summary
from automation.redaction import Redactor
from automation.run import FlowRun, StopBeforeCreate
from automation.saved_session import session_file, usable_session
from automation.screenshots import Screenshotter
from automation.settings import Settings, load_settings, require
from automation.targets import (
    RECORDING_MARK,
    ReplicaTarget,
    Target,
    open_target,
    parse_target,
    recording_path,
)
from automation.tracing import FlowTrace, TraceOutcome
from automation.validate import check_run
from automation.visual.metadata import renderer_fields

if TYPE_CHECKING:
    from automation.doctor.run import Doctor
    from automation.har import HarRecorder

FlowFunction = Callable[[FlowRun, Console], None]


@dataclass(frozen=True)
class FlowSpec:
    """A named flow and the settings group it signs in with ("root" or "iam")."""

    name: str
    function: FlowFunction


@dataclass
class Prepared:
    """What every flow of a run shares: settings, target, output folders, the redactor."""

    options: RunOptions
    settings: Settings
    target: Target
    redactor: Redactor
    shots: Screenshotter
    keys_dir: Path
    keys_note: str | None = None  # what the keys folder already holds (see automation.hygiene)


def prepare(flows: list[FlowSpec], options: RunOptions) -> Prepared:
    """Check settings and folders before any browser starts."""
    if options.cleanup and (options.profile or options.verify):
        raise SettingError(
            step="Read options",
            reason="--cleanup never downloads the new key, so there is nothing to --verify or --profile.",
            fix="Drop --cleanup to keep the key, or drop --verify/--profile.",
        )
    spec = parse_target(options.target)
    # Offline, the replica's own example credentials are the ones that work (and replayed recordings are
    # scrubbed, so they match them too): a ./.env meant for the real console is not read unless named.
    offline = spec.kind in ("replica", "har")
    settings = load_settings(options.env_file, offline=offline)
    for flow in flows:
        require(settings, flow.name)
    check_run(options, settings, [flow.name for flow in flows])
    redactor = Redactor(settings.secrets())
    if redactor.volatile is not None:
        redactor.volatile.add_names(settings.account)  # an alias is normalized like the name the menu shows
    keys_dir = options.keys_dir or _default_keys_dir()
    key_files = [key_file_for(options.key_file, flow.name, len(flows)) for flow in flows]
    hygiene.refuse_if_committable(keys_dir, key_files)
    ensure_private_dir(keys_dir, "Prepare the keys folder", "choose another folder with --keys-dir")
    keys_note = hygiene.describe(keys_dir, hygiene.survey(keys_dir))
    stamp = partial(renderer_fields, edition=options.edition, scale=options.imaging.look.scale)
    shots = Screenshotter(options.out_dir, redactor, options.imaging, stamp=stamp)
    shots.ensure_writable()
    for flow in flows:
        name = profile_name(options, flow.name, len(flows))
        if name:
            check_profile_free(name, options.force)
    target = open_target(
        spec,
        faults=options.replica_faults,
        variants=options.replica_variants,
        edition=options.edition,
        flows=[flow.name for flow in flows],
    )
    return Prepared(options, settings, target, redactor, shots, keys_dir, keys_note)


def _default_keys_dir() -> Path:
    from automation.keys import default_keys_dir

    try:
        return default_keys_dir()
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise StorageError(
            step="Prepare the keys folder", reason=str(exc), fix="Pass --keys-dir DIR with a folder you own."
        ) from exc


def key_file_for(key_file: str, flow: str, flow_count: int) -> str:
    """The key file name of a flow: ``--key-file`` itself, or ``STEM-root.csv``/``STEM-iam.csv`` for both."""
    if flow_count == 1:
        return key_file
    path = Path(key_file)
    return f"{path.stem}-{flow}{path.suffix}"


@dataclass
class _PathWatch:
    """What the message of a signal says about one path: its run's step, once the run exists."""

    name: str
    run: FlowRun | None = None

    def current_step(self) -> str:
        return self.run.current_step() if self.run else "Open a browser context"

    def unstored_key(self) -> str | None:
        return self.run.unstored_key() if self.run else None


def run_flow(
    browser: Browser,
    flow: FlowSpec,
    prepared: Prepared,
    stream: TextIO,
    flow_count: int = 1,
    *,
    doctor: Doctor | None = None,
) -> Summary:
    """Run one flow in its own deterministic context (a signal meanwhile names the step it is at; with
    ``doctor``: up to the key-creating click only)."""
    watch = _PathWatch(flow.name)
    with interrupts.watching(watch):
        return _run_flow(browser, flow, prepared, stream, flow_count, watch, doctor)


def _run_flow(
    browser: Browser,
    flow: FlowSpec,
    prepared: Prepared,
    stream: TextIO,
    flow_count: int,
    watch: _PathWatch,
    doctor: Doctor | None,
) -> Summary:
    options = prepared.options
    kind = prepared.target.spec.kind
    account = prepared.settings
    who = account.root_email if flow.name == "root" else f"{account.account}/{account.iam_user}"
    identity = "|".join([who, *sorted(options.replica_faults), *sorted(options.replica_variants)])
    session_path = session_file(prepared.keys_dir, kind, flow.name, identity) if kind != "har" else None
    saved = usable_session(session_path) if session_path else None
    recorder = _recorder(options, flow.name, flow_count, prepared)
    extra = {**prepared.target.context_options(flow.name), **(recorder.context_options() if recorder else {})}
    look = options.imaging.look
    settings = ContextSettings(
        width=look.width, height=look.height, device_scale_factor=look.scale, color_scheme=look.theme
    )
    frozen = freezes_clock(prepared.target)
    context = new_deterministic_context(
        browser, settings, storage_state=saved, extra_options=extra, freeze_clock=frozen
    )
    apply_theme(context, look.theme)
    # Every run is traced so that a failure keeps its trace; DOM snapshots only with --trace (they cost
    # about half a second of a run that succeeds, where the trace is thrown away).
    trace = FlowTrace(context, flow.name, options.out_dir, snapshots=options.trace)
    finished = False
    try:
        trace.start()
        if recorder:
            recorder.attach(context)
        prepared.target.attach(context, flow.name)
        if doctor is not None:
            doctor.guard.attach(context)  # after the target's routes, so it sees every request first
        page = context.new_page()
        page.set_default_timeout(options.step_timeout_ms)
        run = FlowRun(
            name=flow.name,
            page=page,
            options=options,
            settings=prepared.settings,
            target=prepared.target,
            redactor=prepared.redactor,
            shots=prepared.shots,
            progress=Progress(flow.name, stream, redactor=prepared.redactor),
            keys_dir=prepared.keys_dir,
            session_path=session_path,
            key_file_name=key_file_for(options.key_file, flow.name, flow_count),
            recorder=recorder,
        )
        if flow.name == "iam":
            run.import_user_name = options.user or prepared.settings.iam_user
        watch.run = run
        trace.extra_secrets = run.typed_codes
        console = Console(page, options.edition)
        if doctor is not None:
            run.watcher = doctor.watch(flow.name, console)
        try:
            flow.function(run, console)
            deliver_key(run, profile_name(options, flow.name, flow_count))
        except StopBeforeCreate:
            pass  # doctor walked the path up to the key-creating click, and never through it
        except FlowError as error:
            kept = _keep_trace(trace, failures_dir(options.out_dir), _trace_secrets(prepared, run))
            error.trace, error.trace_remark = kept.path, kept.remark
            error.reason = prepared.redactor.redact_text(error.reason)  # it may quote what a page showed
            raise
        if options.trace:
            run.progress.doing("Keep the trace")
            kept = _keep_trace(trace, traces_dir(options.out_dir), _trace_secrets(prepared, run))
            run.summary.other_files += [kept.path] if kept.path else []
            run.summary.remarks += [f"{flow.name}: {kept.remark}"] if kept.remark else []
        finished = True
        if recorder:
            run.progress.doing("Finish the recording")  # the context's close writes it: part of the finish
    finally:
        trace.discard()
        context.close()
        if recorder and not finished:
            recorder.discard()
    if recorder:
        recorder.finish()
        assert recorder.final_path is not None
        run.summary.other_files.append(Path(recorder.final_path))
    return run.summary


def freezes_clock(target: Target) -> bool:
    """The browser clock is frozen for the replica and recordings only, never for the real console."""
    return target.spec.kind in ("replica", "har")


def _keep_trace(trace: FlowTrace, folder: Path, secrets: list[str]) -> TraceOutcome:
    """Keep the scrubbed trace in ``folder`` (beside the images); a disk that refuses it only loses it."""
    try:
        return trace.keep(artifacts.prepare(folder), secrets)
    except OSError as error:
        return TraceOutcome(remark=f"the trace could not be written in {folder} ({error.strerror or error})")


def _trace_secrets(prepared: Prepared, run: FlowRun) -> list[str]:
    """Every literal secret the run knows: settings, the downloaded key, the MFA codes it typed."""
    found = [*prepared.settings.secrets(), *run.typed_codes]
    if run.captured is not None:
        found += [run.captured.key.secret_access_key, run.captured.key.access_key_id]
    return found


def _recorder(options: RunOptions, flow: str, flow_count: int, prepared: Prepared) -> HarRecorder | None:
    """A scrubbing HAR recorder for the flow when --record was given."""
    if options.record is None:
        return None
    from automation.har import HarRecorder

    return HarRecorder(
        recording_path(options.record, flow, flow_count),
        prepared.settings.secrets(),
        comment=f"{RECORDING_MARK} {flow} path",
    )


def run_flows(flows: list[FlowSpec], options: RunOptions, stream: TextIO = sys.stderr) -> Summary:
    """Run the flows (interleaved, one context each in one browser, when parallel) and merge results."""
    with interrupts.doing("Prepare the run"):
        prepared = prepare(flows, options)
    at_end = _keep_replica_state(prepared.target)
    try:
        return _run_prepared(flows, prepared, stream)
    finally:
        at_end()


def _keep_replica_state(target: Target) -> Callable[[], None]:
    """$ACF_REPLICA_STATE (tests): write the replica's state at the end, or when a signal stops the run.

    Returns the function to call at the end: it unregisters the stop hook and writes the state.
    """
    if not isinstance(target, ReplicaTarget):
        return lambda: None
    from automation.replica.state import write_state_if_asked

    def write() -> None:
        if target.ready():
            write_state_if_asked(target.replica)

    unregister = interrupts.on_stop(write)

    def at_end() -> None:
        unregister()
        write_state_if_asked(target.replica)

    return at_end


def _run_prepared(flows: list[FlowSpec], prepared: Prepared, stream: TextIO) -> Summary:
    options = prepared.options
    expect.set_options(timeout=options.step_timeout_ms)
    look = options.imaging.look
    where = (
        f"target {prepared.target.spec.label}, edition {options.edition}, images {look.viewport} "
        f"at {look.scale}x, {look.theme} (image settings: {options.imaging.describe_sources()})"
    )
    Progress("run", stream).note(f"{where}, settings from {prepared.settings.source}")
    if prepared.keys_note:
        Progress("run", stream).note(prepared.keys_note)
    if options.parallel and len(flows) > 1:
        return _run_parallel(flows, prepared, stream)
    summary = Summary()
    with sync_playwright() as playwright:
        browser = _launch(playwright, prepared)
        try:
            for flow in flows:
                summary.merge(run_flow(browser, flow, prepared, stream, len(flows)))
        finally:
            with interrupts.doing("Close the browser"):
                browser.close()
    return summary


def _launch(playwright: Playwright, prepared: Prepared) -> Browser:
    """Start Chromium; a machine that cannot run it (no X server, missing libraries) gets a clear error."""
    headed = prepared.options.headed
    with interrupts.doing("Launch the browser"), launch_problems(headed=headed):
        browser = launch_chromium(playwright, headed=headed, offline=not prepared.target.is_live)
    interrupts.remember_processes()  # so a stop kills the browser even once its driver is gone
    return browser


def _run_parallel(flows: list[FlowSpec], prepared: Prepared, stream: TextIO) -> Summary:
    """Every flow at once in its own context of one browser, on one Playwright connection."""
    results: dict[str, Summary] = {}
    errors: dict[str, BaseException] = {}
    with sync_playwright() as playwright:
        browser = _launch(playwright, prepared)
        try:
            jobs = [partial(run_flow, browser, flow, prepared, stream, len(flows)) for flow in flows]
            for flow, outcome in zip(flows, run_concurrently(playwright, jobs), strict=True):
                if isinstance(outcome, BaseException):
                    errors[flow.name] = outcome
                else:
                    results[flow.name] = outcome
        finally:
            with interrupts.doing("Close the browser"):
                browser.close()
    summary = Summary()
    for flow in flows:
        if flow.name in results:
            summary.merge(results[flow.name])
    if errors:
        first = next(errors[f.name] for f in flows if f.name in errors)
        if isinstance(first, FlowError):
            for name, other in errors.items():
                if other is not first and isinstance(other, FlowError):
                    shot = f" Screenshot: {other.screenshot}." if other.screenshot else ""
                    first.reason += (
                        f" (The {name} path failed too, at step '{other.step}': {other.reason}{shot})"
                    )
        raise first
    return summary
