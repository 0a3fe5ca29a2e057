"""The payments window's Qt-free side (app.payments.panel), on SQLite and PostgreSQL: the
platform told from the file, the dry run then the import, the history with receipts, the
account search and assignment, the period reconciliation, the relay secret (admin only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import AuditEntry
from app.payments.endpoint import SECRET_NAME
from app.payments.panel import (
    HistoryFilter,
    assign_payment,
    credit_bill,
    detect_platform,
    find_targets,
    history,
    preview,
    read_bill,
    reconcile_period,
    relay_setup,
    store_relay_secret,
    unmatched_rows,
)
from app.payments.statements import StatementError
from app.security import Actor, PermissionDenied
from app.security.keystore import get_secret
from tests.payments.bills import Pay, alipay_account_bill, alipay_business_bill, wechat_bill
from tests.payments.conftest import Tenant

WX = "42000012342026110300000000"
ALI = "2026110322001400000000"


def test_the_platform_is_told_from_the_file(tmp_path: Path) -> None:
    assert detect_platform(wechat_bill([Pay(WX + "01", "1.00")])) == "wechat"
    assert detect_platform(alipay_business_bill([Pay(ALI + "01", "1.00")])) == "alipay"
    assert detect_platform(alipay_account_bill([Pay(ALI + "01", "1.00")])) == "alipay"
    with pytest.raises(StatementError):
        detect_platform("日期,金额\n2026-11-03,1.00\n".encode())
    path = tmp_path / "bill.csv"
    path.write_bytes(alipay_business_bill([Pay(ALI + "01", "1.00")]))
    bill = read_bill(path)
    assert (bill.platform, bill.detected) == ("alipay", True)
    assert read_bill(path, "alipay").detected is False


def test_preview_credit_history_assign_reconcile(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant, tmp_path: Path
) -> None:
    cashier = staff["cashier"]
    path = tmp_path / "wx.csv"
    path.write_bytes(
        wechat_bill(
            [
                Pay(WX + "01", "50.00", f"电费 {office.account}", "oOFFICE"),
                Pay(WX + "02", "8.00", "电费", "oNEW"),
            ]
        )
    )
    bill = read_bill(path)
    dry = preview(park, cashier, bill)
    assert [o.action for o in dry.outcomes] == ["credited", "unmatched"]
    assert history(park, HistoryFilter()) == []  # the dry run wrote nothing
    done = credit_bill(park, cashier, bill)
    receipt = done.outcomes[0].receipt
    assert receipt and done.outcomes[0].account == office.account
    rows = history(park, HistoryFilter(text=office.account))
    assert [(r.txn, r.receipt, r.account) for r in rows] == [(WX + "01", receipt, office.account)]
    assert history(park, HistoryFilter(source="endpoint")) == []
    assert [o.action for o in credit_bill(park, cashier, bill).outcomes] == [
        "already",
        "unmatched",
    ]

    waiting = unmatched_rows(park)
    assert [(w.txn, w.amount_fen) for w in waiting] == [(WX + "02", 800)]
    assert waiting[0].note  # the reason
    targets = find_targets(park, dorm.room)
    target = next(t for t in targets if t.room_id == dorm.room_id)
    with pytest.raises(PermissionDenied):
        assign_payment(park, staff["operator"], waiting[0], target)
    account, second = assign_payment(park, cashier, waiting[0], target)
    assert account == dorm.account and second
    assert unmatched_rows(park) == []

    paid = bill.statement.lines[0].paid_at
    rec = reconcile_period(park, "wechat", paid - timedelta(days=1), paid + timedelta(days=1))
    assert (rec.platform_count, rec.platform_fen, rec.ledger_fen) == (2, 5800, 5800)
    assert rec.balanced


def test_period_reconciliation_lists_what_waits(
    park: Database, staff: dict[str, Actor], office: Tenant, tmp_path: Path
) -> None:
    path = tmp_path / "wx.csv"
    path.write_bytes(
        wechat_bill([Pay(WX + "01", "5.00", office.account), Pay(WX + "02", "3.00", "电费")])
    )
    credit_bill(park, staff["cashier"], read_bill(path))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rec = reconcile_period(park, "wechat", start, start + timedelta(days=7))
    assert [(d.what, d.txn) for d in rec.differences] == [("missing", WX + "02")]
    empty = reconcile_period(park, "alipay", start, start + timedelta(days=7))
    assert empty.balanced and empty.platform_count == 0


def test_the_relay_secret_is_stored_by_an_admin_only(
    park: Database, staff: dict[str, Actor]
) -> None:
    assert relay_setup(park).secret_stored is False
    with pytest.raises(PermissionDenied):
        store_relay_secret(park, staff["cashier"], "x" * 20)
    with pytest.raises(ValueError):
        store_relay_secret(park, staff["admin"], "short")
    store_relay_secret(park, staff["admin"], "s3cret-of-the-relay-0001")
    assert get_secret(SECRET_NAME) == "s3cret-of-the-relay-0001"
    assert relay_setup(park).secret_stored is True
    with park.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "payment.secret")).one()
        assert "s3cret" not in entry.detail and "replaced" in entry.detail
