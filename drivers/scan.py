"""Find the meters on a bus (``bus scan``): Modbus by unit id, DL/T 645 by wildcard or list.

A scan is slow by nature (one timeout per empty address), so it takes a short timeout and
reports progress; a device that answers with an exception or an abnormal reply still
exists and is listed. A vanished port (LinkError) stops the scan: there is nothing to find.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from drivers import dlt645
from drivers.dlt645_meter import Dlt645Master
from drivers.errors import ExceptionReply, FrameError, MeterTimeout, RejectedByMeter
from drivers.link import Link
from drivers.modbus_meter import ModbusMaster

log = logging.getLogger(__name__)
Progress = Callable[[str, bool], None]


@dataclass(frozen=True, slots=True)
class Found:
    protocol: str
    address: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"protocol": self.protocol, "address": self.address, "detail": self.detail}


def scan_modbus(link: Link, units: Iterable[int] = range(1, 248), *, register: int = 0,
                table: str = "holding", timeout: float = 0.1,
                progress: Progress | None = None) -> list[Found]:
    """Probe each unit with a one-register read (two for ``even`` devices is harmless)."""
    master = ModbusMaster(link, timeout)
    found = []
    for unit in units:
        hit = None
        try:
            words = master.read_registers(unit, register, 2, table)
            hit = Found("modbus", str(unit), f"{table}[{register}]={words[0]}")
        except ExceptionReply as exc:
            hit = Found("modbus", str(unit), f"answers with exception: {exc.reason}")
        except (MeterTimeout, FrameError):
            pass
        if hit:
            found.append(hit)
        if progress:
            progress(str(unit), hit is not None)
    return found


def scan_dlt645(link: Link, addresses: Iterable[str | int] | None = None, *,
                timeout: float = 0.5, progress: Progress | None = None) -> list[Found]:
    """With no list, ask 'who is there' with the AA wildcard (works for one meter: several
    answer at once and collide, reported as a FrameError). With a list, probe each address
    with a read of the total energy."""
    master = Dlt645Master(link, timeout)
    if addresses is None:
        try:
            return [Found("dlt645", master.read_address(), "answered the AA wildcard")]
        except MeterTimeout:
            return []
    found = []
    for address in addresses:
        raw = dlt645.encode_address(address)
        hit = None
        try:
            master.read(raw, 0x00010000)
            hit = Found("dlt645", dlt645.address_text(raw), "energy readable")
        except RejectedByMeter as exc:
            hit = Found("dlt645", dlt645.address_text(raw), f"answers: {exc.reason}")
        except (MeterTimeout, FrameError):
            pass
        if hit:
            found.append(hit)
        if progress:
            progress(dlt645.address_text(raw), hit is not None)
    return found
