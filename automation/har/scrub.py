"""Replace every secret in a HAR by a stable placeholder (see `kinds` for the scheme).

`scrub_har` runs the same `Scrubber` twice over copies of the HAR: the first pass learns every
secret value in order of first appearance, the second writes the output with the final
numbering, so a value learned late (a password typed in entry 9) is also replaced where it
appeared earlier (an echo in entry 2). Learned values of enough length are replaced wherever
they occur, also percent-, form-, JSON- and HTML-encoded.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from .encodings import (
    ENCODERS,
    MULTIPART_FIELD_RE,
    body_format,
    decode_base64_text,
    is_textual,
    variant_pattern,
    variants,
)
from .harfile import require_har
from .kinds import (
    CONSTANT_KINDS,
    OPAQUE_KINDS,
    Kind,
    dashed,
    is_any_placeholder,
    is_example,
    placeholder,
)
from .names import Side, classify_field
from .patterns import (
    DASHED_ACCOUNT_RE,
    EMAIL_RE,
    Finding,
    find_named_values,
    find_shapes,
    is_code,
    shape_of,
    views,
)

#: Values shorter than this are only replaced where a field name marks them.
MIN_EVERYWHERE = 4
#: Texts longer than this are scrubbed once per content (bundles served on several hosts).
MEMO_MIN = 4096
#: Opaque values (cookies, tokens) must be at least this long to be replaced everywhere.
MIN_OPAQUE_EVERYWHERE = 8
_AUTH_SCHEMES = frozenset(
    ["aws", "aws4-hmac-sha256", "basic", "bearer", "digest", "hoba", "mutual", "negotiate", "ntlm", "token"]
)


@dataclass
class _Known:
    """One learned secret: its kind and current placeholder."""

    kind: Kind
    key: str
    placeholder: str


@dataclass
class ScrubResult:
    """A scrubbed copy of a HAR and what was replaced (counts only, never the values)."""

    har: dict[str, Any]
    distinct: dict[Kind, int] = field(default_factory=dict)
    replacements: dict[Kind, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs: how many distinct values of each kind were replaced."""
        if not self.distinct:
            return "no secrets found"
        parts = [f"{n} {kind.label}{'s' if n > 1 else ''}" for kind, n in self.distinct.items()]
        return "replaced " + ", ".join(parts)


