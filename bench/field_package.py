"""What a field package costs: export of the demo park's buildings, the laptop's recharges,
verification and merge (``app.field``).

``python bench/field_package.py [ROOMS] [RECHARGES]``: a demo park of ROOMS rooms (default
480) on a SQLite office database; every building exported to one package; RECHARGES cash
recharges (default 200) on the package's platform-side rooms; then the merge (verify, plan,
apply). Prints seconds for each step and the package's size. Secrets go to a keystore file
in a temporary home; hashing is cheap (the bench measures the package, not argon2).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's app


def main() -> None:
    rooms = int(sys.argv[1]) if len(sys.argv) > 1 else 480
    recharges = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    home = Path(tempfile.mkdtemp(prefix="wattdesk-field-bench-"))
    os.environ.update(
        WATTDESK_HOME=str(home),
        WATTDESK_KEYSTORE="file",
        WATTDESK_KEYSTORE_PASSPHRASE="bench-passphrase-2026",
    )
    from app.db import Database, open_database
    from app.demo import build_demo
    from app.field.apply import merge_package
    from app.field.export import export_package
    from app.ledger.recharge import RechargeRequest, recharge
    from app.models import BillingMode, Building, Meter, MeterRole, Room
    from app.security import create_first_admin, login
    from app.security.passwords import HashParams, configure_hashing

    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    office = open_database(f"sqlite:///{home / 'office.sqlite'}")
    build_demo(office, rooms=rooms, opening_balances=True)
    create_first_admin(office, "admin", "管理员", "Bench-2026-pass!")
    admin = login(office, "admin", "Bench-2026-pass!")
    with office.read() as s:
        names = list(s.scalars(select(Building.name)))
    pkg = home / "package.sqlite"
    t0 = time.perf_counter()
    export_package(office, admin, names, pkg)
    t_export = time.perf_counter() - t0
    laptop = Database(f"sqlite:///{pkg}")
    with laptop.read() as s:
        targets = list(
            s.scalars(
                select(Room.id)
                .join(Meter, Meter.room_id == Room.id)
                .where(
                    Meter.role == MeterRole.TENANT,
                    Meter.billing_mode == BillingMode.PLATFORM,
                    Room.account_id.is_not(None),
                )
            )
        )
    cashier = login(laptop, "admin", "Bench-2026-pass!")
    t0 = time.perf_counter()
    for i in range(recharges):
        room = targets[i % len(targets)]
        recharge(
            laptop, cashier, RechargeRequest("10.00", "cash", f"bench-field-{i:06d}", room_id=room)
        )
    t_laptop = time.perf_counter() - t0
    laptop.dispose()
    size = pkg.stat().st_size
    t0 = time.perf_counter()
    outcome = merge_package(office, admin, pkg)
    t_merge = time.perf_counter() - t0
    assert outcome.status == "merged", outcome.status
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"rooms {rooms}, buildings {len(names)}, field recharges {recharges}")
    print(f"export {t_export:.2f} s, package {size / 1e6:.1f} MB")
    print(f"laptop recharges {t_laptop:.2f} s ({1000 * t_laptop / max(recharges, 1):.1f} ms each)")
    print(f"merge (verify + plan + apply) {t_merge:.2f} s")
    print(f"load average {' '.join(load)}")
    office.dispose()


if __name__ == "__main__":
    main()
