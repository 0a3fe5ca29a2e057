"""The Billing window's reads (app.billing.history), on both back ends: the runs' history
with who and the totals, a run's lines with names and the explanation in words, a
preview's names and refusals, the due sources with their names, and who may read them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.billing import history
from app.billing.runs import RunLine, RunPreview, post, preview, reverse
from app.db import Database
from app.models import Account, Building, Role
from app.security import Actor, PermissionDenied
from tests.billing.test_runs import add_fee

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def test_history_lines_and_names(park: Database, staff: dict[Role, Actor]) -> None:
    admin = staff[Role.ADMIN]
    fee = add_fee(
        park, "测试物业费", amount_kind="per_m2", amount="2.50", mode="deduct",
        period="monthly", day=1,
    )  # fmt: skip
    due = history.due_sources(park, admin, "2026-11")
    assert [(r.source, r.period, r.what) for r in due] == [(f"fee:{fee}", "2026-11", "测试物业费")]

    plan = preview(park, admin, f"fee:{fee}", "2026-11")
    named = history.preview_lines(park, admin, plan)
    with park.read() as s:
        numbers = dict(s.execute(select(Account.id, Account.number)).tuples().all())
    assert [x.account for x in named] == [numbers[x.account_id] for x in plan.lines]
    assert all(x.tenant for x in named)
    first = plan.lines[0]
    assert named[0].how == f"{first.detail['area_m2']} m² × 2.50 yuan/m²"

    run = post(park, admin, f"fee:{fee}", "2026-11", now=NOW)
    reverse(park, admin, run.id, "面积录错", now=NOW)
    again = post(park, admin, f"fee:{fee}", "2026-11", now=NOW)
    rows = history.list_runs(park, admin)
    assert [(r.id, r.status) for r in rows] == [(again.id, "posted"), (run.id, "reversed")]
    old = rows[1]
    assert old.what == "测试物业费" and old.operator == "管理员" and old.reversed_by == "管理员"
    assert old.reason == "面积录错" and old.total_fen == plan.total_fen
    assert old.lines == len(plan.lines)
    lines = history.run_lines(park, admin, again.id)
    assert [(x.account_id, x.fen, x.how) for x in lines] == [
        (x.account_id, x.fen, x.how) for x in named
    ]
    assert history.list_runs(park, staff[Role.AUDITOR])  # an auditor reads the money


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CASHIER])
def test_history_is_refused_to_who_may_not_read_money(
    park: Database, staff: dict[Role, Actor], role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        history.list_runs(park, staff[role])
    with pytest.raises(PermissionDenied):
        history.run_lines(park, staff[role], 1)


def test_explanations_and_refusals_in_words(park: Database, staff: dict[Role, Actor]) -> None:
    share = {
        "building_name": "1号厂房",
        "loss_kwh": "12.00",
        "basis": "area",
        "basis_value": "40",
        "basis_total": "400",
        "capped": True,
        "cap_percent": "10",
    }
    assert history.explain("apportion", "apportion", share) == (
        "1号厂房: loss 12.00 kWh shared by area, this account 40 m² of 400 m²"
        " (capped at 10 % of its own use)"
    )
    assert history.explain("fee", "fixed", {"amount": "30.00"}) == "fixed amount 30.00 yuan"
    assert history.explain("fee", "per_kwh", {"amount": "0.1000", "kwh": "12.5"}) == (
        "12.5 kWh × 0.1000 yuan/kWh"
    )
    with park.read() as s:
        building = s.scalars(select(Building).order_by(Building.id)).first()
        account = s.scalars(select(Account).order_by(Account.id)).first()
        assert building is not None and account is not None
        names = (building.name, account.number)
    plan = RunPreview(
        "apportion:1",
        "2026-11",
        "apportion",
        [RunLine(account.id, 100, "apportion", False)],
        {f"building:{building.id}": "a meter is offline", f"account:{account.id}": "nothing"},
        date(2026, 12, 15),
    )
    refused = dict(history.refusals(park, staff[Role.ADMIN], plan))
    assert refused[names[0]] == "a meter is offline"
    assert any(who.startswith(names[1]) for who in refused)


def test_scheme_meters_name_the_master_and_common_meters(
    park: Database, staff: dict[Role, Actor]
) -> None:
    """The scheme editor's pickers: every installed master and common meter, with its
    building (through its room when it has one), never a tenant meter."""
    from app.models import Meter, MeterRole

    rows = history.scheme_meters(park, staff[Role.CASHIER])
    with park.read() as s:
        want = {
            m.id: m
            for m in s.scalars(
                select(Meter).where(
                    Meter.role.in_([MeterRole.MASTER, MeterRole.COMMON]),
                    Meter.removed_at.is_(None),
                )
            )
        }
        names = dict(s.execute(select(Building.id, Building.name)).tuples().all())
    assert {r.id for r in rows} == set(want) and rows
    assert {r.role for r in rows} == {"master", "common"}
    for r in rows:
        assert r.address == want[r.id].address and r.role == want[r.id].role.value
        assert r.building_id is not None and r.building == names[r.building_id]


def test_due_sources_say_what_kind_each_is(park: Database, staff: dict[Role, Actor]) -> None:
    fee = add_fee(
        park, "测试物业费", amount_kind="per_m2", amount="2.50", mode="bill",
        period="monthly", day=1,
    )  # fmt: skip
    (row,) = history.due_sources(park, staff[Role.ADMIN], "2026-11")
    assert (row.source, row.kind, row.traits) == (f"fee:{fee}", "fee", ("per_m2", "bill"))


def test_account_choices_leave_out_closed_accounts(
    park: Database, staff: dict[Role, Actor]
) -> None:
    from app.models import AccountStatus, Tenant

    with park.write() as s:
        closed = s.scalars(select(Account).order_by(Account.id).limit(1)).one()
        closed.status = AccountStatus.CLOSED
    with park.read() as s:
        want = [
            (str(n), str(t))
            for n, t in s.execute(
                select(Account.number, Tenant.name)
                .join(Tenant, Tenant.id == Account.tenant_id)
                .where(Account.status != AccountStatus.CLOSED)
                .order_by(Account.number)
            )
        ]
    got = history.account_choices(park, staff[Role.CASHIER])
    assert got == want and got and closed.number not in [n for n, _t in got]
