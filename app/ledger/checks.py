"""``ledger verify``: one pass over the journal that proves every byte of it.

In one read snapshot it streams the seals (chain order) and the transactions with their
entries, payments and receipts (id order, merged in Python), and checks:

* the chain: each transaction's canonical bytes against its seal's MAC (changed, moved),
  each seal's link to the one before (reordered, forged), gap-free seals (deleted), a seal
  without its transaction (deleted), a transaction without a seal (forged), the head's MAC,
  its last seal (truncated) and its receipt counter (set back);
* the books: every transaction balances with two legs or more, each account's cached
  balance and each meter book (``meter_book``) equal the sums of their entries, reversals
  mirror what they reverse;
* receipts: gap-free numbers, the counter equal to the last one, each ``verify_hash``
  recomputed from the frozen content, every payment in has its receipt;
* the audit log: every money audit row against the transaction it names (``txn``, or the
  receipt number for rows written before that key): amount, account, receipt, kind; and
  every money transaction named by an audit row.

The hot loop follows ``audit.verify_chain``: raw DB-API cursors, ``fetchmany``, the
canonical strings built by the database, ``hmac.digest`` in a tight loop.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections import defaultdict
from typing import Any

from ..db import Database
from ..i18n import tr
from ..security import audit
from . import chain
from .journal import METER, TENANT, VerifyReport

MAX_BREACHES = 200
EXEMPT_KINDS = frozenset({"charge", "opening", "allowance"})  # the collector, the demo
KIND_OF_ACTION = {
    "recharge": "recharge",
    "refund": "refund",
    "recharge.cancel": "reversal",
    "account.close": "close",
    "account.transfer": "transfer",
    "account.fee": "fee",
    "account.adjust": "adjustment",
    "ledger.reverse": "reversal",
    "meter.replace": "transfer",
    "refund.approve": "refund",
    "refund.decide": "refund",
    "bill.pay": "bill",  # a 催缴账单 collected at the counter (issue 16)
    # billing.run / billing.reverse name a list of fee, apportion or reversal
    # transactions ("txn": [...]): each is checked to be named, not for one kind
}
AMOUNT_KEYS = ("amount_fen", "refund_fen", "carried_fen")
RECEIPT_KEYS = ("receipt", "slip")


def _moved_from(keyed: chain.Keyed, seq: Any, txn_id: Any, canonical: bytes, mac: str) -> Any:
    """The place (near ``seq``) where this unchanged transaction was sealed, if any."""
    if not isinstance(seq, int):
        return None
    for other in range(max(1, seq - 64), seq + 65):
        if other != seq and keyed.mac(other, txn_id, canonical) == mac:
            return other
    return None


def run(db: Database) -> VerifyReport:
    """Every check above; a file holding invalid UTF-8 is read again leniently."""
    try:
        return _Verifier(db, lenient=False).run()
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
        return _Verifier(db, lenient=True).run()


class _Verifier:
    def __init__(self, db: Database, lenient: bool) -> None:
        self.snap = chain.Snapshot(db, lenient)
        self.report = VerifyReport()
        self.tenant: dict[Any, int] = defaultdict(int)
        self.meter: dict[tuple[Any, Any], int] = defaultdict(int)
        self.receipt_seqs: list[Any] = []
        self.by_txn: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        self.by_receipt: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        self.named: set[Any] = set()
        self.reversed: dict[Any, list[tuple[Any, ...]]] = {}
        self.reversals: list[tuple[Any, Any, list[tuple[Any, ...]]]] = []
        self.orphans: list[chain.Orphan] = []

    def breach(self, text: str) -> None:
        if len(self.report.breaches) < MAX_BREACHES:
            self.report.breaches.append(text)

    def run(self) -> VerifyReport:
        with self.snap.open() as snap:
            self._audit_rows(snap)
            self.reversed = {
                r[0]: []
                for r in snap.rows(
                    "SELECT reverses_id FROM ledger_txn WHERE reverses_id IS NOT NULL"
                )
            }
            self._walk(snap)
            self._caches(snap)
            self._receipt_numbers(snap)
        for txn_id, original, legs in self.reversals:
            theirs = self.reversed.get(original, [])
            if sorted((b, a, m, -x) for b, a, m, x in theirs) != sorted(legs):
                self.breach(
                    tr(
                        "reversal {txn} does not mirror transaction {original}",
                        txn=txn_id,
                        original=original,
                    )
                )
        return self.report

    # ------------------------------------------------------------------ the audit rows

    def _audit_rows(self, snap: chain.Snapshot) -> None:
        # the money actions, and any other row that names a transaction (a new operation)
        actions = ", ".join(f"'{a}'" for a in KIND_OF_ACTION)
        sql = (
            "SELECT id, action, target, detail FROM audit_log "
            f"WHERE action IN ({actions}) OR detail LIKE '%\"txn\":%'"
        )
        for row_id, action, target, detail in snap.rows(sql):
            try:
                data = json.loads(detail)
            except ValueError:
                continue  # an altered row: the audit chain names it
            after = data.get("after") if isinstance(data, dict) else None
            after = after if isinstance(after, dict) else {}
            ref = after.get("txn", data.get("txn") if isinstance(data, dict) else None)
            if ref is None and action == "ledger.reverse":
                ref = after.get("reversal")
            receipt = next((after[k] for k in RECEIPT_KEYS if after.get(k)), None)
            refs = ref if isinstance(ref, list) else [ref] if ref is not None else []
            row = (row_id, action, target, after, receipt, len(refs) <= 1)
            for txn in refs:
                self.by_txn[txn].append(row)
                self.named.add(txn)
            if not refs and receipt is not None:
                self.by_receipt[receipt].append(row)
            self._parts(row_id, target, after)

    def _parts(self, row_id: Any, target: Any, after: dict[str, Any]) -> None:
        """Transactions an operation names in a list of parts (a close that cancelled queued
        recharges: ``cancelled: [{receipt, amount_fen, slip, txn}]``): each part is checked
        like a ``recharge.cancel`` row of its own. Its ``receipt`` names the recharge it
        cancelled, not this transaction, so only the slip is compared."""
        for value in after.values():
            if not isinstance(value, list):
                continue
            for part in value:
                if not isinstance(part, dict) or not isinstance(part.get("txn"), int):
                    continue
                fields = {k: v for k, v in part.items() if k != "receipt"}
                slip = fields.get("slip") or None
                row = (row_id, "recharge.cancel", target, fields, slip, True)
                self.by_txn[part["txn"]].append(row)
                self.named.add(part["txn"])

    def _cross_check(self, unit: chain.Unit, rows: list[tuple[Any, ...]]) -> None:
        accounts = {e[3] for e in unit.entries} | {p[2] for p in unit.payments}
        meters = {e[4] for e in unit.entries}
        amounts = {abs(e[5]) for e in unit.entries if isinstance(e[5], int)}
        paid = {abs(p[6]) for p in unit.payments if isinstance(p[6], int)}
        numbers = {r[3] for r in unit.receipts}
        for row_id, action, target, after, receipt, single in rows:
            if not single:  # one operation, several transactions: each is named, that is all
                continue
            problems: list[tuple[str, Any, Any]] = []
            kind = KIND_OF_ACTION.get(action)
            if kind is not None and unit.kind != kind:
                problems.append(("kind", kind, unit.kind))
            what, _, ident = str(target).partition(":")
            if what == "account" and ident.isdigit() and int(ident) not in accounts:
                problems.append(("account", ident, sorted(a for a in accounts if a is not None)))
            if what == "meter" and ident.isdigit() and int(ident) not in meters:
                problems.append(("meter", ident, sorted(m for m in meters if m is not None)))
            if what == "txn" and ident.isdigit() and unit.reverses_id != int(ident):
                problems.append(("reverses", ident, unit.reverses_id))
            for key in AMOUNT_KEYS:
                value = after.get(key)
                if isinstance(value, int) and value:
                    pool = paid if (paid and action in ("recharge", "refund")) else amounts
                    if abs(value) not in pool:
                        problems.append((key, value, sorted(pool)))
            if receipt is not None and receipt not in numbers:
                problems.append(("receipt", receipt, sorted(numbers)))
            for name, said, actual in problems:
                self.breach(
                    tr(
                        "audit row {row} ({action}) says {field} {value}, transaction {txn} "
                        "says {actual}.",
                        row=row_id,
                        action=action,
                        field=name,
                        value=said,
                        txn=unit.id,
                        actual=actual,
                    )
                )

    # ------------------------------------------------------------------ the walk

    def _head(self, snap: chain.Snapshot) -> tuple[str, bytes | None, tuple[Any, ...]]:
        chain_id = snap.one("SELECT chain_id FROM audit_head WHERE id = 1")
        head = snap.one(snap.q.head)
        if chain_id is None or head is None:
            raise chain.LedgerChainError("the chain head rows are missing: run the migrations")
        key = audit.load_key(str(chain_id[0]))
        return str(chain_id[0]), (chain.ledger_key(key) if key else None), head

    def _walk(self, snap: chain.Snapshot) -> None:
        chain_id, key, head = self._head(snap)
        head_seq, legacy = head[0], head[3]
        q, span = snap.q, (chain.LOW, chain.HIGH)
        units = chain.merge(
            snap.rows(q.txns, span),
            snap.rows(q.entries, span),
            snap.rows(q.payments, span),
            snap.rows(q.receipts, span),
            self.orphans,
        )
        if key is None:
            if head_seq:
                self.breach(str(chain.LedgerKeyMissing(chain_id, head_seq)))
            for each in units:
                self._unit(each)
            self._unsealed_note(head_seq)
            return
        keyed, sha256 = chain.Keyed(key), hashlib.sha256
        inner_pad, outer_pad = keyed.pads  # keyed.mac and chain.link, inlined (hot loop)
        prev, expected, seq = chain.genesis(key, chain_id), 1, 0
        waiting: dict[Any, chain.Unit] = {}
        first_bad = None
        for seq, txn_id, stored_mac, stored_hash in snap.rows(q.seals):
            unit: chain.Unit | None = waiting.pop(txn_id, None)
            while unit is None:
                found = next(units, None)
                if found is None:
                    break
                self._unit(found)
                if found.id == txn_id:
                    unit = found
                else:
                    waiting[found.id] = found
            if seq != expected:
                self.breach(
                    tr("seal {seq} is missing: seals are gap-free (deleted).", seq=expected)
                    if isinstance(seq, int) and seq > expected
                    else tr("seal {seq} is out of order (reordered or forged).", seq=seq)
                )
                first_bad = first_bad or txn_id
                expected = seq if isinstance(seq, int) else expected
            expected += 1
            if unit is None:
                self.breach(
                    tr(
                        "transaction {txn} is missing: its seal {seq} remains (deleted).",
                        txn=txn_id,
                        seq=seq,
                    )
                )
                first_bad = first_bad or txn_id
                prev = str(stored_hash)
                continue
            canonical = ascii((unit.row, unit.entries, unit.payments, unit.receipts)).encode()
            inner = inner_pad.copy()
            inner.update(f"{seq}|{txn_id}|".encode())
            inner.update(canonical)
            outer = outer_pad.copy()
            outer.update(inner.digest())
            if outer.hexdigest() != stored_mac:
                moved = _moved_from(keyed, seq, txn_id, canonical, str(stored_mac))
                self.breach(
                    tr(
                        "transaction {txn} ({kind}) was changed after it was sealed: its "
                        "fields, entries, payment or receipt differ (changed or moved).",
                        txn=txn_id,
                        kind=unit.kind,
                    )
                    if moved is None
                    else tr(
                        "the seal of transaction {txn} was moved from place {was} to {seq} "
                        "(reordered).",
                        txn=txn_id,
                        was=moved,
                        seq=seq,
                    )
                )
                first_bad = first_bad or txn_id
            elif sha256(f"{prev}|{stored_mac}".encode()).hexdigest() != stored_hash:
                self.breach(
                    tr(
                        "the seal chain breaks at seal {seq} of transaction {txn} (the seal "
                        "was altered or forged).",
                        txn=txn_id,
                        seq=seq,
                    )
                )
                first_bad = first_bad or txn_id
            if unit.row[2] not in EXEMPT_KINDS and seq > legacy and txn_id not in self.named:
                self.breach(
                    tr(
                        "transaction {txn} ({kind}) has no audit row naming it.",
                        txn=unit.id,
                        kind=unit.kind,
                    )
                )
            prev = str(stored_hash)
        for rest in units:
            self._unit(rest)
            waiting[rest.id] = rest
        if head_seq == 0 and waiting:
            self._unsealed_note(0, len(waiting))
        else:
            for left in list(waiting.values())[:20]:
                self.breach(
                    tr(
                        "transaction {txn} ({kind}) has no seal (forged, or written outside "
                        "WattDesk).",
                        txn=left.id,
                        kind=left.kind,
                    )
                )
                first_bad = first_bad or left.id
        self._check_head(key, chain_id, head, seq, prev)
        self.report.first_bad = first_bad

    def _unsealed_note(self, head_seq: int, count: int | None = None) -> None:
        if head_seq == 0 and (count or self.report.transactions):
            self.breach(
                tr(
                    "the ledger chain has not been started: {count} transactions are not "
                    "sealed yet (the next money operation on a desk holding the key seals "
                    "them).",
                    count=count or self.report.transactions,
                )
            )

    def _check_head(
        self, key: bytes, chain_id: str, head: tuple[Any, ...], last_seq: int, last: str
    ) -> None:
        head_seq, head_hash, head_receipts, legacy, mac = head
        if head_seq > last_seq:
            self.breach(
                tr(
                    "seals {first} to {last} are missing: the end of the ledger was cut off "
                    "(truncated).",
                    first=last_seq + 1,
                    last=head_seq,
                )
            )
        elif head_seq < last_seq:
            self.breach(
                tr(
                    "the ledger has seals after {seq} that the chain head does not know (forged).",
                    seq=head_seq,
                )
            )
        elif head_seq and (
            head_hash != last
            or not hmac.compare_digest(
                str(mac), chain.head_mac(key, chain_id, head_seq, last, head_receipts, legacy)
            )
        ):
            self.breach(tr("the ledger chain head was altered: its MAC does not match (forged)."))
        self.head_receipts = head_receipts if head_seq else None

    # ------------------------------------------------------------------ one transaction

    def _unit(self, unit: chain.Unit) -> None:
        report = self.report
        report.transactions += 1
        entries = unit.entries
        report.entries += len(entries)
        total = 0
        tenant, books, tid = self.tenant, self.meter, unit.row[0]
        for _t, entry_id, book, account, meter, amount in entries:
            if type(amount) is not int:
                self.breach(
                    tr(
                        "entry {entry} of transaction {txn} has an amount that is not a whole "
                        "number of fen (altered).",
                        entry=entry_id,
                        txn=unit.id,
                    )
                )
                continue
            total += amount
            if book == TENANT:
                tenant[account] += amount
            elif book == METER:
                books[(account, meter)] += amount
        if not entries:
            self.breach(tr("transaction {txn} has no entries", txn=unit.id))
        else:
            if total != 0:
                self.breach(
                    tr(
                        "transaction {txn} does not balance: sum {total} fen",
                        txn=unit.id,
                        total=total,
                    )
                )
            if len(entries) < 2:
                self.breach(
                    tr("transaction {txn} has {legs} leg(s)", txn=unit.id, legs=len(entries))
                )
        if unit.receipts:
            self._receipts(unit)
        elif any(isinstance(p[6], int) and p[6] > 0 for p in unit.payments):
            self.breach(tr("payment of transaction {txn} has no receipt", txn=unit.id))
        if tid in self.reversed:
            self.reversed[tid] = [e[2:6] for e in entries]
        if unit.row[5] is not None:
            self.reversals.append((tid, unit.row[5], [e[2:6] for e in entries]))
        rows = self.by_txn.pop(tid, None)
        if rows:
            self._cross_check(unit, rows)
        for receipt in unit.receipts:
            legacy_rows = self.by_receipt.pop(receipt[3], None)
            if legacy_rows:
                self.named.add(unit.id)
                self._cross_check(unit, legacy_rows)

    def _receipts(self, unit: chain.Unit) -> None:
        for _t, _id, seq, number, _issued, content, verify_hash in unit.receipts:
            self.receipt_seqs.append(seq)
            try:
                frozen = json.loads(content)
                text = json.dumps(frozen, sort_keys=True, ensure_ascii=False)
                good = hashlib.sha256(text.encode()).hexdigest()[:16] == verify_hash
            except (ValueError, TypeError, UnicodeEncodeError):
                good = False
            if not good:
                self.breach(
                    tr(
                        "receipt {number}: its frozen content does not match its verify hash "
                        "(altered).",
                        number=number,
                    )
                )

    # ------------------------------------------------------------------ after the walk

    def _caches(self, snap: chain.Snapshot) -> None:
        for kind, row in self.orphans[:20]:
            if kind == "entry":
                text = tr(
                    "entry {row} belongs to transaction {txn}, which does not exist "
                    "(deleted or moved).",
                    row=row[1],
                    txn=row[0],
                )
            elif kind == "payment":
                text = tr(
                    "payment {row} belongs to transaction {txn}, which does not exist "
                    "(deleted or moved).",
                    row=row[1],
                    txn=row[0],
                )
            else:
                text = tr(
                    "receipt {row} belongs to transaction {txn}, which does not exist "
                    "(deleted or moved).",
                    row=row[1],
                    txn=row[0],
                )
            self.breach(text)
        for account_id, cached in snap.rows("SELECT id, balance_fen FROM account"):
            self.report.accounts += 1
            actual = self.tenant.pop(account_id, 0)
            if actual != cached:
                self.breach(
                    tr(
                        "account {account}: cached balance {cached} fen, entries say {actual} fen",
                        account=account_id,
                        cached=cached,
                        actual=actual,
                    )
                )
        books = snap.rows("SELECT account_id, meter_id, balance_fen FROM meter_book")
        seen = {(a, m): cached for a, m, cached in books}
        for key in set(seen) | {k for k, v in self.meter.items() if v}:
            cached, actual = seen.get(key, 0), self.meter.get(key, 0)
            if cached != actual:
                self.breach(
                    tr(
                        "meter book of account {account}, meter {meter}: cached {cached} fen, "
                        "entries say {actual} fen",
                        account=key[0],
                        meter=key[1],
                        cached=cached,
                        actual=actual,
                    )
                )
        for txn, rows in list(self.by_txn.items())[:20]:
            for row in rows:
                self.breach(
                    tr(
                        "audit row {row} ({action}) names transaction {txn}, which is not in "
                        "the ledger (deleted).",
                        row=row[0],
                        action=row[1],
                        txn=txn,
                    )
                )
        for number, rows in list(self.by_receipt.items())[:20]:
            for row in rows:
                self.breach(
                    tr(
                        "audit row {row} ({action}) names receipt {number}, which is not in "
                        "the ledger (deleted).",
                        row=row[0],
                        action=row[1],
                        number=number,
                    )
                )

    def _receipt_numbers(self, snap: chain.Snapshot) -> None:
        seqs = sorted(s for s in self.receipt_seqs if isinstance(s, int))
        self.report.receipts = len(self.receipt_seqs)
        if seqs and seqs != list(range(1, len(seqs) + 1)):
            missing = sorted(set(range(1, seqs[-1] + 1)) - set(seqs))
            self.breach(
                tr("receipt numbers are not gap-free: missing {numbers}", numbers=missing[:10])
            )
        row = snap.one("SELECT value FROM counter WHERE name = 'receipt'")
        counter = int(row[0]) if row else 0
        last = seqs[-1] if seqs else 0
        if counter != last:
            self.breach(
                tr(
                    "the receipt counter is {counter} but the last receipt is number {seq}.",
                    counter=counter,
                    seq=last,
                )
            )
        head_receipts = getattr(self, "head_receipts", None)
        if head_receipts is not None and counter != head_receipts:
            self.breach(
                tr(
                    "the receipt counter is {counter} but the chain head recorded {head} "
                    "(counter set back or forward).",
                    counter=counter,
                    head=head_receipts,
                )
            )
