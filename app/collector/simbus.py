"""Embedded demo buses: ``sim://NAME`` links served by in-process simulated meters.

Each ``sim://`` link gets its own ``drivers.simulator.BusSimulator`` holding exactly that
link's meters (protocol from each meter's profile, addresses from the meter rows, as
``app.demo`` writes them; an ``eastron-sdm630`` meter answers the SDM630's three-phase
map). By default it serves the link's own ``sim://NAME`` in process (pyserial's ``sim://``
handler, no pty and no file descriptor: the demo runs on Windows, and an idle bus thread
sleeps until its worker writes); ``transport="pty"`` serves a new pty instead, as the
wire-time benchmarks want. The bus worker opens whatever ``path_for`` returns like any
serial port. The simulated clock starts at site-local now so the day/night load and the
tariff bands match the wall clock; wire time is emulated at the link's baud so a demo park
of 20 buses costs what real buses would.

A simulated meter resumes where the stored one was (``load_resume``): its registers, balance,
purchase count, purchase total and relay come from the last ``meter_state`` row (or the last
reading), and the time since the last answer is consumed as if the meter had kept running
while the program was closed. Only a meter never read starts from the link's seed, so
restarting the demo never makes a register go backwards (it raised ``energy.backwards`` at
every start when each run began again from the seed).
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drivers.profiles import get_profile
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.model import MICRO, ROOM_TYPES

from ..models import MeterState, Reading, RelayState
from .config import naive_local, utc_clock
from .worker import MeterInfo

log = logging.getLogger(__name__)
# profiles whose meters the simulator plays with another face than the prepaid map
SIM_FACES = {"eastron-sdm630": "sdm630"}
# a meter closed longer than this consumes only this much on resume (a demo left for a
# month does not start with a month of load, nor integrate it on its first poll)
MAX_DOWNTIME = timedelta(days=2)
BANDS = ("sharp", "peak", "flat", "valley")  # the simulator's energy[0..3]
HALF_STEP_J = 18_000  # half of 0.01 kWh (36,000 J), in the simulator's joule counter


@dataclass(frozen=True)
class Resume:
    """What a simulated meter takes over from the stored one (units of the simulator:
    0.01 kWh, fen; ``seen`` aware UTC). ``None`` fields keep the seeded value."""

    bands: tuple[int, int, int, int] | None
    total: int | None
    balance_fen: int | None
    purchase_count: int | None
    purchased_fen: int | None
    cut: bool
    guaranteed: bool
    seen: datetime | None


def _hundredths(kwh: Decimal | None) -> int | None:
    return None if kwh is None else int(Decimal(kwh) * 100)


def load_resume(session: Session, meter_ids: list[int] | None = None) -> dict[int, Resume]:
    """The stored picture of each meter that was ever read: ``meter_state`` first, the
    newest reading for a meter whose state row holds no energy (a state wiped by hand)."""
    out: dict[int, Resume] = {}
    query = select(MeterState)
    if meter_ids is not None:
        query = query.where(MeterState.meter_id.in_(meter_ids))
    for st in session.scalars(query):
        bands = tuple(_hundredths(getattr(st, f"energy_{b}")) for b in BANDS)
        out[st.meter_id] = Resume(
            bands=bands if None not in bands else None,  # type: ignore[arg-type]
            total=_hundredths(st.energy_total),
            balance_fen=st.balance_fen,
            purchase_count=st.purchase_count,
            purchased_fen=st.purchased_fen,
            cut=st.relay is RelayState.OPEN,
            guaranteed=bool(st.guaranteed),
            seen=st.last_seen,
        )
    bare = [mid for mid, r in out.items() if r.total is None]
    if bare:
        newest = (
            select(Reading.meter_id, func.max(Reading.ts).label("ts"))
            .where(Reading.meter_id.in_(bare))
            .group_by(Reading.meter_id)
            .subquery()
        )
        for reading in session.scalars(
            select(Reading).join(
                newest, (Reading.meter_id == newest.c.meter_id) & (Reading.ts == newest.c.ts)
            )
        ):
            old = out[reading.meter_id]
            bands = tuple(_hundredths(getattr(reading, f"energy_{b}")) for b in BANDS)
            out[reading.meter_id] = Resume(
                bands=bands if None not in bands else None,  # type: ignore[arg-type]
                total=_hundredths(reading.energy_total),
                balance_fen=old.balance_fen if old.balance_fen is not None else reading.balance_fen,
                purchase_count=old.purchase_count,
                purchased_fen=old.purchased_fen,
                cut=old.cut,
                guaranteed=old.guaranteed,
                seen=old.seen or reading.ts,
            )
    return out


def is_sim(url: str) -> bool:
    return url.startswith("sim://")


class SimBuses:
    """Starts one simulator per ``sim://`` link on demand; ``stop()`` stops them all."""

    def __init__(
        self, zone: ZoneInfo, rate: float = 1.0, wire_time: bool = True, transport: str = "inproc"
    ) -> None:
        if transport not in ("inproc", "pty"):
            raise ValueError(f"unknown simulator transport {transport!r} (inproc, pty)")
        self.zone, self.rate, self.wire_time = zone, rate, wire_time
        self.transport = transport
        self.sims: dict[str, BusSimulator] = {}
        self._protocols: dict[str, str] = {}
        self._lock = threading.Lock()

    def path_for(
        self,
        url: str,
        baud: int,
        meters: list[MeterInfo],
        seed: int = 0,
        resume: dict[int, Resume] | None = None,
        vacant: frozenset[int] = frozenset(),
        dorms: frozenset[int] = frozenset(),
    ) -> str:
        """The path a worker opens for ``url``; the first call starts its simulator, with
        each meter in ``resume`` taking over its stored state. The meters of ``vacant``
        rooms draw nothing, except one in ten (``idle_when_vacant``); the meters of
        ``dorms`` (rooms under load control) play a dormitory room's appliances."""
        with self._lock:
            sim = self.sims.get(url)
            if sim is None:
                sim = self._start(url, baud, meters, seed, resume or {}, vacant, dorms)
                self.sims[url] = sim
                log.info("simulated bus %s on %s (%d meters)", url, sim.path, len(meters))
            return sim.path

    def _start(
        self,
        url: str,
        baud: int,
        meters: list[MeterInfo],
        seed: int,
        resume: dict[int, Resume],
        vacant: frozenset[int],
        dorms: frozenset[int] = frozenset(),
    ) -> BusSimulator:
        name = url[len("sim://") :]
        # another collector in this process (a test, a restart racing a stop) may hold the
        # name: the in-process bus then takes NAME~2, NAME~3... (the worker opens sim.path)
        names = [name] + (
            [f"{name}~{n}" for n in range(2, 100)] if self.transport == "inproc" else []
        )
        error: ValueError | None = None
        start = naive_local(utc_clock(), self.zone)
        virtual = _virtual_meters(meters, seed, self._protocols)
        play_dorms(meters, virtual, dorms)
        for meter, vm in zip(meters, virtual, strict=True):
            if idle_when_vacant(meter.meter_id, vacant):
                vm.frozen_power_w = 0.0
            if meter.meter_id in resume:
                resume_meter(vm, resume[meter.meter_id], start, self.zone)
        for candidate in names:
            sim = BusSimulator(
                virtual,
                baud=baud,
                wire_time=self.wire_time,
                clock=SimClock(start=start, rate=self.rate),
                seed=seed or 1,
                transport=self.transport,
                name=candidate,
            )
            try:
                sim.start()
            except ValueError as exc:
                error = exc
                continue
            return sim
        assert error is not None
        raise error

    def stop(self) -> None:
        with self._lock:
            sims, self.sims = list(self.sims.values()), {}
        for sim in sims:
            sim.stop()


