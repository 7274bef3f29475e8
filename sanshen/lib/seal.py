"""A drawn electronic seal for units that have not uploaded their own (demo and new units)."""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
RED = (200, 20, 20, 255)


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            # index 2 of the Noto CJK collections is the Simplified Chinese face
            return ImageFont.truetype(path, size, index=2)
    raise FileNotFoundError("未找到中文字体（请安装 Debian 软件包 fonts-noto-cjk）")


def draw_seal(name: str, size: int = 360) -> bytes:
    """A round red seal: the unit name around the rim and a star in the middle, as a transparent PNG."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c, r = size / 2, size / 2 - 8
    draw.ellipse((c - r, c - r, c + r, c + r), outline=RED, width=max(6, size // 40))
    _star(draw, c, c, size * 0.16)
    chars = list(name)[:18]
    font = cjk_font(max(18, int(size * (0.13 if len(chars) <= 10 else 0.095))))
    span = min(240.0, 18.0 * len(chars))  # degrees of arc the text covers, centred on the top
    for i, ch in enumerate(chars):
        angle = -90 - span / 2 + span * (i + 0.5) / len(chars)
        rad = math.radians(angle)
        x, y = c + (r * 0.74) * math.cos(rad), c + (r * 0.74) * math.sin(rad)
        glyph = Image.new("RGBA", (font.size * 2, font.size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.BICUBIC)
        image.alpha_composite(glyph, (int(x - font.size), int(y - font.size)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        rr = radius if i % 2 == 0 else radius * 0.4
        a = math.radians(-90 + i * 36)
        points.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(points, fill=RED)
