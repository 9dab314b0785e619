"""Colours as people read them: which text colour stays legible on a coloured label (WCAG 2)."""

from __future__ import annotations

BLACK, WHITE = "#000000", "#ffffff"


def luminance(hex_color: str) -> float:
    """The relative luminance of a `#rrggbb` colour (WCAG 2's definition)."""
    value = hex_color.strip().lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(background: str) -> str:
    """Black or white text, whichever has more contrast on `background`: for every colour that
    one reaches at least 4.58:1, so it passes WCAG AA (4.5:1)."""
    return WHITE if contrast(background, WHITE) >= contrast(background, BLACK) else BLACK
