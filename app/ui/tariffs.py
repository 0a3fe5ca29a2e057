"""The tariff window (电价管理): every tariff, its effective-dated versions and where it
applies; publishing a new version and assigning a tariff, for the roles that may.

Reading is for everybody who can see the site (a cashier answering "why did my price
change?" needs it), so the window opens for every role; a role without ``tariff.edit``
sees the publish and assign buttons disabled, with the reason next to them and in their
tooltips. The services refuse such a role too: the UI is a courtesy, not the guard.
All reads and writes run in ``Worker`` threads.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.tariff import Tariff, TariffVersion
from app.db import Database
from app.ledger.tariff_overview import AssignmentInfo, TariffInfo, TariffOverview, read_overview
from app.ledger.tariffs import assign, price_summary
from app.security import Actor, Permission
from widgets.confirm import ask_yes_no

from .bridge import Worker
from .labels import band_name, tariff_scope_label, tenant_kind_label
from .tariff_editor import VersionDialog

log = logging.getLogger(__name__)


def assignment_text(a: AssignmentInfo) -> str:
    if a.scope == "default":
        return tariff_scope_label("default")
    label = tenant_kind_label(a.label) if a.scope == "tenant_kind" else a.label
    return f"{tariff_scope_label(a.scope)}: {label}"


def prices_text(v: TariffVersion) -> str:
    unit = QCoreApplication.translate("Tariffs", "yuan/kWh")
    if not v.is_tou:
        return f"{v.prices[next(iter(v.prices))]} {unit}"
    return "\n".join(f"{band_name(b.value)} {p}" for b, p in v.prices.items()) + f"\n({unit})"


def hours_text(v: TariffVersion) -> str:
    """The workday (and weekend) band hours of the season in force today (or when the
    version starts), e.g. 00:00–08:00 谷."""
    if not v.is_tou:
        return ""
    day = max(datetime.now(v.zone), v.effective_from.astimezone(v.zone)).date()
    season = v.season_at(day)
    parts = []
    if len(v.seasons) > 1:
        parts.append(
            QCoreApplication.translate("Tariffs", "Season from %1 (%2 seasons):")
            .replace("%1", f"{season.start[0]:02d}-{season.start[1]:02d}")
            .replace("%2", str(len(v.seasons)))
        )
    for kind, schedule in season.days.items():
        bounds = [*schedule.starts, 24 * 60]
        ranges = ", ".join(
            f"{s // 60:02d}:{s % 60:02d}–{e // 60:02d}:{e % 60:02d} {band_name(b.value)}"
            for s, e, b in zip(bounds, bounds[1:], schedule.bands, strict=False)
        )
        kind_name = {
            "workday": QCoreApplication.translate("Tariffs", "Workdays"),
            "weekend": QCoreApplication.translate("Tariffs", "Weekends"),
            "holiday": QCoreApplication.translate("Tariffs", "Holidays"),
        }[kind.value]
        parts.append(f"{kind_name}: {ranges}")
    return "\n".join(parts)


def plain(value: Decimal) -> str:
    """60.00 -> "60", 12.50 -> "12.5": never "6E+1"."""
    return f"{value.normalize():f}"


def tiers_text(v: TariffVersion) -> str:
    """Tier blocks and the base allowance (基础电量), which counts towards the tiers."""
    free = ""
    if v.allowance_kwh:
        free = QCoreApplication.translate("Tariffs", "%1 kWh free").replace(
            "%1", plain(v.allowance_kwh)
        )
    if not v.tiers:
        if not free:
            return ""
        month = QCoreApplication.translate("Tariffs", "per month")
        return f"{free}\n({month})"
    parts, lower = [free] if free else [], "0"
    for t in v.tiers:
        upper = "∞" if t.upto_kwh is None else plain(t.upto_kwh)
        parts.append(f"{lower}–{upper} kWh +{t.add_price}")
        lower = upper
    period = (
        QCoreApplication.translate("Tariffs", "per month")
        if v.tier_period.value == "month"
        else QCoreApplication.translate("Tariffs", "per year")
    )
    return "\n".join(parts) + f"\n({period})"


class TariffWindow(QMainWindow):
    """The tariff list and editor. ``loaded(int)`` after each read (number of tariffs)."""

    loaded = Signal(int)
    assigned = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.overview: TariffOverview | None = None
        self.dialog: VersionDialog | None = None
        self.assign_dialog: AssignDialog | None = None
        self.can_edit = actor.can(Permission.TARIFF_EDIT)
        self.setObjectName("TariffWindow")
        self.setWindowTitle(self.tr("Tariffs (电价管理)"))
        self.resize(1200, 720)
        self._build()

    def _build(self) -> None:
        self.tariffs = QTableWidget(0, 3, self)
        self.tariffs.setObjectName("TariffList")
        self.tariffs.setHorizontalHeaderLabels(
            [self.tr("Tariff"), self.tr("In force now"), self.tr("Applies to")]
        )
        self.tariffs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tariffs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tariffs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tariffs.verticalHeader().setVisible(False)
        self.tariffs.setWordWrap(True)
        self.tariffs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tariffs.horizontalHeader().setStretchLastSection(True)
        self.tariffs.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tariffs.itemSelectionChanged.connect(self._show_selected)

        self.versions = QTableWidget(0, 6, self)
        self.versions.setObjectName("VersionList")
        self.versions.setHorizontalHeaderLabels(
            [
                self.tr("Effective from"),
                self.tr("State"),
                self.tr("Prices"),
                self.tr("Band hours"),
                self.tr("Tiered blocks"),
                self.tr("Published by"),
            ]
        )
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().setVisible(False)
        self.versions.setWordWrap(True)
        header = self.versions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.versions.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.assignments = QLabel(self)
        self.assignments.setObjectName("Assignments")
        self.assignments.setWordWrap(True)
        self.assignments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        precedence = QLabel(
            self.tr(
                "The most specific assignment wins: meter, then building, then tenant kind, "
                "then the default."
            ),
            self,
        )
        precedence.setWordWrap(True)
        precedence.setStyleSheet("color: #5d4037;")

        self.new_version_button = QPushButton(self.tr("New version…"), self)
        self.new_version_button.setObjectName("NewVersion")
        self.new_version_button.clicked.connect(self.new_version)
        self.new_tariff_button = QPushButton(self.tr("New tariff…"), self)
        self.new_tariff_button.clicked.connect(lambda: self.new_version(new=True))
        self.assign_button = QPushButton(self.tr("Assign…"), self)
        self.assign_button.setObjectName("AssignTariff")
        self.assign_button.clicked.connect(self.open_assign)
        reload = QPushButton(self.tr("Reload"), self)
        reload.clicked.connect(self.load)
        self.edit_buttons = [self.new_version_button, self.new_tariff_button, self.assign_button]
        self.permission_note = QLabel(self)
        self.permission_note.setObjectName("TariffPermission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet("color: #8d6e63; font-weight: bold;")
        self.permission_note.setVisible(not self.can_edit)
        if not self.can_edit:
            from .labels import role_label

            reason = self.tr(
                "Your role (%1) may not change tariffs: they are shown read-only. Ask an "
                "operator or an administrator to publish or assign a tariff."
            ).replace("%1", role_label(self.actor.role))
            self.permission_note.setText(reason)
            for button in self.edit_buttons:
                button.setEnabled(False)
                button.setToolTip(reason)
        self.cap = QLabel(self)
        self.cap.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("TariffStatus")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (*self.edit_buttons, reload):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Versions (newest last):"), right))
        right_layout.addWidget(self.versions, 1)
        right_layout.addWidget(self.assignments)
        right_layout.addWidget(precedence)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tariffs)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.permission_note)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        layout.addWidget(self.cap)
        layout.addWidget(self.status)
        self.setCentralWidget(central)

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        self.status.setText(self.tr("Loading tariffs…"))
        db = self.db
        self.worker.submit(lambda: read_overview(db), self._loaded, self._load_failed)

    def _load_failed(self, exc: Exception) -> None:
        self.status.setText(self.tr("Could not read the tariffs: %1").replace("%1", str(exc)))

    def _loaded(self, overview: TariffOverview) -> None:
        selected = self.selected_name()
        self.overview = overview
        now = datetime.now(UTC)
        self.tariffs.setRowCount(len(overview.tariffs))
        for row, t in enumerate(overview.tariffs):
            engine = Tariff(t.name, tuple(v.version for v in t.versions)) if t.versions else None
            current = price_summary(engine, now) or self.tr("(not yet in force)")
            upcoming = t.upcoming(now)
            if upcoming:
                current += " · " + self.tr("new version from %1").replace(
                    "%1", self._local(upcoming[0].version.effective_from)
                )
            applies = "; ".join(assignment_text(a) for a in t.assignments) or self.tr(
                "(not assigned)"
            )
            for col, text in enumerate((t.name, current, applies)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.tariffs.setItem(row, col, item)
        self.tariffs.resizeColumnsToContents()
        self.tariffs.setColumnWidth(0, min(self.tariffs.columnWidth(0), 160))
        self.tariffs.setColumnWidth(1, min(self.tariffs.columnWidth(1), 220))
        if overview.resale_cap is not None:
            self.cap.setText(
                self.tr(
                    "Catalogue price %1 yuan/kWh; resale cap %2 yuan/kWh. A version above the "
                    "cap is published with a warning that is recorded."
                )
                .replace("%1", str(overview.catalogue_price))
                .replace("%2", str(overview.resale_cap))
            )
        else:
            self.cap.setText(
                self.tr("No catalogue price is set, so the resale cap cannot be checked.")
            )
        names = [t.name for t in overview.tariffs]
        row = names.index(selected) if selected in names else (0 if names else -1)
        if row >= 0:
            self.tariffs.selectRow(row)
        self._show_selected()
        self.status.setText(self.tr("%n tariff(s)", "", len(names)))
        self.loaded.emit(len(names))

    def selected_name(self) -> str | None:
        rows = self.tariffs.selectionModel().selectedRows() if self.tariffs.selectionModel() else []
        if not rows:
            return None
        item = self.tariffs.item(rows[0].row(), 0)
        return item.text() if item else None

    def selected(self) -> TariffInfo | None:
        name = self.selected_name()
        return self.overview.tariff(name) if self.overview and name else None

    def select(self, name: str) -> None:
        for row in range(self.tariffs.rowCount()):
            if self.tariffs.item(row, 0).text() == name:
                self.tariffs.selectRow(row)
                return

    def _show_selected(self) -> None:
        t = self.selected()
        self.versions.setRowCount(0)
        if t is None:
            self.assignments.setText("")
            return
        now = datetime.now(UTC)
        current = t.version_at(now)
        self.versions.setRowCount(len(t.versions))
        for row, info in enumerate(t.versions):
            v = info.version
            if v.effective_from > now:
                state = self.tr("upcoming")
            elif info is current:
                state = self.tr("in force")
            else:
                state = self.tr("superseded")
            who = info.published_by or self.tr("(system)")
            who += "\n" + self._local(info.published_at)
            values = [
                self._local(v.effective_from),
                state,
                prices_text(v),
                hours_text(v),
                tiers_text(v),
                who,
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if state == self.tr("in force"):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.versions.setItem(row, col, item)
        applies = "\n".join(assignment_text(a) for a in t.assignments) or self.tr("(not assigned)")
        self.assignments.setText(self.tr("Applies to:") + "\n" + applies)

    def _local(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    # -- editing -----------------------------------------------------------------------
    def new_version(self, new: bool = False) -> VersionDialog | None:
        """Open the version editor (non-modal) on the selected tariff, or a new one."""
        if not self.can_edit:
            return None
        tariff = None if new else self.selected()
        cap = self.overview.resale_cap if self.overview else None
        dialog = VersionDialog(self.db, self.actor, self.zone, tariff, cap, self)
        dialog.published.connect(lambda result: self._published(result.tariff))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _published(self, name: str) -> None:
        self.status.setText(self.tr("Tariff %1: new version published.").replace("%1", name))
        self.worker.submit(lambda: read_overview(self.db), self._reload_to(name))

    def _reload_to(self, name: str):  # type: ignore[no-untyped-def]
        def done(overview: TariffOverview) -> None:
            self._loaded(overview)
            self.select(name)

        return done

    def open_assign(self) -> AssignDialog | None:
        tariff = self.selected()
        if not self.can_edit or tariff is None or self.overview is None:
            return None
        dialog = AssignDialog(self.overview, tariff.name, self)
        dialog.chosen.connect(self.assign_to)
        self.assign_dialog = dialog
        dialog.show()
        return dialog

    def assign_to(self, name: str, scope: str, key: str, label: str) -> None:
        """Confirm, then apply tariff ``name`` to (scope, key) in a worker."""
        question = (
            self.tr("Apply tariff %1 to %2?")
            .replace("%1", name)
            .replace("%2", f"{tariff_scope_label(scope)} {label}".strip())
        )
        if not self.confirm_dialog(question):
            return
        db, actor = self.db, self.actor
        self.status.setText(self.tr("Assigning…"))
        self.worker.submit(
            lambda: assign(db, actor, name, scope, key),
            lambda _result: self._assigned(name, scope, label),
            lambda exc: self.status.setText(self.tr("Not assigned: %1").replace("%1", str(exc))),
        )

    def _assigned(self, name: str, scope: str, label: str) -> None:
        text = (
            self.tr("Tariff %1 now applies to %2.")
            .replace("%1", name)
            .replace("%2", f"{tariff_scope_label(scope)} {label}".strip())
        )
        self.worker.submit(lambda: read_overview(self.db), self._reload_to(name))
        self.status.setText(text)
        self.assigned.emit(text)

    def confirm_dialog(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Confirm"), question)

    def wait(self, msecs: int = 10_000) -> bool:
        done = self.worker.wait(msecs)
        if self.dialog is not None:
            done = self.dialog.wait(msecs) and done
        return done

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.wait(5000)
        super().closeEvent(event)


class AssignDialog(QDialog):
    """Choose where a tariff applies: a meter, a building, a tenant kind, or by default.
    ``chosen(tariff, scope, key, label)`` on OK; the window confirms and calls the service."""

    chosen = Signal(str, str, str, str)

    def __init__(self, overview: TariffOverview, tariff: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.overview, self.tariff = overview, tariff
        self.setWindowTitle(self.tr("Assign tariff %1").replace("%1", tariff))
        self.scope = QComboBox(self)
        self.scope.setObjectName("AssignScope")
        for scope in ("building", "meter", "tenant_kind", "default"):
            self.scope.addItem(tariff_scope_label(scope), scope)
        self.target = QComboBox(self)
        self.target.setObjectName("AssignTarget")
        self.target.setMinimumWidth(420)
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scope.currentIndexChanged.connect(self._fill_targets)
        form = QFormLayout(self)
        form.addRow(self.tr("Tariff:"), QLabel(tariff, self))
        form.addRow(self.tr("Applies to:"), self.scope)
        form.addRow(self.tr("Which:"), self.target)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        form.addRow(self.error)
        ok = QPushButton(self.tr("Assign"), self)
        ok.setObjectName("AssignOk")
        ok.setDefault(True)
        ok.clicked.connect(self.accept_choice)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(ok)
        row.addWidget(cancel)
        form.addRow(row)
        self._fill_targets()

    def _fill_targets(self) -> None:
        scope = self.scope.currentData()
        self.target.clear()
        items: list[tuple[str, str]] = []
        if scope == "building":
            items = [(name, str(bid)) for bid, name in self.overview.buildings]
        elif scope == "meter":
            items = [(label, str(mid)) for mid, label in self.overview.meters]
        elif scope == "tenant_kind":
            items = [(tenant_kind_label(k), k) for k in self.overview.tenant_kinds]
        for label, key in items:
            self.target.addItem(label, key)
        self.target.setEnabled(scope != "default")
        completer = QCompleter([label for label, _ in items], self.target)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.target.setCompleter(completer)

    def choose(self, scope: str, key: str) -> None:
        """Select ``scope`` and the target with data ``key`` (tests, and reopening)."""
        self.scope.setCurrentIndex(self.scope.findData(scope))
        if key:
            self.target.setCurrentIndex(self.target.findData(key))

    def accept_choice(self) -> None:
        scope = self.scope.currentData()
        key, label = "", ""
        if scope != "default":
            index = self.target.findText(self.target.currentText())
            if index < 0:
                self.error.setText(self.tr("Which: choose one from the list."))
                return
            key, label = str(self.target.itemData(index)), self.target.itemText(index)
        self.chosen.emit(self.tariff, scope, key, label)
        self.accept()
