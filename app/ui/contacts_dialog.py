"""The messages an account's people receive (消息联系人), from the accounts window.

One row per contact of the tenant: name, mobile, e-mail, language, SMS and e-mail opt-in,
and which messages they want (none ticked = every tenant message). **Save** sends the
list to ``app.notify.panel.save_tenant_contacts``: checked there (a Chinese mobile number,
an e-mail address; the refusal names the contact's line and the field), one transaction,
audited. Nobody is messaged who did not opt in. A role without ``site.edit`` sees the list
read-only, with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from app.accounts.reads import AccountDetail
from app.db import Database
from app.notify.contacts import MessagePrefs
from app.notify.kinds import KINDS, LANGUAGES, TENANT
from app.notify.panel import ContactRow, save_tenant_contacts, tenant_contacts
from app.security import Actor, Permission

from .account_dialogs import ServiceDialog
from .labels import message_kind_label, message_language_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KINDS_ROLE = Qt.ItemDataRole.UserRole + 2
NAME, MOBILE, EMAIL, LANGUAGE, SMS, MAIL, WHICH = range(7)
TENANT_KINDS = [k for k, v in KINDS.items() if v.audience == TENANT]


class ContactsDialog(ServiceDialog):
    """Edit who of the tenant receives which messages, and how."""

    loaded = Signal()

    def __init__(
        self, db: Database, actor: Actor, detail: AccountDetail, parent: QWidget | None = None
    ) -> None:
        row = detail.row
        super().__init__(
            db,
            actor,
            self.tr("Message contacts (消息联系人)"),
            self.tr("Account %1 · %2").replace("%1", row.number).replace("%2", row.tenant),
            parent,
        )
        self.setObjectName("ContactsDialog")
        self.tenant_id = row.tenant_id
        self.ok.setText(self.tr("Save"))
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("MessageContacts")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Mobile"),
                self.tr("E-mail"),
                self.tr("Language"),
                self.tr("SMS"),
                self.tr("E-mail on"),
                self.tr("Which messages"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for col in (SMS, MAIL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(180)
        self.add_button = QPushButton(self.tr("Add contact"), self)
        self.add_button.setObjectName("AddMessageContact")
        self.add_button.clicked.connect(
            lambda: self.add_row(ContactRow(None, "", "", "", MessagePrefs()))
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.form.addRow(self.table)
        self.form.addRow(buttons)
        self.setMinimumWidth(900)
        if not actor.can(Permission.SITE_EDIT):
            why = self.tr("Your role may not change tenants: the list is read-only.")
            for widget in (self.ok, self.add_button, self.table):
                self.grey(widget, False, why)
            self.note.setText(why)
        else:
            self.note.setText(
                self.tr(
                    "SMS and e-mail go only to people ticked here. Mobile numbers are Chinese "
                    "mobiles (11 digits, +86 allowed). “Which messages”: none ticked means "
                    "every message for tenants."
                )
            )

    def load(self) -> None:
        db, tenant_id = self.db, self.tenant_id
        self.worker.submit(lambda: tenant_contacts(db, tenant_id), self.show_rows, self._fail_exc)

    def show_rows(self, rows: list[ContactRow]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)
        self.loaded.emit()

    def add_row(self, contact: ContactRow) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col, text in ((NAME, contact.name), (MOBILE, contact.mobile), (EMAIL, contact.email)):
            self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.item(r, NAME).setData(ID_ROLE, contact.id)
        language = QComboBox(self.table)
        for code in LANGUAGES:
            language.addItem(message_language_label(code), code)
        language.setCurrentIndex(max(0, language.findData(contact.prefs.language)))
        self.table.setCellWidget(r, LANGUAGE, language)
        for col, on in ((SMS, contact.prefs.sms), (MAIL, contact.prefs.mail)):
            item = QTableWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.table.setItem(r, col, item)
        self.table.setCellWidget(r, WHICH, self._which(contact.prefs.kinds))

    def _which(self, kinds: tuple[str, ...]) -> QToolButton:
        """A drop-down of check boxes: the tenant messages this person wants."""
        from PySide6.QtWidgets import QMenu

        button = QToolButton(self.table)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for kind in TENANT_KINDS:
            action = menu.addAction(message_kind_label(kind))
            action.setCheckable(True)
            action.setChecked(kind in kinds)
            action.setData(kind)
            action.toggled.connect(lambda _on, b=button: self._label(b))
        button.setMenu(menu)
        self._label(button)
        return button

    def _label(self, button: QToolButton) -> None:
        chosen = self._chosen(button)
        button.setText(
            self.tr("All messages")
            if not chosen
            else ", ".join(message_kind_label(k).split(" (")[0] for k in chosen)
        )

    @staticmethod
    def _chosen(button: QWidget | None) -> tuple[str, ...]:
        if not isinstance(button, QToolButton) or button.menu() is None:
            return ()
        return tuple(str(a.data()) for a in button.menu().actions() if a.isChecked())

    def rows(self) -> list[ContactRow]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(7)]
            text = [c.text() if c is not None else "" for c in cells]
            language = self.table.cellWidget(r, LANGUAGE)
            code = language.currentData() if isinstance(language, QComboBox) else "zh_CN"
            sms = cells[SMS] is not None and cells[SMS].checkState() == Qt.CheckState.Checked
            mail = cells[MAIL] is not None and cells[MAIL].checkState() == Qt.CheckState.Checked
            kinds = self._chosen(self.table.cellWidget(r, WHICH))
            cid = cells[NAME].data(ID_ROLE) if cells[NAME] is not None else None
            prefs = MessagePrefs(code, kinds, sms, mail)
            out.append(ContactRow(cid, text[NAME], text[MOBILE], text[EMAIL], prefs))
        return out

    def submit(self) -> None:
        db, actor, tenant_id, rows = self.db, self.actor, self.tenant_id, self.rows()
        self.run(
            self.tr("Save the message settings of %1 contact(s)?").replace("%1", str(len(rows))),
            lambda: save_tenant_contacts(db, actor, tenant_id, rows),
            self._saved,
        )

    def _saved(self, rows: list[ContactRow]) -> None:
        self.show_rows(rows)
        self.outcome.setText(self.tr("Saved."))
