"""Settings → Messages, the other tabs: rules and quiet hours, templates, staff contacts.

**Rules**: which kinds of message are sent, the thresholds (a meter-side recharge pending
N minutes, a meter offline N minutes, the daily summary's hour) and the limits; **quiet
hours** hold SMS to tenants (except a cut) until the morning. **Templates**: a kind's text
in 中文 or English, previewed with real data of the site (``app.notify.templates.preview``)
with the SMS encoding and part count; an unknown field is refused by name before it is
stored. **Staff contacts**: who of the staff hears of offline meters, pending recharges
and the daily summary. The page (``settings_messages``) owns the worker and the status line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.notify.contacts import MessagePrefs, set_staff_contact
from app.notify.kinds import LANGUAGES, STAFF
from app.notify.panel import Setup, TemplateText
from app.notify.rules import NotifySettings
from app.notify.templates import Preview, preview, save_template
from app.security import Permission

from .labels import message_kind_label, message_language_label, sms_count_label

if TYPE_CHECKING:
    from .settings_messages import MessagesPage

NUMBERS = (
    # field of NotifySettings, minimum, maximum (the labels are in ``RulesTab.labels``)
    ("pending_minutes", 5, 1440),
    ("offline_minutes", 5, 10080),
    ("summary_hour", 0, 23),
    ("per_recipient_hour", 1, 100),
    ("per_channel_minute", 1, 600),
    ("max_attempts", 1, 20),
)


class RulesTab(QWidget):
    """Kinds on or off, thresholds and limits, quiet hours."""

    def __init__(self, page: MessagesPage) -> None:
        super().__init__(page)
        self.page = page
        self.kinds: dict[str, QCheckBox] = {}
        kinds_box = QGroupBox(self.tr("Which messages are sent"), self)
        grid = QGridLayout(kinds_box)
        self.numbers: dict[str, QSpinBox] = {}
        numbers = QFormLayout()
        labels = self.labels()
        for name, low, high in NUMBERS:
            spin = QSpinBox(self)
            spin.setObjectName(f"Rule_{name}")
            spin.setRange(low, high)
            self.numbers[name] = spin
            numbers.addRow(labels[name], spin)
        limits = QGroupBox(self.tr("Thresholds and limits"), self)
        limits.setLayout(numbers)
        self.quiet = QCheckBox(self.tr("Quiet hours: no SMS to tenants between"), self)
        self.quiet.setObjectName("QuietHours")
        self.quiet_from, self.quiet_until = QTimeEdit(self), QTimeEdit(self)
        for edit in (self.quiet_from, self.quiet_until):
            edit.setDisplayFormat("HH:mm")
        self.quiet.toggled.connect(self.quiet_from.setEnabled)
        self.quiet.toggled.connect(self.quiet_until.setEnabled)
        quiet_row = QHBoxLayout()
        for widget in (self.quiet, self.quiet_from, QLabel(self.tr("and"), self), self.quiet_until):
            quiet_row.addWidget(widget)
        quiet_row.addStretch(1)
        note = QLabel(
            self.tr(
                "A power cut is sent at any hour. Other SMS to tenants written during the "
                "quiet hours wait until they end; e-mail and staff messages are not held."
            ),
            self,
        )
        note.setWordWrap(True)
        self.grid = grid
        layout = QVBoxLayout(self)
        layout.addWidget(kinds_box)
        layout.addWidget(limits)
        layout.addLayout(quiet_row)
        layout.addWidget(note)
        layout.addStretch(1)

    def labels(self) -> dict[str, str]:
        return {
            "pending_minutes": self.tr(
                "Tell staff of a meter-side recharge still pending after (minutes):"
            ),
            "offline_minutes": self.tr("Tell staff of a meter offline for more than (minutes):"),
            "summary_hour": self.tr("Send the daily summary after (hour of the day):"),
            "per_recipient_hour": self.tr("At most this many messages per person per hour:"),
            "per_channel_minute": self.tr("At most this many messages per channel per minute:"),
            "max_attempts": self.tr("Tries before a message is marked failed:"),
        }

    def fields(self) -> list[QWidget]:
        return [*self.kinds.values(), *self.numbers.values(), self.quiet]

    def fill(self, data: Setup) -> None:
        if not self.kinds:
            for i, kind in enumerate(data.kinds):
                box = QCheckBox(message_kind_label(kind.name), self)
                box.setObjectName(f"Kind_{kind.name}")
                self.kinds[kind.name] = box
                self.grid.addWidget(box, i // 2, i % 2)
                if not self.page.actor.can(Permission.SETTINGS_EDIT):
                    box.setEnabled(False)
        s = data.settings
        for name, box in self.kinds.items():
            box.setChecked(name not in s.disabled)
        for name, spin in self.numbers.items():
            spin.setValue(int(getattr(s, name)))
        on = s.quiet_from is not None and s.quiet_until is not None
        self.quiet.setChecked(on)
        editable = self.quiet.isEnabled()
        self.quiet_from.setEnabled(on and editable)
        self.quiet_until.setEnabled(on and editable)
        if s.quiet_from is not None and s.quiet_until is not None:
            self.quiet_from.setTime(QTime(s.quiet_from.hour, s.quiet_from.minute))
            self.quiet_until.setTime(QTime(s.quiet_until.hour, s.quiet_until.minute))

    def settings(self, base: NotifySettings, channels: dict[str, dict[str, Any]]) -> NotifySettings:
        quiet_from = quiet_until = None
        if self.quiet.isChecked():
            a, b = self.quiet_from.time(), self.quiet_until.time()
            quiet_from, quiet_until = time(a.hour(), a.minute()), time(b.hour(), b.minute())
        disabled = frozenset(name for name, box in self.kinds.items() if not box.isChecked())
        numbers = {name: spin.value() for name, spin in self.numbers.items()}
        return replace(
            base,
            channels=channels,
            disabled=disabled if self.kinds else base.disabled,
            quiet_from=quiet_from,
            quiet_until=quiet_until,
            **numbers,
        )


class TemplatesTab(QWidget):
    """One kind's text in one language, its preview with real data and the SMS count."""

    previewed = Signal(object)  # Preview
    template_saved = Signal(str, str)  # kind, language

    def __init__(self, page: MessagesPage) -> None:
        super().__init__(page)
        self.page = page
        self.texts: dict[tuple[str, str], TemplateText] = {}
        self.fields_of: dict[str, tuple[str, ...]] = {}
        self.kind = QComboBox(self)
        self.kind.setObjectName("TemplateKind")
        self.language = QComboBox(self)
        self.language.setObjectName("TemplateLanguage")
        for language in LANGUAGES:
            self.language.addItem(message_language_label(language), language)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("TemplateSubject")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("TemplateText")
        self.text.setMaximumHeight(110)
        self.known = QLabel(self)
        self.known.setObjectName("TemplateFields")
        self.known.setWordWrap(True)
        self.known.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_button = QPushButton(self.tr("Preview with real data"), self)
        self.preview_button.setObjectName("PreviewTemplate")
        self.save_button = QPushButton(self.tr("Save template"), self)
        self.save_button.setObjectName("SaveTemplate")
        self.result = QLabel(self)
        self.result.setObjectName("TemplatePreview")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet("background: palette(base); padding: 6px;")
        self.result.setMinimumHeight(80)
        self.count = QLabel(self)
        self.count.setObjectName("SmsCount")
        top = QHBoxLayout()
        top.addWidget(self.kind, 2)
        top.addWidget(self.language, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addStretch(1)
        form.addRow(self.tr("Message:"), top)
        form.addRow(self.tr("E-mail subject:"), self.subject)
        form.addRow(self.tr("Text:"), self.text)
        form.addRow(self.tr("Fields:"), self.known)
        form.addRow(buttons)
        form.addRow(self.tr("Preview:"), self.result)
        form.addRow(self.tr("SMS:"), self.count)
        self.kind.currentIndexChanged.connect(self.pick)
        self.language.currentIndexChanged.connect(self.pick)
        self.preview_button.clicked.connect(self.run_preview)
        self.save_button.clicked.connect(self.save)

    def fields(self) -> list[QWidget]:
        return [self.subject, self.text, self.save_button]

    def fill(self, data: Setup) -> None:
        self.texts = dict(data.templates)
        self.fields_of = {k.name: k.fields for k in data.kinds}
        if self.kind.count() == 0:
            self.kind.blockSignals(True)
            for kind in data.kinds:
                self.kind.addItem(message_kind_label(kind.name), kind.name)
            self.kind.blockSignals(False)
        self.pick()

    def current(self) -> tuple[str, str]:
        return str(self.kind.currentData()), str(self.language.currentData())

    def pick(self) -> None:
        kind, language = self.current()
        found = self.texts.get((kind, language))
        if found is None:
            return
        self.subject.setText(found.subject)
        self.text.setPlainText(found.text)
        self.known.setText("  ".join("{" + f + "}" for f in self.fields_of.get(kind, ())))
        self.result.clear()
        self.count.clear()

    def run_preview(self) -> None:
        kind, language = self.current()
        db, text, subject = self.page.db, self.text.toPlainText(), self.subject.text()
        self.result.clear()  # a refused text must not leave the last good preview shown
        self.count.clear()
        self.page.run(
            lambda: preview(db, kind, language, text=text, subject=subject), self._previewed
        )

    def _previewed(self, shown: Preview) -> None:
        self.result.setText(shown.text)
        self.count.setText(sms_count_label(shown.encoding, shown.parts, shown.chars_left))
        self.page.say("")
        self.previewed.emit(shown)

    def save(self) -> None:
        kind, language = self.current()
        db, actor = self.page.db, self.page.actor
        text, subject = self.text.toPlainText(), self.subject.text()

        def store() -> TemplateText:
            save_template(db, actor, kind, language, text, subject)
            return TemplateText(kind, language, subject, text, True)

        self.page.run(store, self._saved)

    def _saved(self, stored: TemplateText) -> None:
        self.texts[(stored.kind, stored.language)] = stored
        self.page.say(self.tr("Template saved; the next messages of this kind use it."))
        self.template_saved.emit(stored.kind, stored.language)


class StaffTab(QWidget):
    """The staff's mobiles and e-mails and which staff messages each one wants."""

    def __init__(self, page: MessagesPage) -> None:
        super().__init__(page)
        self.page = page
        self.staff_kinds: list[str] = []
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("StaffContacts")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Login"),
                self.tr("Name"),
                self.tr("Mobile"),
                self.tr("E-mail"),
                self.tr("Language"),
                self.tr("SMS"),
                self.tr("E-mail on"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton(self.tr("Save staff contacts"), self)
        self.save_button.setObjectName("SaveStaff")
        self.save_button.clicked.connect(self.save)
        note = QLabel(
            self.tr(
                "Staff with SMS or e-mail on receive the staff messages switched on under "
                "Rules: meters offline, meter-side recharges still pending, the daily summary."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)

    def fields(self) -> list[QWidget]:
        return [self.table, self.save_button]

    def fill(self, data: Setup) -> None:
        self.staff_kinds = [k.name for k in data.kinds if k.audience == STAFF]
        self.table.setRowCount(0)
        for person in data.staff:
            r = self.table.rowCount()
            self.table.insertRow(r)
            login = QTableWidgetItem(person.login)
            login.setFlags(login.flags() & ~Qt.ItemFlag.ItemIsEditable)
            login.setData(Qt.ItemDataRole.UserRole, person.operator_id)
            name = QTableWidgetItem(person.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, login)
            self.table.setItem(r, 1, name)
            self.table.setItem(r, 2, QTableWidgetItem(person.mobile))
            self.table.setItem(r, 3, QTableWidgetItem(person.email))
            language = QComboBox(self.table)
            for code in LANGUAGES:
                language.addItem(message_language_label(code), code)
            language.setCurrentIndex(max(0, language.findData(person.prefs.language)))
            self.table.setCellWidget(r, 4, language)
            for col, on in ((5, person.prefs.sms), (6, person.prefs.mail)):
                item = QTableWidgetItem()
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.table.setItem(r, col, item)

    def rows(self) -> list[tuple[int, str, str, MessagePrefs]]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(7)]
            language = self.table.cellWidget(r, 4)
            sms = cells[5] is not None and cells[5].checkState() == Qt.CheckState.Checked
            mail = cells[6] is not None and cells[6].checkState() == Qt.CheckState.Checked
            code = language.currentData() if isinstance(language, QComboBox) else "zh_CN"
            prefs = MessagePrefs(code, (), sms, mail)
            mobile = cells[2].text() if cells[2] is not None else ""
            email = cells[3].text() if cells[3] is not None else ""
            operator_id = int(cells[0].data(Qt.ItemDataRole.UserRole)) if cells[0] else 0
            out.append((operator_id, mobile, email, prefs))
        return out

    def save(self) -> None:
        db, actor, rows = self.page.db, self.page.actor, self.rows()

        def store() -> int:
            for operator_id, mobile, email, prefs in rows:
                if mobile.strip() or email.strip() or prefs.sms or prefs.mail:
                    set_staff_contact(db, actor, operator_id, mobile, email, prefs)
            return len(rows)

        self.page.run(store, lambda _n: self.page.say(self.tr("Staff contacts saved.")))
