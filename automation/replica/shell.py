"""The one HTML shell every replica page is: it boots the bundle with window.__REPLICA__."""

from __future__ import annotations

import html
import json
from typing import Any

from .clock import iso
from .fake_iam import FakeIam
from .hosts import ReplicaHosts
from .sessions import Session

#: Page titles as the real console words them, by path prefix.
_TITLES = (
    ("/signin", "Amazon Web Services Sign-In"),
    ("/sessions", "Amazon Web Services Sign-In"),
    ("/console/home", "Console Home | Console Home | us-east-1"),
    ("/iam", "IAM | Global"),
    ("/console", "Amazon Web Services Sign-In"),
)


def page_title(path: str) -> str:
    """The document title for a page path."""
    return next((title for prefix, title in _TITLES if path.startswith(prefix)), "AWS")


def replica_globals(
    *,
    edition: str,
    faults: frozenset[str],
    hosts: ReplicaHosts,
    session: Session | None,
    iam: FakeIam,
    variants: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The window.__REPLICA__ object."""
    return {
        "edition": edition,
        "faults": sorted(faults),
        "variants": sorted(variants),
        "hosts": hosts.to_json(),
        "session": session.to_json(iam.account) if session else None,
        "now": iso(iam.clock.now()),
    }


# `download-drop`: the page's blob download ("Download .csv file") goes over the network instead,
# where the router breaks it midway (see DOWNLOAD_PREFIX in router.py).
_DOWNLOAD_DROP_JS = (
    "(() => { const click = HTMLAnchorElement.prototype.click;"
    " HTMLAnchorElement.prototype.click = function () {"
    " if (this.download && this.href.startsWith('blob:')) {"
    " this.href = '/__replica/download/' + encodeURIComponent(this.download); }"
    " return click.call(this); }; })();"
)


def _globals_script(replica: dict[str, Any]) -> str:
    """The inline script's body: window.__REPLICA__, and the `download-drop` hook when that fault is on."""
    data = json.dumps(replica).replace("<", "\\u003c").replace(">", "\\u003e")
    if "download-drop" in replica.get("faults", ()):
        data += f";\n{_DOWNLOAD_DROP_JS}"
    return data


def bundle_for(path: str) -> str:
    """The page bundle of `path`: ``signin`` (React and the sign-in UI only) or ``replica`` (the console)."""
    page = path.rstrip("/") or "/"
    if page in ("/signin", "/oauth", "/console") or page.startswith(("/signin/", "/sessions/")):
        return "signin"
    return "replica"


def render_shell(path: str, replica: dict[str, Any]) -> str:
    """The HTML shell of the contract, for the page at `path`."""
    data = _globals_script(replica)
    bundle = bundle_for(path)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(page_title(path))}</title>\n"
        f'<link rel="stylesheet" href="/__replica/assets/{bundle}.css"></head>\n'
        '<body><div id="root"></div>\n'
        f"<script>window.__REPLICA__ = {data};</script>\n"
        f'<script src="/__replica/assets/{bundle}.js"></script></body></html>\n'
    )


def render_classic_shell(path: str, replica: dict[str, Any]) -> str:
    """The shell of a classic-edition console page: the plain pages under /__replica/classic/."""
    data = _globals_script(replica)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(page_title(path))}</title>\n"
        '<link rel="stylesheet" href="/__replica/classic/classic.css"></head>\n'
        '<body><div id="root"></div>\n'
        f"<script>window.__REPLICA__ = {data};</script>\n"
        '<script src="/__replica/classic/classic.js"></script></body></html>\n'
    )


def render_redirect(location: str) -> str:
    """A page that navigates to `location` (Playwright does not route fulfilled 3xx redirects).

    Like a browser following a real 3xx, it keeps the current `#fragment` when `location` has none.
    """
    target = json.dumps(location).replace("<", "\\u003c").replace(">", "\\u003e")
    script = f"var t = {target}; location.replace(t.indexOf('#') < 0 ? t + location.hash : t);"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Redirecting…</title>'
        f"</head><body><script>{script}</script>"
        f'<noscript><a href="{html.escape(location)}">Continue</a></noscript></body></html>\n'
    )
