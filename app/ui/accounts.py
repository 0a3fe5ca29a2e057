"""The Accounts window (电户开表 / 账户管理): every account in one searchable list, and the
operations on them: open (开户, 一户一表 / 一户多表), pre-set (预设账户) and its one-click
open, close (销户), transfer of ownership (过户), meter swap (换表补电), tenant and contacts.

The list is a ``QAbstractTableModel`` over ``app.accounts.reads.AccountRow`` (read in the
worker, one query per table), filtered by a proxy that matches tenant name, pinyin
initials, room or account number: 5,000 accounts stay instant. Actions the role may not use
are greyed, with the reason in the tooltip and in the note under the toolbar; the services
refuse them too. ``toolbar`` is the place for more tools (the site sheet import/export
adds its buttons there: ``add_tool(action)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.accounts import reads
from app.accounts.reads import AccountRow
from app.accounts.service import cancel_preset, open_preset
from app.db import Database
from app.money import format_yuan
from app.security import Actor, Permission
from widgets.confirm import ask_yes_no
from widgets.note import NoteLabel

from .bridge import Worker
from .labels import tenant_kind_label

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def status_text(status: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return {
        "open": QCoreApplication.translate("Accounts", "open"),
        "preset": QCoreApplication.translate("Accounts", "pre-set"),
        "closed": QCoreApplication.translate("Accounts", "closed"),
    }.get(status, status)


class AccountTableModel(QAbstractTableModel):
    """The account rows; ``set_rows`` replaces them in one reset (no per-row signals)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AccountRow] = []
        self.headers = [
            self.tr("Account"),
            self.tr("Tenant"),
            self.tr("Kind"),
            self.tr("Status"),
            self.tr("Rooms"),
            self.tr("Meters"),
            self.tr("Balance"),
            self.tr("Payers"),
        ]

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.number,
                row.tenant,
                tenant_kind_label(row.kind),
                status_text(row.status),
                row.rooms_text,
                str(row.meters),
                format_yuan(row.balance_fen),
                str(row.payers),
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return row.rooms_text
        return None


