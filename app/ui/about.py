"""Help → About: what is installed and where it keeps its things, one "Copy" away.

A support call starts with "which version, which database, where are the logs": this box
answers all three and the library versions, as text the user can paste into an e-mail.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import support
from app.config import data_dir

# the order of the About box: what the user runs first, then what it runs on
_VERSION_ORDER = ("Qt", "PySide6", "Python", "pymodbus", "SQLAlchemy", "pyserial", "System")


def all_versions() -> dict[str, str]:
    """The core's versions plus Qt's own (only the GUI may import Qt)."""
    found = support.versions()
    found["Qt"] = qVersion()
    package = found.get("PySide6", "")
    found["PySide6"] = PySide6.__version__
    if package and package != PySide6.__version__:  # a mixed-up install: say both
        found["PySide6"] += f" (package {package})"
    ordered = {"WattDesk": found.pop("WattDesk")}
    for key in _VERSION_ORDER:
        if key in found:
            ordered[key] = found.pop(key)
    ordered.update(found)
    return ordered


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the desktop's file manager (Explorer, Files, …)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    """Version, database, folders and library versions, with a "Copy" button."""

    def __init__(self, db_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About WattDesk"))
        setup = support.current()
        versions = all_versions()
        log_folder = str(setup.folder)
        if setup.problem:
            log_folder += "\n" + setup.problem
        self.rows: list[tuple[str, str]] = [
            (self.tr("Version"), versions.pop("WattDesk")),
            (self.tr("Database"), support.mask_url(db_url)),
            (self.tr("Data folder"), str(data_dir())),
            (self.tr("Log folder"), log_folder),
            *((self.tr("System") if k == "System" else k, v) for k, v in versions.items()),
        ]
        title = QLabel(self.tr("WattDesk — prepaid electricity control room"), self)
        title.setObjectName("AboutTitle")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        form = QFormLayout()
        for label, value in self.rows:
            shown = QLabel(value, self)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("CopyButton")
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder_button = QPushButton(self.tr("Open log folder"), self)
        folder_button.clicked.connect(lambda: open_folder(setup.folder))
        buttons.addButton(folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def text(self) -> str:
        """The box as plain text (what "Copy" puts on the clipboard)."""
        width = max(len(label) for label, _ in self.rows)
        lines = [f"{label.ljust(width)}  {value}" for label, value in self.rows]
        return "WattDesk\n" + "\n".join(lines) + "\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def add_help_menu(window: QMainWindow) -> QAction:
    """Help → About WattDesk… in ``window``'s menu bar (``window.db`` is the database)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("HelpMenu", "&Help"))
    action = menu.addAction(QCoreApplication.translate("HelpMenu", "About WattDesk…"))
    action.setObjectName("AboutAction")

    def show() -> None:
        dialog = AboutDialog(window.db.url, window)  # type: ignore[attr-defined]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(show)
    return action
