"""SMS through a GSM/4G modem on a serial port, a USB modem's tty or a ``socket://`` gateway.

The channel (registered as "sms") owns one :class:`drivers.gsm_at.AtPort`. Opening the port
does the handshake (``AT``, ``ATE0``, ``AT+CMEE=1`` numeric errors, ``AT+CMGF=0`` PDU mode,
``AT+CNMI`` routing delivery reports when they are asked for); each message then checks
``AT+CPIN?`` and ``AT+CREG?`` (a clean "SIM not ready" or "no network" instead of a
cryptic send error) and sends its parts with ``AT+CMGS``. The references the modem gives
(``+CMGS: <ref>``) are joined in ``SendResult.reference`` ("12,13,14"); delivery reports
that come later name the same references.

"May have been sent": once a part's PDU and Ctrl-Z are written, any failure (no answer, the
link broke) raises ``SendError(maybe_sent=True)``, and so does a failure of a later part
after earlier parts went out: the outbox must not send the whole text again blindly.

Settings (the outbox's channel options, the factory's keywords): ``port`` (``/dev/ttyUSB2``,
``COM5``, ``socket://10.0.0.7:4001``, ``rfc2217://…``), ``baud`` (115200 for USB modems;
9600 for many industrial ones), ``smsc`` (the service centre number, normally on the SIM:
leave empty), ``status_reports`` (ask for delivery reports), ``max_parts`` (10),
``concat_16bit`` (a 16-bit concatenation reference, for an SMSC that wants one),
``command_timeout`` (5 s), ``send_timeout`` (60 s: the network's answer), ``stored_reports``
(route delivery reports through the modem's memory, see below).

SIM PIN: a SIM that answers ``AT+CPIN?`` with ``SIM PIN`` gets the PIN stored in the keyring
or keystore under ``SIM_PIN`` (Settings → Messages), once per channel object (one start
of the sender). A wrong PIN is never entered again by itself: three wrong PINs lock the SIM
and it then needs its PUK, which WattDesk never enters (``SIM PUK`` is an error saying so).
Check does not enter a PIN (a button pressed three times must not lock the SIM).

Delivery reports (状态报告): ``AT+CNMI=2,1,0,1,0`` routes them straight to us as ``+CDS``
lines (the AT layer keeps them aside); with ``stored_reports`` ``AT+CNMI=2,1,0,2,0`` has
the modem store them and say ``+CDSI: "SR",<index>``, and ``delivery_reports`` reads each
with ``AT+CMGR`` and deletes it with ``AT+CMGD``. ``AT+CSMS`` is left at 0, so a ``+CDS``
needs no ``AT+CNMA``. Matching reports to outbox rows is ``app.notify.reports``'.
"""

from __future__ import annotations

import logging
import os
import re
import time
from itertools import pairwise
from typing import Any

from app.i18n import tr
from app.security.keystore import get_secret
from app.security.permissions import SecurityError
from drivers.gsm_at import AtError, AtPort
from drivers.link import FrameTrace
from drivers.sms_pdu import (
    PduError,
    StatusReport,
    decode_status_report,
    encode_submit,
    normalise_number,
    sms_parts,
)

from .channel import ChannelStatus, Message, SendError, SendResult, register
from .gsm_codes import at_error, reg_text, signal_word, sim_text

__all__ = ["SIM_PIN", "GsmModemChannel", "send_sms", "sms_parts"]

log = logging.getLogger(__name__)
SIM_PIN = "sms-sim-pin"  # the keyring / keystore name of the modem SIM's PIN
PIN_FORMAT = re.compile(r"\d{4,8}")
PIN_SETTLE = 10.0  # seconds a SIM may take to say READY after its PIN
LISTEN_RETRY = 30.0  # seconds between tries to open a modem for its reports while idle


