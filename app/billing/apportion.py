"""The apportionment engine (公摊): who carries which part of the loss and the common use.

For each building of a scheme's scope, over a period (``app.reports.Period``):

1. **The energy to share.** *Loss* (损耗) = the master meter's use minus the use of its
   sub-meters (``Meter.parent_id``; a master nobody names as parent has every non-master
   meter of its building below it). *Common use* (公耗) = the use of the common-area meters
   (``MeterRole.COMMON``, or those the scheme names). ``source`` says which, or both. Use
   comes from ``app.reports.usage.use_over`` (daily freezes, swaps, roll-over), in 0.01 kWh.
2. **Refusals** (never a silent wrong bill): a master, sub- or common meter whose boundary
   reading is missing or estimated (offline), or whose register went backwards; a negative
   loss; a loss above ``max_loss_percent`` (default 15) of the master's use; no tariff. The
   building is refused with a translated reason naming the meter and the day; the other
   buildings go on.
3. **The basis** of each account (its rooms in that building): the energy of its rooms'
   tenant meters, the area (m²) of its rooms, 1 each (equal), or the scheme's ratios.
   Excluded accounts take no part. A vacant room (no account) takes its part too, carried
   by the property office (``vacant``), unless ``exclude_vacant``.
4. **kWh shares**: the energy in 0.01 kWh by the largest remainder (``sharing.split``),
   with the cap ``cap_percent`` of the account's own use; what nobody may carry is
   ``unshared`` (the office's).
5. **Price**: the building's energy is priced once with the tariff in force for its master
   (or first common) meter, as ``app.reports.pricing`` resolves it (the meter, the
   building, the default), through the quoting engine: per band where the meters measure
   bands (else by the time in each band), each version for its part of the period. The
   base allowance and the tiers are left out: they are a tenant's own consumption, and the
   shared energy is nobody's own. The building's fen are then shared by the accounts' kWh
   shares (largest remainder), so the fen add up exactly too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..i18n import N_, tr
from ..models import Building, Floor, Meter, MeterRole, Room
from ..reports.period import Period
from ..reports.pricing import MeterKey, TariffBook
from ..reports.usage import BANDS, Boundary, Use, use_over
from .quote import MeterReading, quote
from .sharing import split
from .tariff import Band, Tariff

DEFAULT_MAX_LOSS = Decimal("15")
SOURCES = ("loss", "common", "both")
BASES = ("energy", "area", "equal", "ratio")
BASIS_NAMES = {
    "energy": N_("energy use"),
    "area": N_("area"),
    "equal": N_("equal share"),
    "ratio": N_("ratio"),
}
UNSHARED = 0  # participant id of what nobody may carry (vacant rooms are -room id)
_CENT = Decimal("0.01")


class ApportionError(ValueError):
    """A scheme definition the engine cannot use; ``str()`` is for the user."""


class Refused(Exception):
    """One building cannot be apportioned this period; ``str()`` says why (translated)."""


@dataclass(frozen=True)
class Rules:
    """A scheme's rules: its definition (the JSON of ``apportion_scheme.definition`` as
    ``app.billing.schemes.validate`` normalises it), read for the engine."""

    buildings: tuple[int, ...] | None  # None: the whole park
    source: str
    basis: str
    common_meters: tuple[int, ...] | None = None
    masters: tuple[int, ...] | None = None
    ratios: Mapping[int, Decimal] = field(default_factory=dict)
    cap_percent: Decimal | None = None
    exclude_vacant: bool = True
    exclude_accounts: frozenset[int] = frozenset()
    max_loss_percent: Decimal = DEFAULT_MAX_LOSS

    @classmethod
    def of(cls, scheme: Any) -> Rules:
        """From a definition dict or anything with a ``definition`` attribute (the row)."""
        data = scheme if isinstance(scheme, Mapping) else getattr(scheme, "definition", None)
        if not isinstance(data, Mapping):
            raise ApportionError(tr("An apportionment scheme needs a definition."))
        scope = data.get("scope") or {}
        buildings = None if scope.get("park") else tuple(int(b) for b in scope.get("buildings", ()))
        source, basis = data.get("source"), data.get("basis")
        if source not in SOURCES:
            raise ApportionError(tr("Unknown source of shared energy: {value}", value=source))
        if basis not in BASES:
            raise ApportionError(tr("Unknown basis of apportionment: {value}", value=basis))
        cap = data.get("cap_percent")
        return cls(
            buildings=buildings,
            source=source,
            basis=basis,
            common_meters=_ids(data.get("common_meters")),
            masters=_ids(data.get("masters")),
            ratios={int(k): Decimal(str(v)) for k, v in (data.get("ratios") or {}).items()},
            cap_percent=None if cap in (None, "") else Decimal(str(cap)),
            exclude_vacant=bool(data.get("exclude_vacant", True)),
            exclude_accounts=frozenset(int(a) for a in data.get("exclude_accounts") or ()),
            max_loss_percent=Decimal(str(data.get("max_loss_percent", DEFAULT_MAX_LOSS))),
        )


def _ids(value: Any) -> tuple[int, ...] | None:
    return None if not value else tuple(int(v) for v in value)


@dataclass
class AccountShare:
    """One account's share in one building: ``kwh`` (0.01), ``fen``, and ``detail`` (what
    the statement prints: how it was computed; JSON-ready)."""

    account_id: int
    building_id: int
    kwh: Decimal
    fen: int
    basis: str
    detail: dict[str, Any]


@dataclass
class BuildingShare:
    """A building's energy to share and what the office carries (vacant rooms, the part
    above everyone's cap)."""

    building_id: int
    name: str
    kwh: Decimal
    fen: int
    office_kwh: Decimal
    office_fen: int
    detail: dict[str, Any]


