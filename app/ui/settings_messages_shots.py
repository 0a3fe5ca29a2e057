"""Screenshots of Settings → Messages (消息通知) and the message contacts, for the user guide.

``python -m app.ui.settings_messages_shots DIR`` (and ``app.ui.screenshots``, which calls
:func:`messages_settings_shots`) builds a throw-away demo park, starts the GSM modem
simulator on a pty, fills the channels page with it, runs **Check** and **Send a test**,
then saves ``messages-settings-<page>-<lang>[-150].png`` at 1280x800: the channels, the
rules and quiet hours, a template previewed with real data (a long Chinese text: 3 SMS), an
unknown field refused, the message contacts of an account, and the page a cashier sees
(greyed, with the reason). Offscreen, in ``WATTDESK_LANG``.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

LONG = "【{site}】{room}电费余额{balance}元，预计可用{days_left}天。" + (
    "为避免影响正常用电，请尽快通过物业收费窗口或线上方式充值，如有疑问请致电物业服务中心。" * 3
)


def messages_settings_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The Messages page's tabs and the contacts dialog on a demo park, at 1280x800."""
    from app.accounts.reads import account_detail
    from app.db import open_database
    from app.demo import build_demo
    from app.notify.contacts import MessagePrefs
    from app.notify.panel import ContactRow, save_tenant_contacts, tenant_contacts
    from app.security import Role, add_operator, create_first_admin, login
    from drivers.simulator.gsm_modem import GsmModemSim

    from .contacts_dialog import ContactsDialog
    from .screenshots import loop_wait, pause
    from .settings import SettingsDialog

    saved: list[Path] = []

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"messages-settings-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    modem = GsmModemSim()
    modem.csq = 18
    modem.start_pty()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/messages.sqlite")
        build_demo(db, rooms=60, opening_balances=False)
        password = uuid.uuid4().hex
        admin = create_first_admin(db, "admin", "管理员", password)
        add_operator(db, admin, "cashier", "收银员", Role.CASHIER, password)
        dialog = SettingsDialog(db, admin)
        dialog.resize(1280, 800)
        dialog.show()
        page = dialog.messages
        dialog.show_page(page)
        page.load()
        loop_wait(page.loaded)
        tab = page.channels
        tab.sms_on.setChecked(True)
        tab.sms_port.setText(modem.url)
        tab.sms_reports.setChecked(True)
        tab.sms_pin.setText("1234")  # shown as dots
        tab.mail_on.setChecked(True)
        tab.mail_host.setText("smtp.example.cn")
        tab.mail_user.setText("wuye@example.cn")
        tab.mail_from.setText("wuye@example.cn")
        tab.sms_check.click()
        loop_wait(page.checked, 30_000)
        tab.test_to.setText("13800138000")
        tab.test_button.click()
        loop_wait(page.tested, 30_000)
        shot(dialog, "channels")
        page.tabs.setCurrentWidget(page.rules)
        shot(dialog, "rules")
        page.tabs.setCurrentWidget(page.templates)
        templates = page.templates
        templates.kind.setCurrentIndex(templates.kind.findData("low_balance"))
        templates.language.setCurrentIndex(templates.language.findData("zh_CN"))
        templates.text.setPlainText(LONG)
        templates.preview_button.click()
        loop_wait(templates.previewed)
        shot(dialog, "template")
        templates.text.setPlainText("【{site}】{room}余额{balanse}元")
        templates.preview_button.click()
        loop_wait(page.failed)
        shot(dialog, "unknown-field")
        dialog.close()
        cashier = login(db, "cashier", password)
        greyed = SettingsDialog(db, cashier)
        greyed.resize(1280, 800)
        greyed.show()
        greyed.show_page(greyed.messages)
        greyed.messages.load()
        loop_wait(greyed.messages.loaded)
        shot(greyed, "cashier")
        greyed.close()
        account = _first_account(db)
        detail = account_detail(db, account)
        assert detail is not None
        rows = tenant_contacts(db, detail.row.tenant_id)
        extra = ContactRow(
            None,
            "王芳",
            "+86 139 0000 1111",
            "wangfang@example.cn",
            MessagePrefs("zh_CN", ("low_balance", "cut"), True, True),
        )
        save_tenant_contacts(db, admin, detail.row.tenant_id, [*rows, extra])
        contacts = ContactsDialog(db, admin, detail)
        contacts.resize(1280, 800)
        contacts.show()
        contacts.load()
        loop_wait(contacts.loaded)
        shot(contacts, "contacts")
        contacts.close()
        db.dispose()
    modem.stop()
    return saved


def _first_account(db: Any) -> int:
    from app.accounts.reads import list_accounts

    return next(row.id for row in list_accounts(db) if row.status == "open")


def main(argv: list[str]) -> int:
    """``python -m app.ui.settings_messages_shots [DIR]`` (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, messages_settings_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
