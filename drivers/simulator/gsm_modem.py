"""A simulated GSM modem on a pseudo-terminal or a TCP port (``socket://``), for tests and
for trying the SMS channel without a SIM card.

It speaks what the channel uses (``AT``, ``ATE0/1``, ``AT+CMEE``, ``AT+CPIN?``, ``AT+CSQ``,
``AT+CREG?``, ``AT+COPS?``, ``AT+CMGF``, ``AT+CNMI``, ``AT+CMGS=<n>`` with the ``> `` prompt,
the PDU and Ctrl-Z) and checks each PDU as a network would: it decodes it with
:mod:`drivers.sms_pdu`, refuses it with ``+CMS ERROR: 304`` when its TPDU length differs from
the ``AT+CMGS`` length or it cannot be read, records every part, and joins concatenated parts
(same number and reference) into one :class:`ReceivedSms`. It echoes commands until ``ATE0``,
like a real modem.

Fault switches (attributes, changed at any time): ``silent`` (answers nothing),
``sim_state`` ("READY", "SIM PIN", "SIM PUK", "absent"), ``registration`` (the +CREG status:
1 home, 5 roaming, 0/2/3 not registered), ``lte_registration`` (+CEREG, None: a 2G modem
without it), ``csq``, ``verbose_errors`` (no SIM as a text
error), ``cms_next`` (a +CMS ERROR code for the next PDU, or the one after ``cms_after``
more), ``mute_after_pdu`` (take the next PDU and never answer), ``unsolicited_next`` (lines
such as ``RING`` put before the next answer), ``drop_mid_send`` (close the connection after
the next PDU, before +CMGS: it is recorded in ``dropped``), ``drop_after_cmgs`` (after
``+CMGS: <ref>``, before its OK), ``stuck_in_prompt`` (set before starting:
a new connection finds the modem waiting for a PDU, as a client that died after ``> ``
leaves it). One serving thread; one client at a time. ``connections`` counts the TCP
clients accepted and ``unknown`` keeps the command lines it answered ``ERROR`` (what two
clients writing at once produce): the tests of the port's single owner read them.

Delivery reports: ``delivery_reports`` makes one report per part whose PDU asked for one,
its TP-Status taken from ``report_statuses`` in order (``None``: this part's report never
comes; the list empty: 0x00 delivered); ``hold_reports`` keeps them in ``held`` until
``release_reports()`` (late reports); ``send_report(ref, to, status)`` makes any report at
any time (a reference reused after the wrap). ``AT+CNMI=…,<ds>,…`` decides the route: ds 1
sends ``+CDS: <len>`` and the PDU; ds 2 stores the report (``stored_reports``) and says
``+CDSI: "SR",<index>``, read with ``AT+CMGR`` and deleted with ``AT+CMGD``.

SIM PIN: ``sim_state = "SIM PIN"`` locks the SIM; ``AT+CPIN="<pin>"`` with ``pin`` unlocks
it, a wrong one costs one of ``pin_tries`` (at 0 the SIM wants the PUK: ``SIM PUK``); every
PIN the modem was given is in ``pin_attempts``.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from drivers.sms_pdu import PduError, Submitted, decode_submit, encode_status_report

CST = timezone(timedelta(hours=8))


@dataclass
class ReceivedSms:
    """One message as the far phone would show it (parts joined in order)."""

    to: str
    text: str
    encoding: str
    parts: list[Submitted] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)  # the +CMGS references of the parts


class _Session:
    """The modem's side of one connection: bytes in, answers out through ``write``."""

    def __init__(
        self, modem: GsmModemSim, write: Callable[[bytes], None], hang_up: Callable[[], None]
    ) -> None:
        self.modem = modem
        self.write = write
        self.hang_up = hang_up
        self.buf = bytearray()
        self.pdu_length: int | None = None  # set while the modem waits for a PDU
        self.echo = True
        self.ds = 0  # AT+CNMI's <ds>: 1 +CDS to the terminal, 2 stored with +CDSI
        if modem.stuck_in_prompt:  # a client died between "> " and Ctrl-Z
            self.pdu_length = 19

    def feed(self, data: bytes) -> None:
        if self.modem.silent:
            return
        self.buf += data
        while True:
            if self.pdu_length is not None:
                ends = [i for i in (self.buf.find(b"\x1a"), self.buf.find(b"\x1b")) if i >= 0]
                if not ends:
                    return
                cut = min(ends)
                pdu, mark = bytes(self.buf[:cut]), self.buf[cut]
                del self.buf[: cut + 1]
                length, self.pdu_length = self.pdu_length, None
                if mark == 0x1B:  # ESC cancels the message
                    self._reply("OK")
                elif not self._pdu(pdu.decode("ascii", "replace").strip(), length):
                    return  # the connection was dropped
                continue
            if b"\x1b" in self.buf:  # ESC in command mode: ignored, as by a real modem
                self.buf = self.buf.replace(b"\x1b", b"")
            cut = self.buf.find(b"\r")
            if cut < 0:
                return
            line = bytes(self.buf[:cut]).decode("ascii", "replace").strip()
            del self.buf[: cut + 1]
            if line.startswith("\n"):
                line = line.lstrip()
            if self.echo and line:
                self._send(line.encode() + b"\r")
            if line:
                self._command(line)

    def _send(self, data: bytes) -> None:
        self.write(data)

    def _reply(self, *lines: str) -> None:
        with self.modem.lock:
            news, self.modem.unsolicited_next = self.modem.unsolicited_next, []
        lines = (*news, *lines)
        self._send(b"".join(b"\r\n" + ln.encode() + b"\r\n" for ln in lines))

    def _command(self, line: str) -> None:
        m = self.modem
        cmd = line.upper()
        if cmd in ("AT", "AT+CMEE=1", "AT+CMEE=2", "AT+CMGF=0") or cmd.startswith("AT+CPMS="):
            return self._reply("OK")
        if cmd.startswith("AT+CNMI="):
            fields = cmd[8:].split(",")
            self.ds = int(fields[3]) if len(fields) > 3 and fields[3].isdigit() else 0
            return self._reply("OK")
        if cmd.startswith("AT+CPIN="):
            return self._reply(*m.enter_pin(line[8:].strip().strip('"')))
        if cmd.startswith(("AT+CMGR=", "AT+CMGD=")):
            return self._stored(cmd[5:7], cmd[8:])
        if cmd == "AT+CMGL=4":  # every stored report (the only messages it stores)
            with m.lock:
                stored = sorted(m.stored_reports.items())
            listing = [x for i, (pdu, n) in stored for x in (f"+CMGL: {i},0,,{n}", pdu)]
            return self._reply(*listing, "OK")
        if cmd in ("ATE0", "ATE1"):
            self.echo = cmd == "ATE1"
            return self._reply("OK")
        if cmd == "AT+CPIN?":
            if m.sim_state == "absent":
                return self._reply(
                    "+CME ERROR: SIM not inserted" if m.verbose_errors else "+CME ERROR: 10"
                )
            return self._reply(f"+CPIN: {m.sim_state}", "OK")
        if cmd == "AT+CSQ":
            return self._reply(f"+CSQ: {m.csq},99", "OK")
        if cmd == "AT+CREG?":
            return self._reply(f"+CREG: 0,{m.registration}", "OK")
        if cmd == "AT+CEREG?" and m.lte_registration is not None:
            return self._reply(f"+CEREG: 0,{m.lte_registration}", "OK")
        if cmd == "AT+COPS?":
            if m.registered:
                return self._reply(f'+COPS: 0,0,"{m.operator}",7', "OK")
            return self._reply("+COPS: 0", "OK")
        if cmd.startswith("AT+CMGS="):
            return self._cmgs(cmd[8:])
        with m.lock:
            m.unknown.append(line)  # e.g. two clients' commands run together on one pty
        return self._reply("ERROR")

    def _cmgs(self, arg: str) -> None:
        m = self.modem
        if m.sim_state != "READY":
            return self._reply("+CMS ERROR: 310" if m.sim_state == "absent" else "+CMS ERROR: 311")
        if not m.registered:
            return self._reply("+CMS ERROR: 331")
        if not arg.isdigit() or not 7 <= int(arg) <= 164:
            return self._reply("+CMS ERROR: 304")
        self.pdu_length = int(arg)
        self._send(b"\r\n> ")

    def _pdu(self, pdu_hex: str, length: int) -> bool:
        """Take one PDU; False if the connection was dropped instead of answering."""
        m = self.modem
        with m.lock:
            drop, m.drop_mid_send = m.drop_mid_send, False
            mute, m.mute_after_pdu = m.mute_after_pdu, False
            code = None
            if m.cms_next is not None and m.cms_after <= 0:
                code, m.cms_next = m.cms_next, None
            m.cms_after -= 1
        if mute:
            return True
        if drop:
            with m.lock:
                m.dropped.append(pdu_hex)
            self.hang_up()
            return False
        if code is not None:
            self._reply(f"+CMS ERROR: {code}")
            return True
        try:
            part = decode_submit(pdu_hex)
        except PduError:
            self._reply("+CMS ERROR: 304")
            return True
        if part.tpdu_length != length:
            with m.lock:
                m.refused.append(pdu_hex)
            self._reply("+CMS ERROR: 304")
            return True
        ref = m.record(part, pdu_hex)
        with m.lock:
            cut, m.drop_after_cmgs = m.drop_after_cmgs, False
        if cut:  # the reference goes out, the link breaks before the OK
            self._reply(f"+CMGS: {ref}")
            self.hang_up()
            return False
        self._reply(f"+CMGS: {ref}", "OK")
        if m.delivery_reports and part.status_report:
            with m.lock:
                status = m.report_statuses.pop(0) if m.report_statuses else 0x00
                if status is not None and m.hold_reports:
                    m.held.append((ref, part.to, status, m.clock()))
                    status = None
            if status is not None:
                self.report(ref, part.to, status, m.clock())
        return True

    def report(self, ref: int, to: str, status: int, submitted: datetime) -> None:
        """One delivery report, routed as AT+CNMI's <ds> says."""
        pdu, size = encode_status_report(ref, to, status, submitted, self.modem.clock())
        if self.ds == 2:
            with self.modem.lock:
                index = self.modem.store_report(pdu.hex().upper(), size)
            self._send(f'\r\n+CDSI: "SR",{index}\r\n'.encode())
        else:
            self._send(f"\r\n+CDS: {size}\r\n{pdu.hex().upper()}\r\n".encode())

    def _stored(self, verb: str, arg: str) -> None:
        """AT+CMGR=<index> (read a stored report) and AT+CMGD=<index> (delete it)."""
        m = self.modem
        index = int(arg) if arg.isdigit() else -1
        with m.lock:
            stored = m.stored_reports.get(index)
            if stored is not None and verb == "GD":
                del m.stored_reports[index]
                m.deleted_reports.append(index)
        if stored is None:
            return self._reply("+CMS ERROR: 321")  # invalid memory index
        if verb == "GD":
            return self._reply("OK")
        return self._reply(f"+CMGR: 0,,{stored[1]}", stored[0], "OK")


