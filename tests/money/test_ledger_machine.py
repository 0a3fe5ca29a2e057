"""A hypothesis state machine over the money operations; every invariant after each step."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from app.db import Database, open_database
from app.demo import build_demo
from app.ledger import accounts, corrections
from app.ledger.journal import REVENUE, TENANT, LedgerError, Leg, post, verify
from app.ledger.recharge import IdempotencyConflict, RechargeRequest, recharge
from app.models import Account, AccountStatus, BillingMode, Meter, Room
from app.security import ApprovalRequired, system_actor

AMOUNTS = st.integers(min_value=1, max_value=40_000)  # fen, below the approval threshold


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("machine") / "template.sqlite"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, rooms=80, opening_balances=False)
    db.dispose()
    return path


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


class LedgerMachine(RuleBasedStateMachine):
    """Model: expected balance per platform account, receipts issued, keys used."""

    template: Path
    workdir: Path
    recharges = Bundle("recharges")

    def __init__(self) -> None:
        super().__init__()
        path = self.workdir / f"{uuid.uuid4().hex}.sqlite"
        shutil.copy(self.template, path)
        self.db = Database(f"sqlite:///{path}")
        self.actor = system_actor(name="machine")
        with self.db.read() as s:
            rows = s.execute(
                select(Room.id, Room.account_id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Room.account_id.is_not(None), Meter.billing_mode == BillingMode.PLATFORM)
                .order_by(Room.id)
                .limit(4)
            ).all()
            self.balances = {account: s.get(Account, account).balance_fen for _, account in rows}
        self.rooms = {room: account for room, account in rows}
        self.closed: set[int] = set()
        self.receipts = 0

    def teardown(self) -> None:
        self.db.dispose()

    def _open_room(self, data: st.DataObject) -> tuple[int, int] | None:
        choices = [(r, a) for r, a in self.rooms.items() if a not in self.closed]
        return data.draw(st.sampled_from(choices)) if choices else None

    @rule(
        target=recharges,
        data=st.data(),
        fen=AMOUNTS,
        method=st.sampled_from(["cash", "card", "qr", "transfer"]),
    )
    def take_recharge(self, data: st.DataObject, fen: int, method: str):  # type: ignore[no-untyped-def]
        pick = self._open_room(data)
        if pick is None:
            return None
        room, account = pick
        key = uuid.uuid4().hex
        result = recharge(
            self.db, self.actor, RechargeRequest(yuan(fen), method, key, room_id=room)
        )
        self.balances[account] += fen
        self.receipts += 1
        return (key, room, fen, method, result.receipt_number, result.txn_id)

    @rule(item=recharges)
    def retry_same_key(self, item) -> None:  # type: ignore[no-untyped-def]
        if item is None:
            return
        key, room, fen, method, number, _ = item
        if self.rooms[room] in self.closed:
            return
        again = recharge(self.db, self.actor, RechargeRequest(yuan(fen), method, key, room_id=room))
        assert again.replayed and again.receipt_number == number

    @rule(item=recharges, extra=st.integers(min_value=1, max_value=100))
    def same_key_other_amount(self, item, extra: int) -> None:  # type: ignore[no-untyped-def]
        if item is None:
            return
        key, room, fen, method, _, _ = item
        with pytest.raises(IdempotencyConflict):
            recharge(
                self.db, self.actor, RechargeRequest(yuan(fen + extra), method, key, room_id=room)
            )

    @rule(data=st.data(), fen=AMOUNTS)
    def refund(self, data: st.DataObject, fen: int) -> None:
        pick = self._open_room(data)
        if pick is None:
            return
        _, account = pick
        if fen > self.balances[account]:
            with pytest.raises(LedgerError):
                accounts.refund(self.db, self.actor, account, yuan(fen), "cash")
            return
        accounts.refund(self.db, self.actor, account, yuan(fen), "cash")
        self.balances[account] -= fen
        self.receipts += 1

    @rule(item=recharges)
    def reverse_recharge(self, item) -> None:  # type: ignore[no-untyped-def]
        if item is None:
            return
        _, room, fen, _, _, txn_id = item
        account = self.rooms[room]
        try:
            corrections.reverse_transaction(self.db, self.actor, txn_id)
        except LedgerError as exc:
            assert "already been reversed" in str(exc)
            return
        self.balances[account] -= fen

    @rule(data=st.data(), fen=AMOUNTS)
    def charge(self, data: st.DataObject, fen: int) -> None:
        pick = self._open_room(data)
        if pick is None:
            return
        _, account = pick
        with self.db.write() as s:
            post(s, "charge", [Leg(TENANT, -fen, account), Leg(REVENUE, fen)], self.actor)
        self.balances[account] -= fen

    @rule(data=st.data(), fen=AMOUNTS)
    def transfer(self, data: st.DataObject, fen: int) -> None:
        open_accounts = sorted({a for a in self.rooms.values() if a not in self.closed})
        if len(open_accounts) < 2:
            return
        source, target = data.draw(st.permutations(open_accounts))[:2]
        if fen > self.balances[source]:
            with pytest.raises(LedgerError):
                accounts.transfer(self.db, self.actor, source, target, yuan(fen))
            return
        accounts.transfer(self.db, self.actor, source, target, yuan(fen))
        self.balances[source] -= fen
        self.balances[target] += fen

    @rule(data=st.data())
    def close(self, data: st.DataObject) -> None:
        pick = self._open_room(data)
        if pick is None:
            return
        _, account = pick
        if self.balances[account] < 0:
            with pytest.raises(LedgerError, match="owes"):
                accounts.close_account(self.db, self.actor, account)
            return
        if self.balances[account] > 50_000:  # above the approval threshold: needs a second person
            with pytest.raises(ApprovalRequired):
                accounts.close_account(self.db, self.actor, account)
            return
        slip = accounts.close_account(self.db, self.actor, account)
        self.receipts += 1 if slip else 0
        self.balances[account] = 0
        self.closed.add(account)

    @invariant()
    def ledger_is_sound(self) -> None:
        report = verify(self.db)
        assert report.ok, report.breaches[:3]
        assert report.receipts == self.receipts
        with self.db.read() as s:
            for account, expected in self.balances.items():
                row = s.get(Account, account)
                assert row.balance_fen == expected
                assert (row.status is AccountStatus.CLOSED) == (account in self.closed)


def test_ledger_state_machine(template: Path, tmp_path: Path) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    LedgerMachine.template = template
    LedgerMachine.workdir = tmp_path
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
