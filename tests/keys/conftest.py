"""Fixtures for the key tests."""

from __future__ import annotations

import os
import random

import pytest
from key_samples import EXAMPLE_ID, EXAMPLE_SECRET

from automation.keys import AccessKey, KeyFileFormat


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20260101)


@pytest.fixture
def example_key() -> AccessKey:
    return AccessKey(EXAMPLE_ID, EXAMPLE_SECRET, None, KeyFileFormat.CURRENT)


@pytest.fixture
def current_csv() -> bytes:
    """The console's current download for the example key."""
    return f"Access key ID,Secret access key\n{EXAMPLE_ID},{EXAMPLE_SECRET}\n".encode()


@pytest.fixture
def loose_umask():
    """Run with umask 000: the code must not depend on the caller's umask."""
    previous = os.umask(0)
    yield
    os.umask(previous)
