"""A hypothesis state machine over the money operations; every invariant after each step.

Platform-side and meter-side rooms; recharges (the collector's confirmation simulated by
what the executor writes: the command confirmed, the meter's count and balance), commands
caught in flight (``sent``), refunds at the desk and refund requests approved or rejected,
cancellations, transfers (administrators only, four-eyes above the threshold), closes with
and without recharges still queued, transfers of ownership with and without the balance,
meter swaps. After every step: ``ledger verify`` is OK, every cached balance equals the
model, the receipts are the model's, no recharge can still be written to the meter of a
vacant room or a removed meter. Every refused call is checked to have written nothing (a
snapshot of the tables before and after).

Cost: the park is built once into a file that each example copies (building it
is the expensive part); the operators are in that file, with the cheap test hashing.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from app.db import Database, open_database
from app.demo import build_demo
from app.ledger import accounts, corrections, refunds
from app.ledger.journal import REVENUE, TENANT, LedgerError, Leg, post, verify
from app.ledger.recharge import IdempotencyConflict, RechargeRequest, recharge
from app.models import (
    Account,
    AccountStatus,
    BillingMode,
    CommandStatus,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Role,
    Room,
)
from app.security import (
    Actor,
    SecurityError,
    add_operator,
    approve_login,
    create_first_admin,
    login,
)

from .snapshot import assert_unchanged, snapshot

AMOUNTS = st.integers(min_value=1, max_value=40_000)  # fen, below the approval threshold
LARGE = st.integers(min_value=1, max_value=90_000)  # either side of the ¥500 threshold
THRESHOLD = 50_000
PASSWORD = "Counter-2026!"
ACTIVE = (CommandStatus.PENDING, CommandStatus.SENT)
EXAMPLES = int(os.environ.get("WATTDESK_MACHINE_EXAMPLES", "200"))  # 200 in make test
STEPS = 20


@pytest.fixture
def template(tmp_path: Path, cheap_hashing: None) -> Any:
    """The park, operators and the first reading of each meter-side meter, built once (in
    the test's keyring, which holds the audit key every copy needs)."""
    path = tmp_path / "template.sqlite"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, rooms=80, opening_balances=False)
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "boss", "老板", Role.ADMIN, PASSWORD)
    add_operator(db, admin, "li", "李出纳", Role.CASHIER, PASSWORD)
    staff = {
        "admin": admin,
        "boss": approve_login(db, admin, "boss", PASSWORD),
        "cashier": login(db, "li", PASSWORD),
    }
    rooms: dict[BillingMode, list[tuple[int, int, int]]] = {}
    with db.write() as s:
        for mode, count in ((BillingMode.PLATFORM, 4), (BillingMode.METER, 3)):
            rows = s.execute(
                select(Room.id, Room.account_id, Meter.id)
                .join(Meter, Meter.room_id == Room.id)
                .where(
                    Room.account_id.is_not(None),
                    Meter.billing_mode == mode,
                    Meter.role == MeterRole.TENANT,
                )
                .order_by(Room.id)
                .limit(count)
            ).all()
            rooms[mode] = [tuple(r) for r in rows]
        for _room, _account, meter in rooms[BillingMode.METER]:
            if s.get(MeterState, meter) is None:
                s.add(MeterState(meter_id=meter, purchase_count=0, balance_fen=0))
            else:
                state = s.get(MeterState, meter)
                state.purchase_count, state.balance_fen = 0, 0
    db.dispose()
    return path, staff, rooms


OUTCOMES: Counter[str] = Counter()


def note(outcome: str) -> None:
    """Count what the run exercised (the test asserts every kind of step happened)."""
    OUTCOMES[outcome] += 1
    event(outcome)


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


