"""The one leak check every end-to-end test that creates a key goes through.

It scans everything the run left in its image folder and beside it (tutorial images, failure
screenshots and traces in acf-failures/, --trace's acf-traces/, recordings, reports) and its captured
stdout/stderr for: the secret of every key the replica created (known from the replica's state dump,
even when the run never saw it), the passwords, the MFA seed, the session cookies and the account id.
The keys folder is not scanned: the key file and the saved session are the run's product, kept 0600 on
purpose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from automation.artifacts import failures_dir, traces_dir
from automation.leakscan import LeakScanner, Secret, describe_findings
from automation.replica import ReplicaAccount

ACCOUNT = ReplicaAccount()


def load_state(path: Path) -> dict[str, Any] | None:
    """The replica's state dump of a run (None when the run never opened the replica)."""
    return json.loads(path.read_text()) if path.exists() else None


def run_secrets(state: dict[str, Any] | None) -> list[Secret]:
    """Every value that must not leak from a replica run."""
    secrets = [
        Secret("root password", ACCOUNT.root_password),
        Secret("MFA seed", ACCOUNT.root_mfa_seed),
        Secret("account id", ACCOUNT.account_id),
        *(Secret(f"{user.name} password", user.password) for user in ACCOUNT.users if user.password),
    ]
    if state:
        secrets += [Secret("secret access key", key["secret"]) for key in state["created"] if key["secret"]]
        secrets += [Secret("session cookie", token) for token in state["session_tokens"]]
    return secrets


def assert_no_leaks(out: Path, state: dict[str, Any] | None, outputs: dict[str, str], *, ocr: bool) -> None:
    """Fail with the list of findings (never the values) when any secret is in any artifact or output."""
    scanner = LeakScanner(run_secrets(state), ocr=ocr)
    folders = [folder for folder in (out, failures_dir(out), traces_dir(out)) if folder.exists()]
    findings = scanner.scan_run(folders or [out], outputs)
    assert findings == [], describe_findings(findings)
