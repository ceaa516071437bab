"""Run moto calls for one FakeIam in isolation: its own IAM backend, seed, clock and auth mode.

moto keeps its state in process-wide globals (backends, the random generator, settings). Each
FakeIam owns a private IAM backend; `MotoScope.active()` installs it (and the FakeIam's clock and
random seed) under one process-wide lock, starts moto's mock for the duration of the call only, and
restores everything afterwards. So several FakeIams (and other moto users) can live in one process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from moto import mock_aws, settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.config import default_user_config
from moto.iam import models as iam_models
from moto.iam.models import IAMBackend, iam_backends
from moto.moto_api._internal import mock_random

from .clock import FrozenClock

#: Serialises every moto call of every FakeIam in this process (moto's globals are shared).
PROCESS_LOCK = threading.RLock()

_PARTITION = "aws"


def _mock_config() -> dict[str, Any]:
    """moto config that leaves the environment and boto3's default session alone."""
    core = dict(default_user_config["core"])
    core.update(mock_credentials=False, reset_boto3_session=False)
    return {"core": core}


class MotoScope:
    """The moto state owned by one FakeIam, activated around each call."""

    def __init__(self, account_id: str, clock: FrozenClock) -> None:
        self.account_id = account_id
        self.clock = clock
        self.backend: IAMBackend | None = None

    @contextmanager
    def active(self, *, seed: str | None = None, enforce_auth: bool = False) -> Iterator[IAMBackend]:
        """Install this scope's backend in moto for the duration of the block.

        `seed` reseeds moto's random generator first (so ids drawn in the block are reproducible);
        `enforce_auth` makes moto check request signatures against the IAM access keys.
        """
        with PROCESS_LOCK:
            saved_random = mock_random.getstate()
            saved_auth = settings.INITIAL_NO_AUTH_ACTION_COUNT
            saved_count = ActionAuthenticatorMixin.request_count
            moto_mock = mock_aws(config=_mock_config())  # type: ignore[arg-type]
            moto_mock.start(reset=False)
            accounts = iam_backends[self.account_id]
            previous = dict.get(accounts, _PARTITION)
            try:
                if seed is not None:
                    mock_random.seed(seed)
                if self.backend is None:
                    self.backend = IAMBackend(_PARTITION, account_id=self.account_id)
                dict.__setitem__(accounts, _PARTITION, self.backend)
                settings.INITIAL_NO_AUTH_ACTION_COUNT = 0 if enforce_auth else float("inf")
                ActionAuthenticatorMixin.request_count = 0
                with mock.patch.object(iam_models, "utcnow", self.clock.naive_now):
                    yield self.backend
            finally:
                if previous is None:
                    dict.pop(accounts, _PARTITION, None)
                else:
                    dict.__setitem__(accounts, _PARTITION, previous)
                settings.INITIAL_NO_AUTH_ACTION_COUNT = saved_auth
                ActionAuthenticatorMixin.request_count = saved_count
                mock_random.setstate(saved_random)
                moto_mock.stop(remove_data=False)
