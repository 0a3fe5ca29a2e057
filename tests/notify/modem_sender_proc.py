"""A sender process on the real SMS channel (the GSM modem on a pty):
``python -m tests.notify.modem_sender_proc URL MODE PORT``.

* ``hang``: claims one row, sends it through the modem (``+CMGS`` answered), prints
  ``sent <key>`` and blocks on stdin before the mark: the test SIGKILLs it there;
* ``drain``: recovers what a dead sender left (as a starting sender does), sends every due
  ``sms`` row and prints ``done <count> recovered <count>``.
"""

from __future__ import annotations

import sys

from app.db import open_database
from app.notify.channel import Message, SendResult
from app.notify.gsm import GsmModemChannel
from app.notify.sender import Sender


class Hanging(GsmModemChannel):
    """The real channel; after the modem took the message, it waits to be killed."""

    def send(self, message: Message) -> SendResult:
        result = super().send(message)
        sys.stdout.write(f"sent {message.key}\n")
        sys.stdout.flush()
        sys.stdin.readline()  # killed here, between the send and the mark
        return result


def main() -> None:
    url, mode, port = sys.argv[1:4]
    db = open_database(url)
    channel = (Hanging if mode == "hang" else GsmModemChannel)(port, 115200)
    sender = Sender(db, "sms", channel)
    if mode == "hang":
        sender.step()
        return
    recovered = sender.recover()
    count = sender.drain()
    channel.close()
    sys.stdout.write(f"done {count} recovered {recovered}\n")
    sys.stdout.flush()
    db.dispose()


if __name__ == "__main__":
    main()
