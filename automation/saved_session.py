"""Reuse a signed-in console session (Playwright storage state) until it expires.

The state holds session cookies, so it is a secret: it lives in the keys folder (0700) as a 0600 file
written atomically. Expiry needs no clock: a console page that redirects to sign-in means the saved
session is gone, and the flow signs in again and saves the new one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from automation.keys.safefs import ensure_private_dir, replace_file

STEP = "Save the console session"


def session_file(keys_dir: Path, target_kind: str, flow: str, identity: str) -> Path:
    """Where the session of one identity on one target is kept.

    ``identity`` (who signs in, plus anything that changes what the console is, such as replica faults)
    is hashed into the name: another user or another fault never picks up this session.
    """
    tag = hashlib.sha256(identity.encode()).hexdigest()[:12]
    return keys_dir / "sessions" / f"{target_kind}-{flow}-{tag}.json"


def usable_session(path: Path) -> Path | None:
    """The saved state when it exists and is valid JSON, else None (a broken file is ignored)."""
    try:
        json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return path


def session_state(page: Page) -> dict[str, Any]:
    """The context's cookies and the open page's local storage, in Playwright's storage-state shape.

    Not ``context.storage_state()``: after a sign-in that one also wants the sign-in origin's storage,
    and to read it opens a hidden page and loads that origin (0.15-0.2 s a path). The session is in
    the cookies; the console page is the only origin worth its storage.
    """
    origins = []
    try:
        origin, items = page.evaluate("() => [location.origin, Object.entries(localStorage)]")
    except PlaywrightError:  # no storage to read (an opaque origin, a closing page): cookies only
        items = []
    if items:
        origins.append({"origin": origin, "localStorage": [{"name": k, "value": v} for k, v in items]})
    return {"cookies": page.context.cookies(), "origins": origins}


def save_session(page: Page, path: Path) -> None:
    """Write the session of ``page``'s context to ``path`` (0600, atomically, in a 0700 folder)."""
    ensure_private_dir(path.parent, STEP, "pass --keys-dir with a folder only you can open")
    data = json.dumps(session_state(page), sort_keys=True).encode()
    replace_file(path, data, STEP)
