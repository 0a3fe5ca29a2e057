"""The Billing window (计费): schemes and fee items, period runs, open bills.

Three pages. **Schemes and fee items** (公摊方案 / 收费项目) lists both kinds, active and
inactive, with their dates; the editors (``billing_editor``) add and change them through
``app.billing.schemes`` / ``fees`` (validated, role-checked, audited there). **Period runs**
(结算, ``billing_runs``) previews, posts and reverses a period's runs and lists their
history. **Open bills** (未缴账单, ``billing_bills``) lists what tenants owe; a bill is
paid at the cashier counter, cancelled here.

Every read and write goes through one ``Worker`` (off the GUI thread); an action the role
may not use is greyed out with the reason as its tooltip (the services refuse anyway).
After a post or a reversal the history and the bills reload.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.billing import fees, history, schemes
from app.billing.definitions import Definition
from app.db import Database
from app.livedata.site import read_park
from app.security import Actor, Permission
from app.sitetree import ParkNode

from .billing_bills import BillsPage
from .billing_editor import FeeEditor, SchemeEditor
from .billing_runs import RunsPage
from .bridge import Worker
from .labels import (
    apportion_basis_label,
    apportion_source_label,
    fee_amount_kind_label,
    fee_mode_label,
    fee_period_label,
    role_label,
)
from .tables import Refused, chosen, fill, guarded, make_table


def _scope_words(scope: dict[str, Any], names: dict[int, str]) -> str:
    if scope.get("park"):
        return "*"
    for ids in scope.values():
        return ", ".join(names.get(int(i), str(i)) for i in ids)
    return ""


class DefinitionsPage(QWidget):
    """公摊方案 and 收费项目: two lists, each with Add, Edit and Deactivate."""

    loaded = Signal()
    failed = Signal(str)
    editor_opened = Signal(object)  # the dialog (tests fill it)

    def __init__(
        self, db: Database, actor: Actor, worker: Worker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker = db, actor, worker
        self.parks: list[ParkNode] = []
        self.numbers: dict[int, str] = {}  # account id -> number, for the editors
        self.meters: list[history.MeterRow] = []  # master and common meters, for the pickers
        self.accounts: list[tuple[str, str]] = []  # (number, tenant): the account fields complete
        self.may_edit = actor.can(Permission.BILLING_EDIT)
        self.why_not = self.tr(
            "Your role (%1) may not change schemes or fee items: only an administrator."
        ).replace("%1", role_label(actor.role))
        self.schemes = make_table(
            self,
            [
                self.tr("Scheme"),
                self.tr("Energy shared"),
                self.tr("Shared"),
                self.tr("Buildings"),
                self.tr("Cap %"),
                self.tr("From"),
                self.tr("Until"),
                self.tr("Active"),
            ],
            "SchemeList",
            3,
        )
        self.fees = make_table(
            self,
            [
                self.tr("Fee item"),
                self.tr("Charged"),
                self.tr("Amount (yuan)"),
                self.tr("Period"),
                self.tr("Mode"),
                self.tr("Where"),
                self.tr("From"),
                self.tr("Until"),
                self.tr("Active"),
            ],
            "FeeList",
            5,
        )
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._group(self.tr("Apportionment schemes"), self.schemes, "scheme"))
        layout.addWidget(self._group(self.tr("Fee items"), self.fees, "fee"))
        self.note = QLabel("" if self.may_edit else self.why_not, self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self._update()

    def _group(self, title: str, table: QTableWidget, kind: str) -> QGroupBox:
        group = QGroupBox(title, self)
        row = QHBoxLayout()
        row.addStretch(1)
        for action, text in (
            ("add", self.tr("Add…")),
            ("edit", self.tr("Edit…")),
            ("deactivate", self.tr("Deactivate")),
        ):
            button = QPushButton(text, group)
            button.setObjectName(f"{kind}-{action}")
            button.clicked.connect(lambda _c=False, k=kind, a=action: self._act(k, a))
            self.buttons[f"{kind}-{action}"] = button
            row.addWidget(button)
        table.itemSelectionChanged.connect(self._update)
        box = QVBoxLayout(group)
        box.addWidget(table, 1)
        box.addLayout(row)
        return group

    def _update(self) -> None:
        picked = {"scheme": chosen(self.schemes), "fee": chosen(self.fees)}
        for name, button in self.buttons.items():
            kind, _, action = name.partition("-")
            item = picked[kind]
            ready = action == "add" or (item is not None and (action == "edit" or item.active))
            button.setEnabled(self.may_edit and ready)
            button.setToolTip("" if self.may_edit else self.why_not)

    def load(self) -> None:
        db, actor = self.db, self.actor

        def both() -> tuple[Any, ...]:
            found, items = schemes.list_schemes(db, actor), fees.list_fees(db, actor)
            named = [i for d in found + items for i in history.accounts_named(d.definition)]
            numbers = history.account_numbers(db, actor, named)
            meters, accounts = history.scheme_meters(db, actor), history.account_choices(db, actor)
            return found, items, numbers, meters, accounts

        self.worker.submit(guarded(both), self._loaded, lambda e: self.failed.emit(str(e)))

    def _loaded(self, outcome: Any) -> None:
        if isinstance(outcome, Refused):
            self.failed.emit(outcome.text)
            return
        found, items, self.numbers, self.meters, self.accounts = outcome
        names = {b.id: b.name for p in self.parks for b in p.buildings}
        floors = {
            f.id: f"{b.name} {f.name}" for p in self.parks for b in p.buildings for f in b.floors
        }
        yes, no = self.tr("yes"), self.tr("no")
        fill(
            self.schemes,
            [
                (
                    s.name,
                    apportion_source_label(s.definition.get("source", "")),
                    apportion_basis_label(s.definition.get("basis", "")),
                    _scope_words(s.definition.get("scope", {}), names).replace(
                        "*", self.tr("whole park")
                    ),
                    s.definition.get("cap_percent") or "",
                    s.effective_from.isoformat(),
                    s.effective_to.isoformat() if s.effective_to else "",
                    yes if s.active else no,
                )
                for s in found
            ],
            found,
        )
        fill(
            self.fees,
            [
                (
                    f.name,
                    fee_amount_kind_label(f.definition.get("amount_kind", "")),
                    f.definition.get("amount", ""),
                    fee_period_label(f.definition.get("period", "")),
                    fee_mode_label(f.definition.get("mode", "")),
                    _scope_words(
                        f.definition.get("scope", {}),
                        floors if "floors" in f.definition.get("scope", {}) else names,
                    ).replace("*", self.tr("whole park")),
                    f.effective_from.isoformat(),
                    f.effective_to.isoformat() if f.effective_to else "",
                    yes if f.active else no,
                )
                for f in items
            ],
            items,
        )
        self._update()
        self.loaded.emit()

    def _act(self, kind: str, action: str) -> None:
        table = self.schemes if kind == "scheme" else self.fees
        item = None if action == "add" else chosen(table)
        if action == "deactivate":
            if item is not None:
                self.deactivate(kind, item)
            return
        self.open_editor(kind, item)

    def open_editor(self, kind: str, item: Definition | None = None) -> Any:
        """The editor dialog (modeless in tests, modal for the clerk); reloads when saved."""
        args = (self.db, self.actor, self.worker, self.parks, item, self, self.numbers)
        dialog: SchemeEditor | FeeEditor = (
            SchemeEditor(*args, meters=self.meters) if kind == "scheme" else FeeEditor(*args)
        )
        dialog.saved.connect(lambda _d: self.load())
        dialog.complete_accounts(self.accounts)
        self.editor_opened.emit(dialog)
        dialog.open()
        return dialog

    def _confirm(self, item: Definition) -> bool:
        question = self.tr(
            "Deactivate %1? Later runs leave it out; posted runs stay as they are. "
            "It cannot be activated again."
        ).replace("%1", item.name)
        answer = QMessageBox.question(self, self.tr("Deactivate"), question)
        return answer == QMessageBox.StandardButton.Yes

    def deactivate(self, kind: str, item: Definition, confirmed: bool | None = None) -> bool:
        """Stop an item taking part in later runs, after the clerk confirms."""
        if not (self._confirm(item) if confirmed is None else confirmed):
            return False
        db, actor = self.db, self.actor
        stop = schemes.deactivate_scheme if kind == "scheme" else fees.deactivate_fee
        self.worker.submit(
            guarded(lambda: stop(db, actor, item.id)),
            lambda outcome: (
                self.failed.emit(outcome.text) if isinstance(outcome, Refused) else self.load()
            ),
            lambda e: self.failed.emit(str(e)),
        )
        return True


class BillingWindow(QMainWindow):
    """计费: the three pages over one worker."""

    loaded = Signal()  # the park tree is read (the editors' building lists)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.zone = db, actor, zone
        self.setObjectName("BillingWindow")
        self.setWindowTitle(self.tr("Billing"))
        self.resize(1280, 800)
        self.worker = Worker(self)
        today = today or datetime.now(zone).date()  # the park's day, not this PC's
        self.definitions = DefinitionsPage(db, actor, self.worker, self)
        self.runs = RunsPage(db, actor, self.worker, zone, today, self)
        self.bills = BillsPage(db, actor, self.worker, zone, today, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.definitions, self.tr("Schemes and fee items"))
        self.tabs.addTab(self.runs, self.tr("Period runs"))
        self.tabs.addTab(self.bills, self.tr("Open bills"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.setCentralWidget(body)
        self.definitions.failed.connect(self.message.setText)
        self.runs.changed.connect(self.bills.load)
        self.runs.changed.connect(self.definitions.load)  # a used item's rules freeze

    def load(self) -> None:
        """Read the park tree, then every page's list."""
        db = self.db
        self.worker.submit(
            lambda: read_park(db), self._parks, lambda e: self.message.setText(str(e))
        )

    def _parks(self, parks: list[ParkNode]) -> None:
        self.definitions.parks = parks
        self.runs.set_parks(parks)
        self.definitions.load()
        self.runs.load_history()
        self.bills.load()
        self.loaded.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.worker.wait(15_000)
        super().closeEvent(event)
