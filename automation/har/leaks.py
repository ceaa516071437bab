"""The last check before a recording is written, and `python -m automation.har check`: is anything
secret-looking left?

`find_leaks` does not trust the scrubber. It reads every string in the HAR at every layer it decodes to
(`layers`: escapes, JSON in strings, forms, base64, hex, gzip) for secret shapes, secret-named pairs and
the caller's known values in every form (`known.all_forms`), checks the structured places (cookies,
secret headers, secret-named query, form, JSON and XML fields) hold only placeholders, and reads base64
bodies decoded (binary ones for key ids and known values). With ``strict`` (what the recorder and the
sanitiser write), a header or query parameter outside the allow-list must hold a placeholder too.
Messages name the kind and the place, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from .allowlist import COOKIE_HEADERS, keeps_header, keeps_parameter
from .bodies import decode_body
from .kinds import Kind, contains_only_placeholders, is_any_placeholder, is_safe
from .known import TEXT_ENCODERS, all_forms
from .layers import fields, layers
from .names import Side, classify_field
from .patterns import KEY_ID_RE, find_named_values, find_shapes, is_code, shape_of
from .scrub import _variant_pattern

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

    def __init__(self, known_secrets: Iterable[str], strict: bool) -> None:
        self.leaks: dict[tuple[Kind, str, int | None], Leak] = {}
        self.strict = strict
        cs: list[str] = []
        ci: list[str] = []
        binary: set[str] = set()
        for secret in known_secrets:
            secret = secret.strip() if isinstance(secret, str) else ""
            if len(secret) >= MIN_KNOWN and not is_any_placeholder(secret):
                email = shape_of(secret) is Kind.EMAIL
                values = [secret]
                if re.fullmatch(r"\d{12}", secret):
                    values.append(f"{secret[:4]}-{secret[4:8]}-{secret[8:]}")
                for value in values:
                    for form, encoder in all_forms(value):
                        if len(form) >= MIN_KNOWN:
                            (ci if email else cs).append(form)
                            if encoder not in TEXT_ENCODERS:
                                binary.add(form)
        self._known = _variant_pattern(cs, unbounded=binary) if cs else None
        self._known_ci = _variant_pattern(ci, re.IGNORECASE, unbounded=binary) if ci else None
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
        stack: list[tuple[Any, str, bool]] = [(data, where, named)]
        while stack:
            item, path, named_here = stack.pop()
            if isinstance(item, str):
                self.check_text(item, path, named=named_here)
            elif isinstance(item, dict):
                yield_items = self._dict_items(item, path, skip_entries, named_here)
                stack.extend(reversed(list(yield_items)))
            elif isinstance(item, list):
                parent = path.rsplit(".", 1)[-1]
                for index, value in reversed(list(enumerate(item))):
                    label = index
                    if parent in _NAMED_LISTS and isinstance(value, dict) and "name" in value:
                        label = value["name"]
                    stack.append((value, f"{path}[{label}]", named_here))

    def _dict_items(
        self, item: dict[str, Any], path: str, skip_entries: bool, named: bool
    ) -> Iterator[tuple[Any, str, bool]]:
        base64 = str(item.get("encoding", item.get("_encoding", ""))).lower() == "base64" and "text" in item
        if base64:
            self.check_base64(item, path)
        for name, value in item.items():
            if skip_entries and name == "entries" and path == "log":
                continue
            if name == "text" and base64:
                continue
            place = path if name == "value" and path.endswith("]") else (f"{path}.{name}" if path else name)
            code = name == "text" and is_code(str(item.get("mimeType", "")))
            yield value, place, named and not code

    def check_text(self, text: str, where: str, side: Side = Side.RESPONSE, named: bool = True) -> None:
        for layer in layers(text):
            for finding in find_shapes(layer):
                self.add(finding.kind, where)
            for finding in find_named_values(layer, side) if named else ():
                self.add(finding.kind, where)
            self.check_known(layer, where)

    def check_known(self, text: str, where: str) -> None:
        known = [p for p in (self._known, self._known_ci) if p is not None]
        if any(pattern.search(text) for pattern in known):
            self.add(Kind.SECRET, f"{where} (a value given in known_secrets)")

    def check_base64(self, content: dict[str, Any], where: str) -> None:
        """Base64 bodies: text is decoded and read; binary is searched for key ids and known values."""
        place = f"{where}.text" if where else "text"
        decoded = decode_body(content.get("text"), "base64")
        mime = str(content.get("mimeType", ""))
        if decoded.text is not None:
            self.check_text(decoded.text, place, named=not is_code(mime))
            self.check_body(decoded.text, mime, place, Side.RESPONSE)
        elif decoded.data is not None:
            raw = decoded.data.decode("latin-1")
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
            self.check_headers(part.get("headers"), f"{side_name}.headers", side)
            self.check_cookies(part.get("cookies"), f"{side_name}.cookies")
            self.check_pairs(part.get("queryString"), f"{side_name}.queryString", Side.REQUEST, query=True)
            for url_field in ("url", "redirectURL"):
                url = part.get(url_field)
                if isinstance(url, str):
                    self.check_url(url, f"{side_name}.{url_field}")
            post = part.get("postData")
            if isinstance(post, dict):
                self.check_pairs(post.get("params"), f"{side_name}.postData.params", side)
                self.check_body(post.get("text"), post.get("mimeType"), f"{side_name}.postData.text", side)
            content = part.get("content")
            if isinstance(content, dict) and str(content.get("encoding", "")).lower() != "base64":
                where = f"{side_name}.content.text"
                self.check_body(content.get("text"), content.get("mimeType"), where, side)

    def check_url(self, url: str, where: str) -> None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return
        if "@" in parts.netloc:
            self.add(Kind.PASSWORD, f"{where} (user name and password)")
        for query in (parts.query, parts.fragment.partition("?")[2] or parts.fragment):
            pairs = [pair.partition("=") for pair in query.split("&") if "=" in pair]
            decoded = [(unquote_plus(name), unquote_plus(value)) for name, _, value in pairs]
            self.check_fields(decoded, where, Side.REQUEST, query=True)

    def check_headers(self, headers: Any, where: str, side: Side) -> None:
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
                elif kind is None and self.strict and self._unlisted_header(lower, value, side):
                    self.add(Kind.VALUE, place)

    def check_cookies(self, cookies: Any, where: str) -> None:
        for name, value in _named_items(cookies):
            if value and not is_any_placeholder(value):
                self.add(Kind.COOKIE, f"{where}[{name}]")

    def check_pairs(self, pairs: Any, where: str, side: Side, query: bool = False) -> None:
        self.check_fields(_named_items(pairs), where, side, query=query)

    def check_body(self, text: Any, mime: Any, where: str, side: Side) -> None:
        if isinstance(text, str) and text:
            self.check_fields(fields(text, str(mime or "")), where, side)

    def check_fields(
        self, pairs: Iterable[tuple[str, Any]], where: str, side: Side, query: bool = False
    ) -> None:
        for name, value in pairs:
            kind = classify_field(name, value, side)
            text = str(value)
            if kind is not None and not is_safe(kind, text) and not contains_only_placeholders(text):
                self.add(kind, f"{where} field '{name}'")
            elif kind is None and query and self.strict and _unlisted_parameter(name, value):
                self.add(Kind.VALUE, f"{where} parameter '{name}'")

    @staticmethod
    def _unlisted_header(lower: str, value: str, side: Side) -> bool:
        """A header outside the allow-list that kept a value (strict mode)."""
        if not value or lower in COOKIE_HEADERS or keeps_header(lower, side is Side.REQUEST):
            return False
        return not is_any_placeholder(value)


def _unlisted_parameter(name: str, value: Any) -> bool:
    """A query parameter outside the allow-list that kept a value (strict mode; URLs are scrubbed
    as URLs instead)."""
    if not isinstance(value, str) or not value or keeps_parameter(name):
        return False
    return not is_any_placeholder(value) and "://" not in value


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
    """Method and a printable URL for messages (`safe_url`: no query, no credentials, secrets masked)."""
    from .safeurl import safe_url

    request = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(request, dict):
        return "?", "?"
    url = safe_url(str(request.get("url", "?")))
    for pattern in (scanner._known, scanner._known_ci):
        if pattern is not None:
            url = pattern.sub("[…]", url)
    return str(request.get("method", "?"))[:16], url


def find_leaks(har: Any, known_secrets: Iterable[str] = (), *, strict: bool = False) -> list[Leak]:
    """Every secret-looking value left in `har` (empty list: safe to write)."""
    scanner = _Scanner(known_secrets, strict)
    scanner.scan_har(har)
    return list(scanner.leaks.values())
