"""Credentials and account settings from the environment and a .env file."""

from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from dotenv import dotenv_values

from automation.errors import SettingError
from automation.resources import replica_credentials_text

REPLICA_DEFAULTS_SOURCE = "the replica's own example credentials"


@dataclass(frozen=True)
class Settings:
    """Everything a flow may need to sign in. Secrets never appear in repr()."""

    root_email: str = ""
    root_password: str = ""
    root_mfa_seed: str = ""
    account: str = ""
    iam_user: str = ""
    iam_password: str = ""
    iam_mfa_seed: str = ""
    source: str = ""

    def __repr__(self) -> str:
        present = [f.name for f in fields(self) if f.name != "source" and getattr(self, f.name)]
        return f"Settings(source={self.source!r}, set={present})"

    def secrets(self) -> list[str]:
        """Values that must never reach a screenshot, log, HAR or terminal.

        The account counts when it is a 12-digit id; an alias is a public name (it is in the sign-in URL).
        """
        values = [self.root_email, self.root_password, self.root_mfa_seed]
        values += [self.iam_password, self.iam_mfa_seed]
        if self.account.isdigit():
            values.append(self.account)
        return [v for v in values if v]


ENV_NAMES: dict[str, str] = {
    "root_email": "AWS_CONSOLE_ROOT_EMAIL",
    "root_password": "AWS_CONSOLE_ROOT_PASSWORD",
    "root_mfa_seed": "AWS_CONSOLE_ROOT_MFA_SEED",
    "account": "AWS_CONSOLE_ACCOUNT",
    "iam_user": "AWS_CONSOLE_IAM_USER",
    "iam_password": "AWS_CONSOLE_IAM_PASSWORD",
    "iam_mfa_seed": "AWS_CONSOLE_IAM_MFA_SEED",
}

REQUIRED_FOR: dict[str, tuple[str, ...]] = {
    "root": ("root_email", "root_password"),
    "iam": ("account", "iam_user", "iam_password"),
}


def warn_if_exposed(env_file: Path) -> str | None:
    """A warning naming the chmod that fixes a .env readable by group or others, else None."""
    try:
        mode = env_file.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return (
            f"warning: {env_file} is readable by other users (mode {stat.S_IMODE(mode):o}); "
            f"it holds passwords. Fix: chmod 600 {env_file}"
        )
    return None


def _read_env_file(path: Path) -> dict[str, str | None]:
    """The ``NAME=value`` pairs of a settings file; SettingError when it is not a text file."""
    try:
        return dict(dotenv_values(path))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SettingError(
            step="Read settings",
            reason=f"the settings file {path} is not UTF-8 text ({type(exc).__name__}), so not a .env file.",
            fix=f"Point --env-file at your .env, or write it again as NAME=value lines (chmod 600 {path}).",
        ) from None
    except OSError as exc:
        raise SettingError(
            step="Read settings",
            reason=f"the settings file {path} cannot be read ({exc.strerror or exc}).",
            fix="Check the path and that you may read the file.",
        ) from None


def load_settings(env_file: Path | None, *, offline: bool) -> Settings:
    """Read settings; the environment wins over the file.

    With ``env_file`` given, that file (it must exist) plus the environment. Without it: offline targets
    (replica, recordings) use the replica's own example credentials, shipped with the tool, since no
    others work there, and never read ``./.env`` (it may hold real passwords); the real console reads
    ``./.env`` when present, plus the environment.
    """
    if env_file is None and offline:
        values = dict(dotenv_values(stream=io.StringIO(replica_credentials_text())))
        merged = {field: (values.get(name) or "").strip() for field, name in ENV_NAMES.items()}
        return Settings(**merged, source=REPLICA_DEFAULTS_SOURCE)
    path = env_file if env_file is not None else Path(".env")
    values = {}
    source = "environment"
    if path.is_file():
        warning = warn_if_exposed(path)
        if warning:
            print(warning, file=sys.stderr)
        values = _read_env_file(path)
        source = str(path)
    elif env_file is not None:
        raise SettingError(
            step="Read settings",
            reason=f"the settings file {path} does not exist.",
            fix=f"Create it with your settings as NAME=value lines ({', '.join(ENV_NAMES.values())}), "
            f"then chmod 600 {path}; or leave out --env-file.",
        )
    merged = {
        field: (os.environ.get(name) or values.get(name) or "").strip() for field, name in ENV_NAMES.items()
    }
    return Settings(**merged, source=source)


def require(settings: Settings, flow: str) -> None:
    """Raise one clear error naming every missing setting a flow needs, before any browser starts."""
    missing = [ENV_NAMES[name] for name in REQUIRED_FOR[flow] if not getattr(settings, name)]
    if missing:
        raise SettingError(
            step="Read settings",
            reason=f"the {flow} flow needs {', '.join(missing)}, not set "
            f"(settings came from {settings.source}).",
            fix="Add them to your .env as NAME=value lines (or name another file with --env-file), "
            "or export them in the environment.",
        )
