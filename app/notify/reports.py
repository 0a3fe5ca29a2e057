"""Delivery reports (状态报告) → outbox rows: which row a report is for, and what it means.

A GSM modem's report names the ``+CMGS`` reference of one *part*, the recipient, when the
SMS centre took the part (its clock) and a TP-Status (3GPP TS 23.040 §9.2.3.15). The row
that sent it holds its parts' references in ``reference`` ("12,13,14"). A reference is
one octet: it wraps after 255 and repeats, so a report is matched to

* rows of the same channel that were sent (``sent_at``) within ``REPORT_WINDOW`` (72 hours:
  an SMS centre gives up on a message after its validity period, 24 to 72 hours by the
  Chinese operators' defaults, and says so in a last report; later than that no report can
  be for a row, and an older row with the same reference must not be touched);
* whose references include it and whose recipient is the report's (last 11 digits);
* newest first, skipping a row sent after the SMS centre's own time for the part (with
  ``CLOCK_SKEW`` for the two clocks), which is a later message that reused the reference;
  when every candidate is skipped (a centre whose clock is far off) the newest is taken.

What a part's report did is kept in the reference itself, so it survives a restart of the
sender: ``12✓`` delivered, ``12✗`` failed (``12,13✓,14``). The row is ``delivered`` when
every part is, ``failed`` with the reason in words at a part's permanent failure, and stays
``sent`` while the centre is still trying (a temporary status) or no report comes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from drivers.sms_pdu import StatusReport

from ..db import Database
from ..i18n import N_, tr
from ..models import OutboxMessage

log = logging.getLogger(__name__)
REPORT_WINDOW = timedelta(hours=72)
CLOCK_SKEW = timedelta(minutes=30)
DELIVERED, FAILED = "✓", "✗"

# TP-Status values with a meaning of their own; the others by their range
STATUS_WORDS = {
    0x00: N_("received by the phone"),
    0x01: N_("forwarded by the SMS centre, delivery not confirmed"),
    0x02: N_("replaced by the SMS centre"),
    0x20: N_("network congestion"),
    0x21: N_("the phone is busy"),
    0x22: N_("no answer from the phone"),
    0x23: N_("service rejected"),
    0x24: N_("quality of service not available"),
    0x25: N_("error in the phone"),
    0x40: N_("remote procedure error"),
    0x41: N_("incompatible destination"),
    0x42: N_("connection rejected by the phone"),
    0x43: N_("the number cannot be reached"),
    0x44: N_("quality of service not available"),
    0x45: N_("no interworking available"),
    0x46: N_("the validity period expired before delivery"),
    0x47: N_("deleted by the sender"),
    0x48: N_("deleted by the SMS centre"),
    0x49: N_("the message does not exist"),
}
RANGE_WORDS = {  # the others, by the top of their range
    0x20: N_("delivered"),
    0x40: N_("the SMS centre is still trying"),
    0x60: N_("permanent error"),
    0x100: N_("the SMS centre gave up"),
}


def status_words(status: int) -> str:
    """A TP-Status in words ("the phone is busy"); 0x60-0x65 say the centre gave up after
    a temporary error; a value without words of its own is named by its range and number."""
    if 0x60 <= status <= 0x65:
        return tr("the SMS centre gave up: {words}", words=tr(STATUS_WORDS[status - 0x40]))
    if status in STATUS_WORDS:
        return tr(STATUS_WORDS[status])
    top = next((limit for limit in RANGE_WORDS if status < limit), 0x100)
    return tr("{words} (status 0x{code:02X})", words=tr(RANGE_WORDS[top]), code=status)


@dataclass(frozen=True)
class Part:
    ref: int
    state: str  # "" no final report yet, DELIVERED, FAILED


def parts_of(reference: str) -> list[Part]:
    """The parts of a modem reference ("12,13✓,14✗"); [] for any other reference."""
    out = []
    for item in reference.split(","):
        m = re.fullmatch(r"\s*(\d{1,3})([✓✗]?)\s*", item)
        if m is None:
            return []
        out.append(Part(int(m.group(1)), m.group(2)))
    return out


def reference_of(parts: list[Part]) -> str:
    return ",".join(f"{p.ref}{p.state}" for p in parts)


def _same_number(a: str, b: str) -> bool:
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return not da or not db or da[-11:] == db[-11:]


@dataclass(frozen=True)
class Applied:
    outcome: str  # delivered, part, failed, pending, done (row already final), unknown
    row_id: int | None = None


def apply_report(db: Database, channel: str, report: StatusReport, now: datetime) -> Applied:
    """Mark the row ``report`` is for (see the module's text); what it did."""
    with db.write() as s:
        rows = s.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.recipient,
                OutboxMessage.reference,
                OutboxMessage.status,
                OutboxMessage.sent_at,
            )
            .where(
                OutboxMessage.channel == channel,
                OutboxMessage.sent_at >= now - REPORT_WINDOW,
                OutboxMessage.status.in_(("sent", "delivered", "failed")),
                OutboxMessage.reference.contains(str(report.message_ref)),  # a coarse cut
            )
            .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        ).all()
        found = [
            r
            for r in rows
            if any(p.ref == report.message_ref for p in parts_of(r.reference))
            and _same_number(r.recipient, report.recipient)
        ]
        if not found:
            return Applied("unknown")
        latest = report.submitted + CLOCK_SKEW
        row = next((r for r in found if r.sent_at <= latest), found[0])
        if row.status != "sent":
            return Applied("done", row.id)
        return _mark(s, row.id, row.reference, report, now)


def _mark(s: Session, row_id: int, reference: str, report: StatusReport, now: datetime) -> Applied:
    parts = parts_of(reference)
    number = next(i for i, p in enumerate(parts) if p.ref == report.message_ref) + 1
    where = (
        OutboxMessage.id == row_id,
        OutboxMessage.status == "sent",
        OutboxMessage.reference == reference,
    )
    if not report.final:
        reason = tr(
            "part {n} of {total}: {words}",
            n=number,
            total=len(parts),
            words=status_words(report.status),
        )
        s.execute(update(OutboxMessage).where(*where).values(reason=reason[:300], updated_at=now))
        return Applied("pending", row_id)
    state = DELIVERED if report.delivered else FAILED
    parts[number - 1] = Part(report.message_ref, state)
    values: dict[str, object] = {"reference": reference_of(parts)[:200], "updated_at": now}
    outcome = "part"
    if state == FAILED:
        outcome, values["status"] = "failed", "failed"
        values["reason"] = tr(
            "not delivered (part {n} of {total}): {words}",
            n=number,
            total=len(parts),
            words=status_words(report.status),
        )[:300]
    elif all(p.state == DELIVERED for p in parts):
        outcome, values["status"] = "delivered", "delivered"
        values["reason"] = tr("delivered: {words}", words=status_words(report.status))[:300]
    done = s.execute(update(OutboxMessage).where(*where).values(**values))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return Applied("done", row_id)
    log.info("outbox %d: part %d/%d %s", row_id, number, len(parts), outcome)
    return Applied(outcome, row_id)
