"""Dialogs of the Accounts window: open / pre-set (开户 / 预设账户), transfer of ownership
(过户) and meter swap (换表补电). Close (销户) is in ``account_close``, the tenant and its
contacts in ``tenant_dialog``.

Each dialog names the account, asks for confirmation, then calls one Qt-free service in
the worker pool (one transaction, audited, role-checked there too). A control the role may
not use is disabled with the reason in its tooltip and in the dialog's note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts import reads
from app.accounts.reads import AccountDetail, VacantRoom
from app.accounts.service import OpenPlan, open_account, preset_account
from app.db import Database
from app.ledger.accounts import replace_meter, transfer_ownership
from app.money import MoneyError, format_yuan, parse_yuan
from app.security import Actor, Permission, approve_login
from widgets.confirm import ask_yes_no
from widgets.fonts import emphasise

from .bridge import Worker
from .labels import billing_mode_label, tenant_kind_label

KINDS = ("enterprise", "shop", "dorm", "person", "public")


def _yuan(text: str, field: str, *, zero: bool = True) -> int | None:
    """Fen from an optional yuan field; raises ValueError naming the field."""
    if not text.strip():
        return None
    try:
        return parse_yuan(text, allow_zero=zero)
    except MoneyError as exc:
        raise ValueError(f"{field}: {exc}") from exc


class ServiceDialog(QDialog):
    """A form, an error line, an outcome line and an OK button that runs one service call
    in the worker after a confirmation. ``done(result)`` / ``failed(text)``."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, title: str, who: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.confirm_dialog: Callable[[str], bool] = self._ask  # tests answer it
        self.setWindowTitle(title)
        self.who = QLabel(who, self)
        self.who.setWordWrap(True)
        emphasise(self.who, 1.15, bold=True)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.note = QLabel(self)
        self.note.setObjectName("DialogNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8d6e63;")
        self.error = QLabel(self)
        self.error.setObjectName("DialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("DialogOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ok = QPushButton(self)
        self.ok.setObjectName("DialogOk")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.ok)
        self.buttons.addWidget(close)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.who)
        self.body.addLayout(self.form)
        self.body.addWidget(self.note)
        self.body.addWidget(self.error)
        self.body.addWidget(self.outcome)
        self.body.addLayout(self.buttons)
        self.setMinimumWidth(600)

    def submit(self) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def run(self, question: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.error.clear()
        if not self.confirm_dialog(question):
            return
        self.ok.setEnabled(False)
        self.outcome.setText(self.tr("Working…"))

        def finished(result: Any) -> None:
            self.ok.setEnabled(True)
            on_done(result)
            self.done.emit(result)

        self.worker.submit(fn, finished, self._fail_exc)

    def _fail_exc(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.outcome.clear()
        self.fail(self.tr("Not done: %1").replace("%1", str(exc)))

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.failed.emit(text)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.windowTitle(), question)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)

    def grey(self, widget: QWidget, allowed: bool, why: str) -> str:
        """Disable ``widget`` when not ``allowed``; returns the reason for the note."""
        widget.setEnabled(allowed)
        widget.setToolTip("" if allowed else why)
        return "" if allowed else why


