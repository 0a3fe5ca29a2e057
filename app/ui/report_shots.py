"""Screenshots of the Reports window (报表) for the user guide.

``python -m app.ui.report_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`report_shots`) builds a throw-away demo park, gives it a year of recharges through
the real counter service (backdated, spread over the rooms, the methods and two
cashiers) when the demo has no history of its own, then opens the Reports window and
saves one picture per registered report: ``reports-<kind>-<lang>[-150].png`` at
1280x800, plus the cashier's narrowed orders view. Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import inspect
import random
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.reports import Grain, Period

ZONE = ZoneInfo("Asia/Shanghai")
METHODS = ("cash", "cash", "qr", "qr", "card", "transfer")
# how each report is shown: (period for today, grouping, scope level)
SHOTS: dict[str, tuple[str, Grain]] = {
    "orders": ("last_month", Grain.DAY),
    "income": ("twelve_months", Grain.MONTH),
    "energy": ("last_month", Grain.DAY),
    "monthly": ("last_month", Grain.MONTH),
    "compare": ("last_month", Grain.MONTH),
    "readings": ("last_month", Grain.DAY),
}


def shot_period(name: str, today: date) -> Period:
    if name == "twelve_months":
        first = date(today.year - 1, today.month, 1)
        return Period(first, today, ZONE)
    return getattr(Period, name)(today, ZONE)  # type: ignore[no-any-return]


def seed_recharges(
    db: Any, actors: list[Any], today: date, per_month: int = 30, months: int = 13
) -> int:
    """Recharges of ``months`` months to ``today`` through the counter service, more in
    winter and summer, on the let rooms of the park tree; returns how many."""
    from app.ledger.recharge import RechargeRequest, recharge
    from app.livedata.site import read_park

    rooms = [
        r.id
        for p in read_park(db)
        for b in p.buildings
        for f in b.floors
        for r in f.rooms
        if r.account
    ]
    rng = random.Random(15)
    made = 0
    for back in range(months - 1, -1, -1):
        year, number = divmod(today.year * 12 + today.month - 1 - back, 12)
        month = date(year, number + 1, 1)
        season = 1.5 if month.month in (1, 2, 7, 8, 12) else 1.0
        for _ in range(int(per_month * season)):
            day = month + timedelta(days=rng.randrange(28))
            if day > today:
                continue
            moment = datetime.combine(day, time(8 + rng.randrange(11), rng.randrange(60)), ZONE)
            amount = rng.choice(("50", "100", "200", "300", "500", "1000", "88.50"))
            request = RechargeRequest(
                amount, rng.choice(METHODS), uuid.uuid4().hex, room_id=rng.choice(rooms)
            )
            recharge(db, rng.choice(actors), request, now=moment.astimezone(UTC))
            made += 1
    return made


def report_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """Every registered report on a demo park with a year of money, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.reports.request import kinds
    from app.security import Actor, Role, add_operator, create_first_admin, login

    from .reports import ReportsWindow
    from .screenshots import loop_wait, pause

    saved: list[Path] = []
    today = datetime.now(ZONE).date()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/reports.sqlite")
        history = "history" in inspect.signature(build_demo).parameters  # r-demo's park
        if history:
            build_demo(db, rooms=120, history=True)
        else:
            build_demo(db, rooms=120)
        password = uuid.uuid4().hex
        admin = create_first_admin(db, "admin", "管理员", password)
        add_operator(db, admin, "wang", "王晓梅", Role.CASHIER, password)
        add_operator(db, admin, "li", "李娜", Role.CASHIER, password)
        cashiers = [login(db, name, password) for name in ("wang", "li")]
        if history:  # the demo's cashiers are others: some orders of our two
            seed_recharges(db, cashiers, today, per_month=12, months=2)
        else:  # a demo without history: a year of money made here
            seed_recharges(db, cashiers, today)
        auditor = Actor(None, "zhao", "赵会计", Role.AUDITOR, "desk-2")
        for actor, names in ((auditor, [k.name for k in kinds()]), (cashiers[0], ["orders"])):
            window = ReportsWindow(db, actor, ZONE, today=today)
            window.resize(1280, 800)
            window.show()
            window.load()
            loop_wait(window.loaded)
            for name in names:
                if not window.form.select_kind(name):
                    continue
                period, grain = SHOTS.get(name, ("last_month", Grain.DAY))
                window.form.set_period(shot_period(period, today))
                window.form.set_grain(grain)
                if window.run():
                    loop_wait(window.finished, 60_000)
                pause(app, 400)
                who = "-cashier" if actor is not auditor else ""
                path = out / f"reports-{name}{who}-{lang}{suffix}.png"
                window.grab().save(str(path))
                saved.append(path)
            window.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.report_shots [DIR]``: only these shots (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, report_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
