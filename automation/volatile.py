"""Volatile text, normalized before every capture so the same console gives the same pixels.

Two runs of the same console differ in text that says *when* (relative times, dates, times of day, time
zones), in request ids, in the last use of a key, and from one account to another in its name and
canonical id. Like secrets (see :mod:`automation.redaction`), such text is replaced in the page before
the screenshot and put back after it, by stable values that still read naturally: every date becomes
January 15, 2026 (the tool's frozen clock) in the format the page used, every relative time "1 hour ago".

Two kinds of rule:

- :data:`TEXT_RULES`: patterns replaced wherever they appear (text, form values, titles, labels);
- :data:`FIELD_RULES`: a value replaced by what its *label* says it is (a table's column header, or
  the label before it in a key-value layout), for values no pattern can tell apart ("Never", "N/A",
  "us-west-2", "45 days").

Patterns are JavaScript regular expressions (they run in the page); :func:`normalize_text` applies the
text rules in Python too, for tests and for text outside pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: The instant every date is normalized to: the deterministic context's frozen clock.
EXAMPLE_INSTANT = datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)
EXAMPLE_AGO = "1 hour ago"
EXAMPLE_AGE = "30 days"
EXAMPLE_NOT_USED = "N/A"
#: AWS's documentation example request id (it holds "EXAMPLE", so it can never be a real one).
EXAMPLE_REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"
#: AWS's documentation example canonical user id.
EXAMPLE_CANONICAL_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
EXAMPLE_ACCOUNT_NAME = "AnyCompany Sandbox"
EXAMPLE_ACCOUNT_ALIAS = "anycompany-sandbox"

#: The top bar's account menu button in every console this tool knows (the replica's editions, and the
#: real console before and after its Nov 2024 change): it shows the account's name ("name" for the root
#: user, "user @ alias" for an IAM user), which is read from it before each capture.
ACCOUNT_MENU_SELECTORS = (
    "#nav-usernameMenu",
    '[data-testid="awsc-nav-account-menu-button"]',
    '[data-testid="more-menu__awsc-nav-account-menu-button"]',
)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_UNITS = "second|minute|hour|day|week|month|year"
_OFFSET = r"\s?[+\-−]\s?\d{1,2}(?::?\d{2})?"
# The normalized forms of each date format, so that times, weekdays and zones are normalized only
# where they follow a date (or a time) that is already normalized.
_DATES = "January 15, 2026|15 January 2026|2026-01-15|1/15/2026|15\\.01\\.2026"
_TIMES = "10:00:00 AM|10:00 AM|10:00:00|10:00"


@dataclass(frozen=True)
class TextRule:
    """A pattern replaced wherever it appears; ``$<name>`` in the replacement keeps a named group."""

    name: str  # what it normalizes, for the README and for test ids
    pattern: str  # a JavaScript regular expression (named groups as (?<name>...))
    replacement: str
    flags: str = ""  # "i" for case-insensitive ("g" is always added)

    def python(self) -> tuple[re.Pattern[str], str]:
        """The same rule for Python's ``re``: (compiled pattern, replacement template)."""
        flags = re.IGNORECASE if "i" in self.flags else 0
        pattern = re.sub(r"\(\?<([A-Za-z]\w*)>", r"(?P<\1>", self.pattern)
        return re.compile(pattern, flags), re.sub(r"\$<(\w+)>", r"\\g<\1>", self.replacement)


@dataclass(frozen=True)
class FieldRule:
    """A value replaced because of its label: ``label`` is searched in the label text (case-insensitive),
    ``value`` must match the whole value (trimmed, case-insensitive)."""

    name: str
    label: str
    value: str
    replacement: str


