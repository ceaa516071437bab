"""The replica's named faults: each one makes the console misbehave in one realistic way."""

from __future__ import annotations

from collections.abc import Iterable

#: Every fault the replica knows, with a one-line description (for `--help`).
KNOWN_FAULTS: dict[str, str] = {
    "two-keys": "the signed-in identity (root, or every IAM user) starts with two access keys",
    "create-500": "the first POST access-keys answers 500 and creates nothing",
    "create-fails-after-commit": "the first POST access-keys creates the key, then answers 500",
    "create-timeout": "the first POST access-keys creates the key, and its answer never arrives",
    "slow": "every response (pages, assets, API) is delayed 2 s (waiting must be event-based)",
    "slow-api": "every API answer is delayed 1.5 s (waiting must be event-based)",
    "throttle": "the Access keys table's reads answer 429 ThrottlingException twice before succeeding",
    "keys-unreadable": "once a Create was tried, every Access keys read answers 500 (an unreadable list)",
    "download-drop": "'Download .csv file' breaks midway (the connection drops after the header)",
    "mfa-rejected": "every MFA code is refused (the IAM user has an MFA device too)",
    "label-drift": "the 'Create access key' buttons read 'New access key' and lose their test id (UI drift)",
    "legacy-signin": "the older sign-in UI (tile selection, #ap_password page)",
    "captcha": "a security check after Next on sign-in (answer: replica)",
    "cookie-banner": "a cookie banner with 'Accept all cookies' on console pages",
    "expired-password": "an interstitial with 'Skip and continue to sign in' after the password",
    "choose-session": "a 'Choose your AWS session' page after sign-in",
    "feedback-popup": "a feedback pop-up over Console Home with a 'Close' button",
    "session-expired": "saved sessions are expired, and the session expires mid-run at the first IAM "
    "page (the console shows its sign-in page)",
    "iam-mfa": "the IAM user has an MFA device too (same TOTP seed as root)",
    "malformed-download": "'Download .csv file' gives a truncated CSV (the secret cut short)",
    "renamed-label": "the account menu's 'Billing and Cost Management' reads 'Billing and Costs' "
    "(a visual change no locator notices)",
    "volatile": "another day: a random clock, sign-in and last-used dates, key ids, account name and alias, "
    "and a request id in every API error (the images must not change)",
}

#: Faults the Python router acts on; the others only reach the pages via window.__REPLICA__.faults.
ROUTER_FAULTS = frozenset(
    {
        "two-keys",
        "create-500",
        "create-fails-after-commit",
        "create-timeout",
        "slow",
        "slow-api",
        "throttle",
        "keys-unreadable",
        "download-drop",
        "mfa-rejected",
        "captcha",
        "session-expired",
        "iam-mfa",
        "volatile",
    }
)

#: How long `slow-api` delays every API answer, in seconds.
SLOW_API_DELAY = 1.5

#: How long `slow` delays every answer (pages, assets, API), in seconds.
SLOW_DELAY = 2.0

#: How many times in a row `throttle` refuses each Access keys read before answering it.
THROTTLE_BURST = 2

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
