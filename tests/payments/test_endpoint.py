"""The payment endpoint as a real HTTP server on a localhost port (in a thread), spoken to
with urllib: forged, replayed, stale and malformed requests are refused with a reason; a
good one is credited once, also when it arrives twice at the same moment."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.ledger.journal import verify
from app.models import LedgerTxn, Meter, OnlinePayment, Reading, ReadingKind
from app.payments.endpoint import MAX_BODY, PAY_PATH, PaymentServer, sign
from app.security import Actor
from tests.payments.conftest import Tenant

SECRET = "relay-secret-0123456789abcdef"
TXN = "4200001234202611030000000777"


@pytest.fixture
def server(park: Database, staff: dict[str, Actor]) -> Iterator[PaymentServer]:
    srv = PaymentServer(park, staff["cashier"], SECRET, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


def request(
    srv: PaymentServer,
    body: bytes | dict[str, Any] | None = None,
    *,
    path: str = PAY_PATH,
    secret: str = SECRET,
    stamp: int | None = None,
    nonce: str | None = None,
    ctype: str = "application/json",
    signed_body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """One request; the status and the JSON answer (also of a refusal)."""
    method = "GET" if body is None else "POST"
    raw = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    stamp = int(time.time()) if stamp is None else stamp
    nonce = nonce or uuid.uuid4().hex
    signature = sign(
        secret, str(stamp), nonce, method, path, raw if signed_body is None else signed_body
    )
    sent = {
        "X-WattDesk-Timestamp": str(stamp),
        "X-WattDesk-Nonce": nonce,
        "X-WattDesk-Signature": signature,
    }
    if method == "POST":
        sent["Content-Type"] = ctype
    sent.update(headers or {})
    host, port = srv.address
    req = urllib.request.Request(
        f"http://{host}:{port}{path}",
        data=raw if method == "POST" else None,
        headers=sent,
        method=method,
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def payment(tenant: Tenant, amount: object = "25.50", txn: str = TXN) -> dict[str, Any]:
    return {
        "platform": "wechat",
        "transaction_id": txn,
        "amount": amount,
        "account": tenant.account,
        "payer": "oRELAY",
        "paid_at": "2026-11-03T10:00:00+08:00",
    }


def txns(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(LedgerTxn.id))) or 0)


def test_a_good_payment_is_credited_once(
    server: PaymentServer, park: Database, office: Tenant
) -> None:
    start = txns(park)
    nonce = uuid.uuid4().hex
    status, answer = request(server, payment(office), nonce=nonce)
    assert status == 200, answer
    assert answer["status"] == "credited" and answer["replayed"] is False
    assert answer["account"] == office.account and answer["amount"] == "25.50"
    assert txns(park) == start + 1  # committed before the answer
    # the very same request again: its nonce was used
    assert request(server, payment(office), nonce=nonce) == (
        409,
        {"reason": "replay", "message": "this nonce was already used"},
    )
    # the relay retries with a fresh signature: the same receipt, no second recharge
    status, again = request(server, payment(office))
    assert status == 200 and again["replayed"] is True and again["receipt"] == answer["receipt"]
    assert txns(park) == start + 1
    with park.read() as s:
        row = s.scalars(select(OnlinePayment)).one()
        assert (row.source, row.status, row.amount_fen) == ("endpoint", "credited", 2550)
    assert verify(park).ok


def test_a_meter_side_room_gets_its_meter_command(server: PaymentServer, dorm: Tenant) -> None:
    body = {**payment(dorm), "account": "", "room": f"{dorm.building}/{dorm.room}"}
    status, answer = request(server, body)
    assert status == 200, answer
    assert answer["account"] == dorm.account and answer["meter_command"] is True


BAD_AMOUNTS = ["-5.00", "1.234", "99999999999", "abc", "0.00", "", "1e3", 5, 5.5, None]


def test_every_forged_stale_or_malformed_request_is_refused(
    server: PaymentServer, park: Database, office: Tenant
) -> None:
    start = txns(park)
    good = json.dumps(payment(office)).encode()
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"body": good, "secret": "not-the-secret-at-all"}, 401, "bad_signature"),
        ({"body": good, "signed_body": good.replace(b"25.50", b"2.55")}, 401, "bad_signature"),
        ({"body": good, "stamp": int(time.time()) - 400}, 401, "stale_timestamp"),
        ({"body": good, "stamp": int(time.time()) + 400}, 401, "stale_timestamp"),
        ({"body": good, "nonce": "short"}, 401, "bad_signature"),
        ({"body": good, "headers": {"X-WattDesk-Signature": ""}}, 401, "unsigned"),
        (
            {"body": json.dumps({**payment(office), "account": "E9999999"}).encode()},
            404,
            "unknown_account",
        ),
        ({"body": good, "ctype": "text/plain"}, 415, "wrong_content_type"),
        ({"body": good, "ctype": "application/x-www-form-urlencoded"}, 415, "wrong_content_type"),
        ({"body": b"{" + b" " * (MAX_BODY + 10) + b"}"}, 413, "too_large"),
        ({"body": b"{not json"}, 400, "bad_json"),
        ({"body": b"[1, 2]"}, 400, "bad_json"),
        (
            {"body": json.dumps({**payment(office), "platform": "paypal"}).encode()},
            400,
            "bad_field",
        ),
        (
            {"body": json.dumps({**payment(office), "transaction_id": "a b"}).encode()},
            400,
            "bad_field",
        ),
        (
            {"body": json.dumps({**payment(office), "amount": "900000000.00"}).encode()},
            422,
            "refused",
        ),
        ({"body": good, "path": "/v1/other"}, 404, "not_found"),
    ]
    cases += [
        ({"body": json.dumps(payment(office, amount)).encode()}, 422, "bad_amount")
        for amount in BAD_AMOUNTS
    ]
    for kwargs, status, reason in cases:
        got, answer = request(server, **kwargs)
        assert (got, answer["reason"]) == (status, reason), kwargs
        assert answer["message"]
    assert txns(park) == start


def test_twice_at_the_same_moment_is_credited_once(
    server: PaymentServer, park: Database, office: Tenant
) -> None:
    start = txns(park)
    results: list[tuple[int, dict[str, Any]]] = []
    barrier = threading.Barrier(4)

    def send(nonce: str, txn: str) -> None:
        barrier.wait(timeout=30)
        results.append(request(server, payment(office, txn=txn), nonce=nonce))

    same = uuid.uuid4().hex  # two copies of one request, and two signings of one payment
    threads = [
        threading.Thread(target=send, args=(same, TXN)),
        threading.Thread(target=send, args=(same, TXN)),
        threading.Thread(target=send, args=(uuid.uuid4().hex, TXN[:-1] + "8")),
        threading.Thread(target=send, args=(uuid.uuid4().hex, TXN[:-1] + "8")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 200, 200, 409], results
    replayed = sorted(a.get("replayed") for s, a in results if s == 200)
    assert replayed == [False, False, True]
    assert txns(park) == start + 2  # one recharge per payment
    assert verify(park).ok


def test_the_self_service_query_is_signed_and_read_only(
    server: PaymentServer, park: Database, office: Tenant
) -> None:
    assert request(server, payment(office))[0] == 200
    start = txns(park)
    path = f"/v1/accounts/{office.account}"
    nonce = uuid.uuid4().hex
    status, answer = request(server, path=path, nonce=nonce)
    assert status == 200, answer
    assert answer["account"] == office.account
    assert answer["recent_payments"][0]["amount"] == "25.50"
    assert {"balance", "days_left", "recent_use"} <= set(answer)
    assert request(server, path=path, nonce=nonce)[1]["reason"] == "replay"
    # two daily freezes (at the park's midnights): the kWh between them is the day they close
    with park.write() as s:
        meter = s.scalars(select(Meter.id).where(Meter.room_id == office.room_id)).first()
        for day, kwh in ((2, "100.00"), (3, "112.50")):
            midnight = datetime(2030, 1, day, tzinfo=ZoneInfo("Asia/Shanghai"))
            total = Decimal(kwh)
            s.add(Reading(meter_id=meter, kind=ReadingKind.DAILY, ts=midnight, energy_total=total))
    use = request(server, path=path)[1]["recent_use"]
    assert use[-1] == {"date": "2030-01-02", "kwh": "12.50"}
    assert request(server, path=path, secret="wrong-secret-wrong-secret")[0] == 401
    assert request(server, path="/v1/accounts/E9999999")[0] == 404
    assert txns(park) == start


def test_a_replay_is_refused_after_a_restart(
    park: Database, staff: dict[str, Actor], office: Tenant
) -> None:
    nonce = uuid.uuid4().hex
    first = PaymentServer(park, staff["cashier"], SECRET, "127.0.0.1", 0)
    first.start()
    try:
        assert request(first, payment(office), nonce=nonce)[0] == 200
    finally:
        first.stop()
    second = PaymentServer(park, staff["cashier"], SECRET, "127.0.0.1", 0)
    second.start()
    try:
        assert request(second, payment(office), nonce=nonce)[1]["reason"] == "replay"
    finally:
        second.stop()


def test_old_nonces_are_forgotten_when_the_endpoint_starts(
    park: Database, staff: dict[str, Actor]
) -> None:
    from datetime import UTC, datetime, timedelta

    from app.models import PaymentNonce

    now = datetime.now(UTC)
    with park.write() as s:
        s.add(PaymentNonce(nonce="o" * 20, seen_at=now - timedelta(days=2)))
        s.add(PaymentNonce(nonce="n" * 20, seen_at=now - timedelta(minutes=10)))
    srv = PaymentServer(park, staff["cashier"], SECRET, "127.0.0.1", 0)
    srv.httpd.server_close()
    with park.read() as s:
        assert sorted(n for n in s.scalars(select(PaymentNonce.nonce))) == ["n" * 20]


def test_a_different_amount_for_a_credited_payment_and_a_disabled_operator(
    server: PaymentServer, park: Database, staff: dict[str, Actor], office: Tenant
) -> None:
    from app.security.operators import disable_operator

    assert request(server, payment(office))[0] == 200
    status, answer = request(server, payment(office, "99.00"))
    assert (status, answer["reason"]) == (409, "conflict")  # the key is the ledger's
    disable_operator(park, staff["admin"], "cashier")
    status, answer = request(server, payment(office, txn=TXN[:-1] + "9"))
    assert (status, answer["reason"]) == (403, "forbidden")
