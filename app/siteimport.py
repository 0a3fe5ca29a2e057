"""Site import from CSV or XLSX: buildings, floors, rooms, tenants and meters in one go.

Every row is checked first and every problem is reported with its row, column and reason;
nothing is written unless the whole sheet is good. Rows are matched on natural keys
(building name, floor name, room number, tenant name, link URL + meter address), so
importing the same sheet again changes nothing. An empty tenant cell leaves the room's
current tenant alone (an import never evicts anyone by omission).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from drivers.errors import ProfileError
from drivers.profiles import UnknownProfile, available_profiles, get_profile

from .i18n import N_, tr
from .models import BillingMode, MeterRole, TenantKind
from .notify.sheet import CONTACT_COLUMNS, SheetContact, parse_contact

# canonical column -> accepted header spellings (English and 中文)
COLUMNS: dict[str, tuple[str, ...]] = {
    "park": ("park", "园区"),
    "building": ("building", "楼栋"),
    "floor": ("floor", "楼层"),
    "room": ("room", "房间", "房号"),
    "area": ("area", "area_m2", "面积"),
    "power_limit": ("power_limit", "power_limit_w", "功率限额"),
    "tenant": ("tenant", "租户"),
    "tenant_kind": ("tenant_kind", "租户类型"),
    "account": ("account", "账户", "账号"),
    "meter_address": ("meter_address", "电表地址", "表地址"),
    "link": ("link", "链路", "端口"),
    "profile": ("profile", "型号", "电表型号"),
    "protocol": ("protocol", "协议"),
    "billing_mode": ("billing_mode", "计费方式"),
    "role": ("role", "电表角色"),
    **CONTACT_COLUMNS,  # a tenant contact (issue 18, app/notify/sheet.py)
}
REQUIRED = ("building", "floor", "room")
METER_COLUMNS = ("meter_address", "link", "profile", "billing_mode")
BILLING_WORDS = {
    "meter": BillingMode.METER,
    "表端": BillingMode.METER,
    "表端计费": BillingMode.METER,
    "platform": BillingMode.PLATFORM,
    "后台": BillingMode.PLATFORM,
    "后台计费": BillingMode.PLATFORM,
}
KIND_WORDS = {
    "enterprise": TenantKind.ENTERPRISE,
    "企业": TenantKind.ENTERPRISE,
    "shop": TenantKind.SHOP,
    "商户": TenantKind.SHOP,
    "dorm": TenantKind.DORM,
    "宿舍": TenantKind.DORM,
    "person": TenantKind.PERSON,
    "个人": TenantKind.PERSON,
    "public": TenantKind.PUBLIC,
    "公共": TenantKind.PUBLIC,
}
ROLE_WORDS = {"tenant": MeterRole.TENANT, "master": MeterRole.MASTER, "common": MeterRole.COMMON}
URL_RE = re.compile(r"^(/dev/\S+|COM\d+|(socket|rfc2217|sim|loop)://\S+)$", re.IGNORECASE)
LIMITS = {
    "park": 100,
    "building": 60,
    "floor": 30,
    "room": 30,
    "tenant": 120,
    "account": 30,
    "link": 200,
}
PROTOCOL_WORDS = {"modbus": "modbus", "dlt645": "dlt645", "dl/t 645": "dlt645", "dl/t645": "dlt645"}
MAX_POWER_LIMIT_W = 10_000_000  # 10 MW: more is a typo, not a room


@dataclass(frozen=True)
class ImportIssue:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return tr(
            "row {row}, column {column}: {reason}",
            row=self.row,
            column=self.column,
            reason=self.reason,
        )


class SiteImportError(ValueError):
    """The sheet has errors; ``issues`` lists every one. Nothing was written: the import
    writes the whole sheet in one transaction or not at all."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = issues
        tail = tr("{count} error(s); nothing was written.", count=len(issues))
        super().__init__("\n".join([*map(str, issues), tail]))


