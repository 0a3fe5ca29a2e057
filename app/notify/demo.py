"""Contacts for the demo park's tenants, so that a demo (and the Messages window's
screenshots, ``app.ui.messages_shots``) has people to tell.

``app.demo`` builds the park without contacts: a real site imports them from its site sheet
(``app.notify.sheet``). ``demo_contacts`` gives the tenants of the first ``count`` let rooms
whose meter keeps the balance (dormitories) a made-up mobile number and e-mail address,
both opted in, in Chinese; it returns those rooms' ids. Not audited: like ``build_demo``
without an actor, it is for throw-away databases.
"""

from __future__ import annotations

from sqlalchemy import select

from ..db import Database
from ..models import Account, BillingMode, Meter, Room, TenantContact


def demo_contacts(db: Database, count: int = 3) -> list[int]:
    """Contacts for the tenants of ``count`` meter-side let rooms; those rooms' ids."""
    with db.write() as s:
        rows = s.execute(
            select(Room.id, Account.tenant_id)
            .join(Account, Account.id == Room.account_id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Meter.billing_mode == BillingMode.METER)
            .order_by(Room.id)
            .limit(count)
        ).all()
        for i, (_room, tenant_id) in enumerate(rows):
            contact = TenantContact(
                tenant_id=tenant_id,
                name=f"租户{i + 1}",
                phone=f"1380013{8000 + i:04d}",
                email=f"tenant{i + 1}@example.cn",
            )
            contact.sms, contact.mail, contact.language, contact.kinds = True, True, "zh_CN", []
            s.add(contact)
        return [room for room, _tenant in rows]
