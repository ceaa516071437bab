"""A tiny cookie-keeping client over Replica.handle(), and stub page assets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyotp

from automation.replica import Replica, ReplicaAccount, ReplicaResponse

ACCOUNT = ReplicaAccount()
SIGNIN = "https://signin.aws.amazon.com"
CONSOLE = "https://us-east-1.console.aws.amazon.com"
SIGNIN_API = f"{SIGNIN}/__replica/api/"
CONSOLE_API = f"{CONSOLE}/__replica/api/"
ROOT_PASSWORD = "replica-root-Passw0rd"
IAM_PASSWORD = "replica-iam-Passw0rd"


def totp_now(seed: str = ACCOUNT.root_mfa_seed) -> str:
    """The current TOTP code of `seed`."""
    return pyotp.TOTP(seed).now()


class ApiClient:
    """Calls `replica.handle()` like a browser would: JSON bodies and a cookie jar."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, body: Any = None) -> ReplicaResponse:
        headers = {"content-type": "application/json"}
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = b"" if body is None else json.dumps(body).encode()
        response = self.replica.handle(method, url, headers, data)
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if "Max-Age=0" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        return response

    def get(self, endpoint: str) -> ReplicaResponse:
        return self.request("GET", CONSOLE_API + endpoint)

    def post(self, endpoint: str, body: Any = None) -> ReplicaResponse:
        return self.request("POST", CONSOLE_API + endpoint, {} if body is None else body)

    def delete(self, endpoint: str) -> ReplicaResponse:
        return self.request("DELETE", CONSOLE_API + endpoint)

    def signin(self, step: str, body: dict[str, Any]) -> ReplicaResponse:
        return self.request("POST", f"{SIGNIN_API}signin/{step}", body)

    def sign_in_root(self) -> ReplicaResponse:
        """The whole root sign-in (identify, password, MFA); returns the last answer."""
        self.signin("identify", {"userType": "rootUser", "identifier": ACCOUNT.root_email})
        answer = self.signin(
            "password",
            {"userType": "rootUser", "email": ACCOUNT.root_email, "password": ROOT_PASSWORD},
        )
        assert answer.json() == {"next": "mfa"}, answer.body
        return self.signin("mfa", {"code": totp_now()})

    def sign_in_iam(self, user: str = "course-author", password: str = IAM_PASSWORD) -> ReplicaResponse:
        """IAM user sign-in with account id, user name and password."""
        self.signin("identify", {"userType": "iamUser", "identifier": ACCOUNT.account_id})
        return self.signin(
            "password",
            {"userType": "iamUser", "account": ACCOUNT.account_id, "username": user, "password": password},
        )


def stub_dist(folder: Path) -> Path:
    """A stand-in page bundle: marks the page as booted, so tests need no npm build."""
    folder.mkdir(parents=True, exist_ok=True)
    for bundle in ("replica", "signin"):
        (folder / f"{bundle}.js").write_text(f"window.__booted = true; window.__bundle = {bundle!r};\n")
        (folder / f"{bundle}.css").write_text("body { margin: 0; }\n")
    return folder
