"""The SMS channel against the simulated GSM modem, over a real pty and over socket://.

Every test runs on both transports: a pty has a file descriptor, a socket:// port has
none (pyserial's API only). The simulator decodes every PDU, checks its AT+CMGS length and
joins concatenated parts, so a message that arrives whole proves the encoding end to end.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.notify import REGISTRY, Message, SendError
from app.notify.gsm import GsmModemChannel, send_sms
from drivers.gsm_at import AtError, AtPort
from drivers.simulator.gsm_modem import GsmModemSim

TO = "+8613800138000"
ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]

MakeChannel = Callable[..., GsmModemChannel]


@pytest.fixture(params=["pty", "socket"])
def modem(request: pytest.FixtureRequest) -> Iterator[tuple[GsmModemSim, MakeChannel]]:
    sim = GsmModemSim()
    url = sim.start_pty() if request.param == "pty" else sim.start_tcp()
    assert url.startswith("/dev/") if request.param == "pty" else url.startswith("socket://")
    channels: list[GsmModemChannel] = []

    def make(**settings: object) -> GsmModemChannel:
        channel = GsmModemChannel(url, 115200, **settings)  # type: ignore[arg-type]
        channels.append(channel)
        return channel

    try:
        yield sim, make
    finally:
        for channel in channels:
            channel.close()
        sim.stop()


def failure(channel: GsmModemChannel, text: str = "hello", to: str = TO) -> SendError:
    with pytest.raises(SendError) as caught:
        channel.send(Message(to=to, text=text))
    return caught.value


def test_the_channel_is_registered_as_sms() -> None:
    assert REGISTRY["sms"] is GsmModemChannel


def test_200_chinese_characters_arrive_as_three_joined_parts(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    channel = make()
    result = channel.send(Message(to=TO, text=ZH200))
    assert result.parts == 3
    (received,) = sim.messages
    assert received.text == ZH200 and received.to == TO and received.encoding == "ucs2"
    refs = {p.concat[0] for p in received.parts if p.concat}
    assert len(refs) == 1 and [p.concat[1:] for p in received.parts if p.concat] == [
        (3, 1),
        (3, 2),
        (3, 3),
    ]
    assert result.reference == ",".join(str(r) for r in received.refs) == "1,2,3"
    sent = [e.raw for e in channel.trace.entries() if e.direction == "tx"] if channel.trace else []
    assert sum(raw.startswith(b"AT+CMGS=") for raw in sent) == 3


def test_gsm7_with_extension_characters_and_a_national_number(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    text = "Room 3-501: balance {12.50} CNY [low] ~ pay at |desk| or €; a\\b^c"
    channel = make()
    channel.send(Message(to="13800138000", text=text))
    channel.send(Message(to=TO, text="A" * 152 + "€" + "B" * 30))  # two GSM7 parts
    first, second = sim.messages
    assert (first.to, first.text, first.encoding, len(first.parts)) == (
        "13800138000",
        text,
        "gsm7",
        1,
    )
    assert second.text == "A" * 152 + "€" + "B" * 30 and len(second.parts) == 2
    assert second.parts[0].concat and first.parts[0].concat is None


def test_unsolicited_lines_do_not_confuse_the_answers(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    channel = make(status_reports=True)
    channel.check()
    sim.unsolicited_next = ["RING", '+CMTI: "SM",3', "+CSQ: 5,99"]  # a stray +CSQ, too
    sim.delivery_reports = True
    result = channel.send(Message(to=TO, text=ZH200))
    assert sim.messages[0].text == ZH200
    reports = channel.delivery_reports(wait=10.0)
    while len(reports) < 3:
        more = channel.delivery_reports(wait=10.0)
        assert more, "the modem's delivery reports did not arrive"
        reports += more
    assert sorted(r.message_ref for r in reports) == [int(r) for r in result.reference.split(",")]
    assert all(r.delivered and r.recipient == TO for r in reports)
    sim.unsolicited_next = ["RING"]
    status = channel.check()
    assert status.ready and status.facts["signal"] == 20  # not the stray 5


def test_check_reports_sim_signal_registration_and_operator(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    channel = make()
    status = channel.check()
    assert status.ready
    assert status.facts == {
        "port": channel.port_url,
        "sim": "READY",
        "signal": 20,
        "registration": 1,
        "operator": "CHINA MOBILE",
    }
    assert "20/31" in status.text and "CHINA MOBILE" in status.text
    sim.csq, sim.registration, sim.sim_state = 99, 5, "SIM PIN"
    status = channel.check()
    assert not status.ready
    assert status.facts["signal"] == 99 and status.facts["sim"] == "SIM PIN"
    assert "unknown" in status.text and "roaming" in status.text and "PIN" in status.text
    sim.silent = True
    channel.close()
    status = make(command_timeout=0.3).check()
    assert not status.ready and status.facts["error"] == "modem_silent"


@pytest.mark.parametrize(
    ("state", "verbose", "expected"),
    [
        ("SIM PIN", False, "SIM PIN"),
        ("SIM PUK", False, "SIM PUK"),
        ("absent", False, "absent"),
        ("absent", True, "absent"),  # "+CME ERROR: SIM not inserted", the verbose form
    ],
)
def test_sim_not_ready(
    modem: tuple[GsmModemSim, MakeChannel], state: str, verbose: bool, expected: str
) -> None:
    sim, make = modem
    sim.sim_state, sim.verbose_errors = state, verbose
    error = failure(make())
    # a locked SIM (PUK) needs a person with a phone: trying again cannot help
    retryable = state != "SIM PUK"
    assert (error.code, error.retryable, error.maybe_sent) == ("sim_not_ready", retryable, False)
    assert error.data["sim"] == expected
    assert not sim.messages and not sim.parts


@pytest.mark.parametrize("registration", [0, 2, 3])
def test_no_network(modem: tuple[GsmModemSim, MakeChannel], registration: int) -> None:
    sim, make = modem
    sim.registration = registration
    error = failure(make())
    assert (error.code, error.retryable, error.maybe_sent) == ("no_network", True, False)
    assert not sim.parts


def test_an_lte_only_registration_is_a_network(modem: tuple[GsmModemSim, MakeChannel]) -> None:
    sim, make = modem
    sim.registration, sim.lte_registration = 0, 1  # CS domain 0, registered on LTE
    channel = make()
    assert channel.check().facts["registration"] == 1
    channel.send(Message(to=TO, text="over LTE"))
    sim.lte_registration = 2
    assert failure(channel).data["registration"] == 0  # neither: the CS status is told
    assert [m.text for m in sim.messages] == ["over LTE"]


def test_a_silent_modem(modem: tuple[GsmModemSim, MakeChannel]) -> None:
    sim, make = modem
    sim.silent = True
    error = failure(make(command_timeout=0.3))
    assert (error.code, error.retryable, error.maybe_sent) == ("modem_silent", True, False)


@pytest.mark.parametrize(
    ("cms", "code", "retryable"),
    [
        (500, "refused", True),
        (1, "bad_address", False),
        (331, "no_network", True),
        (999, "refused", True),
    ],
)
def test_cms_error_on_the_send(
    modem: tuple[GsmModemSim, MakeChannel], cms: int, code: str, retryable: bool
) -> None:
    sim, make = modem
    channel = make()
    sim.cms_next = cms
    error = failure(channel)
    assert (error.code, error.retryable, error.maybe_sent) == (code, retryable, False)
    assert error.data["at_code"] == cms
    assert (f"+CMS ERROR {cms}" if cms != 999 else "modem error 999") in error.text
    channel.send(Message(to=TO, text="again"))  # the channel is still usable
    assert [m.text for m in sim.messages] == ["again"]


def test_a_later_part_refused_means_maybe_sent(modem: tuple[GsmModemSim, MakeChannel]) -> None:
    sim, make = modem
    sim.cms_after, sim.cms_next = 1, 500  # part 1 goes out, part 2 is refused
    error = failure(make(), ZH200)
    assert (error.code, error.maybe_sent) == ("refused", True)
    assert error.data["sent_refs"] == [1] and error.data["parts"] == 3
    assert len(sim.parts) == 1 and not sim.messages


def test_connection_dropped_after_the_pdu_means_maybe_sent(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    channel = make()
    channel.check()
    sim.drop_mid_send = True
    error = failure(channel)
    assert (error.code, error.retryable, error.maybe_sent) == ("connection", True, True)
    assert len(sim.dropped) == 1 and not sim.parts  # the modem had the PDU, no +CMGS


def test_a_reference_without_its_ok_is_sent() -> None:
    """+CMGS came and the link broke before its OK: the network took the message, so it is
    sent (resending it would be the duplicate). On socket:// only: closing a pty's master
    hangs the line up, and the kernel throws away the slave's unread input with it."""
    sim = GsmModemSim()
    channel = GsmModemChannel(sim.start_tcp(), 115200)
    try:
        sim.drop_after_cmgs = True
        result = channel.send(Message(to=TO, text="hello"))
        assert result.reference == "1" and [m.text for m in sim.messages] == ["hello"]
        assert channel.trace is not None
        assert any("taken as sent" in e.error for e in channel.trace.entries())
        channel.send(Message(to=TO, text="next"))  # reopened for the next message
        assert [m.text for m in sim.messages] == ["hello", "next"]
    finally:
        channel.close()
        sim.stop()


