"""What both editions' key lists share: a reading of the list, reading a row by its column headers,
finding a key by its last four, and the error for a user IAM does not list."""

from __future__ import annotations

from dataclasses import dataclass

from automation.errors import StepError


@dataclass(frozen=True)
class KeyListReading:
    """The key ids a list shows, and whether they were read with certainty (e.g. their number matches
    the count in the section's heading). An uncertain reading never supports "nothing was created"."""

    key_ids: list[str]
    certain: bool


# A table row's cells keyed by their column headers, whatever the column order.
ROW_BY_HEADER_JS = """
row => {
  const table = row.closest('table');
  const headers = table ? [...table.querySelectorAll('thead th')].map(th => th.innerText.trim()) : [];
  const cells = [...row.children].map(cell => cell.innerText.trim());  // td and row-header th
  const out = {};
  cells.forEach((text, i) => { out[headers[i] || String(i)] = text; });
  return out;
}
"""


def match_key(key_ids: list[str], wanted: str) -> str | None:
    """The one listed key id that is ``wanted`` or ends with it (the last four, as errors show them)."""
    matches = [key for key in key_ids if key == wanted or key.endswith(wanted.lstrip("*"))]
    return matches[0] if len(matches) == 1 else None


def unknown_user(user_name: str) -> StepError:
    """The error for a user name the Users list does not show."""
    return StepError(
        step="Open the user's Security credentials",
        reason=f"IAM lists no user named {user_name!r}.",
        fix="Check --user (or AWS_CONSOLE_IAM_USER): it must be an existing IAM user name, exactly.",
    )
