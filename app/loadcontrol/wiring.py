"""The platform detector as the collector runs it: one ``LoadDetector`` per set of
thresholds (a building's, or a room's override), each meter with its merged whitelist, all
read from the database and read again when they change (issue 19).

Why a wrapper and not one ``LoadDetector``: thresholds are per building (or room), and a
detector holds one set. Meters whose settings share thresholds share a detector, so a park
of twenty dorm buildings with the default thresholds runs one. The wrapper is what
``CollectorConfig.load_detector`` builds (:func:`platform_detector`); the load feed calls
``feed`` for every sample, ``forget`` on every relay change of a meter (a cut, a restore of
any reason: the power coming back is not an appliance switched on) and ``refresh`` when the
settings or whitelists changed (:func:`load_version`, read by the feed every
``CollectorConfig.load_refresh`` seconds, and at once after this desk learned an appliance).

A refresh keeps each meter's history when its thresholds did not change (only its
whitelist is replaced), so saving a whitelist never makes the next poll look like a step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import LoadSettings, LoadWhitelist, Meter
from .detect import LoadDetector, ThresholdError, Thresholds
from .library import Library, builtin_library
from .signals import Detection, Sample
from .whitelist import (
    DEFAULT_TOL_PF,
    DEFAULT_TOL_RATIO,
    MIN_TOL_W,
    Signature,
    Whitelist,
    WhitelistError,
)

log = logging.getLogger(__name__)


def load_version(s: Session) -> tuple[Any, ...]:
    """A cheap fingerprint of load control's settings and whitelists: it changes whenever a
    row is added, saved, removed or a whitelist entry is removed (two aggregate queries on
    small tables; the feed reads it every few seconds)."""
    settings = s.execute(
        select(func.count(LoadSettings.id), func.max(LoadSettings.updated_at))
    ).one()
    lists = s.execute(
        select(
            func.count(LoadWhitelist.id),
            func.max(LoadWhitelist.id),
            func.count(LoadWhitelist.removed_at),
            func.max(LoadWhitelist.removed_at),
        )
    ).one()
    return (*settings, *lists)


def signature_of(entry: LoadWhitelist) -> Signature:
    """A stored whitelist entry as the detector matches it. A learned entry stores the step
    (ΔP, PF, before, after); a hand-made one may add its own tolerances."""
    raw = dict(entry.signature or {})
    delta_w = float(raw["delta_w"])
    tol_w = raw.get("tol_w")
    return Signature(
        name=entry.name,
        delta_w=delta_w,
        power_factor=None if raw.get("power_factor") is None else float(raw["power_factor"]),
        tol_w=float(tol_w) if tol_w else max(MIN_TOL_W, delta_w * DEFAULT_TOL_RATIO),
        tol_pf=float(raw.get("tol_pf") or DEFAULT_TOL_PF),
        appliance=raw.get("appliance") or None,
    )


def thresholds_of(raw: dict[str, Any] | None, where: str) -> Thresholds:
    """Stored thresholds, or the defaults (logged) when they cannot be used: a bad row
    must not stop the detection of a whole building."""
    try:
        return Thresholds.from_json(raw or {})
    except ThresholdError as exc:
        log.error("load thresholds of %s unusable, defaults used: %s", where, exc)
        return Thresholds()


@dataclass(frozen=True)
class MeterPlan:
    """What the detector needs of one meter: its thresholds and its merged whitelist."""

    thresholds: Thresholds
    whitelist: Whitelist


def read_plan(s: Session, meters: Iterable[int]) -> dict[int, MeterPlan]:
    """Each meter's thresholds (room override, else building) and whitelist (room entries
    first, then the building's)."""
    wanted = set(meters)
    if not wanted:
        return {}
    rows = s.execute(
        select(Meter.id, Meter.building_id, Meter.room_id).where(Meter.id.in_(wanted))
    ).all()
    buildings = {b for _, b, _ in rows if b is not None}
    settings = s.scalars(select(LoadSettings).where(LoadSettings.building_id.in_(buildings))).all()
    own = {r.room_id: r for r in settings if r.room_id is not None}
    base = {r.building_id: r for r in settings if r.room_id is None}
    entries = s.scalars(
        select(LoadWhitelist)
        .where(LoadWhitelist.building_id.in_(buildings), LoadWhitelist.removed_at.is_(None))
        .order_by(LoadWhitelist.id)
    ).all()
    sigs: dict[tuple[int, int | None], list[Signature]] = {}
    for e in entries:
        try:
            sigs.setdefault((e.building_id, e.room_id), []).append(signature_of(e))
        except (KeyError, TypeError, ValueError, WhitelistError) as exc:
            log.error("whitelist entry %d unusable, left out: %s", e.id, exc)
    out: dict[int, MeterPlan] = {}
    for mid, bid, rid in rows:
        if bid is None:
            continue
        row = own.get(rid) or base.get(bid)
        where = f"room {rid}" if rid in own else f"building {bid}"
        th = thresholds_of(row.thresholds if row else None, where)
        room = tuple(sigs.get((bid, rid), ())) if rid is not None else ()
        building = tuple(sigs.get((bid, None), ()))
        out[mid] = MeterPlan(th, Whitelist(room + building))
    return out


class PlatformDetector:
    """The collector's :class:`~app.loadcontrol.signals.Detector`: per-thresholds
    ``LoadDetector`` instances over the meters the feed gives it (``refresh``)."""

    def __init__(self, db: Database, library: Library | None = None) -> None:
        self.db = db
        self.library = library or builtin_library()
        self.detectors: dict[Thresholds, LoadDetector] = {}
        self._of: dict[int, LoadDetector] = {}
        self.refreshes = 0

    def refresh(self, meters: Iterable[int]) -> None:
        """Read thresholds and whitelists of ``meters`` again (called on the feed thread)."""
        with self.db.read() as s:
            plan = read_plan(s, meters)
        detectors: dict[Thresholds, LoadDetector] = {}
        of: dict[int, LoadDetector] = {}
        for mid, p in plan.items():
            det = detectors.get(p.thresholds) or self.detectors.get(p.thresholds)
            if det is None:
                det = LoadDetector(p.thresholds, self.library)
            detectors[p.thresholds] = det
            det.set_whitelist(mid, p.whitelist)
            of[mid] = det
        for mid, old in self._of.items():
            if of.get(mid) is not old:
                old.forget(mid)  # moved to other thresholds, or out of load control
                old.whitelists.pop(mid, None)
        self.detectors, self._of = detectors, of
        self.refreshes += 1

    def whitelist(self, meter_id: int) -> Whitelist:
        """The whitelist in force for a meter (tests, diagnostics)."""
        det = self._of.get(meter_id)
        return det.whitelists.get(meter_id, Whitelist()) if det else Whitelist()

    def feed(self, sample: Sample) -> list[Detection]:
        det = self._of.get(sample.meter_id)
        return det.feed(sample) if det is not None else []

    def forget(self, meter_id: int) -> None:
        det = self._of.get(meter_id)
        if det is not None:
            det.forget(meter_id)
