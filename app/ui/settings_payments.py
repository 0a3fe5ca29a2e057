"""Settings → Online payments (线上缴费): the relay endpoint's shared secret and how to run it.

The endpoint itself is a command-line server (``python -m app payment serve --bind
HOST:PORT``, off unless someone runs it), so the page does not switch it: it shows the
command, lets an administrator set or replace the shared secret (stored in the keyring /
keystore like the e-mail password, through ``app.payments.panel.store_relay_secret``, which
checks ``settings.edit`` and audits it without the secret), and lists the last payments the
relay notified (the endpoint's ``online_payment`` rows; a refused notification leaves no row,
so refusals are not listed here: ``payment serve`` logs them).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.db import Database
from app.payments.panel import RelaySetup, relay_setup, store_relay_secret
from app.security import Actor, Permission

from .labels import local_time, payment_platform_label, yuan
from .payments import cell, table
from .settings import Page, locked_text

SERVE_COMMAND = "python -m app payment serve --bind 127.0.0.1:8765"


class PaymentsPage(Page):
    """线上缴费: the relay's secret, the command that runs the endpoint, its last payments."""

    loaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Online payments (线上缴费)"), parent)
        self.db, self.actor = db, actor
        self.zone = zone or ZoneInfo("Asia/Shanghai")
        how = QLabel(
            self.tr(
                "The payment relay's endpoint is off unless it is started on the desk that "
                "should receive notifications, with the address the relay calls (this desk "
                "only, or a LAN address):"
            ),
            self,
        )
        how.setWordWrap(True)
        command = QLineEdit(SERVE_COMMAND, self)
        command.setObjectName("ServeCommand")
        command.setReadOnly(True)
        self.secret_state = QLabel(self)
        self.secret_state.setObjectName("SecretState")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("RelaySecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("At least 16 characters, as the relay has it"))
        self.save_button = QPushButton(self.tr("Store the shared secret"), self)
        self.save_button.setObjectName("SaveRelaySecret")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Shared secret:"), self))
        row.addWidget(self.secret, 1)
        row.addWidget(self.save_button)
        after = QLabel(
            self.tr("A running endpoint reads the secret when it starts: restart it."), self
        )
        after.setWordWrap(True)
        self.notifications = table(
            self,
            [
                self.tr("Time"),
                self.tr("Platform"),
                self.tr("Transaction"),
                self.tr("Amount"),
                self.tr("Account"),
                self.tr("Receipt"),
            ],
            (140, 80, 220, 80, 90),
        )
        self.notifications.setObjectName("RelayNotifications")
        for widget in (how, command, self.secret_state):
            self.layout_.addWidget(widget)
        self.layout_.addLayout(row)
        self.layout_.addWidget(after)
        self.layout_.addWidget(QLabel(self.tr("Last payments notified by the relay:"), self))
        self.layout_.addWidget(self.notifications, 1)
        self.layout_.addWidget(self.status)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if not actor.can(Permission.SETTINGS_EDIT):
            what = self.tr("change the payment relay's secret")
            self.explain_locked(locked_text(actor, what), [self.secret, self.save_button])

    def load(self) -> None:
        db = self.db
        self.run(lambda: relay_setup(db), self._loaded)

    def _loaded(self, data: RelaySetup) -> None:
        self.secret_state.setText(
            self.tr("A shared secret is stored in the keyring.")
            if data.secret_stored
            else self.tr("No shared secret is stored yet: the endpoint will not start.")
        )
        self.notifications.setRowCount(len(data.notifications))
        for row, p in enumerate(data.notifications):
            cells = (
                cell(local_time(p.paid_at, self.zone)),
                cell(payment_platform_label(p.platform)),
                cell(p.txn),
                cell(yuan(p.amount_fen), True),
                cell(p.account),
                cell(p.receipt),
            )
            for column, item in enumerate(cells):
                self.notifications.setItem(row, column, item)
        self.loaded.emit()

    def save(self) -> None:
        db, actor, value = self.db, self.actor, self.secret.text()
        self.run(lambda: store_relay_secret(db, actor, value), self._saved)

    def _saved(self, _: object) -> None:
        self.secret.clear()
        self.say(self.tr("Stored. Restart a running endpoint (payment serve) to use it."))
        self.saved.emit(None)
        self.load()
