"""Volatile text is normalized before capture: dates, times and relative times that the browser's own
Intl formatter (ICU, not this project) writes for any instant and time zone all become one text."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from automation.context import FROZEN_TIME
from automation.redaction import Redactor
from automation.volatile import (
    EXAMPLE_ACCOUNT_ALIAS,
    EXAMPLE_ACCOUNT_NAME,
    EXAMPLE_AGE,
    EXAMPLE_AGO,
    EXAMPLE_CANONICAL_ID,
    EXAMPLE_INSTANT,
    EXAMPLE_NOT_USED,
    EXAMPLE_REQUEST_ID,
    FIELD_RULES,
    NORMALIZE_JS,
    TEXT_RULES,
    normalize_text,
    page_arguments,
)

ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati", "Europe/Berlin", "Pacific/Niue"]


def intl(options: dict[str, str], locale: str = "en-US") -> str:
    """A JavaScript expression formatting `d` in zone `tz` with Intl.DateTimeFormat and ``options``."""
    arguments = f"{json.dumps(locale)}, {{ ...{json.dumps(options)}, timeZone: tz }}"
    return f"new Intl.DateTimeFormat({arguments}).format(d)"


H23 = {"hour": "2-digit", "minute": "2-digit", "hourCycle": "h23"}
# Each format as the browser writes it: (name, JavaScript expression of `d` (a Date) and `tz` (a zone)).
FORMATS: list[tuple[str, str]] = [
    ("toISOString", "d.toISOString()"),
    ("toUTCString", "d.toUTCString()"),
    ("toLocaleString", "d.toLocaleString('en-US', { timeZone: tz })"),
    ("toLocaleDateString", "d.toLocaleDateString('en-US', { timeZone: tz })"),
    ("long date, short time", intl({"dateStyle": "long", "timeStyle": "short"})),
    ("medium date and time", intl({"dateStyle": "medium", "timeStyle": "medium"})),
    ("full date", intl({"dateStyle": "full"})),
    ("full date and long time", intl({"dateStyle": "full", "timeStyle": "long"})),
    (
        "24 h with offset",
        intl({"month": "long", "day": "2-digit", "year": "numeric", **H23, "timeZoneName": "longOffset"}),
    ),
    (
        "short month, 24 h, zone",
        intl({"month": "short", "day": "numeric", "year": "numeric", **H23, "timeZoneName": "short"}),
    ),
    ("day month year (en-GB)", intl({"day": "numeric", "month": "long", "year": "numeric"}, "en-GB")),
    ("time of day", "'Last updated ' + d.toLocaleTimeString('en-US', { timeZone: tz })"),
    (
        "in a sentence",
        "'Created on ' + " + intl({"month": "short", "day": "numeric", "year": "numeric"}) + " + ' by root.'",
    ),
]


def instants(count: int) -> list[datetime]:
    """Random instants over five years, and the example instant itself."""
    rng = random.Random(19)
    start = datetime(2022, 1, 1, tzinfo=UTC)
    seconds = 5 * 365 * 86400
    return [EXAMPLE_INSTANT] + [start + timedelta(seconds=rng.randrange(seconds)) for _ in range(count)]


def in_page(page: Page, expression: str, cases: list[dict[str, Any]]) -> list[dict[str, str]]:
    """For each case, what the browser writes (``expression``) and that text once normalized."""
    return page.evaluate(
        f"""([args, cases]) => {{
          const normalizer = ({NORMALIZE_JS})(args);
          return cases.map(({{ ms, tz, value, unit, numeric }}) => {{
            const d = new Date(ms);
            const written = String({expression});
            return {{ written, normalized: normalizer.text(written) }};
          }});
        }}""",
        [page_arguments(), cases],
    )


@pytest.mark.parametrize(("name", "expression"), FORMATS, ids=[name for name, _ in FORMATS])
def test_every_instant_in_every_zone_gives_one_text(page: Page, name: str, expression: str) -> None:
    cases = [{"ms": when.timestamp() * 1000, "tz": zone} for when in instants(40) for zone in ZONES]
    results = in_page(page, expression, cases)
    normalized = {r["normalized"] for r in results}
    assert len(normalized) == 1, f"{name}: {sorted(normalized)[:4]}"
    text = normalized.pop()
    assert "2026" in text or "10:00:00 AM" in text, text
    assert len({r["written"] for r in results}) > 30, "the inputs really differ"
    for result in results:  # the Python rules agree with the page's
        assert normalize_text(result["written"]) == text


def test_relative_times_written_by_intl_all_become_one_text(page: Page) -> None:
    cases = [
        {"unit": unit, "value": -value, "numeric": numeric}
        for unit in ("second", "minute", "hour", "day", "week", "month", "year")
        for value in (*range(0, 61), 90, 400)
        for numeric in ("auto", "always")
        if value or numeric == "auto"
    ]
    expression = "new Intl.RelativeTimeFormat('en', { numeric }).format(value, unit)"
    results = [r for r in in_page(page, expression, cases) if not r["written"].startswith("this ")]
    assert {r["normalized"] for r in results} == {EXAMPLE_AGO}, [
        r["written"] for r in results if r["normalized"] != EXAMPLE_AGO
    ][:5]
    assert {"now", "today", "yesterday", "last week", "2 days ago"} <= {r["written"] for r in results}


def test_the_example_instant_is_the_frozen_clock() -> None:
    assert EXAMPLE_INSTANT == FROZEN_TIME


@pytest.mark.parametrize(
    "text",
    [
        "Updated 45 days ago",
        "Used yesterday",
        "Logged in a few seconds ago",
        "© 2008 - 2025, Amazon Web Services, Inc. or its affiliates.",
        "Request ID: 1f2e3d4c-aaaa-bbbb-cccc-0123456789ab",
        "RequestId=4442587FB7D0A2F9",
        "arn:aws:iam::aws:policy/x 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2bf",
        "September 02, 2025, 09:30 (UTC-08:00)",
        "2025-06-10 14:07 PST",
    ],
)
def test_volatile_text_is_replaced_and_stays_replaced(text: str) -> None:
    once = normalize_text(text)
    assert once != text
    assert normalize_text(once) == once  # a page is normalized again after each late render


@pytest.mark.parametrize(
    "text",
    [
        "Version 2012-10-17",
        "You can have a maximum of two access keys (active or inactive) at a time.",
        "This access key is inactive. You can now delete it.",
        "Max session duration 1 hour",
        "Now you can create a key",
        "us-east-1",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert normalize_text(text) == text


def test_examples_are_the_documented_ones() -> None:
    assert normalize_text(f"Request ID: {EXAMPLE_REQUEST_ID}") == f"Request ID: {EXAMPLE_REQUEST_ID}"
    assert normalize_text(EXAMPLE_CANONICAL_ID) == EXAMPLE_CANONICAL_ID
    assert all(rule.name for rule in TEXT_RULES)


FIELDS_PAGE = """
<table id=keys>
  <thead><tr><th></th><th>Access key ID</th><th>Created</th><th>Access key last used</th>
    <th>Region last used</th><th>Service last used</th><th>Status</th></tr></thead>
  <tbody><tr><td><input type=radio></td><td>AKIAIOSFODNN7EXAMPLE</td><td>3 days ago</td><td>Never</td>
    <td><span>us-west-2</span></td><td>sts</td><td>Active</td></tr></tbody>