class AccountFilter(QSortFilterProxyModel):
    """Search text (name, initials, room, number) and whether closed accounts show."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text, self.closed = "", False

    def set_filter(self, text: str, closed: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.text, self.closed = text, closed
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.closed = text, closed
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AccountTableModel)
        row = model.rows[source_row]
        return (self.closed or row.status != "closed") and row.matches(self.text)


class AccountsWindow(QMainWindow):
    """The window. ``loaded(count)`` after each read; ``dialog_shown(dialog)``."""

    loaded = Signal(int)
    dialog_shown = Signal(object)
    changed = Signal()  # an operation changed accounts: the tree may re-read its rooms

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.dialog: Any = None
        self.confirm_dialog = lambda question: ask_yes_no(self, self.windowTitle(), question)
        self.setObjectName("AccountsWindow")
        self.setWindowTitle(self.tr("Accounts (账户管理)"))
        self.resize(1200, 720)
        self.model = AccountTableModel(self)
        self.proxy = AccountFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.view = QTableView(self)
        self.view.setObjectName("AccountList")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)  # fixed: cheap at 5,000 rows
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((100, 260, 90, 80, 330, 60, 110, 70)):
            self.view.setColumnWidth(col, width)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.view.doubleClicked.connect(lambda _i: self.edit_tenant())
        self.search = QLineEdit(self)
        self.search.setObjectName("AccountSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search tenant, pinyin initials, room or account number")
        )
        self.show_closed = QCheckBox(self.tr("Show closed accounts"), self)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._filter)
        self.search.textChanged.connect(self._debounce.start)
        self.show_closed.toggled.connect(self._filter)
        self.count = QLabel(self)
        self.note = NoteLabel(self)  # hidden while there is nothing to explain
        self.note.setObjectName("AccountsNote")
        self.note.setStyleSheet("color: #8d6e63;")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("AccountsOutcome")
        self.outcome.setWordWrap(True)
        self.toolbar = QToolBar(self.tr("Accounts"), self)
        self.toolbar.setObjectName("AccountsToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot in (
            ("open", self.tr("Open account…"), self.open_account),
            ("preset", self.tr("Pre-set account…"), lambda: self.open_account(preset=True)),
            ("open_preset", self.tr("Open pre-set"), self.open_preset),
            ("cancel_preset", self.tr("Cancel pre-set"), self.cancel_preset),
            ("close", self.tr("Close account…"), self.close_account),
            ("transfer", self.tr("Transfer of ownership…"), self.transfer),
            ("swap", self.tr("Meter swap…"), self.swap_meter),
            ("tenant", self.tr("Tenant and contacts…"), self.edit_tenant),
            ("contacts", self.tr("Message contacts…"), self.edit_message_contacts),
        ):
            action = self.toolbar.addAction(text)
            action.setObjectName(f"Account_{name}")
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.actions_by_name[name] = action
        self.toolbar.addSeparator()  # tools of other features go after this line
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_closed)
        top.addWidget(self.count)
        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.addWidget(self.note)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.outcome)
        self.setCentralWidget(centre)
        self._update_actions()

    # -- the list ------------------------------------------------------------------------
    def add_tool(self, action: QAction) -> QAction:
        """Add another feature's action (e.g. the site sheet import/export) to the toolbar."""
        self.toolbar.addAction(action)
        return action

    def load(self) -> None:
        db = self.db
        self.worker.submit(
            lambda: reads.list_accounts(db, include_closed=True),
            self._loaded,
            lambda exc: self.outcome.setText(str(exc)),
        )

    def _loaded(self, rows: list[AccountRow]) -> None:
        current = self.current_row()
        self.model.set_rows(rows)
        self._filter()
        if current is not None:
            self.select_account(current.id)
        self.loaded.emit(len(rows))

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.show_closed.isChecked())
        self.count.setText(
            self.tr("%1 of %2 accounts")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(len(self.model.rows)))
        )
        self._update_actions()

    def current_row(self) -> AccountRow | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_account(self, account_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ROW_ROLE).id == account_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False

    # -- what may be done ----------------------------------------------------------------
    def _update_actions(self) -> None:
        from .labels import role_label

        row, can, role = self.current_row(), self.actor.can, role_label(self.actor.role)
        site = can(Permission.SITE_EDIT)
        why_site = self.tr("Your role (%1) may not change accounts: ask an operator.").replace(
            "%1", role
        )
        why_close = self.tr(
            "Closing settles and refunds: only an administrator (your role: %1)."
        ).replace("%1", role)
        why_swap = self.tr("Your role (%1) may not change meters: ask an operator.").replace(
            "%1", role
        )
        pick = self.tr("Choose an account in the list first.")
        status = row.status if row else None
        rules: dict[str, tuple[bool, str]] = {
            "open": (site, why_site),
            "preset": (site, why_site),
            "open_preset": self._rule(
                site, why_site, status == "preset", self._need("pre-set", pick, row)
            ),
            "cancel_preset": self._rule(
                site, why_site, status == "preset", self._need("pre-set", pick, row)
            ),
            "close": self._rule(
                site and can(Permission.REFUND_REQUEST),
                why_close,
                status == "open",
                self._need("open", pick, row),
            ),
            "transfer": self._rule(
                site,
                why_site,
                status == "open" and bool(row and row.rooms),
                self._need("open", pick, row),
            ),
            "swap": self._rule(
                can(Permission.METER_EDIT),
                why_swap,
                status == "open" and bool(row and row.meters),
                self._need("open", pick, row),
            ),
            "tenant": (row is not None, pick),
            "contacts": (row is not None, pick),
        }
        notes: list[str] = []
        for name, (allowed, why) in rules.items():
            action = self.actions_by_name[name]
            action.setEnabled(allowed)
            action.setToolTip("" if allowed else why)
            if not allowed and why in (why_site, why_close, why_swap) and why not in notes:
                notes.append(why)
        self.note.setText(" ".join(notes))

    @staticmethod
    def _rule(role_ok: bool, role_why: str, state_ok: bool, state_why: str) -> tuple[bool, str]:
        if not role_ok:
            return False, role_why
        return state_ok, "" if state_ok else state_why

    def _need(self, status: str, pick: str, row: AccountRow | None) -> str:
        if row is None:
            return pick
        if status == "pre-set":
            return self.tr("Only a pre-set account can be opened or cancelled here.")
        return self.tr("Only an open account with rooms and meters allows this.")

    # -- operations ----------------------------------------------------------------------
    def _show(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.done.connect(lambda _r: self._changed())
        dialog.show()
        self.dialog_shown.emit(dialog)
        return dialog

    def _changed(self) -> None:
        self.changed.emit()
        self.load()

    def _with_detail(self, make: Any, account_id: int | None = None) -> None:
        """Read the chosen account's detail in the worker, then open ``make(detail)``."""
        row = self.current_row()
        target = account_id if account_id is not None else (row.id if row else None)
        if target is None:
            return
        db = self.db
        self.worker.submit(
            lambda: reads.account_detail(db, target),
            lambda detail: self._show(make(detail)) if detail is not None else None,
            lambda exc: self.outcome.setText(str(exc)),
        )

    def open_account(self, preset: bool = False, rooms: list[int] | None = None) -> Any:
        from .account_dialogs import OpenAccountDialog

        return self._show(
            OpenAccountDialog(self.db, self.actor, preset=preset, rooms=rooms, parent=self)
        )

    def close_account(self, account_id: int | None = None) -> None:
        from .account_close import CloseAccountDialog

        self._with_detail(lambda d: CloseAccountDialog(self.db, self.actor, d, self), account_id)

    def transfer(self, account_id: int | None = None) -> None:
        from .account_dialogs import TransferDialog

        self._with_detail(lambda d: TransferDialog(self.db, self.actor, d, self), account_id)

    def swap_meter(self, account_id: int | None = None) -> None:
        from .account_dialogs import SwapDialog

        self._with_detail(lambda d: SwapDialog(self.db, self.actor, d, self), account_id)

    def edit_tenant(self, account_id: int | None = None) -> None:
        from .tenant_dialog import TenantDialog

        self._with_detail(lambda d: TenantDialog(self.db, self.actor, d, self), account_id)

    def edit_message_contacts(self, account_id: int | None = None) -> None:
        """Who of the tenant receives which messages (``contacts_dialog``, issue 18)."""
        from .contacts_dialog import ContactsDialog

        def make(detail: Any) -> Any:
            dialog = ContactsDialog(self.db, self.actor, detail, self)
            dialog.load()
            return dialog

        self._with_detail(make, account_id)

    def open_preset(self, account_id: int | None = None) -> None:
        """One click (and one confirmation): the pre-set account opens."""
        row = self.current_row()
        target = account_id if account_id is not None else (row.id if row else None)
        if target is None:
            return
        label = row.number if row and row.id == target else str(target)
        if not self.confirm_dialog(self.tr("Open pre-set account %1 now?").replace("%1", label)):
            return
        db, actor = self.db, self.actor
        self.worker.submit(
            lambda: open_preset(db, actor, target),
            lambda opened: self._done(self.tr("Account %1 is open.").replace("%1", opened.number)),
            lambda exc: self._done(self.tr("Not opened: %1").replace("%1", str(exc)), False),
        )

    def cancel_preset(self) -> None:
        row = self.current_row()
        if row is None or not self.confirm_dialog(
            self.tr("Cancel pre-set account %1 and free its rooms?").replace("%1", row.number)
        ):
            return
        db, actor, target = self.db, self.actor, row.id
        self.worker.submit(
            lambda: cancel_preset(db, actor, target),
            lambda _r: self._done(
                self.tr("Pre-set account %1 cancelled.").replace("%1", row.number)
            ),
            lambda exc: self._done(self.tr("Not cancelled: %1").replace("%1", str(exc)), False),
        )

    def _done(self, text: str, changed: bool = True) -> None:
        self.outcome.setText(text)
        if changed:
            self._changed()

    def wait(self, msecs: int = 10_000) -> bool:
        done = self.worker.wait(msecs)
        if self.dialog is not None and hasattr(self.dialog, "wait"):
            done = self.dialog.wait(msecs) and done
        return done
