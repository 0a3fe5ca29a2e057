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
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
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
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.tariff import TariffError, version_from_data
from app.db import Database
from app.ledger.tariff_overview import TariffInfo
from app.ledger.tariffs import Published, publish_version
from app.security import Actor
from widgets.day_schedule import DaySchedule

from .bridge import Worker

log = logging.getLogger(__name__)

BANDS = ("sharp", "peak", "flat", "valley")
COLOURS = {"sharp": "#e57373", "peak": "#ffb74d", "flat": "#fff59d", "valley": "#a5d6a7"}
PLACES = Decimal("0.0001")


class InputError(ValueError):
    """A field the user must correct; the message names it."""


def band_label(band: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        "sharp": QCoreApplication.translate("Tariffs", "Sharp (尖)"),
        "peak": QCoreApplication.translate("Tariffs", "Peak (峰)"),
        "flat": QCoreApplication.translate("Tariffs", "Flat (平)"),
        "valley": QCoreApplication.translate("Tariffs", "Valley (谷)"),
    }.get(band, band)


def band_name(band: str) -> str:
    """The one-word band name: 尖 / 峰 / 平 / 谷 in Chinese."""
    from PySide6.QtCore import QCoreApplication

    return {
        "sharp": QCoreApplication.translate("Tariffs", "Sharp"),
        "peak": QCoreApplication.translate("Tariffs", "Peak"),
        "flat": QCoreApplication.translate("Tariffs", "Flat"),
        "valley": QCoreApplication.translate("Tariffs", "Valley"),
    }.get(band, band)


def tomorrow_midnight(zone: ZoneInfo, now: datetime | None = None) -> datetime:
    local = (now or datetime.now(zone)).astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)


