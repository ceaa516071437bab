"""Run doctor: both paths, one after the other in one browser, up to (never through) the creating click.

Each path runs the tutorial's own flow code through the runner, so doctor checks exactly what a real run
would do; the flow's key-creating step stops before its click (``FlowRun.watcher``), and a context route
blocks every request that would create, delete or update a key (:class:`KeyChangeGuard`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from playwright.sync_api import Browser, expect, sync_playwright

from automation.browser import launch_chromium
from automation.doctor.checks import DoctorReport, PathDoctor
from automation.doctor.guard import KeyChangeGuard
from automation.errors import FlowError, SettingError
from automation.options import RunOptions
from automation.pages import Console
from automation.progress import Progress, Summary
from automation.runner import FlowSpec, Prepared, prepare, run_flow


@dataclass
class Doctor:
    """One doctor run: its report, the guard every context gets, and a watcher per path."""

    report: DoctorReport = field(default_factory=DoctorReport)
    guard: KeyChangeGuard = field(default_factory=KeyChangeGuard)
    watchers: dict[str, PathDoctor] = field(default_factory=dict)

    def watch(self, path: str, console: Console) -> PathDoctor:
        """The watcher of one path (runner.run_flow gives it to the path's FlowRun)."""
        self.watchers[path] = PathDoctor(self.report, path, console)
        return self.watchers[path]


@dataclass
class DoctorOutcome:
    """What doctor found and wrote."""

    report: DoctorReport
    summary: Summary
    errors: list[FlowError]
    prepared: Prepared


def run_doctor(flows: list[FlowSpec], options: RunOptions, stream: TextIO = sys.stderr) -> DoctorOutcome:
    """Walk each path up to its key-creating click on the chosen target; never create anything."""
    if options.edition != "current":
        raise SettingError(
            step="Choose the console edition",
            reason="doctor checks the current console's page objects; the classic edition is offline only.",
            fix="Drop --edition classic.",
        )
    prepared = prepare(flows, options)
    doctor = Doctor()
    expect.set_options(timeout=options.step_timeout_ms)
    where = f"target {prepared.target.spec.label}, edition {options.edition}"
    Progress("doctor", stream).note(f"{where}, read-only: key changes are blocked in the browser")
    summary = Summary()
    errors: list[FlowError] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, headed=options.headed, offline=not prepared.target.is_live)
        try:
            for flow in flows:
                summary.merge(_one_path(browser, flow, prepared, doctor, errors, stream, len(flows)))
        finally:
            browser.close()
    doctor.report.blocked = list(doctor.guard.blocked)
    return DoctorOutcome(doctor.report, summary, errors, prepared)


def _one_path(
    browser: Browser,
    flow: FlowSpec,
    prepared: Prepared,
    doctor: Doctor,
    errors: list[FlowError],
    stream: TextIO,
    count: int,
) -> Summary:
    """One path under doctor; a failure becomes a row (with the drift error) and the next path runs."""
    try:
        return run_flow(browser, flow, prepared, stream, count, doctor=doctor)
    except FlowError as error:
        errors.append(error)
        reason = f"{error.reason} Fix: {error.fix}"
        if error.screenshot is not None:
            reason += f" Screenshot: {error.screenshot}."
        watcher = doctor.watchers.get(flow.name)
        if watcher is not None:
            watcher.failed(error.step, reason)
        return Summary()
