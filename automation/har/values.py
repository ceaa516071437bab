"""Scrub a value by its structure: URLs, forms, JSON, JSONP and script assignments, percent-encoded,
base64 and hex text are decoded, scrubbed field by field, and encoded back the way they were.

A value is tried against each decoder in turn; the first that decodes it with certainty wins, and what
it decoded is scrubbed the same way (up to `MAX_DEPTH` layers; deeper than that the value is dropped).
What no decoder takes is free text (`Scrubber.scrub_text`: shapes, secret-named pairs, known values).
Unchanged values are returned as they were, byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, unquote_plus, urlsplit, urlunsplit

from .allowlist import keeps_parameter
from .kinds import Kind, is_any_placeholder
from .names import Side, classify_field
from .patterns import KEY_ID_RE, is_secret_shaped

if TYPE_CHECKING:
    from .scrub import Scrubber

#: Layers of encoding decoded inside one value (JSON in base64 in a form field is three).
MAX_DEPTH = 8
#: The placeholder of a value nested deeper than `MAX_DEPTH`.
TOO_DEEP = "<body dropped: nested deeper than the scrubber decodes>"
#: Shortest base64 or hex text decoded (shorter ones are ordinary words more often than not).
MIN_ENCODED = 12

FORM_RE = re.compile(r"[\w.\[\]%*~-]+=[^&\s]*(?:&[\w.\[\]%*~-]+(?:=[^&\s]*)?)*")
JSONP_RE = re.compile(
    r"(?P<head>\s*(?:/\*\*/\s*)?(?:typeof\s+[\w$.]+\s*===?\s*['\"]function['\"]\s*&&\s*)?"
    r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(\s*)(?P<json>[\[{\"][\s\S]*[\]}\"])(?P<tail>\s*\)\s*;?\s*)"
)
ASSIGNED_RE = re.compile(
    r"(?P<head>\s*(?:(?:var|let|const)\s+)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[['\"][\w$.-]+['\"]\])*"
    r"\s*=\s*)(?P<json>[\[{\"][\s\S]*[\]}\"])(?P<tail>\s*;?\s*)"
)
XML_LEAF_RE = re.compile(
    r"(?P<open><(?P<name>[A-Za-z_][\w.:-]{0,63})(?:\s[^<>]*)?>)(?P<value>[^<>]{1,65536})(?P<close></(?P=name)\s*>)"
)
_BASE64_RE = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_BASE64URL_RE = re.compile(r"[A-Za-z0-9_-]+={0,2}")
HEX_RE = re.compile(r"(?:[0-9a-f]{2})+|(?:[0-9A-F]{2})+")
_PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,20}://")


def is_printable_text(text: str) -> bool:
    """Text a person wrote or a program meant as text: no control characters but tab and newlines."""
    return bool(text) and all(char.isprintable() or char in "\t\r\n" for char in text)


def decode_base64(text: str) -> tuple[bytes, bool] | None:
    """(bytes, urlsafe) when `text` is base64 or base64url of at least `MIN_ENCODED` characters."""
    if len(text) < MIN_ENCODED or len(text.rstrip("=")) % 4 == 1:
        return None
    for regex, urlsafe in ((_BASE64_RE, False), (_BASE64URL_RE, True)):
        if regex.fullmatch(text):
            padded = text + "=" * (-len(text) % 4)
            try:
                decode = base64.urlsafe_b64decode if urlsafe else base64.b64decode
                return decode(padded.encode("ascii")), urlsafe
            except (binascii.Error, ValueError):
                return None
    return None


def encode_base64(data: bytes, urlsafe: bool, like: str) -> str:
    """Base64 of `data` in the alphabet and padding `like` used."""
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode("ascii")
    return text if like.endswith("=") or len(like) % 4 == 0 else text.rstrip("=")


#: Runs of base64 or hex inside a longer text (a token in a log line, a payload in a comment).
_EMBEDDED_RE = re.compile(
    r"(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{24,}={0,2}|[A-Za-z0-9_-]{24,}={0,2})(?![A-Za-z0-9+/=_-])"
)
#: RFC 3986's unreserved characters: escaped or not, they mean the same in a URL, JSON or HTML.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_UNRESERVED_ESCAPE_RE = re.compile(
    r"%(?P<pct>[0-9A-Fa-f]{2})|\\u00(?P<json>[0-9A-Fa-f]{2})|&#(?:(?P<dec>\d{1,3})|[xX](?P<hex>[0-9A-Fa-f]{1,2}));"
)


def unescape_unreserved(text: str) -> str:
    """`text` with percent, JSON and HTML escapes of letters, digits and ``-._~`` written as the
    characters: the same text for every reader (a URL, a JSON string, HTML), but a secret written
    ``%41KIA`` or ``&#65;KIA`` can no longer hide from a search."""

    def decode(match: re.Match[str]) -> str:
        code = match.group("pct") or match.group("json") or match.group("hex")
        char = chr(int(code, 16)) if code else chr(int(match.group("dec")))
        return char if char in _UNRESERVED else match.group()

    return _UNRESERVED_ESCAPE_RE.sub(decode, text)


