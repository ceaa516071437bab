"""Visual comparison: a pixelmatch-compatible numpy comparator, baselines, and review reports.

- :func:`compare`: pixelmatch 5.3 counts and diff images, fast (numpy).
- :class:`Tolerance`, :func:`capture_stable`, :class:`BaselineStore`, :class:`UpdateMode` and
  :func:`check_image`: one screenshot against its baseline, with review files on a difference.
- :func:`write_report` (HTML + JSON + JUnit) and :func:`approve`.
"""

from automation.visual.approve import ApproveResult, approve
from automation.visual.baseline import BaselineStore, UpdateMode
from automation.visual.check import CheckOutcome, Status, check_image
from automation.visual.comparator import CompareOptions, CompareResult, compare
from automation.visual.records import reset as reset_report_dir
from automation.visual.report import ReportFiles, write_report
from automation.visual.stable import StableCapture, capture_stable
from automation.visual.tolerance import Tolerance

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
