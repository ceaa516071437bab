"""The real console's URLs. Every target serves these same addresses."""

from __future__ import annotations

from urllib.parse import quote

REGION = "us-east-1"
CONSOLE_ORIGIN = f"https://{REGION}.console.aws.amazon.com"
SIGNIN_ORIGIN = "https://signin.aws.amazon.com"
CONSOLE_HOME = f"{CONSOLE_ORIGIN}/console/home?region={REGION}"
IAM_HOME = f"{CONSOLE_ORIGIN}/iam/home"
ROOT_SECURITY_CREDENTIALS = f"{IAM_HOME}#/security_credentials"


def user_security_credentials(user_name: str) -> str:
    """The Security credentials tab of an IAM user."""
    return f"{IAM_HOME}#/users/details/{quote(user_name)}?section=security_credentials"


def iam_user_signin(account: str) -> str:
    """The account-specific IAM user sign-in URL."""
    return f"https://{account}.signin.aws.amazon.com/console"
