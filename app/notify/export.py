"""The message history as an Excel workbook (消息记录), for the office's records.

The Messages window's "Export…" calls ``write_messages_xlsx`` with the rows it shows (its
filters applied). Written whole or not at all (``app.reports.export.write_atomically``: a
temporary file beside the target, renamed over it once complete). Times in the park's
zone; words (status, kind, channel) in the UI language. openpyxl is imported here only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..reports.export import write_atomically
from .views import MessageRow

TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
Words = Callable[[str, str], str]  # (what: status / kind / channel, value) -> the word


def status_word(status: str) -> str:
    return {
        "queued": tr("queued"),
        "sending": tr("sending"),
        "sent": tr("sent"),  # 已下发: the common word of SMS platforms
        "delivered": tr("delivered"),
        "failed": tr("failed"),
        "uncertain": tr("may have been sent"),
    }.get(status, status)


def channel_word(channel: str) -> str:
    return {"sms": tr("SMS"), "email": tr("e-mail"), "http_sms": tr("SMS gateway")}.get(
        channel, channel
    )


def kind_word(kind: str) -> str:
    return {
        "low_balance": tr("low balance"),
        "pretrip": tr("power will be cut"),
        "cut": tr("power cut"),
        "restored": tr("power restored"),
        "recharge": tr("recharge credited"),
        "recharge_pending": tr("recharge pending"),
        "bill_issued": tr("bill issued"),
        "bill_overdue": tr("bill overdue"),
        "meter_offline": tr("meter offline"),
        "daily_summary": tr("daily summary"),
        "manual": tr("typed by an operator"),
        "load_cut": tr("forbidden appliance cut"),  # w19-rules
        "load_alarm": tr("dormitory load alarm"),  # w19-rules
    }.get(kind, kind)


def core_words(what: str, value: str) -> str:
    """The words of the core catalogue (a caller without the window's labels)."""
    return {"status": status_word, "kind": kind_word, "channel": channel_word}[what](value)


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """An aware UTC time as a naive park-local one (Excel has no zones)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None)


def _text(value: str) -> str:
    """Text a spreadsheet would read as a formula keeps a leading quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def headers() -> list[str]:
    return [
        tr("No."),
        tr("Created"),
        tr("Sent"),
        tr("Kind"),
        tr("Channel"),
        tr("Recipient"),
        tr("Room"),
        tr("Account"),
        tr("Status"),
        tr("Reason"),
        tr("Parts"),
        tr("Reference"),
        tr("Attempts"),
        tr("Text"),
    ]


def write_messages_xlsx(
    rows: list[MessageRow], path: Path, zone: ZoneInfo, words: Words = core_words
) -> None:
    """Write ``rows`` to ``path`` atomically. ``words`` names statuses, kinds and channels:
    the window passes its own labels, so the sheet says what the screen says."""
    write_atomically(Path(path), lambda out: _write(rows, out, zone, words))


def _write(rows: list[MessageRow], out: BinaryIO, zone: ZoneInfo, words: Words) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = tr("Messages")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                r.id,
                _local(r.created_at, zone),
                _local(r.sent_at, zone),
                words("kind", r.kind),
                words("channel", r.channel),
                _text(r.recipient),  # a "+86..." number is not a formula
                _text(r.room),
                _text(r.account),
                words("status", r.status),
                _text(r.reason),
                r.parts,
                _text(r.reference),
                r.attempts,
                _text(r.text),
            ]
        )
        for column in (2, 3):
            sheet.cell(sheet.max_row, column).number_format = TIME_FORMAT
    sheet.freeze_panes = "A2"
    widths = (8, 20, 20, 12, 10, 24, 14, 12, 12, 40, 8, 14, 8, 60)
    for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    book.save(out)
