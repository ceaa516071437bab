"""Record a Playwright context to a scrubbed HAR; the raw recording never outlives the run.

Playwright writes the raw HAR (cookies, passwords, keys and all) when the context closes, into
a private 0700 temporary folder. `HarRecorder.finish` then scrubs it, checks it for leaks,
writes the final file atomically, and deletes the temporary folder in every case.

`HarRecorder.attach` makes up for two gaps of Playwright's HAR (1.65, Chromium):

- ``postData`` is recorded for JSON, form, multipart and text bodies but left empty for binary
  ones; the recorder keeps those bytes (stored as base64 with ``"_encoding": "base64"``, which
  the replay router reads).
- a response body is lost when its page navigates away right after (a sign-in answer followed by
  the redirect it names): Chromium drops it before Playwright asks. An init script hands every
  fetch/XHR body to the recorder as the page receives it; `finish` fills the bodies the HAR lacks.
  (A lost *document* body is handled at replay: see `HarReplayRouter`.)
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import shutil
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Request
from playwright.sync_api import Error as PlaywrightError

from automation.errors import RecordingError

from .bodies import is_textual
from .entries import ScrubResult, scrub_har
from .harfile import require_har, write_scrubbed_har

_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
_BINDING = "__harRecorderBody"
#: Reports each fetch/XHR response body (read from a clone) to the recorder; a fetch resolves for the page
#: only after its body was reported.
CAPTURE_SCRIPT = """(() => {
  const deliver = window.__BINDING__;
  if (typeof deliver !== "function" || window.__harRecorderInstalled) return;
  window.__harRecorderInstalled = true;
  const base64 = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  const report = (method, url, status, buffer) => {
    try {
      const verb = String(method || "GET").toUpperCase();
      deliver({method: verb, url: String(url), status, body: base64(buffer)});
    } catch (error) { /* the page is going away */ }
  };
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const method = (init && init.method) || (input instanceof Request ? input.method : "GET");
    // The page gets the response only once its body is reported: a page that navigates as soon as it
    // reads the answer (sign-in does) can no longer leave before the report is sent.
    return originalFetch.apply(this, arguments).then((response) => {
      if (!response.url || response.type === "opaque") return response;
      return response.clone().arrayBuffer().then(
        (buffer) => { report(method, response.url, response.status, buffer); return response; },
        () => response);
    });
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method) {
    this.__harMethod = method;
    return open.apply(this, arguments);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    this.addEventListener("load", () => {
      try {
        const type = this.responseType;
        let buffer = null;
        if (type === "" || type === "text") buffer = new TextEncoder().encode(this.responseText);
        else if (type === "json") buffer = new TextEncoder().encode(JSON.stringify(this.response));
        else if (type === "arraybuffer") buffer = this.response;
        if (buffer) report(this.__harMethod, this.responseURL, this.status, buffer);
      } catch (error) { /* unreadable response type */ }
    });
    return send.apply(this, arguments);
  };
})();""".replace("__BINDING__", _BINDING)


class HarRecorder:
    """Records one browser context to `final_path`, scrubbed of secrets.

    Use::

        recorder = HarRecorder("recordings/root.har", known_secrets=[password])
        context = browser.new_context(**{**settings, **recorder.context_options()})
        recorder.attach(context)
        ...  # drive the console
        context.close()
        result = recorder.finish()  # scrub, check, write; raises RecordingError on a leak

    or `record_context`, which does the same around a ``with`` block.
    """

    def __init__(self, final_path: str | Path, known_secrets: Iterable[str] = (), comment: str = "") -> None:
        self.final_path = Path(final_path)
        self.comment = comment  # written as log.comment, e.g. which flow the recording holds
        self._secrets: list[str] = [s for s in known_secrets if s]
        self._folder: Path | None = None
        self._bodies: dict[tuple[str, str], deque[bytes]] = defaultdict(deque)
        self._answers: dict[tuple[str, str], deque[tuple[int, bytes]]] = defaultdict(deque)

    @property
    def raw_path(self) -> Path:
        """Where Playwright writes the raw HAR: a private 0700 temporary folder, created on
        first use, outside the project (nothing there can be committed by mistake), and removed
        by `finish`, `discard`, leaving the ``with`` block, or at the latest when Python exits."""
        if self._folder is None:
            folder = Path(tempfile.mkdtemp(prefix="har-recording-"))
            os.chmod(folder, 0o700)
            atexit.register(shutil.rmtree, folder, True)  # even if finish/discard is never called
            self._folder = folder
        return self._folder / "raw.har"

    def context_options(self) -> dict[str, Any]:
        """Options for ``browser.new_context``: record every request, bodies embedded (minimal
        mode: no timings or sizes), service workers blocked (they bypass routing)."""
        return {
            "record_har_path": str(self.raw_path),
            "record_har_content": "embed",
            "record_har_mode": "minimal",
            "service_workers": "block",
        }

    def add_secret(self, secret: str) -> None:
        """Also scrub `secret` (e.g. a secret access key the run created and captured)."""
        if secret:
            self._secrets.append(secret)

    def attach(self, context: BrowserContext) -> None:
        """Keep the bodies Playwright's HAR would lose: binary request bodies, and fetch/XHR
        answers of pages that navigate away at once. Call before the first page opens."""
        context.on("request", self._on_request)
        context.expose_binding(_BINDING, self._on_answer)
        context.add_init_script(CAPTURE_SCRIPT)

    def _on_answer(self, source: Any, answer: Any) -> None:
        with suppress(KeyError, TypeError, ValueError):
            body = base64.b64decode(answer["body"])
            key = (str(answer["method"]).upper(), str(answer["url"]))
            self._answers[key].append((int(answer["status"]), body))

    def _on_request(self, request: Request) -> None:
        if request.method.upper() in _BODYLESS:
            return
        with suppress(PlaywrightError):
            body = request.post_data_buffer
            if body:
                self._bodies[(request.method.upper(), request.url)].append(body)

    def finish(self) -> ScrubResult:
        """Scrub the raw HAR, refuse it if a secret survives, write it; call after
        ``context.close()``. The raw HAR is deleted whatever happens."""
        try:
            har = self._read_raw()
            self._restore_bodies(har)
            self._restore_answers(har)
            result = scrub_har(har, self._secrets)
            if self.comment:
                result.har["log"]["comment"] = self.comment
            write_scrubbed_har(result.har, self.final_path, self._secrets)
            return result
        finally:
            self.discard()

    def discard(self) -> None:
        """Delete the raw recording without writing anything."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._bodies.clear()
        self._answers.clear()

    def __enter__(self) -> HarRecorder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    def _read_raw(self) -> dict[str, Any]:
        path = self.raw_path
        if not path.is_file():
            raise RecordingError(
                step="record",
                reason="Playwright wrote no recording (the context was not closed, or it crashed).",
                fix="Call finish() after context.close(), and run the flow again.",
            )
        try:
            har = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise RecordingError(
                step="record",
                reason=f"Playwright's recording could not be read: {error}.",
                fix="Run the flow again; if it repeats, report it with the Playwright version.",
            ) from error
        if not require_har(har, "Playwright's recording"):
            raise RecordingError(
                step="record",
                reason="the recording holds no requests (the run opened no page).",
                fix="Record a run that signs in and opens the console.",
            )
        return har

    def _restore_bodies(self, har: dict[str, Any]) -> None:
        """Put back request bodies the HAR lost, matching requests by method, URL and order."""
        for entry in har["log"]["entries"]:
            request = entry["request"]
            method = str(request.get("method", "")).upper()
            queue = self._bodies.get((method, str(request.get("url"))))
            if method in _BODYLESS or not queue:
                continue
            body = queue.popleft()
            post = request.setdefault("postData", {"mimeType": "application/octet-stream"})
            if post.get("text"):
                continue
            try:
                post["text"] = body.decode("utf-8")
            except UnicodeDecodeError:
                post["text"] = base64.b64encode(body).decode("ascii")
                post["_encoding"] = "base64"

    def _restore_answers(self, har: dict[str, Any]) -> None:
        """Fill fetch/XHR response bodies the HAR lost, matching by method, URL and order."""
        for entry in har["log"]["entries"]:
            if entry.get("_resourceType", "fetch") not in ("fetch", "xhr"):
                continue
            request, response = entry["request"], entry["response"]
            queue = self._answers.get((str(request.get("method", "")).upper(), str(request.get("url"))))
            if not queue or not isinstance(response.get("status"), int) or response["status"] <= 0:
                continue
            status, body = queue.popleft()
            content = response.setdefault("content", {})
            if "text" in content or "_file" in content or status != response["status"]:
                continue
            text = _utf8(body) if is_textual(str(content.get("mimeType", ""))) else None
            if text is not None:
                content["text"] = text
            else:
                content["text"] = base64.b64encode(body).decode("ascii")
                content["encoding"] = "base64"
            content["size"] = len(body)


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


@contextmanager
def record_context(
    browser: Browser,
    final_path: str | Path,
    known_secrets: Iterable[str] = (),
    **context_options: Any,
) -> Iterator[BrowserContext]:
    """A new context recorded to `final_path`: on a normal exit the context is closed and the
    scrubbed HAR written (RecordingError if a secret survives); on an error nothing is written.
    The raw recording is deleted in every case."""
    recorder = HarRecorder(final_path, known_secrets)
    try:
        context = browser.new_context(**{**context_options, **recorder.context_options()})
        recorder.attach(context)
        try:
            yield context
        finally:
            with suppress(PlaywrightError):
                context.close()
        recorder.finish()
    finally:
        recorder.discard()
