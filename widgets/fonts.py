"""Emphasis that follows the user's font size (and so the screen's DPI).

A stylesheet ``font-size: 20px`` ignores the desktop's font setting: on a 150 % screen
with a large system font the title stayed small next to everything else. These helpers
scale the widget's own font instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def emphasise(widget: QWidget, scale: float = 1.0, bold: bool = False) -> None:
    """Make ``widget``'s font ``scale`` times the application's, optionally bold."""
    font = widget.font()
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    else:  # a font given in pixels: scale those
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    font.setBold(bold)
    widget.setFont(font)
