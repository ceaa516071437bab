"""Visual comparison: a pixelmatch-compatible numpy comparator, baselines, and review reports."""

from automation.visual.comparator import CompareOptions, CompareResult, compare

__all__ = ["CompareOptions", "CompareResult", "compare"]
