"""After the key is stored: ``--verify`` it and write it as an AWS CLI profile (``--profile``)."""

from __future__ import annotations

from automation.errors import RefusedError
from automation.keys import default_credentials_path, import_copy_path, write_import_csv, write_profile
from automation.keys.ini_text import find_sections
from automation.options import RunOptions
from automation.run import FlowRun
from automation.verify import verify_key


def profile_name(options: RunOptions, flow: str, flow_count: int) -> str | None:
    """The profile a flow writes: ``NAME``, or ``NAME-root`` / ``NAME-iam`` when both paths run."""
    if not options.profile:
        return None
    return options.profile if flow_count == 1 else f"{options.profile}-{flow}"


def check_profile_free(name: str, force: bool) -> None:
    """Refuse before any key is created when the profile exists and --force was not given."""
    path = default_credentials_path()
    if force or not path.is_file():
        return
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    if find_sections(text, name):
        raise RefusedError(
            step="Check the AWS profile",
            reason=f"{path} already has a profile [{name}]; nothing was created.",
            fix="Pass --force to replace it, or choose another name with --profile.",
        )


def deliver_key(run: FlowRun, profile: str | None) -> None:
    """Verify the captured key and write the profile and import copy, as the options ask."""
    captured = run.captured
    if captured is None:
        return
    if run.options.verify:
        with run.step("Verify the key with STS GetCallerIdentity"):
            arn = verify_key(run.target, captured.key)
            run.summary.remarks.append(f"{run.name}: the key works; caller {run.redactor.redact_text(arn)}")
    if profile:
        with run.step(f"Write AWS profile {profile}"):
            written = write_profile(captured.key, profile, force=run.options.force)
            user_name = captured.key.user_name or run.import_user_name
            copy = write_import_csv(captured.key, user_name, import_copy_path(captured.path))
            action = "replaced" if written.replaced else "added"
            run.summary.remarks.append(f"{run.name}: profile [{profile}] {action} in {written.path}")
            run.summary.other_files.append(copy)
            run.summary.remarks.append(
                f"{run.name}: import it elsewhere with: aws configure import --csv file://{copy}"
            )
