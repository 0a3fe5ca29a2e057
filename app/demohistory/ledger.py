"""The demo history's money as ledger rows: sealed, audited, numbered, balanced.

Every event of ``money`` becomes what the service that does it for real would have written
in its transaction (``recharge()``, ``refund_in()``, ``reverse_transaction()``, the
collector's biller), only in bulk:

* ``ledger_txn`` and ``ledger_entry`` with explicit ids (the demo's ``_Ids``), in time
  order, and the cached balances (``account.balance_fen`` is set on the account rows before
  they are written, ``meter_book`` here) equal to the sums of the entries;
* payments, gap-free receipts frozen by ``app.ledger.recharge.frozen_content``, the
  cashiers' closed shifts with their totals, confirmed meter commands for the meter-side
  recharges, and ``meter_charge`` rows per band like the biller's;
* one audit row per recharge, refund and reversal naming its transaction, chained with
  ``app.security.audit``'s own canonical form and key.

The seals are not computed here: the transactions' ids go into the session's set of
transactions to seal, and the ledger chain seals them all at commit with its own code
(``app.ledger.chain``), one read and one HMAC per transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from ..ledger import chain
from ..ledger.recharge import frozen_content, receipt_number
from ..models import (
    AuditHead,
    Counter,
    LedgerHead,
    MeterBook,
    Shift,
)
from ..receipts import ReceiptData
from ..security import audit
from .bulk import Bulk
from .money import CASHIERS, MoneyHistory, Payment

WORKSTATION = "demo"
RECEIPT_COLUMNS = ("seq", "number", "txn_id", "issued_at", "content", "verify_hash")
COMMAND_COLUMNS = (
    "meter_id",
    "kind",
    "priority",
    "payload",
    "status",
    "txn_id",
    "operator_id",
    "created_at",
    "updated_at",
    "expires_at",
    "attempts",
    "result",
)
CHARGE_COLUMNS = (
    "meter_id",
    "account_id",
    "txn_id",
    "slot",
    "start",
    '"end"',
    "kwh",
    "fen",
    "lines",
    "note",
)


@dataclass(frozen=True)
class Labels:
    """What receipts print: park header, account number and tenant, room and meter text."""

    header: dict[str, str]
    accounts: dict[int, tuple[str, str]]  # account -> (number, tenant name)
    rooms: dict[int, str]
    meters: dict[int, str]


class LedgerWriter:
    """Turns the money history into rows; ``take(table)`` hands out explicit ids."""

    def __init__(self, bulk: Bulk, take: Any, labels: Labels, zone: Any) -> None:
        self.bulk, self.take, self.labels, self.zone = bulk, take, labels, zone
        self.txns: list[tuple[Any, ...]] = []
        self.entries: list[tuple[Any, ...]] = []
        self.payments: list[tuple[Any, ...]] = []
        self.receipts: list[tuple[Any, ...]] = []
        self.commands: list[tuple[Any, ...]] = []
        self.audits: list[tuple[datetime, str, str, str, dict[str, Any]]] = []
        self.shifts: dict[tuple[str, str], dict[str, Any]] = {}
        self.charges_rows: list[tuple[Any, ...]] = []
        self.seq = 0

    def write(self, money: MoneyHistory, start: datetime) -> int:
        """Every row of ``money``; returns how many ledger transactions were written."""
        from ..models import LedgerEntry, LedgerTxn

        self.LedgerTxn, self.LedgerEntry = LedgerTxn, LedgerEntry
        session = self.bulk.session
        counter = session.get(Counter, "receipt")
        self.seq = counter.value if counter is not None else 0
        events: list[tuple[datetime, int, Any]] = [
            (start, 0, (account, fen)) for account, fen in money.openings.items() if fen
        ]
        events += [(p.at, 1, p) for p in money.payments]
        events += [(c.at, 2, c) for c in money.charges]
        events.sort(key=lambda e: (e[0], e[1]))
        txn_of: dict[int, int] = {}
        for at, what, item in events:
            if what == 0:
                self._opening(at, *item)
            elif what == 1:
                txn_of[id(item)] = self._payment(item, txn_of)
            else:
                self._charge(item)
        self._flush(money)
        return len(self.txns)

    # ------------------------------------------------------------------ one event each

    def _txn(
        self,
        at: datetime,
        kind: str,
        legs: list[tuple[str, int | None, int | None, int]],
        key: str | None = None,
        reverses: int | None = None,
        memo: str = "",
    ) -> int:
        txn = self.take(self.LedgerTxn)
        self.txns.append((txn, self.bulk.ts(at), kind, key, None, reverses, memo[:200]))
        for book, account, meter, amount in legs:
            self.entries.append((self.take(self.LedgerEntry), txn, book, account, meter, amount))
        return txn

    def _opening(self, at: datetime, account: int, fen: int) -> None:
        self._txn(
            at,
            "opening",
            [("opening", None, None, -fen), ("tenant", account, None, fen)],
            memo="opening balance",
        )

    def _payment(self, p: Payment, txn_of: dict[int, int]) -> int:
        cashier = CASHIERS[0] if p.at.astimezone(self.zone).hour < 13 else CASHIERS[1]
        if p.reverses is not None:
            original = txn_of[id(p.reverses)]
            txn = self._txn(
                p.at,
                "reversal",
                [(p.method, None, None, -p.amount_fen), ("tenant", p.account, None, p.amount_fen)],
                reverses=original,
                memo=p.reason,
            )
            self.audits.append(
                (
                    p.at,
                    cashier,
                    "ledger.reverse",
                    f"txn:{original}",
                    {"reversal": txn, "reason": p.reason, "txn": txn},
                )
            )
            return txn
        if p.amount_fen > 0:
            side = ("meter", p.account, p.meter) if p.meter else ("tenant", p.account, None)
            txn = self._txn(
                p.at,
                "recharge",
                [(p.method, None, None, -p.amount_fen), (*side, p.amount_fen)],
                key=f"demo-recharge-{len(self.txns) + 1}-{p.account}",
            )
        else:
            txn = self._txn(
                p.at,
                "refund",
                [("tenant", p.account, None, p.amount_fen), (p.method, None, None, -p.amount_fen)],
                memo=p.reason,
            )
        shift = self._shift(cashier, p)
        self.payments.append(
            (
                txn,
                p.account,
                p.room,
                p.meter,
                p.method,
                p.amount_fen,
                None,
                shift["id"],
                self.bulk.ts(p.at),
            )
        )
        number = self._receipt(txn, p, cashier)
        shift["receipts"].append(number)
        if p.amount_fen > 0:
            self.audits.append(
                (
                    p.at,
                    cashier,
                    "recharge",
                    f"account:{p.account}",
                    {
                        "amount_fen": p.amount_fen,
                        "method": p.method,
                        "receipt": number,
                        "meter_id": p.meter,
                        "expected_count": p.count,
                        "txn": txn,
                    },
                )
            )
            if p.meter is not None:
                self.commands.append(
                    (
                        p.meter,
                        "recharge",
                        1,
                        json.dumps({"amount_fen": p.amount_fen, "expected_count": p.count}),
                        "confirmed",
                        txn,
                        None,
                        self.bulk.ts(p.at),
                        self.bulk.ts(p.at + timedelta(seconds=40)),
                        self.bulk.ts(p.at + timedelta(days=7)),
                        1,
                        "ok",
                    )
                )
        else:
            self.audits.append(
                (
                    p.at,
                    cashier,
                    "refund",
                    f"account:{p.account}",
                    {
                        "amount_fen": -p.amount_fen,
                        "method": p.method,
                        "slip": number,
                        "reason": p.reason,
                        "txn": txn,
                    },
                )
            )
        return txn

    def _shift(self, cashier: str, p: Payment) -> dict[str, Any]:
        day = p.at.astimezone(self.zone).date()
        key = (cashier, day.isoformat())
        shift = self.shifts.get(key)
        if shift is None:
            opened = datetime(day.year, day.month, day.day, 8, 30, tzinfo=self.zone)
            shift = self.shifts[key] = {
                "id": self.take(Shift),
                "operator_id": None,
                "operator_login": cashier,
                "opened_at": opened,
                "closed_at": opened + timedelta(hours=9),
                "by_method": defaultdict(int),
                "receipts": [],
                "payments": 0,
            }
        shift["by_method"][p.method] += p.amount_fen
        shift["payments"] += 1
        return shift

    def _receipt(self, txn: int, p: Payment, cashier: str) -> str:
        self.seq += 1
        number = receipt_number(self.seq)
        account_number, tenant = self.labels.accounts[p.account]
        data = ReceiptData(
            **self.labels.header,  # type: ignore[arg-type]
            number="",
            issued_at=p.at,
            operator=cashier,
            tenant=tenant,
            room=self.labels.rooms.get(p.room, "") if p.room else "",
            meter=self.labels.meters.get(p.meter, "-") if p.meter else "-",
            account=account_number,
            amount_fen=p.amount_fen,
            method=p.method,
            balance_before_fen=p.before_fen,
            balance_after_fen=p.before_fen + p.amount_fen,
            price_summary="",
            state="refund" if p.amount_fen < 0 else "pending" if p.meter else "platform",
            state_note=p.reason,
        )
        content, digest = frozen_content(data, number, p.at)
        self.receipts.append(
            (self.seq, number, txn, self.bulk.ts(p.at), json.dumps(content), digest)
        )
        return number

    def _charge(self, c: Any) -> None:
        txn = None
        if c.fen > 0:
            kwh = sum(c.band_kwh)
            txn = self._txn(
                c.at,
                "charge",
                [("tenant", c.account, None, -c.fen), ("revenue", None, None, c.fen)],
                key=f"charge:{c.meter}:{c.slot:%Y%m%dT%H%M}",
                memo=f"energy {kwh} kWh, meter {c.meter}",
            )
        ts = self.bulk.ts
        self.charges_rows.append(
            (
                c.meter,
                c.account,
                txn,
                ts(c.slot),
                ts(c.start),
                ts(c.end),
                int(sum(c.band_kwh) * 100),
                c.fen,
                json.dumps(c.lines),
                "demo history: one month",
            )
        )

    # ------------------------------------------------------------------ the rows

    def _flush(self, money: MoneyHistory) -> None:
        s, bulk = self.bulk.session, self.bulk
        bulk.insert(
            "ledger_txn",
            ("id", "created_at", "kind", "idempotency_key", "operator_id", "reverses_id", "memo"),
            self.txns,
        )
        bulk.insert(
            "ledger_entry",
            ("id", "txn_id", "book", "account_id", "meter_id", "amount_fen"),
            self.entries,
        )
        # the chain seals these at commit, with its own canonical form
        s.info.setdefault(chain.PENDING, set()).update(t[0] for t in self.txns)
        shifts = [self._shift_row(v) for v in self.shifts.values()]
        if shifts:
            s.execute(insert(Shift), shifts)
        bulk.insert(
            "payment",
            (
                "txn_id",
                "account_id",
                "room_id",
                "meter_id",
                "method",
                "amount_fen",
                "operator_id",
                "shift_id",
                "created_at",
            ),
            self.payments,
        )
        bulk.insert("receipt", RECEIPT_COLUMNS, self.receipts)
        bulk.insert("meter_command", COMMAND_COLUMNS, self.commands)
        bulk.insert("meter_charge", CHARGE_COLUMNS, self.charges_rows)
        books = [
            {"account_id": a, "meter_id": m, "balance_fen": v}
            for (a, m), v in money.meter_book.items()
        ]
        if books:
            s.execute(insert(MeterBook), books)
        counter = s.get(Counter, "receipt")
        if counter is None:
            s.add(Counter(name="receipt", value=self.seq))
        else:
            counter.value = self.seq
        self._audit()
        s.flush()

    @staticmethod
    def _shift_row(v: dict[str, Any]) -> dict[str, Any]:
        by_method = {m: v["by_method"].get(m, 0) for m in ("cash", "card", "transfer", "qr")}
        cash = by_method["cash"]
        totals = {
            "by_method": by_method,
            "receipts": v["receipts"],
            "payments": v["payments"],
            "expected_cash_fen": cash,
            "counted_cash_fen": cash,
            "difference_fen": 0,
            "reason": "",
            "ledger_ok": True,
        }
        return {
            "id": v["id"],
            "operator_id": None,
            "operator_login": v["operator_login"],
            "opened_at": v["opened_at"],
            "closed_at": v["closed_at"],
            "expected_cash_fen": cash,
            "counted_cash_fen": cash,
            "totals": totals,
        }

    def _audit(self) -> None:
        """The audit rows, chained after the head with the audit module's own functions."""
        s = self.bulk.session
        head = s.execute(
            select(AuditHead)
            .where(AuditHead.id == 1)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
        ledger = s.get(LedgerHead, 1)
        key = audit.key_for_chain(head.chain_id, head.seq + (ledger.seq if ledger else 0))
        seq = head.seq
        prev = head.hash if head.seq else audit.genesis(key, head.chain_id)
        rows = []
        for at, actor, action, target, after in sorted(self.audits, key=lambda a: a[0]):
            seq += 1
            ts = audit.ts_text(at)
            detail = audit.canonical_json({"after": after})
            prev = audit.link(
                key,
                prev,
                audit.canonical(seq, ts, None, actor, WORKSTATION, action, target, detail),
            )
            rows.append(
                (seq, self.bulk.ts(at), None, actor, WORKSTATION, action, target, detail, prev)
            )
        if not rows:
            return
        self.bulk.insert(
            "audit_log",
            (
                "id",
                "ts",
                "operator_id",
                "actor",
                "workstation",
                "action",
                "target",
                "detail",
                "hash",
            ),
            rows,
        )
        head.seq, head.hash = seq, prev
        head.mac = audit.head_mac(key, head.chain_id, seq, prev)
