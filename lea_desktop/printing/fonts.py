"""The typefaces of everything LEA Desktop prints, registered once with reportlab.

DejaVu Sans ships in `resources/fonts/` (the PDF's built-in Helvetica only knows Western European
letters; an organisation in Łódź or Θεσσαλονίκη must print right too). The same files are loaded
by the GUI's preview, so what the screen shows is what the printer gets.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lea_desktop.paths import resource

# Style name used by the layouts → (reportlab font name, file under resources/fonts/).
FONT_FILES: dict[str, tuple[str, str]] = {
    "regular": ("LEASans", "DejaVuSans.ttf"),
    "bold": ("LEASans-Bold", "DejaVuSans-Bold.ttf"),
    "oblique": ("LEASans-Oblique", "DejaVuSans-Oblique.ttf"),
}
STYLES = tuple(FONT_FILES)

_lock = threading.Lock()
_registered = False


def font_path(style: str) -> Path:
    return resource("fonts", FONT_FILES[style][1])


def font_name(style: str) -> str:
    """The reportlab name of a style ("regular", "bold", "oblique"), registering the fonts first."""
    register()
    return FONT_FILES[style][0]


def register() -> None:
    """Register the fonts with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in FONT_FILES.values():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
        regular, bold, oblique = (FONT_FILES[s][0] for s in STYLES)
        # Paragraph mark-up (<b>, <i>) in the letters maps onto the same family.
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, oblique)
        addMapping(regular, 1, 1, bold)
        _registered = True


def text_width(text: str, style: str, size: float) -> float:
    """Width in points of `text` set in `style` at `size` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font_name(style), size)
