"""Sample keys for the tests: AWS's documented example key and keys made at test time.

Never write a real-looking key id in a test file: a hook refuses AKIA ids that are not EXAMPLE values.
"""

from __future__ import annotations

import random
import string

EXAMPLE_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
BASE32 = string.ascii_uppercase + "234567"
SECRET_ALPHABET = string.ascii_letters + string.digits + "/+"


def make_key_id(rng: random.Random) -> str:
    """A key id of the right shape, generated now (never committed)."""
    return "AKIA" + "".join(rng.choice(BASE32) for _ in range(16))


def make_secret(rng: random.Random) -> str:
    """A secret of the right shape, generated now."""
    return "".join(rng.choice(SECRET_ALPHABET) for _ in range(40))
