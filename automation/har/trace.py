"""Scrub a Playwright trace zip the way recordings are scrubbed, member by member.

- ``trace.network``: one HAR entry per line (``resource-snapshot``), scrubbed like a recording's entries
  (the allow-list, cookies, URLs), its body references kept;
- ``resources/*``: the bodies those entries point at, scrubbed by the same rule as a recording's bodies
  (static assets kept, others decoded field by field, undecodable ones replaced by a placeholder); a
  resource no entry points at is scrubbed as text, or dropped when it is binary;
- ``trace.trace`` and other text members: DOM snapshots and action logs, every learned secret replaced in
  every encoding; small events (actions, logs, console) are also scrubbed by structure.

Two passes: the first learns every secret of every member (a secret seen in the create answer is then
replaced in the DOM snapshots too), the second writes. Resource members are named by Playwright after
the SHA-1 of their unscrubbed bytes, which would let anyone confirm a guessed password or MFA code
offline; every resource is renamed after the SHA-1 of its scrubbed bytes, and the references to it in
the other members with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .bodies import is_media, is_static_asset
from .entries import HarScrubber
from .names import Side
from .scrub import Scrubber

#: Events up to this size are scrubbed by structure (longer ones carry bundles: shapes and learned values).
STRUCTURED_EVENT_LIMIT = 64 * 1024
_KEPT_NAME_RE = re.compile(r"[\w.-]*\.(?:trace|network|stacks)")
_RESOURCE_RE = re.compile(r"resources/(?P<prefix>[\w.@-]*?)(?P<sha1>[0-9a-f]{40})(?P<suffix>\.\w+)?")
_SHA1_RE = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class _Body:
    """What a network entry says about a resource: its type, and whose body it is."""

    mime: str
    method: str
    url: str
    side: Side


class TraceScrubber:
    """Scrubs the members of one trace zip (see the module docstring)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.scrubber = Scrubber(secrets)
        self.bodies: dict[str, _Body] = {}

    def scrub(self, source: Path, target: Path) -> None:
        """Write the scrubbed copy of the trace zip `source` to `target`."""
        with zipfile.ZipFile(source) as raw:
            members = [(info, raw.read(info)) for info in raw.infolist() if not info.is_dir()]
        self._index_bodies(members)
        for _ in range(2):  # learn, then write with everything learned
            scrubbed = [(info.filename, self._member(info.filename, data)) for info, data in members]
        renames = _renames(scrubbed)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for number, (name, data) in enumerate(scrubbed, start=1):
                out.writestr(_new_name(name, renames, number), _rename_references(data, renames))

    def _index_bodies(self, members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        """Which resource holds which body (from the network entries' references)."""
        for info, data in members:
            if not info.filename.endswith(".network"):
                continue
            for entry in _network_entries(data):
                request, response = entry["request"], entry["response"]
                method, url = str(request.get("method", "GET")), str(request.get("url", ""))
                for part, side in (
                    (request.get("postData"), Side.REQUEST),
                    (response.get("content"), Side.RESPONSE),
                ):
                    if isinstance(part, dict):
                        for reference in (part.get("_file"), part.get("_sha1")):
                            if isinstance(reference, str):
                                self.bodies[PurePosixPath(reference).name] = _Body(
                                    str(part.get("mimeType") or ""), method, url, side
                                )

    def _member(self, name: str, data: bytes) -> bytes:
        if name.endswith(".network"):
            return self._network(data)
        body = self.bodies.get(PurePosixPath(name).name)
        if name.startswith("resources/"):
            return self._resource(data, body)
        text = _text(data)
        if text is None:
            return b"<member dropped: binary data>"
        if name.endswith(".trace"):
            return self._events(text).encode("utf-8")
        return self.scrubber.scrub_text(text, Side.RESPONSE).encode("utf-8")

    def _network(self, data: bytes) -> bytes:
        writer = HarScrubber(self.scrubber, keep_references=True)
        lines = []
        for line in (_text(data) or "").splitlines():
            event = _json_line(line)
            snapshot = event.get("snapshot") if isinstance(event, dict) else None
            if isinstance(snapshot, dict) and _is_entry(snapshot):
                writer.entry(snapshot)
                lines.append(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
            elif event is not None:
                lines.append(json.dumps(writer.generic(event), ensure_ascii=False, separators=(",", ":")))
            elif line.strip():
                lines.append(self.scrubber.scrub_text(line, Side.RESPONSE))
        return ("\n".join(lines) + "\n").encode("utf-8")

    def _resource(self, data: bytes, body: _Body | None) -> bytes:
        """A body: the recording rule (static assets kept, others by format, undecodable dropped)."""
        text = _text(data)
        mime = body.mime if body else ""
        static = body is not None and is_static_asset(body.method, body.url, mime)
        if text is None:
            latin = data.decode("latin-1")
            if is_media(mime) and self.scrubber.replace_known(latin) == latin:
                return data
            return f"<body dropped: binary {mime or 'data'}>".encode()
        side = body.side if body else Side.RESPONSE
        if static:
            scripted = self.scrubber.values.script(text, side)
            return self.scrubber.scrub_text(scripted or text, side, named=False).encode("utf-8")
        return self.scrubber.scrub_body(text, mime, side).encode("utf-8")

    def _events(self, text: str) -> str:
        """Trace events: small ones by structure and learned values, DOM snapshots by learned values."""
        out = []
        for line in text.splitlines():
            structured = len(line) <= STRUCTURED_EVENT_LIMIT and '"type":"frame-snapshot"' not in line[:64]
            event = _json_line(line) if structured else None
            if event is not None:
                scrubbed = HarScrubber(self.scrubber).generic(event)
                out.append(json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":")))
                continue
            # DOM snapshots by names and shapes; a long event (a bundle fulfilled by the replica) is code
            named = len(line) <= STRUCTURED_EVENT_LIMIT
            out.append(self.scrubber.scrub_text(line, Side.RESPONSE, named=named))
        return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def scrub_trace_zip(source: Path, target: Path, secrets: Iterable[str]) -> None:
    """Copy the trace zip `source` to `target` with every member scrubbed (see the module docstring)."""
    TraceScrubber(secrets).scrub(source, target)


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _json_line(line: str) -> Any:
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _is_entry(snapshot: dict[str, Any]) -> bool:
    return isinstance(snapshot.get("request"), dict) and isinstance(snapshot.get("response"), dict)