</table>
<div class=cols>
  <div><div class=label>Last console sign-in</div><div id=signin>Never</div></div>
  <div><div class=label>Console password</div><div id=password>Updated today</div></div>
</div>
<dl><dt>Password age</dt><dd id=age>45 days</dd><dt>Path</dt><dd id=path>/</dd></dl>
<table><thead><tr><th>User name</th><th>Active key age</th></tr></thead>
  <tbody><tr><td>ci-deployer</td><td id=keyage>219 days</td></tr></tbody></table>
"""


def test_values_are_normalized_by_their_label_and_put_back(page: Page) -> None:
    page.set_content(FIELDS_PAGE)
    before = page.inner_text("body")
    Redactor().redact_page(page)
    cells = page.locator("#keys tbody td").all_inner_texts()
    assert cells[1:] == ["AKIAIOSFODNN7EXAMPLE", EXAMPLE_AGO, *[EXAMPLE_NOT_USED] * 3, "Active"]
    assert page.locator("#keys th").all_inner_texts()[3:6] == [
        "Access key last used",
        "Region last used",
        "Service last used",
    ]  # the labels themselves are kept
    assert page.inner_text("#signin") == EXAMPLE_AGO
    assert page.inner_text("#password") == f"Updated {EXAMPLE_AGO}"
    assert page.inner_text("#age") == EXAMPLE_AGE
    assert page.inner_text("#keyage") == EXAMPLE_AGE
    assert page.inner_text("#path") == "/"
    Redactor().restore_page(page)
    assert page.inner_text("body") == before


def test_normalizing_can_be_switched_off(page: Page) -> None:
    page.set_content(FIELDS_PAGE)
    Redactor(normalize=False).redact_page(page)
    assert page.inner_text("#signin") == "Never"
    assert page.inner_text("#keys tbody td:nth-child(3)") == "3 days ago"


ACCOUNT_PAGE = """
<nav><button id=nav-usernameMenu>{label}<span aria-hidden=true>\u25bc</span></button></nav>
<p id=link>https://course-sandbox.signin.aws.amazon.com/console</p>
<p id=name>Account name: Course Sandbox</p>
<p id=other>Bucket course-sandbox-logs, user course-author</p>
"""


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("course-author @ course-sandbox", f"course-author @ {EXAMPLE_ACCOUNT_ALIAS}"),
        ("Course Sandbox", EXAMPLE_ACCOUNT_NAME),
    ],
)
def test_the_account_name_the_menu_shows_is_normalized_everywhere(page: Page, label: str, shown: str) -> None:
    page.set_content(ACCOUNT_PAGE.format(label=label))
    Redactor().redact_page(page)
    assert page.inner_text("#nav-usernameMenu").startswith(shown)
    other = page.inner_text("#other")
    assert other == "Bucket course-sandbox-logs, user course-author"  # other names, and longer words, stay
    if "@" in label:
        assert page.inner_text("#link") == f"https://{EXAMPLE_ACCOUNT_ALIAS}.signin.aws.amazon.com/console"
    else:
        assert page.inner_text("#name") == f"Account name: {EXAMPLE_ACCOUNT_NAME}"


def test_the_alias_the_run_signs_in_with_is_normalized_without_a_menu(page: Page) -> None:
    page.set_content("<p id=link>https://course-sandbox.signin.aws.amazon.com/console</p>")
    redactor = Redactor()
    assert redactor.volatile is not None
    redactor.volatile.add_names("course-sandbox", "123456789012")  # an account id is a secret, not a name
    redactor.redact_page(page)
    assert page.inner_text("#link") == f"https://{EXAMPLE_ACCOUNT_ALIAS}.signin.aws.amazon.com/console"
    assert redactor.volatile.names == ["course-sandbox"]


def test_the_readme_lists_every_rule() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Deterministic images") :].split("\n## ")[0]
    for rule in (*TEXT_RULES, *FIELD_RULES):
        assert rule.name in section, rule.name