def embedded_runs(text: str) -> list[re.Match[str]]:
    """Runs of base64 (24+ characters) inside `text` that are not the whole of it."""
    if len(text) < 25:
        return []
    return [match for match in _EMBEDDED_RE.finditer(text) if match.end() - match.start() < len(text)]


class ValueScrubber:
    """The structural half of a `Scrubber`: it decodes values and hands their parts back to it."""

    def __init__(self, scrubber: Scrubber) -> None:
        self.scrubber = scrubber

    # -- any value ------------------------------------------------------------------------

    def value(self, text: str, side: Side, depth: int = 0, named: bool = True) -> str:
        """`text` scrubbed by what it decodes to (see the module docstring)."""
        if not isinstance(text, str) or not text.strip() or is_any_placeholder(text):
            return text
        if depth > MAX_DEPTH:
            return TOO_DEEP
        # base64 before forms: "eyJh…fQ==" reads as a form pair too
        decoders = (
            self._json, self._script, self._xml, self._url, self._base64, self._hex, self._form, self._percent
        )  # fmt: skip
        for decoder in decoders:
            scrubbed = decoder(text, side, depth)
            if scrubbed is not None:  # decoded: shapes and known values are still looked for
                return self.scrubber.scrub_text(scrubbed, side, named)
        return self.scrubber.scrub_text(text, side, named)

    def _json(self, text: str, side: Side, depth: int) -> str | None:
        stripped = text.strip()
        if not stripped or stripped[0] not in '{["' or stripped[-1] not in '}]"':
            return None
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            return None
        if isinstance(data, str) and data == stripped:
            return None
        try:
            scrubbed = self.json(data, side, depth + 1)
        except RecursionError:
            return TOO_DEEP
        if scrubbed == data:
            return text
        spaced = re.search(r'"\s*:\s', stripped) is not None  # keep the look: {"a": 1} or {"a":1}
        return json.dumps(scrubbed, ensure_ascii=False, separators=(", ", ": ") if spaced else (",", ":"))

    def embedded(self, text: str, side: Side, depth: int = 0) -> str:
        """`text` with each base64 run inside it that decodes to text scrubbed and encoded back."""
        if depth > MAX_DEPTH:
            return text
        out, cursor = [], 0
        for match in embedded_runs(text):
            run = match.group()
            decode = self._hex if HEX_RE.fullmatch(run) else self._base64
            scrubbed = decode(run, side, depth)
            if scrubbed is not None and scrubbed != match.group():
                out += [text[cursor : match.start()], scrubbed]
                cursor = match.end()
        return "".join(out) + text[cursor:] if out else text

    def script(self, text: str, side: Side) -> str | None:
        """A JSONP answer or a script that only assigns JSON, scrubbed; None for other scripts."""
        return self._script(text, side, 0) if len(text) <= 4 * 1024 * 1024 else None

    def _script(self, text: str, side: Side, depth: int) -> str | None:
        """JSONP (``callback({...});``) and a script that only assigns JSON (``window.X = {...};``)."""
        for regex in (JSONP_RE, ASSIGNED_RE):
            match = regex.fullmatch(text)
            if match is None:
                continue
            inner = self._json(match.group("json"), side, depth)
            if inner is not None:
                return (
                    text
                    if inner == match.group("json")
                    else match.group("head") + inner + match.group("tail")
                )
        return None

    def _xml(self, text: str, side: Side, depth: int) -> str | None:
        """XML: each leaf element by its name (``<SecretAccessKey>``) or as a value of its own."""
        stripped = text.lstrip()
        if (
            not stripped.startswith("<")
            or XML_LEAF_RE.search(text) is None
            or stripped[:9].lower() == "<!doctype"
        ):
            return None

        def leaf(match: re.Match[str]) -> str:
            name, inner = match.group("name"), match.group("value")
            value = html.unescape(inner)
            kind = classify_field(name.rpartition(":")[2], value.strip(), side)
            scrubbed = (
                self.scrubber.redact(kind, value.strip()) if kind else self.value(value, side, depth + 1)
            )
            if scrubbed == value:
                return match.group()
            escaped = scrubbed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return match.group("open") + escaped + match.group("close")

        return XML_LEAF_RE.sub(leaf, text)

    def _url(self, text: str, side: Side, depth: int) -> str | None:
        if _SCHEME_RE.match(text) is None or any(char.isspace() for char in text):
            return None
        return self.url(text, side, depth)

    def _form(self, text: str, side: Side, depth: int) -> str | None:
        if "=" not in text or FORM_RE.fullmatch(text) is None:
            return None
        return self.form(text, side, depth, allow_list=False)

    def _percent(self, text: str, side: Side, depth: int) -> str | None:
        if not _PERCENT_RE.search(text) or any(char.isspace() for char in text):
            return None
        inner = unquote(text)
        if inner == text:
            return None
        scrubbed = self.value(inner, side, depth + 1)
        return text if scrubbed == inner else quote(scrubbed, safe="")

    def _base64(self, text: str, side: Side, depth: int) -> str | None:
        decoded = decode_base64(text)
        if decoded is None:
            return None
        data, urlsafe = decoded
        inner = text_of(data)
        if inner is None:
            return None
        scrubbed = self.value(inner, side, depth + 1)
        return text if scrubbed == inner else encode_base64(scrubbed.encode("utf-8"), urlsafe, text)

    def _hex(self, text: str, side: Side, depth: int) -> str | None:
        if len(text) < MIN_ENCODED or HEX_RE.fullmatch(text) is None:
            return None
        inner = text_of(bytes.fromhex(text))
        if inner is None:
            return None
        scrubbed = self.value(inner, side, depth + 1)
        if scrubbed == inner:
            return text
        encoded = scrubbed.encode("utf-8").hex()
        return encoded.upper() if text.isupper() else encoded

    # -- structures -----------------------------------------------------------------------

    def json(self, data: Any, side: Side, depth: int = 0) -> Any:
        """A JSON value with secret-named fields replaced and every string scrubbed as a value.

        An object that holds an access key id (by its shape) is a create-access-key answer: any
        field of it holding 40 characters of a secret's alphabet is the secret, whatever its name.
        """
        if depth > MAX_DEPTH * 8:
            raise RecursionError("JSON nested too deep")
        if isinstance(data, dict):
            holds_key_id = any(isinstance(v, str) and KEY_ID_RE.fullmatch(v) for v in data.values())
            out: dict[str, Any] = {}
            for name, value in data.items():
                kind = classify_field(name, value, side)
                if kind is None and holds_key_id and isinstance(value, str) and _secret_like(value):
                    kind = Kind.SECRET_ACCESS_KEY
                key = self.scrubber.scrub_text(name, side, named=False) if isinstance(name, str) else name
                out[key] = self.scrubber.redact(kind, value) if kind else self.json(value, side, depth + 1)
            return out
        if isinstance(data, list):
            return [self.json(item, side, depth + 1) for item in data]
        if isinstance(data, str):
            return self.value(data, side, depth)
        if isinstance(data, int) and not isinstance(data, bool) and 10**11 <= data < 10**12:
            scrubbed = self.scrubber.scrub_text(str(data), side, named=False)
            return int(scrubbed) if scrubbed.isdigit() else scrubbed
        return data

    def form(
        self, text: str, side: Side, depth: int = 0, *, allow_list: bool = False, seed: bool = False
    ) -> str:
        """``a=1&b=2``: secret-named values replaced, other values scrubbed as values; with
        `allow_list` (query strings), values of parameters outside the allow-list become placeholders;
        with `seed` (an ``otpauth://`` URL), ``secret`` is an MFA seed."""
        pairs = text.split("&")
        for index, pair in enumerate(pairs):
            name, eq, raw = pair.partition("=")
            if not eq:
                if allow_list and pair and not keeps_parameter(unquote_plus(pair)):
                    pairs[index] = self._opaque(pair)
                continue
            value = unquote_plus(raw)
            scrubbed = self.parameter(
                unquote_plus(name), value, side, depth, allow_list=allow_list, seed=seed
            )
            if scrubbed != value:
                pairs[index] = f"{name}={quote(scrubbed, safe='')}"
        return "&".join(pairs)

    def parameter(
        self,
        name: str,
        value: str,
        side: Side,
        depth: int = 0,
        *,
        allow_list: bool = True,
        seed: bool = False,
    ) -> str:
        """One decoded parameter value: secret-named → placeholder; with `allow_list`, a value of a
        parameter outside it → ``<value-N>`` (an absolute URL is scrubbed as one instead); else the
        value scrubbed by its structure."""
        kind = Kind.MFA_SEED if seed and name.lower() == "secret" else None
        kind = kind or classify_field(name, value, Side.REQUEST if allow_list else side)
        if kind is not None:
            return self.scrubber.redact(kind, value)
        if not value or is_any_placeholder(value):
            return value
        if allow_list and not keeps_parameter(name) and _SCHEME_RE.match(value) is None:
            return self.scrubber.opaque(value)
        return self.value(value, side, depth + 1)

    def _opaque(self, raw: str) -> str:
        """A bare query word outside the allow-list (``?SESSIONTOKEN``): short words stay."""
        value = unquote_plus(raw)
        if len(value) < 8 or is_any_placeholder(value):
            return self.scrubber.scrub_text(raw, Side.REQUEST)
        return quote(self.scrubber.opaque(value), safe="")

    def url(self, url: str, side: Side = Side.REQUEST, depth: int = 0) -> str:
        """A URL without user name or password, its query (and a fragment's parameters) reduced to
        the allow-list, its path and host scrubbed as text; placeholders percent-encoded."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.scrubber.scrub_text(url, side)
        netloc = parts.netloc.rpartition("@")[2]  # user:password@ never stays
        netloc = self.scrubber.scrub_text(netloc, side, named=False)
        path = "/".join(self._segment(segment, side, depth) for segment in parts.path.split("/"))
        seed = parts.scheme.lower() == "otpauth"
        query = self.form(parts.query, side, depth, allow_list=True, seed=seed) if parts.query else ""
        fragment = self.fragment(parts.fragment, side, depth)
        scrubbed = urlunsplit((parts.scheme, netloc, path, query, fragment))
        return url if scrubbed == urlunsplit(parts) and netloc == parts.netloc else scrubbed

    def _segment(self, segment: str, side: Side, depth: int) -> str:
        """One path segment, decoded (``/notes/eyJ…`` may be a payload) and scrubbed as a value."""
        decoded = unquote(segment)
        scrubbed = self.value(decoded, side, depth + 1, named=False) if decoded else decoded
        if scrubbed == decoded:
            return _encode_brackets(self.scrubber.scrub_text(segment, side, named=False))
        return quote(scrubbed, safe="@:!$&'()*+,;=~")

    def fragment(self, fragment: str, side: Side, depth: int) -> str:
        """``#/route?a=1`` or ``#access_token=…&b=2``: parameters by the allow-list, routes as text."""
        if not fragment:
            return fragment
        route, question, query = fragment.partition("?")
        if question:
            route = _encode_brackets(self.scrubber.scrub_text(route, side, named=False))
            return f"{route}?{self.form(query, side, depth, allow_list=True)}"
        if "=" in fragment and "/" not in fragment.split("=", 1)[0]:
            return self.form(fragment, side, depth, allow_list=True)
        return _encode_brackets(self.scrubber.scrub_text(fragment, side, named=False))


def text_of(data: bytes) -> str | None:
    """Bytes as printable UTF-8 text (gzip is unpacked first), else None."""
    from .bodies import gunzip_limited  # bodies imports this module

    if data[:2] == b"\x1f\x8b":
        unpacked = gunzip_limited(data)
        if unpacked is None:
            return None
        data = unpacked
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if is_printable_text(text) else None


def _secret_like(value: str) -> bool:
    """A value in a create answer that is the secret: 40 characters of the secret alphabet."""
    return is_secret_shaped(value) or (
        len(value) == 40 and re.fullmatch(r"[A-Za-z/+]{40}", value) is not None
    )


def _encode_brackets(text: str) -> str:
    return text.replace("<", "%3C").replace(">", "%3E")
