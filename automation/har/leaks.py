"""The last check before a recording is written: is anything secret-looking left?

`find_leaks` does not trust the scrubber. It reads every string in the HAR (any field, decoded
views too) for secret shapes, secret-named pairs and the caller's known secrets, and checks the
structured places (cookies, secret headers, secret-named query, form and JSON fields) hold only
placeholders. Messages name the kind and the place, never the value.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .encodings import body_fields, decode_base64_text, form_pairs, is_textual, variant_pattern, variants
from .kinds import Kind, contains_only_placeholders, is_any_placeholder, is_safe
from .names import Side, classify_field
from .patterns import KEY_ID_RE, find_named_values, find_shapes, is_code, shape_of, views

#: Known secrets shorter than this are not searched for (too many false alarms).
MIN_KNOWN = 4
_NAMED_LISTS = frozenset({"headers", "cookies", "queryString", "params"})


@dataclass(frozen=True)
class Leak:
    """A secret-looking value left in a HAR: what kind, and where (never the value)."""

    kind: Kind
    where: str
    entry_index: int | None = None
    method: str | None = None
    url: str | None = None

    def describe(self) -> str:
        """``access key id in entry 3 (GET https://…/access-keys) at response.content.text``."""
        if self.entry_index is None:
            return f"{self.kind.label} at {self.where}"
        request = f" ({self.method} {self.url})" if self.url else ""
        return f"{self.kind.label} in entry {self.entry_index}{request} at {self.where}"


class _Scanner:
    """Collects leaks, one per kind and place."""

    def __init__(self, known_secrets: Iterable[str]) -> None:
        self.leaks: dict[tuple[Kind, str, int | None], Leak] = {}
        cs: list[str] = []
        ci: list[str] = []
        for secret in known_secrets:
            secret = secret.strip() if isinstance(secret, str) else ""
            if len(secret) >= MIN_KNOWN and not is_any_placeholder(secret):
                kind = shape_of(secret) or Kind.SECRET
                forms = [form for form, _ in variants(secret, kind) if len(form) >= MIN_KNOWN]
                (ci if kind is Kind.EMAIL else cs).extend(forms)
        self._known = variant_pattern(cs) if cs else None
        self._known_ci = variant_pattern(ci, re.IGNORECASE) if ci else None
        self._entry: tuple[int, str, str] | None = None

    def add(self, kind: Kind, where: str) -> None:
        index, method, url = self._entry if self._entry else (None, None, None)
        self.leaks.setdefault((kind, where, index), Leak(kind, where, index, method, url))

    def scan_har(self, har: Any) -> None:
        log = har.get("log") if isinstance(har, dict) else None
        entries = log.get("entries") if isinstance(log, dict) else None
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                self._entry = (index, *_request_line(entry, self))
                self.check_entry(entry)
                self.walk(entry, "")
            self._entry = None
        self.walk(har, "", skip_entries=True)

    # -- any string anywhere ---------------------------------------------------------------

    def walk(self, data: Any, where: str, skip_entries: bool = False, named: bool = True) -> None:
        """Check every string below `data`; `where` is its dotted path; `named` is False inside
        scripts and style sheets (see `is_code`)."""
        if isinstance(data, str):
            self.check_text(data, where, named=named)
        elif isinstance(data, dict):
            if "encoding" in data and data.get("encoding") == "base64" and "text" in data:
                self.check_base64(data, where)
            for name, value in data.items():
                if skip_entries and name == "entries" and where == "log":
                    continue
                if name == "text" and data.get("encoding") == "base64":
                    continue
                if name == "value" and where.endswith("]"):
                    path = where  # request.headers[Cookie], not request.headers[Cookie].value
                else:
                    path = f"{where}.{name}" if where else name
                code = name == "text" and is_code(str(data.get("mimeType", "")))
                self.walk(value, path, skip_entries, named and not code)
        elif isinstance(data, list):
            parent = where.rsplit(".", 1)[-1]
            for index, item in enumerate(data):
                label = index
                if parent in _NAMED_LISTS and isinstance(item, dict) and "name" in item:
                    label = item["name"]
                self.walk(item, f"{where}[{label}]", skip_entries, named)

    def check_text(self, text: str, where: str, side: Side = Side.RESPONSE, named: bool = True) -> None:
        for view in views(text):
            for finding in find_shapes(view):
                self.add(finding.kind, where)
            for finding in find_named_values(view, side) if named else ():
                self.add(finding.kind, where)
            self.check_known(view, where)

    def check_known(self, text: str, where: str) -> None:
        known = [p for p in (self._known, self._known_ci) if p is not None]
        if any(pattern.search(text) for pattern in known):
            self.add(Kind.SECRET, f"{where} (a value given in known_secrets)")

    def check_base64(self, content: dict[str, Any], where: str) -> None:
        """Base64 bodies: text types are decoded and read; binary ones are searched for key
        ids and known secrets only."""
        text = content.get("text")
        if not isinstance(text, str):
            return
        place = f"{where}.text" if where else "text"
        decoded = decode_base64_text(text) if is_textual(str(content.get("mimeType", ""))) else None
        if decoded is not None:
            self.check_text(decoded, place, named=not is_code(str(content.get("mimeType", ""))))
            self.check_body(decoded, str(content.get("mimeType", "")), place, Side.RESPONSE)
            return
        try:
            raw = base64.b64decode(text, validate=False).decode("latin-1")
        except (binascii.Error, ValueError):
            return
        if KEY_ID_RE.search(raw):
            match = KEY_ID_RE.search(raw)
            if match and not is_safe(Kind.ACCESS_KEY_ID, match.group()):
                self.add(Kind.ACCESS_KEY_ID, place)
        self.check_known(raw, place)

    # -- structured places -----------------------------------------------------------------

    def check_entry(self, entry: Any) -> None:
        if not isinstance(entry, dict):
            return
        for side_name, side in (("request", Side.REQUEST), ("response", Side.RESPONSE)):
            part = entry.get(side_name)
            if not isinstance(part, dict):
                continue
            self.check_headers(part.get("headers"), f"{side_name}.headers")
            self.check_cookies(part.get("cookies"), f"{side_name}.cookies")
            self.check_pairs(part.get("queryString"), f"{side_name}.queryString", Side.REQUEST)
            for url_field in ("url", "redirectURL"):
                url = part.get(url_field)
                if isinstance(url, str) and "?" in url:
                    query = url.split("?", 1)[1].split("#", 1)[0]
                    self.check_fields(form_pairs(query), f"{side_name}.{url_field}", Side.REQUEST)
            post = part.get("postData")
            if isinstance(post, dict):
                self.check_pairs(post.get("params"), f"{side_name}.postData.params", side)
                self.check_body(post.get("text"), post.get("mimeType"), f"{side_name}.postData.text", side)
            content = part.get("content")
            if isinstance(content, dict) and content.get("encoding") != "base64":
                self.check_body(
                    content.get("text"), content.get("mimeType"), f"{side_name}.content.text", side
                )

    def check_headers(self, headers: Any, where: str) -> None:
        for name, value in _named_items(headers):
            place = f"{where}[{name}]"
            lower = name.lower()
            if lower == "cookie":
                if not all(_safe_cookie(pair) for pair in value.split(";")):
                    self.add(Kind.COOKIE, place)
            elif lower == "set-cookie":
                lines = value.split("\n")
                if not all(_safe_cookie(line.split(";", 1)[0]) for line in lines):
                    self.add(Kind.COOKIE, place)
            else:
                kind = classify_field(name, value, Side.REQUEST)
                if kind is Kind.AUTHORIZATION:
                    value = re.sub(r"^\s*[A-Za-z][\w-]*\s+(?=\S)", "", value)
                if kind is not None and not (contains_only_placeholders(value) or is_safe(kind, value)):
                    self.add(kind, place)

    def check_cookies(self, cookies: Any, where: str) -> None:
        for name, value in _named_items(cookies):
            if value and not is_any_placeholder(value):
                self.add(Kind.COOKIE, f"{where}[{name}]")

    def check_pairs(self, pairs: Any, where: str, side: Side) -> None:
        self.check_fields(_named_items(pairs), where, side)

    def check_body(self, text: Any, mime: Any, where: str, side: Side) -> None:
        if isinstance(text, str) and text:
            self.check_fields(body_fields(text, str(mime or "")), where, side)

    def check_fields(self, fields: Iterable[tuple[str, Any]], where: str, side: Side) -> None:
        for name, value in fields:
            kind = classify_field(name, value, side)
            if kind is not None and not is_safe(kind, str(value)) and not is_any_placeholder(str(value)):
                self.add(kind, f"{where} field '{name}'")


def _named_items(items: Any) -> Iterator[tuple[str, str]]:
    """(name, value) of HAR name/value objects."""
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("value"), str):
            yield str(item.get("name", "")), item["value"]


def _safe_cookie(pair: str) -> bool:
    """A ``name=value`` cookie pair whose value is empty or a placeholder."""
    _, _, value = pair.strip().partition("=")
    return not value or is_any_placeholder(value.strip())


def _request_line(entry: Any, scanner: _Scanner) -> tuple[str, str]:
    """Method and a printable URL for messages: no query, secrets in the path masked."""
    request = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(request, dict):
        return "?", "?"
    url = str(request.get("url", "?"))
    base = url.split("?", 1)[0].split("#", 1)[0]
    for finding in sorted(find_shapes(base), key=lambda f: f.start, reverse=True):
        base = base[: finding.start] + "[…]" + base[finding.end :]
    if scanner._known is not None:
        base = scanner._known.sub("[…]", base)
    if "?" in url:
        base += "?…"
    return str(request.get("method", "?")), base


def find_leaks(har: Any, known_secrets: Iterable[str] = ()) -> list[Leak]:
    """Every secret-looking value left in `har` (empty list: safe to write)."""
    scanner = _Scanner(known_secrets)
    scanner.scan_har(har)
    return list(scanner.leaks.values())