@dataclass
class ApportionResult:
    """Lines per (account, building), buildings shared, and buildings refused (reason)."""

    lines: list[AccountShare] = field(default_factory=list)
    buildings: list[BuildingShare] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)

    def by_account(self) -> dict[int, tuple[Decimal, int, list[dict[str, Any]]]]:
        """account id -> (kWh, fen, the details of each building): one billing line each."""
        out: dict[int, tuple[Decimal, int, list[dict[str, Any]]]] = {}
        for line in self.lines:
            kwh, fen, details = out.get(line.account_id, (Decimal("0.00"), 0, []))
            out[line.account_id] = (kwh + line.kwh, fen + line.fen, [*details, line.detail])
        return out


@dataclass
class _Site:
    """Rooms and meters of the buildings in scope, read in three queries."""

    names: dict[int, str] = field(default_factory=dict)
    rooms: dict[int, list[tuple[int, int | None, Decimal]]] = field(default_factory=dict)
    meters: dict[int, list[Meter]] = field(default_factory=dict)


def compute(session: Session, scheme: Any, period: Period) -> ApportionResult:
    """Every building of the scheme's scope apportioned over ``period`` (see the module)."""
    definition = Rules.of(scheme)
    site = _site(session, definition, period)
    wanted = None
    if definition.buildings is not None:
        wanted = [m.id for meters in site.meters.values() for m in meters]
    engine = _Engine(
        definition, period, use_over(session, period, wanted), TariffBook.load(session)
    )
    result = ApportionResult()
    for building_id, name in site.names.items():
        try:
            engine.building(building_id, name, site, result)
        except Refused as refusal:
            result.refused[building_id] = str(refusal)
    return result


def _site(session: Session, definition: Rules, period: Period) -> _Site:
    site = _Site()
    query = select(Building.id, Building.name).order_by(Building.id)
    if definition.buildings is not None:
        query = query.where(Building.id.in_(definition.buildings))
    site.names = {b: n for b, n in session.execute(query)}
    ids = list(site.names)
    rooms = (
        select(Floor.building_id, Room.id, Room.account_id, Room.area_m2)
        .join(Floor, Room.floor_id == Floor.id)
        .where(Floor.building_id.in_(ids))
        .order_by(Room.id)
    )
    for building_id, room_id, account_id, area in session.execute(rooms):
        site.rooms.setdefault(building_id, []).append((room_id, account_id, area))
    first = period.midnight(period.start)
    meters = (  # a room's meter may not name its building itself: its room's floor does
        select(Meter, Floor.building_id)
        .outerjoin(Room, Meter.room_id == Room.id)
        .outerjoin(Floor, Room.floor_id == Floor.id)
        .where(
            or_(Meter.building_id.in_(ids), Floor.building_id.in_(ids)),
            or_(Meter.removed_at.is_(None), Meter.removed_at >= first),
        )
        .order_by(Meter.id)
    )
    for meter, room_building in session.execute(meters):
        building_id = meter.building_id if meter.building_id is not None else room_building
        site.meters.setdefault(building_id, []).append(meter)
    return site


Over = dict[int, tuple[Boundary | None, Boundary | None, Use]]


def _hundredths(value: Decimal) -> int:
    return int(value * 100)


def _kwh(hundredths: int) -> Decimal:
    return Decimal(hundredths) * _CENT


