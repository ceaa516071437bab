"""What doctor checks along each path, and the table it prints.

At the end of each step the doctor resolves the locators that step relies on (each a
:class:`~automation.pages.choices.Choice`) and records which alternative matched and how many visible
elements it has; just before the key-creating click it checks that button and stops the path there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from automation.pages import Console
from automation.pages.choices import Choice, choice
from automation.redaction import Redactor

SERVICE_CATEGORY = "Security, Identity, & Compliance"
OK, AMBIGUOUS, MISSING, FAILED, STOPPED = "ok", "ambiguous", "missing", "FAILED", "stopped"


@dataclass(frozen=True)
class Row:
    """One line of the doctor's table."""

    path: str
    step: str
    looked_for: str
    result: str  # ok | ambiguous | missing | FAILED | stopped
    detail: str = ""  # the alternative that matched, or why not

    @property
    def problem(self) -> bool:
        return self.result in (AMBIGUOUS, MISSING, FAILED)


def step_checks(console: Console) -> dict[str, list[Choice]]:
    """The locators each step of the current edition's flows relies on, checked when the step ends."""
    top = console.top_bar
    root_keys = console.root_credentials.access_keys
    user_keys = console.user_details.access_keys
    return {
        "Open the account menu": [top.account_button_choice, top.security_credentials_choice],
        "Find the Access keys section": [root_keys.create],
        "Create the access key": [console.root_wizard.create],  # before the click, which never comes
        "Open the Services menu": [
            top.services_button_choice,
            top.services_menu_choice,
            choice(
                f"link '{SERVICE_CATEGORY}' in the services menu", ("entry", top.category(SERVICE_CATEGORY))
            ),
            choice("link 'IAM' in the services menu", ("link or menu item", top.service_link("IAM"))),
        ],
        "Open IAM": [console.iam.users],
        "Open the user's Security credentials": [user_keys.create],
        "Choose a use case and create the key": [console.key_wizard.create],
    }


@dataclass
class DoctorReport:
    """Every row of every path, the images taken, and the key changes the browser blocked."""

    rows: list[Row] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Row]:
        return [row for row in self.rows if row.problem]

    def render(self, redactor: Redactor) -> str:
        """The table, then what was blocked and the verdict."""
        header = Row("path", "step", "looked for", "result", "alternative that matched / why")
        rows = [header, *self.rows]
        names = ("path", "step", "looked_for", "result")
        widths = [max(len(getattr(row, name)) for row in rows) for name in names]
        lines = []
        for row in rows:
            cells = [getattr(row, name).ljust(width) for name, width in zip(names, widths, strict=True)]
            lines.append("  ".join([*cells, row.detail]))
        lines.insert(1, "  ".join(["-" * width for width in widths] + ["-" * 30]))
        blocked = "; ".join(self.blocked) if self.blocked else "none (nothing tried to change a key)"
        lines.append("")
        lines.append(f"Key changes the browser blocked: {blocked}")
        checked = [row for row in self.rows if row.result in (OK, AMBIGUOUS, MISSING)]
        if self.problems:
            marks = ", ".join(sorted({row.result for row in self.problems}))
            lines.append(f"Result: {len(self.problems)} problem(s); see the rows marked {marks}.")
        else:
            lines.append(
                f"Result: all {len(checked)} locators resolve to exactly one visible element; both paths "
                "reach the creating click, which doctor never makes."
            )
        return redactor.redact_text("\n".join(lines))


class PathDoctor:
    """Watches one path's steps (see ``FlowRun.watcher``) and records a row per check."""

    def __init__(self, report: DoctorReport, path: str, console: Console) -> None:
        self.report = report
        self.path = path
        self.console = console
        self.checks = step_checks(console)

    def _add(self, step: str, looked_for: str, result: str, detail: str = "") -> None:
        self.report.rows.append(Row(self.path, step, looked_for, result, detail))

    def _check(self, step: str) -> None:
        for wanted in self.checks.get(step, []):
            found = wanted.resolve()
            if found.alternative is None:
                self._add(step, found.what, MISSING, "no alternative has a visible element")
            elif found.visible > 1:
                detail = f"{found.alternative}: {found.visible} visible elements"
                self._add(step, found.what, AMBIGUOUS, detail)
            else:
                self._add(step, found.what, OK, found.alternative)

    def after_step(self, title: str) -> None:
        """A step ended well: check what it relies on (and, after sign-in, the pages it went through)."""
        if title.startswith("Sign in"):
            pages = " → ".join(self.console.sign_in.pages_seen) or "a saved session (no sign-in page)"
            self._add(title, "sign-in pages", OK, pages)
        self._check(title)

    def before_create(self, title: str) -> None:
        """The path reached the key-creating click: check the button, then stop there."""
        self._check(title)
        self._add(title, "the key-creating click", STOPPED, "never made by doctor; key changes are blocked")

    def failed(self, step: str, reason: str) -> None:
        """A step failed: the drift error's paragraph is the row's detail."""
        self._add(step, "the step", FAILED, reason)
