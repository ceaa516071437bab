"""One flow's run: named steps with progress, images, failure screenshots, and safe key capture."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import pyotp
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from automation import urls
from automation.concurrent import wait_off_loop
from automation.drift import describe_nearest, nearest_on_page
from automation.errors import (
    FlowError,
    KeyFileError,
    RecordingError,
    RefusedError,
    SettingError,
    SignedOutError,
    StepError,
)
from automation.keys import AccessKey, parse_key_file, store_key_file
from automation.options import RunOptions
from automation.oserrors import storage_error
from automation.progress import Progress, Summary
from automation.redaction import Redactor
from automation.safety import OneKeyGuard, confirm_live_action, confirm_live_key, mask_key_id
from automation.saved_session import save_session
from automation.screenshots import Screenshotter
from automation.settings import Settings
from automation.targets import Target

if TYPE_CHECKING:  # page objects differ per edition; these share one interface
    from automation.pages.interface import AccessKeyList as AccessKeysSection
    from automation.pages.interface import NewKeyView as RetrieveAccessKeyPage
    from automation.pages.key_lists import KeyListReading

DRIFT_FIX = (
    "The console did not show what this step waits for. Look at the failure screenshot: if AWS renamed "
    "or moved the control (UI drift), upgrade aws-console-flows or report it with the screenshot; if the "
    "page did not load, check the network or rerun with --headed to watch."
)


#: ``Expect "to_be_visible" <a locator's description> with timeout 3000ms`` in Playwright's call log.
_DESCRIBED = re.compile(r'^Expect "[a-z_]+" (?P<what>.+) with timeout \d+ms$')


def describe_playwright_error(error: BaseException, redactor: Redactor) -> str:
    """One line: what Playwright waited for and what happened ("waiting for get_by_role(...)"), named by
    the locator's own description when it has one."""
    lines = [line.strip(" -") for line in str(error).splitlines() if line.strip()]
    headline = lines[0] if lines else type(error).__name__
    described = next((m.group("what") for m in map(_DESCRIBED.match, lines) if m), "")
    waited = f"waiting for {described}" if described else ""
    waited = waited or next((line for line in lines if line.startswith("waiting for ")), "")
    text = f"{headline.rstrip('. ')}, {waited}" if waited else headline
    return redactor.redact_text(text)


class StopBeforeCreate(Exception):
    """Raised instead of the key-creating click when a watcher (doctor) walks the path."""


class StepWatcher(Protocol):
    """Told when each step ends well and when the path reaches the key-creating click (doctor)."""

    def after_step(self, title: str) -> None: ...
    def before_create(self, title: str) -> None: ...


@dataclass
class CapturedKey:
    """A key the run downloaded and stored; the secret stays inside ``key``, never printed."""

    key: AccessKey
    path: Path


