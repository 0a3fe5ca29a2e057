"""SMS PDUs (3GPP TS 23.040 / 23.038) for a GSM modem in PDU mode (``AT+CMGF=0``).

Lives in ``drivers`` (not ``app.notify``) because both sides need it: the channel encodes
SMS-SUBMIT PDUs and decodes delivery reports, and the modem simulator
(``drivers.simulator.gsm_modem``), which may not import ``app``, decodes the submits and
encodes the reports.

- Alphabet: the GSM 7-bit default alphabet with its extension table (an extension character
  costs two septets: ESC + code) when every character fits; UCS2 (UTF-16 big-endian, so
  Chinese and emoji) otherwise.
- Parts: one part holds 160 septets or 70 UTF-16 units; a longer text is split in parts of
  153 septets or 67 units behind a concatenation header (IE 00 03 with an 8-bit reference,
  or 08 04 with a 16-bit one). A split never separates an escape from its character nor the
  two halves of a surrogate pair.
- ``tpdu_length`` is what ``AT+CMGS=<n>`` wants: the octets after the SMSC field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
ESC = 0x1B
GSM7_EXT = {"\x0c": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F}
GSM7_EXT |= {"[": 0x3C, "~": 0x3D, "]": 0x3E, "|": 0x40, "€": 0x65}
_BASIC_CODE = {ch: i for i, ch in enumerate(GSM7_BASIC) if i != ESC}
_EXT_CHAR = {code: ch for ch, code in GSM7_EXT.items()}

GSM7, UCS2 = "gsm7", "ucs2"
SINGLE = {GSM7: 160, UCS2: 70}  # septets / UTF-16 units in a message of one part
MULTI = {GSM7: 153, UCS2: 67}  # ... in each part behind an 8-bit concatenation header
MULTI16 = {GSM7: 152, UCS2: 66}  # ... behind a 16-bit one (one octet more)
DCS = {GSM7: 0x00, UCS2: 0x08}


class PduError(ValueError):
    """A PDU that cannot be built (bad number) or read (damaged, unsupported)."""


# --- text: alphabet and parts ---------------------------------------------------------------


def gsm7_units(text: str) -> list[list[int]] | None:
    """The septets of each character (one, or ESC + code), or None if a character has none."""
    units: list[list[int]] = []
    for ch in text:
        code = _BASIC_CODE.get(ch)
        if code is not None:
            units.append([code])
        elif ch in GSM7_EXT:
            units.append([ESC, GSM7_EXT[ch]])
        else:
            return None
    return units


def _ucs2_units(text: str) -> list[bytes]:
    """UTF-16BE per character: two octets, or four for a surrogate pair (never split)."""
    return [ch.encode("utf-16-be") for ch in text]


def _split(units: list[list[int]] | list[bytes], per_part: int, size: int) -> list[list]:
    """Greedy split of character units into parts of at most ``per_part`` (in ``size``-sized
    steps: 1 per septet, 2 per UCS2 octet pair); a character never straddles two parts."""
    parts: list[list] = [[]]
    used = 0
    for unit in units:
        cost = len(unit) // size
        if used + cost > per_part:
            parts.append([])
            used = 0
        parts[-1].append(unit)
        used += cost
    return parts


def split_text(text: str, *, ref16: bool = False) -> tuple[str, list[bytes]]:
    """(encoding, payload of each part): septet values for GSM7, UTF-16BE octets for UCS2."""
    septets = gsm7_units(text)
    if septets is not None:
        if sum(len(u) for u in septets) <= SINGLE[GSM7]:
            return GSM7, [bytes(s for u in septets for s in u)]
        per = (MULTI16 if ref16 else MULTI)[GSM7]
        return GSM7, [bytes(s for u in part for s in u) for part in _split(septets, per, 1)]
    ucs2 = _ucs2_units(text)
    if sum(len(u) for u in ucs2) // 2 <= SINGLE[UCS2]:
        return UCS2, [b"".join(ucs2)]
    per = (MULTI16 if ref16 else MULTI)[UCS2]
    return UCS2, [b"".join(part) for part in _split(ucs2, per, 2)]


def sms_parts(text: str) -> tuple[str, int, int]:
    """(encoding, parts, units left in the last part) for the template editor's counter.

    Units are septets for "gsm7" (an extension character such as € counts two) and UTF-16
    units for "ucs2" (a Chinese character counts one, an emoji two).
    """
    encoding, payloads = split_text(text)
    size = 1 if encoding == GSM7 else 2
    limit = SINGLE[encoding] if len(payloads) == 1 else MULTI[encoding]
    return encoding, len(payloads), limit - len(payloads[-1]) // size


# --- septet packing -------------------------------------------------------------------------


def pack_septets(septets: bytes, fill: int = 0) -> bytes:
    """Pack 7-bit values into octets, low bits first, after ``fill`` zero bits (the fill
    that puts the first character on a septet boundary after a user data header)."""
    out = bytearray()
    acc, nbits = 0, fill
    for septet in septets:
        acc |= (septet & 0x7F) << nbits
        nbits += 7
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def unpack_septets(octets: bytes, count: int, fill: int = 0) -> bytes:
    """``count`` 7-bit values from ``octets``, skipping ``fill`` leading bits."""
    value = int.from_bytes(octets, "little")
    return bytes((value >> (fill + 7 * i)) & 0x7F for i in range(count))


def decode_gsm7(septets: bytes) -> str:
    out: list[str] = []
    escaped = False
    for code in septets:
        if escaped:
            out.append(_EXT_CHAR.get(code, " "))
            escaped = False
        elif code == ESC:
            escaped = True
        else:
            out.append(GSM7_BASIC[code])
    return "".join(out)


# --- addresses and time stamps --------------------------------------------------------------


def _semi_octets(digits: str) -> bytes:
    if len(digits) % 2:
        digits += "F"
    return bytes(int(digits[i + 1] + digits[i], 16) for i in range(0, len(digits), 2))


def _read_semi_octets(data: bytes) -> str:
    text = "".join(f"{b & 0x0F:X}{b >> 4:X}" for b in data)
    return text.rstrip("F")


def normalise_number(number: str) -> str:
    """``+8613800138000`` or ``13800138000`` without spaces or dashes; PduError if neither."""
    cleaned = "".join(ch for ch in number.strip() if ch not in " -()")
    digits = cleaned[1:] if cleaned.startswith("+") else cleaned
    if not digits.isascii() or not digits.isdigit() or not 3 <= len(digits) <= 20:
        raise PduError(f"not a phone number: {number!r}")
    return cleaned


def encode_address(number: str) -> bytes:
    """TP-DA: digit count, type (0x91 international for ``+…``, 0x81 unknown/national)."""
    cleaned = normalise_number(number)
    international = cleaned.startswith("+")
    digits = cleaned.lstrip("+")
    return bytes([len(digits), 0x91 if international else 0x81]) + _semi_octets(digits)


def encode_smsc(number: str | None) -> bytes:
    """The SMSC field: 00 (the modem's own SMSC), or octet count, type, semi-octets."""
    if not number:
        return b"\x00"
    cleaned = normalise_number(number)
    body = bytes([0x91 if cleaned.startswith("+") else 0x81]) + _semi_octets(cleaned.lstrip("+"))
    return bytes([len(body)]) + body


def _read_address(data: bytes, pos: int) -> tuple[str, int]:
    """(number, position after it) for a TP address field at ``pos``."""
    ndigits, toa = data[pos], data[pos + 1]
    nbytes = (ndigits + 1) // 2
    raw = data[pos + 2 : pos + 2 + nbytes]
    if len(raw) < nbytes:
        raise PduError("address runs past the end of the PDU")
    if toa & 0x70 == 0x50:  # alphanumeric (a sender name)
        number = decode_gsm7(unpack_septets(raw, ndigits * 4 // 7))
    else:
        number = ("+" if toa & 0x70 == 0x10 else "") + _read_semi_octets(raw)[:ndigits]
    return number, pos + 2 + nbytes


def encode_timestamp(moment: datetime) -> bytes:
    """TP-SCTS: YYMMDDhhmmss as swapped semi-octets, then the zone in quarter hours."""
    offset = moment.utcoffset() or timedelta()
    quarters = int(abs(offset.total_seconds()) // 900)
    digits = moment.strftime("%y%m%d%H%M%S") + f"{quarters:02d}"
    zone = _semi_octets(digits)[6]
    if offset < timedelta():
        zone |= 0x08
    return _semi_octets(digits)[:6] + bytes([zone])


def decode_timestamp(data: bytes) -> datetime:
    digits = _read_semi_octets(data[:6])
    zone = data[6]
    quarters = int(f"{zone & 0x07:X}{zone >> 4:X}")
    offset = timedelta(minutes=15 * quarters) * (-1 if zone & 0x08 else 1)
    return datetime.strptime(digits, "%y%m%d%H%M%S").replace(tzinfo=timezone(offset))


# --- SMS-SUBMIT -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitPdu:
    """One part, ready for the modem: ``AT+CMGS={tpdu_length}``, then ``hex`` and Ctrl-Z."""

    data: bytes
    tpdu_length: int

    @property
    def hex(self) -> str:
        return self.data.hex().upper()


def _concat_ie(ref: int, total: int, seq: int, ref16: bool) -> bytes:
    if ref16:
        return bytes([0x08, 0x04, ref >> 8 & 0xFF, ref & 0xFF, total, seq])
    return bytes([0x00, 0x03, ref & 0xFF, total, seq])


def encode_submit(
    to: str,
    text: str,
    *,
    concat_ref: int = 0,
    ref16: bool = False,
    status_report: bool = False,
    smsc: str | None = None,
    message_ref: int = 0,
    max_parts: int = 255,
) -> list[SubmitPdu]:
    """The SMS-SUBMIT PDUs of a text (one per part), all with ``concat_ref`` if several.

    ``message_ref`` (TP-MR) is normally 0: the modem puts its own and reports it in
    ``+CMGS``. PduError for a bad number or more parts than ``max_parts``.
    """
    smsc_field = encode_smsc(smsc)
    address = encode_address(to)
    encoding, payloads = split_text(text, ref16=ref16)
    total = len(payloads)
    if total > min(max_parts, 255):
        raise PduError(f"the text needs {total} parts, more than {min(max_parts, 255)}")
    first = 0x01 | (0x20 if status_report else 0) | (0x40 if total > 1 else 0)
    pdus: list[SubmitPdu] = []
    for seq, payload in enumerate(payloads, 1):
        udh = b""
        if total > 1:
            ies = _concat_ie(concat_ref, total, seq, ref16)
            udh = bytes([len(ies)]) + ies
        if encoding == GSM7:
            header_septets = (len(udh) * 8 + 6) // 7
            fill = header_septets * 7 - len(udh) * 8
            user_data = udh + pack_septets(payload, fill)
            udl = header_septets + len(payload)
        else:
            user_data = udh + payload
            udl = len(user_data)
        tpdu = bytes([first, message_ref & 0xFF]) + address
        tpdu += bytes([0x00, DCS[encoding], udl]) + user_data
        pdus.append(SubmitPdu(smsc_field + tpdu, len(tpdu)))
    return pdus


@dataclass(frozen=True)
class Submitted:
    """A decoded SMS-SUBMIT (what the modem simulator records of each part)."""

    to: str
    text: str
    encoding: str
    smsc: str
    status_report: bool
    message_ref: int
    concat: tuple[int, int, int] | None  # (reference, total, sequence)
    tpdu_length: int


def _read_smsc(data: bytes) -> tuple[str, int]:
    length = data[0]
    if length == 0:
        return "", 1
    toa, digits = data[1], _read_semi_octets(data[2 : 1 + length])
    return ("+" if toa & 0x70 == 0x10 else "") + digits, 1 + length


def _parse_udh(udh: bytes) -> tuple[int, int, int] | None:
    pos = 0
    while pos + 2 <= len(udh):
        iei, size = udh[pos], udh[pos + 1]
        body = udh[pos + 2 : pos + 2 + size]
        if iei == 0x00 and size == 3:
            return body[0], body[1], body[2]
        if iei == 0x08 and size == 4:
            return body[0] << 8 | body[1], body[2], body[3]
        pos += 2 + size
    return None


def _user_data(data: bytes, pos: int, first: int, dcs: int) -> tuple[str, str, tuple | None]:
    """(text, encoding, concatenation) of the user data starting at its length octet.
    Strict, as a network is: the user data must be exactly as long as its length octet says,
    and UCS2 must be whole UTF-16 (no odd octet, no half of a surrogate pair)."""
    udl, body = data[pos], data[pos + 1 :]
    gsm7 = dcs & 0x0C == 0x00
    if len(body) != ((udl * 7 + 7) // 8 if gsm7 else udl):
        raise PduError(f"user data length {udl} does not match {len(body)} octets")
    concat = None
    header = 0
    if first & 0x40:
        header = body[0] + 1
        concat = _parse_udh(body[1:header])
    if dcs & 0x0C == 0x08:
        return body[header:udl].decode("utf-16-be"), UCS2, concat
    if not gsm7:
        raise PduError(f"unsupported data coding 0x{dcs:02X}")
    header_septets = (header * 8 + 6) // 7
    fill = header_septets * 7 - header * 8
    septets = unpack_septets(body[header:], udl - header_septets, fill)
    return decode_gsm7(septets), GSM7, concat


def decode_submit(pdu: bytes | str) -> Submitted:
    """Read an SMS-SUBMIT PDU (hex text or bytes, SMSC field first); PduError if damaged."""
    try:
        data = bytes.fromhex(pdu) if isinstance(pdu, str) else bytes(pdu)
        smsc, pos = _read_smsc(data)
        first, mr = data[pos], data[pos + 1]
        if first & 0x03 != 0x01:
            raise PduError(f"not an SMS-SUBMIT (first octet 0x{first:02X})")
        to, at = _read_address(data, pos + 2)
        dcs = data[at + 1]
        at += 2 + {0: 0, 2: 1, 1: 7, 3: 7}[(first >> 3) & 0x03]  # PID, DCS, validity
        text, encoding, concat = _user_data(data, at, first, dcs)
    except (IndexError, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, PduError):
            raise
        raise PduError(f"damaged PDU: {exc}") from exc
    return Submitted(to, text, encoding, smsc, bool(first & 0x20), mr, concat, len(data) - pos)


# --- SMS-STATUS-REPORT (delivery reports, +CDS) ---------------------------------------------


@dataclass(frozen=True)
class StatusReport:
    """A delivery report: which message (the ``+CMGS`` reference), to whom, and its fate."""

    message_ref: int
    recipient: str
    status: int  # TP-ST: 0x00-0x1F done, 0x20-0x3F still trying, 0x40-0x7F failed
    submitted: datetime
    discharged: datetime

    @property
    def delivered(self) -> bool:
        return self.status < 0x20

    @property
    def final(self) -> bool:
        """False while the SMSC is still trying (temporary error, 0x20-0x3F)."""
        return not 0x20 <= self.status < 0x40


def encode_status_report(
    message_ref: int,
    recipient: str,
    status: int,
    submitted: datetime,
    discharged: datetime,
    smsc: str | None = None,
) -> tuple[bytes, int]:
    """(PDU with the SMSC field, length for ``+CDS: <length>``): for the simulator."""
    tpdu = bytes([0x06, message_ref & 0xFF]) + encode_address(recipient)
    tpdu += encode_timestamp(submitted) + encode_timestamp(discharged) + bytes([status])
    return encode_smsc(smsc) + tpdu, len(tpdu)


def decode_status_report(pdu: bytes | str, length: int | None = None) -> StatusReport:
    """Read a ``+CDS`` PDU; ``length`` (from ``+CDS: <length>``) tells whether the modem put
    the SMSC field in front (27.005 says it does; some modems leave it out)."""
    try:
        data = bytes.fromhex(pdu) if isinstance(pdu, str) else bytes(pdu)
        pos = 0 if length is not None and length == len(data) else _read_smsc(data)[1]
        first = data[pos]
        if first & 0x03 != 0x02:
            raise PduError(f"not a status report (first octet 0x{first:02X})")
        recipient, at = _read_address(data, pos + 2)
        submitted = decode_timestamp(data[at : at + 7])
        discharged = decode_timestamp(data[at + 7 : at + 14])
        return StatusReport(data[pos + 1], recipient, data[at + 14], submitted, discharged)
    except (IndexError, ValueError) as exc:
        if isinstance(exc, PduError):
            raise
        raise PduError(f"damaged status report: {exc}") from exc
