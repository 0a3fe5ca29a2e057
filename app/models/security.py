"""Operators (who works the desk). The security issue owns login, roles and the audit log."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, str_enum, utcnow
from .types import UTCDateTime


class Role(enum.StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    CASHIER = "cashier"
    AUDITOR = "auditor"


class Operator(Base):
    """A person who logs in. The password is only ever stored as an argon2id hash."""

    __tablename__ = "operator"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
