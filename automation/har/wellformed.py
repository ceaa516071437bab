"""Is a HAR well-formed enough to scrub or replay? One paragraph naming the first problem, exit 8.

Checked, before anything reads the file: nesting depth (`MAX_NESTING`), the type of every field the
scrubber and the replay router read (entries, requests, responses, headers, cookies, query and post
parameters, bodies, MIME types, statuses), and body encodings (a body that says base64 must be base64).
Fields no one reads (timings, vendor fields) may hold anything; optional strings may be null (Charles
writes ``"redirectURL": null``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from automation.errors import RecordingError

#: Deepest nesting accepted (browser exports nest about 12 levels; Chrome's async stacks a few dozen).
MAX_NESTING = 200
_STEP = "load recording"
_FIX = (
    "Export the HAR again from the browser (or record it again with --record PATH.har); "
    "never edit it by hand."
)
_NAMED_LISTS = ("headers", "cookies", "queryString")


def nesting(data: Any) -> int:
    """How deep `data` nests (a scalar is 0), measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_NESTING:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def check_wellformed(har: Any, source: str) -> list[dict[str, Any]]:
    """The entries of `har`; RecordingError (exit 8) naming the first malformed place."""
    if nesting(har) > MAX_NESTING:
        _fail(source, f"it nests more than {MAX_NESTING} levels deep (HAR files nest about 12)")
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise RecordingError(
            step=_STEP, reason=f"{source} is JSON but not a HAR file (it has no log.entries list).", fix=_FIX
        )
    for name in ("pages", "creator", "browser", "comment"):
        if name in log and not isinstance(log[name], _LOG_TYPES[name]):
            _fail(source, f"its log.{name} is {_a(log[name])}, not {_LOG_NAMES[name]}")
    for index, entry in enumerate(entries):
        problem = entry_problem(entry)
        if problem:
            _fail(source, f"entry {index} {problem}")
    return entries


_LOG_TYPES: dict[str, type] = {"pages": list, "creator": dict, "browser": dict, "comment": str}
_LOG_NAMES = {"pages": "a list", "creator": "an object", "browser": "an object", "comment": "a string"}


def entry_problem(entry: Any) -> str | None:
    """What is wrong with one HAR entry, or None."""
    if not isinstance(entry, dict):
        return "is not an object"
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        return "lacks a request or a response"
    if not isinstance(request.get("method"), str) or not isinstance(request.get("url"), str):
        return "has no request method or URL"
    status = response.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        return "has no response status"
    for side, part in (("request", request), ("response", response)):
        for name in _NAMED_LISTS:
            problem = _named_list(part.get(name), f"{side}.{name}") if name in part else None
            if problem:
                return problem
    if response.get("redirectURL") is not None and not isinstance(response["redirectURL"], str):
        return f"has a response.redirectURL that is {_a(response['redirectURL'])}, not a string"
    post = request.get("postData")
    if post is not None:
        problem = _body(post, "request.postData", ("mimeType", "text", "encoding", "_encoding"))
        if problem:
            return problem
        if "params" in post and not isinstance(post["params"], list):
            return f"has request.postData.params that is {_a(post['params'])}, not a list"
        problem = _named_list(post.get("params", []), "request.postData.params", values_optional=True)
        if problem:
            return problem
    content = response.get("content")
    if content is not None:
        return _body(content, "response.content", ("mimeType", "text", "encoding"))
    return None


def _named_list(items: Any, where: str, values_optional: bool = False) -> str | None:
    if not isinstance(items, list):
        return f"has {where} that is {_a(items)}, not a list"
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            return f"has {where}[{position}] that is {_a(item)}, not a name/value object"
        if not isinstance(item.get("name"), str):
            return f"has {where}[{position}] without a string name"
        value = item.get("value")
        if not isinstance(value, str) and not (values_optional and value is None):
            name = _printable(item["name"])
            return f"has {where}[{position}] ({name}) whose value is {_a(value)}, not a string"
    return None


def _body(part: Any, where: str, strings: tuple[str, ...]) -> str | None:
    if not isinstance(part, dict):
        return f"has {where} that is {_a(part)}, not an object"
    for name in strings:
        if name in part and part[name] is not None and not isinstance(part[name], str):
            return f"has {where}.{name} that is {_a(part[name])}, not a string"
    for name in ("encoding", "_encoding"):
        encoding = part.get(name)
        if encoding in (None, ""):
            continue
        if str(encoding).lower() != "base64":
            return f"has {where}.{name} {_printable(encoding)!r}, which HAR does not define (only base64)"
        try:
            base64.b64decode("".join(str(part.get("text", "")).split()), validate=True)
        except (binascii.Error, ValueError):
            return f"has {where}.text that says it is base64 ({name}) but is not valid base64"
    return None


def _a(value: Any) -> str:
    """`value`'s JSON type in words (never its content)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _printable(name: str) -> str:
    """A field name for a message: short, and never a secret's shape (masked by `safe_url`'s rules)."""
    from .safeurl import MASK, _mask_shapes

    shown = _mask_shapes(str(name)[:40])
    return shown if shown.isprintable() else MASK


def _fail(source: str, problem: str) -> None:
    raise RecordingError(step=_STEP, reason=f"{source} is not a valid HAR file: {problem}.", fix=_FIX)