def _virtual_meters(
    meters: list[MeterInfo], seed: int, protocols: dict[str, str]
) -> list[VirtualMeter]:
    """``protocols`` caches profile name -> protocol: a profile is a TOML file, read once
    per park rather than once per meter (10,000 reads took 30 s of the demo's start)."""
    rng = random.Random(seed)
    out = []
    for m in meters:
        protocol = protocols.get(m.profile)
        if protocol is None:
            protocol = protocols[m.profile] = get_profile(m.profile).protocol
        address = m.address if protocol == "dlt645" else str(int(m.address))
        out.append(
            VirtualMeter(
                address=address,
                protocol=protocol,
                face=SIM_FACES.get(m.profile, "prepaid"),
                room=ROOM_TYPES[rng.randrange(3)],
                seed=rng.randrange(1000),
                energy=[rng.randrange(100, 200_000) for _ in range(4)],
                balance_u=rng.randrange(20, 400) * MICRO,
            )
        )
    return out


SHOWCASE_MINUTES = 10.0  # one room per dormitory bus boils a kettle this often (the demo)


def play_dorms(meters: list[MeterInfo], virtual: list[VirtualMeter], dorms: frozenset[int]) -> None:
    """The simulated meters of rooms under load control play a dormitory room: its
    appliances switched on and off from a labelled schedule (forbidden ones too, about two
    a room a day, mostly in the evening). The first such meter of a bus also boils a kettle
    every ``SHOWCASE_MINUTES``, so that a short demo run shows a cut, the automatic
    restore and, after the day's restores, "needs the manager", in that one room."""
    first = True
    for meter, vm in zip(meters, virtual, strict=True):
        if meter.meter_id not in dorms or vm.face != "prepaid":
            continue
        vm.room, vm.play_appliances = "dorm", True
        if first:
            vm.showcase, first = SHOWCASE_MINUTES, False


