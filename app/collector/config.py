"""Collector settings: polling rhythm, reading periods, alarm and relay rules.

Two kinds of settings live here. ``CollectorConfig`` is how this process runs (poll
periods, batch sizes, the clock): given by the caller (GUI, CLI, tests, benchmark).
``Rules`` are the site's policy (alarm levels, cut-off and restore lines, guaranteed
supply, no-cut windows) and come from the shared ``setting`` table, so every workstation
applies the same policy and an administrator changes it without restarting anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from drivers.profiles import PollSpec

from ..models import Setting

Clock = Callable[[], datetime]

# quantities read every poll; the rest (energy, money, clock) on the slower energy period
LIVE_QUANTITIES = ("voltage", "current", "power", "power_factor", "frequency", "status")


def utc_clock() -> datetime:
    return datetime.now(UTC)


def platform_detector(db: Any) -> Any:
    """The real load detector of ``db`` (imported here, late: app.loadcontrol imports this
    module)."""
    from ..loadcontrol.wiring import PlatformDetector

    return PlatformDetector(db)


@dataclass(frozen=True)
class PollPlan:
    """What one poll of a meter of a profile reads (per profile; ``default`` otherwise)."""

    live: tuple[str, ...] = LIVE_QUANTITIES
    energy_period: float = 60.0  # seconds between full snapshots (energy, balance, clock)


@dataclass
class CollectorConfig:
    """How this collector runs. Every period is in seconds of the collector's clock unless
    said otherwise; ``clock`` returns an aware datetime (tests pass a simulated clock)."""

    interval_minutes: int = 15  # interval readings (and platform billing) period
    timezone: str = "Asia/Shanghai"  # site time: midnight freeze, meter clocks, night rule
    miss_limit: int = 3
    offline_retry: float = 30.0  # real seconds between probes of an offline meter
    silent_probe: float = 2.0  # real seconds between probes of a bus whose every meter is off
    restart_initial: float = 1.0  # real seconds before a crashed bus worker is restarted,
    restart_max: float = 60.0  #   doubling with each crash in a row up to this
    min_poll_interval: float = 1.0  # real seconds: a meter is not polled faster than this
    plans: dict[str, PollPlan] = field(default_factory=dict)  # overrides the profiles' [poll]
    default_plan: PollPlan = field(default_factory=PollPlan)
    batch_seconds: float = 0.3  # the writer commits at most this often (real seconds)
    batch_budget: float = 0.010  # seconds of work in one writer transaction; more messages
    #   go on in the next one, so a recharge waits for at most about this much of the batch
    checkpoint_period: float = 1.0  # real seconds between the writer's WAL checkpoints
    writer_backlog: int = 5000  # poll results waiting for the writer before workers wait
    # polls per second for the whole process, spread over every meter: a 10,000-meter park
    # on a two-core desk polls each meter about every 26 s instead of saturating the CPU
    # (and starving the writer, which is what the screens and other desks see); a park
    # under 400 meters keeps min_poll_interval
    poll_budget: float = 400.0
    command_poll: float = 0.25  # real seconds between dispatcher rounds (expiry, rules)
    command_watch: float = 0.01  # real seconds between cheap looks for other desks'
    #   commands (SQLite data_version; PostgreSQL LISTEN needs no poll: see wakeup.py)
    automation_period: float = 2.0  # real seconds between relay-rule sweeps
    timetable_period: float = 60.0  # real seconds between supply-timetable due checks
    heartbeat_period: float = 5.0
    clock: Clock = utc_clock
    simulate: bool = True  # serve sim:// links with in-process simulated buses
    sim_rate: float = 1.0  # simulated seconds per real second for sim:// buses
    sim_wire_time: bool = True  # sim:// buses take real wire time (keeps CPU honest)
    sim_transport: str = "inproc"  # sim:// buses in process; "pty" for wire-time benchmarks
    # issue 19: a factory of the load detector (app.loadcontrol.signals.Detector), called
    # with the database; the default is the platform detector with the thresholds and
    # whitelists of the database (app.loadcontrol.wiring); None: the meters' own load flags
    # only (app.loadcontrol.feed)
    load_detector: Callable[[Any], Any] | None = field(default_factory=lambda: platform_detector)
    load_restore_check: float = 1.0  # real seconds between looks for due load restores
    load_refresh: float = 5.0  # real seconds between looks for changed load settings/whitelists

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def plan_for(self, profile: str, spec: PollSpec | None = None) -> PollPlan:
        """This run's plan for a profile: ``plans`` (given by the caller, e.g. a benchmark)
        wins, then the profile's own ``[poll]`` table, then ``default_plan``."""
        if profile in self.plans:
            return self.plans[profile]
        if spec is None or (spec.live is None and spec.energy_period is None):
            return self.default_plan
        return PollPlan(
            live=self.default_plan.live if spec.live is None else spec.live,
            energy_period=(
                self.default_plan.energy_period
                if spec.energy_period is None
                else spec.energy_period
            ),
        )

    def slot(self, moment: datetime) -> datetime:
        """Start of the interval holding ``moment`` (aligned in site time), aware UTC."""
        local = moment.astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        start = minute - minute % self.interval_minutes
        aligned = local.replace(hour=start // 60, minute=start % 60, second=0, microsecond=0)
        return aligned.astimezone(UTC)

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)