def _bands(use: Use) -> dict[str, int] | None:
    """The band registers' use in 0.01 kWh, when they account for the whole use."""
    if not use.bands:
        return None
    bands = {b: _hundredths(v) for b, v in use.bands.items()}
    return bands if sum(bands.values()) == _hundredths(use.kwh) else None


def _sum_bands(parts: list[dict[str, int] | None]) -> dict[str, int] | None:
    if any(p is None for p in parts):
        return None
    return {b: sum(p[b] for p in parts if p is not None) for b in BANDS}


def _chains(masters: list[Meter]) -> list[list[Meter]]:
    """Masters grouped by replacement: a master swapped during the period and the one that
    replaced it measure the same feed (their sub-meters still name the old one as parent),
    so their use is added and the loss computed once. Oldest first in each group."""
    by_id = {m.id: m for m in masters}
    groups: dict[int, list[Meter]] = {}
    for meter in masters:
        last = meter
        while last.replaced_by_id is not None and last.replaced_by_id in by_id:
            last = by_id[last.replaced_by_id]
        groups.setdefault(last.id, []).append(meter)
    return [sorted(group, key=lambda m: m.id) for group in groups.values()]


def _name(meter: Meter) -> str:
    return f"{meter.label or meter.address} (#{meter.id})"


@dataclass
class _Party:
    """One participant of a building: an account (its id) or a vacant room (-room id)."""

    area: Decimal = Decimal("0.00")
    use: int = 0  # 0.01 kWh of its rooms' tenant meters


