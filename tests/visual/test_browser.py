"""Real Chromium: the stability loop on moving pages, and assert_screenshot end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from automation.visual import capture_stable

from .inner import make_project, run_pytest

pytestmark = pytest.mark.browser

# Advances one frame per window.tick() call and stops changing after `frames` ticks.
TICKING = """
<!doctype html><html><body style="margin:0;font:20px sans-serif">
<div id="n" style="padding:20px">frame 0</div>
<script>
  let n = 0;
  window.tick = () => {
    if (n < FRAMES) { n += 1; document.getElementById('n').textContent = 'frame ' + n; }
  };
</script></body></html>
"""

# A JavaScript clock: changes every 16 ms for ever (animations="disabled" cannot stop it).
RUNNING = """
<!doctype html><html><body style="margin:0;font:20px sans-serif">
<div id="t" style="padding:20px"></div>
<script>
  setInterval(() => { document.getElementById('t').textContent = performance.now().toFixed(1); }, 16);
</script></body></html>
"""

# Settles by itself: a JavaScript counter that stops after 300 ms.
SETTLING = """
<!doctype html><html><body style="margin:0;font:20px sans-serif">
<div id="c" style="padding:20px">0</div>
<script>
  const start = performance.now();
  const timer = setInterval(() => {
    document.getElementById('c').textContent = String(Math.round(performance.now() - start));
    if (performance.now() - start > 300) clearInterval(timer);
  }, 20);
</script></body></html>
"""

# An infinite CSS spinner: Playwright's animations="disabled" cancels it, so captures agree.
SPINNER = """
<!doctype html><html><head><style>
  @keyframes spin { to { transform: rotate(360deg); } }
  .s { width: 40px; height: 40px; margin: 20px; border: 6px solid #ccc; border-top-color: #0073bb;
       border-radius: 50%; animation: spin .5s linear infinite; }
</style></head><body><div class="s"></div></body></html>
"""


def _shot(page: Page) -> bytes:
    return page.screenshot(type="png", animations="disabled", caret="hide", scale="css")


@pytest.mark.parametrize("frames", [1, 3])
def test_page_that_settles_after_n_frames(page: Page, frames: int) -> None:
    page.set_content(TICKING.replace("FRAMES", str(frames)))

    def take() -> bytes:
        page.evaluate("window.tick()")
        return _shot(page)

    result = capture_stable(take, max_attempts=8, intervals=[0])
    assert result.stable
    assert result.attempts == frames + 1  # `frames` changing captures, then one equal to the last
    assert "frame" in page.inner_text("#n") and page.inner_text("#n") == f"frame {frames}"


def test_page_that_never_settles(page: Page) -> None:
    page.set_content(RUNNING)
    result = capture_stable(lambda: _shot(page), max_attempts=4, intervals=[0, 0.05])
    assert not result.stable
    assert result.attempts == 4
    assert result.previous is not None and result.previous != result.png


def test_page_that_settles_by_itself(page: Page) -> None:
    page.set_content(SETTLING)
    result = capture_stable(lambda: _shot(page))
    assert result.stable
    assert result.attempts >= 3  # it was still moving at first


def test_css_animation_is_frozen_by_the_capture(page: Page) -> None:
    page.set_content(SPINNER)
    result = capture_stable(lambda: _shot(page), intervals=[0, 0.05])
    assert result.stable and result.attempts == 2


PAGE_TEST = """
import pytest
from automation.browser import find_chromium, launch_args

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    choice = find_chromium(playwright.chromium.executable_path)
    args = dict(browser_type_launch_args)
    if choice.executable is not None:
        args["executable_path"] = str(choice.executable)
    args["args"] = [*args.get("args", []), *launch_args()]
    return args

HTML = '''<body style="margin:0;font:16px sans-serif;background:#fff">
<h1 style="margin:16px">Access keys (1)</h1>
<button style="margin:16px;padding:6px 14px;border:2px solid #0073bb;border-radius:16px;
 background:#fff;color:#0073bb;font-size:14px">LABEL</button></body>'''

def test_wizard(page, assert_screenshot):
    page.set_viewport_size({"width": 400, "height": 160})
    page.set_content(HTML)
    assert_screenshot(page, "wizard.png")
    assert_screenshot(page.get_by_role("button"), "button.png")
"""


def test_assert_screenshot_with_pytest_playwright_page(tmp_path: Path) -> None:
    """Baselines written, then matched; a renamed label fails with a report; reverting passes."""
    root = make_project(tmp_path / "p", {"test_wizard.py": PAGE_TEST.replace("LABEL", "Create access key")})
    baselines = root / "tests/baselines/current"

    created = run_pytest(root)
    assert created.returncode == 1 and "A baseline did not exist" in created.output, created.output
    assert (baselines / "wizard.png").is_file() and (baselines / "button.png").is_file()

    assert run_pytest(root).returncode == 0

    (root / "test_wizard.py").write_text(PAGE_TEST.replace("LABEL", "Make access key"))
    renamed = run_pytest(root)
    assert renamed.returncode == 1, renamed.output
    summary = renamed.summary()
    assert summary["totals"] == {"checks": 1, "failed": 1, "different": 1}  # the test stops there
    wizard = next(r for r in summary["results"] if r["name"] == "wizard.png")
    assert wizard["diff_pixels"] > 50
    assert (root / "visual-report" / wizard["images"]["diff"]).is_file()

    (root / "test_wizard.py").write_text(PAGE_TEST.replace("LABEL", "Create access key"))
    assert run_pytest(root).returncode == 0