class GsmModemSim:
    """The modem; ``start_pty()`` or ``start_tcp()`` gives the URL a channel opens."""

    def __init__(self, *, operator: str = "CHINA MOBILE") -> None:
        self.lock = threading.Lock()
        self.operator = operator
        self.silent = False
        self.sim_state = "READY"
        self.registration = 1
        self.lte_registration: int | None = None  # +CEREG status; None: no such command
        self.csq = 20
        self.stuck_in_prompt = False  # a new connection finds the modem waiting for a PDU
        self.verbose_errors = False  # "+CME ERROR: SIM not inserted" (AT+CMEE=2 style)
        self.cms_next: int | None = None
        self.cms_after = 0  # PDUs accepted before ``cms_next`` fires (a later part fails)
        self.drop_mid_send = False
        self.drop_after_cmgs = False  # answer +CMGS, then close before the OK
        self.mute_after_pdu = False  # swallow the next PDU and answer nothing
        self.unsolicited_next: list[str] = []  # lines put before the next answer
        self.delivery_reports = False
        self.report_statuses: list[int | None] = []  # the next parts' reports (None: never)
        self.hold_reports = False  # keep reports in ``held`` until release_reports()
        self.held: list[tuple[int, str, int, datetime]] = []
        self.stored_reports: dict[int, tuple[str, int]] = {}  # index: (PDU hex, length)
        self.deleted_reports: list[int] = []
        self.clock: Callable[[], datetime] = lambda: datetime.now(CST).replace(microsecond=0)
        self.pin, self.puk, self.pin_tries = "1234", "12345678", 3
        self.pin_attempts: list[str] = []
        self._outgoing: list[tuple[int, str, int, datetime]] = []
        self.parts: list[Submitted] = []
        self.pdus: list[str] = []  # the hex of each accepted part, as it came
        self.messages: list[ReceivedSms] = []
        self.dropped: list[str] = []  # PDUs taken just before a dropped connection
        self.refused: list[str] = []  # PDUs refused for a wrong AT+CMGS length
        self.unknown: list[str] = []  # command lines it did not understand (answered ERROR)
        self.connections = 0  # TCP clients accepted (socket://)
        self._next_ref = 0
        self._open: dict[tuple[str, int], list[tuple[Submitted, int]]] = {}
        self._wake_r, self._wake_w = os.pipe()
        self._hang_up_asked = threading.Event()
        self._hung_up = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None
        self._master: int | None = None
        self._slave: int | None = None
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._session: _Session | None = None
        self.url = ""

    @property
    def registered(self) -> bool:
        return self.registration in (1, 5) or self.lte_registration in (1, 5)

    # --- what the network received ------------------------------------------------------

    def record(self, part: Submitted, pdu_hex: str = "") -> int:
        """Store one part, join a complete concatenated message; return its reference."""
        with self.lock:
            self._next_ref = self._next_ref % 255 + 1
            ref = self._next_ref
            self.parts.append(part)
            self.pdus.append(pdu_hex)
            if part.concat is None:
                self.messages.append(ReceivedSms(part.to, part.text, part.encoding, [part], [ref]))
                return ref
            key = (part.to, part.concat[0])
            got = self._open.setdefault(key, [])
            got.append((part, ref))
            if len(got) == part.concat[1]:
                del self._open[key]
                got.sort(key=lambda item: item[0].concat[2] if item[0].concat else 0)
                text = "".join(p.text for p, _ in got)
                self.messages.append(
                    ReceivedSms(
                        part.to, text, part.encoding, [p for p, _ in got], [r for _, r in got]
                    )
                )
            return ref

    # --- the SIM and the delivery reports -----------------------------------------------

    def enter_pin(self, pin: str) -> tuple[str, ...]:
        """The answer to ``AT+CPIN="<pin>"``: a wrong PIN costs a try, the third locks."""
        with self.lock:
            if self.sim_state == "SIM PUK":
                return ("+CME ERROR: 12",)
            if self.sim_state != "SIM PIN":
                return ("+CME ERROR: 3",)
            self.pin_attempts.append(pin)
            if pin == self.pin:
                self.sim_state, self.pin_tries = "READY", 3
                return ("OK",)
            self.pin_tries -= 1
            if self.pin_tries <= 0:
                self.sim_state = "SIM PUK"
            return ("+CME ERROR: 16",)

    def store_report(self, pdu_hex: str, length: int) -> int:
        """Keep a report in the modem's memory (ds 2); its index. Called under ``lock``."""
        index = max(self.stored_reports, default=0) + 1
        self.stored_reports[index] = (pdu_hex, length)
        return index

    def send_report(
        self, ref: int, to: str, status: int = 0x00, submitted: datetime | None = None
    ) -> None:
        """A delivery report for reference ``ref`` now (from any thread: the serving thread
        writes it). ``submitted``: when the SMSC took the message (default: now)."""
        with self.lock:
            self._outgoing.append((ref, to, status, submitted or self.clock()))
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"r")

    def release_reports(self) -> None:
        """Send the reports ``hold_reports`` kept back (they come late)."""
        with self.lock:
            self._outgoing.extend(self.held)
            self.held.clear()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"r")

    def _flush_reports(self) -> None:
        with self.lock:
            out, self._outgoing = self._outgoing, []
        for ref, to, status, submitted in out:
            if self._session is not None:
                self._session.report(ref, to, status, submitted)

    # --- serving ------------------------------------------------------------------------

    def start_pty(self) -> str:
        import tty  # POSIX only

        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.url = os.ttyname(self._slave)
        self._session = _Session(self, self._pty_write, self._pty_hang_up)
        return self._start()

    def start_tcp(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._server = socket.create_server((host, port))
        self.url = f"socket://{host}:{self._server.getsockname()[1]}"
        return self._start()

    def _start(self) -> str:
        self._thread = threading.Thread(target=self._serve, name="gsm-modem-sim", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._pty_hang_up()
        self._tcp_hang_up()
        for sock in (self._server,):
            if sock is not None:
                sock.close()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> GsmModemSim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _pty_write(self, data: bytes) -> None:
        if self._master is not None:
            with contextlib.suppress(OSError):
                os.write(self._master, data)

    def _pty_hang_up(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None

    def _tcp_write(self, data: bytes) -> None:
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.sendall(data)

    def _tcp_hang_up(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            client.close()

    def hang_up_tcp(self) -> None:
        """Close the TCP client's connection while idle (a gateway restarting); done by the
        serving thread, which owns the sockets."""
        self._hung_up.clear()
        self._hang_up_asked.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"h")
        if not self._hung_up.wait(10):
            raise TimeoutError("the simulator did not hang up")

    def _serve(self) -> None:
        while not self._stop:
            fds = {self._wake_r: "wake"}
            if self._master is not None:
                fds[self._master] = "pty"
            if self._server is not None:
                fds[self._server.fileno()] = "listen"
            if self._client is not None:
                fds[self._client.fileno()] = "client"
            poller = select.poll()
            for fd in fds:
                poller.register(fd, select.POLLIN)
            for fd, _event in poller.poll(1000):
                what = fds.get(fd)
                if what == "wake":
                    with contextlib.suppress(OSError):
                        os.read(self._wake_r, 64)
                    if self._stop:
                        return
                    if self._hang_up_asked.is_set():
                        self._tcp_hang_up()
                        self._hang_up_asked.clear()
                        self._hung_up.set()
                    self._flush_reports()
                    break  # the descriptors may have changed: poll them again
                self._ready(what)

    def _ready(self, what: str | None) -> None:
        if what == "listen" and self._server is not None:
            conn, _ = self._server.accept()
            self._tcp_hang_up()  # one client at a time: the newest wins
            self.connections += 1
            self._client = conn
            self._session = _Session(self, self._tcp_write, self._tcp_hang_up)
        elif what == "client" and self._client is not None:
            try:
                data = self._client.recv(4096)
            except OSError:
                data = b""
            if not data:
                self._tcp_hang_up()
            elif self._session is not None:
                self._session.feed(data)
        elif what == "pty" and self._master is not None:
            try:
                data = os.read(self._master, 4096)
            except OSError:
                return
            if self._session is not None:
                self._session.feed(data)


def main(argv: list[str] | None = None) -> int:
    """``python -m drivers.simulator.gsm_modem [--tcp PORT]``: print the URL, serve until
    interrupted, log each message received."""
    import argparse
    import logging
    import signal
    import sys

    parser = argparse.ArgumentParser(prog="python -m drivers.simulator.gsm_modem")
    parser.add_argument("--tcp", type=int, default=None, help="serve socket://127.0.0.1:PORT")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    modem = GsmModemSim()
    url = modem.start_tcp(port=args.tcp) if args.tcp is not None else modem.start_pty()
    sys.stdout.write(url + "\n")
    sys.stdout.flush()
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    seen = 0
    while True:
        stopping = done.wait(0.5)
        with modem.lock:
            new = modem.messages[seen:]
        for msg in new:  # flushed: the test reads these lines after SIGTERM
            logging.getLogger(__name__).info(
                "SMS to %s (%d parts): %s", msg.to, len(msg.parts), msg.text
            )
        seen += len(new)
        if stopping:
            break
    modem.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
