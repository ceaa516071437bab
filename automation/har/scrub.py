"""Replace secrets by stable placeholders (see `kinds` for the scheme): the `Scrubber`.

A `Scrubber` learns secret values (from their shape, the name of the field holding them, or because the
caller knows them) and replaces every learned value wherever it occurs, in every form it takes
(`known.all_forms`: plain, percent, JSON and HTML escapes, base64 at every alignment, hex). Structured
values are decoded first (`values.ValueScrubber`); whole HARs are scrubbed by `entries.scrub_har`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .kinds import CONSTANT_KINDS, OPAQUE_KINDS, Kind, dashed, is_any_placeholder, is_example, placeholder
from .known import TEXT_ENCODERS, all_forms
from .names import Side
from .patterns import DASHED_ACCOUNT_RE, EMAIL_RE, Finding, find_named_values, find_shapes, shape_of, views
from .values import ValueScrubber, unescape_unreserved

#: Values shorter than this are only replaced where a field name marks them.
MIN_EVERYWHERE = 4
#: Texts longer than this are scrubbed once per content (bundles served on several hosts).
MEMO_MIN = 4096
#: Opaque values (cookies, tokens) must be at least this long to be replaced everywhere.
MIN_OPAQUE_EVERYWHERE = 8
#: Values outside the allow-list are replaced everywhere only when this long and random-looking.
MIN_UNLISTED_EVERYWHERE = 16
_AUTH_SCHEMES = frozenset(
    ["aws", "aws4-hmac-sha256", "basic", "bearer", "digest", "hoba", "mutual", "negotiate", "ntlm", "token"]
)
_MIN_BOUNDED = 12  # shorter variants must stand alone (not inside a word)
_AFTER_ESCAPE = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<=%25[0-9A-Fa-f]{2})|(?<=\\[nrt])|(?<![A-Za-z0-9]))"


@dataclass
class _Known:
    """One learned secret: its kind and current placeholder."""

    kind: Kind
    key: str
    placeholder: str


class Scrubber:
    """Learns secret values and replaces them by placeholders, consistently across calls."""

    def __init__(self, known_secrets: Iterable[str] = ()) -> None:
        self._known: dict[str, _Known] = {}
        self._counters: Counter[Kind] = Counter()
        self._variants: dict[str, tuple[str, str]] = {}
        self._variants_ci: dict[str, tuple[str, str]] = {}
        self._pending: dict[str, Kind] = {}
        self._binary_forms: set[str] = set()  # base64 and hex forms: found inside longer runs too
        self.replaced: Counter[Kind] = Counter()
        self._memo: dict[tuple[object, ...], str] = {}
        self.values = ValueScrubber(self)
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
        if kind in (Kind.SECRET, Kind.VALUE) and key in self._pending:
            kind = self._pending[key]  # a known secret keeps the kind its shape gave it
        if key not in self._known and key not in self._pending and is_example(kind, value):
            return value
        known = self._known.get(key)
        if known is None:
            known = self._remember(kind, key)
        elif known.kind in (Kind.SECRET, Kind.VALUE) and kind not in (Kind.SECRET, Kind.VALUE):
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
        forms = [value, key]
        if kind is Kind.ACCOUNT_ID:
            forms.append(dashed(key))
        for form in dict.fromkeys(forms):
            dashes = "dashed:" if kind is Kind.ACCOUNT_ID and "-" in form else ""
            for variant, encoder in all_forms(form):
                variant = variant.lower() if kind is Kind.EMAIL else variant
                if len(variant) >= MIN_EVERYWHERE and variant not in table:
                    table[variant] = (key, dashes + encoder)
                    if encoder not in TEXT_ENCODERS:
                        self._binary_forms.add(variant)

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
        text = self.values.embedded(text, side)
        scrubbed = self._scrub_views(text, side, named)
        if self._hidden(scrubbed, side, named):  # a secret written with escapes of ordinary letters
            scrubbed = self._scrub_views(unescape_unreserved(scrubbed), side, named)
        return scrubbed

    def _hidden(self, text: str, side: Side, named: bool) -> bool:
        """Whether a decoded view of `text` still shows a secret the text itself does not."""
        for view in views(text)[1:]:
            if self.replace_known(view) != view or any(find_shapes(view)):
                return True
            if named and any(find_named_values(view, side)):
                return True
        return False

    def _scrub_views(self, text: str, side: Side, named: bool) -> str:
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
            regex = _variant_pattern(present, unbounded=self._binary_forms)
            text = regex.sub(lambda m: self._output(m.group(), False), text)
        if present_ci:
            regex = _variant_pattern(present_ci, re.IGNORECASE, unbounded=self._binary_forms)
            text = regex.sub(lambda m: self._output(m.group(), True), text)
        return text

    def _output(self, matched: str, ci: bool) -> str:
        """The encoded placeholder for one matched variant."""
        key, encoder = self._variants_ci[matched.lower()] if ci else self._variants[matched]
        known = self._known.get(key)
        if known is None:
            known = self._remember(self._pending.get(key, Kind.SECRET), key)
        self.replaced[known.kind] += 1
        dashes, _, encoder = encoder.rpartition(":")
        value = dashed(known.placeholder) if dashes else known.placeholder
        encode = TEXT_ENCODERS.get(encoder)
        return encode(value) if encode else value  # base64 and hex forms: the placeholder itself

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
                replacement = TEXT_ENCODERS["url"](replacement)
            self.replaced[finding.kind] += 1
            out.append(text[cursor : finding.start])
            out.append(replacement)
            cursor = finding.end
        out.append(text[cursor:])
        return "".join(out)

    def redact(self, kind: Kind, value: object) -> str:
        """The placeholder for a whole field value whose name marks it secret."""
        text = str(value)
        if is_any_placeholder(text):
            return text
        for finding in find_shapes(text):
            self.learn(finding.kind, finding.value)
        self.replaced[kind] += 1
        return self.learn(kind, text)

    def opaque(self, value: str) -> str:
        """The placeholder ``<value-N>`` for a value outside the allow-list (a secret-shaped value
        gets its own kind); long random-looking ones are replaced everywhere."""
        if is_any_placeholder(value):
            return value
        shaped = shape_of(value)
        self.replaced[shaped or Kind.VALUE] += 1
        everywhere = bool(shaped) or _random_looking(value)
        return self.learn(shaped or Kind.VALUE, value, everywhere=everywhere)

    # -- structured parts (see values.ValueScrubber) ----------------------------------------

    def scrub_url(self, url: str, side: Side = Side.REQUEST) -> str:
        """A URL by the URL rules (`ValueScrubber.url`)."""
        return self.values.url(url, side) if isinstance(url, str) else url

    def scrub_json(self, data: Any, side: Side) -> Any:
        """A JSON value with secret-named fields replaced, strings scrubbed as values."""
        return self.values.json(data, side)

    def scrub_body(self, text: str, mime: str, side: Side) -> str:
        """A decoded text body, by its format (`bodies.scrub_text_body`)."""
        from .bodies import scrub_text_body

        if not isinstance(text, str) or not text:
            return text
        return scrub_text_body(self, text, mime, side)

    def scrub_header(self, name: str, value: str, side: Side) -> str:
        """A secret header's value: cookies by pair, authorization after its scheme, others whole."""
        from .names import classify_field

        lower = name.lower()
        if lower == "cookie":
            return "; ".join(self.cookie_pair(pair.strip()) for pair in value.split(";"))
        if lower == "set-cookie":
            return "\n".join(self.set_cookie(line) for line in value.split("\n"))
        kind = classify_field(name, value, Side.REQUEST)
        if kind is Kind.AUTHORIZATION:
            scheme, space, rest = value.strip().partition(" ")
            if space and scheme.lower() in _AUTH_SCHEMES and rest.strip():
                return f"{scheme} {self.redact(kind, rest.strip())}"
        return self.redact(kind, value) if kind else self.opaque(value)

    def cookie_pair(self, pair: str) -> str:
        """``name=value`` of a Cookie header with the value replaced."""
        name, eq, value = pair.partition("=")
        if not eq or not value:
            return pair
        return f"{name}={self.redact(Kind.COOKIE, value)}"

    def set_cookie(self, line: str) -> str:
        """One Set-Cookie line: the value replaced, attributes scrubbed as text."""
        first, semi, attributes = line.partition(";")
        return self.cookie_pair(first.strip()) + semi + self.scrub_text(attributes, named=False)