class LedgerMachine(RuleBasedStateMachine):
    """Model: tenant balances, rooms -> account, meters' balances and counts, the commands
    still active, requests, receipts issued."""

    template: Any
    workdir: Path

    def __init__(self) -> None:
        super().__init__()
        path, self.staff, rooms = self.template
        copy = self.workdir / f"{uuid.uuid4().hex}.sqlite"
        shutil.copy(path, copy)
        self.db = Database(f"sqlite:///{copy}")
        self.admin: Actor = self.staff["admin"]
        self.cashier: Actor = self.staff["cashier"]
        self.boss: Actor = self.staff["boss"]
        self.balances: dict[int, int] = {}
        self.room_account: dict[int, int | None] = {}
        self.meter_of: dict[int, int] = {}  # meter-side room -> installed meter
        for mode, rows in rooms.items():
            for room, account, meter in rows:
                self.balances[account] = 0
                self.room_account[room] = account
                if mode is BillingMode.METER:
                    self.meter_of[room] = meter
        self.meter_balance: dict[int, int] = {m: 0 for m in self.meter_of.values()}
        self.read: set[int] = set(self.meter_of.values())  # meters with a reading
        self.commands: dict[int, dict[str, Any]] = {}  # active recharge commands
        self.requests: dict[int, tuple[int, int]] = {}  # request -> (account, fen)
        self.closed: set[int] = set()
        self.receipts = 0
        self.recharges: list[tuple[str, int, int, str, str, int, int]] = []

    def teardown(self) -> None:
        self.db.dispose()

    # --- helpers --------------------------------------------------------------------------

    def refused(self, call: Callable[[], object], *errors: type[Exception]) -> None:
        """The call is refused, and it wrote nothing."""
        before = snapshot(self.db)
        with pytest.raises(errors or (LedgerError, SecurityError)) as caught:
            call()
        if os.environ.get("WATTDESK_MACHINE_DEBUG"):
            note(f"{sys._getframe(1).f_code.co_name}: {caught.value}"[:90])
        assert_unchanged(self.db, before)
        note(f"{sys._getframe(1).f_code.co_name}: refused")

    def open_accounts(self) -> list[int]:
        return sorted({a for a in self.room_account.values() if a is not None} - self.closed)

    def let_rooms(self, meter_side: bool | None = None) -> list[int]:
        return sorted(
            r
            for r, a in self.room_account.items()
            if a is not None and (meter_side is None or (r in self.meter_of) == meter_side)
        )

    def rooms_of(self, account: int) -> list[int]:
        return [r for r, a in self.room_account.items() if a == account]

    def active_on(self, rooms: list[int]) -> list[int]:
        meters = {self.meter_of[r] for r in rooms if r in self.meter_of}
        return [c for c, cmd in self.commands.items() if cmd["meter"] in meters]

    def meter_money(self, rooms: list[int]) -> int:
        return sum(
            max(self.meter_balance[self.meter_of[r]], 0) for r in rooms if r in self.meter_of
        )

    def approver(self, data: st.DataObject) -> Actor | None:
        return self.boss if data.draw(st.booleans(), label="approver") else None

    # --- money in -------------------------------------------------------------------------

    @precondition(lambda self: self.let_rooms(meter_side=False))
    @rule(data=st.data(), fen=LARGE, method=st.sampled_from(["cash", "card", "qr", "transfer"]))
    def take_recharge(self, data: st.DataObject, fen: int, method: str) -> None:
        room = data.draw(st.sampled_from(self.let_rooms(meter_side=False)))
        account = self.room_account[room]
        assert account is not None
        key = uuid.uuid4().hex
        result = recharge(
            self.db, self.cashier, RechargeRequest(yuan(fen), method, key, room_id=room)
        )
        self.balances[account] += fen
        self.receipts += 1
        self.recharges.append(
            (key, room, fen, method, result.receipt_number, result.txn_id, account)
        )

    @precondition(lambda self: self.let_rooms(meter_side=True))
    @rule(data=st.data(), fen=LARGE)
    def meter_recharge(self, data: st.DataObject, fen: int) -> None:
        room = data.draw(st.sampled_from(self.let_rooms(meter_side=True)))
        key = uuid.uuid4().hex
        result = recharge(
            self.db, self.cashier, RechargeRequest(yuan(fen), "cash", key, room_id=room)
        )
        assert result.command_id is not None
        self.receipts += 1
        self.commands[result.command_id] = {
            "meter": self.meter_of[room],
            "amount": fen,
            "receipt": result.receipt_number,
            "sent": False,
        }

    @precondition(lambda self: self.recharges)
    @rule(data=st.data(), extra=st.integers(min_value=0, max_value=100))
    def retry_same_key(self, data: st.DataObject, extra: int) -> None:
        key, room, fen, method, number, _, _ = data.draw(st.sampled_from(self.recharges))
        request = RechargeRequest(yuan(fen + extra), method, key, room_id=room)
        if extra:
            self.refused(lambda: recharge(self.db, self.cashier, request), IdempotencyConflict)
            return
        if self.room_account[room] is None:
            return
        again = recharge(self.db, self.cashier, request)
        assert again.replayed and again.receipt_number == number

    # --- the collector, simulated as the executor writes it -------------------------------

    @precondition(lambda self: self.commands)
    @rule(data=st.data())
    def collector_sends(self, data: st.DataObject) -> None:
        command = data.draw(st.sampled_from(sorted(self.commands)))
        with self.db.write() as s:
            s.get(MeterCommand, command).status = CommandStatus.SENT
        self.commands[command]["sent"] = True

    @precondition(lambda self: self.commands)
    @rule(data=st.data())
    def meter_confirms(self, data: st.DataObject) -> None:
        meter = data.draw(st.sampled_from(sorted({c["meter"] for c in self.commands.values()})))
        with self.db.write() as s:
            first = min(
                s.scalars(
                    select(MeterCommand).where(
                        MeterCommand.meter_id == meter, MeterCommand.status.in_(ACTIVE)
                    )
                ),
                key=lambda c: int(c.payload["expected_count"]),
            )
            first.status = CommandStatus.CONFIRMED
            state = s.get(MeterState, meter)
            if state is None:
                state = MeterState(meter_id=meter, purchase_count=0, balance_fen=0)
                s.add(state)
            state.purchase_count = int(first.payload["expected_count"])
            state.balance_fen = (state.balance_fen or 0) + int(first.payload["amount_fen"])
            command = first.id
        self.meter_balance[meter] += self.commands.pop(command)["amount"]
        self.read.add(meter)

    @precondition(lambda self: any(b > 0 for b in self.meter_balance.values()))
    @rule(data=st.data(), fen=AMOUNTS)
    def meter_spends(self, data: st.DataObject, fen: int) -> None:
        meter = data.draw(
            st.sampled_from(sorted(m for m, b in self.meter_balance.items() if b > 0))
        )
        fen = min(fen, self.meter_balance[meter])
        with self.db.write() as s:
            s.get(MeterState, meter).balance_fen -= fen
        self.meter_balance[meter] -= fen

    # --- money out ------------------------------------------------------------------------

    @precondition(lambda self: self.open_accounts())
    @rule(data=st.data(), fen=LARGE)
    def refund(self, data: st.DataObject, fen: int) -> None:
        account = data.draw(st.sampled_from(self.open_accounts()))
        call = lambda: accounts.refund(self.db, self.cashier, account, yuan(fen), "cash")  # noqa: E731
        if fen > self.balances[account] or fen > THRESHOLD:
            self.refused(call)
            return
        call()
        self.balances[account] -= fen
        self.receipts += 1

    def funded(self) -> list[int]:
        return [a for a in self.open_accounts() if self.balances[a] > 0]

    @precondition(lambda self: self.funded())
    @rule(data=st.data())
    def request_refund(self, data: st.DataObject) -> None:
        account = data.draw(st.sampled_from(self.funded()))
        # mostly affordable (then approved or rejected), now and then more than the balance
        limit = self.balances[account] // 3 if data.draw(st.integers(0, 4)) else 0
        fen = data.draw(st.integers(1, limit + 100), label="fen")
        call = lambda: refunds.request_refund(  # noqa: E731
            self.db, self.cashier, account, yuan(fen), "transfer", "moving out"
        )
        if fen > self.balances[account]:
            self.refused(call)
            return
        self.requests[call()] = (account, fen)

    @precondition(lambda self: self.requests)
    @rule(data=st.data(), approve=st.booleans())
    def decide_request(self, data: st.DataObject, approve: bool) -> None:
        request = data.draw(st.sampled_from(sorted(self.requests)))
        account, fen = self.requests[request]
        call = lambda: refunds.decide_refund(self.db, self.admin, request, approve, "checked")  # noqa: E731
        if approve and (account in self.closed or fen > self.balances[account]):
            self.refused(call)  # the request stays pending
            return
        note("decide_request: done")
        slip = call()
        del self.requests[request]
        if approve:
            assert slip is not None
            self.balances[account] -= fen
            self.receipts += 1

    @precondition(lambda self: any(c["receipt"] for c in self.commands.values()))
    @rule(data=st.data())
    def cancel_recharge(self, data: st.DataObject) -> None:
        command = data.draw(
            st.sampled_from(sorted(c for c, cmd in self.commands.items() if cmd["receipt"]))
        )
        cmd = self.commands[command]
        call = lambda: accounts.cancel_recharge(self.db, self.admin, cmd["receipt"], self.boss)  # noqa: E731
        if cmd["sent"] or cmd["meter"] not in self.read:
            self.refused(call)
            return
        note("cancel_recharge: done")
        call()
        del self.commands[command]
        self.receipts += 1

    @precondition(lambda self: len(self.open_accounts()) >= 2)
    @rule(data=st.data(), who=st.integers(0, 3))
    def transfer(self, data: st.DataObject, who: int) -> None:
        cashier = who == 0  # a cashier tries one time in four (and is refused)
        source = data.draw(st.sampled_from(self.funded() or self.open_accounts()))
        target = data.draw(st.sampled_from([a for a in self.open_accounts() if a != source]))
        fen = data.draw(st.integers(1, max(self.balances[source], 0) + 1_000), label="fen")
        approver = self.approver(data)
        actor = self.cashier if cashier else self.admin
        call = lambda: accounts.transfer(self.db, actor, source, target, yuan(fen), approver)  # noqa: E731
        if cashier or fen > self.balances[source] or (fen > THRESHOLD and approver is None):
            self.refused(call)
            return
        note("transfer: done")
        call()
        self.balances[source] -= fen
        self.balances[target] += fen

    @precondition(lambda self: self.open_accounts())
    @rule(data=st.data(), fen=AMOUNTS)
    def charge(self, data: st.DataObject, fen: int) -> None:
        account = data.draw(st.sampled_from(self.open_accounts()))
        with self.db.write() as s:
            post(s, "charge", [Leg(TENANT, -fen, account), Leg(REVENUE, fen)], self.admin)
        self.balances[account] -= fen

    @precondition(lambda self: self.recharges)
    @rule(data=st.data())
    def reverse_recharge(self, data: st.DataObject) -> None:
        _, _, fen, _, _, txn_id, account = data.draw(st.sampled_from(self.recharges))
        try:
            corrections.reverse_transaction(self.db, self.admin, txn_id, self.boss)
        except LedgerError as exc:
            assert "already been reversed" in str(exc)
            return
        self.balances[account] -= fen

    # --- account life ---------------------------------------------------------------------

    @precondition(lambda self: len(self.open_accounts()) > 3)  # keep some to work with
    @rule(data=st.data(), cancel=st.booleans())
    def close(self, data: st.DataObject, cancel: bool) -> None:
        account = data.draw(st.sampled_from(self.open_accounts()))
        approver = self.approver(data)
        rooms = self.rooms_of(account)
        pending = self.active_on(rooms)
        call = lambda: accounts.close_account(  # noqa: E731
            self.db, self.admin, account, approver=approver, cancel_pending=cancel
        )
        cancellable = all(
            self.commands[c]["receipt"]
            and not self.commands[c]["sent"]
            and self.commands[c]["meter"] in self.read
            for c in pending
        )
        out = max(self.balances[account], 0) + self.meter_money(rooms)
        out += sum(self.commands[c]["amount"] for c in pending)
        if (
            self.balances[account] < 0
            or (pending and not (cancel and cancellable))
            or (out > THRESHOLD and approver is None)
        ):
            self.refused(call)
            return
        note("close: done")
        slips = call()
        issued = len(slips.split(", ")) if slips else 0
        money = self.balances[account] + self.meter_money(rooms)
        assert issued == len(pending) + (1 if money else 0)
        self.receipts += issued
        for c in pending:
            del self.commands[c]
        self.balances[account] = 0
        self.closed.add(account)
        for room in rooms:
            self.room_account[room] = None

    @precondition(lambda self: self.let_rooms())
    @rule(data=st.data(), carry=st.booleans())
    def transfer_ownership(self, data: st.DataObject, carry: bool) -> None:
        # rooms with a recharge in flight or much money first: where a 过户 is refused
        rooms = sorted(
            self.let_rooms(),
            key=lambda r: (
                not self.active_on([r]),
                -self.balances.get(self.room_account[r] or 0, 0),
            ),
        )
        room = data.draw(st.sampled_from(rooms))
        old = self.room_account[room]
        assert old is not None
        approver = self.approver(data)
        fen = max(self.balances[old], 0) if carry else 0
        carried = fen + (self.meter_money([room]) if carry else 0)
        name = f"接手{uuid.uuid4().hex[:8]}"
        call = lambda: accounts.transfer_ownership(  # noqa: E731
            self.db, self.admin, room, name, "enterprise", carry_balance=carry, approver=approver
        )
        if self.active_on([room]) or (carried > THRESHOLD and approver is None):
            self.refused(call)
            return
        note("transfer_ownership: done")
        new = call()
        self.balances[new.id] = fen
        self.balances[old] -= fen
        self.room_account[room] = new.id

    @precondition(
        lambda self: any(a is None and r not in self.meter_of for r, a in self.room_account.items())
    )
    @rule(data=st.data())
    def reopen(self, data: st.DataObject) -> None:
        vacant = sorted(
            r for r, a in self.room_account.items() if a is None and r not in self.meter_of
        )
        room = data.draw(st.sampled_from(vacant))
        account = accounts.open_account(self.db, self.admin, f"新户{room}", "enterprise", [room])
        self.balances[account.id] = 0
        self.room_account[room] = account.id

    @precondition(lambda self: self.let_rooms(meter_side=True))
    @rule(data=st.data(), typed=st.booleans())
    def swap_meter(self, data: st.DataObject, typed: bool) -> None:
        room = data.draw(st.sampled_from(self.let_rooms(meter_side=True)))
        old = self.meter_of[room]
        balance = self.meter_balance[old] if old in self.read else 0
        shown = data.draw(st.integers(0, max(balance, 0))) if typed and old in self.read else None
        address = uuid.uuid4().hex[:12]
        call = lambda: accounts.replace_meter(  # noqa: E731
            self.db,
            self.admin,
            old,
            address,
            final_balance=None if shown is None else yuan(shown),
        )
        if self.active_on([room]):
            self.refused(call)
            return
        note("swap_meter: done")
        new = call()
        carried = balance if shown is None else shown
        self.meter_of[room] = new
        self.meter_balance[new] = 0
        if carried > 0:
            with self.db.read() as s:
                command = s.scalars(select(MeterCommand).where(MeterCommand.meter_id == new)).one()
            self.commands[command.id] = {
                "meter": new,
                "amount": carried,
                "receipt": None,
                "sent": False,
            }

    # --- invariants -----------------------------------------------------------------------

    @invariant()
    def ledger_is_sound(self) -> None:
        report = verify(self.db)
        assert report.ok, report.breaches[:3]
        assert report.receipts == self.receipts
        with self.db.read() as s:
            rows = s.execute(
                select(Account.id, Account.balance_fen, Account.status).where(
                    Account.id.in_(list(self.balances))
                )
            ).all()
            assert {a: b for a, b, _ in rows} == self.balances
            assert {a for a, _, st in rows if st is AccountStatus.CLOSED} == self.closed
            active = s.execute(
                select(MeterCommand.id, Meter.removed_at, Room.account_id)
                .join(Meter, Meter.id == MeterCommand.meter_id)
                .outerjoin(Room, Room.id == Meter.room_id)
                .where(MeterCommand.status.in_(ACTIVE))
            ).all()
        stray = [c for c, removed, account in active if removed is not None or account is None]
        assert not stray, f"commands that may still write to a vacant room: {stray}"
        assert {c for c, _, _ in active} == set(self.commands)


