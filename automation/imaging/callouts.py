"""Callouts drawn in the page itself, so they scale with the device scale factor, are masked like the
page's own text, and are cropped with it.

Styles (all coloured from one :class:`~automation.imaging.settings.CalloutStyle`):

- ``outline``: a tight frame around the element (what ``--highlight`` drew before);
- ``box``: a rounded frame a little away from it;
- ``badge``: a numbered disc on its top-left corner (numbered in the image's order unless given text);
- ``arrow``: an arrow from ``side`` pointing at it (``auto``: the side with more room);
- ``bubble``: a speech bubble with text on ``side``, with an arrow from the bubble to the element (the
  tutorial's own callouts: "Select this item").

Everything is one overlay ``<div data-acf="callouts">`` above the page (no console element is changed),
removed after the capture.
"""

from __future__ import annotations

from dataclasses import asdict

from playwright.sync_api import Locator, Page

from automation.imaging.crop import Box
from automation.imaging.locate import region_box
from automation.imaging.settings import Callout, CalloutStyle

#: Gap between a bubble and its element, and an arrow's length, in CSS pixels.
BUBBLE_GAP = 56
ARROW_LENGTH = 64

_DRAW_JS = """
({ marks, style, viewport, gap, arrowLength }) => {
  const NS = 'http://www.w3.org/2000/svg';
  document.querySelector('[data-acf=callouts]')?.remove();
  const W = viewport.width, H = viewport.height, w = style.line_width, color = style.color;
  const font = "'Open Sans', 'Helvetica Neue', Arial, sans-serif";
  const root = document.createElement('div');
  root.setAttribute('data-acf', 'callouts');
  root.setAttribute('aria-hidden', 'true');
  root.style.cssText = `position:fixed;left:0;top:0;width:${W}px;height:${H}px;margin:0;padding:0;border:0;`
    + 'background:transparent;pointer-events:none;z-index:2147483647;overflow:visible;';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H);
  svg.style.cssText = 'position:absolute;left:0;top:0;overflow:visible;';
  root.appendChild(svg);
  document.documentElement.appendChild(root);
  const drawn = [];
  const clampX = (x, size) => Math.min(Math.max(x, 2), Math.max(W - size - 2, 2));
  const clampY = (y, size) => Math.min(Math.max(y, 2), Math.max(H - size - 2, 2));
  const div = (css, text) => {
    const d = document.createElement('div');
    d.style.cssText = 'position:absolute;box-sizing:border-box;margin:0;' + css;
    if (text) d.textContent = text;
    root.appendChild(d);
    return d;
  };
  const frame = (x, y, width, height, radius) => {
    div(`left:${x}px;top:${y}px;width:${width}px;height:${height}px;border:${w}px solid ${color};`
      + `border-radius:${radius}px;background:transparent;`);
    drawn.push({ x, y, width, height });
  };
  const edge = (b, side) => ({
    right: [b.x + b.width, b.y + b.height / 2], left: [b.x, b.y + b.height / 2],
    top: [b.x + b.width / 2, b.y], bottom: [b.x + b.width / 2, b.y + b.height],
  })[side];
  const arrow = (from, to) => {
    const dx = to[0] - from[0], dy = to[1] - from[1], len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len, head = 4 * w + 6, half = 2 * w + 3;
    const base = [to[0] - ux * head, to[1] - uy * head];
    const line = document.createElementNS(NS, 'line');
    const ends = [['x1', from[0]], ['y1', from[1]], ['x2', base[0]], ['y2', base[1]]];
    for (const [k, v] of ends) line.setAttribute(k, v);
    line.setAttribute('stroke', color);
    line.setAttribute('stroke-width', w);
    line.setAttribute('stroke-linecap', 'round');
    const tip = document.createElementNS(NS, 'polygon');
    const left = [base[0] - uy * half, base[1] + ux * half];
    const right = [base[0] + uy * half, base[1] - ux * half];
    const points = [to, left, right];
    tip.setAttribute('points', points.map((p) => p.join(',')).join(' '));
    tip.setAttribute('fill', color);
    svg.appendChild(line); svg.appendChild(tip);
    const xs = [from[0], ...points.map((p) => p[0])], ys = [from[1], ...points.map((p) => p[1])];
    const x = Math.min(...xs) - w, y = Math.min(...ys) - w;
    drawn.push({ x, y, width: Math.max(...xs) + w - x, height: Math.max(...ys) + w - y });
  };
  const away = { right: [1, 0], left: [-1, 0], top: [0, -1], bottom: [0, 1] };
  for (const mark of marks) {
    const b = mark.box;
    // 'auto': the side of the element with more room (menus at the right edge get their bubble on the left)
    if (mark.side === 'auto') mark.side = b.x + b.width / 2 > W / 2 ? 'left' : 'right';
    if (mark.style === 'outline') frame(b.x - w, b.y - w, b.width + 2 * w, b.height + 2 * w, 0);
    else if (mark.style === 'box') {
      const p = w + 4;
      frame(b.x - p, b.y - p, b.width + 2 * p, b.height + 2 * p, 6);
    }
    else if (mark.style === 'badge') {
      const size = Math.round(style.font_size * 1.75);
      const x = clampX(b.x - size / 2, size), y = clampY(b.y - size / 2, size);
      div(`left:${x}px;top:${y}px;width:${size}px;height:${size}px;border-radius:50%;`
        + `background:${color};color:${style.background};font:700 ${style.font_size}px/${size}px ${font};`
        + 'text-align:center;', mark.text);
      drawn.push({ x, y, width: size, height: size });
    } else if (mark.style === 'arrow') {
      const to = edge(b, mark.side), d = away[mark.side];
      const from = [
        Math.min(Math.max(to[0] + d[0] * arrowLength, 2), W - 2),
        Math.min(Math.max(to[1] + d[1] * arrowLength, 2), H - 2),
      ];
      arrow(from, to);
    } else if (mark.style === 'bubble') {
      const bw = Math.max(2, w - 1);
      const bubble = div(`left:0;top:0;max-width:280px;padding:6px 10px;border:${bw}px solid ${color};`
        + `border-radius:10px;background:${style.background};color:${color};`
        + `font:600 ${style.font_size}px/1.35 ${font};`
        + 'white-space:normal;text-align:left;', mark.text);
      const r = bubble.getBoundingClientRect();
      const to = edge(b, mark.side), d = away[mark.side];
      const side = mark.side;
      let x = side === 'left' ? to[0] - gap - r.width : side === 'right' ? to[0] + gap : to[0] - r.width / 2;
      let y = side === 'top' ? to[1] - gap - r.height
        : side === 'bottom' ? to[1] + gap : to[1] - r.height / 2;
      x = clampX(x, r.width); y = clampY(y, r.height);
      bubble.style.left = `${x}px`; bubble.style.top = `${y}px`;
      drawn.push({ x, y, width: r.width, height: r.height });
      const facing = { right: 'left', left: 'right', top: 'bottom', bottom: 'top' }[side];
      const near = edge({ x, y, width: r.width, height: r.height }, facing);
      if (Math.hypot(near[0] - to[0], near[1] - to[1]) > 8) arrow(near, to);
    }
  }
  return drawn;
}
"""

