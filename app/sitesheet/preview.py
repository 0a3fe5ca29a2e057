"""Preview and apply a site sheet: every row's outcome and every error before a write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ui_language
from ..db import Database
from ..i18n import N_, tr
from ..security import Actor, Permission, authorize, require
from ..services.site import clean_rows, import_site, plan_rows
from ..siteimport import (
    ImportIssue,
    ImportReport,
    SiteImportError,
    normalise,
    read_sheet,
    validate_rows,
)

# a row's outcomes, in the order the preview lists them
OUTCOMES = ("room", "meter", "tenant", "account", "updated", "unchanged", "error")
_OUTCOME_WORDS = {
    "room": N_("new room"),
    "meter": N_("new meter"),
    "tenant": N_("new tenant"),
    "account": N_("account opened"),
    "updated": N_("updated"),
    "unchanged": N_("unchanged"),
    "error": N_("error"),
}
# the Chinese headers the import accepts, shown as column names on a Chinese screen
_ZH_HEADERS = {
    "park": "园区",
    "building": "楼栋",
    "floor": "楼层",
    "room": "房间",
    "area": "面积",
    "power_limit": "功率限额",
    "tenant": "租户",
    "tenant_kind": "租户类型",
    "account": "账户",
    "meter_address": "电表地址",
    "link": "链路",
    "protocol": "协议",
    "profile": "电表型号",
    "billing_mode": "计费方式",
    "role": "电表角色",
    "contact": "联系人",  # the tenants' message contacts (issue 18, app/notify/sheet.py)
    "mobile": "手机",
    "email": "邮箱",
    "notify": "消息通知",
    "language": "语言",
    "kinds": "消息类型",
}
SHOWN = ("building", "floor", "room", "tenant", "meter_address", "link")  # cells a row shows


def outcome_label(outcome: str) -> str:
    """An outcome key in the user's language."""
    return tr(_OUTCOME_WORDS[outcome])


def column_title(column: str) -> str:
    """A sheet column as the user knows it: the Chinese header on a Chinese screen, the
    English header otherwise (the import reads both); "-" is the file as a whole."""
    if column == "-":
        return tr("file")
    if ui_language() == "zh_CN":
        return _ZH_HEADERS.get(column, column)
    return column


def _separator(english: str, chinese: str) -> str:
    return chinese if ui_language() == "zh_CN" else english


@dataclass(frozen=True)
class PreviewRow:
    """One row of the sheet: what importing it would do, or why it cannot."""

    line: int
    cells: dict[str, str]
    outcomes: tuple[str, ...]
    issues: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues

    def outcome_text(self) -> str:
        return _separator(", ", "、").join(outcome_label(o) for o in self.outcomes)

    def errors_text(self) -> str:
        """Every error of the row as "column: reason", one after the other."""
        return _separator("; ", "；").join(
            tr("{what}: {reason}", what=column_title(i.column), reason=i.reason)
            for i in self.issues
        )


@dataclass
class SheetPreview:
    """The whole sheet's preview; ``file_issues`` are problems of the file itself (not a
    sheet, empty, a required column missing, several parks), which no row carries."""

    path: Path
    rows: list[PreviewRow] = field(default_factory=list)
    file_issues: list[ImportIssue] = field(default_factory=list)

    @property
    def issues(self) -> list[ImportIssue]:
        return [*self.file_issues, *(i for row in self.rows for i in row.issues)]

    @property
    def ok(self) -> bool:
        return not self.file_issues and all(row.ok for row in self.rows)

    def counts(self) -> dict[str, int]:
        """How many rows have each outcome (a row may count under several)."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            for outcome in row.outcomes:
                counts[outcome] += 1
        return counts

    def summary(self) -> str:
        counts = self.counts()
        if not self.ok:
            return tr(
                "{rows} rows, {errors} error(s) in {bad} row(s): nothing can be written until "
                "the sheet is corrected.",
                rows=len(self.rows),
                errors=len(self.issues),
                bad=counts["error"] + (1 if self.file_issues else 0),
            )
        return tr(
            "{rows} rows: {rooms} new rooms, {meters} new meters, {tenants} new tenants, "
            "{accounts} accounts opened, {updated} updated, {unchanged} unchanged. "
            "Nothing is written yet.",
            rows=len(self.rows),
            rooms=counts["room"],
            meters=counts["meter"],
            tenants=counts["tenant"],
            accounts=counts["account"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
        )


def preview_sheet(
    db: Database, path: Path, actor: Actor, *, park: str | None = None
) -> SheetPreview:
    """Read, check and plan ``path`` in a read snapshot: no lock, nothing written.

    Unlike the import itself, a row with an error does not hide the others: every good
    row still gets its outcome, so the preview shows the whole sheet at once.
    """
    require(actor, Permission.SITE_EDIT)
    preview = SheetPreview(path)
    try:
        raw = read_sheet(path)
    except SiteImportError as exc:
        preview.file_issues = exc.issues
        return preview
    rows, header_issues = normalise(raw)
    if header_issues:
        preview.file_issues = header_issues
        return preview
    good, issues = validate_rows(rows)
    with db.read() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        try:
            report, conflicts = plan_rows(session, clean_rows(good, issues), park)
        except SiteImportError as exc:  # several parks and no --park: the whole sheet
            preview.file_issues = exc.issues
            report, conflicts = ImportReport(), []
    by_line = _by_line([*issues, *conflicts])
    preview.file_issues += by_line.pop(0, [])
    planned = {plan.line: plan.outcomes for plan in report.plan}
    for index, cells in enumerate(rows):
        line = index + 2
        if not any(cells.values()):
            continue  # a blank line
        row_issues = tuple(by_line.get(line, ()))
        outcomes = ("error",) if row_issues else planned.get(line, ("unchanged",))
        shown = {c: cells.get(c, "") for c in SHOWN}
        preview.rows.append(PreviewRow(line, shown, outcomes, row_issues))
    return preview


def _by_line(issues: Iterable[ImportIssue]) -> dict[int, list[ImportIssue]]:
    grouped: dict[int, list[ImportIssue]] = {}
    for issue in issues:
        grouped.setdefault(issue.row, []).append(issue)
    return grouped


def apply_sheet(db: Database, path: Path, actor: Actor, *, park: str | None = None) -> ImportReport:
    """Write the sheet: checked again (the file or the database may have changed since the
    preview), then one transaction, audited ``site.import``; any error writes nothing and
    raises ``SiteImportError`` with every issue."""
    return import_site(db, path, park=park, actor=actor)
