"""Bus-level entry points: build links and meters from profiles, schedule polls, scan.

- ``link_for`` / ``meter_for`` / ``relay_channel``: callers never pick a class by protocol
  name themselves; a new protocol is one more branch here and nowhere else.
- ``PollScheduler``: who to poll next on one bus, so one dead meter never stalls the others.
  Meters are polled round-robin; after ``miss_limit`` consecutive misses a meter is offline
  and only probed every ``offline_retry`` seconds, so a dead meter costs one timeout per
  retry period instead of one per cycle; the first answer brings it back at once.
- ``scan_modbus`` / ``scan_dlt645`` (``bus scan``): one timeout per empty address, so a
  short timeout and progress reports; a device that answers with an exception or an abnormal
  reply still exists and is listed. A vanished port (LinkError) stops the scan.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from drivers import dlt645
from drivers.dlt645_meter import Dlt645Master, Dlt645Meter
from drivers.errors import (
    ExceptionReply,
    FrameError,
    MeterTimeout,
    RejectedByMeter,
    UnsupportedByProfile,
)
from drivers.link import Link, SerialSettings
from drivers.messages import N_
from drivers.meter import Meter
from drivers.modbus_meter import CoilRelay, ModbusMaster, ModbusMeter
from drivers.profiles import Profile, get_profile


def link_for(url: str, profile: Profile | str, **overrides: Any) -> Link:
    """A link with the profile's default line settings; ``overrides`` change any of
    baudrate, parity, stopbits, bytesize, timeout (a site's bus may differ from defaults).
    Link keyword arguments (``trace_size``, ``backoff_initial``, ``backoff_max``) pass on.
    """
    if isinstance(profile, str):
        profile = get_profile(profile)
    link_kwargs = {
        k: overrides.pop(k)
        for k in ("trace_size", "backoff_initial", "backoff_max")
        if k in overrides
    }
    settings: SerialSettings = replace(profile.serial, **overrides)
    gap: str | float = "t35" if profile.protocol == "modbus" else 0.0
    return Link(url, settings, gap=gap, **link_kwargs)


def meter_for(
    link: Link, profile: Profile | str, address: str | int, relay: CoilRelay | None = None
) -> Meter:
    """The Meter for ``address`` on ``link`` as ``profile`` describes it.

    ``relay`` is the channel of a relay module that switches a monitoring-only meter
    (build it with :func:`relay_channel`).
    """
    if isinstance(profile, str):
        profile = get_profile(profile)
    if profile.protocol == "modbus":
        return ModbusMeter(link, profile, address, relay=relay)
    if relay is not None:
        raise UnsupportedByProfile("an external relay module needs a Modbus bus")
    return Dlt645Meter(link, profile, address)


def relay_channel(link: Link, profile: Profile | str, unit: int, channel: int) -> CoilRelay:
    if isinstance(profile, str):
        profile = get_profile(profile)
    return CoilRelay(link, profile, unit, channel)


@dataclass(slots=True)
class Health:
    misses: int = 0
    online: bool = True
    next_probe: float = 0.0
    polls: int = 0
    failures: int = 0


K = TypeVar("K", bound=Hashable)  # what identifies a meter to the scheduler (an id, an address)


class PollScheduler(Generic[K]):
    """Round-robin over meters with offline back-off, and a bus that comes back at once.

    A meter offline is probed every ``offline_retry`` s, so one dead meter costs one timeout
    per period. But when the *whole bus* goes silent (a cable pulled, a gateway rebooting,
    the port gone: every meter that was answering failed in a row, at least ``miss_limit``
    failures, or the caller says so with :meth:`mark_silent`), those staggered probes would
    bring the meters back one by one, each when its own retry comes due (in the field: 17 of
    32 after 60 s, one every 3 s). Instead, while every meter is offline one of them is
    probed every ``idle_probe`` s (the bus has nothing else to do), and the first answer
    after a silence makes every offline meter due at once: all probed in the next sweep.
    """

    def __init__(
        self,
        keys: Iterable[K],
        miss_limit: int = 3,
        offline_retry: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        idle_probe: float | None = None,
    ) -> None:
        self.keys = list(keys)
        self.health = {k: Health() for k in self.keys}
        self.miss_limit = miss_limit
        self.offline_retry = offline_retry
        self.idle_probe = offline_retry if idle_probe is None else idle_probe
        self.clock = clock
        self._next = 0
        self._last_report = float("-inf")
        self._silent = False
        self._run_online = 0  # meters online when the current run of failures began
        self._run_failed: set[K] = set()  # meters that failed in it while online
        self._run_misses = 0  # failures of online meters in it
        self.recoveries = 0  # how often the bus came back after a silence

    @property
    def silent(self) -> bool:
        """Nothing answered since every answering meter failed (or the link was lost)."""
        return self._silent

    def mark_silent(self) -> None:
        """The link itself failed: whatever answers next, the whole bus is back."""
        self._silent = True

    def next(self) -> K | None:
        """The next meter to poll, or None when every meter is offline and not yet due."""
        now = self.clock()
        n = len(self.keys)
        for i in range(n):
            key = self.keys[(self._next + i) % n]
            h = self.health[key]
            if h.online or now >= h.next_probe:
                self._next = (self._next + i + 1) % n
                return key
        if n and now >= self._last_report + self.idle_probe:
            key = self.keys[self._next]  # all offline, none due: probe the next one anyway
            self._next = (self._next + 1) % n
            return key
        return None

    def report(self, key: K, ok: bool) -> None:
        """Record the outcome of one poll of ``key``."""
        h = self.health[key]
        h.polls += 1
        self._last_report = self.clock()
        if ok:
            h.misses, h.online = 0, True
            self._run_failed.clear()
            self._run_misses = 0
            if self._silent:
                self._silent = False
                self.recoveries += 1
                self.wake_offline()
            return
        if not self._run_failed:
            self._run_online = sum(1 for x in self.health.values() if x.online)
        if h.online:
            self._run_failed.add(key)
            self._run_misses += 1
            # every meter that was answering has gone quiet, and not for one glitch: on a
            # bus with one meter left online, noise must not probe all the dead ones again
            quiet = len(self._run_failed) >= self._run_online
            if quiet and self._run_misses >= self.miss_limit:
                self._silent = True
        h.failures += 1
        h.misses += 1
        if h.misses >= self.miss_limit:
            h.online = False
            h.next_probe = self.clock() + self.offline_retry

    def wake_offline(self) -> None:
        """Make every offline meter due now (its next probe, not in ``offline_retry`` s)."""
        for h in self.health.values():
            if not h.online:
                h.next_probe = 0.0

    def offline(self) -> list[K]:
        return [k for k, h in self.health.items() if not h.online]


log = logging.getLogger(__name__)
Progress = Callable[[str, bool], None]


@dataclass(frozen=True, slots=True)
class Found:
    protocol: str
    address: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"protocol": self.protocol, "address": self.address, "detail": self.detail}


def scan_modbus(
    link: Link,
    units: Iterable[int] = range(1, 248),
    *,
    register: int = 0,
    table: str = "holding",
    timeout: float = 0.1,
    progress: Progress | None = None,
) -> list[Found]:
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


def scan_dlt645(
    link: Link,
    addresses: Iterable[str | int] | None = None,
    *,
    timeout: float = 0.5,
    progress: Progress | None = None,
) -> list[Found]:
    """With no list, ask 'who is there' with the AA wildcard: every meter that answered
    whole is listed (meters that back off answer one after the other); answers that
    overlapped and garbled each other raise :class:`BusCollision` (``found`` = the meters
    still heard), never one meter reported for several. With a list, probe each address
    with a read of the total energy."""
    address: str | int  # a meter that answered the wildcard, or one of ``addresses``
    master = Dlt645Master(link, timeout)
    if addresses is None:
        found = master.read_addresses()
        if progress:
            for address in found:
                progress(address, True)
        return [Found("dlt645", a, N_("answered the AA wildcard")) for a in found]
    found_list = []
    for address in addresses:
        raw = dlt645.encode_address(address)
        hit = None
        try:
            master.read(raw, 0x00010000)
            hit = Found("dlt645", dlt645.address_text(raw), N_("energy readable"))
        except RejectedByMeter as exc:
            hit = Found("dlt645", dlt645.address_text(raw), f"answers: {exc.reason}")
        except (MeterTimeout, FrameError):
            pass
        if hit:
            found_list.append(hit)
        if progress:
            progress(dlt645.address_text(raw), hit is not None)
    return found_list


__all__ = [
    "Dlt645Master",
    "Found",
    "ModbusMaster",
    "PollScheduler",
    "link_for",
    "meter_for",
    "relay_channel",
    "scan_dlt645",
    "scan_modbus",
]
