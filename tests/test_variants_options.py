"""--replica-variant: listed in every command's --help like faults, combinations expanded, unknown names
and other targets refused before any browser starts (exit 3, one paragraph)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from automation.errors import ExitCode, SettingError
from automation.replica.variants import COMBINATIONS, KNOWN_VARIANTS, check_variants
from automation.targets import ReplicaTarget, open_target, parse_target


@pytest.mark.parametrize("command", [["flows"], ["flows.root"], ["flows.iam"], ["flows", "doctor"]])
def test_help_lists_every_variant(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command, "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    for name in [*KNOWN_VARIANTS, *COMBINATIONS]:
        assert f"  {name} " in done.stdout, name


def test_combinations_expand_and_mix_with_single_variants() -> None:
    assert check_variants(["console-2024"]) == COMBINATIONS["console-2024"]
    assert check_variants(["console-2024", "iam-key-cards"]) == COMBINATIONS["console-2024"] | {
        "iam-key-cards"
    }
    with pytest.raises(ValueError, match="unknown replica variant"):
        check_variants(["users-labels"])


def test_every_variant_of_the_combinations_exists() -> None:
    for members in COMBINATIONS.values():
        assert members <= set(KNOWN_VARIANTS)


def test_unknown_variant_is_a_setting_error_naming_the_known_ones() -> None:
    with pytest.raises(SettingError) as caught:
        ReplicaTarget(variants=frozenset({"users-labels"}))
    assert "users-labels" in caught.value.reason and "users-label" in caught.value.fix


def test_variants_only_apply_to_the_replica() -> None:
    with pytest.raises(SettingError, match="--replica-variant only applies to the replica"):
        open_target(
            parse_target("aws"),
            faults=frozenset(),
            variants=frozenset({"multi-session"}),
            edition="current",
            flows=["root"],
        )


def test_command_line_refuses_an_unknown_variant_before_any_browser(tmp_path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.root",
            "--replica-variant",
            "nope",
            "--out",
            str(tmp_path / "i"),
            "--keys-dir",
            str(tmp_path / "k"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == ExitCode.BAD_SETTING, done.stderr
    assert "unknown replica variant(s): nope" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "i").exists() or not list((tmp_path / "i").glob("*.png"))
