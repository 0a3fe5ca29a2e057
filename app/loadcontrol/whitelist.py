"""Whitelist signatures (白名单) and the learning capture, as pure functions over steps.

A signature is one appliance a room or building allows on site, as its switch-on step was
measured there: ΔP and the step's power factor, with tolerances. It is narrower than a
library class on purpose: a whitelisted 500 W water dispenser must not also let a 500 W
hand warmer through. Learning on site (the manager switches the appliance on) is
:func:`learn_signature` applied to the next step the detector reports for that meter; the
rules side stores the result (``to_json``) and hands the detector the meter's merged
whitelist (:func:`merge`, room entries first).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.loadcontrol.signals import LoadStep

DEFAULT_TOL_RATIO = 0.12  # ±12 % of ΔP: a resistive load moves ±4-10 % with the mains voltage
MIN_TOL_W = 15.0  # small loads: the meter's 1 W resolution and the noise of the others
DEFAULT_TOL_PF = 0.04


class WhitelistError(ValueError):
    """A signature that cannot be learned or read back."""


@dataclass(frozen=True, slots=True)
class Signature:
    """One whitelisted appliance: its step and how far a later step may differ from it."""

    name: str
    delta_w: float
    power_factor: float | None
    tol_w: float
    tol_pf: float = DEFAULT_TOL_PF
    appliance: str | None = None  # the library class it resembles, when known

    def distance(self, delta_w: float, power_factor: float | None) -> float | None:
        """0 at the signature, 1 at the edge of its tolerance; None when outside."""
        dw = abs(delta_w - self.delta_w) / self.tol_w
        dpf = 0.0
        if self.power_factor is not None and power_factor is not None:
            dpf = abs(power_factor - self.power_factor) / self.tol_pf
        d = max(dw, dpf)
        return d if d <= 1.0 else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "delta_w": round(self.delta_w, 1),
            "power_factor": None if self.power_factor is None else round(self.power_factor, 3),
            "tol_w": round(self.tol_w, 1),
            "tol_pf": round(self.tol_pf, 3),
            "appliance": self.appliance,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Signature:
        try:
            sig = cls(
                name=str(raw["name"]),
                delta_w=float(raw["delta_w"]),
                power_factor=None
                if raw.get("power_factor") is None
                else float(raw["power_factor"]),
                tol_w=float(raw["tol_w"]),
                tol_pf=float(raw.get("tol_pf", DEFAULT_TOL_PF)),
                appliance=raw.get("appliance"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise WhitelistError(f"whitelist signature {raw!r}: {exc}") from None
        _check(sig)
        return sig


def _check(sig: Signature) -> None:
    if not sig.name.strip():
        raise WhitelistError("a whitelist signature needs a name")
    if not (sig.delta_w > 0 and sig.tol_w > 0 and sig.tol_pf > 0):
        raise WhitelistError(f"whitelist signature {sig.name!r}: ΔP and tolerances must be > 0")
    if sig.power_factor is not None and not 0 < sig.power_factor <= 1:
        raise WhitelistError(
            f"whitelist signature {sig.name!r}: PF {sig.power_factor} not in (0, 1]"
        )


def learn_signature(
    step: LoadStep,
    name: str,
    *,
    appliance: str | None = None,
    tol_ratio: float = DEFAULT_TOL_RATIO,
    tol_pf: float = DEFAULT_TOL_PF,
) -> Signature:
    """The signature of the appliance the manager just switched on: ``step`` is the next
    switch-on step the detector saw on that meter (a switch-off cannot be learned)."""
    if step.delta_w <= 0 or not math.isfinite(step.delta_w):
        raise WhitelistError(
            f"{name!r}: learning needs a switch-on step, got ΔP {step.delta_w:g} W"
        )
    sig = Signature(
        name=name.strip(),
        delta_w=step.delta_w,
        power_factor=step.power_factor,
        tol_w=max(MIN_TOL_W, step.delta_w * tol_ratio),
        tol_pf=tol_pf,
        appliance=appliance,
    )
    _check(sig)
    return sig


@dataclass(frozen=True, slots=True)
class Whitelist:
    """The signatures one meter's steps are checked against (room's and building's)."""

    signatures: tuple[Signature, ...] = ()

    def match(self, delta_w: float, power_factor: float | None) -> tuple[Signature, float] | None:
        """The closest signature containing the step, with its distance (0..1)."""
        best: tuple[Signature, float] | None = None
        for sig in self.signatures:
            d = sig.distance(delta_w, power_factor)
            if d is not None and (best is None or d < best[1]):
                best = (sig, d)
        return best

    def largest_w(self) -> float:
        """The top of the largest signature (a smaller step may still grow into one)."""
        return max((s.delta_w + s.tol_w for s in self.signatures), default=0.0)

    def to_json(self) -> list[dict[str, Any]]:
        return [s.to_json() for s in self.signatures]

    @classmethod
    def from_json(cls, raw: Iterable[dict[str, Any]]) -> Whitelist:
        return cls(tuple(Signature.from_json(r) for r in raw))


def merge(*lists: Whitelist) -> Whitelist:
    """Room first, then building: one list, duplicates by name dropped (the first wins)."""
    seen: set[str] = set()
    out: list[Signature] = []
    for wl in lists:
        for sig in wl.signatures:
            if sig.name not in seen:
                seen.add(sig.name)
                out.append(sig)
    return Whitelist(tuple(out))
