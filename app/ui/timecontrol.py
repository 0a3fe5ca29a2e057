"""The Time control window (时间控制, issue 17): timetables, what happens next, history.

Three pages. **Timetables** (作息表) lists every timetable with its scope in names, term
dates, state and remarks, filtered by a word and by "show removed"; Add opens
``TimetableEditor``, Edit (or a double-click) opens the chosen one in it to change it
(``store.edit_timetable``: same id, history kept), and Remove deactivates (the due check
then gives back what it cut).
**Calendar** (日程) shows, for a place and a few days (default the next 7 from the park's
today), every supply off and on in park time, the holiday dates in range and the rooms
under guaranteed supply (保电) that a timetable would cut: held, not cut. **History**
lists what the timetables really did to one room (cut, restored, held, already off).

Reads and writes go through one ``Worker``, reads from ``app.timecontrol.views`` (no SQL
here). A role without ``relay.switch`` sees Add, Edit and Remove greyed with the reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, Permission
from app.timecontrol import store, views
from app.timecontrol.plan import HOLIDAY, DayRule, Plan

from .bridge import Worker
from .labels import (
    local_time,
    timetable_kind_label,
    timetable_outcome_label,
    timetable_scope_label,
    weekday_label,
)
from .tables import Refused, chosen, fill, guarded, make_table
from .timecontrol_editor import HolidaysEditor, TimetableEditor


def scope_words(text: str) -> str:
    """``floor:宿舍A/2F`` -> ``楼层 宿舍A/2F`` (the kind in the UI language)."""
    kind, _sep, names = text.partition(":")
    return f"{timetable_scope_label(kind)} {names}"


def rules_text(rules: tuple[DayRule, ...]) -> str:
    """Neighbouring days with the same times as one range: ``Monday–Friday 23:00–06:30``."""
    groups: list[list[DayRule]] = []
    for rule in sorted(rules, key=lambda r: r.day):
        last = groups[-1][-1] if groups else None
        same = last is not None and (last.off_at, last.on_at) == (rule.off_at, rule.on_at)
        if same and last is not None and rule.day == last.day + 1 and rule.day != HOLIDAY:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    parts = []
    for group in groups:
        first, last_rule = group[0], group[-1]
        days = weekday_label(first.day)
        if len(group) > 1:
            days = f"{days}–{weekday_label(last_rule.day)}"
        parts.append(f"{days} {first.off_at:%H:%M}–{first.on_at:%H:%M}")
    return "; ".join(parts)


class TimetablesPage(QWidget):
    """作息表: the list with its filters, Add and Remove."""

    loaded = Signal()
    failed = Signal(str)
    editor_opened = Signal(object)
    changed = Signal()

    def __init__(self, owner: TimeControlWindow) -> None:
        super().__init__(owner)
        self.owner = owner
        self.rows: list[views.TimetableRow] = []
        self.asked = 0
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name, place or remark…"))
        self.filter.textChanged.connect(self.show_rows)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Any scope"), None)
        for kind in ("building", "floor", "rooms", "account"):
            self.kind.addItem(timetable_scope_label(kind), kind)
        self.kind.currentIndexChanged.connect(self.show_rows)
        self.removed = QCheckBox(self.tr("Show removed"), self)
        self.removed.toggled.connect(self.show_rows)
        self.add = QPushButton(self.tr("Add…"), self)
        self.add.clicked.connect(lambda: self.open_editor())
        self.edit = QPushButton(self.tr("Edit…"), self)
        self.edit.clicked.connect(self.edit_chosen)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.clicked.connect(self.remove_chosen)
        self.holidays = QPushButton(self.tr("Holidays…"), self)
        self.holidays.clicked.connect(self.edit_holidays)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        headers = [
            self.tr("Name"),
            self.tr("Scope"),
            self.tr("From"),
            self.tr("Until"),
            self.tr("Off / on"),
            self.tr("Holidays"),
            self.tr("State"),
            self.tr("Remarks"),
        ]
        self.table = make_table(self, headers, "Timetables", stretch=4)
        top = QHBoxLayout()
        for widget in (self.filter, self.kind, self.removed, self.add, self.edit):
            top.addWidget(widget)
        top.addWidget(self.holidays)
        top.addWidget(self.remove)
        self.table.doubleClicked.connect(lambda _index: self.edit_chosen())
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.note)
        box.addWidget(self.table)
        if not owner.actor.can(Permission.RELAY_SWITCH):
            why = self.tr("Your role may not switch relays, so it may not change timetables.")
            self.note.setText(why)
            for button in (self.add, self.edit, self.holidays, self.remove):
                button.setEnabled(False)
                button.setToolTip(why)
        else:
            self.note.hide()

    def load(self) -> None:
        owner = self.owner
        job = guarded(lambda: views.timetable_rows(owner.db, owner.actor))
        self.asked += 1
        asked = self.asked
        owner.worker.submit(
            job, lambda rows: self._loaded(rows, asked), lambda exc: self.failed.emit(str(exc))
        )

    def _loaded(self, rows: Any, asked: int) -> None:
        if asked != self.asked:
            return
        if isinstance(rows, Refused):
            self.failed.emit(str(rows))
            return
        self.rows = rows
        self.show_rows()
        self.loaded.emit()

    def show_rows(self) -> None:
        word = self.filter.text().strip().lower()
        shown = [
            r
            for r in self.rows
            if (r.plan.active or self.removed.isChecked())
            and self.kind.currentData() in (None, r.plan.scope_kind)
            and (not word or word in f"{r.plan.name} {r.scope_text} {r.plan.remarks}".lower())
        ]
        fill(self.table, [self._cells(r) for r in shown], [r.plan.name for r in shown])

    def _cells(self, row: views.TimetableRow) -> list[str]:
        plan = row.plan
        rules = rules_text(plan.rules)
        return [
            plan.name,
            scope_words(row.scope_text),
            plan.valid_from.isoformat(),
            plan.valid_to.isoformat() if plan.valid_to else "—",
            rules,
            ", ".join(d.strftime("%m-%d") for d in sorted(plan.holidays)),
            self.tr("active") if plan.active else self.tr("removed"),
            plan.remarks,
        ]

    def open_editor(self, plan: Plan | None = None) -> TimetableEditor:
        """The editor: empty (Add), or showing a stored timetable to change (Edit)."""
        owner = self.owner
        editor = TimetableEditor(
            owner.db, owner.actor, owner.worker, owner.choices, owner.today, self, editing=plan
        )
        editor.saved.connect(lambda _plan: self.changed.emit())
        editor.show()
        self.editor_opened.emit(editor)
        return editor

    def edit_chosen(self) -> TimetableEditor | None:
        """The chosen timetable in the editor (the Edit button, a double-click); a removed
        one cannot be changed, and a role that may not switch relays only reads."""
        name = chosen(self.table)
        plan = next((r.plan for r in self.rows if r.plan.name == name), None)
        if plan is None or not self.edit.isEnabled():
            return None
        if not plan.active:
            self.failed.emit(self.tr("A removed timetable cannot be changed; add a new one."))
            return None
        return self.open_editor(plan)

    def edit_holidays(self) -> HolidaysEditor | None:
        """The chosen timetable's holiday dates (a term break moved)."""
        name = chosen(self.table)
        plan = next((r.plan for r in self.rows if r.plan.name == name), None)
        if plan is None:
            return None
        owner = self.owner
        editor = HolidaysEditor(owner.db, owner.actor, owner.worker, plan, self)
        editor.saved.connect(lambda _plan: self.changed.emit())
        editor.show()
        self.editor_opened.emit(editor)
        return editor

    def remove_chosen(self, confirm: bool = True) -> None:
        name = chosen(self.table)
        if name is None:
            return
        if confirm:
            asked = QMessageBox.question(
                self,
                self.tr("Remove timetable"),
                self.tr("Remove %1? The supply it cut comes back at the next check.").replace(
                    "%1", name
                ),
            )
            if asked != QMessageBox.StandardButton.Yes:
                return
        owner = self.owner
        job = guarded(lambda: store.remove_timetable(owner.db, owner.actor, name))
        owner.worker.submit(job, self._removed, lambda exc: self.failed.emit(str(exc)))

    def _removed(self, outcome: Any) -> None:
        if isinstance(outcome, Refused):
            self.failed.emit(str(outcome))
            return
        self.changed.emit()


class CalendarPage(QWidget):
    """日程: every off and on for a place over a few days, holidays, held rooms."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, owner: TimeControlWindow) -> None:
        super().__init__(owner)
        self.owner = owner
        self.view: views.CalendarView | None = None
        self.asked = 0  # requests made; only the latest one's answer is shown
        self.place = QComboBox(self)
        self.place.setMinimumContentsLength(24)
        self.first = QDateEdit(QDate(owner.today), self)
        self.first.setCalendarPopup(True)
        self.first.setDisplayFormat("yyyy-MM-dd")
        self.days = QSpinBox(self)
        self.days.setRange(1, 62)
        self.days.setValue(7)
        self.days.setSuffix(self.tr(" days"))
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Place"), self))
        top.addWidget(self.place, 1)
        top.addWidget(QLabel(self.tr("From"), self))
        top.addWidget(self.first)
        top.addWidget(self.days)
        top.addWidget(self.show_button)
        headers = [
            self.tr("Date"),
            self.tr("Day"),
            self.tr("Time"),
            self.tr("What"),
            self.tr("Timetable"),
            self.tr("Holiday"),
            self.tr("Meters"),
        ]
        self.table = make_table(self, headers, "Calendar", stretch=4)
        self.holidays = QLabel(self)
        self.holidays.setObjectName("CalendarHolidays")
        self.holidays.setWordWrap(True)
        self.held = make_table(
            self, [self.tr("Room under guaranteed supply"), self.tr("Timetable")], "Held"
        )
        self.held.setMaximumHeight(160)
        self.held_title = QLabel(
            self.tr("Held: guaranteed supply wins, these rooms are not cut"), self
        )
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.holidays)
        box.addWidget(self.held_title)
        box.addWidget(self.held)

    def set_places(self, choices: list[views.ScopeChoice]) -> None:
        current = self.place.currentData()
        self.place.clear()
        self.place.addItem(self.tr("Whole park"), None)
        for c in choices:
            self.place.addItem(f"{timetable_scope_label(c.kind)} {c.text}", (c.kind, c.id))
        index = self.place.findData(current)
        self.place.setCurrentIndex(max(index, 0))

    def choose(self, text: str) -> None:
        """Choose the place written ``宿舍A/2F`` (any kind; tests and shots)."""
        for i in range(self.place.count()):
            if self.place.itemText(i).endswith(f" {text}"):
                self.place.setCurrentIndex(i)
                return

    def load(self) -> None:
        owner = self.owner
        scope, days = self.place.currentData(), self.days.value()
        first: date = self.first.date().toPython()  # type: ignore[assignment]
        job = guarded(lambda: views.calendar(owner.db, owner.actor, first, days, owner.zone, scope))
        self.asked += 1
        asked = self.asked
        owner.worker.submit(
            job, lambda view: self._loaded(view, asked), lambda exc: self.failed.emit(str(exc))
        )

    def _loaded(self, view: Any, asked: int) -> None:
        """Show the answer to the latest request only (an older one may come back later)."""
        if asked != self.asked:
            return
        if isinstance(view, Refused):
            self.failed.emit(str(view))
            return
        self.view = view
        rows = [
            [
                u.local.strftime("%Y-%m-%d"),
                weekday_label(u.local.weekday()),
                u.local.strftime("%H:%M"),
                timetable_kind_label(u.kind),
                u.timetable,
                self.tr("holiday") if u.holiday else "",
                u.meters,
            ]
            for u in view.events
        ]
        ruled = {(r[0], r[4]) for r in rows if r[5]}
        for day, name in view.holidays:  # a holiday without its own window: marked
            if (day.isoformat(), name) not in ruled:
                words = self.tr("no supply cut (holiday)")
                label = weekday_label(day.weekday())
                rows.append([day.isoformat(), label, "", words, name, self.tr("holiday"), ""])
        rows.sort(key=lambda r: (str(r[0]), str(r[2]) or "99"))
        fill(self.table, rows)
        if view.holidays:
            days = ", ".join(f"{d.isoformat()} ({name})" for d, name in view.holidays)
            self.holidays.setText(self.tr("Holidays in these days: %1").replace("%1", days))
        else:
            self.holidays.setText(self.tr("No holiday in these days."))
        fill(self.held, [[h.room, h.timetable] for h in view.held])
        self.loaded.emit()


class HistoryPage(QWidget):
    """What the timetables did to one room."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, owner: TimeControlWindow) -> None:
        super().__init__(owner)
        self.owner = owner
        self.room = QComboBox(self)
        self.room.setEditable(True)
        self.room.setMinimumContentsLength(24)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Room"), self))
        top.addWidget(self.room, 1)
        top.addWidget(self.show_button)
        headers = [self.tr("Due"), self.tr("What"), self.tr("Timetable"), self.tr("Outcome")]
        self.table = make_table(self, headers, "History", stretch=2)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table)

    def set_rooms(self, choices: list[views.ScopeChoice]) -> None:
        self.room.clear()
        for c in choices:
            if c.kind == "rooms":
                self.room.addItem(c.text, c.id)

    def choose(self, text: str) -> None:
        self.room.setCurrentIndex(max(self.room.findText(text), 0))

    def load(self) -> None:
        owner, room = self.owner, self.room.currentData()
        if room is None:
            return
        job = guarded(lambda: views.room_history(owner.db, owner.actor, int(room)))
        owner.worker.submit(job, self._loaded, lambda exc: self.failed.emit(str(exc)))

    def _loaded(self, rows: Any) -> None:
        if isinstance(rows, Refused):
            self.failed.emit(str(rows))
            return
        zone = self.owner.zone
        cells = [
            [
                local_time(r.at, zone)[:16],
                timetable_kind_label(r.kind),
                r.timetable,
                timetable_outcome_label(r.outcome),
            ]
            for r in rows
        ]
        fill(self.table, cells)
        self.loaded.emit()


