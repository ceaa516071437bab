"""Safety on a live account, exercised on the replica: the only difference is the routing.

A ReplicaTarget marked live takes every branch the real console takes (confirmation, advice, refusal).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import automation.runner
from automation.errors import FlowError, RefusedError
from automation.options import RunOptions
from automation.safety import ROOT_KEY_ADVICE, OneKeyGuard, confirm_live_key
from automation.targets import ReplicaTarget
from flows.cli import flows_for


class LiveReplica(ReplicaTarget):
    """The replica, treated as the real console by everything but the routing."""

    is_live = True


def run_in_thread(
    options: RunOptions, monkeypatch: pytest.MonkeyPatch
) -> tuple[LiveReplica, BaseException | None]:
    target = LiveReplica()
    monkeypatch.setattr(automation.runner, "open_target", lambda *a, **k: target)
    outcome: list[BaseException | None] = [None]

    def work() -> None:  # its own thread: no Playwright loop of pytest-playwright's here
        try:
            automation.runner.run_flows(flows_for("root"), options)
        except BaseException as error:
            outcome[0] = error

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return target, outcome[0]


def options(tmp_path: Path, **extra: object) -> RunOptions:
    return RunOptions(out_dir=tmp_path / "img", keys_dir=tmp_path / "keys", env_file=None, **extra)  # type: ignore[arg-type]


def test_live_key_needs_confirmation_and_none_is_created_without(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", None)  # no terminal, as in CI
    target, error = run_in_thread(options(tmp_path), monkeypatch)
    assert isinstance(error, RefusedError) and "--yes" in error.fix
    assert target.replica.created_key_ids == []
    assert not list((tmp_path / "keys").glob("*.csv"))


def test_live_key_with_yes_is_created_once(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target, error = run_in_thread(options(tmp_path, yes=True), monkeypatch)
    assert error is None, error
    assert len(target.replica.created_key_ids) == 1
    assert len(list((tmp_path / "keys").glob("*.csv"))) == 1


def test_live_delete_needs_confirmation(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", None)
    target = LiveReplica(frozenset({"two-keys"}))
    keys = [k.access_key_id for k in target.iam.list_access_keys()]
    monkeypatch.setattr(automation.runner, "open_target", lambda *a, **k: target)
    failure: list[BaseException] = []
    thread = threading.Thread(target=lambda: _capture(failure, options(tmp_path, delete_key=keys[0][-4:])))
    thread.start()
    thread.join()
    assert isinstance(failure[0], FlowError) and "confirmation" in failure[0].reason
    assert [k.access_key_id for k in target.iam.list_access_keys()] == keys  # nothing deleted


def _capture(sink: list[BaseException], opts: RunOptions) -> None:
    try:
        automation.runner.run_flows(flows_for("root"), opts)
    except BaseException as error:
        sink.append(error)


class FakeTty:
    def isatty(self) -> bool:
        return True


def test_root_confirmation_shows_aws_advice_then_asks(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", FakeTty())
    questions: list[str] = []
    confirm_live_key(
        "the root user", is_root=True, assume_yes=False, ask=lambda q: questions.append(q) or "y"
    )
    assert ROOT_KEY_ADVICE in capsys.readouterr().err
    assert "[y/N]" in questions[0]
    with pytest.raises(RefusedError, match="declined"):
        confirm_live_key("the root user", is_root=True, assume_yes=False, ask=lambda q: "")


def test_one_key_guard_refuses_a_second_create() -> None:
    clicks: list[int] = []
    guard = OneKeyGuard("the root user")
    guard.create(lambda: clicks.append(1))
    with pytest.raises(RefusedError, match="already created"):
        guard.create(lambda: clicks.append(2))
    assert clicks == [1]
