"""The static review page: opens from disk, no network; images referenced relative to the page."""

from __future__ import annotations

import shlex
from html import escape
from typing import Any
from urllib.parse import quote

_CSS = """
:root { --ok: #1d8102; --bad: #d13212; --warn: #8d6605; --ink: #16191f; --muted: #5f6b7a;
        --rule: #e9ebed; --bg: #f2f3f3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
header { background: #232f3e; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 18px; }
header p { margin: 4px 0 0; color: #d5dbdb; }
header p.renderer { color: #ffd479; }
main { padding: 16px 24px 48px; }
.controls { margin: 0 0 12px; }
.card { background: #fff; border: 1px solid var(--rule); border-radius: 8px; margin: 0 0 16px;
        padding: 12px 16px; }
.card h2 { font-size: 16px; margin: 0 8px 0 0; display: inline; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px;
         color: #fff; vertical-align: 2px; }
.s-matched, .s-updated, .s-created.pass { background: var(--ok); }
.s-different, .s-missing, .s-unstable, .s-created.fail { background: var(--bad); }
.meta { color: var(--muted); margin: 6px 0; word-break: break-all; }
.message { margin: 6px 0; white-space: pre-wrap; }
.tabs button { border: 1px solid var(--rule); background: #fafafa; padding: 4px 10px;
               border-radius: 6px; cursor: pointer; margin: 0 4px 8px 0; }
.tabs button.on { background: #0073bb; color: #fff; border-color: #0073bb; }
.view { display: none; overflow: auto; max-height: 80vh; }
.view.on { display: block; }
.sbs { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; }
.sbs figure { margin: 0; }
.sbs img, .single img { max-width: 100%; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 12px; }
.slider { position: relative; display: inline-block; line-height: 0; border: 1px solid var(--rule); }
.slider img { display: block; max-width: none; }
.slider .top { position: absolute; left: 0; top: 0; clip-path: inset(0 0 0 var(--pos)); }
.slider .handle { position: absolute; top: 0; bottom: 0; left: var(--pos); width: 2px;
                  background: #ff9900; pointer-events: none; }
.slider-wrap { display: inline-block; }
.slider-range { display: block; width: 100%; margin: 8px 0; }
.hint { color: var(--muted); font-size: 12px; }
code { background: #f4f4f4; padding: 1px 4px; border-radius: 4px; }
body.only-failed .card.pass { display: none; }
"""

_JS = """
function show(id, view, button) {
  const card = document.getElementById(id);
  card.querySelectorAll('.view').forEach(v => v.classList.toggle('on', v.dataset.view === view));
  card.querySelectorAll('.tabs button').forEach(b => b.classList.toggle('on', b === button));
}
function slide(range) {
  range.closest('.view').querySelector('.slider').style.setProperty('--pos', range.value + '%');
}
"""


def _src(rel: str) -> str:
    return escape(quote(rel))


def _figure(label: str, rel: str | None) -> str:
    if rel is None:
        return f"<figure><figcaption>{label}: none</figcaption></figure>"
    return f'<figure><figcaption>{label}</figcaption><img src="{_src(rel)}" alt="{label}"></figure>'


def _views(card_id: str, images: dict[str, str]) -> str:
    """Tabs and views for the images a check has: side by side, slider, diff, each single image."""
    before = images.get("expected") or images.get("previous")
    before_label = "expected" if images.get("expected") else "previous"
    views: list[tuple[str, str]] = []
    if before and images.get("actual"):
        trio = "".join(
            [
                _figure(before_label, before),
                _figure("actual", images["actual"]),
                _figure("diff", images.get("diff")),
            ]
        )
        views.append(("Side by side", f'<div class="sbs">{trio}</div>'))
        slider = (
            '<div class="slider-wrap"><input class="slider-range" type="range" min="0" max="100" '
            'value="50" oninput="slide(this)" aria-label="slider position">'
            f'<div class="slider" style="--pos: 50%"><img src="{_src(before)}" alt="{before_label}">'
            f'<img class="top" src="{_src(images["actual"])}" alt="actual"><div class="handle"></div></div>'
            f'</div><p class="hint">Left of the line: {before_label}; right of it: actual.</p>'
        )
        views.append(("Slider", slider))
    for kind in ("diff", "actual", "expected", "previous"):
        if images.get(kind):
            views.append((kind.capitalize(), f'<div class="single">{_figure(kind, images[kind])}</div>'))
    if not views:
        return ""
    tabs, panes = [], []
    for i, (label, body) in enumerate(views):
        key = label.lower().replace(" ", "-")
        on = " on" if i == 0 else ""
        tabs.append(
            f"<button class=\"{on.strip()}\" onclick=\"show('{card_id}', '{key}', this)\">{label}</button>"
        )
        panes.append(f'<div class="view{on}" data-view="{key}">{body}</div>')
    return f'<div class="tabs">{"".join(tabs)}</div>{"".join(panes)}'


def _approve_hint(record: dict[str, Any], report_dir: str) -> str:
    if record["passed"] or record["status"] == "unstable" or not record.get("images", {}).get("actual"):
        return ""
    command = (
        f"python -m automation.visual approve --report-dir {shlex.quote(report_dir)} "
        f"{shlex.quote(record['name'])}"
    )
    return f'<p class="hint">Accept the actual image as the new baseline: <code>{escape(command)}</code></p>'


def _card(index: int, record: dict[str, Any], report_dir: str) -> str:
    card_id = f"check-{index}"
    verdict = "pass" if record["passed"] else "fail"
    status = escape(record["status"])
    meta = [f"baseline <code>{escape(record['baseline'])}</code>"]
    if record.get("context"):
        meta.insert(0, f"test <code>{escape(record['context'])}</code>")
    if record.get("diff_pixels") is not None and record.get("total_pixels"):
        meta.append(f"{record['diff_pixels']} of {record['total_pixels']} pixels differ")
    hint = _approve_hint(record, report_dir)
    return (
        f'<section class="card {verdict}" id="{card_id}">'
        f'<h2>{escape(record["name"])}</h2><span class="badge s-{status} {verdict}">{status}</span>'
        f'<p class="meta">{" · ".join(meta)}</p>'
        f'<p class="message">{escape(record["message"])}</p>'
        f"{_views(card_id, record.get('images', {}))}{hint}</section>"
    )


def render_html(summary: dict[str, Any]) -> str:
    """The whole report page for a summary (see ``report.summarize``)."""
    totals = summary["totals"]
    counts = ", ".join(f"{v} {k}" for k, v in totals.items() if k not in ("checks", "failed"))
    verdict = "all passed" if summary["passed"] else f"{totals['failed']} failed"
    records = summary["results"]
    ordered = sorted(range(len(records)), key=lambda i: (records[i]["passed"], i))
    cards = "".join(_card(i, records[i], summary.get("report_dir", ".")) for i in ordered)
    cards = cards or "<p>No screenshots were checked.</p>"
    generated = escape(summary["generated"])
    title = escape(summary["title"])
    notes = "".join(f'<p class="renderer">{escape(n)}</p>' for n in summary.get("renderer_notes", []))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: {escape(verdict)}</title><style>{_CSS}</style></head>
<body class="{"only-failed" if not summary["passed"] else ""}">
<header><h1>{title}: {escape(verdict)}</h1>
<p>{totals["checks"]} checks: {escape(counts) or "none"} · generated {generated}</p>{notes}</header>
<main><p class="controls"><label><input type="checkbox" {"checked" if not summary["passed"] else ""}
 onchange="document.body.classList.toggle('only-failed', this.checked)"> show failures only</label></p>
{cards}</main><script>{_JS}</script></body></html>
"""
