"""Room detail (centre page): tenant and account, every meter's live values, trends, events
and the relay actions the operator's role allows.

Reads happen in a worker thread (``app.livedata.room_detail``), at most one in flight;
live batches that touch the room ask for a fresh read. A relay action asks for
confirmation naming the room and the tenant, queues the command
(``app.services.commands.request_relay``), wakes the collector and then follows the
command until the meter's own read-back decides it: the result line quotes the relay state
the meter reports, never what we asked for.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.collector import Collector
from app.db import Database
from app.livedata import MeterLive, RoomDetail
from app.livedata.counter import room_and_command
from app.security import Actor, Permission
from app.services.commands import request_relay
from widgets.confirm import ask_yes_no
from widgets.fonts import emphasise
from widgets.note import NoteLabel

from .bridge import Worker
from .charts import DailyChart, PowerChart
from .event_labels import driver_error_text, event_text
from .labels import cut_reason_label, level_label, local_time, relay_label
from .live import kwh, money
from .messages import RoomMessages
from .room_actions import RoomActions
from .room_load import RoomLoadTab

log = logging.getLogger(__name__)

ACTIONS = ("cut", "close", "guarantee_on", "guarantee_off")


class RoomDetailPanel(QWidget):
    """One room, live. ``shown(RoomDetail)`` after every read; ``command_finished(status)``."""

    shown = Signal(object)
    command_finished = Signal(str)
    back = Signal()
    recharge_requested = Signal(int)  # room id: open the cashier counter on this room

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.collector: Collector | None = None
        self.worker = Worker(self)
        self.room_id: int | None = None
        self.detail: RoomDetail | None = None
        self.command_id: int | None = None
        self.command_action = ""
        self._busy = self._again = False
        self.confirm_dialog = self._ask  # tests replace it with an answer
        self._build()

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Room wall"), self)
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel(self)
        self.title.setObjectName("RoomTitle")
        emphasise(self.title, 1.5, bold=True)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self.recharge_button = QPushButton(self.tr("Recharge… (F9)"), self)
        self.recharge_button.setObjectName("RoomRecharge")
        self.recharge_button.clicked.connect(
            lambda: self.room_id is not None and self.recharge_requested.emit(self.room_id)
        )
        if not self.actor.can(Permission.RECHARGE):
            self.recharge_button.setEnabled(False)
            self.recharge_button.setToolTip(self.tr("Your role may not take money: ask a cashier."))
        top.addWidget(self.recharge_button)
        self.tenant = QLabel(self)
        self.tenant.setWordWrap(True)
        self.money = QLabel(self)
        self.money.setObjectName("RoomMoney")
        emphasise(self.money, 1.2)
        self.money.setWordWrap(True)

        self.meters = QTableWidget(self)
        self.meters.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meters.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.meters.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)

        actions = QGridLayout()
        self.meter_choice = QComboBox(self)
        self.buttons: dict[str, QPushButton] = {}
        labels = {
            "cut": self.tr("Cut power"),
            "close": self.tr("Restore power"),
            "guarantee_on": self.tr("Guaranteed supply on"),
            "guarantee_off": self.tr("Guaranteed supply off"),
        }
        actions.addWidget(QLabel(self.tr("Meter:"), self), 0, 0)
        actions.addWidget(self.meter_choice, 0, 1)
        for i, action in enumerate(ACTIONS):
            button = QPushButton(labels[action], self)
            button.setObjectName(f"relay-{action}")
            button.clicked.connect(lambda _=False, a=action: self.request(a))
            actions.addWidget(button, 0, 2 + i)
            self.buttons[action] = button
        self.permission_note = NoteLabel(self)
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet("color: #8d6e63;")
        self.command_state = NoteLabel(self)
        self.command_state.setObjectName("CommandState")
        self.command_state.setWordWrap(True)
        actions.addWidget(self.permission_note, 1, 0, 1, 6)
        actions.addWidget(self.command_state, 2, 0, 1, 6)
        self.more = RoomActions(self)  # refund, alarm levels, meter prices
        actions.addWidget(self.more, 3, 0, 1, 6)
        self.meter_choice.currentIndexChanged.connect(lambda _i: self.more.show_detail(self.detail))
        if not self.actor.can(Permission.RELAY_SWITCH):
            reason = self.tr(
                "Your role (%1) may not switch relays: ask an operator or an administrator."
            ).replace("%1", _role(self.actor))
            self.permission_note.setText(reason)
            for button in self.buttons.values():
                button.setEnabled(False)
                button.setToolTip(reason)

        self.power = PowerChart(self, self.zone)  # park time, like events and receipts
        self.daily = DailyChart(self, self.zone)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.addWidget(self.power)
        charts.addWidget(self.daily)
        self.events = QTableWidget(0, 3, self)
        self.events.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Level"), self.tr("Event")])
        self.events.horizontalHeader().setStretchLastSection(True)
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.verticalHeader().setVisible(False)

        # trends and events share one tab area: the meter table keeps the height it needs
        # even with the alarms dock open below (a cramped table was the complaint)
        self.lower_tabs = QTabWidget(self)
        self.lower_tabs.setObjectName("RoomTabs")
        self.lower_tabs.addTab(charts, self.tr("Trends"))
        self.lower_tabs.addTab(self.events, self.tr("Recent events"))
        self.messages = RoomMessages(self.db, self.zone, self)  # the account's messages
        self.lower_tabs.addTab(self.messages, self.tr("Messages"))
        self.load_control = RoomLoadTab(self.db, self.actor, self.zone, self)  # issue 19
        self.lower_tabs.addTab(self.load_control, self.tr("Load control"))
        self.lower_tabs.currentChanged.connect(
            lambda _i: (
                self.lower_tabs.currentWidget() is self.load_control and self.load_control.refresh()
            )
        )
        lower = QSplitter(Qt.Orientation.Vertical, self)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.meters)
        upper_layout.addLayout(actions)
        lower.addWidget(upper)
        lower.addWidget(self.lower_tabs)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)
        row_height = self.fontMetrics().height() + 4
        self.meters.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.meters.verticalHeader().setDefaultSectionSize(row_height)
        self.meters.setMinimumHeight(row_height * 7)  # bus .. power at least, then scroll
        self.meter_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meter_choice.setMinimumContentsLength(14)  # a 12-digit DL/T 645 address
        self.events.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tenant)
        layout.addWidget(self.money)
        layout.addWidget(lower, 1)

    # -- reading -----------------------------------------------------------------------
    def set_room(self, room_id: int) -> None:
        if room_id != self.room_id:
            self.room_id = room_id
            self.detail = None
            self.power.clear_live()
            self.command_id = None
            self.command_state.clear()
            self.title.setText(self.tr("Loading…"))
        self.messages.set_room(room_id)
        self.load_control.set_room(room_id)
        self.refresh()

    def refresh(self) -> None:
        if self.room_id is None:
            return
        if self.lower_tabs.currentWidget() is self.load_control:
            self.load_control.refresh()  # a live batch of the room: a cut may have landed
        if self._busy:
            self._again = True
            return
        self._busy = True
        db, zone, room_id, command = self.db, self.zone, self.room_id, self.command_id

        self.worker.submit(
            lambda: room_and_command(db, zone, room_id, command),
            self._read_done,
            self._read_failed,
        )

    def _read_failed(self, exc: Exception) -> None:
        self._busy = False
        self.title.setText(self.tr("Could not read the room: %1").replace("%1", str(exc)))

    def _read_done(self, result: tuple[RoomDetail, tuple[str, str] | None]) -> None:
        self._busy = False
        detail, command = result
        if detail.room_id == self.room_id:
            self._show(detail)
            if command is not None:
                self._show_command(*command)
            self.shown.emit(detail)
        if self._again:
            self._again = False
            self.refresh()

    # -- showing -----------------------------------------------------------------------
    def _show(self, d: RoomDetail) -> None:
        first = self.detail is None
        self.detail = d
        self.title.setText(d.path)
        if d.tenant:
            self.tenant.setText(
                self.tr("Tenant: %1 · account %2 · %3 %4")
                .replace("%1", d.tenant)
                .replace("%2", d.account)
                .replace("%3", d.contact)
                .replace("%4", d.phone)
                .strip(" ·")
            )
        else:
            self.tenant.setText(self.tr("Vacant room: no account"))
        self.money.setText(self._money_text(d))
        self._fill_meters(d.meters)
        if first:
            self.meter_choice.clear()
            for m in d.meters:
                self.meter_choice.addItem(f"{m.address} {m.label}".strip(), m.meter_id)
        powers = [m.power_w for m in d.meters if m.online and m.power_w is not None]
        if powers:
            self.power.add_point(float(sum(powers)))
        self.power.set_intervals(d.intervals)
        self.daily.set_days(d.daily)
        self._fill_events(d)
        can = self.actor.can(Permission.RELAY_SWITCH) and bool(d.meters)
        for button in self.buttons.values():
            button.setEnabled(can)
        self.more.show_detail(d)

    def _money_text(self, d: RoomDetail) -> str:
        live = d.live
        parts = []
        if live is not None and live.balance_fen is not None:
            where = self.tr("on the meter") if live.meter_side else self.tr("account")
            parts.append(
                self.tr("Balance %1 (%2)")
                .replace("%1", money(live.balance_fen))
                .replace("%2", where)
            )
            if live.level:
                parts.append(level_label(live.level))
        if live is not None and live.today_kwh is not None:
            parts.append(
                self.tr("today %1 kWh %2")
                .replace("%1", kwh(live.today_kwh))
                .replace("%2", money(live.today_fen))
            )
        if d.month_kwh is not None:
            parts.append(
                self.tr("this month %1 kWh %2")
                .replace("%1", kwh(d.month_kwh))
                .replace("%2", money(d.month_fen))
            )
        if d.days_left is not None:
            parts.append(self.tr("about %1 days left").replace("%1", f"{d.days_left:.0f}"))
        if d.allowance is not None:
            used, granted = d.allowance
            parts.append(
                self.tr("free energy %1 of %2 kWh used")
                .replace("%1", kwh(used))
                .replace("%2", kwh(granted))
            )
        return " · ".join(parts)

    def _fill_meters(self, meters: list[MeterLive]) -> None:
        # three more rows only when a meter of the room is three-phase: a single-phase
        # room's table stays as it always was
        three_phase = any(m.phases for m in meters)
        phase_fields = (
            [self.tr("Voltage A / B / C"), self.tr("Current A / B / C"), self.tr("Power A / B / C")]
            if three_phase
            else []
        )
        fields = [
            self.tr("Bus"),
            self.tr("Billing"),
            self.tr("Online"),
            self.tr("Last seen"),
            self.tr("Voltage"),
            self.tr("Current"),
            self.tr("Power"),
            self.tr("Power factor"),
            self.tr("Frequency"),
            *phase_fields,
            self.tr("Energy total"),
            self.tr("Sharp / peak"),
            self.tr("Flat / valley"),
            self.tr("Balance"),
            self.tr("Purchase count"),
            self.tr("Relay"),
            self.tr("Guaranteed supply"),
        ]
        # a room of three-phase meters only: their per-phase rows replace the empty
        # single-phase voltage and current rows
        single = [self.tr("Voltage"), self.tr("Current")]
        skip = (
            {fields.index(f) for f in single}
            if three_phase
            and all(m.phases and m.voltage_dv is None and m.current_ma is None for m in meters)
            else set()
        )
        fields = [f for i, f in enumerate(fields) if i not in skip]
        self.meters.setRowCount(len(fields))
        self.meters.setColumnCount(len(meters))
        self.meters.setVerticalHeaderLabels(fields)
        self.meters.setHorizontalHeaderLabels([f"{m.address} {m.label}".strip() for m in meters])
        yes, no = self.tr("yes"), self.tr("no")
        online_row, relay_row = fields.index(self.tr("Online")), fields.index(self.tr("Relay"))
        for col, m in enumerate(meters):
            e = m.energy
            online = (
                self.tr("online")
                if m.online
                else self.tr("offline: %1").replace("%1", driver_error_text(m.last_error) or "-")
            )
            billing = self.tr("meter-side") if m.billing == "meter" else self.tr("platform-side")
            relay = relay_label(m.relay)
            if m.cut_reason and m.relay == "open":
                relay = f"{relay} ({cut_reason_label(m.cut_reason)})"
            values = [
                m.link,
                billing,
                online,
                local_time(m.last_seen, self.zone),
                _scaled(m.voltage_dv, 10, 1, "V"),
                _scaled(m.current_ma, 1000, 3, "A"),
                _scaled(m.power_w, 1, 0, "W"),
                _scaled(m.pf_milli, 1000, 3, ""),
                _scaled(m.freq_chz, 100, 2, "Hz"),
                *(_phase_rows(m) if three_phase else []),
                f"{kwh(e['total'])} kWh",
                f"{kwh(e['sharp'])} / {kwh(e['peak'])}",
                f"{kwh(e['flat'])} / {kwh(e['valley'])}",
                money(m.balance_fen) if m.billing == "meter" else self.tr("(account)"),
                "" if m.purchase_count is None else str(m.purchase_count),
                relay,
                yes if m.guaranteed else no,
            ]
            values = [v for i, v in enumerate(values) if i not in skip]
            for row, value in enumerate(values):
                item = QTableWidgetItem(value)
                if row == online_row and not m.online:
                    item.setForeground(Qt.GlobalColor.darkGray)
                if row == relay_row and m.relay == "open":
                    item.setForeground(Qt.GlobalColor.red)
                self.meters.setItem(row, col, item)

    def _fill_events(self, d: RoomDetail) -> None:
        self.events.setRowCount(len(d.events))
        for row, e in enumerate(d.events):
            self.events.setItem(row, 0, QTableWidgetItem(local_time(e.ts, self.zone)))
            self.events.setItem(row, 1, QTableWidgetItem(str(e.level)))
            self.events.setItem(row, 2, QTableWidgetItem(event_text(e.kind, e.message, e.data)))

    # -- actions -----------------------------------------------------------------------
    def selected_meter(self) -> MeterLive | None:
        if self.detail is None or not self.detail.meters:
            return None
        meter_id = self.meter_choice.currentData()
        return next(
            (m for m in self.detail.meters if m.meter_id == meter_id), self.detail.meters[0]
        )

    def action_text(self, action: str) -> str:
        return self.buttons[action].text()

    def request(self, action: str) -> None:
        meter, d = self.selected_meter(), self.detail
        if meter is None or d is None or not self.actor.can(Permission.RELAY_SWITCH):
            return
        question = (
            self.tr("%1 for room %2, tenant %3, meter %4?")
            .replace("%1", self.action_text(action))
            .replace("%2", d.path)
            .replace("%3", d.tenant or self.tr("(vacant)"))
            .replace("%4", meter.address)
        )
        if not self.confirm_dialog(question):
            return
        db, actor, meter_id = self.db, self.actor, meter.meter_id
        self.command_action = action
        self.command_state.setText(self.tr("%1: queued…").replace("%1", self.action_text(action)))
        self.worker.submit(
            lambda: request_relay(db, actor, meter_id, action), self._queued, self._refused
        )

    def _queued(self, command_id: int) -> None:
        self.command_id = command_id
        if self.collector is not None:
            self.collector.wake()
        self.refresh()

    def _refused(self, exc: Exception) -> None:
        self.command_state.setText(self.tr("Refused: %1").replace("%1", str(exc)))
        self.command_finished.emit("refused")

    def on_commands(self, commands: frozenset[int]) -> None:
        if self.command_id is not None and self.command_id in commands:
            self.refresh()
        self.more.on_commands(commands)

    def _show_command(self, status: str, result: str) -> None:
        """Follow the command; "done" only once the meter's polled state agrees with it
        (the confirmation commits before the next poll stores the new relay state)."""
        meter = self.selected_meter()
        name = self.action_text(self.command_action) if self.command_action else ""
        if status in ("pending", "sent"):
            self.command_state.setText(
                self.tr("%1: %2, waiting for the meter…").replace("%1", name).replace("%2", status)
            )
            return
        if status == "confirmed" and meter is not None:
            if not _agrees(self.command_action, meter):
                self.command_state.setText(
                    self.tr("%1: confirmed by read-back (%2); waiting for the next poll…")
                    .replace("%1", name)
                    .replace("%2", result)
                )
                return
            state = relay_label(meter.relay)
            if meter.guaranteed:
                state += " · " + self.tr("guaranteed supply")
            text = (
                self.tr("%1: done. The meter reports: relay %2.")
                .replace("%1", name)
                .replace("%2", state)
            )
        else:
            text = (
                self.tr("%1: %2. %3")
                .replace("%1", name)
                .replace("%2", status)
                .replace("%3", result)
            )
        self.command_state.setText(text)
        self.command_id = None
        self.command_finished.emit(status)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Confirm relay command"), question)

    def wait(self, msecs: int = 10_000) -> bool:
        return (
            self.worker.wait(msecs)
            and self.more.wait(msecs)
            and self.messages.wait(msecs)
            and self.load_control.wait(msecs)
        )


def _scaled(value: int | None, div: int, places: int, unit: str) -> str:
    if value is None:
        return ""
    return f"{value / div:.{places}f} {unit}".strip()


def _phase_rows(m: MeterLive) -> list[str]:
    """Voltage, current and power of phases A / B / C on one line each ("" if single-phase)."""
    if not m.phases:
        return ["", "", ""]

    def line(values: list[int | None], div: int, places: int, unit: str) -> str:
        text = " / ".join("-" if v is None else f"{v / div:.{places}f}" for v in values)
        return f"{text} {unit}"

    return [
        line([p.voltage_dv for p in m.phases], 10, 1, "V"),
        line([p.current_ma for p in m.phases], 1000, 3, "A"),
        line([p.power_w for p in m.phases], 1, 0, "W"),
    ]


def _agrees(action: str, meter: MeterLive) -> bool:
    return {
        "cut": meter.relay == "open",
        "close": meter.relay == "closed",
        "guarantee_on": meter.guaranteed,
        "guarantee_off": not meter.guaranteed,
    }.get(action, True)


def _role(actor: Actor) -> str:
    from .labels import role_label

    return role_label(actor.role)
