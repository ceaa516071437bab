"""The bad-input corpus (tests/corpus/): each malformed input gives its clear error paragraph and its own
exit code, before any browser starts and without writing anything."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from automation.errors import ExitCode
from automation.keys.__main__ import main as keys_main
from automation.keys.parse import MAX_KEY_FILE_BYTES
from flows.cli import main as flows_main

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Case:
    """One bad input: the command line (built in a scratch folder), its exit code, and key words."""

    argv: Callable[[Path], list[str]]
    code: ExitCode
    words: tuple[str, ...]
    command: str = "root"  # flows command, or "keys" for python -m automation.keys


def corpus_copy(kind: str, name: str) -> Callable[[Path], list[str]]:
    """A private (0600) copy of a corpus file, as a user's own file would be."""

    def build(scratch: Path) -> list[str]:
        copy = scratch / name
        shutil.copyfile(CORPUS / kind / name, copy)
        copy.chmod(0o600)
        return [str(copy)]

    return build


def env(name: str) -> Callable[[Path], list[str]]:
    return lambda scratch: ["--env-file", *corpus_copy("env", name)(scratch)]


def har(name: str) -> Callable[[Path], list[str]]:
    return lambda scratch: [f"--target=har:{CORPUS / 'har' / name}"]


def page(name: str) -> Callable[[Path], list[str]]:
    return lambda scratch: ["--page", str(CORPUS / "course" / name)]


def key_file(name: str) -> Callable[[Path], list[str]]:
    return lambda scratch: ["check", *corpus_copy("csv", name)(scratch)]


def huge_key_file(scratch: Path) -> list[str]:
    path = scratch / "huge.csv"
    line = "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    path.write_text("Access key ID,Secret access key\n" + line * (2 * MAX_KEY_FILE_BYTES // len(line)))
    return ["check", str(path)]


def under_a_file(option: str) -> Callable[[Path], list[str]]:
    """A folder path below a regular file: unwritable even for root (mode bits do not stop root)."""

    def build(scratch: Path) -> list[str]:
        blocker = scratch / "a-file"
        blocker.write_text("not a folder")
        return [option, str(blocker / "sub")]

    return build