@dataclass
class _Engine:
    definition: Rules
    period: Period
    over: Over
    book: TariffBook
    plain: dict[int, Tariff | None] = field(default_factory=dict)

    def building(self, building_id: int, name: str, site: _Site, result: ApportionResult) -> None:
        """Apportion one building into ``result``, or raise ``Refused``."""
        d = self.definition
        meters = [m for m in site.meters.get(building_id, []) if m.id in self.over]
        detail: dict[str, Any] = {"building": building_id, "building_name": name}
        energy, keys = 0, list[Meter]()
        parts: list[dict[str, int] | None] = []
        if d.source in ("loss", "both"):
            loss, loss_bands, masters = self._loss(name, meters, detail)
            energy, keys = energy + loss, keys + masters
            parts.append(loss_bands)
        if d.source in ("common", "both"):
            common, common_bands, commons = self._common(name, meters, detail)
            energy, keys = energy + common, keys + commons
            parts.append(common_bands)
        joined = _sum_bands(parts)
        bands = joined if joined is not None and energy else {}
        parties = self._parties(name, building_id, site, meters)
        weights, caps = self._weights(parties)
        shared = split(energy, weights, caps)
        if energy and not any(w > 0 for w in weights.values()):
            raise Refused(
                tr(
                    "{building}: {kwh} kWh to share, but no account has any {basis} to "
                    "share it by.",
                    building=name,
                    kwh=_kwh(energy),
                    basis=tr(BASIS_NAMES[d.basis]),
                )
            )
        fen, priced = self._price(name, building_id, keys[0], energy, bands) if energy else (0, {})
        money = split(fen, {**shared.shares, UNSHARED: shared.unshared})
        detail.update(
            energy_kwh=str(_kwh(energy)),
            fen=fen,
            bands=priced,
            basis=d.basis,
            basis_total=str(sum(weights.values(), Decimal(0))),
            cap_percent=None if d.cap_percent is None else str(d.cap_percent),
        )
        office_kwh = sum(v for p, v in shared.shares.items() if p < 0) + shared.unshared
        office_fen = sum(v for p, v in money.shares.items() if p <= 0)
        result.buildings.append(
            BuildingShare(
                building_id, name, _kwh(energy), fen, _kwh(office_kwh), office_fen, detail
            )
        )
        for pid, kwh in shared.shares.items():
            if pid <= 0:
                continue
            line = {
                **detail,
                "basis_value": str(weights[pid]),
                "own_kwh": str(_kwh(parties[pid].use)),
                "cap_kwh": None if pid not in caps else str(_kwh(caps[pid])),
                "capped": pid in shared.capped,
                "share_kwh": str(_kwh(kwh)),
                "share_fen": money.shares[pid],
            }
            result.lines.append(
                AccountShare(pid, building_id, _kwh(kwh), money.shares[pid], d.basis, line)
            )

    # ------------------------------------------------------------ energy to share

    def _loss(
        self, name: str, meters: list[Meter], detail: dict[str, Any]
    ) -> tuple[int, dict[str, int] | None, list[Meter]]:
        """Master minus sub-meters, per master of the building; refuses what is not sound."""
        d = self.definition
        masters = [
            m
            for m in meters
            if m.role is MeterRole.MASTER and (d.masters is None or m.id in d.masters)
        ]
        if not masters:
            raise Refused(tr("{building}: no master meter to measure the loss.", building=name))
        total, parts, rows = 0, [], []
        for chain in _chains(masters):
            ids = {m.id for m in chain}
            subs = [m for m in meters if m.parent_id in ids]
            if not subs:
                subs = [m for m in meters if m.role is not MeterRole.MASTER]
            self._complete(name, [*chain, *subs])
            master = chain[-1]
            master_kwh = sum(_hundredths(self.over[m.id][2].kwh) for m in chain)
            subs_kwh = sum(_hundredths(self.over[s.id][2].kwh) for s in subs)
            loss = master_kwh - subs_kwh
            self._plausible(name, master, master_kwh, subs_kwh, loss)
            own = _sum_bands([_bands(self.over[m.id][2]) for m in chain])
            parts.append(self._loss_bands(own, subs, loss))
            total += loss
            rows.append(
                {
                    "meter": master.id,
                    "master_kwh": str(_kwh(master_kwh)),
                    "subs_kwh": str(_kwh(subs_kwh)),
                    "sub_meters": len(subs),
                    "loss_kwh": str(_kwh(loss)),
                }
            )
        detail["loss_kwh"] = str(_kwh(total))
        detail["masters"] = rows
        return total, _sum_bands(parts), masters

    def _plausible(self, name: str, master: Meter, used: int, subs: int, loss: int) -> None:
        if loss < 0:
            raise Refused(
                tr(
                    "{building}: master meter {meter} used {master} kWh but its sub-meters "
                    "{subs} kWh, so the loss would be negative ({loss} kWh): a sub-meter "
                    "counted twice or wired elsewhere? Nothing is shared.",
                    building=name,
                    meter=_name(master),
                    master=_kwh(used),
                    subs=_kwh(subs),
                    loss=_kwh(loss),
                )
            )
        most = self.definition.max_loss_percent
        if loss * 100 > used * most:
            raise Refused(
                tr(
                    "{building}: the loss under master meter {meter} is {loss} kWh, "
                    "{percent} % of its {master} kWh, above the plausible {most} %: a "
                    "sub-meter missing or misread? Nothing is shared.",
                    building=name,
                    meter=_name(master),
                    loss=_kwh(loss),
                    percent=(Decimal(loss * 100) / used).quantize(Decimal("0.1")),
                    master=_kwh(used),
                    most=most,
                )
            )

    def _loss_bands(
        self, own: dict[str, int] | None, subs: list[Meter], loss: int
    ) -> dict[str, int] | None:
        """The loss by band: master minus sub-meters band by band when they all measure
        bands (and no band comes out negative), else the master's own band mix; None when
        the master has no band registers (then priced by the time in each band)."""
        if own is None:
            return None
        below = _sum_bands([_bands(self.over[s.id][2]) for s in subs])
        if below is not None and all(own[b] >= below[b] for b in BANDS):
            return {b: own[b] - below[b] for b in BANDS}
        mix = split(loss, {i: own[b] for i, b in enumerate(BANDS)}).shares
        return {b: mix[i] for i, b in enumerate(BANDS)}

    def _common(
        self, name: str, meters: list[Meter], detail: dict[str, Any]
    ) -> tuple[int, dict[str, int] | None, list[Meter]]:
        named = self.definition.common_meters
        commons = [
            m
            for m in meters
            if (m.id in named if named is not None else m.role is MeterRole.COMMON)
        ]
        if not commons and self.definition.source == "common":
            raise Refused(tr("{building}: no common-area meter to share.", building=name))
        self._complete(name, commons)
        used = [self.over[m.id][2] for m in commons]
        total = sum(_hundredths(u.kwh) for u in used)
        detail["common_kwh"] = str(_kwh(total))
        detail["common_meters"] = [m.id for m in commons]
        return total, _sum_bands([_bands(u) for u in used]), commons

    def _complete(self, name: str, meters: list[Meter]) -> None:
        """Refuse when a meter's use over the period is not known for sure."""
        for meter in meters:
            start, end, use = self.over[meter.id]
            if use.complete:
                continue
            day = None
            if start is None or start.estimated:
                day = self.period.start
            elif end is None or end.estimated:
                day = self.period.end + timedelta(days=1)
            if day is None:
                raise Refused(
                    tr(
                        "{building}: the register of meter {meter} went backwards during "
                        "the period (reset?); nothing is shared.",
                        building=name,
                        meter=_name(meter),
                    )
                )
            raise Refused(
                tr(
                    "{building}: meter {meter} has no reading for {day} at 00:00 (offline "
                    "or not read); nothing is shared until it has.",
                    building=name,
                    meter=_name(meter),
                    day=day.isoformat(),
                )
            )

    # ------------------------------------------------------------ who shares

    def _parties(
        self, name: str, building_id: int, site: _Site, meters: list[Meter]
    ) -> dict[int, _Party]:
        d = self.definition
        own_use = d.basis == "energy" or d.cap_percent is not None
        by_room: dict[int, list[Meter]] = {}
        for meter in meters:
            if meter.role is MeterRole.TENANT and meter.room_id is not None:
                by_room.setdefault(meter.room_id, []).append(meter)
        parties: dict[int, _Party] = {}
        for room_id, account_id, area in site.rooms.get(building_id, []):
            if account_id is None:
                if d.exclude_vacant:
                    continue
                pid = -room_id
            elif account_id in d.exclude_accounts:
                continue
            else:
                pid = account_id
            party = parties.setdefault(pid, _Party())
            party.area += area
            if own_use:
                tenant = by_room.get(room_id, [])
                self._complete(name, tenant)
                party.use += sum(_hundredths(self.over[m.id][2].kwh) for m in tenant)
        return parties

    def _weights(self, parties: dict[int, _Party]) -> tuple[dict[int, Decimal], dict[int, int]]:
        d = self.definition
        weights: dict[int, Decimal] = {}
        for pid, party in parties.items():
            if d.basis == "energy":
                weights[pid] = _kwh(party.use)
            elif d.basis == "area":
                weights[pid] = party.area
            elif d.basis == "equal":
                weights[pid] = Decimal(1)
            else:
                weights[pid] = d.ratios.get(pid, Decimal(0))
        caps: dict[int, int] = {}
        if d.cap_percent is not None:
            for pid, party in parties.items():
                if pid > 0:
                    caps[pid] = int(Decimal(party.use) * d.cap_percent // 100)
        return weights, caps

    # ------------------------------------------------------------ price

    def _price(
        self, name: str, building_id: int, key: Meter, energy: int, bands: dict[str, int]
    ) -> tuple[int, dict[str, Any]]:
        """Fen for the building's energy, and per band: kWh, price(s), fen."""
        tariff_id = self.book.tariff_id(MeterKey(key.id, building_id, None))
        tariff = None if tariff_id is None else self._plain(tariff_id)
        if tariff is None:
            raise Refused(
                tr("{building}: no tariff for meter {meter}.", building=name, meter=_name(key))
            )
        start, stop = self.period.utc_bounds()
        registers = None
        if bands:
            registers = (
                {b: Decimal(0) for b in Band},
                {Band(b): _kwh(v) for b, v in bands.items()},
            )
        first = MeterReading(start, Decimal(0), registers[0] if registers else None)
        last = MeterReading(stop, _kwh(energy), registers[1] if registers else None)
        try:
            priced = quote(tariff, [first, last])
        except KeyError:  # a band register the tariff has no price for: by time
            priced = quote(tariff, [replace(first, bands=None), replace(last, bands=None)])
        if priced.uncovered_kwh > 0:
            raise Refused(
                tr(
                    "{building}: tariff {tariff} has no version in force on {day}.",
                    building=name,
                    tariff=tariff.name,
                    day=self.period.start.isoformat(),
                )
            )
        out: dict[str, Any] = {}
        for line in priced.lines:
            band = out.setdefault(line.band.value, {"kwh": Decimal(0), "fen": 0, "prices": []})
            band["kwh"] += line.kwh
            band["fen"] += line.fen
            if str(line.price) not in band["prices"]:
                band["prices"].append(str(line.price))
        for band in out.values():
            band["kwh"] = str(band["kwh"].quantize(_CENT))
        return priced.total_fen, {"tariff": tariff.name, **out}

    def _plain(self, tariff_id: int) -> Tariff | None:
        """The tariff without base allowance and tiers (a tenant's own, not shared energy)."""
        if tariff_id not in self.plain:
            tariff = self.book.tariff(tariff_id)
            self.plain[tariff_id] = None
            if tariff is not None:
                versions = (replace(v, allowance_kwh=Decimal(0), tiers=()) for v in tariff.versions)
                self.plain[tariff_id] = Tariff(tariff.name, tuple(versions))
        return self.plain[tariff_id]
