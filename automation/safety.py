"""Safety rules around key creation: confirmation on a live account, at most one key per flow."""

from __future__ import annotations

import sys
from collections.abc import Callable

from automation.errors import RefusedError

ROOT_KEY_ADVICE = (
    "AWS advises against root user access keys: they have unlimited permissions that cannot be "
    "restricted. Prefer an IAM user or role with least privilege, `aws login` with your console "
    "credentials, or IAM Identity Center for short-term credentials."
)


def mask_key_id(key_id: str) -> str:
    """An access key id reduced to its last four characters."""
    return f"****************{key_id[-4:]}" if len(key_id) >= 4 else "****"


def confirm_live_key(
    identity: str, *, is_root: bool, assume_yes: bool, ask: Callable[[str], str] = input
) -> None:
    """On a real account, ask y/N before creating a key (``--yes`` skips the question)."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise RefusedError(
            step="Confirm key creation",
            reason="creating a real access key needs a confirmation and no terminal can answer.",
            fix="Rerun in a terminal, or add --yes to confirm in advance.",
        )
    if is_root:
        print(ROOT_KEY_ADVICE, file=sys.stderr)
    answer = ask(f"Create a new access key for {identity} on the real AWS account? [y/N] ")
    if answer.strip().lower() not in ("y", "yes"):
        raise RefusedError(
            step="Confirm key creation",
            reason="you declined; nothing was created.",
            fix="Rerun and answer y, or use --target replica for screenshots only.",
        )


def confirm_live_action(question: str, assume_yes: bool, ask: Callable[[str], str] = input) -> None:
    """Ask y/N before a destructive action on a real account (``--yes`` skips the question)."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise RefusedError(
            step="Confirm",
            reason=f"{question} needs a confirmation and no terminal can answer.",
            fix="Rerun in a terminal, or add --yes to confirm in advance.",
        )
    if ask(f"{question} on the real AWS account? [y/N] ").strip().lower() not in ("y", "yes"):
        raise RefusedError(
            step="Confirm", reason="you declined; nothing was changed.", fix="Rerun and answer y."
        )


class OneKeyGuard:
    """Allows a single "create key" action per flow run, whatever retries happen around it."""

    def __init__(self, identity: str) -> None:
        self.identity = identity
        self.created: bool = False

    def create(self, click_create: Callable[[], None]) -> None:
        """Run the creating click once; a second call is refused before it touches the console."""
        if self.created:
            raise RefusedError(
                step="Create access key",
                reason=f"this run already created a key for {self.identity}.",
                fix="Nothing to do: one key per run is the limit. Start a new run for another key.",
            )
        self.created = True
        click_create()
