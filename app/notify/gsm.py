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
``command_timeout`` (5 s), ``send_timeout`` (60 s: the network's answer). A SIM PIN is not
entered by the channel yet (it will come from the keyring); a SIM that asks for one gives
``sim_not_ready``.
"""

from __future__ import annotations

import os
from typing import Any

from app.i18n import tr
from drivers.gsm_at import AtError, AtPort
from drivers.link import FrameTrace
from drivers.sms_pdu import PduError, StatusReport, encode_submit, normalise_number, sms_parts

from .channel import ChannelStatus, Message, SendError, SendResult, register
from .gsm_codes import at_error, reg_text, signal_word, sim_text

__all__ = ["GsmModemChannel", "send_sms", "sms_parts"]


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
        at_port: AtPort | None = None,
    ) -> None:
        self.port_url, self.baud = port, baud
        self.smsc = smsc or None
        self.status_reports = status_reports
        self.max_parts, self.concat_16bit = max_parts, concat_16bit
        self.command_timeout, self.send_timeout = command_timeout, send_timeout
        self._at = at_port or (AtPort(port, baud) if port else None)
        self._ready = False
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
        if self.status_reports:
            self._try("AT+CNMI=2,1,0,1,0")  # +CDS straight to us; some modems refuse: fine
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
        each names the ``+CMGS`` reference of a part and says delivered or failed."""
        port = self._port()
        if wait > 0 and port.is_open:
            try:
                port.poll(wait)
            except AtError as exc:
                raise self._fail(exc) from exc
        return port.take_reports()

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
