"""The timetable editor (作息表): scope by name, term dates, per-day off/on times, holidays.

The form builds an ``app.timecontrol.Plan`` and hands it to ``store.add_timetable`` in the
window's worker: validation (name, scope, dates, rules, overlapping terms) and the role
check (``relay.switch``) stay in the service, whose sentence names the field; the field is
outlined in red and the sentence shown under the form, with the key replaced by the form's
label so one language is on screen (as the billing editors do).

Times are the park's wall clock. An "on" before its "off" is the next morning: lights-out
(熄灯) 23:00, power back (来电) 06:30. Holiday dates use the holiday row, or no window at
all when that row is not ticked.
"""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, SecurityError
from app.timecontrol import store
from app.timecontrol.plan import (
    DAY_NAMES,
    HOLIDAY,
    DayRule,
    Plan,
    TimecontrolError,
    parse_day,
)
from app.timecontrol.views import ScopeChoice

from .bridge import Worker
from .labels import timetable_scope_label, weekday_label
from .tables import RED, field_named


class _DayRow:
    """One line of the rules grid: ticked, off time, on time."""

    def __init__(self, parent: QWidget, day: int) -> None:
        self.day = day
        self.used = QCheckBox(weekday_label(day), parent)
        self.off = QTimeEdit(QTime(23, 0), parent)
        self.on = QTimeEdit(QTime(6, 30), parent)
        for edit in (self.off, self.on):
            edit.setDisplayFormat("HH:mm")
        self.used.setChecked(day != HOLIDAY)
        self.used.toggled.connect(self._toggled)
        self._toggled(self.used.isChecked())

    def _toggled(self, on: bool) -> None:
        self.off.setEnabled(on)
        self.on.setEnabled(on)

    def rule(self) -> DayRule | None:
        if not self.used.isChecked():
            return None
        off, on = self.off.time(), self.on.time()
        return DayRule(self.day, time(off.hour(), off.minute()), time(on.hour(), on.minute()))


