"""The browser the project launches: its one `--disable-features` keeps Playwright's list and drops the
address bar's hidden popups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from automation.browser import (
    DISABLE_FEATURES,
    PLAYWRIGHT_DISABLED_FEATURES,
    UNUSED_BROWSER_UI_FEATURES,
    launch_args,
    launch_chromium,
    merge_disabled_features,
    running_as_root,
)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def _browser_command_lines() -> list[list[str]]:
    """The command lines of every Chromium this test process launched (those with the debugging pipe).

    pytest-playwright's own browser may be among them: it is launched with the project's flags too.
    """
    pending, seen, found = [os.getpid()], set(), []
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
            pending += _children(pid)
        except OSError:
            continue
        if "--remote-debugging-pipe" in argv and not any(arg.startswith("--type=") for arg in argv):
            found.append(argv)
    assert found, "no browser process found under this test"
    return found


def _feature_lists(argv: list[str]) -> list[list[str]]:
    return [arg[len(DISABLE_FEATURES) :].split(",") for arg in argv if arg.startswith(DISABLE_FEATURES)]


def test_feature_switches_fold_into_one_last_switch() -> None:
    merged = merge_disabled_features(
        ["--a", "--disable-features=Mine,LensOverlay", "--b", "--disable-features=Two"]
    )
    assert merged[:2] == ["--a", "--b"]
    assert len(_feature_lists(merged)) == 1
    names = _feature_lists(merged)[0]
    assert set(PLAYWRIGHT_DISABLED_FEATURES) | set(UNUSED_BROWSER_UI_FEATURES) | {"Mine", "Two"} == set(names)
    assert len(names) == len(set(names)), "each name once"


def test_launch_args_end_with_the_merged_feature_switch() -> None:
    args = launch_args(offline=True)
    assert args[-1].startswith(DISABLE_FEATURES)
    assert sum(arg.startswith(DISABLE_FEATURES) for arg in args) == 1


@pytest.mark.parametrize(("uid", "sandboxed"), [(0, False), (1000, True)])
def test_sandbox_is_off_only_as_root(monkeypatch: pytest.MonkeyPatch, uid: int, sandboxed: bool) -> None:
    """Playwright adds --no-sandbox unless chromium_sandbox=True: a normal user must get the sandbox."""
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    launched: dict = {}

    class Chromium:
        executable_path = "/nonexistent/playwright-chromium"

        def launch(self, **options: object) -> str:
            launched.update(options)
            return "browser"

    class FakePlaywright:
        chromium = Chromium()

    monkeypatch.setenv("AWS_CONSOLE_FLOWS_CHROMIUM", "/bin/sh")  # any executable file: nothing is started
    assert launch_chromium(FakePlaywright(), offline=True) == "browser"  # type: ignore[arg-type]
    assert launched["chromium_sandbox"] is sandboxed
    assert ("--no-sandbox" in launched["args"]) is not sandboxed


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_running_browser_keeps_playwrights_features_and_has_no_omnibox_popup(playwright: Playwright) -> None:
    browser = launch_chromium(playwright, offline=True)
    try:
        for argv in _browser_command_lines():
            assert ("--no-sandbox" in argv) is running_as_root()
            lists = _feature_lists(argv)
            # Chromium applies only the last switch: it must hold every name of the earlier (Playwright's).
            assert len(lists) >= 2, "Playwright's own switch and ours"
            effective = set(lists[-1])
            for earlier in lists[:-1]:
                missing = set(earlier) - effective
                assert not missing, f"Playwright disables {missing} too: add them"
        context = browser.new_context()
        page = context.new_page()
        page.set_content("<h1>hello</h1>")
        cdp = browser.new_browser_cdp_session()
        urls = [target["url"] for target in cdp.send("Target.getTargets")["targetInfos"]]
        assert page.url in urls, "the page itself is listed"
        assert not [url for url in urls if "omnibox-popup" in url]
    finally:
        browser.close()
