"""Run options shared by every command: one small dataclass, filled from the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from automation.imaging.plan import ImagingPlan

USE_CASES: dict[str, str] = {
    "cli": "Command Line Interface (CLI)",
    "local-code": "Local code",
    "aws-compute": "Application running on an AWS compute service",
    "third-party": "Third-party service",
    "outside-aws": "Application running outside AWS",
    "other": "Other",
}
DEFAULT_USE_CASE = "local-code"  # the tutorial's readers call AWS's REST API from their own code


@dataclass(frozen=True)
class RunOptions:
    """Everything a run was asked to do."""

    target: str = "replica"
    edition: str = "current"
    out_dir: Path = Path("images")
    keys_dir: Path | None = None  # None: the per-user data dir
    key_file: str = "access-keys.csv"
    env_file: Path | None = None  # None: ./.env, else the replica defaults on the replica
    headed: bool = False
    record: Path | None = None
    replica_faults: frozenset[str] = frozenset()
    replica_variants: frozenset[str] = frozenset()  # console variants the replica serves (--replica-variant)
    yes: bool = False
    images: frozenset[str] | None = None  # None: every image of the flow (--page narrows it)
    user: str | None = None  # IAM path: the user whose key is created (default: the signed-in one)
    use_case: str = DEFAULT_USE_CASE
    description: str = ""
    verify: bool = False
    profile: str | None = None
    force: bool = False
    delete_key: str | None = None  # delete this key (id or its last four) before creating one
    cleanup: bool = False  # screenshots only: delete the new key at the end, never store its secret
    parallel: bool = True
    step_timeout_ms: int = 30_000
    trace: bool = False  # keep each flow's scrubbed Playwright trace even when it passes
    imaging: ImagingPlan = field(default_factory=ImagingPlan)  # viewport, scale, theme, framing per image