class TimetableEditor(QDialog):
    """Add a timetable, or change a stored one (``editing``: its values fill the form and
    Save goes to ``store.edit_timetable``, same id); ``saved`` carries the stored Plan,
    ``refused`` the sentence shown."""

    saved = Signal(object)
    refused = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        choices: list[ScopeChoice],
        today: date,
        parent: QWidget | None = None,
        editing: Plan | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker, self.choices = db, actor, worker, choices
        self.editing = editing
        self.setWindowTitle(self.tr("Timetable"))
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.name = QLineEdit(self)
        self._add("name", self.tr("Name"), self.name)
        self.scope = QComboBox(self)
        for kind in ("building", "floor", "rooms", "account"):
            self.scope.addItem(timetable_scope_label(kind), kind)
        self._add("scope", self.tr("Scope"), self.scope)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name…"))
        self.places = QListWidget(self)
        self.places.setMinimumHeight(120)
        places = QWidget(self)
        box = QVBoxLayout(places)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.filter)
        box.addWidget(self.places)
        self._add("places", self.tr("Places"), places)
        self.scope.currentIndexChanged.connect(self._fill_places)
        self.filter.textChanged.connect(self._filter)
        self.start = self._date(today)
        self._add("valid_from", self.tr("In force from"), self.start)
        self.end = self._date(today)
        self.open_ended = QCheckBox(self.tr("no end date"), self)
        self.open_ended.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.open_ended.setChecked(True)
        ends = QWidget(self)
        row = QHBoxLayout(ends)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.end)
        row.addWidget(self.open_ended)
        row.addStretch(1)
        self._add("valid_to", self.tr("In force until"), ends)
        self.days = [_DayRow(self, d) for d in range(HOLIDAY + 1)]
        self._add("rules", self.tr("Supply off / on"), self._grid())
        self.holidays = QLineEdit(self)
        self.holidays.setPlaceholderText(self.tr("YYYY-MM-DD, separated by commas"))
        self._add("holidays", self.tr("Holiday dates"), self.holidays)
        self.remarks = QLineEdit(self)
        self._add("remarks", self.tr("Remarks"), self.remarks)
        self.error = QLabel(self)
        self.error.setObjectName("EditorError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self._fill_places()
        if editing is not None:
            self.show_plan(editing)

    def show_plan(self, plan: Plan) -> None:
        """Fill the form with a stored timetable (the title names it)."""
        self.setWindowTitle(self.tr("Timetable %1").replace("%1", plan.name))
        self.name.setText(plan.name)
        self.scope.setCurrentIndex(max(self.scope.findData(plan.scope_kind), 0))
        self._fill_places()
        wanted = set(plan.scope_ids)
        for r in range(self.places.count()):
            item = self.places.item(r)
            if int(item.data(Qt.ItemDataRole.UserRole)) in wanted:
                item.setCheckState(Qt.CheckState.Checked)
        self.start.setDate(QDate(plan.valid_from))
        self.open_ended.setChecked(plan.valid_to is None)
        if plan.valid_to is not None:
            self.end.setDate(QDate(plan.valid_to))
        rules = {r.day: r for r in plan.rules}
        for row in self.days:
            rule = rules.get(row.day)
            row.used.setChecked(rule is not None)
            if rule is not None:
                row.off.setTime(QTime(rule.off_at.hour, rule.off_at.minute))
                row.on.setTime(QTime(rule.on_at.hour, rule.on_at.minute))
        self.holidays.setText(", ".join(d.isoformat() for d in sorted(plan.holidays)))
        self.remarks.setText(plan.remarks)

    def _date(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        self.fields[key] = widget
        widget.setProperty("label", label)
        self.form.addRow(label, widget)

    def _grid(self) -> QWidget:
        """Eight lines: Monday .. Sunday and the holiday rule, each with off and on."""
        grid_widget = QWidget(self)
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Off (lights-out)"), grid_widget), 0, 1)
        grid.addWidget(QLabel(self.tr("On (power back)"), grid_widget), 0, 2)
        for i, row in enumerate(self.days, start=1):
            grid.addWidget(row.used, i, 0)
            grid.addWidget(row.off, i, 1)
            grid.addWidget(row.on, i, 2)
        note = QLabel(self.tr("An on time before the off time is the next morning."), self)
        note.setWordWrap(True)
        grid.addWidget(note, len(self.days) + 1, 0, 1, 3)
        return grid_widget

    def _fill_places(self) -> None:
        kind = self.scope.currentData()
        self.places.clear()
        for choice in self.choices:
            if choice.kind == kind:
                item = QListWidgetItem(choice.text, self.places)
                item.setData(Qt.ItemDataRole.UserRole, choice.id)
                item.setCheckState(Qt.CheckState.Unchecked)
        self._filter(self.filter.text())

    def _filter(self, text: str) -> None:
        for r in range(self.places.count()):
            item = self.places.item(r)
            item.setHidden(bool(text) and text.lower() not in item.text().lower())

    def tick(self, text: str) -> None:
        """Tick the place written ``text`` (宿舍A/2F) in the list (the tests and the shots)."""
        for r in range(self.places.count()):
            item = self.places.item(r)
            if item.text() == text:
                item.setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> tuple[int, ...]:
        return tuple(
            int(self.places.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.places.count())
            if self.places.item(r).checkState() == Qt.CheckState.Checked
        )

    def plan(self) -> Plan:
        """The form as a Plan (the holiday dates parsed here: their error names the field)."""
        days = [d for d in re.split(r"[,，\s]+", self.holidays.text()) if d]
        return Plan(
            id=0,
            name=self.name.text(),
            scope_kind=str(self.scope.currentData()),
            scope_ids=self.ticked(),
            valid_from=self.start.date().toPython(),  # type: ignore[arg-type]
            valid_to=None if self.open_ended.isChecked() else self.end.date().toPython(),  # type: ignore[arg-type]
            rules=tuple(r for r in (row.rule() for row in self.days) if r is not None),
            holidays=frozenset(parse_day(d, "holidays") for d in days),
            remarks=self.remarks.text().strip(),
        )

    def save(self) -> None:
        """Validate and store off the GUI thread; close on success, else say why."""
        for widget in (*self.fields.values(), self.places):
            widget.setStyleSheet("")
        self.error.setText("")
        try:
            plan = self.plan()
        except TimecontrolError as exc:
            self.show_error(str(exc))
            return
        self.buttons.setEnabled(False)

        editing = self.editing

        def job() -> Plan | str:
            try:
                if editing is not None:
                    return store.edit_timetable(self.db, self.actor, editing.id, plan)
                return store.add_timetable(self.db, self.actor, plan)
            except (TimecontrolError, SecurityError) as exc:
                return str(exc)

        self.worker.submit(job, self._stored, lambda exc: self._stored(str(exc)))

    def _stored(self, outcome: Plan | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(outcome, Plan):
            self.saved.emit(outcome)
            self.accept()
            return
        self.show_error(outcome)

    def show_error(self, text: str) -> None:
        """The sentence under the form; the field it names is outlined and named."""
        keys = [*self.fields, "days"]
        key = field_named(text, keys)
        if key == "days":
            key = "rules"
        if key is not None:
            label = str(self.fields[key].property("label"))
            outlined = "places" if key == "scope" and not self.ticked() else key
            widget = self.places if outlined == "places" else self.fields[outlined]
            widget.setStyleSheet(RED)  # the list, not its filter line too
            # "规则 rules：" -> "断电 / 来电：": the service's own word for the key goes too
            pattern = rf"(?:[\u4e00-\u9fff]+ )?(?<![A-Za-z_]){re.escape(key)}(?![A-Za-z_])"
            text = re.sub(pattern, lambda _m: label, text, count=1)
            if key == "rules":  # "on mon the off and on times..." -> the day in words
                for day, name in enumerate(DAY_NAMES):
                    text = re.sub(rf"\b{name}\b", weekday_label(day), text)
        self.error.setText(text)
        self.refused.emit(text)


class HolidaysEditor(QDialog):
    """The holiday dates (节假日) of a stored timetable: a term's breaks change after the
    timetable was written. Saves the difference through ``store.set_holidays`` (audited)."""

    saved = Signal(object)
    refused = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, worker: Worker, plan: Plan, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker, self.plan = db, actor, worker, plan
        self.setWindowTitle(self.tr("Holiday dates of %1").replace("%1", plan.name))
        self.days = QLineEdit(", ".join(d.isoformat() for d in sorted(plan.holidays)), self)
        self.days.setPlaceholderText(self.tr("YYYY-MM-DD, separated by commas"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Holiday dates"), self))
        box.addWidget(self.days)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def save(self) -> None:
        self.error.setText("")
        try:
            words = [d for d in re.split(r"[,，\s]+", self.days.text()) if d]
            wanted = {parse_day(d, self.tr("Holiday dates")) for d in words}
        except TimecontrolError as exc:
            self._stored(str(exc))
            return
        add, drop = wanted - self.plan.holidays, self.plan.holidays - wanted
        name = str(self.plan.id)

        def job() -> Plan | str:
            try:
                return store.set_holidays(self.db, self.actor, name, add, drop)
            except (TimecontrolError, SecurityError) as exc:
                return str(exc)

        self.buttons.setEnabled(False)
        self.worker.submit(job, self._stored, lambda exc: self._stored(str(exc)))

    def _stored(self, outcome: Plan | str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(outcome, Plan):
            self.saved.emit(outcome)
            self.accept()
            return
        self.error.setText(outcome)
        self.refused.emit(outcome)
