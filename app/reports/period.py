"""The period of a report: days in park time, and the buckets (day, month, year) in it.

Finance asks in calendar terms ("last month", "2026 against 2025"), so a period is a pair of
park-local dates, both included. The database keeps UTC; ``utc_bounds()`` turns the period
into the half-open UTC range ``[start midnight, day-after-end midnight)`` that every query
uses, so a recharge at 23:59 on the 31st (park time) lands in that month even though it is
the 31st at 15:59 UTC, and one at 00:01 on the 1st does not.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..i18n import tr

PARK_ZONE = "Asia/Shanghai"  # the default site time (collector config has the same default)
MAX_DAYS = 366 * 20  # a period longer than 20 years is a typing mistake


class ReportError(ValueError):
    """A report that cannot be made as asked; ``str()`` is for the user (translated)."""


class ReportCancelled(Exception):
    """Raised by a progress callback to stop a report; nothing is written."""


class Grain(enum.StrEnum):
    """How rows are grouped in time (``--by``)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_of_month(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def _shift_year(day: date, years: int) -> date:
    """The same calendar day ``years`` away; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Bucket:
    """One row of time in a report: ``key`` is its first day; ``start``..``end`` inclusive
    and clipped to the period (a month bucket of a period that starts on the 10th starts on
    the 10th)."""

    key: date
    start: date
    end: date
    grain: Grain

    @property
    def label(self) -> str:
        if self.grain is Grain.YEAR:
            return f"{self.key:%Y}"
        if self.grain is Grain.MONTH:
            return f"{self.key:%Y-%m}"
        return f"{self.key:%Y-%m-%d}"


@dataclass(frozen=True)
class Period:
    """Park-local dates ``start``..``end``, both included, in ``zone``."""

    start: date
    end: date
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(PARK_ZONE))

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReportError(
                tr(
                    "The period ends on {end}, before it starts on {start}.",
                    start=self.start.isoformat(),
                    end=self.end.isoformat(),
                )
            )
        if (self.end - self.start).days > MAX_DAYS:
            raise ReportError(
                tr(
                    "A period of {days} days is too long (at most {most}).",
                    days=(self.end - self.start).days + 1,
                    most=MAX_DAYS,
                )
            )

    # ---------------------------------------------------------------- constructors

    @classmethod
    def month(cls, year: int, month: int, zone: ZoneInfo | None = None) -> Period:
        first = date(year, month, 1)
        return cls(first, last_of_month(first), zone or ZoneInfo(PARK_ZONE))

    @classmethod
    def year(cls, year: int, zone: ZoneInfo | None = None) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), zone or ZoneInfo(PARK_ZONE))

    @classmethod
    def day(cls, day: date, zone: ZoneInfo | None = None) -> Period:
        return cls(day, day, zone or ZoneInfo(PARK_ZONE))

    @classmethod
    def this_month(cls, today: date, zone: ZoneInfo | None = None) -> Period:
        """From the 1st to today (the rest of the month has not happened)."""
        return cls(first_of_month(today), today, zone or ZoneInfo(PARK_ZONE))

    @classmethod
    def last_month(cls, today: date, zone: ZoneInfo | None = None) -> Period:
        first = add_months(today, -1)
        return cls.month(first.year, first.month, zone)

    @classmethod
    def this_year(cls, today: date, zone: ZoneInfo | None = None) -> Period:
        return cls(date(today.year, 1, 1), today, zone or ZoneInfo(PARK_ZONE))

    @classmethod
    def parse(cls, start: str, end: str, zone: ZoneInfo | None = None) -> Period:
        """From ``YYYY-MM-DD`` (or ``YYYY-MM``: the whole month; ``YYYY``: the whole year)
        texts, as typed on the command line."""
        first, _ = _parse_day(start)
        _, last = _parse_day(end)
        return cls(first, last, zone or ZoneInfo(PARK_ZONE))

    # ---------------------------------------------------------------- questions

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """``[start, stop)`` in UTC: local midnight of ``start`` to the midnight after ``end``."""
        return self.midnight(self.start), self.midnight(self.end + timedelta(days=1))

    def midnight(self, day: date) -> datetime:
        """Local midnight of ``day`` in UTC (DST-safe: zoneinfo resolves the wall time)."""
        return datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        """The park-local date of a UTC moment."""
        return moment.astimezone(self.zone).date()

    def buckets(self, grain: Grain) -> list[Bucket]:
        """The period cut into days, months or years (first and last clipped)."""
        out: list[Bucket] = []
        cursor = self.start
        while cursor <= self.end:
            key = bucket_key(cursor, grain)
            if grain is Grain.DAY:
                stop = cursor
            elif grain is Grain.MONTH:
                stop = last_of_month(cursor)
            else:
                stop = date(cursor.year, 12, 31)
            stop = min(stop, self.end)
            out.append(Bucket(key, cursor, stop, grain))
            cursor = stop + timedelta(days=1)
        return out

    def previous(self) -> Period:
        """The period just before (环比): the previous month(s) when this one is whole
        months, the previous year(s) when whole years, else as many days just before."""
        if self._whole_years():
            years = self.end.year - self.start.year + 1
            return Period(_shift_year(self.start, -years), self.start - timedelta(1), self.zone)
        if self._whole_months():
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            first = add_months(self.start, -months)
            return Period(first, self.start - timedelta(days=1), self.zone)
        return Period(
            self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.zone
        )

    def year_before(self) -> Period:
        """The same dates one year earlier (同比); a month's end stays the month's end."""
        end = _shift_year(self.end, -1)
        if self.end == last_of_month(self.end):
            end = last_of_month(end)
        return Period(_shift_year(self.start, -1), end, self.zone)

    def _whole_months(self) -> bool:
        return self.start.day == 1 and self.end == last_of_month(self.end)

    def _whole_years(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (
            12,
            31,
        )

    def describe(self) -> str:
        """``2026-11`` for a whole month, ``2026`` for a whole year, else ``from – to``."""
        if self.start == self.end:
            return self.start.isoformat()
        if self._whole_years() and self.start.year == self.end.year:
            return f"{self.start:%Y}"
        if self._whole_months() and (self.start.year, self.start.month) == (
            self.end.year,
            self.end.month,
        ):
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def bucket_key(day: date, grain: Grain) -> date:
    """The first day of the day/month/year bucket ``day`` belongs to."""
    if grain is Grain.DAY:
        return day
    if grain is Grain.MONTH:
        return day.replace(day=1)
    return date(day.year, 1, 1)


def _parse_day(text: str) -> tuple[date, date]:
    """A typed date: ``2026-11-03`` (that day), ``2026-11`` (that month), ``2026`` (year)."""
    raw = text.strip()
    try:
        if len(raw) == 4 and raw.isdigit():
            return date(int(raw), 1, 1), date(int(raw), 12, 31)
        if len(raw) == 7 and raw[4] == "-":
            first = date(int(raw[:4]), int(raw[5:]), 1)
            return first, last_of_month(first)
        day = date.fromisoformat(raw)
        return day, day
    except ValueError:
        raise ReportError(
            tr("{text!r} is not a date: write it as YYYY-MM-DD, YYYY-MM or YYYY.", text=text)
        ) from None
