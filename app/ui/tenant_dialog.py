"""The tenant and its contacts (租户与联系人): name, kind, phones, email, who may pay.

One table of people; **Save** sends the whole list to ``app.accounts.contacts.save_tenant``
(one transaction, audited with before and after). A role without ``site.edit`` sees the
list read-only, with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.accounts.contacts import Contact, save_tenant
from app.accounts.reads import AccountDetail
from app.db import Database
from app.security import Actor, Permission

from .account_dialogs import KINDS, ServiceDialog
from .labels import tenant_kind_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TenantDialog(ServiceDialog):
    """Edit the tenant of an account and its contact list."""

    def __init__(
        self, db: Database, actor: Actor, detail: AccountDetail, parent: QWidget | None = None
    ) -> None:
        row = detail.row
        super().__init__(
            db,
            actor,
            self.tr("Tenant and contacts (租户与联系人)"),
            self.tr("Account %1 · %2").replace("%1", row.number).replace("%2", row.tenant),
            parent,
        )
        self.setObjectName("TenantDialog")
        self.detail = detail
        self.ok.setText(self.tr("Save"))
        self.name = QLineEdit(row.tenant, self)
        self.name.setObjectName("TenantName")
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem(tenant_kind_label(kind), kind)
        self.kind.setCurrentIndex(KINDS.index(row.kind) if row.kind in KINDS else 0)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("Contacts")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Phone"),
                self.tr("Email"),
                self.tr("May pay"),
                self.tr("Note"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        for contact in detail.contacts:
            self.add_contact(contact)
        self.add_button = QPushButton(self.tr("Add contact"), self)
        self.add_button.setObjectName("AddContact")
        self.add_button.clicked.connect(lambda: self.add_contact(Contact("")))
        self.remove_button = QPushButton(self.tr("Remove contact"), self)
        self.remove_button.setObjectName("RemoveContact")
        self.remove_button.clicked.connect(self.remove_current)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        self.form.addRow(self.tr("Tenant:"), self.name)
        self.form.addRow(self.tr("Kind:"), self.kind)
        self.form.addRow(self.table)
        self.form.addRow(row_buttons)
        self.setMinimumWidth(720)
        if not actor.can(Permission.SITE_EDIT):
            why = self.tr("Your role may not change tenants: the list is read-only.")
            for widget in (self.ok, self.add_button, self.remove_button, self.name, self.kind):
                self.grey(widget, False, why)
            self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            self.note.setText(why)
        else:
            self.note.setText(
                self.tr(
                    "People ticked under “May pay” may pay for this tenant's accounts at the "
                    "counter. Each contact needs a phone or an email."
                )
            )

    def add_contact(self, contact: Contact) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col, text in enumerate((contact.name, contact.phone, contact.email)):
            self.table.setItem(r, col, QTableWidgetItem(text))
        pay = QTableWidgetItem()
        pay.setFlags(pay.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        pay.setCheckState(Qt.CheckState.Checked if contact.may_pay else Qt.CheckState.Unchecked)
        self.table.setItem(r, 3, pay)
        self.table.setItem(r, 4, QTableWidgetItem(contact.note))
        self.table.item(r, 0).setData(ID_ROLE, contact.id)

    def remove_current(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def contacts(self) -> list[Contact]:
        out = []
        for r in range(self.table.rowCount()):
            cell = [self.table.item(r, c) for c in range(5)]
            text = [c.text() if c is not None else "" for c in cell]
            pay = cell[3] is not None and cell[3].checkState() == Qt.CheckState.Checked
            cid = cell[0].data(ID_ROLE) if cell[0] is not None else None
            out.append(Contact(text[0], text[1], text[2], pay, text[4], cid))
        return out

    def submit(self) -> None:
        db, actor, tenant_id = self.db, self.actor, self.detail.row.tenant_id
        name, kind, people = self.name.text(), self.kind.currentData(), self.contacts()
        self.run(
            self.tr("Save tenant %1 with %2 contact(s)?")
            .replace("%1", name.strip())
            .replace("%2", str(len(people))),
            lambda: save_tenant(db, actor, tenant_id, name, kind, people),
            lambda _r: self.outcome.setText(self.tr("Saved.")),
        )