def test_no_confirmation_after_the_pdu_means_maybe_sent(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    sim.mute_after_pdu = True
    error = failure(make(send_timeout=0.3))
    assert (error.code, error.retryable, error.maybe_sent) == ("timeout", True, True)


def test_the_modem_refuses_a_pdu_whose_length_is_wrong(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, _ = modem
    port = AtPort(sim.url)
    try:
        port.command("ATE0")
        pdu = "0001000D91683108108300F0000005C8329BFD06"  # 19 octets after the SMSC field
        with pytest.raises(AtError) as caught:
            port.submit(20, pdu, 5.0, 5.0)
        assert (caught.value.kind, caught.value.code, caught.value.after_pdu) == ("cms", 304, True)
        assert sim.refused == [pdu]
        assert port.submit(19, pdu, 5.0, 5.0) == 1
        assert sim.messages[0].text == "Hello"
    finally:
        port.close()


def test_send_sms_for_the_cli_and_the_errors_before_any_port(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    sim, make = modem
    result = send_sms(sim.url, 115200, TO, "余额不足，请充值。")
    assert (result.reference, result.parts) == ("1", 1)
    assert sim.messages[0].text == "余额不足，请充值。"
    assert failure(make(), to="not a number").code == "bad_address"
    assert failure(make(max_parts=2), ZH200).code == "too_long"
    assert failure(make(smsc="10086x")).code == "config"
    make(smsc="+8613800100500").send(Message(to=TO, text="via the SMSC"))
    assert sim.messages[-1].parts[0].smsc == "+8613800100500"
    assert len(sim.parts) == 2


def test_no_port_set_and_a_port_that_does_not_exist() -> None:
    assert failure(GsmModemChannel()).code == "config"
    error = failure(GsmModemChannel("/dev/nonexistent-modem-port"))
    assert (error.code, error.retryable, error.data["open_kind"]) == ("connection", True, "no_port")
    error = failure(GsmModemChannel("socket://127.0.0.1"))
    assert (error.code, error.retryable, error.data["open_kind"]) == (
        "connection",
        False,
        "bad_url",
    )


def test_a_gateway_that_dropped_the_idle_connection_is_reopened_once() -> None:
    sim = GsmModemSim()
    channel = GsmModemChannel(sim.start_tcp(), 115200)
    try:
        channel.send(Message(to=TO, text="first"))
        sim.hang_up_tcp()
        channel.send(Message(to=TO, text="second"))  # nothing was sent yet: safe to reopen
        assert [m.text for m in sim.messages] == ["first", "second"]
    finally:
        channel.close()
        sim.stop()


def test_an_rfc2217_gateway_in_front_of_the_modem() -> None:
    from tests.notify.rfc2217_gateway import Rfc2217Gateway

    sim = GsmModemSim()
    gateway = Rfc2217Gateway(sim.start_pty())
    channel = GsmModemChannel(gateway.url, 115200)
    try:
        assert channel.check().ready
        assert channel.send(Message(to=TO, text=ZH200)).parts == 3
        assert [m.text for m in sim.messages] == [ZH200]
    finally:
        channel.close()
        gateway.close()
        sim.stop()


def test_the_simulator_as_a_program(tmp_path: Path) -> None:
    """``python -m drivers.simulator.gsm_modem --tcp 0`` prints its URL and logs what it got."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "drivers.simulator.gsm_modem", "--tcp", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("socket://127.0.0.1:")
        assert send_sms(url, 115200, TO, "余额不足，请充值。").parts == 1
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"SMS to {TO} (1 parts): 余额不足，请充值。" in err


def test_16_bit_concatenation_references_and_the_outbox_names(
    modem: tuple[GsmModemSim, MakeChannel],
) -> None:
    from app.notify import pdu
    from app.notify.channel import REGISTRY as registry

    sim, _ = modem
    channel = registry["sms"](port=sim.url, baud=115200, concat_16bit=True)  # as the outbox
    try:
        channel.send(Message(to=TO, text=ZH200))
        channel.send(Message(to=TO, text=ZH200))
    finally:
        channel.close()
    first, second = sim.messages
    # behind the 6-octet header a part holds 66 units: 200 characters take 4 parts
    assert first.text == second.text == ZH200 and len(first.parts) == 4
    assert [p.concat[1:] for p in first.parts if p.concat] == [(4, 1), (4, 2), (4, 3), (4, 4)]
    assert all(bytes.fromhex(h)[16:18] == b"\x08\x04" for h in sim.pdus)  # IE 08 04
    refs = [p.concat[0] for m in (first, second) for p in m.parts if p.concat]
    assert refs[:4] == [refs[0]] * 4 and refs[4:] == [(refs[0] + 1) % 65536] * 4
    assert pdu.sms_parts(ZH200) == ("ucs2", 3, 1)


@pytest.mark.parametrize("transport", ["pty", "socket"])
def test_a_modem_left_waiting_for_a_pdu_is_brought_back(transport: str) -> None:
    """A program that died between "> " and Ctrl-Z leaves the modem taking every command as
    PDU text; ESC at opening cancels that message, so the modem is not taken for silent."""
    sim = GsmModemSim()
    sim.stuck_in_prompt = True
    url = sim.start_pty() if transport == "pty" else sim.start_tcp()
    channel = GsmModemChannel(url, 115200, command_timeout=2.0)
    try:
        channel.send(Message(to=TO, text="after a crash"))
        assert [m.text for m in sim.messages] == ["after a crash"]
    finally:
        channel.close()
        sim.stop()


def test_the_modem_refuses_broken_ucs2(modem: tuple[GsmModemSim, MakeChannel]) -> None:
    """Half a surrogate pair (what a split in the wrong place gives) is refused with 304."""
    sim, _ = modem
    port = AtPort(sim.url)
    try:
        port.command("ATE0")
        broken = "0001000D91683108108300F000080002D83D"  # UCS2, UDL 2: a lone D83D
        with pytest.raises(AtError) as caught:
            port.submit(17, broken, 5.0, 5.0)
        assert (caught.value.kind, caught.value.code) == ("cms", 304)
        assert not sim.parts
    finally:
        port.close()