class Scrubber:
    """Learns secret values and replaces them by placeholders, consistently across calls."""

    def __init__(self, known_secrets: Iterable[str] = ()) -> None:
        self._known: dict[str, _Known] = {}
        self._counters: Counter[Kind] = Counter()
        self._variants: dict[str, tuple[str, str]] = {}
        self._variants_ci: dict[str, tuple[str, str]] = {}
        self._pending: dict[str, Kind] = {}
        self.replaced: Counter[Kind] = Counter()
        self._memo: dict[tuple[object, ...], str] = {}
        for secret in known_secrets:
            self.add_known_secret(secret)

    # -- learning ------------------------------------------------------------------------

    def add_known_secret(self, secret: str) -> None:
        """Replace `secret` wherever it appears (from 4 characters; shorter ones only where a
        field name marks them), even when it has no recognisable shape."""
        secret = secret.strip() if isinstance(secret, str) else ""
        if len(secret) < MIN_EVERYWHERE or is_any_placeholder(secret):
            return
        kind = shape_of(secret) or Kind.SECRET
        key = _key(secret)
        if key not in self._known:
            self._pending[key] = kind
        self._add_variants(key, secret, kind)

    def learn(self, kind: Kind, value: str, everywhere: bool = True) -> str:
        """The placeholder for `value` (learning it if new), in the value's own form."""
        if is_any_placeholder(value):
            return value
        kind = _refine(kind, value)
        key = _key(value)
        if key not in self._known and key not in self._pending and is_example(kind, value):
            return value
        known = self._known.get(key)
        if known is None:
            known = self._remember(kind, key)
        elif known.kind is Kind.SECRET and kind is not Kind.SECRET:
            known.kind = kind
            known.placeholder = self._next_placeholder(kind, key)
        if everywhere and _everywhere(known.kind, key):
            self._add_variants(key, value, known.kind)
        return _in_form(known, value)

    def _remember(self, kind: Kind, key: str) -> _Known:
        """Record a newly seen value (pending known secrets keep their order of appearance)."""
        self._pending.pop(key, None)
        known = _Known(kind, key, self._next_placeholder(kind, key))
        self._known[key] = known
        return known

    def _next_placeholder(self, kind: Kind, key: str) -> str:
        if kind in CONSTANT_KINDS:
            return placeholder(kind, 0)
        self._counters[kind] += 1
        return placeholder(kind, self._counters[kind], key)

    def _add_variants(self, key: str, value: str, kind: Kind) -> None:
        """Register the encoded forms of `value` for replacement everywhere."""
        table = self._variants_ci if kind is Kind.EMAIL else self._variants
        for form in dict.fromkeys((value, key)):
            for variant, encoder in variants(form, kind):
                variant = variant.lower() if kind is Kind.EMAIL else variant
                if len(variant) >= MIN_EVERYWHERE:
                    table.setdefault(variant, (key, encoder))

    def freeze(self) -> None:
        """Renumber placeholders in order of first appearance (after a learning pass)."""
        self._counters.clear()
        for known in self._known.values():
            known.placeholder = self._next_placeholder(known.kind, known.key)
        self.replaced.clear()
        self._memo.clear()

    def distinct(self) -> dict[Kind, int]:
        """How many distinct values of each kind were learned."""
        return dict(Counter(known.kind for known in self._known.values()))

    # -- text ------------------------------------------------------------------------------

    def scrub_text(self, text: str, side: Side = Side.RESPONSE, named: bool = True) -> str:
        """Replace every secret in free text: shapes, known values, and (when `named`)
        values of secret-named pairs."""
        if not isinstance(text, str) or not text:
            return text
        memo_key = (text, side, named, len(self._variants), len(self._variants_ci), len(self._known))
        if len(text) > MEMO_MIN and memo_key in self._memo:
            return self._memo[memo_key]
        scrubbed = self._scrub_text(text, side, named)
        if len(text) > MEMO_MIN:
            key_after = (text, side, named, len(self._variants), len(self._variants_ci), len(self._known))
            if key_after == memo_key:
                self._memo[memo_key] = scrubbed
        return scrubbed

    def _scrub_text(self, text: str, side: Side, named: bool) -> str:
        found_in_text = False
        for index, view in enumerate(views(text)):
            for finding in find_shapes(view):
                found_in_text = found_in_text or index == 0
                self.learn(finding.kind, finding.value)
            for finding in find_named_values(view, side) if named else ():
                found_in_text = found_in_text or index == 0
                self.learn(finding.kind, finding.value)
        text = self.replace_known(text)
        if not found_in_text:
            return text  # placeholders put in by replace_known are never findings
        spans = [*find_shapes(text), *(find_named_values(text, side) if named else ())]
        return self._replace_spans(text, spans)

    def replace_known(self, text: str) -> str:
        """Replace every registered value (and its encodings) in `text`."""
        present = [v for v in self._variants if v in text]
        lowered = text.lower() if self._variants_ci else ""
        present_ci = [v for v in self._variants_ci if v in lowered]
        if present:
            text = variant_pattern(present).sub(lambda m: self._output(m.group(), False), text)
        if present_ci:
            regex = variant_pattern(present_ci, re.IGNORECASE)
            text = regex.sub(lambda m: self._output(m.group(), True), text)
        return text

    def _output(self, matched: str, ci: bool) -> str:
        """The encoded placeholder for one matched variant."""
        key, encoder = self._variants_ci[matched.lower()] if ci else self._variants[matched]
        known = self._known.get(key)
        if known is None:
            known = self._remember(self._pending.get(key, Kind.SECRET), key)
        self.replaced[known.kind] += 1
        return ENCODERS[encoder](known.placeholder)

    def _replace_spans(self, text: str, findings: list[Finding]) -> str:
        """Replace the spans of findings (no overlaps; the earliest wins)."""
        if not findings:
            return text
        out: list[str] = []
        cursor = 0
        for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
            if finding.start < cursor:
                continue
            replacement = self.learn(finding.kind, finding.value, everywhere=False)
            if finding.url_encoded:
                replacement = quote(replacement, safe="")
            self.replaced[finding.kind] += 1
            out.append(text[cursor : finding.start])
            out.append(replacement)
            cursor = finding.end
        out.append(text[cursor:])
        return "".join(out)

    def redact(self, kind: Kind, value: object) -> str:
        """The placeholder for a whole field value whose name marks it secret."""
        text = str(value)
        for finding in find_shapes(text):
            self.learn(finding.kind, finding.value)
        self.replaced[kind] += 1
        return self.learn(kind, text)

    # -- structured parts -----------------------------------------------------------------

    def scrub_url(self, url: str, side: Side = Side.REQUEST) -> str:
        """A URL with secret-named query values replaced, then scrubbed as text (placeholders
        percent-encoded, as a browser would send them)."""
        if not isinstance(url, str):
            return url
        base, sep, rest = url.partition("?")
        if sep:
            query, hash_sep, fragment = rest.partition("#")
            query = self.scrub_form(query, side, encode=quote)
            url = f"{base}?{query}{hash_sep}{fragment}"
        return self.scrub_text(url, side).replace("<", "%3C").replace(">", "%3E")

    def scrub_form(self, text: str, side: Side, encode: Callable[[str], str] = quote_plus) -> str:
        """``a=1&b=2`` with secret-named values replaced (other pairs kept byte for byte)."""
        pairs = text.split("&")
        for index, pair in enumerate(pairs):
            name, eq, value = pair.partition("=")
            if not eq:
                continue
            decoded = unquote_plus(value)
            kind = classify_field(unquote_plus(name), decoded, side)
            if kind is not None:
                pairs[index] = f"{name}={encode(self.redact(kind, decoded))}"
        return "&".join(pairs)

    def scrub_json(self, data: Any, side: Side) -> Any:
        """A JSON value with secret-named fields replaced (recursively)."""
        if isinstance(data, dict):
            out: dict[str, Any] = {}
            for name, value in data.items():
                kind = classify_field(name, value, side)
                out[name] = self.redact(kind, value) if kind else self.scrub_json(value, side)
            return out
        if isinstance(data, list):
            return [self.scrub_json(item, side) for item in data]
        return data

    def scrub_body(self, text: str, mime: str, side: Side) -> str:
        """A request or response body: JSON, form, multipart or other text."""
        if not isinstance(text, str) or not text:
            return text
        kind = body_format(text, mime)
        if kind == "form":
            text = self.scrub_form(text, side)
        elif kind == "multipart":
            text = self._scrub_multipart(text, side)
        elif kind == "json":
            text = self._scrub_json_text(text, side)
        return self.scrub_text(text, side, named=not is_code(mime))

    def _scrub_json_text(self, text: str, side: Side) -> str:
        """JSON text with secret-named fields replaced; unchanged text keeps its formatting."""
        try:
            data = json.loads(text)
        except ValueError:
            return text
        scrubbed = self.scrub_json(data, side)
        if scrubbed == data:
            return text
        return json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":"))

    def _scrub_multipart(self, text: str, side: Side) -> str:
        """multipart/form-data with secret-named fields replaced."""

        def replace(match: re.Match[str]) -> str:
            kind = classify_field(match.group("name"), match.group("value"), side)
            if kind is None:
                return match.group()
            return match.group("head") + self.redact(kind, match.group("value"))

        return MULTIPART_FIELD_RE.sub(replace, text)

    def scrub_headers(self, headers: Any, side: Side) -> Any:
        """HAR headers (a list of name/value objects) with secret values replaced."""
        if not isinstance(headers, list):
            return self.scrub_generic(headers)
        for header in headers:
            if not isinstance(header, dict):
                continue
            name, value = str(header.get("name", "")), header.get("value")
            if isinstance(value, str):
                header["value"] = self.scrub_header(name, value, side)
        return headers

    def scrub_header(self, name: str, value: str, side: Side) -> str:
        """One header value: cookies, authorization and token headers become placeholders."""
        lower = name.lower()
        if lower == "cookie":
            return "; ".join(self._cookie_pair(pair.strip()) for pair in value.split(";"))
        if lower == "set-cookie":
            return "\n".join(self._set_cookie(line) for line in value.split("\n"))
        kind = classify_field(name, value, Side.REQUEST)
        if kind is Kind.AUTHORIZATION:
            scheme, space, rest = value.strip().partition(" ")
            if space and scheme.lower() in _AUTH_SCHEMES and rest.strip():
                return f"{scheme} {self.redact(kind, rest.strip())}"
            return self.redact(kind, value)
        if kind is not None:
            return self.redact(kind, value)
        return self.scrub_text(value, side)

    def _cookie_pair(self, pair: str) -> str:
        """``name=value`` of a Cookie header with the value replaced."""
        name, eq, value = pair.partition("=")
        if not eq or not value:
            return pair
        return f"{name}={self.redact(Kind.COOKIE, value)}"

    def _set_cookie(self, line: str) -> str:
        """One Set-Cookie line: the value replaced, attributes scrubbed as text."""
        first, semi, attributes = line.partition(";")
        return self._cookie_pair(first.strip()) + semi + self.scrub_text(attributes)

    def scrub_cookies(self, cookies: Any) -> Any:
        """HAR cookie objects with their values replaced."""
        if not isinstance(cookies, list):
            return self.scrub_generic(cookies)
        for cookie in cookies:
            if not isinstance(cookie, dict):
                continue
            for name, value in list(cookie.items()):
                if name == "value" and isinstance(value, str) and value:
                    cookie[name] = self.redact(Kind.COOKIE, value)
                elif name != "value":
                    cookie[name] = self.scrub_generic(value)
        return cookies

    def scrub_pairs(self, pairs: Any, side: Side) -> Any:
        """HAR queryString / params objects with secret-named values replaced."""
        if not isinstance(pairs, list):
            return self.scrub_generic(pairs)
        for pair in pairs:
            if not isinstance(pair, dict):
                continue
            name, value = str(pair.get("name", "")), pair.get("value")
            kind = classify_field(name, value, side)
            for key, item in list(pair.items()):
                if key == "value" and kind is not None:
                    pair[key] = self.redact(kind, item)
                elif key != "name":
                    pair[key] = self.scrub_generic(item, side)
        return pairs

    def scrub_generic(self, data: Any, side: Side = Side.RESPONSE) -> Any:
        """Any JSON value: strings are scrubbed as free text."""
        if isinstance(data, str):
            return self.scrub_text(data, side)
        if isinstance(data, dict):
            return {name: self.scrub_generic(value, side) for name, value in data.items()}
        if isinstance(data, list):
            return [self.scrub_generic(item, side) for item in data]
        return data

    # -- HAR -------------------------------------------------------------------------------

    def scrub_document(self, har: dict[str, Any]) -> dict[str, Any]:
        """Scrub a whole HAR in place (entries first, in order) and return it."""
        for entry in require_har(har):
            self.scrub_entry(entry)
        log = har["log"]
        for name in list(log):
            if name != "entries":
                log[name] = self.scrub_generic(log[name])
        for name in list(har):
            if name != "log":
                har[name] = self.scrub_generic(har[name])
        return har

    def scrub_entry(self, entry: dict[str, Any]) -> None:
        """Scrub one HAR entry in place: its request, then its response, then the rest."""
        self._scrub_request(entry["request"])
        self._scrub_response(entry["response"])
        for name in list(entry):
            if name not in ("request", "response"):
                entry[name] = self.scrub_generic(entry[name])

    def _scrub_request(self, request: dict[str, Any]) -> None:
        side = Side.REQUEST
        for name in list(request):
            value = request[name]
            if name == "url":
                request[name] = self.scrub_url(value, side)
            elif name == "headers":
                request[name] = self.scrub_headers(value, side)
            elif name == "cookies":
                request[name] = self.scrub_cookies(value)
            elif name == "queryString":
                request[name] = self.scrub_pairs(value, side)
            elif name == "postData" and isinstance(value, dict):
                self._scrub_post_data(value)
            else:
                request[name] = self.scrub_generic(value, side)

    def _scrub_post_data(self, post: dict[str, Any]) -> None:
        for name in list(post):
            value = post[name]
            if name == "text":
                post[name] = self.scrub_body(value, str(post.get("mimeType", "")), Side.REQUEST)
            elif name == "params":
                post[name] = self.scrub_pairs(value, Side.REQUEST)
            else:
                post[name] = self.scrub_generic(value, Side.REQUEST)

    def _scrub_response(self, response: dict[str, Any]) -> None:
        side = Side.RESPONSE
        for name in list(response):
            value = response[name]
            if name == "headers":
                response[name] = self.scrub_headers(value, side)
            elif name == "cookies":
                response[name] = self.scrub_cookies(value)
            elif name == "redirectURL":
                response[name] = self.scrub_url(value, Side.REQUEST)
            elif name == "content" and isinstance(value, dict):
                self._scrub_content(value)
            else:
                response[name] = self.scrub_generic(value, side)

    def _scrub_content(self, content: dict[str, Any]) -> None:
        """A response body: text is scrubbed; base64 text types are decoded first; binary
        bodies are left as they are (`find_leaks` still checks them for key ids)."""
        mime = str(content.get("mimeType", ""))
        text = content.get("text")
        if isinstance(text, str) and content.get("encoding") == "base64":
            decoded = decode_base64_text(text) if is_textual(mime) else None
            if decoded is not None:
                content["text"] = self.scrub_body(decoded, mime, Side.RESPONSE)
                del content["encoding"]
        elif isinstance(text, str):
            content["text"] = self.scrub_body(text, mime, Side.RESPONSE)
        for name in list(content):
            if name not in ("text", "encoding"):
                content[name] = self.scrub_generic(content[name])


