"""Where an image's ``src`` points: a file of the site, or an external URL.

A browser resolves a relative ``src`` against the page's URL (``site.baseurl`` + the URL Jekyll gives
the page), so ``../fig/a.png`` on ``/course/01-intro/`` is ``/course/fig/a.png``. A URL on the site's
own ``site.url`` + ``site.baseurl`` is a file of the site too.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BASE_HOST = "https://site.invalid"


@dataclass(frozen=True)
class Target:
    """An image source resolved against its page.

    ``site_path`` is the file's path from the site root (``images/a.png``) for a file of the site;
    ``url`` the absolute URL for an external image; ``problem`` says why neither can be told.
    ``note`` warns about a path that works differently from how it reads.
    """

    site_path: str | None = None
    url: str | None = None
    problem: str | None = None
    note: str | None = None

    @property
    def external(self) -> bool:
        return self.url is not None


def resolve_src(src: str, *, page_url: str | None, baseurl: str, site_url: str) -> Target:
    """Resolve an ``<img src>`` value (entities already decoded) on the page at ``page_url``."""
    value = src.strip()
    if not value:
        return Target(problem="the <img> has no src (or an empty one), so it shows no image file")
    if value.startswith("//") or _SCHEME.match(value):
        own = f"{site_url}{baseurl}/" if site_url else None
        if own and value.startswith(own):
            value = value[len(site_url) :]
        else:
            return Target(url=value)
    note = None
    if "\\" in value:
        note = "the path holds a backslash, which kramdown keeps as it is: write '/' between folders"
    base = _BASE_HOST + baseurl + (page_url or "/")
    absolute = urljoin(base, value)
    path = unquote(urlsplit(absolute).path)
    if baseurl and not (path == baseurl or path.startswith(baseurl + "/")):
        note = (
            f"the path leaves the site's baseurl ({baseurl}): on the published site it points outside "
            "the course; write it relative to the page, or with {{ site.baseurl }} or | relative_url"
        )
        inside = path
    else:
        inside = path[len(baseurl) :]
    inside = posixpath.normpath(inside) if inside not in ("", "/") else "/"
    if inside == "/" or path.endswith("/"):
        return Target(problem=f"'{src}' names a folder, not an image file", note=note)
    return Target(site_path=inside.lstrip("/"), note=note)
