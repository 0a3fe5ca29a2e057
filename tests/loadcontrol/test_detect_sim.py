"""The detector on what the drivers read from the simulator over a pty: a dorm meter whose
room switches a kettle, then a microwave, polled every 20 simulated seconds (both faces)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.loadcontrol.detect import LoadDetector
from app.loadcontrol.signals import Sample, Verdict
from drivers.bus import link_for, meter_for
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.appliances import DormRoom, Switch

MONDAY = datetime(2026, 11, 23)


def quiet_use(room: DormRoom, appliance: str) -> Switch:
    """A use of ``appliance`` with nothing else switched within 2 minutes of it."""
    uses = room.switches(MONDAY, MONDAY + timedelta(days=14))
    for s in uses:
        others = [o for o in uses if o is not s]
        near = [
            o for o in others if min(abs(o.on - s.on), abs(o.off - s.on)) < timedelta(minutes=2)
        ]
        if s.appliance == appliance and not near:
            return s
    raise AssertionError(f"no quiet {appliance} use")


def room_with(*appliances: str) -> DormRoom:
    seed = next(s for s in range(500) if all(a in DormRoom(s).units for a in appliances))
    return DormRoom(seed)


@pytest.mark.parametrize(("protocol", "profile", "address"), [
    ("modbus", "sim-prepaid-modbus", "1"),
    ("dlt645", "sim-prepaid-dlt645", "000000000001"),
])  # fmt: skip
def test_a_polled_dorm_meter_kettle_is_forbidden_and_microwave_allowed(
    protocol: str, profile: str, address: str
) -> None:
    room = room_with("kettle", "microwave")
    vm = VirtualMeter(address=address, protocol=protocol, play_appliances=True)
    vm._room = room
    clock = SimClock(MONDAY, rate=0)
    sim = BusSimulator(meters=[vm], clock=clock)
    det = LoadDetector()
    verdicts = []
    try:
        link = link_for(sim.start(), profile, baudrate=115200)
        try:
            meter = meter_for(link, profile, address)
            for appliance in ("kettle", "microwave"):
                use = quiet_use(room, appliance)
                det.forget(1)
                for k in range(-3, 3):  # polls 20 s apart around the switch-on
                    clock.start = use.on + timedelta(seconds=7 + 20 * k)
                    snap = meter.read()
                    assert snap.power is not None and snap.power_factor is not None
                    at = (clock.start - timedelta(hours=8)).replace(tzinfo=UTC)
                    sample = Sample(1, at, float(snap.power) * 1000, float(snap.power_factor))
                    verdicts += [(appliance, d.verdict, d.step) for d in det.feed(sample)]
        finally:
            link.close()
    finally:
        sim.stop()
    assert [(a, v) for a, v, _ in verdicts] == [
        ("kettle", Verdict.FORBIDDEN),
        ("microwave", Verdict.ALLOWED),
    ]
    kettle_step = verdicts[0][2]
    assert kettle_step is not None and kettle_step.delta_w > 1000
