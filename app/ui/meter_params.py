"""The dialog that queues alarm levels or prices for a meter-side meter (表端计费).

A meter-side meter holds its own balance, prices and alarm lines and trips by itself, so
changing them means writing to the meter: the dialog checks the values (named fields,
exact ``Decimal``), asks for confirmation naming the room, tenant and meter, and queues
``write_params``. The collector writes them, reads them back, and the room detail shows
the outcome. The meter's cut-off line (zero balance, less its overdraft) is part of the
meter model and is not written from here; the dialog says so.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.livedata import MeterLive, RoomDetail
from app.security import Actor
from app.services.commands import write_params
from widgets.confirm import ask_yes_no
from widgets.fonts import emphasise

from .bridge import Worker
from .labels import band_label

log = logging.getLogger(__name__)
PRICE_PARAMS = (
    ("price_1", "sharp"),
    ("price_2", "peak"),
    ("price_3", "flat"),
    ("price_4", "valley"),
)


class InputError(ValueError):
    """A field the user must correct; the message names it."""


class ParamsDialog(QDialog):
    """``mode`` "alarms" (alarm 1, alarm 2, maximum balance) or "prices" (尖峰平谷).

    ``queued(command id, what)`` once the command is in the queue; ``failed(text)``."""

    queued = Signal(int, str)
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        detail: RoomDetail,
        meter: MeterLive,
        mode: str,
        defaults: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.detail, self.meter, self.mode = db, actor, detail, meter, mode
        self.worker = Worker(self)
        self.confirm_dialog = self._ask  # tests replace it with an answer
        self.setObjectName("ParamsDialog")
        self.what = self.tr("Alarm levels") if mode == "alarms" else self.tr("Meter prices")
        self.setWindowTitle(self.what)
        who = QLabel(
            self.tr("Room %1 · tenant %2 · meter %3")
            .replace("%1", detail.path)
            .replace("%2", detail.tenant or self.tr("(vacant)"))
            .replace("%3", meter.address),
            self,
        )
        emphasise(who, 1.15, bold=True)
        who.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, tuple[QLineEdit, str]] = {}
        if mode == "alarms":
            rows = [
                ("alarm_1", self.tr("Alarm level 1, warn (一级告警), yuan")),
                ("alarm_2", self.tr("Alarm level 2, pre-trip (二级告警), yuan")),
                ("max_balance", self.tr("Maximum balance (囤积限额), yuan")),
            ]
            note = self.tr(
                "The meter warns at level 1, warns again at level 2 and cuts the supply by "
                "itself when its balance reaches zero (less its overdraft): that cut-off line "
                "belongs to the meter model and is not written from here. Leave a field "
                "empty to keep the meter's value."
            )
        else:
            rows = [(p, band_label(b) + self.tr(", yuan/kWh")) for p, b in PRICE_PARAMS]
            tariff = defaults.get("tariff")
            note = (
                self.tr(
                    "Prefilled with the prices of tariff %1 in force now. The meter charges "
                    "its balance with these prices; leave a field empty to keep the meter's."
                ).replace("%1", str(tariff))
                if tariff
                else self.tr("No tariff applies to this meter; type the prices.")
            )
            if defaults.get("tiered"):
                note += " " + self.tr(
                    "The tariff's tiered blocks cannot be held by the meter: it charges the "
                    "band prices only."
                )
        for name, label in rows:
            edit = QLineEdit(self)
            edit.setObjectName(f"param-{name}")
            value = defaults.get(name)
            edit.setText("" if value is None else str(value))
            form.addRow(label, edit)
            self.fields[name] = (edit, label.split(",")[0].split("，")[0])
        explain = QLabel(note, self)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #5d4037;")
        self.error = QLabel(self)
        self.error.setObjectName("ParamsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.ok = QPushButton(self.tr("Send to the meter"), self)
        self.ok.setObjectName("ParamsOk")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def values(self) -> dict[str, str]:
        """The non-empty fields as exact text; ``InputError`` names the first bad one."""
        out: dict[str, str] = {}
        for name, (edit, label) in self.fields.items():
            raw = edit.text().strip().lstrip("¥￥")
            if not raw:
                continue
            places = 4 if name.startswith("price") else 2
            try:
                value = Decimal(raw)
            except InvalidOperation as exc:
                raise InputError(
                    self.tr("%1: %2 is not a number.").replace("%1", label).replace("%2", raw)
                ) from exc
            if not value.is_finite() or value < 0:
                raise InputError(
                    self.tr("%1: must be zero or more, not %2.")
                    .replace("%1", label)
                    .replace("%2", raw)
                )
            quantum = Decimal(1).scaleb(-places)
            if value.quantize(quantum) != value:
                raise InputError(
                    self.tr("%1: at most %2 decimals (%3).")
                    .replace("%1", label)
                    .replace("%2", str(places))
                    .replace("%3", raw)
                )
            out[name] = str(value.quantize(quantum))
        if not out:
            raise InputError(self.tr("Fill in at least one value."))
        a1, a2 = out.get("alarm_1"), out.get("alarm_2")
        if a1 is not None and a2 is not None and Decimal(a2) > Decimal(a1):
            raise InputError(
                self.tr("%1: must not be above level 1 (%2).")
                .replace("%1", self.fields["alarm_2"][1])
                .replace("%2", a1)
            )
        top = out.get("max_balance")
        if top is not None and a1 is not None and Decimal(top) <= Decimal(a1):
            raise InputError(
                self.tr("%1: must be above alarm level 1 (%2).")
                .replace("%1", self.fields["max_balance"][1])
                .replace("%2", a1)
            )
        return out

    def submit(self) -> None:
        self.error.clear()
        try:
            values = self.values()
        except InputError as exc:
            self._fail(str(exc))
            return
        listing = ", ".join(f"{self.fields[k][1]} {v}" for k, v in values.items())
        question = (
            self.tr("Write %1 to meter %2 of room %3, tenant %4?\n%5")
            .replace("%1", self.what)
            .replace("%2", self.meter.address)
            .replace("%3", self.detail.path)
            .replace("%4", self.detail.tenant or self.tr("(vacant)"))
            .replace("%5", listing)
        )
        if not self.confirm_dialog(question):
            return
        db, actor, meter_id = self.db, self.actor, self.meter.meter_id
        self.ok.setEnabled(False)
        self.worker.submit(
            lambda: write_params(db, actor, meter_id, values),
            self._queued,
            lambda exc: self._refused(exc),
        )

    def _queued(self, command_id: int) -> None:
        self.ok.setEnabled(True)
        self.queued.emit(command_id, self.what)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self._fail(self.tr("Refused: %1").replace("%1", str(exc)))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.failed.emit(text)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Confirm meter command"), question)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)
