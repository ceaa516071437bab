"""The nine final pages of the tutorial on a replica served on localhost, and a signed-in state for it.

``python -m automation.replica serve`` runs in its own process (as a reader would start it); the
signed-in storage state is made once, untimed, by signing in as the root user through the project's
sign-in page object. The peers (shot-scraper, the floor script) then only load pages and screenshot.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
VIEWPORT = (1280, 800)

# Where each of the nine tutorial images is taken (the page URL at capture time; paths of both flows).
FINAL_PAGES = (
    ("root-menu.png", "/console/home?region=us-east-1"),
    ("root-security-credentials.png", "/iam/home?region=us-east-1#/security_credentials"),
    ("root-expanded-credentials-page.png", "/iam/home?region=us-east-1#/security_credentials"),
    ("root-download-new-keys.png", "/iam/home?region=us-east-1#/security_credentials/access-key-wizard"),
    ("iam-services-page.png", "/console/home?region=us-east-1"),
    ("iam-iam-page.png", "/iam/home?region=us-east-1#/home"),
    (
        "iam-security-credentials-page.png",
        "/iam/home?region=us-east-1#/users/details/course-author?section=security_credentials",
    ),
    ("iam-create-key-page.png", "/iam/home?region=us-east-1#/users/details/course-author/create-access-key"),
    (
        "iam-download-credentials-page.png",
        "/iam/home?region=us-east-1#/users/details/course-author/create-access-key",
    ),
)

# The same "page is drawn" test for every peer: the app rendered its main heading.
READY_JS = "document.querySelector('#root h1') !== null"


@dataclass
class ServedReplica:
    """A running ``python -m automation.replica serve`` process."""

    process: subprocess.Popen[str]
    origin: str

    def urls(self) -> list[tuple[str, str]]:
        """(image name, absolute URL) of the nine final pages."""
        return [(name, self.origin + path) for name, path in FINAL_PAGES]

    def stop(self) -> None:
        """End the server process."""
        self.process.terminate()
        self.process.wait(timeout=10)


def serve_replica() -> ServedReplica:
    """Start the replica's serve command on a free port and wait for its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "automation.replica", "serve", "--port", "0", "--quiet"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not match:
        process.kill()
        raise SystemExit(f"replica serve did not start: {line!r}")
    return ServedReplica(process, match.group(1))


def sign_in_state(replica: ServedReplica, path: Path) -> Path:
    """Sign in as the replica's root user (untimed) and write the storage state to ``path`` (0600)."""
    sys.path.insert(0, str(PROJECT))
    from playwright.sync_api import expect

    from automation.browser import launch_chromium
    from automation.pages import Console, Credentials
    from automation.settings import load_settings

    settings = load_settings(None, offline=True)
    expect.set_options(timeout=30_000)  # untimed set-up: a loaded machine must not fail it at 5 s
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]})
        page = context.new_page()
        page.goto(replica.origin + FINAL_PAGES[0][1])
        console = Console(page)
        import pyotp

        console.sign_in.sign_in(
            Credentials(
                email=settings.root_email,
                password=settings.root_password,
                mfa_code=pyotp.TOTP(settings.root_mfa_seed).now,
            ),
            console_reached=console.top_bar.console_home,
            person_present=False,
        )  # returns once Console Home shows
        path.touch(mode=0o600)
        path.write_text(json.dumps(context.storage_state()))
        browser.close()
    return path
