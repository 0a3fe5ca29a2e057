"""Settings → Messages (消息通知): the channels, the rules and quiet hours, the templates.

Three tabs on one page. **Channels**: the GSM modem (短信猫: port and baud), e-mail
(SMTP host, port, security, user, sender, the password into the keyring; the modem SIM's
PIN goes there too, and whether to ask for delivery reports) and the optional
HTTP SMS gateway, each with **Check** (the modem's SIM and signal, the mail server's offers:
``ChannelStatus``) and a **Send a test** row; both use what is typed, before saving, and run
in the worker pool (a silent modem takes seconds). **Rules** and **Templates** are in
``settings_msg_rules``. Everything is read and stored through ``app.notify.panel`` and the
notify services (admin only, audited there); other roles see the page greyed with the reason.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from app.db import Database
from app.notify.channel import ChannelStatus
from app.notify.gsm import SIM_PIN
from app.notify.http_sms import SMS_GATEWAY_SECRET
from app.notify.mime import SECURITY
from app.notify.panel import (
    Setup,
    check_channel,
    save_setup,
    send_test,
    setup,
    waiting_messages,
)
from app.notify.rules import NotifySettings
from app.notify.sender import SendNow
from app.security import Actor, Permission
from app.security.keystore import SMTP_PASSWORD

from .labels import mail_security_label, message_channel_label
from .settings import Page, locked_text
from .settings_msg_rules import RulesTab, StaffTab, TemplatesTab

BAUDS = ("9600", "19200", "38400", "57600", "115200")


def _status_text(status: ChannelStatus) -> str:
    return ("✔ " if status.ready else "✘ ") + status.text


class ChannelsTab(QWidget):
    """The three channels' options, Check per channel and "Send a test"."""

    def __init__(self, page: MessagesPage) -> None:
        super().__init__(page)
        self.page = page
        form_sms = QFormLayout()
        self.sms_on = QCheckBox(self.tr("Send SMS through a GSM modem (短信猫) on this port"), self)
        self.sms_port = QLineEdit(self)
        self.sms_port.setObjectName("ModemPort")
        self.sms_port.setPlaceholderText("COM5  /dev/ttyUSB2  socket://10.0.0.7:4001")
        self.sms_baud = QComboBox(self)
        self.sms_baud.setEditable(True)
        self.sms_baud.addItems(BAUDS)
        self.sms_baud.setCurrentText("115200")
        self.sms_check = QPushButton(self.tr("Check"), self)
        self.sms_check.setObjectName("CheckModem")
        self.sms_state = self._state_label("ModemState")
        self.sms_pin = QLineEdit(self)
        self.sms_pin.setObjectName("SimPin")
        self.sms_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.sms_pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.sms_reports = QCheckBox(self.tr("Ask for delivery reports (状态报告)"), self)
        self.sms_reports.setObjectName("DeliveryReports")
        form_sms.addRow(self.sms_on)
        form_sms.addRow(self.tr("Port:"), self.sms_port)
        form_sms.addRow(self.tr("Baud rate:"), self._row(self.sms_baud, self.sms_check))
        form_sms.addRow(self.tr("SIM PIN:"), self.sms_pin)
        form_sms.addRow(self.sms_reports)
        form_sms.addRow(self.sms_state)
        mail = QFormLayout()
        self.mail_on = QCheckBox(self.tr("Send e-mail through this mail server (SMTP)"), self)
        self.mail_host = QLineEdit(self)
        self.mail_host.setPlaceholderText("smtp.example.com")
        self.mail_port = QSpinBox(self)
        self.mail_port.setRange(0, 65535)
        self.mail_port.setSpecialValueText(self.tr("usual"))
        self.mail_security = QComboBox(self)
        for name in SECURITY:
            self.mail_security.addItem(mail_security_label(name), name)
        self.mail_security.setCurrentIndex(SECURITY.index("starttls"))
        self.mail_user = QLineEdit(self)
        self.mail_from = QLineEdit(self)
        self.mail_from.setPlaceholderText("wuye@example.com")
        self.mail_password = QLineEdit(self)
        self.mail_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.mail_check = QPushButton(self.tr("Check"), self)
        self.mail_check.setObjectName("CheckMail")
        self.mail_state = self._state_label("MailState")
        mail.addRow(self.mail_on)
        mail.addRow(self.tr("Server:"), self._row(self.mail_host, self.mail_port))
        mail.addRow(self.tr("Security:"), self.mail_security)
        mail.addRow(self.tr("User:"), self.mail_user)
        mail.addRow(self.tr("Password:"), self.mail_password)
        mail.addRow(self.tr("From:"), self._row(self.mail_from, self.mail_check))
        mail.addRow(self.mail_state)
        gateway = QFormLayout()
        self.http_on = QCheckBox(self.tr("Send SMS through an SMS platform (optional)"), self)
        self.http_url = QLineEdit(self)
        self.http_url.setPlaceholderText("https://sms.example.com/api/send")
        self.http_key = QLineEdit(self)
        self.http_sign = QLineEdit(self)
        self.http_secret = QLineEdit(self)
        self.http_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.http_check = QPushButton(self.tr("Check"), self)
        self.http_state = self._state_label("GatewayState")
        gateway.addRow(self.http_on)
        gateway.addRow(self.tr("Address:"), self.http_url)
        gateway.addRow(self.tr("App key:"), self._row(self.http_key, self.http_sign))
        gateway.addRow(self.tr("Secret:"), self._row(self.http_secret, self.http_check))
        gateway.addRow(self.http_state)
        self.http_sign.setPlaceholderText(self.tr("signature (短信签名)"))
        test = QHBoxLayout()
        self.test_channel = QComboBox(self)
        self.test_channel.setObjectName("TestChannel")
        self.test_channel.addItem(self.tr("SMS (modem)"), "sms")
        self.test_channel.addItem(self.tr("E-mail"), "email")
        self.test_channel.addItem(self.tr("SMS (platform)"), "http_sms")
        self.test_to = QLineEdit(self)
        self.test_to.setObjectName("TestTo")
        self.test_to.setPlaceholderText(self.tr("mobile or e-mail"))
        self.test_text = QLineEdit(self.tr("WattDesk test message: the messages work."), self)
        self.test_text.setObjectName("TestText")
        self.test_button = QPushButton(self.tr("Send a test"), self)
        self.test_button.setObjectName("SendTest")
        for widget in (self.test_channel, self.test_to):
            test.addWidget(widget)
        test.addWidget(self.test_text, 1)
        test.addWidget(self.test_button)
        self.test_state = self._state_label("TestState")
        grid = QGridLayout(self)
        grid.addWidget(self._group(self.tr("GSM modem (短信猫)"), form_sms), 0, 0)
        grid.addWidget(self._group(self.tr("E-mail (SMTP)"), mail), 0, 1, 2, 1)
        grid.addWidget(self._group(self.tr("SMS platform (HTTP gateway)"), gateway), 1, 0)
        box = QGroupBox(self.tr("Send a test"), self)
        inner = QFormLayout(box)
        inner.addRow(test)
        inner.addRow(self.test_state)
        grid.addWidget(box, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)
        self.sms_check.clicked.connect(lambda: self.check("sms", self.sms_state))
        self.mail_check.clicked.connect(lambda: self.check("email", self.mail_state))
        self.http_check.clicked.connect(lambda: self.check("http_sms", self.http_state))
        self.test_button.clicked.connect(self.send_test)

    def _state_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _row(self, *widgets: QWidget) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widgets[0], 1)
        for widget in widgets[1:]:
            row.addWidget(widget)
        return holder

    def _group(self, title: str, layout: QFormLayout) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setLayout(layout)
        return box

    def fields(self) -> list[QWidget]:
        return [
            *(self.sms_on, self.sms_port, self.sms_baud, self.sms_check),
            *(self.sms_pin, self.sms_reports),
            *(self.mail_on, self.mail_host, self.mail_port, self.mail_security),
            *(self.mail_user, self.mail_from, self.mail_password, self.mail_check),
            *(self.http_on, self.http_url, self.http_key, self.http_sign, self.http_secret),
            self.http_check,
        ]

    # -- values ---------------------------------------------------------------------------
    def fill(self, data: Setup) -> None:
        ch = data.settings.channels
        sms, mail, http = ch.get("sms"), ch.get("email"), ch.get("http_sms")
        self.sms_on.setChecked(sms is not None)
        self.sms_port.setText(str((sms or {}).get("port", "")))
        self.sms_baud.setCurrentText(str((sms or {}).get("baud", 115200)))
        self.sms_reports.setChecked(bool((sms or {}).get("status_reports", False)))
        self.sms_pin.setPlaceholderText(
            self.tr("stored in the keyring: leave empty to keep it")
            if data.pin_stored
            else self.tr("only if the SIM asks for one")
        )
        m = mail or {}
        self.mail_on.setChecked(mail is not None)
        self.mail_host.setText(str(m.get("host", "")))
        self.mail_port.setValue(int(m.get("port", 0) or 0))
        security = str(m.get("security", "starttls"))
        self.mail_security.setCurrentIndex(max(0, self.mail_security.findData(security)))
        self.mail_user.setText(str(m.get("user", "")))
        self.mail_from.setText(str(m.get("from_address", "")))
        self.mail_password.setPlaceholderText(
            self.tr("stored in the keyring: leave empty to keep it")
            if data.password_stored
            else self.tr("not stored yet")
        )
        h = http or {}
        self.http_on.setChecked(http is not None)
        self.http_url.setText(str(h.get("url", "")))
        self.http_key.setText(str(h.get("app_key", "")))
        self.http_sign.setText(str(h.get("sign_name", "")))

    def options(self, name: str) -> dict[str, Any]:
        """What the form says for channel ``name`` (the stored options' shape)."""
        if name == "sms":
            baud = self.sms_baud.currentText().strip()
            sms: dict[str, Any] = {
                "port": self.sms_port.text().strip(),
                "baud": int(baud) if baud else 115200,
                "status_reports": self.sms_reports.isChecked(),
            }
            if self.sms_pin.text():
                sms["pin"] = self.sms_pin.text()
            return sms
        if name == "email":
            out: dict[str, Any] = {
                "host": self.mail_host.text().strip(),
                "port": self.mail_port.value(),
                "security": self.mail_security.currentData(),
                "user": self.mail_user.text().strip(),
                "from_address": self.mail_from.text().strip(),
            }
            if self.mail_password.text():
                out["password"] = self.mail_password.text()
            return out
        gateway: dict[str, Any] = {
            "url": self.http_url.text().strip(),
            "app_key": self.http_key.text().strip(),
            "sign_name": self.http_sign.text().strip(),
        }
        if self.http_secret.text():
            gateway["secret"] = self.http_secret.text()
        return gateway

    def channels(self, old: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The channels switched on, keeping stored options the page does not show."""
        out = {}
        for name, on in (
            ("sms", self.sms_on),
            ("email", self.mail_on),
            ("http_sms", self.http_on),
        ):
            if on.isChecked():
                opts = {
                    k: v
                    for k, v in self.options(name).items()
                    if k not in ("password", "secret", "pin")
                }
                out[name] = {**old.get(name, {}), **opts}
        return out

    def secrets(self) -> dict[str, str]:
        return {
            SMTP_PASSWORD: self.mail_password.text(),
            SMS_GATEWAY_SECRET: self.http_secret.text(),
            SIM_PIN: self.sms_pin.text(),
        }

    # -- actions --------------------------------------------------------------------------
    def typed(self, name: str) -> dict[str, Any]:
        """The stored options of ``name`` (a CA file, a desk) with what the form says."""
        stored = self.page.data.settings.channels if self.page.data is not None else {}
        return {**stored.get(name, {}), **self.options(name)}

    def check(self, name: str, label: QLabel) -> None:
        options = self.typed(name)
        label.setStyleSheet("")
        label.setText(self.tr("Checking…"))
        button = {"sms": self.sms_check, "email": self.mail_check}.get(name, self.http_check)
        button.setEnabled(False)

        def done(status: ChannelStatus) -> None:
            button.setEnabled(True)
            label.setStyleSheet("" if status.ready else "color: #c62828;")
            label.setText(_status_text(status))
            self.page.checked.emit(name, status)

        def failed(exc: Exception) -> None:
            button.setEnabled(True)
            self.page.show_error(exc)

        self.page.worker.submit(lambda: check_channel(name, options), done, failed)

    def send_test(self) -> None:
        name = self.test_channel.currentData()
        options = self.typed(name)
        db, actor = self.page.db, self.page.actor
        to, text = self.test_to.text(), self.test_text.text()
        self.test_state.setStyleSheet("")
        self.test_state.setText(self.tr("Sending…"))
        self.test_button.setEnabled(False)

        def done(result: SendNow) -> None:
            self.test_button.setEnabled(True)
            ok = result.status == "sent"
            self.test_state.setStyleSheet("" if ok else "color: #c62828;")
            if ok:
                self.test_state.setText(
                    self.tr("Sent (reference %1).").replace("%1", result.detail)
                )
            else:
                self.test_state.setText(result.detail)
            self.page.tested.emit(result)

        def failed(exc: Exception) -> None:
            self.test_button.setEnabled(True)
            self.test_state.setStyleSheet("color: #c62828;")
            self.test_state.setText(str(exc))
            self.page.show_error(exc)

        self.page.worker.submit(lambda: send_test(db, actor, name, options, to, text), done, failed)


class MessagesPage(Page):
    """The Messages page: tabs, one Save for channels and rules (templates save their own)."""

    loaded = Signal()
    checked = Signal(str, object)  # channel name, ChannelStatus
    tested = Signal(object)  # SendNow

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Messages (消息通知)"), parent)
        self.db, self.actor = db, actor
        self.data: Setup | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("MessagesTabs")
        self.channels = ChannelsTab(self)
        self.rules = RulesTab(self)
        self.templates = TemplatesTab(self)
        self.staff = StaffTab(self)
        self.tabs.addTab(self.channels, self.tr("Channels"))
        self.tabs.addTab(self.rules, self.tr("Rules and quiet hours"))
        self.tabs.addTab(self.templates, self.tr("Templates"))
        self.tabs.addTab(self.staff, self.tr("Staff contacts"))
        self.layout_.addWidget(self.tabs, 1)
        self.save_button = QPushButton(self.tr("Save channels and rules"), self)
        self.save_button.setObjectName("SaveMessages")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.status)
        if not actor.can(Permission.SETTINGS_EDIT):
            what = self.tr("change how messages are sent")
            locked = [
                *self.channels.fields(),
                *self.rules.fields(),
                *self.templates.fields(),
                *self.staff.fields(),
                self.save_button,
            ]
            self.explain_locked(locked_text(actor, what), locked)
        if not actor.can(Permission.NOTIFY_RESEND):
            what = self.tr("send messages")
            self.channels.test_button.setEnabled(False)
            self.channels.test_button.setToolTip(locked_text(actor, what))

    def load(self) -> None:
        db = self.db
        self.run(lambda: setup(db), self._loaded)

    def _loaded(self, data: Setup) -> None:
        if not shiboken6.isValid(self.tabs):  # the window closed before the read came back
            return
        self.data = data
        self.channels.fill(data)
        self.rules.fill(data)
        self.templates.fill(data)
        self.staff.fill(data)
        self.loaded.emit()

    def settings(self) -> NotifySettings:
        """What the form says (the stored settings the page does not show are kept)."""
        base = self.data.settings if self.data is not None else NotifySettings()
        return self.rules.settings(base, self.channels.channels(base.channels))

    def save(self) -> None:
        db, actor = self.db, self.actor
        settings, secrets = self.settings(), self.channels.secrets()

        def work() -> tuple[NotifySettings, dict[str, int]]:
            return save_setup(db, actor, settings, secrets), waiting_messages(db)

        self.run(work, self._saved)

    def _saved(self, result: tuple[NotifySettings, dict[str, int]]) -> None:
        settings, waiting = result
        if self.data is not None:
            from dataclasses import replace

            self.data = replace(self.data, settings=settings)
        self.channels.mail_password.clear()
        self.channels.http_secret.clear()
        self.channels.sms_pin.clear()
        text = self.tr(
            "Saved. The senders follow now on this desk and within a minute on the desk "
            "that runs the collector; rules and quiet hours apply within a minute."
        )
        for name, count in sorted(waiting.items()):
            text += " " + self.tr(
                "%1 messages wait for channel %2, which is not set up: they stay queued "
                "and go out when it is set up again."
            ).replace("%1", str(count)).replace("%2", message_channel_label(name))
        self.say(text)
        self.saved.emit(settings)
