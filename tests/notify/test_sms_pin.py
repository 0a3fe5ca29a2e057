"""The modem SIM's PIN, against the simulator's PIN-locked SIM on a pty and over socket://:
the PIN from the keyring is entered once per channel start; a wrong one is never entered
again by itself (three would lock the SIM); a SIM that wants its PUK is a clear error and
nothing is entered; the outbox rows say why, in English and Chinese."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.models import OutboxMessage
from app.notify import Message, SendError
from app.notify.gsm import SIM_PIN, GsmModemChannel
from app.notify.sender import Sender
from app.security.keystore import set_secret
from drivers.simulator.gsm_modem import GsmModemSim

from .conftest import Site, outbox

TO = "13800138000"


@pytest.fixture(params=["pty", "socket"])
def sim(request: pytest.FixtureRequest) -> Iterator[GsmModemSim]:
    modem = GsmModemSim()
    modem.start_pty() if request.param == "pty" else modem.start_tcp()
    modem.sim_state = "SIM PIN"
    try:
        yield modem
    finally:
        modem.stop()


@pytest.fixture
def channels(sim: GsmModemSim) -> Iterator[list[GsmModemChannel]]:
    made: list[GsmModemChannel] = []
    yield made
    for channel in made:
        channel.close()


def channel(sim: GsmModemSim, made: list[GsmModemChannel], **options: object) -> GsmModemChannel:
    made.append(GsmModemChannel(sim.url, 115200, **options))  # type: ignore[arg-type]
    return made[-1]


def refused(ch: GsmModemChannel) -> SendError:
    with pytest.raises(SendError) as caught:
        ch.send(Message(to=TO, text="hello"))
    return caught.value


def test_the_right_pin_from_the_keyring_unlocks_the_sim(
    sim: GsmModemSim, channels: list[GsmModemChannel]
) -> None:
    set_secret(SIM_PIN, "1234")
    ch = channel(sim, channels)
    assert ch.send(Message(to=TO, text="hello")).reference == "1"
    assert sim.pin_attempts == ["1234"] and sim.sim_state == "READY"
    assert [m.text for m in sim.messages] == ["hello"]


def test_a_wrong_pin_is_entered_once_and_never_again(
    sim: GsmModemSim, channels: list[GsmModemChannel], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_secret(SIM_PIN, "0000")
    ch = channel(sim, channels)
    first = refused(ch)
    assert (first.code, first.retryable) == ("sim_not_ready", False)
    assert "three wrong PINs lock the SIM" in first.text
    again = refused(ch)  # the next message: the PIN is not entered a second time
    assert again.text == first.text
    assert sim.pin_attempts == ["0000"] and sim.pin_tries == 2 and not sim.parts
    # a typed PIN that is right (a new start of the channel) unlocks it
    assert channel(sim, channels, pin="1234").send(Message(to=TO, text="hi")).parts == 1
    assert sim.pin_attempts == ["0000", "1234"]
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    sim.sim_state = "SIM PIN"
    assert "连续三次输错PIN会锁卡" in refused(channel(sim, channels, pin="9999")).text


def test_a_sim_that_wants_its_puk_is_an_error_and_nothing_is_entered(
    sim: GsmModemSim, channels: list[GsmModemChannel], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_secret(SIM_PIN, "1234")
    sim.sim_state = "SIM PUK"
    error = refused(channel(sim, channels))
    assert (error.code, error.retryable, error.data["sim"]) == ("sim_not_ready", False, "SIM PUK")
    assert "PUK" in error.text and "phone" in error.text
    assert sim.pin_attempts == []
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert "请把SIM卡放进手机" in refused(channel(sim, channels)).text


def test_three_wrong_pins_lock_the_simulated_sim(sim: GsmModemSim) -> None:
    assert sim.enter_pin("1111") == ("+CME ERROR: 16",) and sim.pin_tries == 2
    sim.enter_pin("2222")
    assert sim.enter_pin("3333") == ("+CME ERROR: 16",) and sim.sim_state == "SIM PUK"
    assert sim.enter_pin("1234") == ("+CME ERROR: 12",) and sim.sim_state == "SIM PUK"


def test_no_pin_stored_is_retryable_and_says_where(
    sim: GsmModemSim, channels: list[GsmModemChannel]
) -> None:
    error = refused(channel(sim, channels))
    assert error.retryable and "Settings → Messages" in error.text
    assert sim.pin_attempts == []


def test_the_sender_fails_rows_with_the_reason_and_enters_the_pin_once(
    site: Site, sim: GsmModemSim
) -> None:
    set_secret(SIM_PIN, "4321")
    now = datetime.now(UTC)
    with site.db.write() as s:
        for i in range(3):
            s.add(
                OutboxMessage(
                    key=f"pin:{i}",
                    channel="sms",
                    recipient=TO,
                    kind="low_balance",
                    text=f"message {i}",
                    next_try_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
    ch = GsmModemChannel(sim.url, 115200)
    try:
        assert Sender(site.db, "sms", ch).drain() == 3
    finally:
        ch.close()
    rows = outbox(site.db, channel="sms")
    assert [r.status for r in rows] == ["failed"] * 3
    assert all("refused the stored PIN" in r.reason for r in rows)
    assert sim.pin_attempts == ["4321"] and sim.pin_tries == 2


def test_an_idle_sender_listening_for_reports_unlocks_the_sim_at_start(
    site: Site, sim: GsmModemSim
) -> None:
    set_secret(SIM_PIN, "1234")
    sender = Sender(site.db, "sms", GsmModemChannel(sim.url, 115200, status_reports=True))
    sender.idle_wait = 0.2
    sender.start()
    try:
        deadline = time.monotonic() + 30
        while sim.sim_state != "READY":
            assert time.monotonic() < deadline
            sender.join(0.05)
    finally:
        sender.stop()
        sender.join(30)
    assert sim.pin_attempts == ["1234"]
