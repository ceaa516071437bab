"""Where the console lives: the offline replica, the real AWS console, or a recorded session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from playwright.sync_api import BrowserContext

from automation.errors import SettingError

TARGET_HELP = "replica (default, offline), aws (the real console), har:PATH (replay a recording)"


@dataclass(frozen=True)
class TargetSpec:
    """A parsed --target value."""

    kind: str  # "replica" | "aws" | "har"
    har_path: Path | None = None

    @property
    def label(self) -> str:
        """How the target is named to the user."""
        return f"har:{self.har_path}" if self.kind == "har" else self.kind


def parse_target(text: str) -> TargetSpec:
    """Parse ``replica``, ``aws`` or ``har:PATH``."""
    if text in ("replica", "aws"):
        return TargetSpec(text)
    if text.startswith("har:") and len(text) > 4:
        path = Path(text[4:])
        if not path.is_file():
            raise SettingError(
                step="Choose the target",
                reason=f"the recording {path} does not exist.",
                fix="Record one with --record PATH.har, or use a file under fixtures/recordings/.",
            )
        return TargetSpec("har", path)
    raise SettingError(
        step="Choose the target",
        reason=f"unknown target {text!r}.",
        fix=f"Use one of: {TARGET_HELP}.",
    )


class Target(Protocol):
    """What the runner needs from a target."""

    spec: TargetSpec
    is_live: bool

    def attach(self, context: BrowserContext) -> None:
        """Route the context's requests (or leave them to the network, for the real console)."""

    def problems(self) -> list[str]:
        """Requests the target could not answer, as "METHOD URL" lines."""


@dataclass
class LiveTarget:
    """The real AWS console: nothing is routed."""

    spec: TargetSpec = field(default_factory=lambda: TargetSpec("aws"))
    is_live: bool = True

    def attach(self, context: BrowserContext) -> None:
        """Nothing to route."""

    def problems(self) -> list[str]:
        """The network answers everything."""
        return []


class ReplicaTarget:
    """The offline replica: one fake IAM shared by every context of the run."""

    is_live = False

    def __init__(self, faults: frozenset[str] = frozenset(), edition: str = "current", seed: int = 0) -> None:
        from automation.replica import KNOWN_FAULTS, FakeIam, Replica

        unknown = sorted(set(faults) - set(KNOWN_FAULTS))
        if unknown:
            raise SettingError(
                step="Choose the target",
                reason=f"unknown replica fault(s): {', '.join(unknown)}.",
                fix=f"Use one of: {', '.join(sorted(KNOWN_FAULTS))}.",
            )
        self.spec = TargetSpec("replica")
        self.iam = FakeIam(seed=seed)
        self.replica = Replica(self.iam, faults=faults, edition=edition)

    def attach(self, context: BrowserContext) -> None:
        """Serve the replica at the real console URLs."""
        self.replica.attach(context)

    def problems(self) -> list[str]:
        """Requests the replica does not know."""
        return list(self.replica.unknown_requests)


class HarTarget:
    """A recorded session replayed in order."""

    is_live = False

    def __init__(self, spec: TargetSpec) -> None:
        from automation.har import HarReplayRouter

        assert spec.har_path is not None
        self.spec = spec
        self.router = HarReplayRouter(spec.har_path)

    def attach(self, context: BrowserContext) -> None:
        """Answer every request from the recording."""
        self.router.attach(context)

    def problems(self) -> list[str]:
        """Requests with no recorded answer."""
        return list(self.router.unmatched)


def open_target(spec: TargetSpec, *, faults: frozenset[str], edition: str) -> Target:
    """Build the target a run asked for."""
    if faults and spec.kind != "replica":
        raise SettingError(
            step="Choose the target",
            reason="--replica-fault only applies to the replica target.",
            fix="Drop --replica-fault, or use --target replica.",
        )
    if spec.kind == "replica":
        return ReplicaTarget(faults, edition)
    if spec.kind == "har":
        return HarTarget(spec)
    return LiveTarget(spec)
