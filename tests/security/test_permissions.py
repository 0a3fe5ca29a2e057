"""Roles are enforced by the services: called directly, with no UI in between."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.models import Park, Role, Setting
from app.security import (
    ROLE_PERMISSIONS,
    Actor,
    ApprovalRequired,
    MoneyOut,
    OperatorError,
    Permission,
    PermissionDenied,
    SecurityPolicy,
    approve_login,
    authorize,
    check_money_out,
    list_entries,
    load_policy,
    require,
    system_actor,
)
from app.services.site import import_site

from .conftest import PASSWORD

P = Permission

# The issue's words, one line per role, checked against the table.
EXPECTED = {
    Role.ADMIN: set(Permission),  # alone: billing.edit and billing.run (issue 16)
    Role.OPERATOR: {
        P.VIEW,
        P.SITE_EDIT,
        P.METER_EDIT,
        P.RELAY_SWITCH,
        P.METER_PARAMS,
        P.TARIFF_EDIT,
        P.ALARM_ACK,
        P.REPORT_ENERGY,  # issue 15: energy reports and the reading sheet, no money
        P.NOTIFY_RESEND,  # issue 18: a test message, resending a failed one
        P.LOAD_EDIT,  # issue 19: load control settings, whitelists, learning mode
        P.LOAD_RESTORE,  # issue 19: the dorm manager's restore of a load cut
    },
    Role.CASHIER: {
        P.VIEW,
        P.RECHARGE,
        P.REFUND_REQUEST,
        P.RECEIPT_PRINT,
        P.SHIFT_CLOSE_OWN,
        P.ALARM_ACK,
    },
    Role.AUDITOR: {P.VIEW, P.AUDIT_READ, P.REPORT_ENERGY, P.REPORT_FINANCE},  # issue 15
}

SHEET = "building,floor,room,area\nA栋,1F,101,20\nA栋,1F,102,25\n"


def test_permission_table_matches_the_issue() -> None:
    assert {role: set(perms) for role, perms in ROLE_PERMISSIONS.items()} == EXPECTED
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize(
    ("role", "permission"),
    [
        (Role.CASHIER, P.TARIFF_EDIT),  # a cashier changing a tariff
        (Role.CASHIER, P.METER_EDIT),
        (Role.AUDITOR, P.RECHARGE),  # an auditor recharging
        (Role.AUDITOR, P.SITE_EDIT),
        (Role.OPERATOR, P.REFUND_REQUEST),  # an operator refunding
        (Role.OPERATOR, P.RECHARGE),
        (Role.OPERATOR, P.LEDGER_REVERSE),
        (Role.OPERATOR, P.BILLING_EDIT),  # issue 16: billing definitions and runs, admin only
        (Role.CASHIER, P.BILLING_RUN),
        (Role.AUDITOR, P.BILLING_EDIT),
    ],
)
def test_refusals_named_by_the_issue(
    db: Database, staff: dict[Role, Actor], role: Role, permission: Permission
) -> None:
    actor = staff[role]
    with pytest.raises(PermissionDenied) as refused:
        require(actor, permission)
    assert refused.value.permission is permission
    assert actor.display_name in str(refused.value)
    with pytest.raises(PermissionDenied), db.write() as session:
        authorize(session, actor, permission)


def test_operator_refund_is_refused_by_the_money_out_rule(staff: dict[Role, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        check_money_out(staff[Role.OPERATOR], MoneyOut.REFUND, Decimal("1.00"), SecurityPolicy())
    with pytest.raises(PermissionDenied):
        check_money_out(staff[Role.AUDITOR], MoneyOut.REFUND, Decimal("1.00"), SecurityPolicy())
    with pytest.raises(PermissionDenied):
        check_money_out(staff[Role.CASHIER], MoneyOut.REVERSAL, Decimal("1.00"), SecurityPolicy())


def test_site_import_service_enforces_the_role(
    db: Database, staff: dict[Role, Actor], tmp_path: Path
) -> None:
    sheet = tmp_path / "site.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    for role in (Role.CASHIER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            import_site(db, sheet, park="园区", actor=staff[role])
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Park)) == 0
    report = import_site(db, sheet, park="园区", actor=staff[Role.OPERATOR])
    assert report.created > 0
    row = list_entries(db, staff[Role.AUDITOR])[-1]
    assert (row.action, row.actor, row.target) == ("site.import", "operator", "file:site.csv")
    assert row.detail_dict()["after"]["rows"] == 2


def test_site_import_dry_run_and_system_actor(db: Database, admin: Actor, tmp_path: Path) -> None:
    sheet = tmp_path / "site.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    before = len(list_entries(db, admin))
    import_site(db, sheet, park="园区", dry_run=True)
    assert len(list_entries(db, admin)) == before
    import_site(db, sheet, park="园区")
    row = list_entries(db, admin)[-1]
    assert row.actor.startswith("cli:") and row.operator_id is None


def test_small_refund_needs_no_approval(staff: dict[Role, Actor]) -> None:
    policy = SecurityPolicy(approval_threshold=Decimal("200.00"))
    check_money_out(staff[Role.CASHIER], MoneyOut.REFUND, Decimal("200.00"), policy)


def test_large_refund_needs_a_different_admin(db: Database, staff: dict[Role, Actor]) -> None:
    cashier, admin = staff[Role.CASHIER], staff[Role.ADMIN]
    policy = SecurityPolicy(approval_threshold=Decimal("200.00"))
    with pytest.raises(ApprovalRequired) as needed:
        check_money_out(cashier, MoneyOut.REFUND, Decimal("200.01"), policy)
    assert needed.value.threshold == Decimal("200.00")
    # An operator cannot approve; an admin can.
    with pytest.raises(PermissionDenied):
        approve_login(db, cashier, "operator", PASSWORD)
    approver = approve_login(db, cashier, "admin", PASSWORD)
    check_money_out(cashier, MoneyOut.REFUND, Decimal("9999.99"), policy, approver=approver)
    # Nobody approves their own request, not even an admin.
    with pytest.raises(OperatorError):
        approve_login(db, admin, "admin", PASSWORD)
    with pytest.raises(ApprovalRequired):
        check_money_out(admin, MoneyOut.REVERSAL, Decimal("500.01"), policy, approver=admin)
    with pytest.raises(ApprovalRequired):
        check_money_out(admin, MoneyOut.REVERSAL, Decimal("500.01"), policy, system_actor())
    actions = [r.action for r in list_entries(db, admin)]
    assert actions.count("approval.ok") == 3 and actions.count("approval.failed") == 0


def test_policy_comes_from_settings_with_safe_fallbacks(db: Database) -> None:
    with db.read() as session:
        assert load_policy(session) == SecurityPolicy()
    with db.write() as session:
        session.add(Setting(key="security.approval_threshold_yuan", value="1000.50"))
        session.add(Setting(key="security.max_failures", value=3))
        session.add(Setting(key="security.lockout_minutes", value="oops"))
    with db.read() as session:
        policy = load_policy(session)
    assert policy.approval_threshold == Decimal("1000.50")
    assert policy.max_failures == 3
    assert policy.lockout == SecurityPolicy().lockout


def test_system_actor_is_labelled_and_admin() -> None:
    actor = system_actor("desk-7")
    assert actor.is_system and actor.role is Role.ADMIN
    assert actor.login.startswith("cli:") and actor.workstation == "desk-7"


def test_policy_is_set_by_admins_only_and_audited(db: Database, staff: dict[Role, Actor]) -> None:
    from datetime import timedelta

    from app.security import set_security_policy

    wanted = SecurityPolicy(3, timedelta(minutes=30), Decimal("800.00"))
    with pytest.raises(PermissionDenied):
        set_security_policy(db, staff[Role.OPERATOR], wanted)
    assert set_security_policy(db, staff[Role.ADMIN], wanted) == wanted
    with db.read() as session:
        assert load_policy(session) == wanted
    row = list_entries(db, staff[Role.AUDITOR])[-1]
    assert (row.action, row.target) == ("settings.change", "settings:security")
    assert row.detail_dict()["after"]["security.approval_threshold_yuan"] == "800.00"
    with pytest.raises(OperatorError):
        set_security_policy(db, staff[Role.ADMIN], SecurityPolicy(0))
    with pytest.raises(OperatorError):
        set_security_policy(
            db, staff[Role.ADMIN], SecurityPolicy(approval_threshold=Decimal("1.005"))
        )


def test_an_auditor_reads_alarms_but_may_not_acknowledge_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The auditor changes nothing, alarms included (the service refuses, not only the UI)."""
    import pytest as _pytest

    from app.db import open_database
    from app.livedata import acknowledge_events
    from app.models import Event, Role
    from app.security import Actor, PermissionDenied

    db = open_database(f"sqlite:///{tmp_path / 'ack.sqlite'}")
    with db.write() as s:
        s.add(Event(kind="meter.offline", level=2, message="x"))
    auditor = Actor(None, "aud", "审计", Role.AUDITOR, "desk")
    with _pytest.raises(PermissionDenied):
        acknowledge_events(db, auditor, [1])
    assert acknowledge_events(db, Actor(None, "ops", "运维", Role.OPERATOR, "desk"), [1]) == 1
    db.dispose()
