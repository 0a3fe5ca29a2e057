"""Sharing an integer amount by weights, exactly: the arithmetic of apportionment (公摊).

The amount is an integer count of the smallest unit (fen, or 0.01 kWh), so nothing is ever
rounded away: the shares add up to the amount, to the unit, every time.

The *largest remainder* method (最大余额法): each participant's exact share
``amount x weight / total weight`` is a fraction; everyone first gets its whole part, and
the units left over (fewer than the number of participants) go one each to the largest
fractional remainders. Ties go to the smaller participant id, so the result never depends
on the order of a dict or of a database query.

Caps ("no account pays more than N % of its own use"): a participant whose exact share is
above its cap gets its cap, and what it would have paid above it is shared again among the
uncapped participants, by the same weights; this repeats until no share exceeds its cap (at
most one round per participant). When every participant is capped, the part nobody may
carry is returned as ``unshared``: the caller reports it (the property office bears it); it
is never dropped silently. Because the final rounding happens only among uncapped
participants whose exact share is at most their (integer) cap, rounding up never crosses a
cap.

Everything is exact: ``Fraction`` arithmetic on integers and ``Decimal`` weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


class SharingError(ValueError):
    """Inputs that cannot be shared (a negative amount or weight): a programming error."""


@dataclass(frozen=True)
class Split:
    """The outcome of sharing: ``shares`` (every participant, zeros included) add up to the
    amount minus ``unshared``; ``capped`` are the ids that got exactly their cap."""

    shares: dict[int, int]
    unshared: int = 0
    capped: frozenset[int] = field(default_factory=frozenset)


def split(
    total: int,
    weights: Mapping[int, Decimal | int],
    caps: Mapping[int, int] | None = None,
) -> Split:
    """``total`` units shared by ``weights`` (largest remainder), with optional ``caps``
    (participant id -> most units it may get). Participants of weight 0 get 0. With no
    positive weight at all, everything is ``unshared``."""
    _check(total, weights, caps)
    caps = caps or {}
    exact = {pid: Fraction(w) for pid, w in weights.items()}
    shares = dict.fromkeys(weights, 0)
    capped: set[int] = set()
    left = total
    while True:
        active = {pid: w for pid, w in exact.items() if pid not in capped and w > 0}
        whole = sum(active.values(), Fraction(0))
        if not active or whole == 0:
            return Split(shares, left, frozenset(capped))
        over = [
            pid
            for pid, w in active.items()
            if pid in caps and Fraction(left) * w / whole > caps[pid] - shares[pid]
        ]
        if not over:
            break
        for pid in over:
            capped.add(pid)
            left -= caps[pid] - shares[pid]
            shares[pid] = caps[pid]
    for pid, units in largest_remainder(left, active).items():
        shares[pid] += units
    return Split(shares, 0, frozenset(capped))


def share(
    total: int,
    weights: Mapping[int, Decimal | int],
    caps: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """The shares of ``split``; raises ``SharingError`` when part of the total could not be
    shared (every participant capped, or no weight), so nothing is lost unnoticed."""
    result = split(total, weights, caps)
    if result.unshared:
        raise SharingError(f"{result.unshared} of {total} could not be shared (all capped)")
    return result.shares


def largest_remainder(total: int, weights: Mapping[int, Fraction]) -> dict[int, int]:
    """``total`` units by positive ``weights``, whole parts first, then one unit each to the
    largest remainders (ties: smaller id first). Sums exactly to ``total``."""
    whole = sum(weights.values(), Fraction(0))
    out: dict[int, int] = {}
    remainders: list[tuple[Fraction, int]] = []
    given = 0
    for pid, weight in weights.items():
        exact = Fraction(total) * weight / whole
        floor = exact.numerator // exact.denominator
        out[pid] = floor
        given += floor
        remainders.append((exact - floor, pid))
    remainders.sort(key=lambda r: (-r[0], r[1]))
    for _, pid in remainders[: total - given]:
        out[pid] += 1
    return out


def _check(
    total: int, weights: Mapping[int, Decimal | int], caps: Mapping[int, int] | None
) -> None:
    if total < 0:
        raise SharingError(f"cannot share a negative amount ({total})")
    for pid, weight in weights.items():
        if not Decimal(weight).is_finite() or weight < 0:
            raise SharingError(f"participant {pid}: weight {weight} is not zero or more")
    for pid, cap in (caps or {}).items():
        if cap < 0:
            raise SharingError(f"participant {pid}: cap {cap} is negative")
