"""Screenshot-like test images: a console page drawn with Pillow, and the same page after a change."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

NAV = (35, 47, 62, 255)
INK = (22, 25, 31, 255)
MUTED = (95, 107, 122, 255)
LINK = (0, 115, 187, 255)
RULE = (233, 235, 237, 255)
PANEL = (255, 255, 255, 255)
PAGE = (242, 243, 243, 255)


def console_page(
    width: int = 1280, height: int = 800, scale: int = 1, *, changed: bool = False
) -> Image.Image:
    """A 'Security credentials' console page; ``changed`` renames a label, moves a button, edits a row.

    ``scale`` draws at device scale factor 2 (the image is then ``width*scale`` by ``height*scale``).
    """
    s = scale
    img = Image.new("RGBA", (width * s, height * s), PAGE)
    d = ImageDraw.Draw(img)

    def font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.load_default(size=px * s)

    def text(x: int, y: int, words: str, px: int = 14, fill: tuple[int, ...] = INK) -> None:
        d.text((x * s, y * s), words, font=font(px), fill=fill)

    def box(x0: int, y0: int, x1: int, y1: int, **kw: object) -> None:
        d.rounded_rectangle((x0 * s, y0 * s, x1 * s, y1 * s), **kw)  # type: ignore[arg-type]

    d.rectangle((0, 0, width * s, 40 * s), fill=NAV)
    text(16, 12, "aws", 16, (255, 153, 0, 255))
    text(70, 13, "Services", 14, (255, 255, 255, 255))
    text(width - 260, 13, "Global v   learner @ 1234-5678-9012 v", 13, (255, 255, 255, 255))
    d.rectangle((0, 40 * s, 220 * s, height * s), fill=PANEL)
    text(20, 60, "Identity and Access", 16)
    text(20, 82, "Management (IAM)", 16)
    menu = ["Dashboard", "User groups", "Users", "Roles", "Policies", "Identity providers"]
    for i, item in enumerate(menu):
        text(28, 120 + i * 28, item, 14, LINK if item != "Users" else INK)
    text(244, 56, "IAM  >  Users  >  learner", 13, LINK)
    text(244, 84, "learner", 24)
    tabs = ["Permissions", "Groups", "Tags", "Security credentials", "Access Advisor"]
    x = 244
    for tab in tabs:
        text(x, 128, tab, 14, LINK if tab != "Security credentials" else INK)
        x += 9 * len(tab) + 28
    d.rectangle((244 * s, 150 * s, (width - 24) * s, 152 * s), fill=RULE)
    box(244, 170, width - 24, 420, radius=8 * s, fill=PANEL, outline=RULE, width=s)
    text(264, 186, "Access keys (1)", 18)
    intro = "Use access keys to send programmatic calls to AWS from the AWS CLI, SDKs or API calls."
    text(264, 214, intro, 13, MUTED)
    button_x = width - 200 + (3 if changed else 0)
    box(button_x, 182, button_x + 150, 212, radius=16 * s, fill=PANEL, outline=LINK, width=2 * s)
    text(button_x + 16, 189, "Create access key" if not changed else "New access key", 14, LINK)
    headers = ["Access key ID", "Description", "Status", "Created", "Last used"]
    for i, head in enumerate(headers):
        text(264 + i * 190, 250, head, 13, MUTED)
    d.rectangle((264 * s, 272 * s, (width - 44) * s, 273 * s), fill=RULE)
    rows = [
        ["AKIAIOSFODNN7EXAMPLE", "laptop", "Active", "2026-01-15", "2 days ago"],
        ["AKIAI44QH8DHBEXAMPLE", "ci runner", "Inactive" if changed else "Active", "2025-11-02", "Never"],
    ]
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            text(264 + i * 190, 286 + r * 34, cell, 14, INK if i else LINK)
        d.rectangle((264 * s, (312 + r * 34) * s, (width - 44) * s, (312 + r * 34) * s), fill=RULE)
    box(244, 440, width - 24, height - 24, radius=8 * s, fill=PANEL, outline=RULE, width=s)
    text(264, 456, "Multi-factor authentication (MFA) (0)", 18)
    for i in range(8):
        words = "Use MFA to increase the security of your AWS environment. " * 2
        text(264, 492 + i * 30, words[: 60 + 7 * i], 14, MUTED)
    return img
