"""The AT command layer of a GSM modem: commands, the ``> `` prompt, unsolicited lines.

A modem talks in lines (3GPP TS 27.007 / 27.005): a command ends with CR, the answer is
zero or more information lines and one final result (``OK``, ``ERROR``, ``+CMS ERROR: <n>``,
``+CME ERROR: <n>``). Between and inside answers the modem may put *unsolicited* lines of
its own (``RING``, ``+CMTI`` a message arrived, ``+CDS`` a delivery report followed by its
PDU on the next line): those are kept aside, never taken for the answer, and the delivery
reports are decoded and handed out by :meth:`AtPort.take_reports`.

Written on pyserial's ``serial_for_url`` and only its API (``read``/``in_waiting``/``write``),
so a serial port, a pty, ``socket://`` and ``rfc2217://`` gateways all work, with or without
a file descriptor; URL checks and open-error kinds come from :mod:`drivers.link`. One
thread owns the port (the outbox's SMS sender), like a bus worker owns its link. Nothing here
retries: a command that goes unanswered raises, and the caller decides (an SMS must never
be sent twice by a layer that cannot know whether the first one went out).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

import serial

from drivers.link import RX, TX, FrameTrace, is_pty, open_error_kind, url_problem
from drivers.sms_pdu import PduError, StatusReport, decode_status_report

try:  # pyserial's flush() on a hung-up tty raises termios.error, which is no OSError
    from termios import error as _TermiosError

    PORT_ERRORS: tuple[type[BaseException], ...] = (OSError, serial.SerialException, _TermiosError)
except ImportError:  # Windows
    PORT_ERRORS = (OSError, serial.SerialException)

CTRL_Z = b"\x1a"
READ_SLICE = 0.02  # longest one pyserial read blocks before the deadline is looked at
# unsolicited result codes of 27.005/27.007 and the common vendor ones (Huawei ^, SIMCom)
UNSOLICITED = (
    "RING",
    "+CMTI:",
    "+CMT:",
    "+CDS:",
    "+CDSI:",
    "+CBM:",
    "+CLIP:",
    "+CUSD:",
    "+CIEV:",
    "^RSSI:",
    "^BOOT:",
    "^MODE:",
    "^SRVST:",
    "^SIMST:",
    "RDY",
    "Call Ready",
    "SMS Ready",
    "NO CARRIER",
)
WITH_PDU = ("+CMT:", "+CDS:")  # the PDU follows on the next line


class AtError(Exception):
    """A command that failed. ``kind``: "cms"/"cme" (``code`` is the number, or None for a
    verbose text), "error" (plain ERROR), "timeout", "closed" (the port broke), "open"
    (could not open; ``code`` is None and ``open_kind`` says why). ``after_pdu``: the failure
    came after the PDU and Ctrl-Z were written (the message may have gone out)."""

    def __init__(
        self,
        kind: str,
        text: str,
        code: int | None = None,
        *,
        open_kind: str = "",
        after_pdu: bool = False,
    ) -> None:
        super().__init__(text)
        self.kind, self.text, self.code = kind, text, code
        self.open_kind, self.after_pdu = open_kind, after_pdu


# the verbose texts of AT+CMEE=2 (and of modems that ignore CMEE=1) -> their numbers
VERBOSE_CME = {
    "operation not allowed": 3,
    "operation not supported": 4,
    "sim not inserted": 10,
    "sim pin required": 11,
    "sim puk required": 12,
    "sim failure": 13,
    "sim busy": 14,
    "sim wrong": 15,
    "incorrect password": 16,
    "no network service": 30,
    "network timeout": 31,
    "unknown": 100,
}
VERBOSE_CMS = {
    "unassigned (unallocated) number": 1,
    "operation not allowed": 302,
    "operation not supported": 303,
    "invalid pdu mode parameter": 304,
    "sim not inserted": 310,
    "sim pin required": 311,
    "sim failure": 313,
    "sim busy": 314,
    "sim wrong": 315,
    "sim puk required": 316,
    "smsc address unknown": 330,
    "no network service": 331,
    "network timeout": 332,
    "unknown error": 500,
}


def _error_number(kind: str, value: str) -> int | None:
    if value.isdigit():
        return int(value)
    table = VERBOSE_CMS if kind == "cms" else VERBOSE_CME
    return table.get(value.lower())


def _final(line: str) -> AtError | bool | None:
    """True for OK, an AtError for an error result, None for any other line."""
    if line == "OK":
        return True
    if line in ("ERROR", "COMMAND NOT SUPPORT"):
        return AtError("error", line)
    for prefix, kind in (("+CMS ERROR:", "cms"), ("+CME ERROR:", "cme")):
        if line.startswith(prefix):
            value = line[len(prefix) :].strip()
            return AtError(kind, line, _error_number(kind, value))
    return None


def _cmgs_ref(lines: list[str]) -> int | None:
    for line in lines:
        if line.startswith("+CMGS:"):
            value = line[6:].split(",")[0].strip()
            if value.isdigit():
                return int(value)
    return None


class AtPort:
    """One modem on one port URL. ``command`` returns the information lines of an answer;
    ``submit`` sends one PDU through ``AT+CMGS`` and returns the message reference."""

    def __init__(
        self,
        url: str,
        baudrate: int = 115200,
        *,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
        trace_size: int = 500,
    ) -> None:
        self.url, self.baudrate = url, baudrate
        self._factory = serial_factory
        self._port: Any = None
        self._buf = bytearray()
        self._pending_pdu: str | None = None  # a +CDS/+CMT line whose PDU line is due
        self.unsolicited: deque[str] = deque(maxlen=200)
        self.reports: deque[StatusReport] = deque(maxlen=1000)
        self.trace = FrameTrace(trace_size)

    # --- opening and closing ----------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        if self._port is not None:
            return
        problem = url_problem(self.url)
        if problem:
            raise AtError("open", problem, open_kind="bad_url")
        kwargs: dict[str, Any] = {"baudrate": self.baudrate, "timeout": READ_SLICE}
        if not self.url.lower().startswith("rfc2217://"):
            kwargs["write_timeout"] = 5.0  # pyserial's rfc2217 refuses a write timeout
        if not is_pty(self.url) and "://" not in self.url:
            kwargs["exclusive"] = True  # one owner per modem, as per bus
        try:
            self._port = self._factory(self.url, **kwargs)
        except (OSError, serial.SerialException, ValueError, NotImplementedError) as exc:
            raise AtError(
                "open", f"cannot open {self.url}: {exc}", open_kind=open_error_kind(exc)
            ) from exc
        self._buf.clear()
        self._pending_pdu = None
        self.trace.event(f"opened {self.url}")

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except PORT_ERRORS as exc:
                self.trace.event(f"close: {exc}")

    def _broken(self, exc: BaseException, after_pdu: bool = False) -> AtError:
        self.close()
        self.trace.event(f"port broke: {exc}")
        return AtError("closed", f"the modem link broke: {exc}", after_pdu=after_pdu)

    # --- bytes in and out ---------------------------------------------------------------

    def _write(self, data: bytes, after_pdu: bool = False) -> None:
        if self._port is None:
            raise AtError("closed", "the modem port is not open", after_pdu=after_pdu)
        try:
            self._port.write(data)
            self._port.flush()
        except PORT_ERRORS as exc:
            raise self._broken(exc, after_pdu) from exc
        self.trace.add(TX, data)

    def _read(self, after_pdu: bool = False) -> bool:
        """Read what comes within one slice; False if nothing (the callers keep the
        ``deadline``: a read never blocks longer than ``READ_SLICE``)."""
        port = self._port
        if port is None:
            raise AtError("closed", "the modem port is not open", after_pdu=after_pdu)
        try:
            waiting = port.in_waiting
            chunk = port.read(waiting or 1)
            if chunk and port.in_waiting:
                chunk += port.read(port.in_waiting)
        except PORT_ERRORS as exc:
            raise self._broken(exc, after_pdu) from exc
        if chunk:
            self._buf += chunk
            self.trace.add(RX, bytes(chunk))
            return True
        return False

    def _pending(self) -> bool:
        """Whether input is waiting (asked without blocking: no read slice spent)."""
        try:
            return bool(self._port is not None and self._port.in_waiting)
        except PORT_ERRORS as exc:
            raise self._broken(exc) from exc

    def _line(self) -> str | None:
        """The next complete non-empty line in the buffer, or None."""
        while True:
            end = self._buf.find(b"\n")
            cr = self._buf.find(b"\r")
            if end < 0 and cr < 0:
                return None
            cut = min(i for i in (end, cr) if i >= 0)
            raw = bytes(self._buf[:cut])
            del self._buf[: cut + 1]
            text = raw.decode("ascii", "replace").strip()
            if text:
                return text

    def _aside(self, line: str) -> bool:
        """Keep an unsolicited line (and a PDU that follows +CDS/+CMT) out of the answer."""
        if self._pending_pdu is not None:
            head, self._pending_pdu = self._pending_pdu, None
            if head.startswith("+CDS:"):
                self._take_report(head, line)
            else:
                self.unsolicited.append(f"{head} {line}")
            return True
        if line.startswith(UNSOLICITED):
            if line.startswith(WITH_PDU):
                self._pending_pdu = line
            else:
                self.unsolicited.append(line)
            return True
        return False

    def _take_report(self, head: str, pdu: str) -> None:
        digits = head.rsplit(",", 1)[-1].split(":")[-1].strip()
        try:
            report = decode_status_report(pdu, int(digits) if digits.isdigit() else None)
        except PduError as exc:
            self.trace.event(f"undecodable delivery report: {exc}")
            self.unsolicited.append(f"{head} {pdu}")
            return
        self.reports.append(report)

    def _drain(self) -> None:
        """Before a command: whatever already came is unsolicited (or late): keep it aside."""
        if self._port is None:
            return
        while self._pending() and self._read():
            pass
        while (line := self._line()) is not None:
            if not self._aside(line):
                self.trace.event(f"stray line dropped: {line}")

    def cancel_pending(self, quiet: float = 0.1, longest: float = 1.0) -> None:
        """Write ESC and drop what the modem says until it has been quiet for ``quiet``
        seconds (``longest`` at most). A program that died between ``> `` and Ctrl-Z leaves
        the modem waiting for a PDU: every later command would be swallowed as PDU text and
        the modem would look silent. ESC cancels that message (it is not sent); in command
        mode a modem ignores it. Its possible ``OK`` must not be taken for the next
        command's answer, hence the quiet wait (once per opening of the port)."""
        self.open()
        self._write(b"\x1b")
        deadline = time.monotonic() + longest
        quiet_until = time.monotonic() + quiet
        while time.monotonic() < min(quiet_until, deadline):
            if self._read():
                quiet_until = time.monotonic() + quiet
        self._pending_pdu = None
        while (line := self._line()) is not None:
            if not self._aside(line):
                self.trace.event(f"dropped after ESC: {line}")
        self._buf.clear()

    # --- commands -----------------------------------------------------------------------

    def command(self, cmd: str, timeout: float = 5.0) -> list[str]:
        """Send ``cmd`` and return its information lines; AtError on an error or no answer."""
        self.open()
        self._drain()
        self._write(cmd.encode("ascii") + b"\r")
        return self._answer(cmd, time.monotonic() + timeout)

    def _answer(
        self,
        cmd: str,
        deadline: float,
        after_pdu: bool = False,
        lines: list[str] | None = None,
    ) -> list[str]:
        """The information lines up to the final result (collected into ``lines`` as they
        come, so a caller still has them when the final result never arrives)."""
        lines = [] if lines is None else lines
        while True:
            line = self._line()
            if line is None:
                if not self._read(after_pdu) and time.monotonic() >= deadline:
                    raise AtError(
                        "timeout", f"no answer to {cmd.split('=')[0]}", after_pdu=after_pdu
                    )
                continue
            if line == cmd or self._aside(line):
                continue  # our own echo, or the modem's news
            final = _final(line)
            if final is True:
                return lines
            if isinstance(final, AtError):
                final.after_pdu = after_pdu
                raise final
            lines.append(line)

    def submit(self, length: int, pdu_hex: str, prompt_timeout: float, send_timeout: float) -> int:
        """``AT+CMGS=<length>``, wait for ``> ``, write the PDU and Ctrl-Z, return the
        reference of ``+CMGS: <ref>``. AtError.after_pdu tells whether the PDU was written."""
        self.open()
        self._drain()
        cmd = f"AT+CMGS={length}"
        self._write(cmd.encode("ascii") + b"\r")
        self._prompt(cmd, time.monotonic() + prompt_timeout)
        self._write(pdu_hex.encode("ascii") + CTRL_Z, after_pdu=True)
        lines: list[str] = []
        try:
            self._answer("+CMGS", time.monotonic() + send_timeout, True, lines)
        except AtError as exc:
            if exc.kind not in ("closed", "timeout") or _cmgs_ref(lines) is None:
                raise
            # "+CMGS: <ref>" came and only the OK was lost: the network took the message
            self.trace.event(f"+CMGS without its final result ({exc.text}): taken as sent")
        ref = _cmgs_ref(lines)
        if ref is None:
            raise AtError("error", f"no +CMGS reference in {lines!r}", after_pdu=True)
        return ref

    def _prompt(self, cmd: str, deadline: float) -> None:
        """Wait for the ``> `` prompt (it ends no line); an error result ends the wait."""
        while True:
            while (line := self._peek_line()) is not None:
                if line == cmd or self._aside(line):
                    continue
                final = _final(line)
                if isinstance(final, AtError):
                    raise final
                self.trace.event(f"unexpected line before the prompt: {line}")
            at = self._buf.find(b">")
            if at >= 0:
                del self._buf[: at + 1]
                if self._buf[:1] == b" ":
                    del self._buf[:1]
                return
            if not self._read() and time.monotonic() >= deadline:
                raise AtError("timeout", "no > prompt after AT+CMGS")

    def _peek_line(self) -> str | None:
        """Like ``_line``, but leaves a prompt (``>`` before any line end) in the buffer."""
        at = self._buf.find(b">")
        ends = [i for i in (self._buf.find(b"\n"), self._buf.find(b"\r")) if i >= 0]
        if not ends or (0 <= at < min(ends) and not self._buf[:at].strip()):
            return None
        return self._line()

    # --- idle: delivery reports ---------------------------------------------------------

    def poll(self, timeout: float) -> None:
        """Read what the modem says while idle, up to ``timeout`` seconds or until a
        delivery report has come (the sender thread calls this between messages)."""
        self.open()
        deadline = time.monotonic() + timeout
        before = len(self.reports)
        while len(self.reports) == before:
            while (line := self._line()) is not None:
                if not self._aside(line):
                    self.trace.event(f"stray line dropped: {line}")
            if len(self.reports) != before or time.monotonic() >= deadline:
                return
            self._read()

    def take_reports(self) -> list[StatusReport]:
        out = list(self.reports)
        self.reports.clear()
        return out
