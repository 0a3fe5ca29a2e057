"""Settings page: when the automation must not cut (不拉闸) and guaranteed supply (保电).

A nightly window (may wrap midnight), weekends, holiday dates, and the buildings whose
meters are never cut automatically (a hospital block, a server building). Stored through
``app.services.cut_rules``; the running collector applies them at its next sweep.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from app.db import Database
from app.security import Actor, Permission
from app.services.cut_rules import (
    CutRules,
    building_choices,
    cut_rules,
    parse_dates,
    save_cut_rules,
)
from app.services.settings import SettingsError

from .settings import Page, locked_text


class CutRulesPage(Page):
    loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("No-cut rules and guaranteed supply"), parent)
        self.db, self.actor = db, actor
        self.night = QCheckBox(self.tr("No automatic cut between"), self)
        self.night_from = QTimeEdit(self)
        self.night_until = QTimeEdit(self)
        for edit in (self.night_from, self.night_until):
            edit.setDisplayFormat("HH:mm")
        self.night_from.setTime(QTime(22, 0))
        self.night_until.setTime(QTime(8, 0))
        self.night.toggled.connect(self.night_from.setEnabled)
        self.night.toggled.connect(self.night_until.setEnabled)
        self.weekends = QCheckBox(self.tr("No automatic cut on Saturdays and Sundays"), self)
        self.holidays = QPlainTextEdit(self)
        self.holidays.setPlaceholderText("2026-10-01, 2026-10-02, 2027-01-01")
        self.holidays.setMaximumHeight(70)
        self.buildings = QListWidget(self)
        self.buildings.setMaximumHeight(150)
        row = QHBoxLayout()
        row.addWidget(self.night)
        row.addWidget(self.night_from)
        row.addWidget(QLabel(self.tr("and"), self))
        row.addWidget(self.night_until)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(row)
        form.addRow(self.weekends)
        form.addRow(self.tr("No automatic cut on these days (holidays):"), self.holidays)
        form.addRow(self.tr("Guaranteed supply (保电) for the whole building:"), self.buildings)
        self.layout_.addLayout(form)
        note = QLabel(
            self.tr(
                "These rules only hold back the automatic cut of platform-side meters at the "
                "cut-off line; an operator can still cut by hand, and meter-side meters trip "
                "by themselves. A held-back cut is listed once per meter in the alarms. "
                "Changes apply at the collector's next sweep, without a restart."
            ),
            self,
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.finish_layout()
        fields: list[QWidget] = [
            self.night,
            self.night_from,
            self.night_until,
            self.weekends,
            self.holidays,
            self.buildings,
        ]
        if not actor.can(Permission.SETTINGS_EDIT):
            what = self.tr("change when power may be cut")
            self.explain_locked(locked_text(actor, what), [*fields, self.save_button])

    def load(self) -> None:
        db = self.db
        self.run(lambda: (cut_rules(db), building_choices(db)), self._loaded)

    def _loaded(self, result: tuple[CutRules, list[tuple[int, str]]]) -> None:
        rules, buildings = result
        night = rules.no_cut_from is not None and rules.no_cut_until is not None
        self.night.setChecked(night)
        self.night_from.setEnabled(night and self.night.isEnabled())
        self.night_until.setEnabled(night and self.night.isEnabled())
        if rules.no_cut_from is not None and rules.no_cut_until is not None:
            self.night_from.setTime(QTime(rules.no_cut_from.hour, rules.no_cut_from.minute))
            self.night_until.setTime(QTime(rules.no_cut_until.hour, rules.no_cut_until.minute))
        self.weekends.setChecked(rules.no_cut_weekends)
        self.holidays.setPlainText(", ".join(d.isoformat() for d in rules.no_cut_dates))
        self.buildings.clear()
        for building_id, name in buildings:
            item = QListWidgetItem(name, self.buildings)
            item.setData(Qt.ItemDataRole.UserRole, building_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = building_id in rules.guarantee_buildings
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.loaded.emit()

    def rules(self) -> CutRules:
        """What the form says; ``SettingsError`` naming the field when it cannot be read."""
        start = end = None
        if self.night.isChecked():
            a, b = self.night_from.time(), self.night_until.time()
            start, end = time(a.hour(), a.minute()), time(b.hour(), b.minute())
        chosen = frozenset(
            int(self.buildings.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.buildings.count())
            if self.buildings.item(i).checkState() == Qt.CheckState.Checked
        )
        return CutRules(
            start,
            end,
            self.weekends.isChecked(),
            parse_dates(self.holidays.toPlainText()),
            chosen,
        )

    def save(self) -> None:
        try:
            rules = self.rules()
        except SettingsError as exc:
            self.show_error(exc)
            return
        db, actor = self.db, self.actor
        self.run(lambda: save_cut_rules(db, actor, rules), self._saved)

    def _saved(self, rules: CutRules) -> None:
        self.say(self.tr("Saved. The collector applies these rules at its next sweep."))
        self.saved.emit(rules)
