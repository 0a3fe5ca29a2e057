"""The dialog that publishes a new tariff version: flat, time-of-use (尖峰平谷) with a
24-hour band schedule, optional tiered blocks (阶梯), and a start that is never in the past.

Everything is checked here first, with the name of the field the user sees ("Peak price",
"Workday schedule"), because the engine's messages name JSON keys; the service then checks
again (``publish_version``: permission, validity, no backdating) and its refusal is shown
as it is. Prices stay text until ``Decimal``: never float. The resale cap (catalogue price
+ margin) is warned about before the confirmation and the service's own warning after.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.tariff import version_from_data
from app.db import Database
from app.ledger.tariff_overview import TariffInfo
from app.ledger.tariffs import Published, publish_version
from app.security import Actor
from widgets.confirm import ask_yes_no
from widgets.day_schedule import DaySchedule

from .bridge import Worker
from .labels import band_label
from .tariff_form import (
    BANDS,
    COLOURS,
    InputError,
    VersionForm,
    tomorrow_midnight,
)

__all__ = ["InputError", "VersionDialog", "tomorrow_midnight"]

log = logging.getLogger(__name__)


class VersionDialog(VersionForm, QDialog):
    """Publish a version of ``tariff`` (an existing one), or of a new tariff if None.

    ``published(Published)`` after the service accepted it; ``failed(str)`` with the
    message shown to the user when it (or the form) refused."""

    published = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        tariff: TariffInfo | None,
        resale_cap: Decimal | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.tariff, self.resale_cap = tariff, resale_cap
        self.worker = Worker(self)
        self.confirm_dialog = self._ask  # tests replace it with an answer
        self.setObjectName("TariffVersionDialog")
        self.setWindowTitle(
            self.tr("New version of %1").replace("%1", tariff.name)
            if tariff
            else self.tr("New tariff")
        )
        self._build()
        if tariff is not None and tariff.versions:
            self._prefill(tariff.versions[-1].definition)
        self.resize(980, 760)

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setMaxLength(60)
        if self.tariff is not None:
            self.name.setText(self.tariff.name)
            self.name.setReadOnly(True)
        self.description = QLineEdit(self)
        self.description.setMaxLength(200)
        form.addRow(self.tr("Tariff name:"), self.name)
        if self.tariff is None:
            form.addRow(self.tr("Description:"), self.description)
        else:
            self.description.hide()  # a version keeps its tariff's description
        self.start = QDateTimeEdit(self)
        self.start.setObjectName("EffectiveFrom")
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setCalendarPopup(True)
        self.set_start(tomorrow_midnight(self.zone))
        start_note = QLabel(
            self.tr(
                "A new version starts now or later, never in the past: what was already "
                "charged keeps the price it was charged with. Time zone: %1."
            ).replace("%1", str(self.zone)),
            self,
        )
        start_note.setWordWrap(True)
        start_note.setStyleSheet("color: #5d4037;")
        form.addRow(self.tr("Effective from:"), self.start)
        form.addRow("", start_note)
        self.kind = QComboBox(self)
        self.kind.setObjectName("TariffKind")
        self.kind.addItem(self.tr("Flat price (单一电价)"), "flat")
        self.kind.addItem(self.tr("Time of use (分时电价: 尖峰平谷)"), "tou")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow(self.tr("Kind:"), self.kind)
        self.flat_price = QLineEdit(self)
        self.flat_price.setObjectName("FlatPrice")
        self.flat_price.setPlaceholderText("0.6500")
        self.flat_row = QLabel(self.tr("Price (yuan/kWh):"), self)
        form.addRow(self.flat_row, self.flat_price)
        self.allowance = QLineEdit(self)
        self.allowance.setObjectName("Allowance")
        self.allowance.setPlaceholderText("0")
        self.allowance.setToolTip(
            self.tr(
                "Free kWh per account each month (or each tier year), used before any price "
                "and never refunded; platform-side billing only. Empty or 0: none."
            )
        )
        form.addRow(self.tr("Base allowance (基础电量, kWh):"), self.allowance)

        self.tou = QGroupBox(self.tr("Time of use: band prices and hours"), self)
        tou = QVBoxLayout(self.tou)
        prices = QHBoxLayout()
        self.band_prices: dict[str, QLineEdit] = {}
        for band in BANDS:
            edit = QLineEdit(self.tou)
            edit.setObjectName(f"price-{band}")
            edit.setPlaceholderText("0.0000")
            edit.setMaximumWidth(110)
            prices.addWidget(QLabel(band_label(band), self.tou))
            prices.addWidget(edit)
            self.band_prices[band] = edit
        prices.addWidget(QLabel(self.tr("yuan/kWh"), self.tou))
        prices.addStretch(1)
        tou.addLayout(prices)
        texts = {
            "brush": self.tr("Paint with:"),
            "erase": self.tr("Erase"),
            "from": self.tr("From"),
            "to": self.tr("to"),
            "set": self.tr("Set"),
        }
        bands = [(b, band_label(b), QColor(COLOURS[b])) for b in BANDS]
        season_row = QHBoxLayout()
        self.season_label = QLabel(self.tr("Season:"), self.tou)
        self.season = QComboBox(self.tou)
        self.season.setObjectName("Season")
        self.season.currentIndexChanged.connect(self._season_changed)
        season_row.addWidget(self.season_label)
        season_row.addWidget(self.season)
        season_row.addStretch(1)
        tou.addLayout(season_row)
        self.note = QLabel(self.tou)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5d4037;")
        tou.addWidget(self.note)
        tou.addWidget(
            QLabel(
                self.tr(
                    "Workday schedule: click or drag over the half hours with a band "
                    "(right button erases), or set a range. Every half hour needs a band."
                ),
                self.tou,
            )
        )
        self.workday = DaySchedule(bands, texts, self.tou)
        self.workday.setObjectName("WorkdaySchedule")
        tou.addWidget(self.workday)
        self.own_weekend = QCheckBox(self.tr("Weekends have their own schedule"), self.tou)
        self.own_weekend.toggled.connect(lambda on: self.weekend.setVisible(on))
        tou.addWidget(self.own_weekend)
        self.weekend = DaySchedule(bands, texts, self.tou)
        self.weekend.setObjectName("WeekendSchedule")
        self.weekend.setVisible(False)
        tou.addWidget(self.weekend)
        tou.addWidget(
            QLabel(
                self.tr(
                    "Holidays (节假日): these days are priced with the weekend schedule (or "
                    "the season's holiday schedule). Dates like 2026-10-01, separated by commas."
                ),
                self.tou,
            )
        )
        self.holidays = QPlainTextEdit(self.tou)
        self.holidays.setObjectName("Holidays")
        self.holidays.setPlaceholderText("2026-10-01, 2026-10-02, 2026-10-03")
        self.holidays.setMaximumHeight(56)
        tou.addWidget(self.holidays)
        # one entry per season: start "MM-DD", workday cells, weekend cells (None = same)
        self.seasons: list[dict[str, Any]] = [{"start": "01-01", "workday": None, "weekend": None}]
        self._season_index = 0
        self.keep: dict[str, Any] = {}  # holidays etc. carried over from the latest version
        self._fill_season_choice()

        self.tiers_box = QGroupBox(self.tr("Tiered blocks (阶梯电价), added on top of the price"))
        self.tiers_box.setCheckable(True)
        self.tiers_box.setChecked(False)
        tiers = QVBoxLayout(self.tiers_box)
        self.tiers = QTableWidget(0, 2, self.tiers_box)
        self.tiers.setObjectName("Tiers")
        self.tiers.setHorizontalHeaderLabels(
            [self.tr("Up to kWh (empty = no limit)"), self.tr("Adds yuan/kWh")]
        )
        self.tiers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tiers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tiers.setMinimumHeight(110)
        self.tiers.setMaximumHeight(170)
        row_buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add block"), self.tiers_box)
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.add_tier("", "0"))
        remove = QPushButton(self.tr("Remove block"), self.tiers_box)
        remove.setAutoDefault(False)
        remove.clicked.connect(self._remove_tier)
        self.tier_period = QComboBox(self.tiers_box)
        self.tier_period.addItem(self.tr("per month"), "month")
        self.tier_period.addItem(self.tr("per year"), "year")
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addWidget(QLabel(self.tr("Blocks count kWh"), self.tiers_box))
        row_buttons.addWidget(self.tier_period)
        row_buttons.addStretch(1)
        tiers.addWidget(self.tiers)
        tiers.addLayout(row_buttons)

        self.outcome = QLabel(self)
        self.outcome.setObjectName("TariffResult")
        self.outcome.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.error = QLabel(self)
        self.error.setObjectName("TariffError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.warning = QLabel(self)
        self.warning.setObjectName("TariffWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #e65100; font-weight: bold;")
        if self.resale_cap is not None:
            self.warning.setText(
                self.tr("Resale cap: %1 yuan/kWh (catalogue price + margin).").replace(
                    "%1", str(self.resale_cap)
                )
            )
            self.warning.setStyleSheet("color: #5d4037;")
        self.publish_button = QPushButton(self.tr("Publish version"), self)
        self.publish_button.setObjectName("PublishVersion")
        self.publish_button.setDefault(True)
        self.publish_button.clicked.connect(self.publish)
        cancel = QPushButton(self.tr("Close"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(cancel)

        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.addLayout(form)
        inner.addWidget(self.tou)
        inner.addWidget(self.tiers_box)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        self.warning.setVisible(self.resale_cap is not None)
        self.outcome.hide()
        self.error.hide()
        layout.addLayout(buttons)
        self._kind_changed()

    def _kind_changed(self) -> None:
        tou = self.kind.currentData() == "tou"
        self.tou.setVisible(tou)
        self.flat_price.setVisible(not tou)
        self.flat_row.setVisible(not tou)

    def set_start(self, moment: datetime) -> None:
        """Show ``moment`` as wall time in the park's zone (the field has no zone)."""
        local = moment.astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0)
        self.start.setDateTime(QDateTime(QDate(local.date()), QTime(local.time())))

    def start_value(self) -> datetime:
        """What the field shows, read as wall time in the park's zone."""
        shown = self.start.dateTime()
        day, clock = shown.date().toPython(), shown.time().toPython()
        return datetime.combine(day, clock.replace(second=0, microsecond=0), tzinfo=self.zone)

    def add_tier(self, upto: str, add: str) -> None:
        row = self.tiers.rowCount()
        self.tiers.insertRow(row)
        self.tiers.setItem(row, 0, QTableWidgetItem(upto))
        self.tiers.setItem(row, 1, QTableWidgetItem(add))

    def _remove_tier(self) -> None:
        rows = sorted({i.row() for i in self.tiers.selectedIndexes()}, reverse=True)
        for row in rows or [self.tiers.rowCount() - 1]:
            if row >= 0:
                self.tiers.removeRow(row)

    # -- publishing --------------------------------------------------------------------
    def publish(self) -> None:
        self.error.clear()
        self.outcome.clear()
        self.error.hide()
        self.outcome.hide()
        try:
            data = self.definition()
        except InputError as exc:
            self._fail(str(exc))
            return
        name = self.name.text().strip()
        start = self.start_value().strftime("%Y-%m-%d %H:%M")
        question = (
            self.tr("Publish a new version of tariff %1, effective from %2 (%3)?")
            .replace("%1", name)
            .replace("%2", start)
            .replace("%3", str(self.zone))
        )
        top = version_from_data(data).max_price()
        if self.resale_cap is not None and top > self.resale_cap:
            question += "\n\n" + self.tr(
                "Warning: the highest price %1 yuan/kWh is above the resale cap of %2 "
                "yuan/kWh (catalogue price + margin). The version will be recorded with "
                "this warning."
            ).replace("%1", str(top)).replace("%2", str(self.resale_cap))
        if not self.confirm_dialog(question):
            return
        db, actor, description = self.db, self.actor, self.description.text()
        self.publish_button.setEnabled(False)
        self.worker.submit(
            lambda: publish_version(db, actor, name, data, description=description),
            self._published,
            self._refused,
        )

    def _published(self, result: Published) -> None:
        self.publish_button.setEnabled(True)
        text = (
            self.tr("Published: tariff %1 from %2.")
            .replace("%1", result.tariff)
            .replace("%2", result.effective_from.astimezone(self.zone).strftime("%Y-%m-%d %H:%M"))
        )
        if result.warnings:
            self.warning.setStyleSheet("color: #e65100; font-weight: bold;")
            self.warning.setText(self.tr("Warning: %1").replace("%1", "; ".join(result.warnings)))
            self.warning.show()
        self.outcome.setText(text)
        self.outcome.show()
        self.published.emit(result)

    def _refused(self, exc: Exception) -> None:
        self.publish_button.setEnabled(True)
        self._fail(self.tr("Not published: %1").replace("%1", str(exc)))

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.failed.emit(message)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Publish tariff version"), question)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)
