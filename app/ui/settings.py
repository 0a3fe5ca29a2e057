"""The settings window (Settings…, Ctrl+,): a list of pages on the left, the page on the right.

Pages: links (``settings_links``), park details for receipts, alarm levels and backup
(``settings_site``, stored in the database through ``app.services.settings``), no-cut
rules and guaranteed buildings (``settings_cuts``), messages: channels, rules, templates
(``settings_messages``, ``settings_msg_rules``), dormitory load control
(``settings_load``), language
and theme (this workstation's QSettings, here). Every database read and write runs in the
worker pool; a page shows what went wrong in its own status line, in the user's language.
What the role may not change is disabled, and the page says why.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import ui_language
from app.db import Database
from app.security import Actor, PermissionDenied, SecurityError

from .bridge import Worker
from .theme import THEMES, apply_theme, save_language, saved_language, saved_theme

ERRORS = (ValueError, SecurityError, PermissionDenied, OSError)


class Page(QWidget):
    """A settings page: a title, a role note (when the role may not edit), a status line."""

    saved = Signal(object)  # what was stored
    failed = Signal(str)  # the message shown

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = Worker(self)
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>", self)
        self.layout_.addWidget(heading)
        self.role_note = QLabel(self)
        self.role_note.setObjectName("RoleNote")
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet("color: #b26a00;")
        self.role_note.hide()
        self.layout_.addWidget(self.role_note)
        self.status = QLabel(self)
        self.status.setObjectName("PageStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)

    def explain_locked(self, text: str, widgets: list[QWidget]) -> None:
        """Disable ``widgets`` and say why (tooltip and the note above the form)."""
        self.role_note.setText(text)
        self.role_note.show()
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(text)

    def say(self, text: str, ok: bool = True) -> None:
        self.status.setStyleSheet("" if ok else "color: #c62828;")
        self.status.setText(text)

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """``fn`` in the worker pool; ``done`` with its result, or the error on the page."""
        self.worker.submit(fn, done, self.show_error)

    def show_error(self, exc: Exception) -> None:
        text = str(exc) if isinstance(exc, ERRORS) else repr(exc)
        self.say(text, ok=False)
        self.failed.emit(text)

    def load(self) -> None:
        """Read what the page shows (called when the window opens)."""

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)


def locked_text(actor: Actor, what: str) -> str:
    from .labels import role_label

    return (
        QCoreApplication.translate("Settings", "Your role (%1) may not %2: ask an administrator.")
        .replace("%1", role_label(actor.role))
        .replace("%2", what)
    )


class LanguagePage(Page):
    """中文 / English for this workstation, used from the next start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Language"), parent)
        self.group = QButtonGroup(self)
        self.zh = QRadioButton("中文（简体）", self)
        self.en = QRadioButton("English", self)
        self.group.addButton(self.zh)
        self.group.addButton(self.en)
        current = saved_language() or ui_language()
        (self.zh if current == "zh_CN" else self.en).setChecked(True)
        self.layout_.addWidget(self.zh)
        self.layout_.addWidget(self.en)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        note = QLabel(
            self.tr(
                "The open windows keep their language; WattDesk starts in the chosen "
                "language next time. This is a choice of this workstation only."
            ),
            self,
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        if os.environ.get("WATTDESK_LANG"):
            forced = QLabel(
                self.tr(
                    "WATTDESK_LANG is set on this computer (%1): it wins over this choice."
                ).replace("%1", os.environ["WATTDESK_LANG"]),
                self,
            )
            forced.setWordWrap(True)
            self.layout_.addWidget(forced)
        self.finish_layout()

    def choice(self) -> str:
        return "zh_CN" if self.zh.isChecked() else "en"

    def save(self) -> None:
        language = self.choice()
        save_language(language)
        self.say(
            self.tr("Saved: WattDesk will start in %1 next time.").replace(
                "%1", "中文" if language == "zh_CN" else "English"
            )
        )
        self.saved.emit(language)


class ThemePage(Page):
    """Light or dark, applied at once and remembered on this workstation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Theme"), parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {
            "light": QRadioButton(self.tr("Light"), self),
            "dark": QRadioButton(self.tr("Dark (for dim control rooms)"), self),
        }
        current = saved_theme()
        for name in THEMES:
            button = self.buttons[name]
            self.group.addButton(button)
            button.setChecked(name == current)
            button.toggled.connect(lambda on, n=name: on and self.choose(n))
            self.layout_.addWidget(button)
        note = QLabel(self.tr("Applied at once to every window; remembered on this workstation."))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.finish_layout()

    def choose(self, name: str) -> None:
        apply_theme(name)
        self.say(self.tr("Theme applied."))
        self.saved.emit(name)


class SettingsDialog(QDialog):
    """The settings window. ``collector`` returns the running collector (or None)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        collector: Callable[[], Any] | None = None,
        restart_collector: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from .settings_cuts import CutRulesPage
        from .settings_links import LinksPage
        from .settings_load import LoadPage
        from .settings_messages import MessagesPage
        from .settings_payments import PaymentsPage
        from .settings_site import AlarmsPage, BackupPage, ParkPage

        self.setObjectName("SettingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(960, 620)
        self.setMinimumSize(760, 480)
        self.links = LinksPage(db, actor, collector or (lambda: None), restart_collector, self)
        self.park = ParkPage(db, actor, self)
        self.alarms = AlarmsPage(db, actor, self)
        self.cuts = CutRulesPage(db, actor, self)
        self.messages = MessagesPage(db, actor, self)
        self.load_control = LoadPage(db, actor, self)
        self.payments = PaymentsPage(db, actor, parent=self)
        self.language = LanguagePage(self)
        self.theme = ThemePage(self)
        self.backup = BackupPage(db, actor, self)
        self.pages: list[Page] = [
            self.links,
            self.park,
            self.alarms,
            self.cuts,
            self.messages,
            self.load_control,
            self.payments,
            self.language,
            self.theme,
            self.backup,
        ]
        self.index = QListWidget(self)
        self.index.setObjectName("SettingsIndex")
        self.index.setSpacing(3)
        for text in (
            self.tr("Links (RS-485 buses)"),
            self.tr("Park details for receipts"),
            self.tr("Alarm levels"),
            self.tr("No-cut rules"),
            self.tr("Messages (SMS, e-mail)"),
            self.tr("Load control (dormitories)"),
            self.tr("Online payments"),
            self.tr("Language"),
            self.tr("Theme"),
            self.tr("Backup"),
        ):
            self.index.addItem(text)
        self.index.setFixedWidth(max(200, self.index.sizeHintForColumn(0) + 24))
        self.stack = QStackedWidget(self)
        for page in self.pages:
            self.stack.addWidget(page)
        self.index.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.index.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.index)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def show_page(self, page: Page) -> None:
        self.index.setCurrentRow(self.pages.index(page))

    def start(self) -> None:
        for page in self.pages:
            page.load()

    def wait(self, msecs: int = 15_000) -> None:
        for page in self.pages:
            page.wait(msecs)

    def done(self, result: int) -> None:
        self.wait()
        super().done(result)
