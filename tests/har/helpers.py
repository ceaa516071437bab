"""Builders for small synthetic HAR files (Playwright's layout: name/value header lists)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SIGNIN = "https://signin.aws.amazon.com"
CONSOLE = "https://us-east-1.console.aws.amazon.com"
API = f"{CONSOLE}/__replica/api"


def entry(
    method: str,
    url: str,
    *,
    request_headers: Iterable[tuple[str, str]] = (),
    post: tuple[str, str] | None = None,
    status: int = 200,
    response_headers: Iterable[tuple[str, str]] = (),
    body: str | Any = "",
    mime: str = "application/json",
    encoding: str | None = None,
    resource_type: str | None = None,
    failure: str | None = None,
) -> dict[str, Any]:
    """One HAR entry; a non-string `body` is dumped as JSON."""
    text = body if isinstance(body, str) else json.dumps(body)
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/2.0",
        "cookies": [],
        "headers": [{"name": k, "value": v} for k, v in request_headers],
        "queryString": [],
        "headersSize": -1,
        "bodySize": -1,
    }
    if post is not None:
        request["postData"] = {"mimeType": post[0], "text": post[1], "params": []}
    content: dict[str, Any] = {"size": len(text), "mimeType": mime, "text": text}
    if encoding:
        content["encoding"] = encoding
    response: dict[str, Any] = {
        "status": status,
        "statusText": "",
        "httpVersion": "HTTP/2.0",
        "cookies": [],
        "headers": [{"name": k, "value": v} for k, v in response_headers],
        "content": content,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    }
    if failure:
        response["_failureText"] = failure
    item: dict[str, Any] = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 1.0,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": -1, "wait": -1, "receive": 1.0},
    }
    if resource_type:
        item["_resourceType"] = resource_type
        item["_frameref"] = "frame@main"
    return item


def har(*entries: dict[str, Any]) -> dict[str, Any]:
    """A HAR document holding `entries`."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "Playwright", "version": "1.65.1"},
            "browser": {"name": "chromium", "version": "156"},
            "pages": [],
            "entries": list(entries),
        }
    }


def page(url: str, html: str) -> dict[str, Any]:
    """A recorded HTML page."""
    return entry("GET", url, body=html, mime="text/html", resource_type="document")


def dumped(document: Any) -> str:
    """Every string in the HAR, one per line, to search for values that must be gone."""
    if isinstance(document, str):
        return document
    if isinstance(document, dict):
        return "\n".join(dumped(value) for value in document.values())
    if isinstance(document, list):
        return "\n".join(dumped(item) for item in document)
    return ""
