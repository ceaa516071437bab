"""The key files as aws-cli v2 itself reads them (Debian's awscli package, not a parser written here).

The import copy goes through ``aws configure import --csv``, the credentials profile through
``aws configure get``; both run in a private HOME with no network call.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from key_samples import make_key_id, make_secret

from automation.keys import AccessKey, KeyFileFormat, write_import_csv, write_profile


def aws_cli_v2() -> str | None:
    """The path of an aws-cli v2 executable (Debian's is /usr/bin/aws; a v1 may shadow it on PATH)."""
    for candidate in ("/usr/bin/aws", shutil.which("aws")):
        if candidate and Path(candidate).is_file():
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
            if (done.stdout + done.stderr).startswith("aws-cli/2."):
                return candidate
    return None


AWS = aws_cli_v2()
pytestmark = pytest.mark.skipif(
    AWS is None, reason="aws-cli v2 is not installed (scripts/ensure-test-tools.sh installs it as root)"
)


def aws(home: Path, *args: str) -> str:
    """Run aws-cli v2 with its files under ``home``; returns its output, failing the test on an error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HOME=str(home),
        AWS_CONFIG_FILE=str(home / ".aws" / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / ".aws" / "credentials"),
        AWS_PAGER="",
    )
    assert AWS is not None
    done = subprocess.run([AWS, *args], capture_output=True, text=True, env=env, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def key() -> AccessKey:
    rng = random.Random(20261203)
    return AccessKey(make_key_id(rng), make_secret(rng), None, KeyFileFormat.CURRENT)


def test_aws_configure_import_reads_the_import_copy(tmp_path: Path, key: AccessKey) -> None:
    copy = write_import_csv(key, "course-author", tmp_path / "keys" / "access-keys-import.csv")
    aws(tmp_path, "configure", "import", "--csv", f"file://{copy}")
    profile = ("--profile", "course-author")
    assert aws(tmp_path, "configure", "get", "aws_access_key_id", *profile) == key.access_key_id
    assert aws(tmp_path, "configure", "get", "aws_secret_access_key", *profile) == key.secret_access_key


def test_aws_reads_the_profile_written_beside_others(tmp_path: Path, key: AccessKey) -> None:
    credentials = tmp_path / ".aws" / "credentials"
    credentials.parent.mkdir()
    credentials.write_text("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nregion = eu-west-1\n")
    write_profile(key, "course", credentials)
    assert aws(tmp_path, "configure", "get", "aws_access_key_id", "--profile", "course") == key.access_key_id
    assert aws(tmp_path, "configure", "get", "aws_secret_access_key", "--profile", "course") == (
        key.secret_access_key
    )
    assert aws(tmp_path, "configure", "get", "aws_access_key_id") == "AKIAIOSFODNN7EXAMPLE"