def _variant_pattern(values: list[str], flags: int = 0, unbounded: Iterable[str] = ()) -> re.Pattern[str]:
    """One alternation for `values`, longest first; short ones must stand alone (not inside a
    word; percent escapes and ``\\n`` escapes count as boundaries), except the `unbounded` ones (a
    value's base64 inside a longer base64 text has letters on both sides)."""
    parts = []
    free = set(unbounded)
    for value in sorted(set(values), key=len, reverse=True):
        part = re.escape(value)
        if len(value) < _MIN_BOUNDED and value not in free:
            if value[0].isalnum():
                part = _AFTER_ESCAPE + part
            if value[-1].isalnum():
                part += r"(?![A-Za-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts), flags)


def _key(value: str) -> str:
    """How equal values are recognised: accounts by digits, emails case-insensitively."""
    if DASHED_ACCOUNT_RE.fullmatch(value):
        return value.replace("-", "")
    if "@" in value and EMAIL_RE.fullmatch(value):
        return value.lower()
    return value


def _refine(kind: Kind, value: str) -> Kind:
    """A secret-named value with a known shape gets the shaped placeholder."""
    if kind in (Kind.SECRET, Kind.TOKEN, Kind.VALUE):
        return shape_of(value) or kind
    return kind


def _everywhere(kind: Kind, key: str) -> bool:
    """Whether a value is distinctive enough to be replaced wherever it occurs."""
    if kind is Kind.MFA_CODE or len(key) < MIN_EVERYWHERE:
        return False
    if kind is Kind.VALUE:
        return _random_looking(key)
    return not (kind in OPAQUE_KINDS and kind is not Kind.SECRET and len(key) < MIN_OPAQUE_EVERYWHERE)


def _random_looking(value: str) -> bool:
    """A token rather than a word or an address: long, no spaces, letters and digits, not a path.

    A console path such as ``/iam/home?region=us-east-1`` (a replica parameter) also occurs in the
    bundle's JavaScript: replaced there, the bundle no longer runs on replay. Its parts are still
    scrubbed where they are parsed as a URL.
    """
    return (
        len(value) >= MIN_UNLISTED_EVERYWHERE
        and not any(char.isspace() for char in value)
        and any(char.isdigit() for char in value)
        and any(char.isalpha() for char in value)
        and _ADDRESS_RE.fullmatch(value) is None
    )


#: A lower-case path (an optional scheme and host first), then any query and fragment.
_ADDRESS_RE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://[a-z0-9.-]+(?::\d+)?)?(?:/[a-z][a-z0-9._-]*)+/?(?:[?#].*)?", re.DOTALL
)


def _in_form(known: _Known, value: str) -> str:
    """The placeholder written the way the value was (accounts keep their dashes)."""
    if known.kind is Kind.ACCOUNT_ID and "-" in value:
        return dashed(known.placeholder)
    return known.placeholder