_REMOVE_JS = "() => document.querySelector('[data-acf=callouts]')?.remove()"


def draw_callouts(
    page: Page,
    callouts: tuple[Callout, ...],
    style: CalloutStyle,
    *,
    subject: Locator | None,
    image: str,
    step: str,
) -> list[Box]:
    """Draw ``callouts`` over the page; returns the boxes they cover (a crop keeps them whole)."""
    if not callouts:
        return []
    marks = []
    badges = 0
    for callout in callouts:
        box = region_box(page, callout.target, subject, image, step)
        text = callout.text
        if callout.style == "badge":
            badges += 1
            text = text or str(badges)
        marks.append({"style": callout.style, "box": asdict(box), "text": text, "side": callout.side})
    viewport = page.viewport_size or {"width": 1280, "height": 800}
    drawn = page.evaluate(
        _DRAW_JS,
        {
            "marks": marks,
            "style": asdict(style),
            "viewport": viewport,
            "gap": BUBBLE_GAP,
            "arrowLength": ARROW_LENGTH,
        },
    )
    return [Box(d["x"], d["y"], d["width"], d["height"]) for d in drawn]


def remove_callouts(page: Page) -> None:
    """Take the overlay away (the next steps act on the page as the console drew it)."""
    page.evaluate(_REMOVE_JS)
