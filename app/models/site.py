"""The site tree (park, building, floor, room) and who pays (tenant, account)."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .types import Area, UTCDateTime


class TenantKind(enum.StrEnum):
    ENTERPRISE = "enterprise"
    SHOP = "shop"
    DORM = "dorm"
    PERSON = "person"
    PUBLIC = "public"


class AccountStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    PRESET = "preset"  # prepared (预设账户): rooms reserved, opened later with one click


class Park(Base):
    """A site run by one property office (园区)."""

    __tablename__ = "park"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    buildings: Mapped[list[Building]] = relationship(
        back_populates="park", order_by="Building.name"
    )


class Building(Base):
    """A building (楼栋) of a park."""

    __tablename__ = "building"
    __table_args__ = (UniqueConstraint("park_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    park_id: Mapped[int] = mapped_column(ForeignKey("park.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    park: Mapped[Park] = relationship(back_populates="buildings")
    floors: Mapped[list[Floor]] = relationship(back_populates="building", order_by="Floor.level")


class Floor(Base):
    """A floor (楼层); ``level`` orders floors (basement negative)."""

    __tablename__ = "floor"
    __table_args__ = (UniqueConstraint("building_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(
        ForeignKey("building.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(30))
    level: Mapped[int] = mapped_column(default=0)
    building: Mapped[Building] = relationship(back_populates="floors")
    rooms: Mapped[list[Room]] = relationship(back_populates="floor", order_by="Room.number")


class Room(Base):
    """A room (房间): the unit that is rented and metered.

    ``account_id`` is who currently rents it; one account may rent several rooms.
    """

    __tablename__ = "room"
    __table_args__ = (
        UniqueConstraint("floor_id", "number"),
        CheckConstraint("area_m2 >= 0", name="area_not_negative"),
        CheckConstraint("power_limit_w IS NULL OR power_limit_w > 0", name="power_limit_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(30))
    area_m2: Mapped[Decimal] = mapped_column(Area, default=Decimal("0.00"))
    power_limit_w: Mapped[int | None] = mapped_column(default=None)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="RESTRICT"), index=True, default=None
    )
    floor: Mapped[Floor] = relationship(back_populates="rooms")
    account: Mapped[Account | None] = relationship(back_populates="rooms")


class Tenant(Base):
    """Who pays (租户): an enterprise, a shop, a dormitory group or a person.

    ``initials`` holds the pinyin initials of the name (e.g. 星河科技 -> xhkj) for search.
    """

    __tablename__ = "tenant"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[TenantKind] = mapped_column(str_enum(TenantKind, "tenant_kind"))
    initials: Mapped[str] = mapped_column(String(120), default="", index=True)
    contact: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accounts: Mapped[list[Account]] = relationship(back_populates="tenant")


class Account(Base):
    """An electricity account (电费账户) of a tenant; feeds one or more rooms and meters.

    ``balance_fen`` is a cache owned by the ledger; the ledger's entries are the truth.
    """

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("overdraft_fen >= 0", name="overdraft_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="RESTRICT"), index=True)
    status: Mapped[AccountStatus] = mapped_column(
        str_enum(AccountStatus, "account_status"), default=AccountStatus.OPEN
    )
    balance_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    overdraft_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    tenant: Mapped[Tenant] = relationship(back_populates="accounts")
    rooms: Mapped[list[Room]] = relationship(back_populates="account")