def idle_when_vacant(meter_id: int, vacant: frozenset[int]) -> bool:
    """A vacant room's meter draws nothing, as in a real park, except every tenth (by id):
    someone uses power nobody pays for, and the collector flags it (``vacancy.py``)."""
    return meter_id in vacant and meter_id % 10 != 0


def resume_meter(vm: VirtualMeter, r: Resume, start: datetime, zone: ZoneInfo) -> None:
    """Give ``vm`` the stored meter's state, and let it consume from the moment it was
    last read (at most ``MAX_DOWNTIME`` back) to ``start`` on its first poll.

    The relay: an open relay with money left was cut by a command (the meter stays cut);
    an open relay at or below the meter's cut-off line trips by itself anyway."""
    if r.bands is not None:
        vm.energy = list(r.bands)
    elif r.total is not None:  # total only (a monitoring meter): one band holds it
        vm.energy = [0, 0, r.total, 0]
    if r.total is not None and vm.energy_total < r.total:
        vm.energy[2] += r.total - vm.energy_total  # bands rounded down below the total
    if r.bands is not None or r.total is not None:
        # the stored register is the lower end of [n, n + 0.01) kWh: the fraction the meter
        # had counted towards its next step is unknown, so it resumes from the middle (a
        # room of 80 W lost up to 7 minutes of its next step at every restart otherwise)
        vm._joules = HALF_STEP_J
    if r.balance_fen is not None:
        vm.balance_u = r.balance_fen * 10_000
    if r.purchase_count is not None:
        vm.purchase_count = r.purchase_count
    if r.purchased_fen is not None:
        vm.purchase_total_fen = r.purchased_fen
    vm.guarantee = r.guaranteed
    vm.commanded_cut = r.cut and vm.balance_fen > vm.cutoff_fen
    if r.seen is not None:
        seen = r.seen if r.seen.tzinfo else r.seen.replace(tzinfo=UTC)
        last = naive_local(seen, zone)
        if last < start:  # a simulated clock behind the stored times: no downtime to run
            vm.advance(max(last, start - MAX_DOWNTIME))
