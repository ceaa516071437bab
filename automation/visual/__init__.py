"""Visual comparison: a pixelmatch-compatible numpy comparator, baselines, and review reports.

- :func:`compare`: pixelmatch 5.3 counts and diff images, fast (numpy).
- :class:`Tolerance`, :func:`capture_stable`, :class:`BaselineStore`, :class:`UpdateMode` and
  :func:`check_image`: one screenshot against its baseline, with review files on a difference.
- :func:`write_report` (HTML + JSON + JUnit) and :func:`approve`.

Names are imported on first use: the comparator pulls in numpy, which a run that only takes
screenshots never needs (it would add to every run's start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from automation.visual.approve import ApproveResult, approve
    from automation.visual.baseline import BaselineStore, UpdateMode
    from automation.visual.check import CheckOutcome, Status, check_image
    from automation.visual.comparator import CompareOptions, CompareResult, compare
    from automation.visual.records import reset as reset_report_dir
    from automation.visual.report import ReportFiles, write_report
    from automation.visual.stable import StableCapture, capture_stable
    from automation.visual.tolerance import Tolerance

#: Public name -> (module, attribute).
_NAMES = {
    "ApproveResult": ("approve", "ApproveResult"),
    "approve": ("approve", "approve"),
    "BaselineStore": ("baseline", "BaselineStore"),
    "UpdateMode": ("baseline", "UpdateMode"),
    "CheckOutcome": ("check", "CheckOutcome"),
    "Status": ("check", "Status"),
    "check_image": ("check", "check_image"),
    "CompareOptions": ("comparator", "CompareOptions"),
    "CompareResult": ("comparator", "CompareResult"),
    "compare": ("comparator", "compare"),
    "reset_report_dir": ("records", "reset"),
    "ReportFiles": ("report", "ReportFiles"),
    "write_report": ("report", "write_report"),
    "StableCapture": ("stable", "StableCapture"),
    "capture_stable": ("stable", "capture_stable"),
    "Tolerance": ("tolerance", "Tolerance"),
}

__all__ = [
    "ApproveResult",
    "BaselineStore",
    "CheckOutcome",
    "CompareOptions",
    "CompareResult",
    "ReportFiles",
    "StableCapture",
    "Status",
    "Tolerance",
    "UpdateMode",
    "approve",
    "capture_stable",
    "check_image",
    "compare",
    "reset_report_dir",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is used."""
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _NAMES[name]
    value = getattr(import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value
