"""The headers and query parameters a recording keeps as they are (by name); every other one keeps its
name and gets a placeholder instead of its value.

Kept values are still scrubbed (a kept ``Referer`` is a URL scrubbed like any other). The lists hold what
replay needs to answer the browser (content type, redirects, caching, CORS) and what a reviewer needs to
read a request (method, accepted types, the browser); names are compared lower-case.
"""

from __future__ import annotations

#: Request headers kept: what the browser says about itself and what it accepts.
REQUEST_HEADERS = frozenset(
    {
        ":authority", ":method", ":path", ":scheme", "accept", "accept-encoding", "accept-language",
        "cache-control", "connection", "content-length", "content-type", "dnt", "host", "origin",
        "pragma", "priority", "referer", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform",
        "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user", "te",
        "upgrade-insecure-requests", "user-agent", "x-requested-with",
    }
)  # fmt: skip
#: Response headers kept: what replay serves (type, redirects, caching, CORS, framing, security).
RESPONSE_HEADERS = frozenset(
    {
        ":status", "accept-ranges", "access-control-allow-credentials", "access-control-allow-headers",
        "access-control-allow-methods", "access-control-allow-origin", "access-control-expose-headers",
        "access-control-max-age", "age", "alt-svc", "cache-control", "connection", "content-disposition",
        "content-encoding", "content-language", "content-length", "content-location",
        "content-security-policy", "content-security-policy-report-only", "content-type",
        "cross-origin-embedder-policy", "cross-origin-opener-policy", "cross-origin-resource-policy",
        "date", "expires", "keep-alive", "last-modified", "location", "permissions-policy", "pragma",
        "referrer-policy", "server", "status", "strict-transport-security", "timing-allow-origin",
        "transfer-encoding", "vary", "x-content-type-options", "x-frame-options", "x-xss-protection",
        "x-replica-redirect",  # the offline replica's redirect, a URL (replay follows it)
    }
)  # fmt: skip
#: Headers whose value is a URL (scrubbed as one).
URL_HEADERS = frozenset({"referer", "origin", "location", "content-location", ":path", "x-replica-redirect"})
#: Headers with their own rule: names kept, every value a placeholder.
COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})

#: Query (and fragment) parameters kept: locale, paging, view state, the console's own navigation, and
#: the public parts of an OAuth redirect. Not kept: state, code, nonce, code_challenge, tokens, ids.
QUERY_PARAMETERS = frozenset(
    {
        "_", "callback", "client_id", "code_challenge_method", "forcemobileapp", "forcemobilelayout",
        "format", "hashargs", "hl", "isauthcode", "lang", "language", "limit", "locale", "max-results",
        "mode", "offset", "order", "page", "pagesize", "path", "per_page", "redirect_uri", "region",
        "response_mode", "response_type", "scope", "section", "sort", "tab", "type", "username", "v",
        "ver", "version", "view",
    }
)  # fmt: skip


def keeps_header(name: str, request: bool) -> bool:
    """Whether a request (or response) header called `name` keeps its (scrubbed) value."""
    return name.lower() in (REQUEST_HEADERS if request else RESPONSE_HEADERS)


def keeps_parameter(name: str) -> bool:
    """Whether a query or fragment parameter called `name` keeps its (scrubbed) value."""
    return name.lower() in QUERY_PARAMETERS