TEXT_RULES: tuple[TextRule, ...] = (
    # -- relative times --------------------------------------------------------------------------
    TextRule("relative time", rf"\b(?:\d+|an?|one|a few) (?:{_UNITS})s? ago\b", EXAMPLE_AGO, "i"),
    TextRule(
        "today, yesterday or now after a verb",
        r"\b(?<verb>Updated|Used|Created|Changed|Modified|Signed in|Logged in|Accessed|Last used) "
        r"(?:today|yesterday|just now|now)\b",
        f"$<verb> {EXAMPLE_AGO}",
        "i",
    ),
    TextRule(
        "a value that is only now, today, yesterday, last week…",
        r"^(?<lead>\s*)(?:now|just now|right now|today|yesterday|this (?:minute|hour)|"
        r"last (?:week|month|year))(?<trail>\s*)$",
        f"$<lead>{EXAMPLE_AGO}$<trail>",
        "i",
    ),
    # -- dates, then what follows a normalized date ------------------------------------------------
    TextRule(
        "ISO 8601 date and time",
        r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?",
        "2026-01-15T10:00:00Z",
    ),
    # Short month names become long ones too: "May 3, 2025" could be either, and must give one text.
    TextRule("month day, year", rf"\b(?:{_MONTHS})\.? \d{{1,2}}{_ORDINAL},? \d{{4}}\b", "January 15, 2026"),
    TextRule("day month year", rf"\b\d{{1,2}} (?:{_MONTHS})\.?,? \d{{4}}\b", "15 January 2026"),
    # Policy language versions are dates that never change: left alone.
    TextRule("ISO 8601 date", r"\b(?!2012-10-17\b|2008-10-17\b)\d{4}-\d{2}-\d{2}\b", "2026-01-15"),
    TextRule("month/day/year", r"\b\d{1,2}/\d{1,2}/\d{4}\b", "1/15/2026"),
    TextRule("day.month.year", r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", "15.01.2026"),
    TextRule(
        "weekday before a date",
        r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?<sep>,? )(?=January 15, 2026|"
        r"15 January 2026|1/15/2026)",
        "Thursday$<sep>",
    ),
    TextRule(
        "short weekday before a date",
        r"\b(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?(?<sep>,? )"
        r"(?=January 15, 2026|15 January 2026|1/15/2026)",
        "Thu$<sep>",
    ),
    TextRule(
        "time with seconds after a date",
        rf"(?<date>(?:{_DATES})(?:,? at |,? |T))\d{{1,2}}:\d{{2}}:\d{{2}}(?:\.\d+)?",
        "$<date>10:00:00",
    ),
    TextRule(
        "time after a date", rf"(?<date>(?:{_DATES})(?:,? at |,? ))\d{{1,2}}:\d{{2}}(?![:\d])", "$<date>10:00"
    ),
    TextRule(
        "time of day with AM/PM",
        r"\b\d{1,2}:\d{2}:\d{2}(?<sp> ?)[AaPp]\.?[Mm]\.?(?![A-Za-z])",
        "10:00:00$<sp>AM",
    ),
    TextRule(
        "time of day with AM/PM", r"\b\d{1,2}:\d{2}(?<sp> ?)[AaPp]\.?[Mm]\.?(?![A-Za-z])", "10:00$<sp>AM"
    ),
    TextRule("time of day with seconds", r"\b(?<!:)\d{1,2}:\d{2}:\d{2}(?![:\d])", "10:00:00"),
    TextRule(
        "time zone offset after a time",
        rf"(?<time>(?:{_TIMES}))(?<sp> ?)\((?:UTC|GMT)(?:{_OFFSET})?\)",
        "$<time>$<sp>(UTC+00:00)",
    ),
    TextRule(
        "time zone after a time",
        rf"(?<time>(?:{_TIMES})) (?:UTC|GMT)(?:{_OFFSET})?(?![\w+\-])|(?<time2>(?:{_TIMES})) [A-Z]{{2,4}}T\b",
        "$<time>$<time2> UTC",
    ),
    TextRule("copyright year", r"(?<mark>©\s?(?:\d{4}\s?[-–]\s?)?)\d{4}\b", "$<mark>2026"),
    # -- identifiers that change from run to run or account to account ---------------------------
    TextRule(
        "request id",
        r"(?<label>\bRequest[ -]?ID[:=]?\s*)[A-Za-z0-9][A-Za-z0-9+/=_-]{7,}",
        f"$<label>{EXAMPLE_REQUEST_ID}",
        "i",
    ),
    TextRule(
        "UUID", r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", EXAMPLE_REQUEST_ID, "i"
    ),
    TextRule("canonical user id", r"\b[0-9a-f]{64}\b", EXAMPLE_CANONICAL_ID),
)

FIELD_RULES: tuple[FieldRule, ...] = (
    # A key's last use (when, region, service) changes whenever the key is used: every key reads as
    # never used, as a key the tutorial has just created does.
    FieldRule("a key's last use", r"last used", r".{1,40}", EXAMPLE_NOT_USED),
    FieldRule(
        "last sign-in or activity",
        r"last activity|last (?:console )?sign-in|console last sign-in|last login",
        r".{1,40}",
        EXAMPLE_AGO,
    ),
    FieldRule("age in days", r"\bage\b", r"\d+ days?|today", EXAMPLE_AGE),
)


def normalize_text(text: str, rules: Iterable[TextRule] = TEXT_RULES) -> str:
    """Apply the text rules to ``text`` (the page applies the same rules, plus the field rules)."""
    for rule in rules:
        pattern, template = rule.python()
        text = pattern.sub(template, text)
    return text


def account_example(name: str) -> str:
    """The example an account name or alias becomes: an alias-like name gets the example alias."""
    return EXAMPLE_ACCOUNT_ALIAS if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) else EXAMPLE_ACCOUNT_NAME


