"""What the load detector and the load rules exchange (issue 19).

Kept apart from both so that the detector (pure computation over samples, benchmarked on a
labelled simulated week) and the rules (database, relay commands, counters, audit) can be
built and tested on their own and meet only here. Power is physics, not money: floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Verdict(StrEnum):
    """What a detected load is. Only ``FORBIDDEN`` (and a meter-side load event) leads to a
    cut; ``WHITELISTED`` is an allowed appliance the room or building named on site."""

    FORBIDDEN = "forbidden"
    ALLOWED = "allowed"
    WHITELISTED = "whitelisted"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Sample:
    """One poll of one meter: total active power and power factor as the meter said them."""

    meter_id: int
    at: datetime  # aware UTC, when the collector took the reading
    power_w: float
    power_factor: float | None  # None when the profile has no PF


@dataclass(frozen=True, slots=True)
class LoadStep:
    """A change of load between two samples: what was switched on (delta_w > 0) or off."""

    meter_id: int
    at: datetime
    delta_w: float
    power_factor: float | None  # of the step itself (from dP and dQ), not of the total
    before_w: float
    after_w: float


@dataclass(frozen=True, slots=True)
class Detection:
    """The detector's judgement of one step (or a meter-side event), with what was measured
    so that an operator can see why. ``source`` is ``platform`` (from samples) or ``meter``
    (the meter's own malicious-load / overload / over-power event)."""

    meter_id: int
    at: datetime
    verdict: Verdict
    appliance: str | None  # library key (e.g. "immersion_heater"), or a whitelist name
    confidence: float  # 0..1
    step: LoadStep | None
    source: str = "platform"
    event: str | None = None  # meter-side: "malicious_load" | "overload" | "over_power"


class Detector(Protocol):
    """Fed every sample of the meters under load control, in time order per meter; returns
    the detections the sample completes (usually none)."""

    def feed(self, sample: Sample) -> list[Detection]: ...