@pytest.fixture
def no_local_constants(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Derandomised examples that depend on this test alone.

    Hypothesis mixes into its draws the literals of every *local* module loaded so far
    (``hypothesis.internal.conjecture.providers._get_local_constants``): which app and test
    modules the suite happened to import before this test changed the 200 examples (an
    import added to ``app/demo.py`` once lost "transfer_ownership: refused"). The pool is
    held empty here, so the examples are the same alone, in a file, or in the full suite.
    """
    from hypothesis.internal.conjecture import providers

    monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)
    providers.CONSTANTS_CACHE.cache.clear()
    yield
    providers.CONSTANTS_CACHE.cache.clear()


@pytest.mark.timeout(1200)  # ≈ 50 s of CPU; a CI machine shared with other jobs may take 4 min
def test_ledger_state_machine(template: Any, tmp_path: Path, no_local_constants: None) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    LedgerMachine.template = template
    LedgerMachine.workdir = tmp_path
    OUTCOMES.clear()
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            # the same examples every run: the check below that every outcome happened is
            # then a property of the test, not of the seed (a random seed once missed
            # "transfer_ownership: refused" in 200 examples)
            derandomize=True,
        ),
    )
    wanted = {
        f"{name}: {outcome}"
        for name in ("close", "transfer_ownership", "swap_meter", "cancel_recharge", "transfer")
        for outcome in ("done", "refused")
    } | {"decide_request: done", "refund: refused"}
    print(sorted(OUTCOMES.items()))
    if EXAMPLES >= 200:  # each of these happens 8 to 600 times in 200 examples
        assert wanted <= set(OUTCOMES), f"never exercised: {sorted(wanted - set(OUTCOMES))}"
