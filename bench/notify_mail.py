"""E-mail throughput: messages per second through the e-mail channel to a local aiosmtpd
server, on one kept connection (the sender thread's way) against a new connection per
message (``send_email``), plain and with STARTTLS + login.

    python bench/notify_mail.py [--messages 200]

Prints one line per case with the load average; ratios within one run matter more than the
absolute figures on a shared machine. A real server adds its own latency; this measures
WattDesk's side (MIME building, the SMTP steps, TLS handshakes).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import keyring

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.notify import Attachment, Message
from app.notify.mail import SmtpChannel, send_email
from app.notify.mime import SmtpSettings
from app.security.keystore import SMTP_PASSWORD, set_secret
from tests.notify.smtpserver import PASSWORD, USER, Mailbox, self_signed, smtp_server
from tests.security.memkeyring import MemoryKeyring

PDF = os.urandom(60_000)  # a statement-sized attachment


def message(i: int) -> Message:
    return Message(
        to="tenant@example.org",
        subject=f"余额不足提醒 {i}",
        text="您的电费余额为 12.50 元，请及时充值。" * 5,
        html="<p>您的电费余额为 <b>12.50 元</b></p>",
        attachments=(Attachment("对账单.pdf", PDF),),
        key=f"outbox:{i}",
    )


def run(settings: SmtpSettings, count: int, kept: bool) -> float:
    start = time.perf_counter()
    if kept:
        channel = SmtpChannel(settings)
        try:
            for i in range(count):
                channel.send(message(i))
        finally:
            channel.close()
    else:
        for i in range(count):
            m = message(i)
            send_email(settings, m.to, m.subject, m.text, m.attachments, html=m.html, key=m.key)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    count = parser.parse_args().messages
    keyring.set_keyring(MemoryKeyring())
    set_secret(SMTP_PASSWORD, PASSWORD)
    with tempfile.TemporaryDirectory() as folder:
        cert = self_signed(Path(folder))
        for security in ("none", "starttls"):
            mailbox = Mailbox()
            login = security != "none"
            with smtp_server(mailbox, security=security, cert=cert, auth=login) as port:
                settings = SmtpSettings(
                    host="127.0.0.1",
                    port=port,
                    security=security,
                    user=USER if login else "",
                    from_address=USER,
                    ca_file=str(cert[0]),
                )
                for kept in (True, False):
                    rate = run(settings, count, kept)
                    how = "kept connection" if kept else "connection per message"
                    load = Path("/proc/loadavg").read_text().split()[0]
                    print(f"{security:8} {how:23} {rate:7.1f} msg/s  (load {load})")
            assert len(mailbox.messages) == 2 * count


if __name__ == "__main__":
    main()