@dataclass(frozen=True)
class Rules:
    """Site policy from the ``setting`` table (keys ``collector.*``), with defaults.

    Money in fen. The cut-off line is ``cutoff_fen`` minus the account's overdraft limit;
    the relay is restored when the balance is above ``restore_fen`` minus that limit.
    """

    alarm_1_fen: int = 2000  # level 1: warn (20 yuan)
    alarm_2_fen: int = 500  # level 2: pre-trip (5 yuan)
    cutoff_fen: int = 0  # level 3: cut
    restore_fen: int = 0
    auto_cut: bool = True
    auto_restore: bool = True
    guarantee_buildings: frozenset[int] = frozenset()
    no_cut_from: time | None = None  # e.g. 22:00 ... 08:00 site time: no automatic cut
    no_cut_until: time | None = None
    no_cut_weekends: bool = False
    no_cut_dates: frozenset[date] = frozenset()
    clock_drift_s: int = 300
    max_kwh_per_hour: int = 500  # a delta above this per hour is an anomaly, not consumption

    def level(self, balance_fen: int, overdraft_fen: int = 0) -> int:
        if balance_fen <= self.cutoff_fen - overdraft_fen:
            return 3
        if balance_fen <= self.alarm_2_fen:
            return 2
        if balance_fen <= self.alarm_1_fen:
            return 1
        return 0

    def no_cut_now(self, local: datetime) -> str | None:
        """The name of the rule that forbids an automatic cut at ``local``, if any."""
        if local.date() in self.no_cut_dates:
            return "no_cut.holiday"
        if self.no_cut_weekends and local.weekday() >= 5:
            return "no_cut.weekend"
        if self.no_cut_from is not None and self.no_cut_until is not None:
            t, a, b = local.time(), self.no_cut_from, self.no_cut_until
            inside = (a <= t < b) if a <= b else (t >= a or t < b)
            if inside:
                return "no_cut.night"
        return None


def _time(value: Any) -> time | None:
    if not value:
        return None
    hh, mm = str(value).split(":")
    return time(int(hh), int(mm))


def load_rules(session: Session) -> Rules:
    """The site's rules now; unknown or malformed values fall back to the defaults."""
    raw = {
        row.key.removeprefix("collector."): row.value
        for row in session.scalars(select(Setting).where(Setting.key.like("collector.%")))
    }
    base = Rules()
    try:
        return Rules(
            alarm_1_fen=int(raw.get("alarm_1_fen", base.alarm_1_fen)),
            alarm_2_fen=int(raw.get("alarm_2_fen", base.alarm_2_fen)),
            cutoff_fen=int(raw.get("cutoff_fen", base.cutoff_fen)),
            restore_fen=int(raw.get("restore_fen", raw.get("cutoff_fen", base.restore_fen))),
            auto_cut=bool(raw.get("auto_cut", True)),
            auto_restore=bool(raw.get("auto_restore", True)),
            guarantee_buildings=frozenset(int(b) for b in raw.get("guarantee_buildings", [])),
            no_cut_from=_time(raw.get("no_cut_from")),
            no_cut_until=_time(raw.get("no_cut_until")),
            no_cut_weekends=bool(raw.get("no_cut_weekends", False)),
            no_cut_dates=frozenset(date.fromisoformat(d) for d in raw.get("no_cut_dates", [])),
            clock_drift_s=int(raw.get("clock_drift_s", base.clock_drift_s)),
            max_kwh_per_hour=int(raw.get("max_kwh_per_hour", base.max_kwh_per_hour)),
        )
    except (TypeError, ValueError):
        import logging

        logging.getLogger(__name__).exception("malformed collector.* settings: using defaults")
        return base


def naive_local(moment: datetime, zone: ZoneInfo) -> datetime:
    """Site-local wall time without zone: what a meter clock holds."""
    return moment.astimezone(zone).replace(tzinfo=None)


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600