CASES: dict[str, Case] = {
    # .env files
    "env-missing-password": Case(
        env("missing-password.env"), ExitCode.BAD_SETTING, ("Read settings", "AWS_CONSOLE_ROOT_PASSWORD")
    ),
    "env-bad-mfa-seed": Case(
        env("bad-mfa-seed.env"), ExitCode.BAD_SETTING, ("AWS_CONSOLE_ROOT_MFA_SEED", "base32")
    ),
    "env-bad-account": Case(
        env("bad-account.env"), ExitCode.BAD_SETTING, ("AWS_CONSOLE_ACCOUNT", "12-digit"), "iam"
    ),
    "env-empty": Case(
        env("empty.env"), ExitCode.BAD_SETTING, ("Read settings", "AWS_CONSOLE_IAM_PASSWORD"), "iam"
    ),
    "env-binary": Case(env("binary.env"), ExitCode.BAD_SETTING, ("Read settings", "not UTF-8 text")),
    "env-absent": Case(
        lambda s: ["--env-file", str(s / "nope.env")],
        ExitCode.BAD_SETTING,
        ("does not exist", "AWS_CONSOLE_ROOT_EMAIL", "chmod 600"),
    ),
    # key files (python -m automation.keys check)
    "csv-truncated": Case(
        key_file("truncated.csv"),
        ExitCode.BAD_KEY_FILE,
        ("Check the key file", "not valid", "40 characters"),
        "keys",
    ),
    "csv-wrong-header": Case(
        key_file("wrong-header.csv"),
        ExitCode.BAD_KEY_FILE,
        ("unknown header", "Access key ID,Secret access key"),
        "keys",
    ),
    "csv-binary": Case(key_file("binary.csv"), ExitCode.BAD_KEY_FILE, ("binary",), "keys"),
    "csv-empty": Case(key_file("empty.csv"), ExitCode.BAD_KEY_FILE, ("is empty", "interrupted"), "keys"),
    "csv-header-only": Case(key_file("header-only.csv"), ExitCode.BAD_KEY_FILE, ("no access key",), "keys"),
    "csv-json-error": Case(key_file("json-error.csv"), ExitCode.BAD_KEY_FILE, ("is JSON",), "keys"),
    "csv-huge": Case(huge_key_file, ExitCode.BAD_KEY_FILE, ("far too large",), "keys"),
    "csv-absent": Case(
        lambda s: ["check", str(s / "nope.csv")], ExitCode.FILESYSTEM, ("cannot be read",), "keys"
    ),
    # recordings
    "har-corrupt": Case(har("corrupt.har"), ExitCode.BAD_RECORDING, ("not valid JSON", "--record")),
    "har-empty": Case(har("empty.har"), ExitCode.BAD_RECORDING, ("not valid JSON", "truncated")),
    "har-not-a-har": Case(har("not-a-har.har"), ExitCode.BAD_RECORDING, ("not a HAR file",)),
    "har-foreign": Case(har("foreign.har"), ExitCode.BAD_RECORDING, ("not a recording of the AWS console",)),
    "har-other-path": Case(
        har("other-path.har"), ExitCode.BAD_RECORDING, ("recording of the iam path", "not of the root path")
    ),
    "har-deep": Case(har("deep.har"), ExitCode.BAD_RECORDING, ("nests more than 200 levels",)),
    "har-deeper": Case(har("deeper.har"), ExitCode.BAD_RECORDING, ("nests too deep",)),
    "har-bad-base64": Case(
        har("bad-base64.har"), ExitCode.BAD_RECORDING, ("entry 0", "postData.text", "not valid base64")
    ),
    "har-mime-not-a-string": Case(
        har("mime-not-a-string.har"),
        ExitCode.BAD_RECORDING,
        ("entry 0", "response.content.mimeType that is a number"),
    ),
    "har-no-signin": Case(
        har("no-signin.har"), ExitCode.BAD_RECORDING, ("lacks calls the root path needs", "sign-in")
    ),
    "har-foreign-credentials": Case(
        har("foreign-credentials.har"),
        ExitCode.BAD_RECORDING,
        ("not a recording of the AWS console", "the first is https://example.org/login?…#…"),
    ),
    "har-absent": Case(
        lambda s: [f"--target=har:{s / 'nope.har'}"], ExitCode.BAD_SETTING, ("does not exist",)
    ),
    # course pages (--page)
    "course-unclosed-front-matter": Case(
        page("unclosed-front-matter.md"), ExitCode.BAD_SETTING, ("line 1", "never closed")
    ),
    "course-unclosed-liquid": Case(
        page("unclosed-liquid.md"), ExitCode.BAD_SETTING, ("line 5", "{% endraw %}")
    ),
    "course-not-utf8": Case(
        page("not-utf8.md"), ExitCode.BAD_SETTING, ("not UTF-8 text", "Save the page as UTF-8")
    ),
    "course-broken-html": Case(
        page("broken-html.md"), ExitCode.MISSING_IMAGES, ("no-such-step.png", "flows coverage")
    ),
    "course-missing-image": Case(
        page("missing-image.md"), ExitCode.MISSING_IMAGES, ("root-old-console.png", "line 6")
    ),
    "course-no-images": Case(
        page("no-images.md"), ExitCode.BAD_SETTING, ("uses none of the tutorial images",)
    ),
    "course-absent": Case(
        lambda s: ["--page", str(s / "nope.md")], ExitCode.BAD_SETTING, ("does not exist",)
    ),
    # output folders and options
    "out-under-a-file": Case(
        under_a_file("--out"), ExitCode.FILESYSTEM, ("Prepare the image folder", "--out")
    ),
    "keys-dir-under-a-file": Case(
        under_a_file("--keys-dir"), ExitCode.FILESYSTEM, ("Prepare the keys folder",)
    ),
    "unknown-option": Case(
        lambda s: ["--no-such-option"], ExitCode.USAGE, ("unrecognized arguments: --no-such-option",)
    ),
    "unknown-fault": Case(
        lambda s: ["--replica-fault", "gremlins"],
        ExitCode.BAD_SETTING,
        ("unknown replica fault", "gremlins", "create-timeout"),
    ),
    "unknown-target": Case(lambda s: ["--target", "mars"], ExitCode.BAD_SETTING, ("unknown target 'mars'",)),
    "bad-timeout": Case(lambda s: ["--timeout", "-3"], ExitCode.USAGE, ("--timeout", "above 0")),
}


def run_case(case: Case, scratch: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the real entry point in-process (every case fails before a browser starts)."""
    out, keys = scratch / "images", scratch / "keys"
    argv = case.argv(scratch)
    try:
        if case.command == "keys":
            code = keys_main(argv)
        else:
            needs_dirs = not any(a in ("--out", "--keys-dir", "--page") for a in argv)
            where = ["--out", str(out), "--keys-dir", str(keys)] if needs_dirs else []
            code = flows_main([*where, *argv], command=case.command)
    except SystemExit as exit_:  # argparse's usage errors
        code = int(exit_.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_its_error_and_exit_code(name: str, tmp_path: Path, capsys) -> None:
    case = CASES[name]
    code, stderr = run_case(case, tmp_path, capsys)
    assert code == case.code, stderr
    paragraph = " ".join(stderr.split())
    for word in case.words:
        assert word in paragraph, f"{word!r} not in: {paragraph}"
    assert "Traceback" not in stderr and "This is a bug" not in stderr
    # Nothing half-written: no image, no key file, no temp file anywhere in the scratch folder.
    written = [p.name for p in tmp_path.rglob("*") if p.suffix in (".png", ".tmp") or p.name.startswith(".")]
    assert written == []


def test_the_corpus_has_every_kind_of_bad_input() -> None:
    for kind in ("env", "csv", "har", "course"):
        assert any((CORPUS / kind).iterdir()), kind
    used = {name.split("-")[0] for name in CASES}
    assert {"env", "csv", "har", "course", "out", "unknown"} <= used


def test_a_valid_key_file_passes_the_check(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    assert keys_main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "****************MPLE" in out and "wJalr" not in out and "AKIAIOSFODNN7EXAMPLE" not in out
