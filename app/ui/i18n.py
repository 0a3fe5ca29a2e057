"""Loads the Qt translations (ours and Qt's own) for the UI language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install translators for ``language`` (``zh_CN`` or ``en``); keep the result alive."""
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)  # English has one too: it holds the plural forms
    if ours.load(f"wattdesk_{language}", str(I18N_DIR)):
        app.installTranslator(ours)
        installed.append(ours)
    if language == "en":
        return installed
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed
