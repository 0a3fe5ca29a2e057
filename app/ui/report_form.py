"""What the Reports window asks: which report, which period, where, grouped how.

The form turns the choices into the parts of an ``app.reports.ReportRequest``; it never
runs anything. Reports the role may not read are greyed with the reason as their tooltip
(the service refuses them anyway). A cashier's orders report is narrowed to their own
orders by ``run_report``; the form says so and fixes the cashier filter to their login,
so what is on screen is what is run. The period is chosen as a day, a month, a year or a
custom span, with quick picks; dates are park dates (the park's zone, not the PC's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.i18n import tr
from app.reports import Grain, Period, ReportError, ReportKind, Scope, kinds, may_run
from app.security import Actor, Permission, PermissionDenied
from app.sitetree import ParkNode

from .labels import (
    grain_label,
    period_mode_label,
    report_method_label,
    report_option_label,
    scope_level_label,
    txn_kind_label,
)

MODES = ("day", "month", "year", "custom")
FORMATS = {"day": "yyyy-MM-dd", "month": "yyyy-MM", "year": "yyyy", "custom": "yyyy-MM-dd"}
LEVELS = ("park", "building", "floor", "account")
METHODS = ("cash", "card", "transfer", "qr", "online")
TXN_KINDS = ("recharge", "refund", "reversal", "adjustment", "fee")
# a kind's one extra choice: the filter it goes in and its values (the first is the default)
OPTIONS = {
    "energy": ("level", ("room", "account", "floor", "building", "park")),
    "compare": ("measure", ("energy", "income")),
}


@dataclass(frozen=True)
class Choice:
    """The form's answer. ``account`` is an account number still to be resolved to its id
    (in the worker, with ``app.reports.resolve_scope``); ``scope`` is used otherwise."""

    kind: str
    period: Period
    grain: Grain
    scope: Scope = field(default_factory=Scope)
    account: str | None = None
    filters: dict[str, str] = field(default_factory=dict)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def narrowed(actor: Actor) -> bool:
    """A cashier: the orders report shows only their own orders."""
    return not actor.can(Permission.REPORT_FINANCE) and actor.can(Permission.RECHARGE)


class ReportForm(QWidget):
    """Report kind, period, scope, grouping and the orders filters."""

    kind_changed = Signal(str)

    def __init__(
        self, actor: Actor, zone: ZoneInfo, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor, self.zone = actor, zone
        self.today = today or datetime.now(zone).date()
        self.parks: list[ParkNode] = []
        self.specs: dict[str, ReportKind] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self)
        self.kind.setObjectName("ReportKind")
        self.kind.setMinimumContentsLength(14)
        self._fill_kinds()
        self.grain = QComboBox(self)
        self.option = QComboBox(self)  # OPTIONS: energy rows per ..., compare what
        self.option.setObjectName("ReportOption")
        self.mode = QComboBox(self)
        for mode in MODES:
            self.mode.addItem(period_mode_label(mode), mode)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDate(_qdate(self.today))
        self.to_label = QLabel(self.tr("to"), self)
        quick = QHBoxLayout()
        self.this_month = QPushButton(self.tr("This month"), self)
        self.last_month = QPushButton(self.tr("Last month"), self)
        self.this_year = QPushButton(self.tr("This year"), self)
        for button in (self.this_month, self.last_month, self.this_year):
            button.setAutoDefault(False)
            quick.addWidget(button)
        quick.addStretch(1)
        self.level = QComboBox(self)
        for level in LEVELS:
            self.level.addItem(scope_level_label(level), level)
        self.place = QComboBox(self)
        self.place.setMinimumContentsLength(24)
        self.method = QComboBox(self)
        self.txn_kind = QComboBox(self)
        self.method.addItem(self.tr("all methods"), "")
        for method in METHODS:
            self.method.addItem(report_method_label(method), method)
        self.txn_kind.addItem(self.tr("all kinds"), "")
        for kind in TXN_KINDS:
            self.txn_kind.addItem(txn_kind_label(kind), kind)
        self.cashier = QLineEdit(self)
        self.cashier.setPlaceholderText(self.tr("any cashier (login)"))
        hint = self.cashier.fontMetrics().horizontalAdvance(self.cashier.placeholderText())
        self.cashier.setMinimumWidth(hint + 24)  # the hint whole, in either language
        self.narrowed = QLabel(self)
        self.narrowed.setObjectName("NarrowedNote")
        self.narrowed.setWordWrap(True)
        self.narrowed.setStyleSheet("color: #6a1b9a;")
        if narrowed(actor):
            self.cashier.setText(actor.login)
            self.cashier.setEnabled(False)
            self.narrowed.setText(
                self.tr("As a cashier you see only your own orders (%1).").replace(
                    "%1", actor.login
                )
            )

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addSpacing(12)
        kind_row.addWidget(QLabel(self.tr("Grouping"), self))
        kind_row.addWidget(self.grain)
        kind_row.addWidget(self.option)
        kind_row.addStretch(1)
        period_row = QHBoxLayout()
        for widget in (self.mode, self.start, self.to_label, self.end):
            period_row.addWidget(widget)
        period_row.addSpacing(12)
        period_row.addLayout(quick)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.level)
        scope_row.addWidget(self.place)
        scope_row.addStretch(1)
        self.filters = QWidget(self)
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (self.method, self.txn_kind, self.cashier):
            filters.addWidget(widget)
        filters.addWidget(self.narrowed, 1)
        rows = (
            (self.tr("Report"), kind_row),
            (self.tr("Period"), period_row),
            (self.tr("Scope"), scope_row),
            (self.tr("Orders"), self.filters),
        )
        for r, (title, item) in enumerate(rows):
            grid.addWidget(QLabel(title, self), r, 0)
            if isinstance(item, QWidget):
                grid.addWidget(item, r, 1)
            else:
                grid.addLayout(item, r, 1)
        self.filters_title = grid.itemAtPosition(3, 0).widget()
        grid.setColumnStretch(1, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.level.currentIndexChanged.connect(self._fill_places)
        self.this_month.clicked.connect(lambda: self.set_period(Period.this_month(self.today)))
        self.last_month.clicked.connect(lambda: self.set_period(Period.last_month(self.today)))
        self.this_year.clicked.connect(lambda: self.set_period(Period.this_year(self.today)))
        self.mode.setCurrentIndex(MODES.index("month"))
        self.set_period(Period.this_month(self.today))
        self._mode_changed()
        self._fill_places()
        self._kind_changed()

    # ---------------------------------------------------------------- choices

    def _fill_kinds(self) -> None:
        """Every registered report; what the role may not read is greyed, with why."""
        model = self.kind.model()
        first_allowed = -1
        for spec in kinds():
            self.specs[spec.name] = spec
            self.kind.addItem(tr(spec.title), spec.name)
            row = self.kind.count() - 1
            if may_run(self.actor, spec.name):
                first_allowed = row if first_allowed < 0 else first_allowed
                continue
            if isinstance(model, QStandardItemModel):
                item = model.item(row)
                item.setEnabled(False)
                item.setToolTip(str(PermissionDenied(self.actor, spec.permission)))
        if first_allowed >= 0:
            self.kind.setCurrentIndex(first_allowed)

    def select_kind(self, name: str) -> bool:
        """Choose a report by name (False when absent or greyed for this role)."""
        row = self.kind.findData(name)
        if row < 0 or not may_run(self.actor, name):
            return False
        self.kind.setCurrentIndex(row)
        return True

    def refusal(self) -> str | None:
        """Why the role may not read the chosen report (None: it may)."""
        spec = self.specs.get(self.current_kind())
        if spec is None:
            return self.tr("No report is chosen.")
        if may_run(self.actor, spec.name):
            return None
        return str(PermissionDenied(self.actor, spec.permission))

    def allowed(self) -> list[str]:
        """The reports this role may read."""
        return [name for name in self.specs if may_run(self.actor, name)]

    def current_kind(self) -> str:
        return str(self.kind.currentData() or "")

    def _kind_changed(self) -> None:
        name = self.current_kind()
        spec = self.specs.get(name)
        grains = spec.grains if spec else tuple(Grain)
        keep = self.grain.currentData()
        self.grain.blockSignals(True)
        self.grain.clear()
        for grain in grains:
            self.grain.addItem(grain_label(grain.value), grain.value)
        found = self.grain.findData(keep)
        self.grain.setCurrentIndex(max(0, found))
        self.grain.blockSignals(False)
        self.option.clear()
        option = OPTIONS.get(name)
        for value in option[1] if option else ():
            self.option.addItem(report_option_label(value), value)
        self.option.setVisible(option is not None)
        orders = name == "orders"
        self.filters.setVisible(orders)
        if self.filters_title is not None:
            self.filters_title.setVisible(orders)
        self.kind_changed.emit(name)

    def _mode_changed(self) -> None:
        mode = str(self.mode.currentData())
        for edit in (self.start, self.end):
            edit.setDisplayFormat(FORMATS[mode])
        custom = mode == "custom"
        self.end.setVisible(custom)
        self.to_label.setVisible(custom)
        suggested = {"day": "day", "month": "day", "year": "month"}.get(mode)
        if suggested is not None and self.grain.findData(suggested) >= 0:
            self.grain.setCurrentIndex(self.grain.findData(suggested))

    def set_period(self, period: Period) -> None:
        """Show ``period`` (a quick pick): as a whole month when it is one, else custom."""
        whole_month = period.describe() == f"{period.start:%Y-%m}"
        self.mode.setCurrentIndex(MODES.index("month" if whole_month else "custom"))
        self.start.setDate(_qdate(period.start))
        self.end.setDate(_qdate(period.end))

    def set_option(self, value: str) -> bool:
        """Choose the kind's extra option by value (``building``, ``income`` ...)."""
        found = self.option.findData(value)
        if found >= 0:
            self.option.setCurrentIndex(found)
        return found >= 0

    def set_grain(self, grain: Grain) -> None:
        found = self.grain.findData(grain.value)
        if found >= 0:
            self.grain.setCurrentIndex(found)

    # ---------------------------------------------------------------- scope

    def set_parks(self, parks: list[ParkNode]) -> None:
        self.parks = parks
        self._fill_places()

    def _fill_places(self) -> None:
        level = str(self.level.currentData())
        self.place.clear()
        self.place.setEditable(level == "account")
        self.place.setEnabled(level != "park")
        for park in self.parks:
            for building in park.buildings:
                if level == "building":
                    self.place.addItem(building.name, ("building", building.id, 0))
                for floor in building.floors if level == "floor" else []:
                    text = f"{building.name} {floor.name}"
                    self.place.addItem(text, ("floor", building.id, floor.id))
        if level == "account":
            numbers = sorted(
                {
                    r.account
                    for p in self.parks
                    for b in p.buildings
                    for f in b.floors
                    for r in f.rooms
                    if r.account
                }
            )
            self.place.addItems(numbers)
            self.place.setCurrentText("")
            line = self.place.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("account number"))

    def set_scope(self, level: str, text: str = "") -> None:
        """Choose the scope level and, by its words, the building / floor / account."""
        self.level.setCurrentIndex(LEVELS.index(level))
        if level == "account":
            self.place.setCurrentText(text)
        elif text:
            self.place.setCurrentIndex(max(0, self.place.findText(text)))

    def scope(self) -> tuple[Scope, str | None]:
        level = str(self.level.currentData())
        if level == "account":
            return Scope(), self.place.currentText().strip()
        data = self.place.currentData()
        if level == "park" or not data:
            return Scope(), None
        text = self.place.currentText()
        if data[0] == "building":
            return Scope(building_id=data[1], text=text), None
        return Scope(building_id=data[1], floor_id=data[2], text=text), None

    # ---------------------------------------------------------------- answer

    def period(self) -> Period:
        """The chosen period; ``ReportError`` (in words) when it ends before it starts."""
        mode = str(self.mode.currentData())
        start = _pydate(self.start.date())
        if mode == "day":
            return Period.day(start, self.zone)
        if mode == "month":
            return Period.month(start.year, start.month, self.zone)
        if mode == "year":
            return Period.year(start.year, self.zone)
        return Period(start, _pydate(self.end.date()), self.zone)

    def choice(self) -> Choice:
        """Everything chosen; raises ``ReportError`` for a bad period or an empty account."""
        period = self.period()
        scope, account = self.scope()
        if account == "":
            raise ReportError(self.tr("Type or choose an account number."))
        filters: dict[str, str] = {}
        option = OPTIONS.get(self.current_kind())
        if option is not None and self.option.currentData():
            filters[option[0]] = str(self.option.currentData())
        if self.current_kind() == "orders":
            for key, value in (
                ("method", self.method.currentData()),
                ("kind", self.txn_kind.currentData()),
                ("cashier", self.cashier.text().strip()),
            ):
                if value:
                    filters[key] = str(value)
        grain = Grain(str(self.grain.currentData() or Grain.DAY.value))
        return Choice(self.current_kind(), period, grain, scope, account, filters)

    def is_narrowed(self) -> bool:
        return narrowed(self.actor) and self.current_kind() == "orders"
