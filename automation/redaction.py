"""Mask secrets in the page before a screenshot, and prove none is left after it.

Key ids, secrets, account ids and emails become AWS's documented example values, so screenshots still
read naturally; any other literal secret of the run (a password, an MFA seed) becomes bullets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from playwright.sync_api import Page

EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
EXAMPLE_ACCOUNT = "111122223333"
EXAMPLE_ACCOUNT_DASHED = "1111-2222-3333"
EXAMPLE_EMAIL = "user@example.com"
MASK = "••••••••"

KEY_ID_PATTERN = r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b"
SECRET_PATTERN = r"(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
ACCOUNT_DASHED_PATTERN = r"\b\d{4}-\d{4}-\d{4}\b"
ACCOUNT_PATTERN = r"\b\d{12}\b"
EMAIL_PATTERN = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"

_SAFE_VALUES = {EXAMPLE_KEY_ID, EXAMPLE_SECRET, EXAMPLE_ACCOUNT, EXAMPLE_ACCOUNT_DASHED, EXAMPLE_EMAIL}

# Runs in the page: rewrites text nodes, form values and a few attributes in place.
_REDACT_JS = """
([rules, literals]) => {
  const compiled = rules.map(([p, r]) => [new RegExp(p, 'g'), r]);
  const scrub = (text) => {
    if (!text) return text;
    let out = text;
    for (const [re, rep] of compiled) out = out.replace(re, rep);
    for (const lit of literals) { if (lit) out = out.split(lit).join('%(mask)s'); }
    return out;
  };
  // Every change is remembered so restore() can put the page back: later steps read real key ids.
  const undo = window.__acfUndo = window.__acfUndo || [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const v = scrub(n.nodeValue);
    if (v !== n.nodeValue) {
      const old = n.nodeValue;
      undo.push(() => { n.nodeValue = old; });
      n.nodeValue = v;
    }
  }
  for (const el of document.querySelectorAll('input[type=password]')) {
    if (el.value) { const old = el.value; undo.push(() => { el.value = old; }); el.value = ''; }
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (el.type === 'password') continue;
    const v = scrub(el.value);
    if (v !== el.value) { const old = el.value; undo.push(() => { el.value = old; }); el.value = v; }
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')) {
    for (const a of ['title', 'aria-label', 'alt', 'placeholder']) {
      const old = el.getAttribute(a);
      if (old === null) continue;
      const v = scrub(old);
      if (v !== old) { undo.push(() => el.setAttribute(a, old)); el.setAttribute(a, v); }
    }
  }
  const title = document.title;
  if (scrub(title) !== title) { undo.push(() => { document.title = title; }); document.title = scrub(title); }
  return undo.length;
}
""".replace("%(mask)s", MASK)

_RESTORE_JS = """
() => {
  const undo = window.__acfUndo || [];
  while (undo.length) undo.pop()();
}
"""

# Everything visible or announced, gathered for the after-capture check.
_VISIBLE_TEXT_JS = """
() => {
  const parts = [document.title, document.documentElement.innerText];
  for (const el of document.querySelectorAll('input, textarea')) {
    if (el.type !== 'password') parts.push(el.value);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')) {
    for (const a of ['title', 'aria-label', 'alt', 'placeholder']) parts.push(el.getAttribute(a) || '');
  }
  return parts.join('\\n');
}
"""


# Before a capture, in one round trip: mask, drop focus, then let frames pass until one passes with no
# DOM change (new text is masked again), and keep watching. Our own changes are drained at once.
_PREPARE_CAPTURE_JS = """
async ([rules, literals, maxFrames]) => {
  const redact = (%(redact)s);
  // Playwright's screenshot itself adds and removes a <style> and sets caret-color on inputs: not a change.
  const screenshotOwn = (r) => r.type === 'childList'
    ? [...r.addedNodes, ...r.removedNodes].every((n) => n.nodeName === 'STYLE')
    : r.type === 'attributes' && r.attributeName === 'style'
      && r.target.matches?.('input,textarea,[contenteditable]');
  const count = (records) => records.filter((r) => !screenshotOwn(r)).length;
  const watch = window.__acfWatch = { changes: 0, count };
  watch.observer = new MutationObserver((records) => { watch.changes += count(records); });
  watch.observer.observe(document.documentElement,
    { subtree: true, childList: true, attributes: true, characterData: true });
  redact([rules, literals]);
  document.activeElement?.blur?.();  // no focus ring in the image
  watch.observer.takeRecords();
  let frames = 0;
  for (; frames < maxFrames; frames++) {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const changed = watch.changes + count(watch.observer.takeRecords());
    watch.changes = 0;
    if (!changed) break;
    redact([rules, literals]);
    watch.observer.takeRecords();
  }
  return frames;
}
""".replace("%(redact)s", _REDACT_JS.strip())

# After a capture, in one round trip: did the DOM change since the page settled, what does it show
# (for the leak check), then stop watching and put the page back.
_FINISH_CAPTURE_JS = """
() => {
  const watch = window.__acfWatch;
  let changed = -1;
  if (watch) {
    changed = watch.changes + watch.count(watch.observer.takeRecords());
    watch.observer.disconnect();
    window.__acfWatch = undefined;
  }
  const text = (%(visible)s)();
  (%(restore)s)();
  return { changed, text };
}
""".replace("%(visible)s", _VISIBLE_TEXT_JS.strip()).replace("%(restore)s", _RESTORE_JS.strip())


@dataclass(frozen=True)
class Leak:
    """A secret-looking value found where it must not be (the value itself is never kept)."""

    kind: str
    hint: str  # a masked hint such as "AKIA…WXYZ"; never the value


@dataclass(frozen=True)
class CaptureCheck:
    """What the page did around one capture."""

    settled: bool  # no DOM change between the end of the settling and the check after the capture
    leaks: list[Leak]


def _hint(value: str) -> str:
    return f"{value[:4]}…({len(value)} chars)" if len(value) > 8 else "…"


class Redactor:
    """Knows the run's literal secrets and masks them, with the generic key/account/email patterns."""

    def __init__(self, literals: Iterable[str] = ()) -> None:
        self._literals: set[str] = {v for v in literals if v and len(v) >= 4}

    def add(self, *values: str) -> None:
        """Register more literal secrets (for example a key's secret once it is downloaded)."""
        self._literals.update(v for v in values if v and len(v) >= 4)

    @property
    def rules(self) -> list[tuple[str, str]]:
        """(JavaScript regex, replacement) pairs, applied in order."""
        return [
            (KEY_ID_PATTERN, EXAMPLE_KEY_ID),
            (SECRET_PATTERN, EXAMPLE_SECRET),
            (ACCOUNT_DASHED_PATTERN, EXAMPLE_ACCOUNT_DASHED),
            (ACCOUNT_PATTERN, EXAMPLE_ACCOUNT),
            (EMAIL_PATTERN, EXAMPLE_EMAIL),
        ]

    def _ordered_literals(self) -> list[str]:
        # Longest first, so a password containing the account id is masked whole.
        return sorted(self._literals - _SAFE_VALUES, key=len, reverse=True)

    def redact_page(self, page: Page) -> int:
        """Mask every secret in the page's DOM (undo with :meth:`restore_page`); returns the change count."""
        return int(page.evaluate(_REDACT_JS, [self.rules, self._ordered_literals()]))

    def restore_page(self, page: Page) -> None:
        """Undo :meth:`redact_page`, so later steps see the page as the console drew it."""
        page.evaluate(_RESTORE_JS)

    def redact_text(self, text: str) -> str:
        """The same masking for terminal and log text, after `redact_urls_and_tokens` (a message may
        quote a URL from a foreign file, credentials and all)."""
        for literal in self._ordered_literals():
            text = text.replace(literal, MASK)
        text = redact_urls_and_tokens(text)
        for pattern, replacement in self.rules:
            text = re.sub(pattern, replacement, text)
        for literal in self._ordered_literals():
            text = text.replace(literal, MASK)
        return text

    def find_leaks(self, text: str) -> list[Leak]:
        """Every literal secret or secret-shaped value in ``text`` that is not an example value."""
        leaks: list[Leak] = []
        for literal in self._ordered_literals():
            if literal in text:
                leaks.append(Leak("known secret", _hint(literal)))
        for kind, pattern in (
            ("access key id", KEY_ID_PATTERN),
            ("secret access key", SECRET_PATTERN),
            ("account id", ACCOUNT_DASHED_PATTERN),
            ("email", EMAIL_PATTERN),
        ):
            for match in re.findall(pattern, text):
                if match not in _SAFE_VALUES:
                    leaks.append(Leak(kind, _hint(match)))
        return leaks

    def prepare_capture(self, page: Page, max_frames: int = 10) -> int:
        """Mask the page, drop focus, wait for a frame with no DOM change, and watch from then on.

        Returns the frames it waited. Follow with :meth:`finish_capture` (which also restores the page).
        """
        return int(page.evaluate(_PREPARE_CAPTURE_JS, [self.rules, self._ordered_literals(), max_frames]))

    def finish_capture(self, page: Page) -> CaptureCheck:
        """After the capture: whether the DOM held still, the leaks on the page; then restore the page."""
        answer = page.evaluate(_FINISH_CAPTURE_JS)
        return CaptureCheck(settled=answer["changed"] == 0, leaks=self.find_leaks(str(answer["text"])))

    def page_leaks(self, page: Page) -> list[Leak]:
        """Leaks in everything the page shows or announces right now."""
        return self.find_leaks(str(page.evaluate(_VISIBLE_TEXT_JS)))


_URL_IN_TEXT_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s\"'<>`]+")
_TRAILING_PUNCTUATION = ".,;:!?)]}"


def redact_urls_and_tokens(text: str) -> str:
    """Every URL in `text` by the recording rules (no user name or password; only allow-listed query
    and fragment values kept, others ``<value-N>``; secrets placeholders), then tokens by their shape
    (JWTs, AWS session tokens, bearer values)."""
    from automation.har.patterns import find_shapes
    from automation.har.scrub import Scrubber

    scrubber = Scrubber()

    def scrub(match: re.Match[str]) -> str:
        url = match.group()
        kept = len(url.rstrip(_TRAILING_PUNCTUATION))
        return scrubber.scrub_url(url[:kept]) + url[kept:]

    text = _URL_IN_TEXT_RE.sub(scrub, text)
    tokens = [f for f in find_shapes(text) if f.kind.value in ("token", "security-token", "authorization")]
    for finding in sorted(tokens, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + MASK + text[finding.end :]
    return text


def describe(leaks: list[Leak]) -> str:
    """One line naming the kinds of leak, never the values."""
    return json.dumps(sorted({f"{leak.kind} {leak.hint}" for leak in leaks}))
