"""Serves the built page bundle and the classic pages (shipped data, see automation.resources)."""

from __future__ import annotations

from pathlib import Path

from automation.resources import replica_dist

from .messages import ReplicaResponse, text_response

ASSET_PREFIX = "/__replica/assets/"
#: The classic edition's plain HTML/CSS/JS pages (no build step), served under CLASSIC_PREFIX.
CLASSIC_PREFIX = "/__replica/classic/"

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


class AssetStore:
    """Files of the bundle's dist folder; a clear 404 when the bundle is not built."""

    def __init__(self, dist: Path | None = None, prefix: str = ASSET_PREFIX) -> None:
        self.dist = dist if dist is not None else replica_dist()
        self.prefix = prefix

    def answer(self, path: str) -> ReplicaResponse:
        """The file for a `<prefix><name>` path, or a 404 that says what to do."""
        name = path[len(self.prefix) :]
        root = self.dist.resolve()
        target = (root / name).resolve()
        if not name or root not in target.parents:
            return text_response(f"Replica asset {name!r} is not a file of the bundle.", 404)
        if not target.is_file():
            return text_response(self.missing_message(name), 404)
        content_type = _TYPES.get(target.suffix.lower(), "application/octet-stream")
        headers = (("content-type", content_type), ("cache-control", "no-cache"))
        return ReplicaResponse(200, headers, target.read_bytes())

    def missing_message(self, name: str) -> str:
        """Why an asset is missing, and the fix."""
        if not self.dist.is_dir():
            return (
                f"Replica asset {name!r} is missing: the page bundle is not there ({self.dist} does not "
                "exist). Reinstall aws-console-flows."
            )
        return f"Replica asset {name!r} is missing from {self.dist}. Reinstall aws-console-flows."
