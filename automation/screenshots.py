"""Redacted, stable, atomically written screenshots."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from playwright.sync_api import Locator, Page

from automation.errors import StepError, StorageError
from automation.interrupts import critical
from automation.redaction import Redactor, describe

HIGHLIGHT_STYLE = "3px solid #d91515"
#: Captures of one image at most: a capture is retaken while the page changed around it.
CAPTURE_ATTEMPTS = 5


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import, while single-threaded: key storage narrows the umask briefly during its writes.
_UMASK = _read_umask()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write an image via a temp file and rename, with the usual file mode (images are not secret).

    A signal meanwhile stops the run only once the image is complete (`critical`)."""
    with critical():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o666 & ~_UMASK)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class Screenshotter:
    """Writes the tutorial images: mask secrets, optionally highlight, capture, prove nothing leaked."""

    def __init__(
        self,
        out_dir: Path,
        redactor: Redactor,
        *,
        highlight: bool = False,
        stamp: Callable[[Page], Mapping[str, str]] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.redactor = redactor
        self.highlight = highlight
        self.stamp = stamp  # what made the image, recorded in its PNG metadata (automation.visual.metadata)

    def ensure_writable(self) -> None:
        """Fail before any browser work when the image folder cannot be written."""
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.out_dir, prefix=".probe-"):
                pass
        except OSError as exc:
            raise StorageError(
                step="Prepare the image folder",
                reason=f"cannot write to {self.out_dir} ({exc.strerror or exc}).",
                fix="Choose a writable folder with --out DIR, or fix the folder's permissions.",
            ) from exc

    def capture(self, page: Page, name: str, step: str, *, target: Locator | None = None) -> Path:
        """Capture the viewport into ``out_dir/name``, with no secret in it.

        One screenshot per image, taken once the page is provably still: the page is masked, a frame
        passes with no DOM change, and a DOM watch running from then until after the capture saw
        nothing. A change (a late render) retakes it, up to ``CAPTURE_ATTEMPTS`` times.
        """
        outlined = self.highlight and target is not None
        if outlined and target is not None:
            target.evaluate(
                "(el, s) => { el.dataset.acfOutline = el.style.outline; el.style.outline = s; }",
                HIGHLIGHT_STYLE,
            )
        try:
            for _attempt in range(CAPTURE_ATTEMPTS):
                self.redactor.prepare_capture(page)
                try:
                    png = page.screenshot(animations="disabled", caret="hide")
                finally:
                    check = self.redactor.finish_capture(page)
                if check.settled or check.leaks:
                    break
        finally:
            if outlined and target is not None:
                target.evaluate("el => { el.style.outline = el.dataset.acfOutline || ''; }")
        if check.leaks:
            raise StepError(
                step=step,
                reason="a secret-looking value was still on the page after masking: "
                f"{describe(check.leaks)}; {name} was not written.",
                fix="Report this as a bug in aws-console-flows (its masking missed a value); no image "
                "was kept.",
            )
        if self.stamp is not None:
            from automation.visual.metadata import with_metadata

            png = with_metadata(png, self.stamp(page))
        path = self.out_dir / name
        _write_atomically(path, png)
        return path

    def capture_failure(self, page: Page, flow: str, step: str) -> Path | None:
        """A redacted screenshot of the page where a step failed, or None when none can be taken."""
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.out_dir / "failures" / f"{flow}-{slug}.png"
        try:
            self.redactor.redact_page(page)
            png = page.screenshot(animations="disabled", caret="hide", timeout=5000)
            leaked = bool(self.redactor.page_leaks(page))
            self.redactor.restore_page(page)
            if leaked:
                return None
            _write_atomically(path, png)
            return path
        except Exception:  # the page may be gone; the error message still stands
            return None