@dataclass
class SiteRow:
    """One validated row of the sheet."""

    line: int
    park: str | None
    building: str
    floor: str
    room: str
    area: Decimal | None
    tenant: str
    tenant_kind: TenantKind
    meter_address: str
    link: str
    profile: str
    protocol: str
    billing_mode: BillingMode | None
    role: MeterRole
    power_limit: int | None = None  # watts; None leaves the room's limit alone
    account: str = ""  # account number; "" = the tenant's open account (or a new one)
    kind_given: bool = False  # the tenant_kind cell was filled (so it may update the tenant)
    contact: SheetContact | None = None  # the tenant's contact on this row (issue 18)


@dataclass(frozen=True)
class RowPlan:
    """What an import does (or, in a dry run, would do) with one row of the sheet: the
    GUI's preview lists these before anything is written."""

    line: int
    change: str  # "create" | "update" | "unchanged"
    park: str
    building: str
    floor: str
    room: str
    tenant: str
    meter_address: str
    link: str
    profile: str
    # what the row makes: "room", "meter", "tenant", "account" (opened), "updated", or
    # just "unchanged" (buildings, floors and links are made silently along the way)
    outcomes: tuple[str, ...] = ()


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    batches: int = 0  # write transactions of a real import: 1 (all or nothing)
    details: list[str] = field(default_factory=list)
    plan: list[RowPlan] = field(default_factory=list)  # one per row, in sheet order

    def summary(self) -> str:
        message = (
            N_(
                "Checked {rows} rows: {created} to create, {updated} to update, "
                "{unchanged} unchanged (dry run, nothing written)."
            )
            if self.dry_run
            else N_(
                "Imported {rows} rows: {created} created, {updated} updated, {unchanged} unchanged."
            )
        )
        return tr(
            message,
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )


