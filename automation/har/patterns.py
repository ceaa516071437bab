"""Recognise secrets by their shape in free text (bodies, URLs, header values).

`find_shapes` finds values that are secret wherever they appear (key ids, secrets next to key
ids, account ids, emails, JWTs, AWS session tokens, bearer values). `find_named_values` finds
``name: "value"`` / ``name=value`` pairs whose name says the value is secret (JSON embedded in
HTML or scripts, query strings inside other strings, hidden inputs and meta tags).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from .kinds import Kind, contains_only_placeholders, is_safe
from .names import Side, classify_field


@dataclass(frozen=True)
class Finding:
    """A secret found in a text: its kind, value, and the span of its (encoded) form."""

    kind: Kind
    value: str
    start: int
    end: int
    url_encoded: bool = False


_AFTER_ESCAPE = r"(?:(?<=%[0-9A-Fa-f]{2})|(?<=%25[0-9A-Fa-f]{2})|(?<=\\[nrt])|(?<![A-Za-z0-9]))"
KEY_ID_RE = re.compile(_AFTER_ESCAPE + r"(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
SECRET_RE = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
ACCOUNT_RE = re.compile(_AFTER_ESCAPE + r"(?<!\.)\d{12}(?![A-Za-z0-9]|\.\d)")
_DIGIT_RUN_RE = re.compile(r"\d{12,}")
_DASHED_QUICK_RE = re.compile(r"\d{4}-\d{4}-\d{4}")
DASHED_ACCOUNT_RE = re.compile(r"(?<![A-Za-z0-9-])\d{4}-\d{4}-\d{4}(?![A-Za-z0-9-])")
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
SESSION_TOKEN_RE = re.compile(r"(?:FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{20,}")
BEARER_RE = re.compile(r"\b(?:Bearer|Basic)\s+(?P<value>[A-Za-z0-9._~+/=-]{8,})")
#: How far (characters) from a key id a 40-character value counts as its secret.
SECRET_WINDOW = 300

_FILE_SUFFIXES = frozenset(
    {
        "avif", "bmp", "css", "gif", "htm", "html", "ico", "jpeg", "jpg", "js", "json", "map",
        "mjs", "mp4", "png", "svg", "ttf", "txt", "webp", "woff", "woff2", "xml",
    }
)  # fmt: skip
_QUOTED_PAIR_RE = re.compile(
    r"""(?P<q>["']?)(?P<name>[A-Za-z_$][\w$.-]{0,63})(?P=q)\s*[:=]\s*"""
    r"""(?P<vq>["'])(?P<value>(?:\\.|(?!(?P=vq))[^\\\n]){1,4096})(?P=vq)"""
)
_URL_RE = re.compile(r"(?:https?|otpauth)://[^\s\"'<>\\`]+", re.IGNORECASE)
_QUERY_PAIR_RE = re.compile(r"(?<=[?&#])(?P<name>[\w.%-]{1,64})=(?P<value>[^&#\s\"'<>;]*)")
_XML_PAIR_RE = re.compile(
    r"<(?P<name>[A-Za-z_][\w.:-]{0,63})(?:\s[^<>]*)?>(?P<value>[^<>]{1,4096})</(?P=name)\s*>"
)
#: ``NAME=VALUE`` outside quotes and URLs: .env lines, shell exports, ``AWSSecretKey=…`` in text.
_ASSIGNMENT_RE = re.compile(
    r"(?<![\w$.?&#%/-])(?:export[ \t]+)?(?P<name>[A-Za-z_][\w-]{1,63})[ \t]*=[ \t]*"
    r"(?P<value>[^\s\"'<>;,&()\[\]{}`]{1,4096})"
)
#: Values that are code, not data: a dotted path (``e.target.value``) or a keyword.
_CODE_VALUE_RE = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|null|undefined|true|false|this")
_HTML_PAIR_RE = re.compile(
    r"""<(?:input|meta)\b[^>]*?\bname\s*=\s*["'](?P<name>[^"']{1,64})["'][^>]*?"""
    r"""\b(?:value|content)\s*=\s*(?P<vq>["'])(?P<value>[^"']*)(?P=vq)""",
    re.IGNORECASE,
)


#: How many times an escape is undone (a value percent-encoded twice, HTML-escaped twice).
MAX_ESCAPE_LEVELS = 3
#: Texts longer than this are decoded only around their escapes (see `views`).
WHOLE_VIEW_LIMIT = 64 * 1024
_ESCAPES = (
    ("%", re.compile(r"(?:%[0-9A-Fa-f]{2})+"), unquote),
    ("\\", re.compile(r"(?:\\/|\\u00[0-9A-Fa-f]{2})+"), lambda t: _JSON_ESCAPE_RE.sub(_unescape_json, t)),
    ("&", re.compile(r"&#?\w{2,8};"), lambda t: _ENTITY_RE.sub(_unescape_entity, t)),
)
#: HTML character references with their closing semicolon. HTML5 also decodes a few legacy names
#: without one (``&reg``), which turns the query ``…&region=`` into ``…®ion=``: never here.
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_JSON_ESCAPE_RE = re.compile(r"\\/|\\u00([0-9A-Fa-f]{2})")
_WINDOW = 256


def _unescape_entity(match: re.Match[str]) -> str:
    return html.unescape(match.group())


def _unescape_json(match: re.Match[str]) -> str:
    return "/" if match.group(1) is None else chr(int(match.group(1), 16))


def views(text: str) -> list[str]:
    """`text` and its decoded forms (percent escapes, JSON ``\\/`` and ``\\u00XX``, HTML
    entities), for detection only. Long texts are decoded in windows around their escapes."""
    out = [text]
    for marker, escape_re, decode in _ESCAPES:
        if marker not in text:
            continue
        if len(text) <= WHOLE_VIEW_LIMIT:
            decoded = text
            for _ in range(MAX_ESCAPE_LEVELS):  # %2522 is a quote escaped twice
                again = decode(decoded)
                if again == decoded:
                    break
                out.append(again)
                decoded = again
            continue
        for start, end in _windows(escape_re, text):
            out.append(decode(text[start:end]))
    return out


def _windows(escape_re: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged spans of `_WINDOW` characters around each escape in `text`."""
    spans: list[tuple[int, int]] = []
    for match in escape_re.finditer(text):
        start, end = max(0, match.start() - _WINDOW), match.end() + _WINDOW
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _matches(regex: re.Pattern[str], text: str, *markers: str) -> Iterator[re.Match[str]]:
    """`regex`'s matches, skipped at once when `text` holds none of the literal `markers`."""
    if not markers or any(marker in text for marker in markers):
        yield from regex.finditer(text)


def find_shapes(text: str) -> Iterator[Finding]:
    """Every secret-shaped value in `text` that is not a placeholder or documentation example."""
    for match in _matches(JWT_RE, text, "eyJ"):
        yield Finding(Kind.TOKEN, match.group(), match.start(), match.end())
    for match in _matches(SESSION_TOKEN_RE, text, "FwoGZXIvYXdz", "IQoJb3JpZ2lu"):
        yield Finding(Kind.SECURITY_TOKEN, match.group(), match.start(), match.end())
    for match in _matches(BEARER_RE, text, "Bearer", "Basic"):
        value = match.group("value")
        if looks_secret(value) and not is_safe(Kind.AUTHORIZATION, value):
            yield Finding(Kind.AUTHORIZATION, value, match.start("value"), match.end("value"))
    for match in _matches(KEY_ID_RE, text, "AKIA", "ASIA"):
        if not is_safe(Kind.ACCESS_KEY_ID, match.group()):
            yield Finding(Kind.ACCESS_KEY_ID, match.group(), match.start(), match.end())
        low, high = max(0, match.start() - SECRET_WINDOW), match.end() + SECRET_WINDOW
        for near in SECRET_RE.finditer(text, low, high):
            if not is_safe(Kind.SECRET_ACCESS_KEY, near.group()) and _mixed(near.group()):
                yield Finding(Kind.SECRET_ACCESS_KEY, near.group(), near.start(), near.end())
    if _DASHED_QUICK_RE.search(text):
        for match in DASHED_ACCOUNT_RE.finditer(text):
            if not is_safe(Kind.ACCOUNT_ID, match.group()):
                yield Finding(Kind.ACCOUNT_ID, match.group(), match.start(), match.end())
    for match in _DIGIT_RUN_RE.finditer(text):  # cheaper than ACCOUNT_RE on big bundles
        value = match.group()
        if len(value) == 12 and ACCOUNT_RE.match(text, match.start()) and not is_safe(Kind.ACCOUNT_ID, value):
            yield Finding(Kind.ACCOUNT_ID, value, match.start(), match.end())
    for match in _matches(EMAIL_RE, text, "@"):
        value = match.group()
        if _is_email(value) and not is_safe(Kind.EMAIL, value):
            yield Finding(Kind.EMAIL, value, match.start(), match.end())


def shape_of(value: str) -> Kind | None:
    """The kind a bare value has by its shape alone (key id, secret, account, email)."""
    if KEY_ID_RE.fullmatch(value):
        return Kind.ACCESS_KEY_ID
    if SECRET_RE.fullmatch(value) and _mixed(value):
        return Kind.SECRET_ACCESS_KEY
    if ACCOUNT_RE.fullmatch(value) or DASHED_ACCOUNT_RE.fullmatch(value):
        return Kind.ACCOUNT_ID
    if EMAIL_RE.fullmatch(value):
        return Kind.EMAIL
    return None


def _mixed(value: str) -> bool:
    """A plausible secret: letters with digits or with both cases (about 1 secret in 900 has no
    digit), not a hex digest or a plain path."""
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    both_cases = any(c.isupper() for c in value) and any(c.islower() for c in value)
    is_hex = re.fullmatch(r"[0-9a-f]{40}|[0-9A-F]{40}", value) is not None
    return has_alpha and (has_digit or both_cases) and not is_hex


def _is_email(value: str) -> bool:
    """Reject file names that look like addresses (``logo@2x.png``)."""
    domain = value.rpartition("@")[2].lower()
    first, _, _ = domain.partition(".")
    suffix = domain.rpartition(".")[2]
    return suffix not in _FILE_SUFFIXES and re.fullmatch(r"\d+(?:\.\d+)?x", first) is None


def find_named_values(text: str, side: Side = Side.RESPONSE) -> Iterator[Finding]:
    """Values of secret-named pairs inside free text (spans point at the value).

    Pairs are quoted ``name: "value"`` (JSON, scripts), ``<input name=… value=…>`` and
    ``<meta name=… content=…>``, XML leaf elements ``<SecretAccessKey>…</SecretAccessKey>``,
    unquoted ``NAME=VALUE`` assignments (``AWS_SECRET_ACCESS_KEY=…``, ``AWSSecretKey=…``), and query
    and fragment parameters of absolute URLs (always read as requests; every ``secret`` of an
    ``otpauth://`` URL is an MFA seed). Quoted values must also look secret (`looks_secret`), have a
    secret's shape, or be a 6-8 digit code: ``{password: "Password"}`` is a label.
    """
    quoted = '"' in text or "'" in text
    for regex, wanted in (
        (_QUOTED_PAIR_RE, quoted and (":" in text or "=" in text)),
        (_HTML_PAIR_RE, quoted and "<" in text),
        (_XML_PAIR_RE, "</" in text),
        (_ASSIGNMENT_RE, "=" in text),
    ):
        for match in regex.finditer(text) if wanted else ():
            finding = _named(match, side)
            if finding is not None:
                yield finding
    if "://" in text:
        for url in _URL_RE.finditer(text):
            seed = url.group().lower().startswith("otpauth:")
            for match in _QUERY_PAIR_RE.finditer(text, url.start(), url.end()):
                finding = _named(match, Side.REQUEST, seed=seed)
                if finding is not None:
                    yield finding


def _named(match: re.Match[str], side: Side, seed: bool = False) -> Finding | None:
    """The finding for one name/value match, if the name says the value is secret."""
    name = unquote(match.group("name")).rpartition(":")[2]  # xml prefixes: <aws:SecretKey>
    raw = match.group("value")
    value = _unescape(raw, match.groupdict().get("vq"), markup=match.re in (_XML_PAIR_RE, _HTML_PAIR_RE))
    kind = Kind.MFA_SEED if seed and name.lower() == "secret" and value else classify_field(name, value, side)
    if kind is None or is_safe(kind, raw) or is_safe(kind, value) or contains_only_placeholders(value):
        return None
    if not _plausible(kind, value, match.re):
        return None
    encoded = match.re is _QUERY_PAIR_RE
    return Finding(kind, value, match.start("value"), match.end("value"), encoded)


def _plausible(kind: Kind, value: str, regex: re.Pattern[str]) -> bool:
    """Whether a secret-named value is data rather than a label or code."""
    if kind in (Kind.MFA_CODE, Kind.MFA_SEED) or regex is _XML_PAIR_RE:
        return True  # codes are checked by classify_field; XML leaves are data
    if regex is _ASSIGNMENT_RE:
        return len(value) >= 6 and _CODE_VALUE_RE.fullmatch(value) is None
    if regex is _QUERY_PAIR_RE and kind is not Kind.VALUE:
        return len(value) >= 4
    return looks_secret(value) or is_secret_shaped(value)


def is_secret_shaped(value: str) -> bool:
    """40 characters of a secret access key's alphabet, mixed like one (digits or not)."""
    return SECRET_RE.fullmatch(value) is not None and _mixed(value)


def _unescape(raw: str, quote: str | None, markup: bool = False) -> str:
    """The value a quoted JSON/JS string (or an XML leaf, an HTML attribute) stands for (best effort)."""
    if markup:
        return html.unescape(raw).strip()
    if quote == '"' and "\\" in raw:
        try:
            return str(json.loads(f'"{raw}"'))
        except ValueError:
            return raw
    if quote is None and "%" in raw:
        return unquote(raw.replace("+", " "))
    return raw


def looks_secret(value: str) -> bool:
    """A value worth treating as a secret in free text: 8+ characters, no spaces, letters and
    digits (``same-origin``, ``iam-password`` or ``Password`` are names, not secrets)."""
    if len(value) < 8 or any(c.isspace() for c in value):
        return False
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def is_code(mime: str) -> bool:
    """Scripts and style sheets: name/value pairs there are code (``credentials:"same-origin"``,
    CSS-module class names), so only shapes and known values are looked for."""
    return re.search(r"javascript|ecmascript|css", mime or "", re.IGNORECASE) is not None
