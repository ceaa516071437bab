"""Redacted, stable, atomically written screenshots."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from automation import artifacts
from automation.artifacts import failures_dir
from automation.errors import StepError, StorageError
from automation.imaging.callouts import draw_callouts, remove_callouts
from automation.imaging.crop import crop_clip
from automation.imaging.encode import encode
from automation.imaging.locate import region_box
from automation.imaging.plan import ImagingPlan
from automation.imaging.theme import require_theme
from automation.interrupts import critical
from automation.redaction import CaptureCheck, Redactor, describe

#: Captures of one image at most: a capture is retaken while the page changed around it.
CAPTURE_ATTEMPTS = 5
#: Where the pointer waits during a capture: just outside the viewport, so nothing is hovered.
PARKED_POINTER = (-1.0, -1.0)


def park_pointer(page: Page) -> None:
    """Move the pointer off the page: no hover state, whatever the run clicked last (or did not click)."""
    page.mouse.move(*PARKED_POINTER)


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
    """Writes the tutorial images: draw callouts, mask secrets, capture (cropped), prove nothing leaked,
    encode in the image's format with its settings recorded."""

    def __init__(
        self,
        out_dir: Path,
        redactor: Redactor,
        plan: ImagingPlan | None = None,
        *,
        stamp: Callable[[Page], Mapping[str, str]] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.redactor = redactor
        self.plan = plan or ImagingPlan()
        self.stamp = stamp  # what made the image, recorded in its metadata (automation.visual.metadata)

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
        """Capture the image ``name`` (a catalog name) as the plan frames it, with no secret in it.

        Callouts are drawn on the page first, and the crop is taken around the step's subject (``target``)
        or the configured regions with the callouts inside it. Then one screenshot per image, taken once
        the page is provably still: the pointer is parked off the page, the page is masked and normalized
        (automation/volatile.py), nothing is focused, a frame passes with no DOM change, and a DOM watch
        running from then until after the capture saw nothing. A change (a late render) retakes it, up to
        ``CAPTURE_ATTEMPTS`` times. Returns the path written (the format's extension).
        """
        framing = self.plan.framing(name)
        output = self.plan.output_name(name)
        require_theme(page, self.plan.look.theme, output, step)
        park_pointer(page)  # no hover in the image, nor in the layout callouts and crops are measured on
        if framing.callouts or framing.crop:
            # Masked and normalized text has other lengths: place callouts and measure crops on the page as
            # it will be captured. (Without them, `prepare_capture` below masks it anyway.)
            self.redactor.redact_page(page)
        check: CaptureCheck | None = None
        try:
            drawn = draw_callouts(
                page, framing.callouts, self.plan.style, subject=target, image=output, step=step
            )
            options: dict[str, Any] = {"animations": "disabled", "caret": "hide"}
            if framing.crop:
                regions = [region_box(page, region, target, output, step) for region in framing.crop]
                size = page.viewport_size or {"width": self.plan.look.width, "height": self.plan.look.height}
                options["clip"] = crop_clip(regions, drawn, framing.padding, size["width"], size["height"])
            for _attempt in range(CAPTURE_ATTEMPTS):
                check = None
                self.redactor.prepare_capture(page)
                try:
                    png = page.screenshot(**options)
                finally:
                    check = self.redactor.finish_capture(page)  # puts the page back as the console drew it
                if check.settled or check.leaks:
                    break
        finally:
            with suppress(PlaywrightError):  # a page that is gone has nothing left to put back
                if check is None:  # finish_capture did not put it back: a callout, crop or capture failed
                    self.redactor.restore_page(page)
                if framing.callouts:
                    remove_callouts(page)
        assert check is not None  # the loop ran at least once, and its failures raised above
        if check.leaks:
            raise StepError(
                step=step,
                reason="a secret-looking value was still on the page after masking: "
                f"{describe(check.leaks)}; {output} was not written.",
                fix="Report this as a bug in aws-console-flows (its masking missed a value); no image "
                "was kept.",
            )
        fields = {**(self.stamp(page) if self.stamp is not None else {}), **self.plan.fields(name)}
        path = self.out_dir / output
        _write_atomically(path, encode(png, framing, fields))
        return path

    def capture_failure(self, page: Page, flow: str, step: str) -> Path | None:
        """A redacted screenshot of the page where a step failed (in ``acf-failures/`` beside the images),
        or None when none can be taken."""
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = failures_dir(self.out_dir) / f"{flow}-{slug}.png"
        try:
            park_pointer(page)
            self.redactor.redact_page(page)
            png = page.screenshot(animations="disabled", caret="hide", timeout=5000)
            leaked = bool(self.redactor.page_leaks(page))
            self.redactor.restore_page(page)
            if leaked:
                return None
            _write_atomically(artifacts.prepare(path.parent) / path.name, png)
            return path
        except Exception:  # the page may be gone; the error message still stands
            return None
