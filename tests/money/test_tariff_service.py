"""Publishing and assigning tariffs through the service (roles, history, resale cap)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from app.db import Database
from app.ledger.journal import LedgerError
from app.ledger.tariffs import (
    assign,
    list_tariffs,
    price_summary,
    publish_version,
    tariff_for_meter,
)
from app.models import AuditEntry, Building, Meter, MeterRole, Setting, TariffAssignment
from app.security import PermissionDenied

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
DEMO_NAMES = sorted(["工业分时电价", "商业电价", "学生宿舍电价"])


def flat(price: str, start: datetime = NOW) -> dict[str, object]:
    return {"effective_from": start.isoformat(), "prices": {"flat": price}}


def test_operator_publishes_and_history_is_kept(park, staff) -> None:  # type: ignore[no-untyped-def]
    publish_version(park, staff["operator"], "测试商业", flat("0.8000"), now=NOW)
    publish_version(
        park, staff["operator"], "测试商业", flat("0.8500", NOW + timedelta(days=30)), now=NOW
    )
    (summary,) = [t for t in list_tariffs(park) if t.name == "测试商业"]
    assert [v["prices"]["flat"] for v in summary.versions] == ["0.8000", "0.8500"]
    with park.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "tariff.publish")).all()
        assert len(rows) == 2 and all(r.actor == "operator" for r in rows)


@pytest.mark.parametrize("role", ["cashier", "auditor"])
def test_cashier_and_auditor_cannot_change_tariffs(park, staff, role: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        publish_version(park, staff[role], "测试商业", flat("0.8000"), now=NOW)
    assert [t.name for t in list_tariffs(park)] == DEMO_NAMES


def test_a_version_cannot_start_in_the_past(park, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="past"):
        publish_version(park, staff["admin"], "x", flat("0.5000", NOW - timedelta(days=1)), now=NOW)


def test_bad_definition_is_refused_with_the_field(park, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match=r"prices\.flat"):
        publish_version(
            park,
            staff["admin"],
            "x",
            {"effective_from": NOW.isoformat(), "prices": {"flat": "abc"}},
            now=NOW,
        )


def test_resale_cap_warns_and_the_warning_is_audited(park, staff) -> None:  # type: ignore[no-untyped-def]
    with park.write() as s:
        s.add(Setting(key="tariff.catalogue_price", value="0.6000"))
    ok = publish_version(park, staff["admin"], "a", flat("0.6900"), now=NOW)
    high = publish_version(park, staff["admin"], "b", flat("0.6901"), now=NOW)
    assert ok.warnings == []
    assert high.warnings and "0.6900" in high.warnings[0]
    with park.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.target == "tariff:b")).all()
        assert "warnings" in rows[0].detail


def test_most_specific_assignment_wins(park, staff) -> None:  # type: ignore[no-untyped-def]
    admin = staff["admin"]
    with park.write() as s:  # start without the demo's assignments
        s.execute(delete(TariffAssignment))
    for name, price in (
        ("默认", "0.5000"),
        ("楼栋", "0.6000"),
        ("企业", "0.7000"),
        ("单表", "0.9000"),
    ):
        publish_version(park, admin, name, flat(price), now=NOW)
    with park.read() as s:
        meter = s.scalars(
            select(Meter).where(Meter.role == MeterRole.TENANT, Meter.room_id.is_not(None))
        ).first()
        other_building = s.scalars(select(Building).where(Building.id != meter.building_id)).first()
    assign(park, admin, "默认", "default")

    def price() -> str:
        with park.read() as s:
            tariff = tariff_for_meter(s, meter.id)
            return str(tariff.versions[0].prices[next(iter(tariff.versions[0].prices))])

    assert price() == "0.5000"
    assign(park, admin, "企业", "tenant_kind", "enterprise")
    assert price() == "0.7000"
    assign(park, admin, "楼栋", "building", str(meter.building_id))
    assert price() == "0.6000"
    assign(park, admin, "单表", "building", str(other_building.id))  # another building: no effect
    assert price() == "0.6000"
    assign(park, admin, "单表", "meter", str(meter.id))
    assert price() == "0.9000"
    with pytest.raises(PermissionDenied):
        assign(park, staff["cashier"], "默认", "meter", str(meter.id))


def test_price_summary_for_receipts(park, staff, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from app.billing.tariff import Tariff, version_from_data

    tou = {
        "effective_from": NOW.isoformat(),
        "prices": {"sharp": "1.2000", "peak": "1.0000", "flat": "0.6500", "valley": "0.3000"},
        "seasons": [
            {
                "start": "01-01",
                "workday": [
                    ["00:00", "valley"],
                    ["08:00", "peak"],
                    ["10:00", "sharp"],
                    ["11:00", "flat"],
                ],
            }
        ],
    }
    tariff = Tariff("t", (version_from_data(tou),))
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert price_summary(tariff, NOW) == "尖 1.2000 峰 1.0000 平 0.6500 谷 0.3000 元/kWh"
    assert price_summary(None, NOW) == ""
    assert price_summary(tariff, NOW - timedelta(days=1)) == ""


def test_database_unchanged_by_refusals(park: Database, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError):
        assign(park, staff["admin"], "nope", "default")
    with pytest.raises(LedgerError, match="scope"):
        assign(park, staff["admin"], "nope", "floor", "1")
    assert [t.name for t in list_tariffs(park)] == DEMO_NAMES
