"""A recharge sheet (CSV or XLSX: room, amount, optionally building and method), checked
row by row before anything is queued.

Reading and the error style are the site sheet's (``app.siteimport``): every problem is an
``ImportIssue`` naming the sheet row (the header is row 1) and the column, and a sheet with
any problem is refused as a whole with the full list (``SheetError``), so a clerk fixes the
file once instead of finding the next error after each attempt. The rooms, accounts and
meters are read once up front, so 10,000 rows check in well under the 5 s the issue asks.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import tr
from ..ledger.recharge import DEFAULT_MAX_RECHARGE_FEN, setting
from ..models import (
    Account,
    AccountStatus,
    BillingMode,
    Building,
    Floor,
    Meter,
    MeterRole,
    PaymentMethod,
    Room,
)
from ..money import MoneyError, format_yuan, parse_yuan
from ..siteimport import ImportIssue, SiteImportError, _cell, read_sheet
from .selection import Target

COLUMNS = {
    "room": ("room", "房间", "房间号"),
    "building": ("building", "楼栋"),
    "amount": ("amount", "金额", "充值金额"),
    "method": ("method", "方式", "支付方式"),
}
REQUIRED = ("room", "amount")


class SheetError(SiteImportError):
    """The sheet has errors; ``issues`` lists every one (row and column). Nothing queued."""


def read_rows(path: Path) -> list[dict[str, str]]:
    """The sheet's rows with canonical column names; a missing column is an error."""
    try:
        raw = read_sheet(path)
    except SiteImportError as exc:
        raise SheetError(exc.issues) from exc
    if not raw:
        raise SheetError([ImportIssue(1, "-", tr("the sheet is empty"))])
    headers = {str(h).strip().lower(): h for h in raw[0] if h}
    mapping = {
        column: headers[name.lower()]
        for column, names in COLUMNS.items()
        for name in reversed(names)
        if name.lower() in headers
    }
    missing = [
        ImportIssue(1, c, tr("the sheet has no column {column!r}", column=c))
        for c in REQUIRED
        if c not in mapping
    ]
    if missing:
        raise SheetError(missing)
    return [{c: _cell(row.get(h)) for c, h in mapping.items()} for row in raw]


class _Park:
    """Rooms, accounts and prepaid meters, read once for the whole sheet."""

    def __init__(self, s: Session) -> None:
        self.by_number: dict[str, list[tuple[str, Room]]] = defaultdict(list)
        for room, building in s.execute(
            select(Room, Building.name)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
        ):
            self.by_number[room.number].append((building, room))
        self.accounts = {a.id: a for a in s.scalars(select(Account))}
        self.meters: dict[int, list[Meter]] = defaultdict(list)
        for meter in s.scalars(
            select(Meter).where(
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
                Meter.billing_mode == BillingMode.METER,
            )
        ):
            if meter.room_id is not None:
                self.meters[meter.room_id].append(meter)
        self.limit = int(setting(s, "ledger.max_recharge_fen", DEFAULT_MAX_RECHARGE_FEN))


def check_sheet(s: Session, rows: list[dict[str, str]], *, prepaid: bool = True) -> list[Target]:
    """One target per row, or ``SheetError`` with every problem of every row.

    ``prepaid``: the money goes to the room's prepaid meter when it has one (a recharge);
    a fee comes off the account, whatever meters the room has."""
    park = _Park(s)
    issues: list[ImportIssue] = []
    targets: list[Target] = []
    seen: dict[int, int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        before = len(issues)
        room = _room(park, row, line, issues)
        fen = _amount(park, row.get("amount", ""), line, issues)
        method = row.get("method") or PaymentMethod.TRANSFER.value
        if method not in {m.value for m in PaymentMethod}:
            issues.append(
                ImportIssue(line, "method", tr("unknown payment method {value!r}", value=method))
            )
        if room is not None:
            if room.id in seen:
                issues.append(
                    ImportIssue(line, "room", tr("room already on row {row}", row=seen[room.id]))
                )
            seen.setdefault(room.id, line)
        if len(issues) > before or room is None or fen is None:
            continue
        meters = park.meters.get(room.id, []) if prepaid else []
        if len(meters) > 1:
            issues.append(ImportIssue(line, "room", tr("the room has several prepaid meters")))
            continue
        meter = meters[0] if meters else None
        targets.append(
            Target(
                room.id,
                meter.id if meter else None,
                room.account_id,
                meter.link_id if meter else None,
                f"{row.get('building') or ''}/{room.number}".lstrip("/"),
                {"amount_fen": fen, "method": method, "row": line},
            )
        )
    if issues:
        raise SheetError(issues)
    return targets


def _room(park: _Park, row: dict[str, str], line: int, issues: list[ImportIssue]) -> Room | None:
    number, building = row.get("room", ""), row.get("building", "")
    if not number:
        issues.append(ImportIssue(line, "room", tr("the room is missing")))
        return None
    found = [r for b, r in park.by_number.get(number, []) if not building or b == building]
    if not found:
        issues.append(ImportIssue(line, "room", tr("no room {room}", room=number)))
        return None
    if len(found) > 1:
        issues.append(
            ImportIssue(line, "building", tr("room {room} is in several buildings", room=number))
        )
        return None
    room = found[0]
    account = park.accounts.get(room.account_id) if room.account_id is not None else None
    if account is None:
        issues.append(ImportIssue(line, "room", tr("the room has no tenant account")))
        return None
    if account.status is not AccountStatus.OPEN:
        issues.append(
            ImportIssue(line, "room", tr("account {number} is closed", number=account.number))
        )
        return None
    return room


def _amount(park: _Park, text: str, line: int, issues: list[ImportIssue]) -> int | None:
    try:
        fen = parse_yuan(text)
    except MoneyError as exc:
        issues.append(ImportIssue(line, "amount", str(exc)))
        return None
    if fen <= 0:
        issues.append(ImportIssue(line, "amount", tr("the amount must be above zero")))
        return None
    if fen > park.limit:
        issues.append(
            ImportIssue(
                line,
                "amount",
                tr(
                    "{amount} is above the single recharge limit of {limit}",
                    amount=format_yuan(fen),
                    limit=format_yuan(park.limit),
                ),
            )
        )
        return None
    return fen
