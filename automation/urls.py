"""The real console's URLs. Every target serves these same addresses.

Where a run already is on the console, URLs are built from the current page's host: with multi-session
sign-in (since 2025) each session has its own console host (``<account>-<id>.<region>.console…``), so a
fixed ``us-east-1.console.aws.amazon.com`` would leave the session.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

REGION = "us-east-1"
CONSOLE_ORIGIN = f"https://{REGION}.console.aws.amazon.com"
SIGNIN_ORIGIN = "https://signin.aws.amazon.com"
CONSOLE_HOME = f"{CONSOLE_ORIGIN}/console/home?region={REGION}"
IAM_HOME = f"{CONSOLE_ORIGIN}/iam/home"
ROOT_SECURITY_CREDENTIALS = f"{IAM_HOME}#/security_credentials"
CONSOLE_HOST_SUFFIX = ".console.aws.amazon.com"


def console_origin(current_url: str | None = None) -> str:
    """The console origin of ``current_url`` when it is a console page, else the default region's."""
    parts = urlsplit(current_url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host.endswith(CONSOLE_HOST_SUFFIX) and host != CONSOLE_HOST_SUFFIX[1:]:
        return f"https://{parts.netloc}"
    return CONSOLE_ORIGIN


def root_security_credentials(current_url: str | None = None) -> str:
    """The root user's Security credentials page, on the current console host."""
    return f"{console_origin(current_url)}/iam/home#/security_credentials"


def user_security_credentials(user_name: str, current_url: str | None = None) -> str:
    """The Security credentials tab of an IAM user, on the current console host."""
    origin = console_origin(current_url)
    return f"{origin}/iam/home#/users/details/{quote(user_name)}?section=security_credentials"


def iam_user_signin(account: str) -> str:
    """The account-specific IAM user sign-in URL."""
    return f"https://{account}.signin.aws.amazon.com/console"
