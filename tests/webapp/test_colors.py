"""Text on a coloured label is black or white, whichever passes WCAG's 4.5:1 on it."""

import pytest

from webapp.common.colors import BLACK, WHITE, contrast, ink_on


@pytest.mark.parametrize("background, ink", [
    ("#d9534f", BLACK),  # High Severity: white on it is only 3.96:1
    ("#f0ad4e", BLACK),  # Medium Severity
    ("#ffffff", BLACK), ("#000000", WHITE), ("#1a237e", WHITE), ("#8B0000", WHITE),
])
def test_ink_on__picks_the_legible_one(background, ink):
    assert ink_on(background) == ink
    assert contrast(background, ink) >= 4.5


def test_ink_on__passes_aa_on_every_grey_and_primary_mix():
    shades = [f"#{r:02x}{g:02x}{b:02x}" for r in range(0, 256, 17) for g in range(0, 256, 51)
              for b in range(0, 256, 85)]
    assert min(contrast(c, ink_on(c)) for c in shades) >= 4.5


def test_contrast__is_the_wcag_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == 1
