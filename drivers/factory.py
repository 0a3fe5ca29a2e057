"""Build links and meters from profiles: the entry point the collector and the CLI use.

Kept apart from the protocol modules so callers never pick a class by protocol name
themselves; a new protocol is one more branch here and nowhere else.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drivers.dlt645_meter import Dlt645Master, Dlt645Meter
from drivers.errors import UnsupportedByProfile
from drivers.link import Link, SerialSettings
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
    link_kwargs = {k: overrides.pop(k) for k in ("trace_size", "backoff_initial",
                                                 "backoff_max") if k in overrides}
    settings: SerialSettings = replace(profile.serial, **overrides)
    gap: str | float = "t35" if profile.protocol == "modbus" else 0.0
    return Link(url, settings, gap=gap, **link_kwargs)


def meter_for(link: Link, profile: Profile | str, address: str | int,
              relay: CoilRelay | None = None) -> Meter:
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


__all__ = ["Dlt645Master", "ModbusMaster", "link_for", "meter_for", "relay_channel"]
