"""Per-workstation look and language: light or dark palette (Fusion), the saved language.

Both are preferences of the person at this desk, not of the site, so they live in
QSettings (``ui/theme``, ``ui/language``), not in the database. The theme applies at once;
the language is installed at start (``app.gui``), because the windows build their texts
when they open.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.config import CHINESE_FONT_FILE

THEMES = ("light", "dark")
KEY_THEME = "ui/theme"
KEY_LANGUAGE = "ui/language"

log = logging.getLogger(__name__)


def ensure_chinese_font() -> list[str]:
    """Register the shipped WenQuanYi font when the system has no Simplified Chinese font
    (a fresh Linux install, a minimal container), so room names never show as boxes.

    Returns the families registered (empty when the system already had one)."""
    system = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if system:
        return []
    font_id = QFontDatabase.addApplicationFont(str(CHINESE_FONT_FILE))
    if font_id < 0:
        log.warning("could not load the Chinese font %s", CHINESE_FONT_FILE)
        return []
    families = list(QFontDatabase.applicationFontFamilies(font_id))
    log.info("no system Chinese font: registered %s", ", ".join(families))
    return families


def saved_theme() -> str:
    value = QSettings().value(KEY_THEME, "light")
    return value if value in THEMES else "light"


def saved_language() -> str | None:
    value = QSettings().value(KEY_LANGUAGE)
    return value if value in ("zh_CN", "en") else None


def save_language(language: str) -> None:
    QSettings().setValue(KEY_LANGUAGE, language)


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(40, 40, 43))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor(60, 60, 64))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, window)
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor(255, 80, 80))
    p.setColor(QPalette.ColorRole.Link, QColor(90, 160, 255))
    p.setColor(QPalette.ColorRole.Highlight, QColor(42, 130, 218))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(120, 120, 120))
    return p


def apply_theme(name: str, remember: bool = True) -> None:
    """Fusion style with the light (its standard) or dark palette, for every window now."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.setStyle(QStyleFactory.create("Fusion"))
    style = app.style()
    app.setPalette(dark_palette() if name == "dark" else style.standardPalette())
    if remember:
        QSettings().setValue(KEY_THEME, name if name in THEMES else "light")
