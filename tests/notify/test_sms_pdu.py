"""SMS-SUBMIT PDUs byte for byte, and the split rules.

The hex literals were produced by an independent encoder, python-gsmmodem-new 0.13.0's
``gsmmodem.pdu.encodeSmsSubmitPdu`` (run once from its wheel, outside the venv), with
``reference`` = our ``concat_ref`` and ``message_ref`` (it uses one number for both) and
``requestStatusReport`` as given; its decoder also read our national-number, SMSC and
16-bit-reference PDUs back to the same number, text and header.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from drivers.sms_pdu import (
    GSM7,
    UCS2,
    PduError,
    decode_status_report,
    decode_submit,
    encode_status_report,
    encode_submit,
    pack_septets,
    sms_parts,
    unpack_septets,
)

TO = "+8613800138000"
# 200 Chinese characters (with full-width punctuation): 67 + 67 + 66 UCS2 units
ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]
ZH_PARTS = [
    "0041070D91683108108300F000088C0500030703015C0A656C76847528623760A8597DFF0C60A876847535"
    "8D394F59989D5DF24E0D8DB353415143FF0C8BF75C3D5FEB5145503C4EE5514D505C753530025C0A656C"
    "76847528623760A8597DFF0C60A8768475358D394F59989D5DF24E0D8DB353415143FF0C8BF75C3D5FEB"
    "5145503C4EE5514D505C753530025C0A656C76847528623760A8597D",
    "0041070D91683108108300F000088C050003070302FF0C60A8768475358D394F59989D5DF24E0D8DB353"
    "415143FF0C8BF75C3D5FEB5145503C4EE5514D505C753530025C0A656C76847528623760A8597DFF0C60"
    "A8768475358D394F59989D5DF24E0D8DB353415143FF0C8BF75C3D5FEB5145503C4EE5514D505C753530"
    "025C0A656C76847528623760A8597DFF0C60A8768475358D394F59989D",
    "0041070D91683108108300F000088A0500030703035DF24E0D8DB353415143FF0C8BF75C3D5FEB514550"
    "3C4EE5514D505C753530025C0A656C76847528623760A8597DFF0C60A8768475358D394F59989D5DF24E"
    "0D8DB353415143FF0C8BF75C3D5FEB5145503C4EE5514D505C753530025C0A656C76847528623760A859"
    "7DFF0C60A8768475358D394F59989D5DF24E0D8DB353415143FF0C",
]


def hexes(pdus: list) -> list[str]:
    return [p.hex for p in pdus]


def test_gsm7_single_part_matches_the_reference_encoder() -> None:
    (pdu,) = encode_submit(TO, "Hello")
    assert pdu.hex == "0001000D91683108108300F0000005C8329BFD06"
    assert pdu.tpdu_length == 19  # what AT+CMGS gets: the octets after the SMSC field (00)


def test_status_report_request_and_an_smsc_number() -> None:
    (pdu,) = encode_submit(TO, "Hello", status_report=True, smsc="+8613800100500")
    assert pdu.hex == "0891683108100005F021000D91683108108300F0000005C8329BFD06"
    # 19: the 9 octets of the SMSC field are not counted (27.005 AT+CMGS <length>). The
    # reference encoder says 27 here: it subtracts one octet whatever the SMSC field's size,
    # so its PDUs with an SMSC number get +CMS ERROR 304 from a strict modem.
    assert pdu.tpdu_length == 19


def test_gsm7_extension_characters_cost_two_septets() -> None:
    text = "Price {x} [y] ~ \\ ^ | € ok"
    (pdu,) = encode_submit(TO, text)
    assert pdu.hex == (
        "0001000D91683108108300F000002350797A5C066D50F84D0AB4E1E5373ED0A607DABC401B0A6803"
        "046DCAA0F71A"
    )
    assert pdu.tpdu_length == 45
    assert decode_submit(pdu.hex).text == text
    assert sms_parts(text) == (GSM7, 1, 160 - len(text) - 9)  # 9 extension characters


def test_200_chinese_characters_are_three_ucs2_parts_with_one_reference() -> None:
    pdus = encode_submit(TO, ZH200, concat_ref=7, message_ref=7)
    assert hexes(pdus) == ZH_PARTS
    assert [p.tpdu_length for p in pdus] == [154, 154, 152]
    decoded = [decode_submit(p.hex) for p in pdus]
    assert [d.concat for d in decoded] == [(7, 3, 1), (7, 3, 2), (7, 3, 3)]
    assert "".join(d.text for d in decoded) == ZH200
    assert all(d.encoding == UCS2 and d.to == TO for d in decoded)
    assert sms_parts(ZH200) == (UCS2, 3, 1)


def test_long_gsm7_text_splits_at_153_septets_never_inside_an_escape() -> None:
    text = "A" * 152 + "€" + "B" * 10  # the euro (ESC 0x65) would straddle septets 153/154
    pdus = encode_submit(TO, text, concat_ref=5, message_ref=5)
    assert hexes(pdus)[1] == "0041050D91683108108300F00000130500030502023665A15028140A8542A110"
    parts = [decode_submit(p.hex) for p in pdus]
    assert [p.text for p in parts] == ["A" * 152, "€" + "B" * 10]
    assert sms_parts("A" * 160) == (GSM7, 1, 0)
    assert sms_parts("A" * 161) == (GSM7, 2, 145)


def test_ucs2_never_splits_a_surrogate_pair() -> None:
    text = "好" * 66 + "😀" + "好" * 5  # 73 units; the emoji would take units 67 and 68
    parts = [decode_submit(p.hex) for p in encode_submit(TO, text, concat_ref=1)]
    assert [p.text for p in parts] == ["好" * 66, "😀" + "好" * 5]
    assert sms_parts("😀" * 35) == (UCS2, 1, 0)  # 70 UTF-16 units
    assert sms_parts("😀" * 36) == (UCS2, 2, 61)  # 33 emoji (66 units) + 3 (6 units)
    assert sms_parts("") == (GSM7, 1, 160)


def test_a_16_bit_concatenation_reference() -> None:
    pdus = encode_submit(TO, "余额不足" * 20, concat_ref=0x1234, ref16=True)
    assert [p.data[15:22].hex() for p in pdus] == ["06080412340201", "06080412340202"]
    assert [decode_submit(p.hex).concat for p in pdus] == [(0x1234, 2, 1), (0x1234, 2, 2)]
    assert len(decode_submit(pdus[0].hex).text) == 66  # one unit less behind 08 04


def test_national_numbers_and_bad_numbers() -> None:
    (pdu,) = encode_submit("138 0013 8000", "Hi")
    assert pdu.data[3:11].hex().upper() == "0B813108108300F0"  # 11 digits, type 81
    assert decode_submit(pdu.hex).to == "13800138000"
    for bad in ("", "+", "12", "abc123", "+86 138x", "１３８００１３８０００"):
        with pytest.raises(PduError):
            encode_submit(bad, "Hi")


def test_too_many_parts_is_refused() -> None:
    with pytest.raises(PduError, match="needs 3 parts"):
        encode_submit(TO, ZH200, max_parts=2)


def test_septet_packing_with_fill_bits_round_trips() -> None:
    septets = bytes(range(0x20, 0x7F))
    for fill in range(7):
        assert unpack_septets(pack_septets(septets, fill), len(septets), fill) == septets
    assert pack_septets(b"\x48\x65\x6c\x6c\x6f").hex().upper() == "C8329BFD06"  # "Hello"


def test_delivery_report_literal_and_both_shapes_of_cds() -> None:
    cst = timezone(timedelta(hours=8))
    sent, done = (
        datetime(2026, 12, 6, 10, 0, 5, tzinfo=cst),
        datetime(2026, 12, 6, 10, 0, 9, tzinfo=cst),
    )
    pdu, length = encode_status_report(17, TO, 0, sent, done, smsc="+8613800100500")
    literal = "0891683108100005F006110D91683108108300F0622160010050236221600100902300"
    assert (pdu.hex().upper(), length) == (literal, 26)  # read back by gsmmodem's decoder
    for shape in (literal, literal[18:]):  # with and without the SMSC field in front
        report = decode_status_report(shape, 26)
        assert (report.message_ref, report.recipient, report.status) == (17, TO, 0)
        assert report.delivered and report.final
        assert (report.submitted, report.discharged) == (sent, done)
    failed = decode_status_report(encode_status_report(3, TO, 0x41, sent, done)[0].hex())
    assert not failed.delivered and failed.final
    with pytest.raises(PduError):
        decode_status_report("0001000D91")


def test_the_decoder_is_strict_about_user_data() -> None:
    (good,) = encode_submit(TO, "好")  # UCS2 (DCS 08), UDL 02, 597D
    assert good.hex.endswith("0802597D")
    with pytest.raises(PduError, match="does not match"):
        decode_submit(good.hex[:-2])  # one octet short
    with pytest.raises(PduError, match="does not match"):
        decode_submit(good.hex + "00")  # one octet too many
    half = good.hex[:-4] + "D83D"  # the first half of a surrogate pair, alone
    with pytest.raises(PduError):
        decode_submit(half)
    (gsm,) = encode_submit(TO, "Hello")  # 5 septets in 5 octets
    with pytest.raises(PduError, match="does not match"):
        decode_submit(gsm.hex[:-2])
