"""Fixtures of the replica tests: a fresh fake IAM, replicas with faults, stub assets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from automation.replica import FakeIam, Replica

from .helpers import ApiClient, stub_dist


@pytest.fixture
def iam() -> FakeIam:
    """A fresh fake IAM, seed 0."""
    return FakeIam(seed=0)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """Stub page bundle folder."""
    return stub_dist(tmp_path / "dist")


@pytest.fixture
def make_replica(iam: FakeIam, dist: Path) -> Callable[..., Replica]:
    """Build a Replica on the test's fake IAM: `make_replica("slow-api", ...)`."""

    def build(*faults: str) -> Replica:
        return Replica(iam, faults=frozenset(faults), assets_dir=dist)

    return build


@pytest.fixture
def client(make_replica: Callable[..., Replica]) -> ApiClient:
    """An API client on a fault-free replica."""
    return ApiClient(make_replica())
