"""Redaction: secrets are masked in the DOM before capture, and the after-capture check finds leftovers."""

from __future__ import annotations

import secrets as random_source

from playwright.sync_api import Page

from automation.redaction import (
    EXAMPLE_ACCOUNT_DASHED,
    EXAMPLE_EMAIL,
    EXAMPLE_KEY_ID,
    EXAMPLE_SECRET,
    MASK,
    Redactor,
)

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"


def fake_key_id() -> str:
    return "AKIA" + "".join(random_source.choice(BASE32) for _ in range(16))


def fake_secret() -> str:
    body = "".join(random_source.choice(BASE64) for _ in range(39))
    return body + "7"  # at least one digit, as real secrets have


def test_page_is_masked_and_clean(page: Page) -> None:
    key_id, secret = fake_key_id(), fake_secret()
    page.set_content(
        f"""<div id=k>{key_id}</div><div id=s>{secret}</div>
        <div id=a>Account ID: 9876-5432-1098</div><div id=arn>arn:aws:iam::987654321098:user/x</div>
        <div id=e>root.person@corp.example.org</div><input id=i value="{secret}">
        <span id=t title="{key_id}">tip</span><div id=p>pw: Tr0ub4dor&amp;3-horse</div>"""
    )
    redactor = Redactor(["Tr0ub4dor&3-horse", "987654321098"])
    assert redactor.page_leaks(page), "the unmasked page must be reported"
    redactor.redact_page(page)
    assert page.inner_text("#k") == EXAMPLE_KEY_ID
    assert page.inner_text("#s") == EXAMPLE_SECRET
    assert page.inner_text("#a") == f"Account ID: {EXAMPLE_ACCOUNT_DASHED}"
    assert "987654321098" not in page.inner_text("#arn")
    assert page.inner_text("#e") == EXAMPLE_EMAIL
    assert page.input_value("#i") == EXAMPLE_SECRET
    assert page.get_attribute("#t", "title") == EXAMPLE_KEY_ID
    assert page.inner_text("#p") == f"pw: {MASK}"
    assert redactor.page_leaks(page) == []


def test_leak_report_never_contains_the_value() -> None:
    secret = fake_secret()
    leaks = Redactor([secret]).find_leaks(f"here: {secret}")
    assert leaks
    assert all(secret not in leak.hint for leak in leaks)


def test_text_redaction_for_logs() -> None:
    key_id = fake_key_id()
    text = Redactor(["s3cr3t-pass"]).redact_text(f"key {key_id} pass s3cr3t-pass")
    assert key_id not in text and "s3cr3t-pass" not in text and EXAMPLE_KEY_ID in text


def test_added_secret_is_masked_later(page: Page) -> None:
    redactor = Redactor()
    page.set_content("<p>token: zz-download-only-value</p>")
    assert redactor.page_leaks(page) == []
    redactor.add("zz-download-only-value")
    assert redactor.page_leaks(page)
    redactor.redact_page(page)
    assert "zz-download-only-value" not in page.inner_text("p")
