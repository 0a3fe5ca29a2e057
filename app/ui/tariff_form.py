"""The checking half of the tariff version editor: prefill from the latest version, the
seasons kept while one of them is edited, and turning the form into the service's JSON with
every mistake named by the field the user sees ("Peak (峰) price", "Workday schedule").

A mixin of ``VersionDialog`` (``tariff_editor``), kept apart so each file stays readable.
Its strings are translated in the dialog's context ("VersionDialog"), spelled out literally
so that lupdate finds them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from app.billing.tariff import TariffError, version_from_data
from widgets.day_schedule import DaySchedule

from .labels import band_label

BANDS = ("sharp", "peak", "flat", "valley")
COLOURS = {"sharp": "#e57373", "peak": "#ffb74d", "flat": "#fff59d", "valley": "#a5d6a7"}
PLACES = Decimal("0.0001")


class InputError(ValueError):
    """A field the user must correct; the message names it."""


def tomorrow_midnight(zone: ZoneInfo, now: datetime | None = None) -> datetime:
    local = (now or datetime.now(zone)).astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)


class VersionForm:
    """Prefill, seasons and validation; the widgets are built by ``VersionDialog``."""

    # built by VersionDialog._build
    kind: Any
    name: Any
    flat_price: Any
    band_prices: dict[str, Any]
    season: Any
    season_label: Any
    note: Any
    workday: DaySchedule
    weekend: DaySchedule
    own_weekend: Any
    tiers_box: Any
    tiers: Any
    tier_period: Any
    allowance: Any
    zone: ZoneInfo
    seasons: list[dict[str, Any]]
    keep: dict[str, Any]
    holidays: Any
    _season_index: int

    def add_tier(self, upto: str, add: str) -> None:  # pragma: no cover - the dialog's
        raise NotImplementedError

    def start_value(self) -> datetime:  # pragma: no cover - the dialog's
        raise NotImplementedError

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
                notes.append(
                    QCoreApplication.translate(
                        "VersionDialog", "Slots off the half hour were rounded down."
                    )
                )
            if len(seasons) > 1:
                notes.append(
                    QCoreApplication.translate(
                        "VersionDialog",
                        "This tariff has %1 seasons: choose one above to see or change its "
                        "schedule; the prices are the same all year.",
                    ).replace("%1", str(len(seasons)))
                )
            if data.get("weekend_is_workday"):
                self.keep["weekend_is_workday"] = data["weekend_is_workday"]
            self.holidays.setPlainText(", ".join(data.get("holidays") or []))
        else:
            self.flat_price.setText(str(prices.get("flat", "")))
        for tier in data.get("tiers") or []:
            self.add_tier("" if tier.get("upto") is None else str(tier["upto"]), str(tier["add"]))
        if data.get("tiers"):
            self.tiers_box.setChecked(True)
            self.tier_period.setCurrentIndex(1 if data.get("tier_period") == "year" else 0)
        self.allowance.setText(str(data.get("allowance_kwh") or ""))
        self.note.setText(" ".join(notes))

    # -- seasons -----------------------------------------------------------------------
    def _fill_season_choice(self) -> None:
        self.season.blockSignals(True)
        self.season.clear()
        for i, season in enumerate(self.seasons):
            self.season.addItem(
                QCoreApplication.translate("VersionDialog", "from %1 (%2 of %3)")
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
    def _holidays(self, text: str) -> list[str]:
        """Holiday dates (commas, spaces, Chinese commas or new lines between them)."""
        out: set[str] = set()
        for part in re.split(r"[,，\s]+", text.strip()):
            if not part:
                continue
            try:
                out.add(date.fromisoformat(part).isoformat())
            except ValueError as exc:
                raise InputError(
                    QCoreApplication.translate(
                        "VersionDialog", "Holidays: %1 is not a date like 2026-10-01."
                    ).replace("%1", part)
                ) from exc
        return sorted(out)

    def _allowance(self, text: str) -> str:
        """基础电量: empty or 0 for none, else 0.01 to 100000 kWh with 2 decimals at most."""
        raw = text.strip()
        if raw in ("", "0"):
            return ""
        field = QCoreApplication.translate("VersionDialog", "Base allowance")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or not 0 <= value <= 100_000 or value != round(value, 2):
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog",
                    "%1: free energy is 0 to 100000 kWh with at most 2 decimals, not %2.",
                )
                .replace("%1", field)
                .replace("%2", raw)
            )
        return "" if value == 0 else str(value)

    def _price(self, text: str, field: str) -> str:
        raw = text.strip()
        if not raw:
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog", "%1: enter a price in yuan/kWh."
                ).replace("%1", field)
            )
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise InputError(
                QCoreApplication.translate("VersionDialog", "%1: %2 is not a price.")
                .replace("%1", field)
                .replace("%2", raw)
            ) from exc
        if not value.is_finite() or value < 0:
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog", "%1: a price must be zero or more, not %2."
                )
                .replace("%1", field)
                .replace("%2", raw)
            )
        if value.quantize(PLACES) != value:
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog", "%1: a price has at most 4 decimals (%2)."
                )
                .replace("%1", field)
                .replace("%2", raw)
            )
        return str(value.quantize(PLACES))

    def _schedule(self, schedule: DaySchedule, field: str) -> list[list[str]]:
        gaps = schedule.gaps()
        if gaps:
            hours = ", ".join(f"{_hhmm(s)}–{_hhmm(e)}" for s, e in gaps)
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog", "%1: the day is not fully covered; %2 has no band."
                )
                .replace("%1", field)
                .replace("%2", hours)
            )
        return [[_hhmm(start), str(band)] for start, band in schedule.slots()]

    def definition(self, now: datetime | None = None) -> dict[str, Any]:
        """The version as the service takes it; ``InputError`` names the first bad field."""
        if not self.name.text().strip():
            raise InputError(
                QCoreApplication.translate("VersionDialog", "Tariff name: enter a name.")
            )
        start = self.start_value()
        moment = now or datetime.now(self.zone)
        if start < moment - timedelta(minutes=5):
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog",
                    "Effective from: %1 is in the past. A tariff version can only start now "
                    "or later; charges already made are never recomputed.",
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
                b: self._price(
                    e.text(),
                    QCoreApplication.translate("VersionDialog", "%1 price").replace(
                        "%1", band_label(b)
                    ),
                )
                for b, e in self.band_prices.items()
                if b in used or e.text().strip()
            }
            data["prices"] = {b: p for b, p in data["prices"].items() if b in used}
            data.update(self.keep)
            holidays = self._holidays(self.holidays.toPlainText())
            if holidays:
                data["holidays"] = holidays
        else:
            data["prices"] = {
                "flat": self._price(
                    self.flat_price.text(), QCoreApplication.translate("VersionDialog", "Price")
                )
            }
        if self.tiers_box.isChecked():
            data["tiers"] = self._tiers()
            data["tier_period"] = self.tier_period.currentData()
        allowance = self._allowance(self.allowance.text())
        if allowance:
            data["allowance_kwh"] = allowance
        try:
            version_from_data(data)
        except TariffError as exc:  # what the form cannot see (should not happen)
            raise InputError(str(exc)) from exc
        return data

    def _season_data(self, index: int) -> dict[str, Any]:
        entry = self.seasons[index]
        where = (
            QCoreApplication.translate("VersionDialog", " (season from %1)").replace(
                "%1", entry["start"]
            )
            if len(self.seasons) > 1
            else ""
        )
        out: dict[str, Any] = {"start": entry["start"]}
        for key, field in (
            ("workday", QCoreApplication.translate("VersionDialog", "Workday schedule")),
            ("weekend", QCoreApplication.translate("VersionDialog", "Weekend schedule")),
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
            raise InputError(
                QCoreApplication.translate(
                    "VersionDialog", "Tiered blocks: add at least one block or untick them."
                )
            )
        tiers: list[dict[str, Any]] = []
        previous = Decimal(0)
        for row in range(rows):
            field = QCoreApplication.translate("VersionDialog", "Block %1").replace(
                "%1", str(row + 1)
            )
            upto_text = (self.tiers.item(row, 0).text() if self.tiers.item(row, 0) else "").strip()
            add_text = (self.tiers.item(row, 1).text() if self.tiers.item(row, 1) else "").strip()
            add = self._price(
                add_text or "0",
                QCoreApplication.translate("VersionDialog", "%1 price").replace("%1", field),
            )
            last = row == rows - 1
            if not upto_text:
                if not last:
                    raise InputError(
                        QCoreApplication.translate(
                            "VersionDialog", "%1: only the last block may have no upper limit."
                        ).replace("%1", field)
                    )
                tiers.append({"upto": None, "add": add})
                continue
            if last:
                raise InputError(
                    QCoreApplication.translate(
                        "VersionDialog",
                        "%1: the last block must have no upper limit (leave it empty).",
                    ).replace("%1", field)
                )
            try:
                upto = Decimal(upto_text)
            except InvalidOperation as exc:
                raise InputError(
                    QCoreApplication.translate("VersionDialog", "%1: %2 is not a number of kWh.")
                    .replace("%1", field)
                    .replace("%2", upto_text)
                ) from exc
            if not upto.is_finite() or upto <= previous:
                raise InputError(
                    QCoreApplication.translate(
                        "VersionDialog", "%1: the upper limit must be above %2 kWh."
                    )
                    .replace("%1", field)
                    .replace("%2", str(previous))
                )
            previous = upto
            tiers.append({"upto": str(upto), "add": add})
        return tiers


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
