"""Where the console lives: the offline replica, the real AWS console, or a recorded session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from playwright.sync_api import BrowserContext

from automation.background import Background
from automation.errors import SettingError

if TYPE_CHECKING:
    from automation.replica import FakeIam, Replica

RECORDING_MARK = "aws-console-flows recording of the"  # log.comment of our recordings, + "<flow> path"
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
        if not path.exists():
            raise SettingError(
                step="Choose the target",
                reason=f"the recording {path} does not exist.",
                fix="Check the path, or record one first with --record PATH.har (a folder ending in /: "
                "one file per path).",
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

    def context_options(self, flow: str) -> dict[str, Any]:
        """Extra options for the flow's browser context."""

    def attach(self, context: BrowserContext, flow: str) -> None:
        """Route the context's requests (or leave them to the network, for the real console)."""

    def problems(self) -> list[str]:
        """Requests the target could not answer, as "METHOD URL" lines."""


@dataclass
class LiveTarget:
    """The real AWS console: nothing is routed."""

    spec: TargetSpec = field(default_factory=lambda: TargetSpec("aws"))
    is_live: bool = True

    def context_options(self, flow: str) -> dict[str, Any]:
        """No extra options."""
        return {}

    def attach(self, context: BrowserContext, flow: str) -> None:
        """Nothing to route."""

    def problems(self) -> list[str]:
        """The network answers everything."""
        return []


class ReplicaTarget:
    """The offline replica: one fake IAM shared by every context of the run.

    The fake IAM and the router (with its page assets) are built in a background thread while the
    browser starts; the first use of ``iam`` or ``replica`` waits for them.
    """

    is_live = False

    def __init__(
        self,
        faults: frozenset[str] = frozenset(),
        edition: str = "current",
        seed: int = 0,
        variants: frozenset[str] = frozenset(),
    ) -> None:
        from automation.replica.faults import KNOWN_FAULTS
        from automation.replica.variants import COMBINATIONS, KNOWN_VARIANTS, check_variants

        unknown = sorted(set(faults) - set(KNOWN_FAULTS))
        if unknown:
            raise SettingError(
                step="Choose the target",
                reason=f"unknown replica fault(s): {', '.join(unknown)}.",
                fix=f"Use one of: {', '.join(sorted(KNOWN_FAULTS))}.",
            )
        try:
            chosen = check_variants(variants)
        except ValueError:
            unknown = sorted(set(variants) - set(KNOWN_VARIANTS) - set(COMBINATIONS))
            raise SettingError(
                step="Choose the target",
                reason=f"unknown replica variant(s): {', '.join(unknown)}.",
                fix=f"Use one of: {', '.join([*sorted(KNOWN_VARIANTS), *sorted(COMBINATIONS)])}.",
            ) from None
        self.spec = TargetSpec("replica")
        self.variants = chosen
        self._build = Background(lambda: _build_replica(faults, edition, seed, chosen), name="replica-build")

    def ready(self) -> bool:
        """Whether the fake IAM and the router are built (``iam`` and ``replica`` answer at once)."""
        return self._build.done()

    @property
    def iam(self) -> FakeIam:
        """The run's fake IAM."""
        return self._build.result()[0]

    @property
    def replica(self) -> Replica:
        """The router every context of the run is served from."""
        return self._build.result()[1]

    def context_options(self, flow: str) -> dict[str, Any]:
        """No extra options."""
        return {}

    def attach(self, context: BrowserContext, flow: str) -> None:
        """Serve the replica at the real console URLs."""
        self.replica.attach(context)

    def problems(self) -> list[str]:
        """Requests the replica does not know."""
        return list(self.replica.unknown_requests)


def _build_replica(
    faults: frozenset[str], edition: str, seed: int, variants: frozenset[str]
) -> tuple[FakeIam, Replica]:
    from automation.replica import Replica
    from automation.replica.volatile import fake_iam_for

    # Like the real console, every new key is a fresh random one; `volatile` also varies the account.
    iam = fake_iam_for(faults, seed, fresh_keys=True)
    return iam, Replica(iam, faults=faults, edition=edition, variants=variants)


