"""The shift close service as the counter's dialog uses it: the preview, the reason in the
audit row, the report's park header and the cashier's name (both back ends)."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from app.db import Database, open_database
from app.demo import build_demo
from app.ledger.journal import LedgerError
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.shifts import close_shift, open_shift_totals, shift_report_pdf
from app.models import BillingMode, Role, Shift
from app.security import Actor, add_operator, list_entries, login, system_actor
from app.services.settings import park_details, save_park_details

from .conftest import PASSWORD, room_of


@pytest.fixture
def named_cashier(park: Database, staff: dict[str, Actor]) -> Actor:
    add_operator(park, staff["admin"], "lixue", "李雪", Role.CASHIER, PASSWORD)
    return login(park, "lixue", PASSWORD)


def pay(db: Database, actor: Actor, amount: str, method: str) -> None:
    room = room_of(db, BillingMode.PLATFORM)
    recharge(db, actor, RechargeRequest(amount, method, uuid.uuid4().hex, room_id=room.id))


def test_preview_then_close_with_a_reason_audited(park, staff, named_cashier) -> None:  # type: ignore[no-untyped-def]
    pay(park, named_cashier, "100", "cash")
    pay(park, named_cashier, "50", "card")
    with park.read() as s:
        shown = open_shift_totals(s, "lixue")
        assert open_shift_totals(s, "nobody") is None
    assert shown is not None and shown.payments == 2
    assert shown.by_method["cash"] == 10000 and shown.by_method["card"] == 5000
    assert shown.expected_cash_fen == 10000
    report = close_shift(
        park,
        named_cashier,
        "1200",
        reason="  a note of 1000 from the last shift  ",
        expected_cash_fen=shown.expected_cash_fen,
    )
    assert report.difference_fen == 110000 and report.reason == "a note of 1000 from the last shift"
    row = list_entries(park, staff["admin"], action_prefix="shift.close")[-1]
    after = row.detail_dict()["after"]
    assert (after["expected_cash_fen"], after["counted_cash_fen"]) == (10000, 120000)
    assert after["reason"] == "a note of 1000 from the last shift"
    with park.read() as s:
        assert open_shift_totals(s, "lixue") is None


def test_a_close_on_totals_that_changed_is_refused(park, named_cashier) -> None:  # type: ignore[no-untyped-def]
    pay(park, named_cashier, "10", "cash")
    with park.read() as s:
        shown = open_shift_totals(s, "lixue")
    assert shown is not None
    pay(park, named_cashier, "5", "cash")  # another desk, same login
    with pytest.raises(LedgerError, match="changed"):
        close_shift(park, named_cashier, "10", expected_cash_fen=shown.expected_cash_fen)
    with park.read() as s:
        assert s.scalars(select(Shift)).one().closed_at is None


def test_the_report_has_the_park_header_and_the_cashiers_name(park, staff, named_cashier) -> None:  # type: ignore[no-untyped-def]
    details = park_details(park)[0]
    save_park_details(
        park, staff["admin"], replace(details, address="星湖街 88 号", phone="0512-6688 8899")
    )
    pay(park, named_cashier, "30", "cash")
    report = close_shift(park, named_cashier, "29", reason="找零少收一元")
    doc = pdfium.PdfDocument(shift_report_pdf(report))
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    for part in (details.name, "星湖街 88 号", "0512-6688 8899", "李雪", "找零少收一元", "-¥1.00"):
        assert part in text, (part, text)
    assert "lixue" not in text


@pytest.fixture
def cli_url(db_url: str) -> str:
    """The demo park with an operator of every role (logins named after the roles)."""
    from tests.clilogin import add_staff

    db = open_database(db_url)
    build_demo(db, rooms=200, opening_balances=False)
    db.dispose()
    add_staff(db_url)
    return db_url


def test_the_cli_records_the_reason_too(cli_url: str) -> None:
    from .test_cli_money import run

    url = cli_url

    paid = run(
        "recharge", "--db", url, "--room", "1号厂房/1F/101", "--amount", "20", "--method",
        "cash", as_="cashier",
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    closed = run(
        "shift", "close", "--counted", "19", "--reason", "one yuan short", "--db", url,
        as_="cashier",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    db = open_database(url)
    try:
        row = list_entries(db, system_actor(), action_prefix="shift.close")[-1]
    finally:
        db.dispose()
    assert row.detail_dict()["after"]["reason"] == "one yuan short"