class ApprovalBox(QGroupBox):
    """An administrator's login and password at this desk (four-eyes rule)."""

    def __init__(self, threshold_fen: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Administrator approval"))
        self.setObjectName("ApprovalBox")
        note = QLabel(
            self.tr(
                "Money out above %1 needs an administrator's approval: the administrator "
                "types their login and password here."
            ).replace("%1", format_yuan(threshold_fen)),
            self,
        )
        note.setWordWrap(True)
        self.login = QLineEdit(self)
        self.login.setObjectName("ApproverLogin")
        self.password = QLineEdit(self)
        self.password.setObjectName("ApproverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(self.tr("Administrator:"), self.login)
        form.addRow(self.tr("Password:"), self.password)

    def approver(self, db: Database, actor: Actor) -> Actor | None:
        """Called in the worker: the approving administrator, or None when left empty."""
        login, password = self.login.text().strip(), self.password.text()
        if not login:
            return None
        return approve_login(db, actor, login, password)


class OpenAccountDialog(ServiceDialog):
    """开户 or 预设账户: a tenant over one or more vacant rooms, with tariff, billing mode
    and alarm levels. ``preset`` keeps the rooms reserved until the one-click open."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        preset: bool = False,
        rooms: list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Pre-set account (预设账户)") if preset else self.tr("Open account (开户)")
        who = (
            self.tr("Prepare an account now; it opens later with one click.")
            if preset
            else self.tr("A tenant gets an account over one or more vacant rooms (一户多表).")
        )
        super().__init__(db, actor, title, who, parent)
        self.setObjectName("PresetAccountDialog" if preset else "OpenAccountDialog")
        self.preset, self.wanted = preset, set(rooms or [])
        self.ok.setText(self.tr("Pre-set") if preset else self.tr("Open account"))
        self.tenant = QLineEdit(self)
        self.tenant.setObjectName("TenantName")
        self.tenant.setMaxLength(120)
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(tenant_kind_label(kind), kind)
        self.room_filter = QLineEdit(self)
        self.room_filter.setPlaceholderText(self.tr("Filter rooms: building or number"))
        self.room_filter.textChanged.connect(self._filter_rooms)
        self.rooms = QListWidget(self)
        self.rooms.setObjectName("VacantRooms")
        self.rooms.setMinimumHeight(140)
        self.tariff = QComboBox(self)
        self.tariff.setObjectName("Tariff")
        self.tariff.addItem(self.tr("(as assigned today)"), None)
        self.billing = QComboBox(self)
        self.billing.setObjectName("Billing")
        self.billing.addItem(self.tr("(keep the meters' mode)"), None)
        for mode in ("meter", "platform"):
            self.billing.addItem(billing_mode_label(mode), mode)
        self.alarm_1, self.alarm_2, self.overdraft = (QLineEdit(self) for _ in range(3))
        for edit, name in (
            (self.alarm_1, "Alarm1"),
            (self.alarm_2, "Alarm2"),
            (self.overdraft, "Overdraft"),
        ):
            edit.setObjectName(name)
            edit.setPlaceholderText(self.tr("site default"))
        self.form.addRow(self.tr("Tenant:"), self.tenant)
        self.form.addRow(self.tr("Kind:"), self.kind)
        self.form.addRow(self.tr("Rooms:"), self.room_filter)
        self.form.addRow("", self.rooms)
        self.form.addRow(self.tr("Tariff:"), self.tariff)
        self.form.addRow(self.tr("Billing mode:"), self.billing)
        self.form.addRow(self.tr("Level 1, warn (yuan):"), self.alarm_1)
        self.form.addRow(self.tr("Level 2, pre-trip (yuan):"), self.alarm_2)
        self.form.addRow(self.tr("Level 3, cut below zero by (yuan):"), self.overdraft)
        self._permissions()
        self.ok.setEnabled(False)
        self.worker.submit(lambda: (reads.vacant_rooms(db), reads.tariff_names(db)), self._loaded)

    def _permissions(self) -> None:
        can = self.actor.can
        notes = [
            self.grey(
                self.tariff,
                can(Permission.TARIFF_EDIT),
                self.tr("Your role may not assign tariffs."),
            ),
            self.grey(
                self.billing,
                can(Permission.METER_EDIT),
                self.tr("Your role may not change meters."),
            ),
        ]
        params = can(Permission.METER_PARAMS)
        why = self.tr("Your role may not write meter parameters.")
        notes += [self.grey(self.alarm_1, params, why), self.grey(self.alarm_2, params, "")]
        notes.append(
            self.grey(
                self.overdraft,
                can(Permission.SETTINGS_EDIT),
                self.tr("Only an administrator sets an overdraft limit."),
            )
        )
        levels = self.tr(
            "Levels 1 and 2 are written to meter-side meters; platform-side meters follow the "
            "site's levels (Settings). Level 3 is the cut-off: the account may go this far "
            "below zero (overdraft limit)."
        )
        self.note.setText(" ".join([n for n in notes if n] + [levels]))

    def _loaded(self, data: tuple[list[VacantRoom], list[str]]) -> None:
        rooms, tariffs = data
        for name in tariffs:
            self.tariff.addItem(name, name)
        for room in rooms:
            item = QListWidgetItem(
                self.tr("%1 (meters: %2)").replace("%1", room.path).replace("%2", str(room.meters))
            )
            item.setData(Qt.ItemDataRole.UserRole, room.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if room.id in self.wanted else Qt.CheckState.Unchecked
            )
            self.rooms.addItem(item)
        self.ok.setEnabled(True)

    def _filter_rooms(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.rooms.count()):
            item = self.rooms.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def check_room(self, room_id: int) -> None:
        for i in range(self.rooms.count()):
            item = self.rooms.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == room_id:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen_rooms(self) -> list[int]:
        return [
            self.rooms.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.rooms.count())
            if self.rooms.item(i).checkState() == Qt.CheckState.Checked
        ]

    def plan(self) -> OpenPlan:
        return OpenPlan(
            tariff=self.tariff.currentData(),
            billing=self.billing.currentData(),
            alarm_1_fen=_yuan(self.alarm_1.text(), self.tr("level 1")),
            alarm_2_fen=_yuan(self.alarm_2.text(), self.tr("level 2")),
            overdraft_fen=_yuan(self.overdraft.text(), self.tr("level 3"), zero=False),
        )

    def submit(self) -> None:
        try:
            plan = self.plan()
        except ValueError as exc:
            self.fail(str(exc))
            return
        rooms, name, kind = self.chosen_rooms(), self.tenant.text().strip(), self.kind.currentData()
        if not name or not rooms:
            self.fail(self.tr("Give the tenant's name and tick at least one room."))
            return
        question = (
            self.tr("Pre-set an account for %1 over %2 room(s)?")
            if self.preset
            else self.tr("Open an account for %1 over %2 room(s)?")
        )
        question = question.replace("%1", name).replace("%2", str(len(rooms)))
        service = preset_account if self.preset else open_account
        db, actor = self.db, self.actor
        self.run(
            question,
            lambda: service(db, actor, name, kind, rooms, plan),
            lambda opened: self.outcome.setText(
                (
                    self.tr("Pre-set account %1 is ready: open it with one click when %2 moves in.")
                    if self.preset
                    else self.tr("Account %1 is open for %2.")
                )
                .replace("%1", opened.number)
                .replace("%2", name)
            ),
        )


class TransferDialog(ServiceDialog):
    """过户: one room of the account passes to a new tenant's new account, with or without
    the balance (carrying money is an administrator's decision, four-eyes above the line)."""

    def __init__(
        self, db: Database, actor: Actor, detail: AccountDetail, parent: QWidget | None = None
    ) -> None:
        row = detail.row
        super().__init__(
            db,
            actor,
            self.tr("Transfer of ownership (过户)"),
            self.tr("Account %1 · %2 · balance %3")
            .replace("%1", row.number)
            .replace("%2", row.tenant)
            .replace("%3", format_yuan(row.balance_fen)),
            parent,
        )
        self.setObjectName("TransferDialog")
        self.detail = detail
        self.ok.setText(self.tr("Transfer"))
        self.room = QComboBox(self)
        self.room.setObjectName("TransferRoom")
        for path, room_id in zip(row.rooms, row.room_ids, strict=False):
            self.room.addItem(path, room_id)
        self.tenant = QLineEdit(self)
        self.tenant.setObjectName("NewTenant")
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(tenant_kind_label(kind), kind)
        self.kind.setCurrentIndex(max(0, KINDS.index(row.kind) if row.kind in KINDS else 0))
        self.carry = QCheckBox(self.tr("Carry the balance to the new account"), self)
        self.carry.setObjectName("CarryBalance")
        self.form.addRow(self.tr("Room:"), self.room)
        self.form.addRow(self.tr("New tenant:"), self.tenant)
        self.form.addRow(self.tr("Kind:"), self.kind)
        self.form.addRow("", self.carry)
        self.approval = ApprovalBox(detail.threshold_fen, self)
        self.body.insertWidget(2, self.approval)
        over = row.balance_fen > detail.threshold_fen
        self.approval.setVisible(False)  # only when the carried money needs a second person
        self.carry.toggled.connect(lambda on: self.approval.setVisible(on and over))
        self.note.setText(
            self.grey(
                self.carry,
                actor.can(Permission.ACCOUNT_TRANSFER),
                self.tr("Only an administrator moves money between accounts."),
            )
            or self.tr(
                "Without the balance the old account keeps its money (refund it or close it)."
            )
        )

    def submit(self) -> None:
        name, kind = self.tenant.text().strip(), self.kind.currentData()
        room_id, carry = self.room.currentData(), self.carry.isChecked()
        if not name or room_id is None:
            self.fail(self.tr("Choose the room and give the new tenant's name."))
            return
        db, actor, box = self.db, self.actor, self.approval
        question = (
            self.tr("Room %1 passes to %2, with the balance?")
            if carry
            else self.tr("Room %1 passes to %2, without the balance?")
        )

        def work() -> Any:
            approver = box.approver(db, actor) if carry else None
            return transfer_ownership(
                db, actor, room_id, name, kind, carry_balance=carry, approver=approver
            )

        self.run(
            question.replace("%1", self.room.currentText()).replace("%2", name),
            work,
            lambda account: self.outcome.setText(
                self.tr("Room %1 now belongs to %2, account %3.")
                .replace("%1", self.room.currentText())
                .replace("%2", name)
                .replace("%3", account.number)
            ),
        )


class SwapDialog(ServiceDialog):
    """换表补电: a new meter in place of the old; the old meter's final reading is stored
    (and billed on a platform-side meter), a meter-side balance is carried to the new one."""

    def __init__(
        self, db: Database, actor: Actor, detail: AccountDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            db,
            actor,
            self.tr("Meter swap (换表补电)"),
            self.tr("Account %1 · %2")
            .replace("%1", detail.row.number)
            .replace("%2", detail.row.tenant),
            parent,
        )
        self.setObjectName("SwapDialog")
        self.ok.setText(self.tr("Swap meter"))
        self.meter = QComboBox(self)
        self.meter.setObjectName("OldMeter")
        for m in detail.meters:
            last = "-" if m.energy_kwh is None else f"{m.energy_kwh} kWh"
            money = "" if m.balance_fen is None else " · " + format_yuan(m.balance_fen)
            self.meter.addItem(f"{m.room} · #{m.address} · {last}{money}", m.id)
        self.address = QLineEdit(self)
        self.address.setObjectName("NewAddress")
        self.address.setMaxLength(20)
        self.profile = QLineEdit(self)
        self.profile.setPlaceholderText(self.tr("same as the old meter"))
        self.final_kwh = QLineEdit(self)
        self.final_kwh.setObjectName("FinalKwh")
        self.final_kwh.setPlaceholderText(self.tr("last reading"))
        self.final_balance = QLineEdit(self)
        self.final_balance.setObjectName("FinalBalance")
        self.final_balance.setPlaceholderText(self.tr("as last read (meter-side)"))
        self.form.addRow(self.tr("Old meter:"), self.meter)
        self.form.addRow(self.tr("New meter address:"), self.address)
        self.form.addRow(self.tr("New meter profile:"), self.profile)
        self.form.addRow(self.tr("Old meter's final reading (kWh):"), self.final_kwh)
        self.form.addRow(self.tr("Balance on its display (yuan):"), self.final_balance)
        self.note.setText(
            self.tr(
                "The final reading is stored on the old meter (a platform-side meter is billed "
                "up to it); a meter-side balance moves to the new meter as a recharge with "
                "purchase count 1."
            )
        )

    def submit(self) -> None:
        meter_id, address = self.meter.currentData(), self.address.text().strip()
        if meter_id is None or not address:
            self.fail(self.tr("Choose the old meter and give the new meter's address."))
            return
        db, actor = self.db, self.actor
        profile = self.profile.text().strip() or None
        kwh, balance = (
            self.final_kwh.text().strip() or None,
            self.final_balance.text().strip() or None,
        )
        self.run(
            self.tr("Replace %1 by a new meter at address %2?")
            .replace("%1", self.meter.currentText())
            .replace("%2", address),
            lambda: replace_meter(
                db,
                actor,
                meter_id,
                address,
                new_profile=profile,
                final_kwh=kwh,
                final_balance=balance,
            ),
            lambda new_id: self.outcome.setText(
                self.tr("Meter %1 installed at address %2.")
                .replace("%1", str(new_id))
                .replace("%2", address)
            ),
        )