def is_account_name(name: str) -> bool:
    """Whether ``name`` can be normalized as an account name (not an account id, not too short)."""
    return len(name) >= 3 and not re.fullmatch(r"[\d\s-]+", name)


def page_arguments(
    rules: Iterable[TextRule] = TEXT_RULES,
    fields: Iterable[FieldRule] = FIELD_RULES,
    names: Iterable[str] = (),
) -> Any:
    """The rules as the page-side normalizer (:data:`NORMALIZE_JS`) takes them."""
    return {
        "text": [[r.pattern, "g" + r.flags, r.replacement] for r in rules],
        "fields": [[f.label, f.value, f.replacement] for f in fields],
        "names": [[n, account_example(n)] for n in names if is_account_name(n)],
        "accountMenus": list(ACCOUNT_MENU_SELECTORS),
        "examples": [EXAMPLE_ACCOUNT_NAME, EXAMPLE_ACCOUNT_ALIAS],
    }


# A function of page_arguments() giving { text(s), node(textNode, s) }: `text` applies the text rules to
# a string; `node` applies the field rules to a text node's value (knowing its label), then the text rules.
# A replacement's unmatched named group ($<name>) gives "" in JavaScript, as in Python's expand.
NORMALIZE_JS = r"""
(args) => {
  const text = args.text.map(([p, f, r]) => [new RegExp(p, f), r]);
  const fields = args.fields.map(([l, v, r]) => [new RegExp(l, 'i'), new RegExp('^(?:' + v + ')$', 'i'), r]);
  // Account names: the ones the run knows, and the one the account menu shows ("user @ alias" or "name").
  const names = new Map(args.names);
  for (const selector of args.accountMenus) {
    for (const el of document.querySelectorAll(selector)) {
      const line = (el.innerText || el.textContent || '').trim().split('\n')[0];
      const name = line.split(' @ ').pop().replace(/[^\p{L}\p{N})]+$/u, '').trim();
      if (name.length >= 3 && !/^[\d\s-]+$/.test(name) && !args.examples.includes(name) && !names.has(name)) {
        names.set(name, /^[a-z0-9][a-z0-9-]*$/.test(name) ? args.examples[1] : args.examples[0]);
      }
    }
  }
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const nameRules = [...names].sort((a, b) => b[0].length - a[0].length)
    .map(([name, example]) => [new RegExp('(?<![\\w-])' + escape(name) + '(?![\\w-])', 'g'), example]);
  const normalizeText = (s) => {
    if (!s) return s;
    let out = s;
    for (const [re, example] of nameRules) out = out.replace(re, () => example);
    for (const [re, rep] of text) out = out.replace(re, rep);
    return out;
  };
  const short = (el) => {
    const t = (el && el.textContent || '').trim();
    return t.length <= 60 ? t : '';
  };
  // The label of a value: its column's header in a table, else the element just before it (or before
  // one of its two nearest ancestors) in a key-value layout. Header cells have no label.
  const labelOf = (el) => {
    if (!el || el.closest('th, [role=columnheader], [role=rowheader]')) return '';
    const cell = el.closest('td, [role=cell], [role=gridcell]');
    if (cell) {
      const table = cell.closest('table');
      const index = cell.cellIndex;
      const head = table && table.tHead && table.tHead.rows[0];
      return head && index >= 0 && head.cells[index] ? short(head.cells[index]) : '';
    }
    for (let e = el, depth = 0; e && depth < 3; e = e.parentElement, depth++) {
      if (e.previousElementSibling) return short(e.previousElementSibling);
    }
    return '';
  };
  const normalizeNode = (node, s) => {
    const value = (s || '').trim();
    if (value && value.length <= 40) {
      const label = labelOf(node.parentElement);
      if (label) {
        for (const [l, v, r] of fields) {
          if (l.test(label) && v.test(value)) return s.replace(value, r);
        }
      }
    }
    return normalizeText(s);
  };
  return { text: normalizeText, node: normalizeNode };
}
"""


class VolatileText:
    """One run's normalization rules, applied in the page by every capture (automation/redaction.py)."""

    def __init__(
        self, rules: Iterable[TextRule] = TEXT_RULES, fields: Iterable[FieldRule] = FIELD_RULES
    ) -> None:
        self.rules = tuple(rules)
        self.fields = tuple(fields)
        self.names: list[str] = []

    def add_names(self, *names: str) -> None:
        """Account names or aliases the run knows (for example the alias it signs in with)."""
        self.names += [n for n in names if is_account_name(n) and n not in self.names]

    def page_arguments(self) -> Any:
        """The rules as :data:`NORMALIZE_JS` takes them."""
        return page_arguments(self.rules, self.fields, self.names)