class VersionDialog(QDialog):
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

        self.result = QLabel(self)
        self.result.setObjectName("TariffResult")
        self.result.setStyleSheet("color: #2e7d32; font-weight: bold;")
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
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        self.warning.setVisible(self.resale_cap is not None)
        self.result.hide()
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

    # -- prefill from the latest version -------------------------------------------------
    def _prefill(self, data: dict[str, Any]) -> None:
        prices = data.get("prices") or {}
        seasons = data.get("seasons") or []
        notes = []
        if seasons:
            self.kind.setCurrentIndex(1)
            for band, edit in self.band_prices.items():
                edit.setText(str(prices.get(band, "")))
            exact = True
            self.seasons = []
            for season in seasons:
                exact = self.workday.set_slots(_slots(season.get("workday") or [])) and exact
                weekend = None
                if season.get("weekend"):
                    exact = self.weekend.set_slots(_slots(season["weekend"])) and exact
                    weekend = list(self.weekend.cells)
                self.seasons.append(
                    {
                        "start": season.get("start", "01-01"),
                        "workday": list(self.workday.cells),
                        "weekend": weekend,
                    }
                )
            self._season_index = -1
            self._fill_season_choice()
            if not exact:
                notes.append(self.tr("Slots off the half hour were rounded down."))
            if len(seasons) > 1:
                notes.append(
                    self.tr(
                        "This tariff has %1 seasons: choose one above to see or change its "
                        "schedule; the prices are the same all year."
                    ).replace("%1", str(len(seasons)))
                )
            for key in ("holidays", "weekend_is_workday"):
                if data.get(key):
                    self.keep[key] = data[key]
            if data.get("holidays"):
                notes.append(
                    self.tr("The holidays of the latest version are kept: %1.").replace(
                        "%1", ", ".join(data["holidays"])
                    )
                )
        else:
            self.flat_price.setText(str(prices.get("flat", "")))
        for tier in data.get("tiers") or []:
            self.add_tier("" if tier.get("upto") is None else str(tier["upto"]), str(tier["add"]))
        if data.get("tiers"):
            self.tiers_box.setChecked(True)
            self.tier_period.setCurrentIndex(1 if data.get("tier_period") == "year" else 0)
        self.note.setText(" ".join(notes))

    # -- seasons -----------------------------------------------------------------------
    def _fill_season_choice(self) -> None:
        self.season.blockSignals(True)
        self.season.clear()
        for i, season in enumerate(self.seasons):
            self.season.addItem(
                self.tr("from %1 (%2 of %3)")
                .replace("%1", season["start"])
                .replace("%2", str(i + 1))
                .replace("%3", str(len(self.seasons))),
                i,
            )
        self.season.blockSignals(False)
        several = len(self.seasons) > 1
        self.season.setVisible(several)
        self.season_label.setVisible(several)
        self._season_index = -1
        start = self.start_value()
        shown = 0  # the season in force when the version starts (wrapping from the last)
        for i, season in enumerate(self.seasons):
            month, day = (int(x) for x in season["start"].split("-"))
            if (month, day) <= (start.month, start.day):
                shown = i
            elif i == 0:
                shown = len(self.seasons) - 1
        self.season.setCurrentIndex(shown)
        self._season_changed(shown)

    def _store_season(self) -> None:
        if 0 <= self._season_index < len(self.seasons):
            entry = self.seasons[self._season_index]
            entry["workday"] = list(self.workday.cells)
            entry["weekend"] = list(self.weekend.cells) if self.own_weekend.isChecked() else None

    def _season_changed(self, index: int) -> None:
        """Keep the painted cells of the season left, show those of the one chosen."""
        self._store_season()
        if not 0 <= index < len(self.seasons):
            return
        entry = self.seasons[index]
        self._season_index = index
        self.workday.cells = list(entry["workday"] or [None] * len(self.workday.cells))
        self.workday._update()
        self.own_weekend.setChecked(entry["weekend"] is not None)
        self.weekend.cells = list(entry["weekend"] or [None] * len(self.weekend.cells))
        self.weekend._update()

    # -- validation --------------------------------------------------------------------
    def _price(self, text: str, field: str) -> str:
        raw = text.strip()
        if not raw:
            raise InputError(self.tr("%1: enter a price in yuan/kWh.").replace("%1", field))
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise InputError(
                self.tr("%1: %2 is not a price.").replace("%1", field).replace("%2", raw)
            ) from exc
        if not value.is_finite() or value < 0:
            raise InputError(
                self.tr("%1: a price must be zero or more, not %2.")
                .replace("%1", field)
                .replace("%2", raw)
            )
        if value.quantize(PLACES) != value:
            raise InputError(
                self.tr("%1: a price has at most 4 decimals (%2).")
                .replace("%1", field)
                .replace("%2", raw)
            )
        return str(value.quantize(PLACES))

    def _schedule(self, schedule: DaySchedule, field: str) -> list[list[str]]:
        gaps = schedule.gaps()
        if gaps:
            hours = ", ".join(f"{_hhmm(s)}–{_hhmm(e)}" for s, e in gaps)
            raise InputError(
                self.tr("%1: the day is not fully covered; %2 has no band.")
                .replace("%1", field)
                .replace("%2", hours)
            )
        return [[_hhmm(start), str(band)] for start, band in schedule.slots()]

    def definition(self, now: datetime | None = None) -> dict[str, Any]:
        """The version as the service takes it; ``InputError`` names the first bad field."""
        if not self.name.text().strip():
            raise InputError(self.tr("Tariff name: enter a name."))
        start = self.start_value()
        moment = now or datetime.now(self.zone)
        if start < moment - timedelta(minutes=5):
            raise InputError(
                self.tr(
                    "Effective from: %1 is in the past. A tariff version can only start now "
                    "or later; charges already made are never recomputed."
                ).replace("%1", start.strftime("%Y-%m-%d %H:%M"))
            )
        data: dict[str, Any] = {"effective_from": start.isoformat(), "timezone": str(self.zone)}
        if self.kind.currentData() == "tou":
            self._store_season()
            data["seasons"] = [self._season_data(i) for i in range(len(self.seasons))]
            used = {
                band
                for season in data["seasons"]
                for key in ("workday", "weekend")
                for _, band in season.get(key, [])
            }
            data["prices"] = {
                b: self._price(e.text(), self.tr("%1 price").replace("%1", band_label(b)))
                for b, e in self.band_prices.items()
                if b in used or e.text().strip()
            }
            data["prices"] = {b: p for b, p in data["prices"].items() if b in used}
            data.update(self.keep)
        else:
            data["prices"] = {"flat": self._price(self.flat_price.text(), self.tr("Price"))}
        if self.tiers_box.isChecked():
            data["tiers"] = self._tiers()
            data["tier_period"] = self.tier_period.currentData()
        try:
            version_from_data(data)
        except TariffError as exc:  # what the form cannot see (should not happen)
            raise InputError(str(exc)) from exc
        return data

    def _season_data(self, index: int) -> dict[str, Any]:
        entry = self.seasons[index]
        where = (
            self.tr(" (season from %1)").replace("%1", entry["start"])
            if len(self.seasons) > 1
            else ""
        )
        out: dict[str, Any] = {"start": entry["start"]}
        for key, field in (
            ("workday", self.tr("Workday schedule")),
            ("weekend", self.tr("Weekend schedule")),
        ):
            cells = entry[key]
            if key == "weekend" and cells is None:
                continue
            schedule = self.workday if key == "workday" else self.weekend
            if index != self._season_index:  # check the stored cells, not what is shown
                schedule = _Cells(cells or [None] * len(self.workday.cells))
            out[key] = self._schedule(schedule, field + where)  # type: ignore[arg-type]
        return out

    def _tiers(self) -> list[dict[str, Any]]:
        rows = self.tiers.rowCount()
        if rows == 0:
            raise InputError(self.tr("Tiered blocks: add at least one block or untick them."))
        tiers: list[dict[str, Any]] = []
        previous = Decimal(0)
        for row in range(rows):
            field = self.tr("Block %1").replace("%1", str(row + 1))
            upto_text = (self.tiers.item(row, 0).text() if self.tiers.item(row, 0) else "").strip()
            add_text = (self.tiers.item(row, 1).text() if self.tiers.item(row, 1) else "").strip()
            add = self._price(add_text or "0", self.tr("%1 price").replace("%1", field))
            last = row == rows - 1
            if not upto_text:
                if not last:
                    raise InputError(
                        self.tr("%1: only the last block may have no upper limit.").replace(
                            "%1", field
                        )
                    )
                tiers.append({"upto": None, "add": add})
                continue
            if last:
                raise InputError(
                    self.tr(
                        "%1: the last block must have no upper limit (leave it empty)."
                    ).replace("%1", field)
                )
            try:
                upto = Decimal(upto_text)
            except InvalidOperation as exc:
                raise InputError(
                    self.tr("%1: %2 is not a number of kWh.")
                    .replace("%1", field)
                    .replace("%2", upto_text)
                ) from exc
            if not upto.is_finite() or upto <= previous:
                raise InputError(
                    self.tr("%1: the upper limit must be above %2 kWh.")
                    .replace("%1", field)
                    .replace("%2", str(previous))
                )
            previous = upto
            tiers.append({"upto": str(upto), "add": add})
        return tiers

    # -- publishing --------------------------------------------------------------------
    def publish(self) -> None:
        self.error.clear()
        self.result.clear()
        self.error.hide()
        self.result.hide()
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
        self.result.setText(text)
        self.result.show()
        self.published.emit(result)

    def _refused(self, exc: Exception) -> None:
        self.publish_button.setEnabled(True)
        self._fail(self.tr("Not published: %1").replace("%1", str(exc)))

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.failed.emit(message)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Publish tariff version"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _slots(data: list[list[str]]) -> list[tuple[int, str]]:
    out = []
    for start, band in data:
        hh, mm = str(start).split(":")
        out.append((int(hh) * 60 + int(mm), str(band)))
    return sorted(out)


class _Cells:
    """The stored cells of a season that is not on screen, read like a ``DaySchedule``."""

    def __init__(self, cells: list[str | None]) -> None:
        self.cells = cells

    slots = DaySchedule.slots
    gaps = DaySchedule.gaps