def _network_entries(data: bytes) -> list[dict[str, Any]]:
    entries = []
    for line in (_text(data) or "").splitlines():
        event = _json_line(line)
        snapshot = event.get("snapshot") if isinstance(event, dict) else None
        if isinstance(snapshot, dict) and _is_entry(snapshot):
            entries.append(snapshot)
    return entries


def _renames(members: list[tuple[str, bytes]]) -> dict[str, str]:
    """Old SHA-1 of each resource → SHA-1 of its scrubbed bytes."""
    renames = {}
    for name, data in members:
        match = _RESOURCE_RE.fullmatch(name)
        if match:
            renames[match.group("sha1")] = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    return renames


def _new_name(name: str, renames: dict[str, str], number: int) -> str:
    """A member's name in the scrubbed zip: resources after their scrubbed content, Playwright's own
    members as they are, anything else numbered (a name may hold anything)."""
    match = _RESOURCE_RE.fullmatch(name)
    if match:
        return f"resources/{match.group('prefix')}{renames[match.group('sha1')]}{match.group('suffix') or ''}"
    if _KEPT_NAME_RE.fullmatch(name):
        return name
    return f"other/{number:04d}"


def _rename_references(data: bytes, renames: dict[str, str]) -> bytes:
    if not renames or _text(data) is None:
        return data
    text = data.decode("utf-8")
    return _SHA1_RE.sub(lambda match: renames.get(match.group(), match.group()), text).encode("utf-8")
