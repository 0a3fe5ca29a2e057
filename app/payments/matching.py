"""Which account a tenant's own payment is for: the remark first, then the payer.

Tenants are asked to write their account number (``E0100023``) or their room (``A栋 301``,
``A栋/301``) in the payment's remark (商品名称 / 备注 / 付款说明). The remark is read for:

1. account numbers (a letter and digits, or digits alone, as the site numbers them): exactly
   one existing account named → that account;
2. room numbers: a room whose number is in the remark and whose building's name is too, or
   a room number that exists only once on the site → that room's tenant account.

Anything ambiguous (two accounts named, a room number found in several buildings, a vacant
room) is not guessed: the payment stays unmatched (未匹配) with the reason. Failing the
remark, a payer id (WeChat openid, Alipay buyer account) seen before in a confirmed match
(``payer_link``) gives the account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import tr
from ..models import Account, AccountStatus, Building, Floor, PayerLink, Room

ACCOUNT_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{0,3}\d{4,12}(?![A-Za-z0-9])")
ROOM_TOKEN = re.compile(r"(?<![0-9])[A-Za-z]?\d{1,5}(?![0-9])")


@dataclass(frozen=True)
class Match:
    """The account found (and the room, when the remark named one) and how."""

    account_id: int | None
    room_id: int | None
    how: str  # account | room | payer | "" (unmatched)
    note: str = ""  # why not, for the clerk


def match(session: Session, platform: str, remark: str, payer: str) -> Match:
    """The account ``remark`` or ``payer`` points at, or an unmatched ``Match`` saying why."""
    found = by_account_number(session, remark)
    if found.account_id is not None or found.note:
        return found
    found = by_room(session, remark)
    if found.account_id is not None or found.note:
        return found
    if payer:
        link = session.get(PayerLink, (platform, payer))
        if link is not None:
            return Match(link.account_id, None, "payer")
    return Match(None, None, "", tr("no account number or room in the remark"))


def by_account_number(session: Session, remark: str) -> Match:
    tokens = {t.upper() for t in ACCOUNT_TOKEN.findall(remark)}
    if not tokens:
        return Match(None, None, "")
    rows = session.execute(
        select(Account.id, Account.number, Account.status).where(Account.number.in_(tokens))
    ).all()
    if len(rows) > 1:
        names = ", ".join(sorted(r.number for r in rows))
        return Match(None, None, "", tr("the remark names several accounts: {names}", names=names))
    if not rows:
        return Match(None, None, "")
    if rows[0].status is not AccountStatus.OPEN:
        return Match(None, None, "", tr("account {number} is closed", number=rows[0].number))
    return Match(rows[0].id, None, "account")


def by_room(session: Session, remark: str) -> Match:
    numbers = {t.upper() for t in ROOM_TOKEN.findall(remark)}
    if not numbers:
        return Match(None, None, "")
    rows = session.execute(
        select(Room.id, Room.number, Room.account_id, Building.name)
        .join(Floor, Floor.id == Room.floor_id)
        .join(Building, Building.id == Floor.building_id)
        .where(Room.number.in_(numbers))
    ).all()
    named = [r for r in rows if r.name and r.name in remark]
    candidates = named or ([] if len(rows) != 1 else rows)
    if not candidates:
        if len(rows) > 1:
            return Match(
                None,
                None,
                "",
                tr(
                    "room {room} is in several buildings: the remark does not say which",
                    room=rows[0].number,
                ),
            )
        return Match(None, None, "")
    if len(candidates) > 1:
        names = ", ".join(sorted(f"{r.name}/{r.number}" for r in candidates))
        return Match(None, None, "", tr("the remark names several rooms: {names}", names=names))
    room = candidates[0]
    if room.account_id is None:
        return Match(
            None,
            None,
            "",
            tr("room {room} has no tenant account", room=f"{room.name}/{room.number}"),
        )
    return Match(room.account_id, room.id, "room")


def learn_payer(session: Session, platform: str, payer: str, account_id: int, txn: str) -> bool:
    """Remember ``payer`` → ``account_id`` from a confirmed match (the first one wins: a
    payer who later pays for another room is matched by that payment's remark)."""
    if not payer or session.get(PayerLink, (platform, payer)) is not None:
        return False
    session.add(PayerLink(platform=platform, payer=payer, account_id=account_id, learned_from=txn))
    session.flush()
    return True
