"""A sender process for the outbox tests: ``python -m tests.notify.sender_proc URL MODE FILE``.

It registers a test channel (the real modem and SMTP channels are wired at merge), prints
``ready``, waits for ``go`` on stdin (so that two processes start claiming together), then:

* ``drain``: recovers what a dead sender left (as a starting sender does), sends every due
  row of channel ``recording``, appending one JSON line per message to FILE (the far end),
  and prints ``done <count> recovered <count>``;
* ``hang``: claims one row and, inside ``send``, appends the line to FILE, prints
  ``sending <key>`` and blocks on stdin: the test SIGKILLs it there, between the send and
  the mark.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from app.db import open_database
from app.notify.channel import REGISTRY, ChannelStatus, Message, SendResult
from app.notify.sender import Sender


class FileChannel:
    kind = "recording"

    def __init__(self, path: str, hang: bool) -> None:
        self.path, self.hang, self.count = Path(path), hang, 0

    def send(self, message: Message) -> SendResult:
        # one write(2) per line on an O_APPEND file: two processes' lines never mix
        line = json.dumps({"key": message.key, "to": message.to, "pid": os.getpid()}) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)
        self.count += 1
        if self.hang:
            sys.stdout.write(f"sending {message.key}\n")
            sys.stdout.flush()
            sys.stdin.readline()  # killed here
        return SendResult(reference=f"{os.getpid()}-{self.count}")

    def check(self) -> ChannelStatus:
        return ChannelStatus(True, "ready")

    def close(self) -> None:
        pass


def main() -> None:
    url, mode, path = sys.argv[1:4]
    REGISTRY["recording"] = FileChannel  # type: ignore[assignment]
    db = open_database(url)
    sender = Sender(db, "recording", FileChannel(path, hang=mode == "hang"))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if sys.stdin.readline().strip() != "go":
        return
    if mode == "hang":
        sender.step()
        return
    recovered = sender.recover()  # what a (re)starting sender does first
    count = sender.drain()
    sys.stdout.write(f"done {count} recovered {recovered}\n")
    sys.stdout.flush()
    db.dispose()


if __name__ == "__main__":
    main()
