"""Check every option and setting that can be checked before a browser starts (and a key is made)."""

from __future__ import annotations

import math
import os
import re
import sys

import pyotp

from automation.errors import SettingError
from automation.options import RunOptions
from automation.settings import ENV_NAMES, Settings

STEP = "Check options and settings"
ACCOUNT_ID_RE = re.compile(r"\d{12}")
ACCOUNT_ALIAS_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])")
KEY_ID_OR_TAIL_RE = re.compile(r"(?:AKIA[A-Z2-7]{16}|\**[A-Z2-7]{4,16})")


def check_run(options: RunOptions, settings: Settings, flows: list[str]) -> None:
    """Raise one clear SettingError for the first option or setting that cannot work."""
    from automation.keys.credentials import check_profile_name
    from automation.keys.storage import check_file_name

    check_file_name(options.key_file)
    if (
        options.headed
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        raise SettingError(
            step=STEP,
            reason="--headed needs a screen, and this session has none (DISPLAY is not set).",
            fix="Run on a desktop, under a virtual screen (xvfb-run python -m flows ...), or drop --headed.",
        )
    if options.profile is not None:
        check_profile_name(options.profile)
    if not (math.isfinite(options.step_timeout_ms) and options.step_timeout_ms > 0):
        raise SettingError(
            step=STEP,
            reason="--timeout must be a positive number of seconds.",
            fix="Use for example --timeout 30 (the default) or --timeout 60 on a slow network.",
        )
    if options.delete_key is not None and not KEY_ID_OR_TAIL_RE.fullmatch(options.delete_key):
        raise SettingError(
            step=STEP,
            reason=f"--delete-key {options.delete_key!r} is neither an access key id nor its last four "
            "characters (A-Z, 2-7).",
            fix="Copy the id, or the four characters after the asterisks, from the two-keys error.",
        )
    if options.edition == "classic" and options.target == "aws":
        raise SettingError(
            step=STEP,
            reason="AWS no longer serves the classic (January 2014) console; only the replica has it.",
            fix="Drop --edition classic for the real console, or run the classic edition offline "
            "(the default --target replica).",
        )
    if (
        "iam" in flows
        and settings.account
        and not (ACCOUNT_ID_RE.fullmatch(settings.account) or ACCOUNT_ALIAS_RE.fullmatch(settings.account))
    ):
        raise SettingError(
            step=STEP,
            reason=f"{ENV_NAMES['account']} is neither a 12-digit account id nor an account alias.",
            fix="Set it to your 12-digit account id, or to the alias shown in the console's sign-in URL.",
        )
    for flow, field in (("root", "root_mfa_seed"), ("iam", "iam_mfa_seed")):
        seed = getattr(settings, field).replace(" ", "")
        if flow in flows and seed:
            try:
                pyotp.TOTP(seed).now()
            except Exception:
                raise SettingError(
                    step=STEP,
                    reason=f"{ENV_NAMES[field]} is not a base32 TOTP seed.",
                    fix="Copy the secret key shown when the virtual MFA device was set up (letters A-Z and "
                    "digits 2-7), or leave it empty to type the codes.",
                ) from None
