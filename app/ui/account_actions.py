"""Account operations for one room, from the room detail and the park tree's context menu.

``AccountActions.fill_menu(menu, room_id, let)`` adds open / pre-set / open pre-set /
close / transfer / meter swap / tenant, each greyed with the reason when the role or the
room does not allow it. Triggering one reads the room's account in the worker
(``app.accounts.reads``) and opens the same dialog as the Accounts window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from app.accounts import reads
from app.accounts.reads import AccountDetail
from app.accounts.service import open_preset
from app.db import Database
from app.security import Actor, Permission

from .bridge import Worker


class AccountActions(QObject):
    """Opens the account dialogs for a room. ``dialog_shown(dialog)``, ``changed()`` after
    an operation, ``message(text)`` for an outcome or a refusal."""

    dialog_shown = Signal(object)
    changed = Signal()
    message = Signal(str)

    def __init__(self, db: Database, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.db, self.actor, self.host = db, actor, parent
        self.worker = Worker(self)
        self.dialog: Any = None
        self.last_menu: QMenu | None = None

    def fill_menu(self, menu: QMenu, room_id: int, let: bool) -> None:
        from .labels import role_label

        menu.setToolTipsVisible(True)
        role, can = role_label(self.actor.role), self.actor.can
        site = can(Permission.SITE_EDIT)
        no_site = self.tr("Your role (%1) may not change accounts.").replace("%1", role)
        vacant_only = self.tr("The room is let: close or transfer its account first.")
        let_only = self.tr("A vacant room has no account.")
        why_new = no_site if not site else vacant_only
        no_meter = self.tr("Your role (%1) may not change meters.").replace("%1", role)
        items: list[tuple[str, str, bool, str, Callable[[], None]]] = [
            ("open", self.tr("Open account…"), site and not let, why_new,
             lambda: self.open_dialog(room_id, preset=False)),
            ("preset", self.tr("Pre-set account…"), site and not let, why_new,
             lambda: self.open_dialog(room_id, preset=True)),
            ("open_preset", self.tr("Open its pre-set account"), site and not let,
             why_new, lambda: self.open_reserved(room_id)),
            ("close", self.tr("Close account…"), site and can(Permission.REFUND_REQUEST) and let,
             self.tr("Closing settles and refunds: only an administrator.") if let else let_only,
             lambda: self.with_account(room_id, "close")),
            ("transfer", self.tr("Transfer of ownership…"), site and let,
             no_site if not site else let_only, lambda: self.with_account(room_id, "transfer")),
            ("swap", self.tr("Meter swap…"), can(Permission.METER_EDIT) and let,
             no_meter if let else let_only,
             lambda: self.with_account(room_id, "swap")),
            ("tenant", self.tr("Tenant and contacts…"), let, let_only,
             lambda: self.with_account(room_id, "tenant")),
        ]  # fmt: skip
        for name, text, allowed, why, slot in items:
            action = menu.addAction(text)
            action.setObjectName(f"RoomAccount_{name}")
            action.setEnabled(allowed)
            action.setToolTip("" if allowed else why)
            action.triggered.connect(lambda _c=False, s=slot: s())
        self.last_menu = menu

    # -- what the actions do -------------------------------------------------------------
    def _show(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.done.connect(lambda _r: self.changed.emit())
        dialog.show()
        self.dialog_shown.emit(dialog)
        return dialog

    def open_dialog(self, room_id: int, *, preset: bool) -> Any:
        from .account_dialogs import OpenAccountDialog

        return self._show(
            OpenAccountDialog(self.db, self.actor, preset=preset, rooms=[room_id], parent=self.host)
        )

    def open_reserved(self, room_id: int) -> None:
        db, actor = self.db, self.actor

        def work() -> str:
            held = reads.room_account(db, room_id)
            if held.status != "preset" or held.account_id is None:
                return self.tr("No pre-set account has reserved this room.")
            opened = open_preset(db, actor, held.account_id)
            return self.tr("Account %1 is open.").replace("%1", opened.number)

        self.worker.submit(work, self._said, lambda exc: self.message.emit(str(exc)))

    def _said(self, text: str) -> None:
        self.message.emit(text)
        self.changed.emit()

    def with_account(self, room_id: int, what: str) -> None:
        """Read the room's account detail in the worker, then open the dialog ``what``."""
        db = self.db

        def work() -> AccountDetail | None:
            held = reads.room_account(db, room_id)
            return reads.account_detail(db, held.account_id) if held.account_id else None

        self.worker.submit(
            work, lambda d: self._open(what, d), lambda exc: self.message.emit(str(exc))
        )

    def _open(self, what: str, detail: AccountDetail | None) -> None:
        if detail is None:
            self.message.emit(self.tr("A vacant room has no account."))
            return
        from .account_close import CloseAccountDialog
        from .account_dialogs import SwapDialog, TransferDialog
        from .tenant_dialog import TenantDialog

        kinds: dict[str, Any] = {
            "close": CloseAccountDialog,
            "transfer": TransferDialog,
            "swap": SwapDialog,
            "tenant": TenantDialog,
        }
        self._show(kinds[what](self.db, self.actor, detail, self.host))

    def wait(self, msecs: int = 10_000) -> bool:
        done = self.worker.wait(msecs)
        if self.dialog is not None and hasattr(self.dialog, "wait"):
            done = self.dialog.wait(msecs) and done
        return done
