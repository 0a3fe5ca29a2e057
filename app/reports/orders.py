"""Orders (订单总览): every money movement of the period, with totals by method and kind.

One row per transaction and account (a transfer between two accounts is two rows, one per
side): park time, receipt or slip number, kind in words, account, tenant, room(s), method,
cashier, the change of the account's balance and the money that crossed the counter (in
positive, out negative; empty for internal movements), memo.

Energy charges (platform-side billing) are one transaction per meter per reading interval:
tens of thousands a day in a big park, no receipt, no cashier. Listed one by one they would
drown the orders a finance clerk looks for, so by default they are *not* read at all (the
note under the table says they exist), and ``kind=charge`` lists them summarised per
account and park-local day (one row each, the count in the memo). Summing them for a line
of the totals would read every one of them: 10^7 a month in a big platform-side park, for
a figure the comprehensive monthly report gives per account and band anyway.

Two grouped queries make the rows (account legs per transaction and account; method legs
per transaction); names come from small dictionaries, so the cost is one pass over the
period's transactions through the ``ledger_txn (kind, created_at)`` index (migration 0011).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from ..db import Database
from ..i18n import N_, tr
from ..models import (
    Building,
    Floor,
    LedgerEntry,
    LedgerTxn,
    Payment,
    Receipt,
    Room,
    Shift,
    utcnow,
)
from ..security import Actor, Permission
from .moneyq import (
    ACCOUNT_BOOKS,
    METHODS,
    NOT_CHARGES,
    Filters,
    Slot,
    account_ids,
    accounts_and_tenants,
    fetch,
    kind_label,
    method_label,
    operator_names,
    parse_filters,
    txn_window,
    utc,
)
from .request import Progress, ReportKind, ReportRequest, park_name, register
from .table import Column, ColumnKind, Report, Row, Table

__all__ = ["build_orders", "order_columns"]


def order_columns() -> list[Column]:
    return [
        Column("time", tr("Time"), ColumnKind.DATETIME),
        Column("receipt", tr("Receipt no."), ColumnKind.TEXT),
        Column("kind", tr("Kind"), ColumnKind.TEXT),
        Column("account", tr("Account"), ColumnKind.TEXT),
        Column("tenant", tr("Tenant"), ColumnKind.TEXT, wide=True),
        Column("rooms", tr("Room(s)"), ColumnKind.TEXT, wide=True),
        Column("method", tr("Payment method"), ColumnKind.TEXT),
        Column("cashier", tr("Cashier"), ColumnKind.TEXT),
        Column("amount", tr("Account change (yuan)"), ColumnKind.FEN, total=True),
        Column("counter", tr("At the counter (yuan)"), ColumnKind.FEN, total=True),
        Column("memo", tr("Memo"), ColumnKind.TEXT, wide=True),
    ]


class _Line(NamedTuple):
    """One (transaction, account) before it becomes a row (a tuple: 10^5 of them)."""

    txn: int
    moment: object
    kind: str
    reverses: str | None
    memo: str
    operator: int | None
    account: int | None
    amount: int
    receipt: str | None
    room: int | None
    shift_login: str | None  # the shift's cashier: names one who has no operator row


class _Orders:
    def __init__(self, session: Session, request: ReportRequest, progress: Progress) -> None:
        self.s, self.request, self.progress = session, request, progress
        self.filters: Filters = parse_filters(session, request)
        self.accounts = account_ids(request.scope, self.filters.tenant)

    def _txn_where(self, *, charges: bool) -> list[ColumnElement[bool]]:
        where = txn_window(self.request.period)
        if self.filters.kind:
            where.append(LedgerTxn.kind == self.filters.kind)
        elif not charges:  # IN, not !=: the (kind, created_at) index skips the charges
            where.append(LedgerTxn.kind.in_(NOT_CHARGES))
        if self.filters.cashier_id is not None:
            where.append(LedgerTxn.operator_id == self.filters.cashier_id)
        return where

    # ------------------------------------------------------------------ the queries

    def legs(self) -> tuple[dict[int, dict[int, int]], dict[int, tuple[str, int]]]:
        """Per transaction: the change of each account in scope (its ``tenant`` and ``meter``
        legs), and its method with the money in (+) or out (-) at the counter.

        One flat read of the period's legs, summed here: a GROUP BY would sort them all
        again (SQLite's temp B-tree), while the journal's index already yields them in
        time order."""
        query = (
            select(
                LedgerEntry.txn_id, LedgerEntry.book, LedgerEntry.account_id, LedgerEntry.amount_fen
            )
            .join(LedgerTxn, LedgerTxn.id == LedgerEntry.txn_id)
            .where(*self._txn_where(charges=False))
        )
        allowed = None if self.accounts is None else set(self.s.scalars(self.accounts))
        changes: dict[int, dict[int, int]] = {}
        money: dict[int, tuple[str, int]] = {}
        for txn, book, account, fen in fetch(self.s, query):
            if book in METHODS:
                before = money.get(txn)
                money[txn] = (book, (before[1] if before else 0) - fen)
            elif book in ACCOUNT_BOOKS and (allowed is None or account in allowed):
                per = changes.setdefault(txn, {})
                per[account] = per.get(account, 0) + fen
        return changes, money

    def lines(self, changes: dict[int, dict[int, int]]) -> list[_Line]:
        """The period's transactions in time order, one line per account they changed."""
        original = aliased(LedgerTxn)
        query = (
            select(
                LedgerTxn.id,
                LedgerTxn.created_at,
                LedgerTxn.kind,
                original.kind,
                LedgerTxn.memo,
                LedgerTxn.operator_id,
                Receipt.number,
                Payment.room_id,
                Shift.operator_login,
            )
            .outerjoin(original, original.id == LedgerTxn.reverses_id)
            .outerjoin(Receipt, Receipt.txn_id == LedgerTxn.id)
            .outerjoin(Payment, Payment.txn_id == LedgerTxn.id)
            .outerjoin(Shift, Shift.id == Payment.shift_id)
            .where(*self._txn_where(charges=False))
            .order_by(LedgerTxn.created_at, LedgerTxn.id)
        )
        out: list[_Line] = []
        for row in fetch(self.s, query):
            txn, moment, kind, reverses, memo, operator, receipt, room, shift_login = row
            per = changes.get(txn)
            if not per:
                continue  # no account in scope
            when = utc(moment)
            for account in per if len(per) == 1 else sorted(per):
                out.append(
                    _Line(
                        txn,
                        when,
                        kind,
                        reverses,
                        memo,
                        operator,
                        account,
                        per[account],
                        receipt,
                        room,
                        shift_login,
                    )
                )
        return out

    def charges_by_day(self) -> list[tuple[date, int, int, int]]:
        """Energy charges per park-local day and account: (day, account, count, fen)."""
        slot = Slot(self.s, self.request.period)
        hour = slot.expr(LedgerTxn.created_at)
        query = (
            select(hour, LedgerEntry.account_id, func.count(), func.sum(LedgerEntry.amount_fen))
            .join(LedgerEntry, LedgerEntry.txn_id == LedgerTxn.id)
            .where(*self._txn_where(charges=True), LedgerTxn.kind == "charge")
            .where(LedgerEntry.book.in_(ACCOUNT_BOOKS))
            .group_by(hour, LedgerEntry.account_id)
        )
        if self.accounts is not None:
            query = query.where(LedgerEntry.account_id.in_(self.accounts))
        days: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
        for value, account, count, fen in self.s.execute(query):
            bucket = days[(slot.day(value), account)]
            bucket[0] += int(count)
            bucket[1] += int(fen)
        return sorted((day, acc, c, f) for (day, acc), (c, f) in days.items())

    def has_charges(self) -> bool:
        """Whether the period has energy charges the listing leaves out (one index probe:
        summing them would read every one, 10^7 a month in a big platform-side park)."""
        query = select(LedgerTxn.id).where(*self._txn_where(charges=True)).limit(1)
        return self.s.scalar(query.where(LedgerTxn.kind == "charge")) is not None

    def rooms(self, lines: list[_Line]) -> tuple[dict[int, str], dict[int, str]]:
        """Room texts by room id, and each account's rooms now (or, closed, that it paid for)."""
        rows = self.s.execute(
            select(Room.id, Room.account_id, Building.name, Room.number)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
            .order_by(Building.name, Room.number)
        ).all()
        by_room = {rid: f"{b} {n}" for rid, _a, b, n in rows}
        by_account: dict[int, list[str]] = defaultdict(list)
        for rid, account, _b, _n in rows:
            if account is not None:
                by_account[account].append(by_room[rid])
        for line in lines:
            if line.account is not None and line.room is not None:
                texts = by_account.setdefault(line.account, [])
                if not texts:
                    texts.append(by_room.get(line.room, ""))
        return by_room, {a: ", ".join(t) for a, t in by_account.items()}

    # ------------------------------------------------------------------ the report

    def build(self) -> Report:
        self.progress(0, 4)
        changes, money = self.legs() if self.filters.kind != "charge" else ({}, {})
        self.progress(1, 4)
        lines = self.lines(changes) if changes else []
        self.progress(2, 4)
        accounts = accounts_and_tenants(self.s)
        operators = operator_names(self.s)
        by_room, rooms = self.rooms(lines)
        rows: list[Row] = []
        seen: set[int] = set()
        kinds: dict[tuple[str, str | None], str] = {}  # tr() once per word, not per row
        methods = {m: method_label(m) for m in METHODS}
        for line in lines:
            method, fen = money.get(line.txn, (None, 0))
            if self.filters.method and method != self.filters.method:
                continue
            number, tenant = accounts.get(line.account or 0, ("", ""))
            first = line.txn not in seen
            seen.add(line.txn)
            rows.append(
                (
                    line.moment,  # type: ignore[arg-type]
                    line.receipt or "",
                    kinds.get((line.kind, line.reverses))
                    or kinds.setdefault(
                        (line.kind, line.reverses), kind_label(line.kind, line.reverses)
                    ),
                    number,
                    tenant,
                    by_room.get(line.room) if line.room else rooms.get(line.account or 0, ""),
                    methods.get(method, method) if method else "",
                    operators.get(line.operator or 0) or line.shift_login or "",
                    int(line.amount),
                    fen if method and first else None,
                    line.memo,
                )
            )
        hidden = False
        if self.filters.kind == "charge" and not self.filters.method:  # charges have no method
            for day, account, count, fen in self.charges_by_day():
                number, tenant = accounts.get(account, ("", ""))
                where = rooms.get(account, "")
                rows.append(_charge_row(self.request, day, number, tenant, where, count, fen))
        elif not self.filters.method and not self.filters.kind:
            hidden = self.has_charges()
        self.progress(3, 4)
        return self._report(rows, lines, money, hidden)

    def _report(
        self,
        rows: list[Row],
        lines: list[_Line],
        money: dict[int, tuple[str, int]],
        hidden: bool,
    ) -> Report:
        main = Table(tr("Orders"), order_columns(), rows).with_total(tr("Total"))
        wanted = self.filters.method
        kept = {
            line.txn for line in lines if not wanted or money.get(line.txn, ("", 0))[0] == wanted
        }
        main.note = _note(hidden, self.filters)
        report = Report(
            "orders",
            tr("Orders"),
            self.request.period,
            self.request.scope.text or park_name(self.s),
            [main, _by_method(money, kept), _by_kind(main)],
            park=park_name(self.s),
            generated_at=utcnow(),
        )
        if self.filters.cashier:
            report.notes.append(tr("Cashier: {login}", login=self.filters.cashier))
        self.progress(4, 4)
        return report


def _charge_row(
    request: ReportRequest,
    day: date,
    number: str,
    tenant: str,
    rooms: str,
    count: int,
    fen: int,
) -> Row:
    return (
        request.period.midnight(day),
        "",
        kind_label("charge"),
        number,
        tenant,
        rooms,
        "",
        "",
        fen,
        None,
        tr("{count} energy charges on {day}", count=count, day=day.isoformat()),
    )


def _note(hidden: bool, filters: Filters) -> str:
    if filters.kind == "charge":
        return tr("Energy charges are summed per account and park-local day.")
    if hidden:
        return tr(
            "Energy charges are not listed one by one: choose the kind Energy charge to "
            "list them per account and day."
        )
    return ""


def _by_method(money: dict[int, tuple[str, int]], kept: set[int]) -> Table:
    """Money at the counter by method: in, out and net, with the number of orders."""
    columns = [
        Column("method", tr("Payment method"), ColumnKind.TEXT),
        Column("count", tr("Number of orders"), ColumnKind.INT, total=True),
        Column("in", tr("Money in (yuan)"), ColumnKind.FEN, total=True),
        Column("out", tr("Money out (yuan)"), ColumnKind.FEN, total=True),
        Column("net", tr("Net (yuan)"), ColumnKind.FEN, total=True),
    ]
    sums: dict[str, list[int]] = {m: [0, 0, 0] for m in METHODS}
    for txn, (method, fen) in money.items():
        if txn not in kept:
            continue
        entry = sums.setdefault(method, [0, 0, 0])
        entry[0] += 1
        entry[1 if fen >= 0 else 2] += fen
    rows: list[Row] = [(method_label(m), c, i, o, i + o) for m, (c, i, o) in sums.items()]
    if not kept:
        rows = []  # nothing listed: an empty report (the window and CLI say "no data")
    return Table(tr("Totals by payment method"), columns, rows).with_total(tr("Total"))


def _by_kind(main: Table) -> Table:
    """The listed rows by kind."""
    columns = [
        Column("kind", tr("Kind"), ColumnKind.TEXT),
        Column("count", tr("Rows"), ColumnKind.INT, total=True),
        Column("amount", tr("Account change (yuan)"), ColumnKind.FEN, total=True),
        Column("counter", tr("At the counter (yuan)"), ColumnKind.FEN, total=True),
    ]
    k, a, c = main.index("kind"), main.index("amount"), main.index("counter")
    sums: dict[str, list[int]] = {}
    for row in main.rows:
        entry = sums.setdefault(str(row[k]), [0, 0, 0])
        entry[0] += 1
        entry[1] += int(row[a] or 0)  # type: ignore[arg-type]
        entry[2] += int(row[c] or 0)  # type: ignore[arg-type]
    rows: list[Row] = [(kind, n, amount, counter) for kind, (n, amount, counter) in sums.items()]
    return Table(tr("Totals by kind"), columns, rows).with_total(tr("Total"))


def build_orders(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The orders report (``run_report`` has checked the role and narrowed a cashier)."""
    del actor
    with db.read() as session:
        return _Orders(session, request, progress).build()


register(ReportKind("orders", N_("Orders"), Permission.REPORT_FINANCE, build_orders))