class HarTarget:
    """Recorded sessions replayed in order: one recording per flow."""

    is_live = False

    def __init__(self, spec: TargetSpec, flow_count: int = 1) -> None:
        assert spec.har_path is not None
        self.spec = spec
        self.flow_count = flow_count
        self.routers: dict[str, Any] = {}

    def _router(self, flow: str) -> Any:
        from automation.har import HarReplayRouter

        if flow not in self.routers:
            assert self.spec.har_path is not None
            path = recording_path(self.spec.har_path, flow, self.flow_count)
            if not path.is_file():
                raise SettingError(
                    step="Choose the target",
                    reason=f"there is no recording of the {flow} path at {path}.",
                    fix=f"Record it with --record {path}, or replay only the paths that were recorded.",
                )
            router = HarReplayRouter(path)
            check_recording(router.har, path, flow)
            self.routers[flow] = router
        return self.routers[flow]

    def check(self, flows: list[str]) -> None:
        """Load every recording now, so a missing or corrupt one fails before any browser starts."""
        for flow in flows:
            self._router(flow)

    def context_options(self, flow: str) -> dict[str, Any]:
        """The replay router's context options (service workers blocked)."""
        return dict(self._router(flow).context_options())

    def attach(self, context: BrowserContext, flow: str) -> None:
        """Answer every request of the flow from its recording."""
        self._router(flow).attach(context)

    def problems(self) -> list[str]:
        """Requests with no recorded answer."""
        return [line for router in self.routers.values() for line in router.problems()]


def check_recording(har: dict[str, Any], path: Path, flow: str) -> None:
    """Refuse a recording of another path, one that still holds secrets, or one that lacks a call the
    path needs (sign-in, the key list, Create)."""
    from automation.errors import RecordingError
    from automation.har import find_leaks
    from automation.har.needs import missing_calls

    comment = str(har.get("log", {}).get("comment", ""))
    if comment.startswith(RECORDING_MARK) and not comment.startswith(f"{RECORDING_MARK} {flow} path"):
        raise RecordingError(
            step="Load the recording",
            reason=f"{path} is a {comment.removeprefix('aws-console-flows ')}, not of the {flow} path.",
            fix=f"Replay it with the matching command, or record the {flow} path with --record.",
        )
    leaks = find_leaks(har)
    if leaks:
        where = "; ".join(leak.describe() for leak in leaks[:3])
        raise RecordingError(
            step="Load the recording",
            reason=f"{path} still holds {len(leaks)} secret-looking value(s), e.g. {where}.",
            fix="Record it again with --record (which scrubs before writing); never edit recordings by hand.",
        )
    missing = missing_calls(har["log"]["entries"])
    if missing:
        raise RecordingError(
            step="Load the recording",
            reason=f"{path} lacks calls the {flow} path needs: {'; '.join(missing)}.",
            fix=f"Record the whole {flow} path again with --record, from sign-in to the new key.",
        )


def recording_path(path: Path, flow: str, flow_count: int) -> Path:
    """The recording of one flow: ``PATH`` itself for a single flow, ``DIR/FLOW.har`` for a folder,
    else ``STEM-FLOW.har`` beside ``PATH``."""
    if path.is_dir() or str(path).endswith("/"):
        return path / f"{flow}.har"
    if flow_count == 1:
        return path
    return path.with_name(f"{path.stem}-{flow}{path.suffix or '.har'}")


def open_target(
    spec: TargetSpec,
    *,
    faults: frozenset[str],
    edition: str,
    flows: list[str],
    variants: frozenset[str] = frozenset(),
) -> Target:
    """Build the target a run asked for."""
    for option, given in (("--replica-fault", faults), ("--replica-variant", variants)):
        if given and spec.kind != "replica":
            raise SettingError(
                step="Choose the target",
                reason=f"{option} only applies to the replica target.",
                fix=f"Drop {option}, or use --target replica.",
            )
    if spec.kind == "replica":
        return ReplicaTarget(faults, edition, variants=variants)
    if spec.kind == "har":
        target = HarTarget(spec, len(flows))
        target.check(flows)
        return target
    return LiveTarget(spec)
