"""URLs fit for a message: no user name or password, no query or fragment values, secrets in the host
and path masked (and any path segment that is not a short plain word). Anything a foreign file holds
may be secret, so a message shows only where a request went, never what it carried.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .patterns import find_named_values, find_shapes

#: Longest URL shown in a message.
MAX_SHOWN = 200
MASK = "[…]"
#: A path segment shown as it is: a short word (an escape, a long token or an odd character is masked).
_PLAIN_SEGMENT_RE = re.compile(r"[A-Za-z0-9._~-]{0,40}")
_URL_IN_TEXT_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s\"'<>`]+")


def _mask_shapes(text: str) -> str:
    findings = sorted(
        [*find_shapes(text), *find_named_values(text)], key=lambda finding: finding.start, reverse=True
    )
    for finding in findings:
        text = text[: finding.start] + MASK + text[finding.end :]
    return text


def safe_url(url: str) -> str:
    """`url` as ``scheme://host/path`` with ``?…`` / ``#…`` marking a dropped query or fragment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return MASK
    host = parts.netloc.rpartition("@")[2]
    segments = parts.path.split("/")
    path = "/".join(each if _PLAIN_SEGMENT_RE.fullmatch(each) else MASK for each in segments)
    shown = f"{parts.scheme}://{host}{path}" if parts.scheme else f"{host}{path}"
    shown = _mask_shapes(shown)
    if len(shown) > MAX_SHOWN:
        shown = shown[:MAX_SHOWN] + "…"
    if parts.query:
        shown += "?…"
    if parts.fragment:
        shown += "#…"
    return shown


def safe_urls_in(text: str) -> str:
    """Every URL in `text` replaced by its `safe_url`."""
    return _URL_IN_TEXT_RE.sub(lambda match: safe_url(match.group()), text)
