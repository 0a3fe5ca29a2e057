"""Group commit of the bus workers' command steps: one write transaction for many buses.

Each meter command costs two write transactions on its bus worker's thread: ``sent`` before
the frame goes out, the outcome (status, event, audit row, relay control) after. With 32
buses running a batch that is hundreds of commits a second, and SQLite (``synchronous=FULL``)
gives one writer at a time and one fsync per commit: the workers queued for the write lock
and a batch took five times its wire time. Here the steps that arrive while a transaction is
being written wait for it and then go together in the next one (leader and followers, the
way databases group-commit their logs): one fsync for all of them.

Nothing changes for durability: each caller returns only after the transaction holding its
step has committed, so ``sent`` is still on disk before the frame is sent and an outcome is
on disk before the worker goes on to its next command (a batch command's outcome is
``submit``-ted and waited for after the meter's read-back: the commit overlaps the wire).
A crash loses only steps whose callers had not returned
(a command stays ``sent``: in doubt, as before). A step that raises makes its group roll back
whole; every step of that group is then run again in its own transaction, so one bad step
fails only its own caller.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..db import Database

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_GROUP = 64  # steps in one transaction at most (keeps a cashier's wait short)


class _Step:
    __slots__ = ("done", "error", "fn", "rank", "result")

    def __init__(self, fn: Callable[[Session], Any], rank: int) -> None:
        self.fn, self.rank = fn, rank
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class CommitGroup:
    """``run(fn)``: ``fn(session)`` inside a write transaction shared with the steps of
    other threads that arrived meanwhile; returns ``fn``'s result once it is committed."""

    def __init__(self, db: Database, max_group: int = MAX_GROUP) -> None:
        self.db = db
        self.max_group = max_group
        self._lock = threading.Lock()
        self._queue: list[_Step] = []
        self._leading = False
        self.commits = 0  # transactions written (the benchmark's steps per commit)
        self.steps = 0

    def run(self, fn: Callable[[Session], T], *, rank: int = 0) -> T:
        """``rank`` orders the steps of a group (lower first): the executor's ``sent``
        marks (a row lock on their command) go before the outcomes (which take the audit
        chain's lock), so a desk that locks a command and then audits its cancel never
        waits in a cycle with a group on PostgreSQL."""
        result: T = self.wait(self.submit(fn, rank=rank))
        return result

    def submit(self, fn: Callable[[Session], Any], *, rank: int = 0) -> _Step:
        """Queue ``fn`` without waiting: it goes into the next group a leader writes (another
        thread's, or the caller's own when it ``wait``s). A bus worker submits a batch
        command's outcome and reads the meter back meanwhile: the commit overlaps the wire."""
        step = _Step(fn, rank)
        with self._lock:
            self._queue.append(step)
        return step

    def wait(self, step: _Step) -> Any:
        """``step``'s result once committed (leading the writes if nobody is)."""
        with self._lock:
            lead = not self._leading and not step.done.is_set()
            if lead:
                self._leading = True
        if lead:
            self._lead()
        step.done.wait()
        if step.error is not None:
            raise step.error
        return step.result

    def _lead(self) -> None:
        """Write groups until nobody is waiting, then hand the role back."""
        while True:
            with self._lock:
                group = sorted(self._queue[: self.max_group], key=lambda step: step.rank)
                del self._queue[: self.max_group]
                if not group:
                    self._leading = False
                    return
            try:
                self._write(group)
            finally:
                for step in group:
                    step.done.set()

    def _write(self, group: list[_Step]) -> None:
        try:
            with self.db.write() as s:
                results = [step.fn(s) for step in group]
        except BaseException as exc:  # noqa: BLE001 - each step is retried alone just below
            if len(group) > 1:
                log.info(
                    "a group of %d command steps rolled back (%s): one by one", len(group), exc
                )
            for step in group:
                self._alone(step)
            return
        self.commits += 1
        self.steps += len(group)
        for step, result in zip(group, results, strict=True):
            step.result = result

    def _alone(self, step: _Step) -> None:
        try:
            with self.db.write() as s:
                step.result = step.fn(s)
            self.commits += 1
            self.steps += 1
        except BaseException as exc:  # noqa: BLE001 - handed to the step's own caller
            step.error = exc