@register("sms")
class GsmModemChannel:
    """One modem. Used by one thread at a time (the outbox's SMS sender)."""

    kind = "sms"

    def __init__(
        self,
        port: str = "",
        baud: int = 115200,
        *,
        smsc: str | None = None,
        status_reports: bool = False,
        max_parts: int = 10,
        concat_16bit: bool = False,
        command_timeout: float = 5.0,
        send_timeout: float = 60.0,
        stored_reports: bool = False,
        pin: str | None = None,
        pin_secret: str = SIM_PIN,
        at_port: AtPort | None = None,
    ) -> None:
        """``pin``: one typed on the page (not saved yet); else the keyring's ``pin_secret``."""
        self.port_url, self.baud = port, baud
        self.smsc = smsc or None
        self.status_reports = status_reports
        self.max_parts, self.concat_16bit = max_parts, concat_16bit
        self.command_timeout, self.send_timeout = command_timeout, send_timeout
        self._at = at_port or (AtPort(port, baud) if port else None)
        self._ready = False
        self.stored_reports = stored_reports
        self._pin, self.pin_secret = pin or None, pin_secret
        self._pin_state = ""  # "entered" once this channel gave the PIN, "wrong" if refused
        self._listen_at = -LISTEN_RETRY
        self._scan = False  # stored reports to list once the port is (re)opened
        # where the concatenation references start: random, so a restarted program does not
        # reuse the last reference for the same phone (which may join parts of two texts)
        self._concat_ref = int.from_bytes(os.urandom(2), "big")

    # --- the port -----------------------------------------------------------------------

    def _port(self) -> AtPort:
        if self._at is None:
            raise SendError("config", tr("No modem port is set for SMS."))
        return self._at

    def _cmd(self, cmd: str) -> list[str]:
        try:
            return self._port().command(cmd, self.command_timeout)
        except AtError as exc:
            raise self._fail(exc, cmd) from exc

    def _fail(self, exc: AtError, cmd: str = "") -> SendError:
        """The SendError for an AT failure; a broken or silent link is closed, so the next
        call reopens it and does the handshake again."""
        if exc.kind in ("closed", "timeout", "open"):
            self.close()
        return at_error(exc, cmd, self.port_url)

    def _handshake(self) -> None:
        if self._ready and self._port().is_open:
            return
        self._ready = False
        try:
            self._port().cancel_pending()
        except AtError as exc:
            raise self._fail(exc, "AT") from exc
        self._cmd("AT")
        self._cmd("ATE0")
        self._try("AT+CMEE=1")  # numeric +CME errors; a modem that refuses still works
        self._cmd("AT+CMGF=0")
        if self.status_reports:  # some modems refuse: the messages still go out
            self._try("AT+CNMI=2,1,0,2,0" if self.stored_reports else "AT+CNMI=2,1,0,1,0")
        self._scan = self.status_reports and self.stored_reports
        self._ready = True

    def _prepare(self) -> None:
        """Handshake, SIM and network before the first PDU. A link that broke while idle
        (a gateway restarted, a USB modem re-enumerated) is reopened once: nothing was sent
        yet, so trying again cannot duplicate the message."""
        was_ready = self._ready
        try:
            self._handshake()
            self._require_sim_and_network()
        except SendError as exc:
            if not (was_ready and exc.code == "connection"):
                raise
            self._handshake()
            self._require_sim_and_network()

    def _try(self, cmd: str) -> bool:
        try:
            self._port().command(cmd, self.command_timeout)
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, cmd) from exc
            return False
        return True

    # --- facts ----------------------------------------------------------------------------

    def _sim(self) -> str:
        """The +CPIN answer ("READY", "SIM PIN"...), "absent" for no SIM card."""
        try:
            lines = self._port().command("AT+CPIN?", self.command_timeout)
        except AtError as exc:
            if exc.kind == "cme" and exc.code in (10, 13, 15):
                return "absent" if exc.code == 10 else "failure"
            raise self._fail(exc, "AT+CPIN?") from exc
        for line in lines:
            if line.startswith("+CPIN:"):
                return line[6:].strip().strip('"')
        return "unknown"

    def _registration(self) -> int:
        """+CREG's status; when it is not registered, +CEREG's (a 4G modem on an LTE-only
        network sends SMS over LTE while its circuit-switched status stays 0)."""
        status = _reg_status(self._cmd("AT+CREG?"), "+CREG:")
        if status in (1, 5):
            return status
        try:
            lte = _reg_status(self._port().command("AT+CEREG?", self.command_timeout), "+CEREG:")
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, "AT+CEREG?") from exc
            return status  # a 2G/3G modem: no +CEREG
        return lte if lte in (1, 5) else status

    def _signal(self) -> int:
        for line in self._cmd("AT+CSQ"):
            if line.startswith("+CSQ:"):
                value = line[5:].split(",")[0].strip()
                if value.isdigit():
                    return int(value)
        return 99

    def _operator(self) -> str:
        try:
            lines = self._port().command("AT+COPS?", self.command_timeout)
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, "AT+COPS?") from exc
            return ""
        for line in lines:
            if line.startswith("+COPS:") and '"' in line:
                return line.split('"')[1]
        return ""

    def _require_sim_and_network(self) -> None:
        sim = self._sim()
        if sim == "SIM PIN":
            sim = self._enter_pin()
        if sim == "SIM PUK":
            raise SendError(
                "sim_not_ready",
                tr(
                    "The modem's SIM card is locked: it wants its PUK (after three wrong PINs). "
                    "Put the SIM in a phone and enter the PUK from the SIM's card holder, then "
                    "store the new PIN in Settings → Messages."
                ),
                data={"sim": sim},
            )
        if sim != "READY":
            raise SendError(
                "sim_not_ready",
                tr("The modem's SIM card is not ready: {state}.", state=sim_text(sim)),
                retryable=True,
                data={"sim": sim},
            )
        reg = self._registration()
        if reg not in (1, 5):
            raise SendError(
                "no_network",
                tr(
                    "The modem is not registered on the mobile network ({state}).",
                    state=reg_text(reg),
                ),
                retryable=True,
                data={"registration": reg},
            )

    def _pin_value(self) -> str | None:
        if self._pin:
            return self._pin
        try:
            return get_secret(self.pin_secret)
        except SecurityError:  # a locked keystore: as if none were stored
            log.warning("the SIM PIN cannot be read: the keystore is locked")
            return None

    def _enter_pin(self) -> str:
        """Give the SIM its PIN, once per channel: the state after it (READY, or what the
        SIM says). A refused PIN is never entered again by this channel."""
        if self._pin_state:
            raise self._pin_error()
        pin = self._pin_value()
        if not pin:
            raise SendError(
                "sim_not_ready",
                tr("The modem's SIM card asks for its PIN: store it in Settings → Messages."),
                retryable=True,
                data={"sim": "SIM PIN"},
            )
        if not PIN_FORMAT.fullmatch(pin):
            raise SendError("config", tr("The SIM PIN must be 4 to 8 digits."))
        self._pin_state = "entered"
        try:
            self._port().command(f'AT+CPIN="{pin}"', self.command_timeout)
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, "AT+CPIN") from exc
            self._pin_state = "wrong"
            raise self._pin_error() from exc
        deadline = time.monotonic() + PIN_SETTLE
        while (sim := self._sim()) == "SIM PIN" and time.monotonic() < deadline:
            self._port().poll(0.5)  # the SIM is still reading its files
        return sim

    def _pin_error(self) -> SendError:
        if self._pin_state == "wrong":
            text = tr(
                "The modem's SIM card refused the stored PIN. It is not tried again: three "
                "wrong PINs lock the SIM (then it needs its PUK). Correct the PIN in Settings "
                "→ Messages and restart the collector."
            )
        else:
            text = tr(
                "The modem's SIM card asks for its PIN again (the modem restarted?); the PIN "
                "is entered once per start: restart the collector."
            )
        return SendError("sim_not_ready", text, data={"sim": "SIM PIN"})

    # --- the Channel protocol -----------------------------------------------------------

    def send(self, message: Message) -> SendResult:
        try:
            to = normalise_number(message.to)
        except PduError as exc:
            raise SendError("bad_address", tr("Not a mobile number: {to}", to=message.to)) from exc
        if self.smsc:
            try:
                normalise_number(self.smsc)
            except PduError as exc:
                raise SendError(
                    "config", tr("The SMS centre number is not valid: {number}", number=self.smsc)
                ) from exc
        self._concat_ref = (self._concat_ref + 1) % (65536 if self.concat_16bit else 256)
        try:
            pdus = encode_submit(
                to,
                message.text,
                concat_ref=self._concat_ref,
                ref16=self.concat_16bit,
                status_report=self.status_reports,
                smsc=self.smsc,
                max_parts=self.max_parts,
            )
        except PduError as exc:
            parts = sms_parts(message.text)[1]
            raise SendError(
                "too_long",
                tr(
                    "The text needs {parts} SMS parts; at most {limit} are allowed.",
                    parts=parts,
                    limit=self.max_parts,
                ),
            ) from exc
        self._prepare()
        refs: list[int] = []
        for pdu in pdus:
            try:
                refs.append(
                    self._port().submit(
                        pdu.tpdu_length, pdu.hex, self.command_timeout, self.send_timeout
                    )
                )
            except AtError as exc:
                error = self._fail(exc, "AT+CMGS")
                if refs:  # earlier parts went out: never resend the whole text blindly
                    error.maybe_sent = True
                error.data["sent_refs"] = list(refs)
                error.data["parts"] = len(pdus)
                raise error from exc
        return SendResult(
            reference=",".join(str(r) for r in refs),
            parts=len(pdus),
            detail=tr("accepted by the modem as {count} part(s)", count=len(pdus)),
        )

    def check(self) -> ChannelStatus:
        """SIM, signal, registration and operator; never raises (a broken modem is a
        status with ``ready`` False and the reason)."""
        facts: dict[str, Any] = {"port": self.port_url}
        try:
            self._handshake()
            sim = facts["sim"] = self._sim()
            csq = facts["signal"] = self._signal()
            reg = facts["registration"] = self._registration()
            facts["operator"] = self._operator() if reg in (1, 5) else ""
        except SendError as exc:
            facts["error"] = exc.code
            return ChannelStatus(False, exc.text, facts)
        ready = sim == "READY" and reg in (1, 5)
        text = tr(
            "SIM {sim}, signal {signal}, {registration}",
            sim=sim_text(sim),
            signal=signal_word(csq),
            registration=reg_text(reg),
        )
        if facts["operator"]:
            text += tr(", operator {name}", name=facts["operator"])
        return ChannelStatus(ready, text, facts)

    def delivery_reports(self, wait: float = 0.0) -> list[StatusReport]:
        """Delivery reports the modem gave (during sends, or within ``wait`` seconds now);
        each names the ``+CMGS`` reference of a part and says delivered or failed. With
        ``status_reports`` an idle call opens the modem (handshake and PIN) so reports for
        messages sent before a restart are heard; returns at once when it cannot."""
        port = self._port()
        if wait > 0 and self.status_reports and not self._ready:
            if time.monotonic() - self._listen_at < LISTEN_RETRY:
                return port.take_reports()
            self._listen_at = time.monotonic()
            try:
                self._handshake()
                self._require_sim_and_network()
            except SendError as exc:
                log.info("modem %s not listening for reports: %s", self.port_url, exc.text)
                return port.take_reports()
        if wait > 0 and port.is_open:
            try:
                port.poll(wait)
            except AtError as exc:
                raise self._fail(exc) from exc
        return port.take_reports() + self._list_stored() + self._read_stored()

    def _list_stored(self) -> list[StatusReport]:
        """Once per opening with ``stored_reports``: the reports the modem stored while no
        one listened (``AT+CPMS="SR"``, ``AT+CMGL=4``), each deleted after it was read."""
        if not (self._scan and self._ready):
            return []
        self._scan = False
        if not self._try('AT+CPMS="SR"'):
            return []  # no separate report memory: only +CDSI notes are followed
        try:
            lines = self._port().command("AT+CMGL=4", self.send_timeout)
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, "AT+CMGL") from exc
            return []
        out = []
        for head, pdu in pairwise(lines):
            if not head.startswith("+CMGL:"):
                continue
            fields = [f.strip() for f in head[6:].split(",")]
            size = fields[-1]
            try:
                out.append(decode_status_report(pdu, int(size) if size.isdigit() else None))
            except PduError:
                log.warning("undecodable stored report: %s", pdu)
            if fields[0].isdigit():
                self._try(f"AT+CMGD={fields[0]}")
        return out

    def _read_stored(self) -> list[StatusReport]:
        """The reports the modem stored (``+CDSI: "SR",<index>``): read, then deleted."""
        port = self._port()
        notes = [line for line in port.unsolicited if line.startswith("+CDSI:")]
        if not notes:
            return []
        for line in notes:
            port.unsolicited.remove(line)
        out: list[StatusReport] = []
        memory = ""
        for line in notes:
            fields = [f.strip().strip('"') for f in line[6:].split(",")]
            if len(fields) < 2 or not fields[1].isdigit():
                continue
            if fields[0] and fields[0] != memory:
                memory = fields[0]
                self._try(f'AT+CPMS="{memory}"')
            report = self._read_one(int(fields[1]))
            if report is not None:
                out.append(report)
        return out

    def _read_one(self, index: int) -> StatusReport | None:
        try:
            lines = self._port().command(f"AT+CMGR={index}", self.command_timeout)
        except AtError as exc:
            if exc.kind in ("closed", "timeout", "open"):
                raise self._fail(exc, "AT+CMGR") from exc
            return None  # gone already (another program read it)
        report = None
        for head, pdu in pairwise(lines):
            if head.startswith("+CMGR:"):
                size = head.rsplit(",", 1)[-1].strip()
                try:
                    report = decode_status_report(pdu, int(size) if size.isdigit() else None)
                except PduError:
                    log.warning("undecodable stored report %d: %s", index, pdu)
        self._try(f"AT+CMGD={index}")
        return report

    @property
    def trace(self) -> FrameTrace | None:
        """The AT traffic (commands, answers, events), for a diagnostics view."""
        return self._at.trace if self._at is not None else None

    def close(self) -> None:
        self._ready = False
        if self._at is not None:
            self._at.close()


def _reg_status(lines: list[str], prefix: str) -> int:
    """The <stat> of a ``+CREG: <n>,<stat>[,...]`` answer (4, unknown, if there is none)."""
    for line in lines:
        if line.startswith(prefix):
            fields = [f.strip() for f in line[len(prefix) :].split(",")]
            value = fields[1] if len(fields) > 1 else fields[0]
            if value.isdigit():
                return int(value)
    return 4


def send_sms(port_url: str, baud: int, to: str, text: str, **settings: Any) -> SendResult:
    """Send one SMS now and close the port (the CLI's ``notify send --channel sms``).
    Raises SendError."""
    channel = GsmModemChannel(port_url, baud, **settings)
    try:
        return channel.send(Message(to=to, text=text))
    finally:
        channel.close()