class TimeControlWindow(QMainWindow):
    """时间控制: timetables, calendar, history (one worker for all three)."""

    choices_loaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.today = today or datetime.now(zone).date()
        self.choices: list[views.ScopeChoice] = []
        self.worker = Worker(self)
        self.setWindowTitle(self.tr("Time control"))
        self.tabs = QTabWidget(self)
        self.timetables = TimetablesPage(self)
        self.calendar = CalendarPage(self)
        self.history = HistoryPage(self)
        self.tabs.addTab(self.timetables, self.tr("Timetables"))
        self.tabs.addTab(self.calendar, self.tr("Calendar"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.setCentralWidget(self.tabs)
        self.timetables.changed.connect(self._changed)
        for page in (self.timetables, self.calendar, self.history):
            page.failed.connect(self._failed)
        self.resize(1100, 700)

    def load(self) -> None:
        """The places (once), then the list and the calendar."""
        if self.choices:
            self.timetables.load()
            self.calendar.load()
            return
        job = guarded(lambda: views.scope_choices(self.db, self.actor))
        self.worker.submit(job, self._choices, lambda exc: self._failed(str(exc)))

    def _choices(self, choices: Any) -> None:
        if isinstance(choices, Refused):
            self._failed(str(choices))
            return
        self.choices = choices
        self.calendar.set_places(choices)
        self.history.set_rooms(choices)
        self.choices_loaded.emit()
        self.timetables.load()
        self.calendar.load()

    def _changed(self) -> None:
        self.timetables.load()
        self.calendar.load()

    def _failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.worker.wait(15_000)
        super().closeEvent(event)
