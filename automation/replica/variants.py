"""The replica's console variants: each one serves another plausible form of today's console.

Faults make the console misbehave; variants make it *look* different, the way AWS rolls changes out
gradually or the public evidence leaves a form uncertain (see ``console-2026.md``, the locator audit).
The flows must pass on every variant and every combination. The pages read
``window.__REPLICA__.variants``; the router acts on ``multi-session`` itself (hosts, session chooser).
"""

from __future__ import annotations

from collections.abc import Iterable

#: Every variant, with a one-line description (for `--help`). The default replica follows the audit's
#: newest evidence; each variant serves one other form of one part of the console.
KNOWN_VARIANTS: dict[str, str] = {
    "users-label": "IAM says 'Users' / 'User groups' (as the docs do) instead of 'IAM users'",
    "services-text": "the top bar's services button shows the text 'Services' and opens a dialog "
    "named Services (before 2025)",
    "services-menu-buttons": "the Services menu lists categories as buttons and services as menu items",
    "account-menu-2023": "the account menu before Nov 2024: role=menu with menuitems, the test id on "
    "the button itself",
    "multi-session": "multi-session sign-in: the 'Choose your AWS session' cards, then console hosts "
    "named <account>-<id>.us-east-1.console.aws.amazon.com",
    "iam-signin-single-page": "IAM users sign in on one page: account, user name and password, no Next",
    "signin-legacy": "the older sign-in UI: user-type tiles, the #ap_password page, #error_message",
    "signin-feedback": "a 'Feedback for AWS Sign-in' dialog (Cancel, Submit) over the password page",
    "mfa-verify": "the MFA page's button reads 'Verify' and has no id",
    "cookie-banner-2026": "the newer cookie banner ('Accept', 'Decline', 'Customize') on console pages",
    "console-popups": "Console Home opens a What's new panel and a Services tooltip to dismiss",
    "users-count-first": "the users heading shows its count before the rows arrive ('Loading resources')",
    "root-heading-short": "the root page's heading reads 'My security credentials'",
    "iam-key-cards": "the IAM user's tab lists each key in its own container with its own Actions "
    "menu (no table, no radios)",
    "key-select-unlabelled": "the key table's selection radios are not named after the key id",
    "delete-dialog-question": "the delete dialog is named 'Delete <key id>?' (with a question mark)",
    "delete-confirm-alt": "the delete dialog's Deactivate button goes away once used, and its field "
    "reads 'Enter the access key ID to confirm deletion'",
}

#: Named combinations: how the console looked to the old page objects, and the newest evidence at once.
COMBINATIONS: dict[str, frozenset[str]] = {
    "console-2024": frozenset(
        {"users-label", "services-text", "account-menu-2023", "delete-dialog-question"}
    ),
    "console-2026": frozenset(
        {
            "multi-session",
            "iam-signin-single-page",
            "signin-feedback",
            "mfa-verify",
            "cookie-banner-2026",
            "console-popups",
            "services-menu-buttons",
            "users-count-first",
            "iam-key-cards",
            "key-select-unlabelled",
            "delete-confirm-alt",
        }
    ),
}

#: Variants the Python router acts on; the others only reach the pages via window.__REPLICA__.variants.
ROUTER_VARIANTS = frozenset({"multi-session"})


def check_variants(names: Iterable[str]) -> frozenset[str]:
    """The variants `names` stand for (combinations expanded), or ValueError naming the unknown ones."""
    chosen: set[str] = set()
    unknown: list[str] = []
    for name in names:
        if name in COMBINATIONS:
            chosen |= COMBINATIONS[name]
        elif name in KNOWN_VARIANTS:
            chosen.add(name)
        else:
            unknown.append(name)
    if unknown:
        known = ", ".join([*sorted(KNOWN_VARIANTS), *sorted(COMBINATIONS)])
        raise ValueError(f"unknown replica variant(s) {', '.join(sorted(unknown))}; known: {known}")
    return frozenset(chosen)


def describe_variants() -> str:
    """One line per variant and per combination, `name: description`, for help texts."""
    width = max(len(name) for name in [*KNOWN_VARIANTS, *COMBINATIONS])
    lines = [f"  {name:<{width}}  {text}" for name, text in KNOWN_VARIANTS.items()]
    for name, members in COMBINATIONS.items():
        lines.append(f"  {name:<{width}}  all of: {', '.join(sorted(members))}")
    return "\n".join(lines)