def scrub_har(har: dict[str, Any], known_secrets: Iterable[str] = ()) -> ScrubResult:
    """A scrubbed deep copy of `har` (the input is not changed).

    Secrets replaced: cookies and Set-Cookie, Authorization, X-Amz-Security-Token and other
    token/CSRF headers, secret-named fields (password, MFA/OTP codes, tokens, secrets, CSRF)
    in JSON, form and multipart bodies and in query strings, account ids (also ``1234-5678-9012``),
    emails, access key ids, secret access keys, JWTs, AWS session tokens, and `known_secrets`.
    """
    require_har(har)
    scrubber = Scrubber(known_secrets)
    scrubber.scrub_document(copy.deepcopy(har))
    scrubber.freeze()
    output = scrubber.scrub_document(copy.deepcopy(har))
    return ScrubResult(har=output, distinct=scrubber.distinct(), replacements=dict(scrubber.replaced))


def _key(value: str) -> str:
    """How equal values are recognised: accounts by digits, emails case-insensitively."""
    if DASHED_ACCOUNT_RE.fullmatch(value):
        return value.replace("-", "")
    if "@" in value and EMAIL_RE.fullmatch(value):
        return value.lower()
    return value


def _refine(kind: Kind, value: str) -> Kind:
    """A secret-named value with a known shape gets the shaped placeholder."""
    if kind in (Kind.SECRET, Kind.TOKEN):
        return shape_of(value) or kind
    return kind


def _everywhere(kind: Kind, key: str) -> bool:
    """Whether a value is distinctive enough to be replaced wherever it occurs."""
    if kind is Kind.MFA_CODE or len(key) < MIN_EVERYWHERE:
        return False
    return not (kind in OPAQUE_KINDS and kind is not Kind.SECRET and len(key) < MIN_OPAQUE_EVERYWHERE)


def _in_form(known: _Known, value: str) -> str:
    """The placeholder written the way the value was (accounts keep their dashes)."""
    if known.kind is Kind.ACCOUNT_ID and "-" in value:
        return dashed(known.placeholder)
    return known.placeholder
