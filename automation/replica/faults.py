"""The replica's named faults: each one makes the console misbehave in one realistic way."""

from __future__ import annotations

from collections.abc import Iterable

#: Every fault the replica knows, with a one-line description (for `--help`).
KNOWN_FAULTS: dict[str, str] = {
    "two-keys": "the signed-in identity (root, or every IAM user) starts with two access keys",
    "create-fails-after-commit": "the first POST access-keys creates the key, then answers 500",
    "slow-api": "every API answer is delayed 1.5 s (waiting must be event-based)",
    "label-drift": "the 'Create access key' buttons read 'New access key' (UI drift)",
    "legacy-signin": "the older sign-in UI (tile selection, #ap_password page)",
    "captcha": "a security check after Next on sign-in (answer: replica)",
    "cookie-banner": "a cookie banner with 'Accept all cookies' on console pages",
    "expired-password": "an interstitial with 'Skip and continue to sign in' after the password",
    "choose-session": "a 'Choose your AWS session' page after sign-in",
    "feedback-popup": "a feedback pop-up over Console Home with a 'Close' button",
    "session-expired": "every saved session is treated as expired (redirect to sign-in)",
    "iam-mfa": "the IAM user has an MFA device too (same TOTP seed as root)",
    "malformed-download": "'Download .csv file' gives a truncated CSV (the secret cut short)",
    "renamed-label": "the account menu's 'Billing and Cost Management' reads 'Billing and Costs' "
    "(a visual change no locator notices)",
}

#: Faults the Python router acts on; the others only reach the pages via window.__REPLICA__.faults.
ROUTER_FAULTS = frozenset(
    {"two-keys", "create-fails-after-commit", "slow-api", "captcha", "session-expired", "iam-mfa"}
)

#: How long `slow-api` delays every API answer, in seconds.
SLOW_API_DELAY = 1.5

#: The answer to the `captcha` security check.
CAPTCHA_ANSWER = "replica"


def check_faults(names: Iterable[str]) -> frozenset[str]:
    """Return `names` as a frozenset, or raise ValueError naming the unknown ones."""
    faults = frozenset(names)
    unknown = sorted(faults - KNOWN_FAULTS.keys())
    if unknown:
        known = ", ".join(sorted(KNOWN_FAULTS))
        raise ValueError(f"unknown replica fault(s) {', '.join(unknown)}; known: {known}")
    return faults


def describe_faults() -> str:
    """One line per fault, `name: description`, for help texts."""
    width = max(len(name) for name in KNOWN_FAULTS)
    return "\n".join(f"  {name:<{width}}  {text}" for name, text in KNOWN_FAULTS.items())
