"""Tariff definitions: flat, time-of-use (尖峰平谷) and tiered (阶梯), effective-dated.

A tariff is a list of versions; each version applies from its start and never rewrites
what was charged before it. A version is plain data (it round-trips through JSON for the
database and the CLI) and is validated when built, with messages naming the field.

Time-of-use: a *day schedule* is a list of slots ``("HH:MM", band)`` sorted by start time,
the first at 00:00; each day type (workday, weekend, holiday) of each season points at a
schedule. Seasons start on a month-day and run to the next season's start (wrapping).
Tiered: monthly or yearly blocks of kWh; each block adds its price on top of the flat or
TOU price (the first block usually adds 0). Base allowance (基础电量, ``allowance_kwh``):
free kWh per account and tier period, consumed before any price; it counts towards the
tiers (it is energy used) and does not carry over to the next period.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import tr


class Band(enum.StrEnum):
    SHARP = "sharp"  # 尖
    PEAK = "peak"  # 峰
    FLAT = "flat"  # 平
    VALLEY = "valley"  # 谷


class DayType(enum.StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


class TierPeriod(enum.StrEnum):
    MONTH = "month"
    YEAR = "year"


class TariffError(ValueError):
    """A tariff definition that cannot be used; the message names the field and why."""


PRICE_PLACES = Decimal("0.0001")
KWH_PLACES = Decimal("0.01")


def _price(value: Any, where: str) -> Decimal:
    if isinstance(value, float):
        raise TariffError(
            tr("{where}: prices must be given as text or Decimal, not float", where=where)
        )
    try:
        price = Decimal(str(value))
    except InvalidOperation as exc:
        raise TariffError(
            tr("{where}: {value!r} is not a price", where=where, value=value)
        ) from exc
    if not price.is_finite() or price < 0:
        raise TariffError(
            tr("{where}: a price must be zero or more, got {value}", where=where, value=value)
        )
    if price.quantize(PRICE_PLACES) != price:
        raise TariffError(
            tr("{where}: a price has at most 4 decimals, got {value}", where=where, value=value)
        )
    return price.quantize(PRICE_PLACES)


def _minutes(text: str, where: str) -> int:
    try:
        hh, mm = text.split(":")
        value = int(hh) * 60 + int(mm)
    except ValueError as exc:
        raise TariffError(
            tr("{where}: {value!r} is not a time HH:MM", where=where, value=text)
        ) from exc
    if not 0 <= value < 24 * 60 or int(mm) >= 60:
        raise TariffError(tr("{where}: {value!r} is not a time HH:MM", where=where, value=text))
    return value


@dataclass(frozen=True)
class DaySchedule:
    """Band by minute of day: ``starts`` ascending from 0, ``bands`` alongside."""

    starts: tuple[int, ...]
    bands: tuple[Band, ...]

    @classmethod
    def parse(cls, slots: list[list[str]] | list[tuple[str, str]], where: str) -> DaySchedule:
        parsed = sorted((_minutes(start, where), _band(band, where)) for start, band in slots)
        if not parsed or parsed[0][0] != 0:
            raise TariffError(tr("{where}: the first slot must start at 00:00", where=where))
        starts = [s for s, _ in parsed]
        if len(set(starts)) != len(starts):
            raise TariffError(tr("{where}: two slots start at the same time", where=where))
        return cls(tuple(starts), tuple(b for _, b in parsed))

    def band_at(self, minute: int) -> Band:
        band = self.bands[0]
        for start, candidate in zip(self.starts, self.bands, strict=True):
            if start > minute:
                break
            band = candidate
        return band

    def boundaries(self) -> tuple[int, ...]:
        return self.starts[1:]

    def as_data(self) -> list[list[str]]:
        return [
            [f"{s // 60:02d}:{s % 60:02d}", b.value]
            for s, b in zip(self.starts, self.bands, strict=True)
        ]


def _band(value: str, where: str) -> Band:
    try:
        return Band(value)
    except ValueError as exc:
        raise TariffError(
            tr(
                "{where}: unknown band {value!r} (sharp, peak, flat, valley)",
                where=where,
                value=value,
            )
        ) from exc


@dataclass(frozen=True)
class Season:
    start: tuple[int, int]  # (month, day)
    days: dict[DayType, DaySchedule]


@dataclass(frozen=True)
class Tier:
    upto_kwh: Decimal | None  # None = no upper bound
    add_price: Decimal


@dataclass(frozen=True)
class TariffVersion:
    """One effective-dated version of a tariff."""

    effective_from: datetime
    prices: dict[Band, Decimal]  # flat tariffs use Band.FLAT only
    seasons: tuple[Season, ...] = ()
    holidays: frozenset[date] = frozenset()
    weekend_is_workday: bool = False
    tiers: tuple[Tier, ...] = ()
    tier_period: TierPeriod = TierPeriod.MONTH
    timezone: str = "Asia/Shanghai"
    # 基础电量: free kWh per account and tier period, consumed before any price applies
    allowance_kwh: Decimal = Decimal(0)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_tou(self) -> bool:
        return bool(self.seasons)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def season_at(self, day: date) -> Season:
        key = (day.month, day.day)
        chosen = self.seasons[-1]  # wraps from the last season of the year
        for season in self.seasons:
            if season.start <= key:
                chosen = season
        return chosen

    def day_type(self, day: date) -> DayType:
        if day in self.holidays:
            return DayType.HOLIDAY
        if day.weekday() >= 5 and not self.weekend_is_workday:
            return DayType.WEEKEND
        return DayType.WORKDAY

    def schedule(self, day: date) -> DaySchedule | None:
        if not self.is_tou:
            return None
        days = self.season_at(day).days
        kind = self.day_type(day)
        return (
            days.get(kind)
            or days.get(DayType.WEEKEND if kind is DayType.HOLIDAY else DayType.WORKDAY)
            or days[DayType.WORKDAY]
        )

    def band_at(self, local: datetime) -> Band:
        schedule = self.schedule(local.date())
        return schedule.band_at(local.hour * 60 + local.minute) if schedule else Band.FLAT

    def price(self, band: Band) -> Decimal:
        return self.prices[band] if self.is_tou else self.prices[Band.FLAT]

    def max_price(self) -> Decimal:
        top = max(self.prices.values())
        return top + (max(t.add_price for t in self.tiers) if self.tiers else Decimal(0))


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


@dataclass(frozen=True)
class Tariff:
    """A named tariff: its versions sorted by start."""

    name: str
    versions: tuple[TariffVersion, ...]

    def __post_init__(self) -> None:
        if not self.versions:
            raise TariffError(tr("tariff {name!r} has no version", name=self.name))
        starts = [v.effective_from for v in self.versions]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise TariffError(
                tr("tariff {name!r}: versions must have distinct, ascending starts", name=self.name)
            )

    def version_at(self, moment: datetime) -> TariffVersion | None:
        chosen = None
        for version in self.versions:
            if version.effective_from <= moment:
                chosen = version
        return chosen


def _month_day(text: str, where: str) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in text.split("-"))
        date(2024, month, day)  # a leap year accepts 02-29
    except ValueError as exc:
        raise TariffError(
            tr("{where}: {value!r} is not a month-day MM-DD", where=where, value=text)
        ) from exc
    return month, day


def version_from_data(data: dict[str, Any]) -> TariffVersion:
    """Build and validate a version from its JSON form (see module docstring)."""
    try:
        start = datetime.fromisoformat(str(data["effective_from"]))
    except (KeyError, ValueError) as exc:
        raise TariffError(
            tr("effective_from: an ISO date-time with time zone is required")
        ) from exc
    zone_name = str(data.get("timezone", "Asia/Shanghai"))
    try:
        zone = ZoneInfo(zone_name)
    except (KeyError, ValueError) as exc:
        raise TariffError(tr("timezone: unknown time zone {value!r}", value=zone_name)) from exc
    if start.tzinfo is None:
        start = start.replace(tzinfo=zone)
    raw_prices = data.get("prices") or {}
    prices = {_band(k, "prices"): _price(v, f"prices.{k}") for k, v in raw_prices.items()}
    seasons = tuple(_season(s, i) for i, s in enumerate(data.get("seasons") or []))
    if seasons:
        missing = [b.value for b in _bands_used(seasons) if b not in prices]
        if missing:
            raise TariffError(tr("prices: no price for band(s) {bands}", bands=", ".join(missing)))
        seasons = tuple(sorted(seasons, key=lambda s: s.start))
    elif Band.FLAT not in prices:
        raise TariffError(tr("prices: a flat tariff needs prices.flat"))
    tiers = tuple(_tier(t, i) for i, t in enumerate(data.get("tiers") or []))
    closed = [t.upto_kwh for t in tiers[:-1] if t.upto_kwh is not None]
    if tiers and (
        tiers[-1].upto_kwh is not None
        or len(closed) != len(tiers) - 1
        or closed != sorted(set(closed))
    ):
        raise TariffError(tr("tiers: upper bounds must rise and only the last tier is open-ended"))
    allowance = _allowance(data.get("allowance_kwh"))
    try:
        holidays = frozenset(date.fromisoformat(d) for d in data.get("holidays") or [])
        period = TierPeriod(data.get("tier_period", "month"))
    except ValueError as exc:
        raise TariffError(tr("holidays or tier_period: {reason}", reason=exc)) from exc
    return TariffVersion(
        effective_from=start,
        prices=prices,
        seasons=seasons,
        holidays=holidays,
        weekend_is_workday=bool(data.get("weekend_is_workday", False)),
        tiers=tiers,
        tier_period=period,
        timezone=zone_name,
        allowance_kwh=allowance,
    )


def _allowance(value: Any) -> Decimal:
    """基础电量 in kWh per tier period: 0 to 100,000 with at most 2 decimals."""
    if value in (None, ""):
        return Decimal(0)
    bad = isinstance(value, (float, bool))
    try:
        kwh = Decimal(str(value))
    except InvalidOperation:
        bad = True
    if bad or not kwh.is_finite() or not 0 <= kwh <= 100_000 or kwh != kwh.quantize(KWH_PLACES):
        raise TariffError(
            tr(
                "allowance_kwh: free energy must be 0 to 100000 kWh with at most 2 decimals, "
                "got {value!r}",
                value=value,
            )
        )
    return kwh.quantize(KWH_PLACES)


def _season(data: dict[str, Any], index: int) -> Season:
    where = f"seasons[{index}]"
    start = _month_day(str(data.get("start", "01-01")), f"{where}.start")
    days = {
        kind: DaySchedule.parse(data[kind.value], f"{where}.{kind.value}")
        for kind in DayType
        if kind.value in data
    }
    if DayType.WORKDAY not in days:
        raise TariffError(tr("{where}: a workday schedule is required", where=where))
    return Season(start, days)


def _tier(data: dict[str, Any], index: int) -> Tier:
    where = f"tiers[{index}]"
    upto = data.get("upto")
    bound = None
    if upto is not None:
        bound = _price(upto, f"{where}.upto")
        if bound <= 0:
            raise TariffError(tr("{where}: the upper bound must be above zero", where=where))
    return Tier(bound, _price(data.get("add", "0"), f"{where}.add"))


def _bands_used(seasons: tuple[Season, ...]) -> set[Band]:
    return {b for s in seasons for sched in s.days.values() for b in sched.bands}


def version_to_data(version: TariffVersion) -> dict[str, Any]:
    """The JSON form of a version (inverse of ``version_from_data``)."""
    data: dict[str, Any] = {
        "effective_from": version.effective_from.isoformat(),
        "timezone": version.timezone,
        "prices": {b.value: str(p) for b, p in version.prices.items()},
    }
    if version.seasons:
        data["seasons"] = [
            {
                "start": f"{s.start[0]:02d}-{s.start[1]:02d}",
                **{k.value: d.as_data() for k, d in s.days.items()},
            }
            for s in version.seasons
        ]
    if version.holidays:
        data["holidays"] = sorted(d.isoformat() for d in version.holidays)
    if version.weekend_is_workday:
        data["weekend_is_workday"] = True
    if version.tiers:
        data["tiers"] = [
            {"upto": None if t.upto_kwh is None else str(t.upto_kwh), "add": str(t.add_price)}
            for t in version.tiers
        ]
        data["tier_period"] = version.tier_period.value
    if version.allowance_kwh:
        data["allowance_kwh"] = str(version.allowance_kwh)
        data.setdefault("tier_period", version.tier_period.value)
    return data