def read_sheet(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX file as header -> cell dicts."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
    except (BadZipFile, KeyError) as exc:  # not a zip, or a zip without a workbook in it
        reason = tr("{name} is not an Excel workbook, or it is damaged", name=path.name)
        raise SiteImportError([ImportIssue(0, "-", reason)]) from exc
    except (OSError, UnicodeError, csv.Error, ValueError) as exc:
        raise SiteImportError(
            [ImportIssue(0, "-", tr("cannot read {path}: {reason}", path=path, reason=exc))]
        ) from exc
    raise SiteImportError(
        [
            ImportIssue(
                0, "-", tr("unsupported file type {suffix!r}: use .csv or .xlsx", suffix=suffix)
            )
        ]
    )


def _read_csv(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return [dict(row) for row in csv.DictReader(text.splitlines())]


def _read_xlsx(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        # a read-only sheet's row stops at its last filled cell: the rest is empty, not absent
        # (the column mapping is taken from the first row's keys)
        return [{h: v for h, v in zip_longest(header, values) if h is not None} for values in rows]
    finally:
        book.close()


def _cell(value: Any) -> str:
    """A cell as clean text: 301.0 from Excel becomes '301', None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalise(raw_rows: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[ImportIssue]]:
    """Map headers to canonical columns; report missing required columns."""
    if not raw_rows:
        return [], [ImportIssue(1, "-", tr("the sheet is empty"))]
    headers = {h.strip().lower(): h for h in raw_rows[0] if h}
    mapping: dict[str, str] = {}
    for column, names in COLUMNS.items():
        for name in names:
            if name.lower() in headers:
                mapping[column] = headers[name.lower()]
                break
    issues = [
        ImportIssue(1, column, tr("the sheet has no column {column!r}", column=column))
        for column in REQUIRED
        if column not in mapping
    ]
    rows = [{c: _cell(raw.get(h)) for c, h in mapping.items()} for raw in raw_rows]
    return rows, issues


def validate_rows(
    rows: list[dict[str, str]], profiles: dict[str, str] | None = None
) -> tuple[list[SiteRow], list[ImportIssue]]:
    """Check every row on its own and against the others (no database needed)."""
    profiles = profiles if profiles is not None else available_profiles()
    good: list[SiteRow] = []
    issues: list[ImportIssue] = []
    for index, row in enumerate(rows):
        if not any(row.values()):
            continue  # blank line
        parsed, row_issues = _validate_row(index + 2, row, profiles)
        issues += row_issues
        if parsed is not None and not row_issues:
            good.append(parsed)
    issues += _cross_check(good)
    return good, issues


def _validate_row(
    line: int, row: dict[str, str], profiles: dict[str, str]
) -> tuple[SiteRow | None, list[ImportIssue]]:
    issues: list[ImportIssue] = []

    def bad(column: str, reason: str) -> None:
        issues.append(ImportIssue(line, column, reason))

    for column in REQUIRED:
        if not row.get(column):
            bad(column, tr("required value is missing"))
    for column, limit in LIMITS.items():
        if len(row.get(column, "")) > limit:
            bad(column, tr("text is longer than {limit} characters", limit=limit))
    area = _parse_area(row.get("area", ""), bad)
    power_limit = _parse_power_limit(row.get("power_limit", ""), bad)
    if row.get("account") and not row.get("tenant"):
        bad("account", tr("an account number needs a tenant in the same row"))
    kind_text = row.get("tenant_kind", "").lower()
    kind = KIND_WORDS.get(kind_text or "enterprise")
    if kind is None:
        bad("tenant_kind", tr("unknown tenant kind {value!r}", value=row["tenant_kind"]))
    role = ROLE_WORDS.get((row.get("role") or "tenant").lower())
    if role is None:
        bad(
            "role",
            tr("unknown meter role {value!r} (use tenant, master or common)", value=row["role"]),
        )
    address, protocol, billing = row.get("meter_address", ""), "", None
    if address or any(row.get(c) for c in ("link", "profile")):
        for column in METER_COLUMNS:
            if not row.get(column):
                bad(column, tr("required value is missing"))
        profile = row.get("profile", "")
        if profile and profile not in profiles:
            bad("profile", _profile_problem(profile))
        protocol = profiles.get(profile, "")
        _check_protocol(row.get("protocol", ""), protocol, bad)
        link = row.get("link", "")
        if link and not URL_RE.match(link):
            bad("link", tr("not a valid serial port or gateway URL: {value!r}", value=link))
        mode = row.get("billing_mode", "")
        billing = BILLING_WORDS.get(mode.lower()) if mode else None
        if mode and billing is None:
            bad(
                "billing_mode",
                tr("unknown billing mode {value!r} (use meter or platform)", value=mode),
            )
        address = _check_address(address, protocol, bad)
    contact = parse_contact(row, row.get("tenant", ""), bad)
    if issues:
        return None, issues
    assert kind is not None and role is not None
    return (
        SiteRow(
            line,
            row.get("park") or None,
            row["building"],
            row["floor"],
            row["room"],
            area,
            row.get("tenant", ""),
            kind,
            address,
            row.get("link", ""),
            row.get("profile", ""),
            protocol,
            billing,
            role,
            power_limit,
            row.get("account", ""),
            bool(kind_text),
            contact,
        ),
        issues,
    )


def _profile_problem(name: str) -> str:
    """Why a meter profile cannot be used: no file has that name, or its file is invalid
    (and then what is wrong with it, so the fix is in the file, not in the sheet)."""
    try:
        get_profile(name)
    except UnknownProfile:
        pass
    except ProfileError as exc:
        return tr(
            "The meter profile {name} is invalid: {path}: {key}: {reason}",
            name=name,
            path=exc.path,
            key=exc.key,
            reason=exc.reason,
        )
    return tr("unknown meter profile {value!r}", value=name)


def _parse_area(text: str, bad: Any) -> Decimal | None:
    if not text:
        return None
    try:
        area = Decimal(text)
    except InvalidOperation:
        bad("area", tr("area must be a number of square metres, got {value!r}", value=text))
        return None
    if not area.is_finite():
        bad("area", tr("area must be a number of square metres, got {value!r}", value=text))
    elif area < 0:
        bad("area", tr("area must not be negative, got {value}", value=text))
    elif area != area.quantize(Decimal("0.01")):
        bad("area", tr("area has more than 2 decimal places: {value}", value=text))
    else:
        return area.quantize(Decimal("0.01"))
    return None


def _parse_power_limit(text: str, bad: Any) -> int | None:
    """Watts as a whole number; an empty cell leaves the room's limit as it is."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value():
        bad("power_limit", tr("power limit must be whole watts, got {value!r}", value=text))
        return None
    if not 1 <= value <= MAX_POWER_LIMIT_W:
        bad(
            "power_limit",
            tr(
                "power limit must be 1 to {maximum} W, got {value}",
                maximum=MAX_POWER_LIMIT_W,
                value=text,
            ),
        )
        return None
    return int(value)


def _check_protocol(text: str, protocol: str, bad: Any) -> None:
    """The protocol column is informative (the profile decides it) but must agree."""
    if not text or not protocol:
        return
    given = PROTOCOL_WORDS.get(text.lower())
    if given is None:
        bad("protocol", tr("unknown protocol {value!r} (use modbus or dlt645)", value=text))
    elif given != protocol:
        bad(
            "protocol",
            tr(
                "protocol {value} does not match the meter profile's protocol {protocol}",
                value=text,
                protocol=protocol,
            ),
        )


def _check_address(address: str, protocol: str, bad: Any) -> str:
    if not address:
        return address
    if protocol == "modbus":
        if not address.isdigit() or not 1 <= int(address) <= 247:
            bad("meter_address", tr("Modbus address must be 1-247, got {value!r}", value=address))
        else:
            return str(int(address))
    elif protocol == "dlt645":
        if not (address.isdigit() and len(address) <= 12):
            bad(
                "meter_address",
                tr("DL/T 645 address must be 12 digits, got {value!r}", value=address),
            )
        else:
            return address.zfill(12)
    return address


def _cross_check(rows: Iterable[SiteRow]) -> list[ImportIssue]:
    """Duplicates inside the sheet: a meter address twice on a link, a link with two
    protocols, the same room twice with different data."""
    issues: list[ImportIssue] = []
    seen_meter: dict[tuple[str, str], int] = {}
    link_protocol: dict[str, tuple[str, int]] = {}
    seen_room: dict[tuple[str | None, str, str, str], SiteRow] = {}
    for row in rows:
        if row.meter_address:
            key = (row.link, row.meter_address)
            if key in seen_meter:
                issues.append(
                    ImportIssue(
                        row.line,
                        "meter_address",
                        tr(
                            "meter address {address} on link {link} already used in row {other}",
                            address=row.meter_address,
                            link=row.link,
                            other=seen_meter[key],
                        ),
                    )
                )
            seen_meter.setdefault(key, row.line)
            first = link_protocol.setdefault(row.link, (row.protocol, row.line))
            if first[0] != row.protocol:
                issues.append(
                    ImportIssue(
                        row.line,
                        "link",
                        tr(
                            "link {link} mixes protocols {first} and {second}",
                            link=row.link,
                            first=first[0],
                            second=row.protocol,
                        ),
                    )
                )
        room_key = (row.park, row.building, row.floor, row.room)
        other = seen_room.get(room_key)
        if other is not None:
            reason = _room_twice(other, row)
            if reason:
                issues.append(ImportIssue(row.line, "room", reason))
        seen_room.setdefault(room_key, row)
    return issues


def _room_data(row: SiteRow) -> tuple[object, ...]:
    """What a row says about its room: two rows of one room (one per meter) must agree."""
    return (row.area, row.power_limit, row.tenant, row.account)


def _room_twice(first: SiteRow, second: SiteRow) -> str:
    """Why a room's second row is wrong ("" when it only adds another meter)."""
    places = {"room": second.room, "first": first.line, "second": second.line}
    if _room_data(first) != _room_data(second):
        return tr(
            "room {room} appears twice (rows {first} and {second}) with different data", **places
        )
    if not (first.meter_address or second.meter_address) and second.contact is None:
        return tr("room {room} appears twice (rows {first} and {second}) without a meter", **places)
    return ""
