"""The classic edition's pages: served by the same router at the real console URLs, on the same API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from automation.keys import parse_key_file
from automation.keys.model import KeyFileFormat
from automation.replica import FakeIam, Replica
from automation.resources import classic_pages, replica_dist

from .helpers import CONSOLE, SIGNIN, ApiClient
from .test_browser import sign_in_root

ROOT_PAGE = f"{CONSOLE}/iam/home?region=us-east-1#security_credential"
SECTION = "Access Keys (Access Key ID and Secret Access Key)"


def classic(*faults: str) -> Replica:
    return Replica(FakeIam(seed=0), faults=frozenset(faults), edition="classic", assets_dir=replica_dist())


# -- router ---------------------------------------------------------------------------------------


def test_console_pages_get_the_classic_shell_and_sign_in_stays_shared() -> None:
    client = ApiClient(classic())
    client.sign_in_root()
    for path in ("/console/home?region=us-east-1", "/iam/home", "/iamv2/home"):
        page = client.request("GET", f"{CONSOLE}{path}").body.decode()
        assert '<script src="/__replica/classic/classic.js">' in page, path
        assert "replica.js" not in page and '"edition": "classic"' in page
    signin = client.request("GET", f"{SIGNIN}/signin").body.decode()
    assert '<script src="/__replica/assets/signin.js">' in signin  # the current sign-in pages


def test_current_edition_never_serves_the_classic_pages() -> None:
    client = ApiClient(Replica(FakeIam(seed=0), assets_dir=replica_dist()))
    client.sign_in_root()
    page = client.request("GET", f"{CONSOLE}/console/home?region=us-east-1").body.decode()
    assert "classic.js" not in page and "/__replica/assets/replica.js" in page


def test_classic_files_are_served_and_only_from_their_folder() -> None:
    replica = classic()
    for name, kind in (("classic.js", "text/javascript"), ("classic.css", "text/css")):
        answer = replica.handle("GET", f"{CONSOLE}/__replica/classic/{name}", {})
        assert answer.status == 200 and kind in (answer.header("content-type") or ""), name
    missing = replica.handle("GET", f"{CONSOLE}/__replica/classic/nope.js", {})
    assert missing.status == 404 and b"Reinstall aws-console-flows" in missing.body
    escape = replica.handle("GET", f"{CONSOLE}/__replica/classic/../dist/replica.js", {})
    assert escape.status == 404


def test_classic_css_uses_the_bundled_font_only() -> None:
    css = (classic_pages() / "classic.css").read_text()
    fonts = re.findall(r"url\('([^']+)'\)", css)
    assert fonts and all(f.startswith("/__replica/assets/open-sans-") for f in fonts)
    for font in fonts:
        assert (replica_dist() / font.rsplit("/", 1)[1]).is_file()


# -- pages in Chromium ----------------------------------------------------------------------------


def open_root_keys(page: Page) -> None:
    sign_in_root(page)
    page.goto(ROOT_PAGE)
    page.get_by_role("button", name="Continue to Security Credentials").click()
    page.get_by_role("button", name=SECTION).click()
    expect(page.get_by_role("columnheader", name="Access Key ID")).to_be_visible()


@pytest.mark.browser
def test_root_create_at_two_keys_is_refused_with_a_message(context: BrowserContext, page: Page) -> None:
    replica = classic("two-keys")
    replica.attach(context)
    open_root_keys(page)
    keys = page.get_by_role("row").filter(has_text=re.compile(r"AKIA[A-Z2-7]{16}"))
    expect(keys).to_have_count(2)
    page.get_by_role("button", name="Create New Access Key").click()
    expect(page.get_by_role("alert")).to_contain_text("maximum of two access keys")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert replica.created_key_ids == []
    expect(keys).to_have_count(2)
    assert replica.unknown_requests == []


@pytest.mark.browser
def test_root_create_makes_the_key_at_once_and_downloads_the_legacy_file(
    context: BrowserContext, page: Page
) -> None:
    replica = classic()
    replica.attach(context)
    open_root_keys(page)
    page.get_by_role("button", name="Create New Access Key").click()
    dialog = page.get_by_role("dialog", name="Create Access Key")
    expect(dialog).to_be_visible()
    assert len(replica.created_key_ids) == 1  # created by the click, before Show or Download
    show = dialog.get_by_role("button", name="Show Access Key")
    show.click()
    expect(dialog.get_by_role("button", name="Hide Access Key")).to_have_attribute("aria-expanded", "true")
    expect(dialog).to_contain_text(replica.created_key_ids[0])
    with page.expect_download() as info:
        dialog.get_by_role("button", name="Download Key File").click()
    download = info.value
    assert download.suggested_filename == "rootkey.csv"
    key = parse_key_file(Path(download.path()).read_bytes(), download.suggested_filename)
    assert key.format is KeyFileFormat.LEGACY_ROOT and key.access_key_id == replica.created_key_ids[0]


@pytest.mark.browser
def test_iam_manage_access_keys_disables_create_at_two_keys(context: BrowserContext, page: Page) -> None:
    replica = classic("two-keys")
    replica.attach(context)
    sign_in_root(page)
    page.goto(f"{CONSOLE}/iam/home?region=us-east-1#users/course-author?section=security_credentials")
    page.get_by_role("tabpanel").get_by_role("button", name="Manage Access Keys").click()
    dialog = page.get_by_role("dialog", name="Manage Access Keys")
    expect(dialog).to_contain_text("maximum of two access keys")
    expect(dialog.get_by_role("button", name="Create Access Key")).to_be_disabled()
    assert replica.created_key_ids == []