@dataclass
class FlowRun:
    """Everything one flow needs while it runs: its page, settings, target and outputs."""

    name: str
    page: Page
    options: RunOptions
    settings: Settings
    target: Target
    redactor: Redactor
    shots: Screenshotter
    progress: Progress
    keys_dir: Path
    session_path: Path | None = None
    key_file_name: str = "access-keys.csv"
    recorder: Any = None  # a HarRecorder while --record runs: told every secret the run learns
    summary: Summary = field(default_factory=Summary)
    captured: CapturedKey | None = None
    created_key_id: str | None = None
    import_user_name: str = "root"  # the "User Name" of the aws configure import copy
    _guard: OneKeyGuard | None = None
    _signed_in: bool = False
    typed_codes: list[str] = field(default_factory=list)  # MFA codes typed (scrubbed from the trace)
    watcher: StepWatcher | None = None  # doctor: checks each step, and stops before the creating click
    _step_title: str = ""

    # -- steps ------------------------------------------------------------------------------------

    def wants(self, image: str | None) -> bool:
        """Whether this run writes ``image`` (``--page`` can narrow the set)."""
        return image is not None and (self.options.images is None or image in self.options.images)

    @contextmanager
    def step(self, title: str, image: str | None = None, highlight: Locator | None = None) -> Iterator[None]:
        """Run one tutorial step; on success write its image, on failure explain and screenshot.

        ``image`` is the catalog name (its format may change its extension); ``highlight`` is the step's
        subject, the element the reader acts on next: crops and callouts are placed around it.
        """
        wanted = image if self.wants(image) else None
        self.progress.started(title, self.shots.plan.output_name(wanted) if wanted else None)
        self._step_title = title
        started = time.monotonic()
        try:
            yield
            if self.watcher is not None:
                self.watcher.after_step(title)
            if wanted is not None:
                path = self.shots.capture(self.page, wanted, title, target=highlight)
                self.summary.images.append(path)
        except StopBeforeCreate:
            self.progress.note(f"stopped before the key-creating click of '{title}': doctor never makes it")
            raise
        except FlowError as error:
            self.progress.failed(title)
            if error.screenshot is None:
                error.screenshot = self.shots.capture_failure(self.page, self.name, title)
            raise
        except (PlaywrightError, AssertionError, TimeoutError) as error:
            self.progress.failed(title)
            raise self._step_error(title, error) from None
        except OSError as error:  # writing an image: no space, a read-only disk
            self.progress.failed(title)
            raise storage_error(title, error, self.shots.out_dir) from None
        self.progress.finished(title, time.monotonic() - started)

    def current_step(self) -> str:
        """The step running now (for the message of an interrupted run)."""
        return self.progress.current or f"Start the {self.name} path"

    def unstored_key(self) -> str | None:
        """A sentence naming the key this path created but did not store, or None (for an interruption)."""
        if self.captured is not None or self._guard is None or not self._guard.created:
            return None
        offline = "" if self.target.is_live else (
            " It exists only in the offline "
            + ("replica" if self.target.spec.kind == "replica" else "replay")
            + ", which forgets it when the run ends: nothing to delete."
        )
        if self.created_key_id is None:
            if offline:
                return f"The {self.name} path had clicked Create, so a key may exist.{offline}"
            return (
                f"The {self.name} path had clicked Create: a key may exist whose secret was not stored. "
                "Check the Access keys list and delete the newest key (rerun with --delete-key and its last "
                "four, or Security credentials → Access keys → Actions → Delete)."
            )
        masked = mask_key_id(self.created_key_id)
        if offline:
            return f"The {self.name} path created key {masked} and did not store it.{offline}"
        if self.options.cleanup:
            return (
                f"The {self.name} path created key {masked} and --cleanup had not confirmed deleting it: "
                f"check the Access keys list; if it is there, delete it (rerun with --delete-key "
                f"{self.created_key_id[-4:]})."
            )
        return (
            f"The {self.name} path created key {masked} but did not store its secret, so the key is useless. "
            + _unkept_key_fix(self.created_key_id)
        )

    def _step_error(self, title: str, error: BaseException) -> FlowError:
        reason = f"{describe_playwright_error(error, self.redactor)}."
        # What the page shows nearest to what was looked for (drift), named by role and name, redacted.
        reason += self.redactor.redact_text(describe_nearest(nearest_on_page(self.page, str(error))))
        if self.signed_out():
            return SignedOutError(
                step=title,
                reason=f"the console showed its sign-in page in the middle of the run: the session expired "
                f"({reason.rstrip('.')}).",
                fix="Rerun to sign in again (the saved session is not reused after this).",
                screenshot=self.shots.capture_failure(self.page, self.name, title),
            )
        problems = self.target.problems()
        if problems:
            unanswered = self.redactor.redact_text("; ".join(problems[:3]))
            reason += f" The {self.target.spec.label} target could not answer: {unanswered}."
        screenshot = self.shots.capture_failure(self.page, self.name, title)
        if problems and self.target.spec.kind == "har":
            return RecordingError(
                step=title,
                reason=reason,
                fix="The recording has no answer for this request: record the path again with --record "
                "(the console or the flow changed since it was made).",
                screenshot=screenshot,
            )
        seconds = self.options.step_timeout_ms / 1000
        return StepError(
            step=title,
            reason=reason,
            fix=f"{DRIFT_FIX} If the console is only slow, raise --timeout (now {seconds:g} s).",
            screenshot=screenshot,
        )

    def signed_out(self) -> bool:
        """True when, after signing in, the page is back on a sign-in page (the session expired)."""
        if not self._signed_in:
            return False
        host = urlsplit(self.page.url).hostname or ""
        return host == urlsplit(urls.SIGNIN_ORIGIN).hostname or host.endswith(".signin.aws.amazon.com")

    # -- sign-in helpers --------------------------------------------------------------------------

    def keep_session(self) -> None:
        """Save the signed-in session (0600, keys folder) so the next run can skip signing in."""
        self._signed_in = True
        if self.session_path is not None:
            save_session(self.page, self.session_path)

    def mfa_code(self, seed: str, who: str) -> Callable[[], str]:
        """A function giving the current TOTP code, or asking the person at the terminal."""
        if seed:
            try:
                totp = pyotp.TOTP(seed.replace(" ", ""))
                totp.now()
            except Exception as exc:
                raise SettingError(
                    step=f"Sign in as {who}",
                    reason="the MFA seed is not valid base32.",
                    fix="Copy the secret key shown when the virtual MFA device was set up into the .env.",
                ) from exc

            def code() -> str:
                typed = totp.now()
                self.typed_codes.append(typed)
                return typed

            return code

        def ask() -> str:
            import getpass
            import sys

            if not sys.stdin or not sys.stdin.isatty():
                raise SettingError(
                    step=f"Sign in as {who}",
                    reason="AWS asks for an MFA code, no MFA seed is set, and no terminal can type one.",
                    fix="Set AWS_CONSOLE_ROOT_MFA_SEED or AWS_CONSOLE_IAM_MFA_SEED (the base32 TOTP "
                    "seed) in your .env or environment, or run in a terminal.",
                )
            # In a thread, so that the other path of the run goes on while the person types.
            typed = wait_off_loop(self.page, lambda: getpass.getpass(f"MFA code for {who}: ").strip())
            self.typed_codes.append(typed)
            return typed

        return ask

    # -- keys -------------------------------------------------------------------------------------

    def create_key_once(
        self,
        identity: str,
        *,
        is_root: bool,
        keys_before: list[str],
        click_create: Callable[[], None],
        wait_created: Callable[[], None],
        reread_keys: Callable[[], KeyListReading],
    ) -> None:
        """Confirm (live only), make the one key-creating click this flow may make, and check it worked.

        When the console fails after the click, the key list is read again (never "Create" again): the
        error then says whether a key was created anyway, so a retry can never make a second one. It
        says "nothing was created" only from a list read with certainty; otherwise, that it is unknown.
        """
        if self.watcher is not None:  # doctor: check the button, never click it
            self.watcher.before_create(self._step_title)
            raise StopBeforeCreate(identity)
        if self.target.is_live:
            confirm_live_key(identity, is_root=is_root, assume_yes=self.options.yes)
        if self._guard is None:
            self._guard = OneKeyGuard(identity)
        self._guard.create(click_create)
        try:
            wait_created()
        except (PlaywrightError, AssertionError) as error:
            detail = describe_playwright_error(error, self.redactor)
            screenshot = self.shots.capture_failure(self.page, self.name, "Create access key")
            reading, unreadable = self._reread_after_failure(reread_keys)
            new_keys = [key for key in reading.key_ids if key not in keys_before] if reading else []
            if new_keys:
                raise StepError(
                    step="Create access key",
                    reason=f"the console failed after Create access key ({detail}), but a new key "
                    f"{mask_key_id(new_keys[0])} now exists for {identity}; its secret was never shown, so "
                    "it cannot be used. This run does not try again (one key per run).",
                    fix=_unkept_key_fix(new_keys[0]),
                    screenshot=screenshot,
                ) from None
            if reading is None or not reading.certain:
                raise StepError(
                    step="Create access key",
                    reason=f"the console failed after Create access key ({detail}), and the key list could "
                    f"not be read with certainty afterwards ({unreadable or 'its count and its rows differ'})"
                    f", so whether a key was created for {identity} is unknown. This run does not try again "
                    "(one key per run).",
                    fix=_state_unknown_fix(keys_before),
                    screenshot=screenshot,
                ) from None
            raise StepError(
                step="Create access key",
                reason=f"the console failed after Create access key ({detail}); the key list shows no new "
                "key, so nothing was created.",
                fix="Rerun; if it repeats, run with --headed to watch the console.",
                screenshot=screenshot,
            ) from None

    def _reread_after_failure(
        self, reread_keys: Callable[[], KeyListReading]
    ) -> tuple[KeyListReading | None, str]:
        """The key list read afresh, or None and why it could not be read."""
        try:
            return reread_keys(), ""
        except (PlaywrightError, AssertionError) as error:
            return None, describe_playwright_error(error, self.redactor)

    def _download_failed(self, failure: str) -> StepError:
        """The error for a download the browser reports as failed: nothing kept, the key still exists."""
        reason = f"the browser reports the key file download failed ({failure}); no key file was written."
        if self.created_key_id:
            reason += (
                f" The key {mask_key_id(self.created_key_id)} exists now, but its secret was not saved "
                "and the console never shows it again, so the key is useless."
            )
        fix = _unkept_key_fix(self.created_key_id)
        return StepError(step="Download the key file", reason=reason, fix=fix)

    def keep_key(self, retrieve: RetrieveAccessKeyPage) -> None:
        """Download the new key and store it, or with ``--cleanup`` only note its id for deletion."""
        self.created_key_id = retrieve.shown_key_id()
        if self.options.cleanup:
            self.summary.remarks.append(
                f"{self.name}: --cleanup: the new key {mask_key_id(self.created_key_id)} was not downloaded"
            )
            return
        self.capture_key(retrieve.download_csv)

    def delete_old_key(self, access_keys: AccessKeysSection, identity: str) -> None:
        """``--delete-key``: delete the named key through the console's own dialog."""
        wanted = self.options.delete_key or ""
        key_id = access_keys.find_key(wanted)
        if key_id is None:
            listed = ", ".join(mask_key_id(k) for k in access_keys.key_ids()) or "none"
            raise SettingError(
                step="Delete the old access key",
                reason=f"{identity} has no single key matching {wanted!r} (keys: {listed}).",
                fix="Pass the full key id, or its last four characters as listed, to --delete-key.",
            )
        if self.target.is_live:
            confirm_live_action(f"Delete access key {mask_key_id(key_id)} of {identity}", self.options.yes)
        access_keys.delete_key(key_id)
        self.summary.remarks.append(f"{self.name}: deleted access key {mask_key_id(key_id)} (--delete-key)")

    def delete_created_key(self, access_keys: AccessKeysSection) -> None:
        """``--cleanup``: delete the key this run created."""
        if self.created_key_id is None:
            return
        access_keys.wait_loaded()  # back on the key list after Done (a throttled read is retried)
        access_keys.delete_key(self.created_key_id)
        self.summary.remarks.append(
            f"{self.name}: --cleanup: deleted the key this run created ({mask_key_id(self.created_key_id)})"
        )

    def capture_key(self, click_download: Callable[[], None], file_name: str | None = None) -> CapturedKey:
        """Download the key file through the browser's download event, validate it, store it safely."""
        with self.page.expect_download() as download_info:
            click_download()
        download = download_info.value
        try:
            failure = download.failure()
            if failure:
                raise self._download_failed(failure)
            data = Path(download.path()).read_bytes()
        finally:
            with suppress(PlaywrightError):  # a failed download has no file to delete
                download.delete()
        try:
            key = parse_key_file(data, download.suggested_filename)
        except KeyFileError as error:
            if self.created_key_id:
                error.reason += (
                    f" The key {mask_key_id(self.created_key_id)} exists now, but its secret could not be "
                    f"kept, so it is useless: delete it (--delete-key {self.created_key_id[-4:]}) and rerun."
                )
            raise
        self.redactor.add(key.secret_access_key, key.access_key_id)
        if self.recorder is not None:
            self.recorder.add_secret(key.secret_access_key)
        if self.target.spec.kind == "har":
            self.summary.remarks.append(
                f"{self.name}: replayed recording: its key is a scrubbed placeholder, so no key file was kept"
            )
            return CapturedKey(key, Path(download.suggested_filename))
        path = store_key_file(data, self.keys_dir, file_name or self.key_file_name)
        self.captured = CapturedKey(key, path)
        self.summary.key_files.append(path)
        return self.captured


