"""Apportionment scheme definitions: validation naming the field, the role, the audit, and
the rule that a scheme used by a run keeps its rules (only its end date may change)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.definitions import BillingError
from app.billing.schemes import (
    add_scheme,
    deactivate_scheme,
    edit_scheme,
    list_schemes,
    schemes_in_force,
    show_scheme,
)
from app.db import Database
from app.models import Account, AuditEntry, BillingRun, Building, Meter, MeterRole, Role
from app.security import Actor, PermissionDenied

START = date(2026, 12, 1)


def ids(db: Database) -> dict[str, Any]:
    with db.read() as s:
        building = s.scalars(select(Building).order_by(Building.id)).first()
        assert building is not None
        meters = s.execute(
            select(Meter.id, Meter.role).where(Meter.building_id == building.id)
        ).all()
        accounts = list(s.scalars(select(Account.id).order_by(Account.id).limit(3)))
    return {
        "building": building.id,
        "master": next(m for m, r in meters if r == MeterRole.MASTER),
        "common": [m for m, r in meters if r == MeterRole.COMMON],
        "tenant": next(m for m, r in meters if r == MeterRole.TENANT),
        "accounts": accounts,
    }


def loss(building: int, **more: Any) -> dict[str, Any]:
    return {"scope": {"buildings": [building]}, "source": "loss", "basis": "energy", **more}


def test_add_normalises_and_audits(park: Database, staff: dict[Role, Actor]) -> None:
    admin, known = staff[Role.ADMIN], ids(park)
    scheme = add_scheme(
        park,
        admin,
        " A栋损耗 ",
        loss(known["building"], cap_percent="30", exclude_accounts=[known["accounts"][0]]),
        START,
    )
    assert scheme.name == "A栋损耗" and scheme.source == f"apportion:{scheme.id}"
    assert scheme.definition == {
        "scope": {"buildings": [known["building"]]},
        "source": "loss",
        "common_meters": [],
        "masters": [],  # the engine takes the scope's master meters
        "basis": "energy",
        "ratios": {},
        "cap_percent": "30",
        "exclude_vacant": True,
        "exclude_accounts": [known["accounts"][0]],
    }
    assert scheme.in_force(START) and not scheme.in_force(date(2026, 11, 30))
    common = add_scheme(
        park,
        admin,
        "A栋公摊",
        {
            "scope": {"park": True},
            "source": "both",
            "common_meters": known["common"],
            "masters": [known["master"]],
            "basis": "ratio",
            "ratios": {str(known["accounts"][1]): "2", str(known["accounts"][2]): "1.5"},
        },
        START,
        date(2027, 11, 30),
    )
    assert common.definition["ratios"] == {
        str(known["accounts"][1]): "2",
        str(known["accounts"][2]): "1.5",
    }
    assert [s.name for s in list_schemes(park, staff[Role.AUDITOR])] == ["A栋公摊", "A栋损耗"]
    assert show_scheme(park, staff[Role.CASHIER], "A栋公摊").id == common.id
    assert show_scheme(park, admin, common.id).effective_to == date(2027, 11, 30)
    with park.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "apportion.add")).all()
    assert [r.target for r in rows] == [f"apportion:{scheme.id}", f"apportion:{common.id}"]
    assert '"cap_percent":"30"' in rows[0].detail.replace(" ", "")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scope": {"buildings": [99999]}}, "buildings"),
        ({"scope": {"rooms": [1]}}, "scope"),
        ({"source": "wind"}, "source"),
        ({"basis": "ratio"}, "ratios"),
        ({"basis": "weight"}, "basis"),
        ({"cap_percent": "120"}, "cap_percent"),
        ({"cap_percent": "0"}, "cap_percent"),
        ({"cap_percent": "abc"}, "cap_percent"),
        ({"cap_percent": 30.5}, "cap_percent"),
        ({"exclude_accounts": [99999]}, "exclude_accounts"),
        ({"source": "common", "common_meters": [99999]}, "common_meters"),
        ({"source": "common"}, "common_meters"),
        ({"masters": "tenant"}, "masters"),
        ({"exclude_vacant": "yes"}, "exclude_vacant"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_definitions_name_the_field(
    park: Database, staff: dict[Role, Actor], change: dict[str, Any], field: str
) -> None:
    known = ids(park)
    if change.get("masters") == "tenant":
        change = {"masters": [known["tenant"]]}
    with pytest.raises(BillingError, match=field):
        add_scheme(park, staff[Role.ADMIN], "坏方案", {**loss(known["building"]), **change}, START)
    assert list_schemes(park, staff[Role.ADMIN]) == []


def test_dates_and_names(park: Database, staff: dict[Role, Actor]) -> None:
    admin, building = staff[Role.ADMIN], ids(park)["building"]
    with pytest.raises(BillingError, match="effective_to"):
        add_scheme(park, admin, "损耗", loss(building), START, date(2026, 11, 30))
    with pytest.raises(BillingError, match="name"):
        add_scheme(park, admin, "  ", loss(building), START)
    add_scheme(park, admin, "损耗", loss(building), START)
    with pytest.raises(BillingError, match="损耗"):
        add_scheme(park, admin, "损耗", loss(building), START)


def test_only_an_administrator_changes_schemes(park: Database, staff: dict[Role, Actor]) -> None:
    building = ids(park)["building"]
    for role in (Role.OPERATOR, Role.CASHIER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            add_scheme(park, staff[role], "损耗", loss(building), START)
    scheme = add_scheme(park, staff[Role.ADMIN], "损耗", loss(building), START)
    with pytest.raises(PermissionDenied):
        deactivate_scheme(park, staff[Role.OPERATOR], scheme.id)
    with pytest.raises(PermissionDenied):
        edit_scheme(park, staff[Role.OPERATOR], scheme.id, effective_to=date(2027, 1, 1))


def test_edit_while_unused_then_only_the_end(park: Database, staff: dict[Role, Actor]) -> None:
    admin, building = staff[Role.ADMIN], ids(park)["building"]
    scheme = add_scheme(park, admin, "损耗", loss(building), START)
    edited = edit_scheme(
        park, admin, scheme.id, name="损耗(面积)", definition=loss(building, basis="area")
    )
    assert (edited.name, edited.definition["basis"], edited.used) == ("损耗(面积)", "area", False)
    with park.write() as s:  # a run has used it (the engine's row, written here by hand)
        s.add(BillingRun(source=edited.source, period="2026-12"))
    with pytest.raises(BillingError, match="effective_to"):
        edit_scheme(park, admin, scheme.id, definition=loss(building, basis="equal"))
    with pytest.raises(BillingError):
        edit_scheme(park, admin, scheme.id, effective_from=date(2027, 1, 1))
    ended = edit_scheme(park, admin, scheme.id, effective_to=date(2027, 6, 30))
    assert (ended.used, ended.effective_to, ended.definition["basis"]) == (
        True,
        date(2027, 6, 30),
        "area",
    )
    with pytest.raises(BillingError, match="effective_to"):
        edit_scheme(park, admin, scheme.id, effective_to=date(2026, 1, 1))
    assert [s.id for s in schemes_in_force(park, admin, date(2027, 6, 30))] == [scheme.id]
    assert deactivate_scheme(park, admin, scheme.id).active is False
    assert schemes_in_force(park, admin, date(2027, 6, 30)) == []
    assert list_schemes(park, admin, include_inactive=False) == []
    with park.read() as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target == f"apportion:{scheme.id}")
            .order_by(AuditEntry.id)
        ).all()
        edit_row = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "apportion.edit").order_by(AuditEntry.id)
        ).first()
    assert actions == ["apportion.add", "apportion.edit", "apportion.edit", "apportion.deactivate"]
    assert edit_row is not None and "before" in edit_row.detail and "损耗(面积)" in edit_row.detail


def test_unknown_scheme(park: Database, staff: dict[Role, Actor]) -> None:
    with pytest.raises(BillingError, match="no apportionment scheme"):
        show_scheme(park, staff[Role.ADMIN], "没有")
    with pytest.raises(BillingError):
        deactivate_scheme(park, staff[Role.ADMIN], 424242)


def test_masters_default_to_the_scope(park: Database, staff: dict[Role, Actor]) -> None:
    from app.billing.schemes import masters_of

    known = ids(park)
    scheme = add_scheme(park, staff[Role.ADMIN], "损耗", loss(known["building"]), START)
    whole = add_scheme(park, staff[Role.ADMIN], "全园", {**loss(0), "scope": {"park": True}}, START)
    named = add_scheme(
        park, staff[Role.ADMIN], "指定", loss(known["building"], masters=[known["master"]]), START
    )
    with park.read() as s:
        all_masters = set(s.scalars(select(Meter.id).where(Meter.role == MeterRole.MASTER)))
        assert masters_of(s, scheme.definition) == [known["master"]]
        assert set(masters_of(s, whole.definition)) == all_masters and len(all_masters) > 1
        assert masters_of(s, named.definition) == [known["master"]]
