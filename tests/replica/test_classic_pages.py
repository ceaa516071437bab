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


def test_classic_css_uses_only_the_fonts_shipped_with_the_pages() -> None:
    """Arimo (Helvetica/Arial metrics) and Tinos (Times), OFL, served from the classic folder."""
    css = (classic_pages() / "classic.css").read_text()
    fonts = re.findall(r"url\('([^']+)'\)", css)
    assert sorted({f.rsplit("/", 1)[1].split("-")[0] for f in fonts}) == ["arimo", "tinos"]
    replica = classic()
    for font in fonts:
        assert font.startswith("/__replica/classic/fonts/"), font
        answer = replica.handle("GET", f"{CONSOLE}{font}", {})
        assert answer.status == 200 and answer.header("content-type") == "font/woff2", font
        assert answer.body[:4] == b"wOF2", font
    for licence in ("OFL-Arimo.txt", "OFL-Tinos.txt"):
        assert "SIL Open Font License" in (classic_pages() / "fonts" / licence).read_text()
    families = set(re.findall(r"font-family:\s*([^;]+);", css))
    assert all(f.split(",")[0].strip(" '\"") in {"Arimo", "Tinos", "inherit"} for f in families), families


def test_the_iam_user_starts_with_one_active_key_in_the_classic_edition_only() -> None:
    """As in the tutorial's images: Manage Access Keys lists the user's existing key before the run."""
    iam = FakeIam(seed=0)
    Replica(iam, edition="classic", assets_dir=replica_dist())
    [key] = iam.list_access_keys("course-author")
    assert key.status == "Active" and key.create_date < iam.clock.now()
    assert iam.list_access_keys(None) == []  # the root user has none (its images show an empty table)
    current = FakeIam(seed=0)
    Replica(current, assets_dir=replica_dist())
    assert current.list_access_keys("course-author") == []
    with_fault = FakeIam(seed=0)
    Replica(with_fault, faults=frozenset({"two-keys"}), edition="classic", assets_dir=replica_dist())
    assert len(with_fault.list_access_keys("course-author")) == 2


# -- pages in Chromium ----------------------------------------------------------------------------


def open_root_keys(page: Page) -> None:
    sign_in_root(page)
    page.goto(ROOT_PAGE)
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


# -- what the tutorial's published images show (January 2014), transcribed as text -----------------

IAM_USERS_PAGE = f"{CONSOLE}/iam/home?region=us-east-1#users"
PUBLISHED_TEXT = {
    "console home (iam-services-page.png)": (
        f"{CONSOLE}/console/home?region=us-east-1",
        None,
        [
            "Amazon Web Services",
            "Compute & Networking",
            "Storage & Content Delivery",
            "Database",
            "Deployment & Management",
            "Analytics",
            "App Services",
            "Secure AWS Access Control",
            "Virtual Servers in the Cloud",
            "Managed Relational Database Service",
            "Message Queue Service",
        ],
    ),
    "IAM dashboard (iam-iam-page.png)": (
        f"{CONSOLE}/iam/home?region=us-east-1#home",
        None,
        [
            "Getting Started",
            "Dashboard",
            "Details",
            "Groups",
            "Users",
            "Roles",
            "Identity Providers",
            "Password Policy",
            "Create a New Group of Users",
            "What Are Users?",
            "What Are Groups?",
            "What Are Permissions?",
            "What Are Roles?",
            "Security Status",
            "IAM Resources",
        ],
    ),
    "root credentials (root-security-credentials.png)": (
        ROOT_PAGE,
        None,
        [
            "Your Security Credentials",
            "Password",
            "Multi-Factor Authentication (MFA)",
            SECTION,
            "CloudFront Key Pairs",
            "X.509 Certificates",
            "Account Identifiers",
            "IAM Console",
            "AWS Security Credentials",
        ],
    ),
    "root access keys (root-expanded-credentials-page.png)": (
        ROOT_PAGE,
        SECTION,
        [
            "Note: You can have a maximum of two access keys (active or inactive) at a time.",
            "Created",
            "Deleted",
            "Access Key ID",
            "Status",
            "Actions",
            "Create New Access Key",
            "If you must retrieve existing secret access keys:",
        ],
    ),
    "users (iam-security-credentials-page.png)": (
        f"{CONSOLE}/iam/home?region=us-east-1#users/course-author?section=security_credentials",
        None,
        [
            "Create New Users",
            "User Actions",
            "Viewing:",
            "User Name",
            "Groups",
            "Password",
            "Access Keys",
            "Creation Time",
            "1 Users Selected",
            "User: course-author",
            "Permissions",
            "Security Credentials",
            "Summary",
            "Access Credentials",
            "Access Keys:",
            "Active",
            "Manage Access Keys",
            "Sign-In Credentials",
            "User Name:",
            "Password:",
            "Manage Password",
        ],
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PUBLISHED_TEXT))
def test_classic_pages_show_the_text_of_the_published_images(
    name: str, context: BrowserContext, page: Page
) -> None:
    url, expand, phrases = PUBLISHED_TEXT[name]
    replica = classic()
    replica.attach(context)
    sign_in_root(page)
    page.goto(url)
    if expand:
        page.get_by_role("button", name=expand).click()
        expect(page.get_by_role("columnheader", name="Access Key ID")).to_be_visible()
    for phrase in phrases:
        expect(page.get_by_text(phrase, exact=True).filter(visible=True).first, phrase).to_be_visible()
    assert replica.unknown_requests == []


@pytest.mark.browser
def test_the_name_menu_and_the_key_dialogs_read_as_in_the_published_images(
    context: BrowserContext, page: Page
) -> None:
    replica = classic()
    replica.attach(context)
    sign_in_root(page)
    page.goto(f"{CONSOLE}/iam/home?region=us-east-1#home")  # root-menu.png: the menu over IAM
    page.locator("#nav-usernameMenu").click()
    menu = page.get_by_role("menu")
    items = ["My Account", "Billing & Cost Management", "Security Credentials", "Sign Out"]
    expect(menu.get_by_role("menuitem")).to_have_text(items)
    for label in ("Services", "Edit", "Global", "Help"):
        expect(
            page.get_by_role("navigation", name="AWS Console").get_by_text(label, exact=True)
        ).to_be_visible()

    page.goto(f"{CONSOLE}/iam/home?region=us-east-1#users/course-author?section=security_credentials")
    page.get_by_role("tabpanel").get_by_role("button", name="Manage Access Keys").click()
    dialog = page.get_by_role("dialog", name="Manage Access Keys")
    for phrase in (
        "Use access keys to make secure REST or Query protocol requests to any AWS service API.",
        "Learn more about Access Keys",
    ):
        expect(dialog.get_by_text(phrase, exact=True)).to_be_visible()
    expect(dialog.get_by_role("row").filter(has_text=re.compile(r"AKIA[A-Z2-7]{16}"))).to_have_count(1)
    expect(dialog).to_contain_text("Active ( Make Inactive | Delete )")
    dialog.get_by_role("button", name="Create Access Key").click()
    for phrase in (
        "Your access key has been created successfully.",
        "This is the last time these User security credentials will be available for download.",
        "You can manage and recreate these credentials any time.",
    ):
        expect(dialog.get_by_text(phrase, exact=True)).to_be_visible()
    for label in ("Show User Security Credentials", "Download Credentials", "Close Window"):
        expect(dialog.get_by_role("button", name=label, exact=True)).to_be_visible()
    assert len(replica.created_key_ids) == 1