def _state_unknown_fix(keys_before: list[str]) -> str:
    """How to find out by hand whether a key was created, when the console could not tell."""
    had = ", ".join(mask_key_id(key) for key in keys_before) or "none"
    return (
        "Look for yourself: open Security credentials → Access keys (for an IAM user, the user's "
        f"Security credentials tab) and compare with the keys listed before this run ({had}). If there is "
        "a new key, its secret was never shown: delete it (rerun with --delete-key XXXX, the last four of "
        "its id, or use the console's Actions → Delete), then rerun."
    )


def _unkept_key_fix(key_id: str | None) -> str:
    """How to recover when a created key's secret was not kept."""
    if not key_id:
        return "Rerun; if it repeats, run with --headed to watch the download."
    return (
        f"Delete the key {mask_key_id(key_id)} (rerun with --delete-key {key_id[-4:]}, or Security "
        "credentials → Access keys → Actions → Delete), then rerun to create a fresh one."
    )


def refuse_at_quota(identity: str, keys: list[str], hint: str, step: str) -> RefusedError:
    """The error for an identity that already has two access keys (ids masked to the last four)."""
    listed = "; ".join(keys) or "two keys"
    return RefusedError(
        step=step,
        reason=f"{identity} already has the maximum of two access keys: {listed}. Nothing was created.",
        fix=hint,
    )
