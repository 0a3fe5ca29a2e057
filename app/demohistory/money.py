"""The demo park's past money: who paid what, when, and what the energy cost.

A day-by-day simulation over all accounts at once (numpy arrays, one step per day), from
the energy history:

* meter-side meters (dorms, shops) hold their own balance and spend it at the simulated
  meter's band prices (``VirtualMeter.prices_e4``), exactly as the live simulator does, so
  the meter's balance register at the end is what was recharged minus what was used; a
  tenant recharges when the meter runs low (dorms 50-200 yuan, shops 200-500 yuan);
* platform-side accounts (offices) start with an opening balance, are charged once a month
  per meter (the month's band registers at the office tariff's prices: ``meter_charge``
  lines like the collector's biller writes) and recharge by transfer or card when the
  balance would not last the month; a few stop paying in the last two months (arrears);
* a few refunds of platform balances, and one recharge typed with a zero too many that the
  cashier reverses and takes again.

Nothing here touches the database: the events come out as plain tuples that ``writer``
turns into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .energy import Timeline

SIM_PRICES_E4 = np.array([9000, 7000, 5000, 3000], dtype=np.int64)  # the simulator's
BANDS = ("sharp", "peak", "flat", "valley")
CASHIERS = ("demo.wang", "demo.li")  # 王会计 in the morning, 李出纳 in the afternoon
SINGLE_LIMIT_FEN = 5_000_000


@dataclass
class Payment:
    """One recharge or refund at the counter (amount positive in, negative out)."""

    at: datetime
    account: int
    meter: int | None  # the meter-side meter the money went to
    room: int | None
    method: str
    amount_fen: int
    before_fen: int  # balance before, as the receipt prints it
    count: int | None = None  # the meter's purchase count after this recharge
    reverses: Payment | None = None  # the recharge a reversal mirrors (no payment row)
    reason: str = ""


@dataclass
class Charge:
    """One month of one platform-side meter, billed at its end."""

    at: datetime
    account: int
    meter: int
    slot: datetime
    start: datetime
    end: datetime
    band_kwh: list[Decimal]
    lines: list[dict[str, object]]
    fen: int


@dataclass
class MoneyHistory:
    payments: list[Payment] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    openings: dict[int, int] = field(default_factory=dict)  # account -> fen at the start
    balances: dict[int, int] = field(default_factory=dict)  # account -> final balance
    meter_balance_fen: dict[int, int] = field(default_factory=dict)  # meter -> register
    meter_balance_day: dict[int, np.ndarray] = field(default_factory=dict)  # fen per midnight
    meter_purchases: dict[int, tuple[int, int]] = field(default_factory=dict)  # count, fen
    meter_book: dict[tuple[int, int], int] = field(default_factory=dict)
    meter_start_u: dict[int, int] = field(default_factory=dict)  # micro-yuan at the start


def _when(tl: Timeline, day: int, rng: np.random.Generator) -> datetime:
    """A moment during opening hours (09:00-17:00 park time) of ``day``."""
    minutes = int(rng.integers(9 * 60, 17 * 60))
    return tl.midnights[day] + timedelta(minutes=minutes, seconds=int(rng.integers(0, 60)))


def meter_side(
    out: MoneyHistory,
    tl: Timeline,
    meters: list[tuple[int, int, int, str]],  # (meter id, account, room, kind)
    daily: np.ndarray,  # meters x days x 4 band registers
    last: np.ndarray,  # meters x 4
    rng: np.random.Generator,
) -> np.ndarray:
    """Recharges of meter-side meters; returns each meter's balance in micro-yuan per
    midnight (meters x days) and fills the final balance and purchase counts."""
    n, ndays = daily.shape[0], daily.shape[1]
    if n == 0:
        return np.zeros((0, ndays), dtype=np.int64)
    spent = ((daily - daily[:, :1, :]) * SIM_PRICES_E4).sum(axis=2)  # micro-yuan
    day_cost = np.diff(spent, axis=1)  # meters x days-1
    shop = np.array([k == "shop" for _m, _a, _r, k in meters])
    balance0 = np.asarray(rng.integers(30, 150, size=n), dtype=np.int64) * 1_000_000  # micro-yuan
    paid = np.zeros(n, dtype=np.int64)  # micro-yuan recharged so far
    counts = np.zeros(n, dtype=np.int64)
    low = np.where(shop, 8_000, 2_000) * 10_000
    for d in range(ndays - 2):  # no counter work today: the last payments are yesterday's
        week = day_cost[:, max(0, d - 7) : d + 1].mean(axis=1)
        balance = balance0 + paid - spent[:, d]
        need = balance - day_cost[:, d] - day_cost[:, d + 1] < np.maximum(low, 3 * week)
        for i in np.nonzero(need)[0]:
            meter, account, room, kind = meters[i]
            steps = (500 if kind == "shop" else 50) * 100
            wanted = int(week[i] * (30 if kind == "shop" else 14)) // 10_000
            amount = max(
                int(rng.choice([20_000, 30_000, 50_000] if kind == "shop" else [5_000, 10_000])),
                -(-wanted // steps) * steps,
            )
            counts[i] += 1
            out.payments.append(
                Payment(
                    _when(tl, d, rng),
                    account,
                    meter,
                    room,
                    str(rng.choice(["cash", "qr", "qr", "card"])),
                    amount,
                    int(balance[i] // 10_000),
                    int(counts[i]),
                )
            )
            paid[i] += amount * 10_000
    end_spent = ((last - daily[:, 0, :]) * SIM_PRICES_E4).sum(axis=1)
    final = balance0 + paid - end_spent
    per_day = balance0[:, None] + _paid_by_day(out, meters, tl) - spent
    for j, (meter, account, _room, _kind) in enumerate(meters):
        out.meter_balance_fen[meter] = int(final[j] // 10_000)
        out.meter_balance_day[meter] = per_day[j] // 10_000
        out.meter_purchases[meter] = (int(counts[j]), int(paid[j] // 10_000))
        out.meter_start_u[meter] = int(balance0[j])
        if paid[j]:
            out.meter_book[(account, meter)] = int(paid[j] // 10_000)
    return per_day


def _paid_by_day(
    out: MoneyHistory, meters: list[tuple[int, int, int, str]], tl: Timeline
) -> np.ndarray:
    """Micro-yuan each meter had been recharged by each midnight."""
    index = {m[0]: i for i, m in enumerate(meters)}
    paid = np.zeros((len(meters), len(tl.midnights)), dtype=np.int64)
    for p in out.payments:
        if p.meter is None:
            continue
        day = (p.at - tl.midnights[0]).days + 1  # the next midnight sees it
        if day < paid.shape[1]:
            paid[index[p.meter], day] += p.amount_fen * 10_000
    return np.cumsum(paid, axis=1)


def month_edges(tl: Timeline) -> list[tuple[int, int | None]]:
    """(first day index, next month's first day index or None for the running month)."""
    edges: list[tuple[int, int | None]] = []
    start = 0
    for i, d in enumerate(tl.days):
        if i and d.day == 1:
            edges.append((start, i))
            start = i
    edges.append((start, None))
    return edges


def _fen(kwh: Decimal, price: Decimal) -> int:
    return int((kwh * price * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def platform(
    out: MoneyHistory,
    tl: Timeline,
    accounts: dict[int, list[tuple[int, int | None]]],  # account -> [(meter, room)]
    meter_index: dict[int, int],
    daily: np.ndarray,
    last: np.ndarray,
    prices: dict[str, Decimal],
    rng: np.random.Generator,
) -> None:
    """Monthly charges, openings, recharges, refunds and the one reversal of offices."""
    edges = month_edges(tl)
    price = [prices.get(b, prices.get("flat", Decimal("0.66"))) for b in BANDS]
    cost_at: dict[int, dict[int, int]] = {}  # account -> charge day -> fen
    for account, meters in accounts.items():
        for meter, _room in meters:
            i = meter_index[meter]
            for first, nxt in edges:
                upper = daily[i, nxt] if nxt is not None else last[i]
                delta = upper - daily[i, first]
                kwh = [Decimal(int(x)).scaleb(-2) for x in delta]
                if not any(kwh):
                    continue
                end = tl.midnights[nxt] if nxt is not None else tl.end
                lines = [
                    {
                        "start": tl.midnights[first].isoformat(),
                        "end": end.isoformat(),
                        "band": b,
                        "tier": 0,
                        "kwh": str(k),
                        "price": str(p),
                        "fen": _fen(k, p),
                    }
                    for b, k, p in zip(BANDS, kwh, price, strict=True)
                    if k
                ]
                fen = sum(int(str(line["fen"])) for line in lines)
                at = end + timedelta(minutes=30) if nxt is not None else end
                out.charges.append(
                    Charge(
                        at,
                        account,
                        meter,
                        tl.midnights[first],
                        tl.midnights[first],
                        end,
                        kwh,
                        lines,
                        fen,
                    )
                )
                day = nxt if nxt is not None else len(tl.days)
                cost_at.setdefault(account, {})
                cost_at[account][day] = cost_at[account].get(day, 0) + fen
    _platform_payments(out, tl, accounts, cost_at, rng)


def _platform_payments(
    out: MoneyHistory,
    tl: Timeline,
    accounts: dict[int, list[tuple[int, int | None]]],
    cost_at: dict[int, dict[int, int]],
    rng: np.random.Generator,
) -> None:
    ndays = len(tl.days)
    late = (
        set(
            rng.choice(
                list(accounts), size=max(1, len(accounts) * 3 // 100), replace=False
            ).tolist()
        )
        if accounts
        else set()
    )
    refunders = set(list(accounts)[1::97][:40]) if len(accounts) > 1 else set()
    typo_done = False
    for account, meters in accounts.items():
        costs = cost_at.get(account, {})
        monthly = max(costs.values(), default=0)
        opening = int(rng.integers(10, 60)) * 10_000 + monthly
        out.openings[account] = opening
        balance = opening
        room = meters[0][1]
        refund_day = int(rng.integers(ndays // 3, ndays - 30)) if account in refunders else -1
        for d in range(1, ndays):
            balance -= costs.get(d, 0)
            if d >= ndays - 1:
                continue
            stop = account in late and d > ndays - 75
            if not stop and balance < monthly * 1.2 and d < ndays - 1:
                amount = min(
                    SINGLE_LIMIT_FEN // 10,
                    max(100_000, -(-int(monthly * 2.5) // 100_000) * 100_000),
                )
                at = _when(tl, d, rng)
                method = str(rng.choice(["transfer", "transfer", "card", "qr"]))
                if not typo_done and d > ndays // 2 and amount * 10 <= SINGLE_LIMIT_FEN:
                    typo_done = True
                    wrong = Payment(at, account, None, room, method, amount * 10, balance)
                    out.payments.append(wrong)
                    out.payments.append(
                        Payment(
                            at + timedelta(minutes=3),
                            account,
                            None,
                            room,
                            method,
                            -amount * 10,
                            balance + amount * 10,
                            reverses=wrong,
                            reason="typed a zero too many",
                        )
                    )
                    at += timedelta(minutes=5)
                out.payments.append(Payment(at, account, None, room, method, amount, balance))
                balance += amount
            if d == refund_day and balance > 100_000:
                fen = balance * 3 // 10 // 1000 * 1000
                if fen > 0:
                    out.payments.append(
                        Payment(
                            _when(tl, d, rng),
                            account,
                            None,
                            room,
                            "transfer",
                            -fen,
                            balance,
                            reason="deposit returned after downsizing",
                        )
                    )
                    balance -= fen
        balance -= costs.get(ndays, 0)
        out.balances[account] = balance
