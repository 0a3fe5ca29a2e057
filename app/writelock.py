"""The queue writers wait in before SQLite's ``BEGIN IMMEDIATE``: fair inside a process,
an OS file lock between processes.

Why: SQLite's busy handler polls the write lock with growing sleeps (1 ms up to 100 ms).
A writer that has waited long sleeps long and keeps missing the moment the lock is free,
while fresh writers take it: on a loaded two-core machine eight processes recharging one
account lost 11 of 200 recharges to ``database is locked`` after the 15 s busy timeout,
although the total work was a few seconds. So a writer first queues here and meets
SQLite's lock only when it is (almost certainly) free:

- ``FairLock`` — inside one process, threads are served first come, first served (a queue
  of per-waiter events; ``threading.Lock`` and ``RLock`` wake an arbitrary waiter). It is
  re-entrant for the owning thread, so a nested write scope of the same thread behaves as
  it always has: it goes on to ``BEGIN IMMEDIATE`` and ends in SQLite's busy timeout
  instead of waiting for itself forever.
- ``FileWriteLock`` — between processes (the collector, the CLI, a second desk on the same
  file), an exclusive lock on ``<database>-writer.lock`` next to the database file:
  ``flock`` on POSIX, ``msvcrt.locking`` on Windows. Neither can wait with a timeout, so a
  waiter retries the non-blocking call every 1-3 ms (random, never growing): every waiter
  has the same chance at each release, however long it has waited, which is what the busy
  handler lacks. The holder writes its process id into the file, so an error can say who
  holds the database. A process that dies releases its lock with its file handle.

Both give up after the busy timeout and let the writer go on to SQLite, whose own busy
handler then decides: a stuck holder still ends in the usual clear "database is locked".
The file lock counts the timeout from the last change of holder, not from when the waiter
came: each holder writes its process id and a fresh token into the file, and a waiter that
sees the token change knows the queue moves and waits on (up to ``MAX_WAIT_FACTOR`` busy
timeouts in all). On a loaded machine eight processes may take their turns for longer than
one timeout; a waiter gave up then and lost its recharge to SQLite's unfair busy handler.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import IO

MAX_WAIT_FACTOR = 8  # a moving queue is waited for up to this many busy timeouts


class FairLock:
    """A re-entrant FIFO lock: the longest waiter is the next owner (hand-over on release)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._waiters: deque[tuple[int, threading.Event]] = deque()

    @property
    def depth(self) -> int:
        """How many times the calling thread holds the lock (0 if it does not)."""
        with self._mutex:
            return self._depth if self._owner == threading.get_ident() else 0

    def acquire(self, timeout: float) -> bool:
        """Take the lock in arrival order; False after ``timeout`` seconds in the queue."""
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me:
                self._depth += 1
                return True
            if self._owner is None and not self._waiters:
                self._owner, self._depth = me, 1
                return True
            entry = (me, threading.Event())
            self._waiters.append(entry)
        entry[1].wait(timeout)
        with self._mutex:
            if entry[1].is_set():  # handed over, perhaps just as the wait timed out
                return True
            self._waiters.remove(entry)
            return False

    def release(self) -> None:
        with self._mutex:
            if self._owner != threading.get_ident():
                raise RuntimeError("release of a FairLock this thread does not hold")
            self._depth -= 1
            if self._depth:
                return
            if self._waiters:
                owner, event = self._waiters.popleft()
                self._owner, self._depth = owner, 1
                event.set()
            else:
                self._owner = None


class FileWriteLock:
    """An exclusive OS lock on a file next to the database, shared by every process.

    Call ``acquire``/``release`` from one thread at a time (the ``FairLock`` in front of it
    sees to that): the lock belongs to the open file, not to a thread."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + "-writer.lock")
        self._file: IO[bytes] | None = None
        self._pid = os.getpid()

    def _open(self) -> IO[bytes]:
        if self._file is not None and self._pid != os.getpid():
            # a forked child shares the parent's open file, and with it the lock: open its own
            self._file = None
        if self._file is None:
            self._pid = os.getpid()
            # not append mode: Linux appends every pwrite of an O_APPEND file at its end
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            self._file = os.fdopen(fd, "r+b")
            if sys.platform == "win32":  # pragma: no cover - Windows only
                self._file.seek(0, os.SEEK_END)
                if self._file.tell() == 0:  # msvcrt locks bytes; give it one to lock
                    self._file.write(b"\0")
                    self._file.flush()
        return self._file

    def acquire(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; False if another process held it all along (or
        the file cannot be used at all: then SQLite's busy handler alone arbitrates)."""
        started = time.monotonic()
        deadline = started + timeout
        try:
            handle = self._open()
        except OSError:
            return False
        seen = self._stamp(handle)
        while True:
            try:
                got = _try_lock(handle)
            except OSError:  # no locks on this file system: SQLite alone arbitrates
                return False
            if got:
                self._note_holder(handle)
                return True
            now = time.monotonic()
            if now >= deadline:
                stamp = self._stamp(handle)
                if stamp == seen or now - started >= timeout * MAX_WAIT_FACTOR:
                    return False  # the same holder all along: stuck, let SQLite say so
                seen, deadline = stamp, now + timeout  # the queue moved: wait on
            time.sleep(random.uniform(0.001, 0.003))  # spreading, not secrecy

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):  # closing the file would release it anyway
                _unlock(self._file)

    def holder(self) -> str:
        """What the last holder wrote (``pid <n>``), for a "database is locked" message."""
        try:
            first = self.path.read_bytes().split(b"\n", 1)[0]
        except OSError:
            return ""
        return first.strip(b"\0 ").decode("ascii", "replace")

    @staticmethod
    def _stamp(handle: IO[bytes]) -> bytes:
        """The holder's line and token: changes whenever another writer takes the lock."""
        if sys.platform == "win32":  # pragma: no cover - the locked byte cannot be read
            return b""
        try:
            return os.pread(handle.fileno(), 64, 0)
        except OSError:
            return b""

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @staticmethod
    def _note_holder(handle: IO[bytes]) -> None:
        if sys.platform == "win32":  # pragma: no cover - the locked byte is not rewritten
            return
        with contextlib.suppress(OSError):  # a courtesy; the lock is what matters
            token = f"{os.getpid()}-{time.monotonic_ns()}-{random.getrandbits(32)}"
            os.pwrite(handle.fileno(), f"pid {os.getpid()}\n{token}\n".ljust(64).encode(), 0)


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
