"""Settings → Messages and the message contacts, driven like a user: "Send a test" over the
GSM modem simulator on a real pty reaches it with the exact text, "Check" shows the SIM
and the signal (and a SIM that is not ready in words), a template naming an unknown field
is refused by that name, the preview counts a 200-character Chinese text as 3 SMS, a
contact with a bad mobile is refused naming the field, a cashier sees the page greyed
(and the service refuses the cashier too)."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.accounts.reads import account_detail
from app.collector import Collector, CollectorConfig
from app.models import BillingMode, OutboxMessage
from app.notify.gsm import SIM_PIN
from app.notify.panel import save_setup, setup, tenant_contacts
from app.notify.rules import NotifySettings
from app.notify.sender import running_service
from app.security import Actor, PermissionDenied, Role, add_operator, create_first_admin, login
from app.security.keystore import SMTP_PASSWORD, get_secret
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.accounts import AccountsWindow
from app.ui.contacts_dialog import ContactsDialog
from app.ui.settings import SettingsDialog
from drivers.simulator.gsm_modem import GsmModemSim
from tests.money.conftest import room_of
from tests.notify.smtpserver import Mailbox, smtp_server

PASSWORD = "Messages-2026!"
ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def staff(demo_db) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(demo_db, "admin", "管理员", PASSWORD)
    people = {"admin": login(demo_db, "admin", PASSWORD)}
    add_operator(demo_db, admin, "cashier", "cashier", Role.CASHIER, PASSWORD)
    people["cashier"] = login(demo_db, "cashier", PASSWORD)
    return people


@pytest.fixture
def modem() -> Iterator[GsmModemSim]:
    sim = GsmModemSim()
    sim.start_pty()
    try:
        yield sim
    finally:
        sim.stop()


def open_page(qtbot, db, actor):  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page(dialog.messages)
    with qtbot.waitSignal(dialog.messages.loaded, timeout=20_000):
        dialog.messages.load()
    return dialog


def test_send_a_test_reaches_the_modem_with_the_exact_text(qtbot, demo_db, staff, modem) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    tab = page.channels
    tab.sms_on.setChecked(True)
    tab.sms_port.setText(modem.url)
    tab.sms_baud.setCurrentText("115200")
    tab.test_channel.setCurrentIndex(tab.test_channel.findData("sms"))
    tab.test_to.setText("138 0013 8000")
    text = "测试短信：WattDesk 消息通知正常。"
    tab.test_text.setText(text)
    with qtbot.waitSignal(page.tested, timeout=30_000) as sent:
        tab.test_button.click()
    assert sent.args[0].status == "sent", sent.args[0].detail
    (received,) = modem.messages
    assert received.text == text and received.to.endswith("13800138000")
    assert tab.test_state.text().startswith("Sent")
    with demo_db.read() as s:  # the test is in the history, like any message
        row = s.get(OutboxMessage, sent.args[0].id)
        assert row is not None and row.text == text and row.status == "sent"


def test_a_failed_test_shows_the_channels_sentence(qtbot, demo_db, staff, modem) -> None:  # type: ignore[no-untyped-def]
    modem.sim_state = "SIM PIN"
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    tab = page.channels
    tab.sms_port.setText(modem.url)
    tab.test_to.setText("13800138000")
    with qtbot.waitSignal(page.tested, timeout=30_000) as sent:
        tab.test_button.click()
    assert sent.args[0].status == "failed"
    shown = tab.test_state.text()
    assert "PIN" in shown and not shown.startswith("sim_not_ready")  # the sentence, no code
    assert modem.messages == []


def test_check_shows_the_sim_and_the_signal(qtbot, demo_db, staff, modem) -> None:  # type: ignore[no-untyped-def]
    modem.csq = 18
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    page.channels.sms_port.setText(modem.url)
    with qtbot.waitSignal(page.checked, timeout=30_000) as checked:
        page.channels.sms_check.click()
    name, status = checked.args
    assert name == "sms" and status.ready
    assert status.facts["signal"] == 18 and status.facts["sim"] == "READY"
    shown = page.channels.sms_state.text()
    assert "18/31" in shown and "SIM" in shown and "CHINA MOBILE" in shown
    modem.sim_state = "SIM PIN"
    with qtbot.waitSignal(page.checked, timeout=30_000) as checked:
        page.channels.sms_check.click()
    assert not checked.args[1].ready and "PIN" in page.channels.sms_state.text()


def test_the_channels_are_saved_and_read_back(qtbot, demo_db, staff, modem) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    page.channels.sms_on.setChecked(True)
    page.channels.sms_port.setText(modem.url)
    page.channels.sms_baud.setCurrentText("9600")
    page.rules.numbers["offline_minutes"].setValue(45)
    page.rules.kinds["daily_summary"].setChecked(False)
    page.rules.quiet.setChecked(False)
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    stored = setup(demo_db).settings
    assert stored.channels["sms"] == {"port": modem.url, "baud": 9600, "status_reports": False}
    assert stored.offline_minutes == 45 and "daily_summary" in stored.disabled
    assert stored.quiet_from is None


def test_an_unknown_field_is_refused_by_name_and_the_preview_counts_parts(
    qtbot, demo_db, staff
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    tab = page.templates
    tab.kind.setCurrentIndex(tab.kind.findData("low_balance"))
    tab.language.setCurrentIndex(tab.language.findData("zh_CN"))
    assert "{balance}" in tab.known.text()
    tab.text.setPlainText("{room}余额{balanse}元")
    with qtbot.waitSignal(page.failed, timeout=20_000) as failed:
        tab.preview_button.click()
    assert "{balanse}" in failed.args[0] and "unknown field" in failed.args[0]
    with qtbot.waitSignal(page.failed, timeout=20_000) as failed:
        tab.save_button.click()
    assert "{balanse}" in failed.args[0]
    tab.text.setPlainText(ZH200)
    with qtbot.waitSignal(tab.previewed, timeout=20_000) as shown:
        tab.preview_button.click()
    assert shown.args[0].parts == 3 and shown.args[0].encoding == "ucs2"
    assert "3 SMS" in tab.count.text()
    tab.text.setPlainText("【{site}】{room}余额{balance}元，请充值。")
    with qtbot.waitSignal(tab.previewed, timeout=20_000) as shown:
        tab.preview_button.click()
    filled = shown.args[0].text
    assert "{" not in filled and "余额" in filled and filled == tab.result.text()  # real data


def test_a_contact_with_a_bad_mobile_is_refused_naming_the_field(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(demo_db, BillingMode.PLATFORM)
    detail = account_detail(demo_db, room.account_id)
    dialog = ContactsDialog(demo_db, staff["admin"], detail)
    qtbot.addWidget(dialog)
    dialog.confirm_dialog = lambda _q: True
    dialog.show()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.load()
    before = dialog.table.rowCount()
    dialog.add_button.click()
    r = dialog.table.rowCount() - 1
    dialog.table.item(r, 0).setText("王五")
    dialog.table.item(r, 1).setText("1234567")
    dialog.table.item(r, 4).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.ok.click()
    assert f"contact {r + 1}: mobile" in failed.args[0] and "1234567" in failed.args[0]
    dialog.table.item(r, 1).setText("+86 139-0000-1111")
    with qtbot.waitSignal(dialog.done, timeout=10_000):
        dialog.ok.click()
    stored = tenant_contacts(demo_db, detail.row.tenant_id)
    assert len(stored) == before + 1
    added = stored[-1]
    assert added.mobile == "13900001111" and added.prefs.sms and not added.prefs.mail


def test_the_accounts_window_opens_the_message_contacts(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    window = AccountsWindow(demo_db, staff["admin"])
    qtbot.addWidget(window)
    action = window.actions_by_name["contacts"]
    assert isinstance(action, QAction)
    room = room_of(demo_db, BillingMode.PLATFORM)
    with qtbot.waitSignal(window.dialog_shown, timeout=10_000) as shown:
        window.edit_message_contacts(room.account_id)
    assert isinstance(shown.args[0], ContactsDialog)
    shown.args[0].close()


def test_a_cashier_sees_the_page_greyed_and_is_refused(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["cashier"])
    page = dialog.messages
    assert page.role_note.isVisible() and "cashier" in page.role_note.text()
    for widget in (
        page.save_button,
        page.channels.sms_port,
        page.channels.sms_check,
        page.channels.mail_password,
        page.templates.save_button,
        page.rules.quiet,
        page.rules.kinds["cut"],
        page.staff.save_button,
    ):
        assert not widget.isEnabled(), widget.objectName()
    with pytest.raises(PermissionDenied):
        save_setup(demo_db, staff["cashier"], NotifySettings(channels={"sms": {}}))


def test_mail_check_shows_the_servers_offers_and_the_test_arrives(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        dialog = open_page(qtbot, demo_db, staff["admin"])
        page = dialog.messages
        tab = page.channels
        tab.mail_on.setChecked(True)
        tab.mail_host.setText("127.0.0.1")
        tab.mail_port.setValue(port)
        tab.mail_security.setCurrentIndex(tab.mail_security.findData("none"))
        tab.mail_from.setText("wuye@example.cn")
        with qtbot.waitSignal(page.checked, timeout=30_000) as checked:
            tab.mail_check.click()
        assert checked.args[1].ready, checked.args[1].text
        assert "127.0.0.1" in tab.mail_state.text()
        tab.test_channel.setCurrentIndex(tab.test_channel.findData("email"))
        tab.test_to.setText("zhang.san@example.org")
        with qtbot.waitSignal(page.tested, timeout=30_000) as sent:
            tab.test_button.click()
        assert sent.args[0].status == "sent", sent.args[0].detail
        (raw,) = mailbox.messages
        got = email.message_from_bytes(raw, policy=default)
        assert isinstance(got, EmailMessage) and got["To"] == "zhang.san@example.org"
        body = got.get_body(("plain",))
        assert body is not None and body.get_content().strip() == tab.test_text.text()


def test_the_typed_password_goes_to_the_keyring_not_the_settings(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    tab = page.channels
    tab.mail_on.setChecked(True)
    tab.mail_host.setText("smtp.example.cn")
    tab.mail_user.setText("wuye@example.cn")
    tab.mail_password.setText("授权码-secret-42")
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    assert get_secret(SMTP_PASSWORD) == "授权码-secret-42"
    stored = setup(demo_db)
    assert "secret-42" not in str(stored.settings.to_json()) and stored.password_stored
    assert tab.mail_password.text() == ""  # not kept on the screen either


def test_staff_contacts_are_saved_and_a_bad_mobile_named(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    table = page.staff.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "cashier")
    table.item(row, 2).setText("12345")
    table.item(row, 5).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(page.failed, timeout=10_000) as failed:
        page.staff.save_button.click()
    assert failed.args[0].startswith("mobile:") and "12345" in failed.args[0]
    table.item(row, 2).setText("139 0000 2222")
    page.staff.save_button.click()
    qtbot.waitUntil(lambda: page.status.text() == "Staff contacts saved.", timeout=10_000)
    by_id = {p.operator_id: p for p in setup(demo_db).staff}
    cashier = by_id[staff["cashier"].operator_id]
    assert cashier.mobile == "13900002222" and cashier.prefs.sms


def test_a_landline_is_kept_without_sms_and_refused_with_it(qtbot, demo_db, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(demo_db, BillingMode.PLATFORM)
    detail = account_detail(demo_db, room.account_id)
    dialog = ContactsDialog(demo_db, staff["admin"], detail)
    qtbot.addWidget(dialog)
    dialog.confirm_dialog = lambda _q: True
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.load()
    for r in range(dialog.table.rowCount()):  # whatever the demo gave: no SMS, no e-mail
        dialog.table.item(r, 4).setCheckState(Qt.CheckState.Unchecked)
        dialog.table.item(r, 5).setCheckState(Qt.CheckState.Unchecked)
    dialog.add_button.click()
    r = dialog.table.rowCount() - 1
    dialog.table.item(r, 0).setText("前台")
    dialog.table.item(r, 1).setText("0512-6688 1234")
    with qtbot.waitSignal(dialog.done, timeout=10_000):
        dialog.ok.click()
    assert tenant_contacts(demo_db, detail.row.tenant_id)[-1].mobile == "0512-6688 1234"
    dialog.table.item(r, 4).setCheckState(Qt.CheckState.Checked)  # SMS to a landline: no
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.ok.click()
    assert f"contact {r + 1}: mobile" in failed.args[0] and "0512-6688 1234" in failed.args[0]


def test_the_sim_pin_goes_to_the_keyring_and_unlocks_the_sim(qtbot, demo_db, staff, modem) -> None:  # type: ignore[no-untyped-def]
    modem.sim_state = "SIM PIN"
    dialog = open_page(qtbot, demo_db, staff["admin"])
    page = dialog.messages
    tab = page.channels
    assert tab.sms_pin.placeholderText() == "only if the SIM asks for one"
    tab.sms_on.setChecked(True)
    tab.sms_port.setText(modem.url)
    tab.sms_reports.setChecked(True)
    qtbot.keyClicks(tab.sms_pin, "12a34")  # the field takes digits only
    assert tab.sms_pin.text() == "1234"
    tab.test_channel.setCurrentIndex(tab.test_channel.findData("sms"))
    tab.test_to.setText("13800138000")
    with qtbot.waitSignal(page.tested, timeout=30_000) as sent:  # the typed PIN, not saved yet
        tab.test_button.click()
    assert sent.args[0].status == "sent", sent.args[0].detail
    assert modem.pin_attempts == ["1234"] and get_secret(SIM_PIN) is None
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    assert get_secret(SIM_PIN) == "1234" and tab.sms_pin.text() == ""
    stored = setup(demo_db)
    assert stored.pin_stored and stored.settings.channels["sms"]["status_reports"] is True
    assert "1234" not in str(stored.settings.to_json())
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.load()
    assert tab.sms_reports.isChecked() and "keyring" in tab.sms_pin.placeholderText()


def test_with_the_collectors_senders_running_the_page_goes_through_them(  # type: ignore[no-untyped-def]
    qtbot, demo_db, staff
) -> None:
    """The GUI's collector runs the SMS sender on the modem (socket://): "Check" and "Send
    a test" are answered by that sender (one connection to the modem, nothing
    interleaved), a message queued meanwhile goes out once; saving with SMS off stops the
    sender, and the page says the queued messages wait."""
    sim = GsmModemSim()
    url = sim.start_tcp()
    sms = {"port": url, "baud": 115200, "status_reports": False}  # as the page saves it
    save_setup(demo_db, staff["admin"], NotifySettings(channels={"sms": sms}, quiet_from=None))
    collector = Collector(demo_db, CollectorConfig())  # as the GUI starts it, in-process
    collector.start()
    service = collector.messages
    assert service is not None and running_service() is service
    try:
        dialog = open_page(qtbot, demo_db, staff["admin"])
        page, tab = dialog.messages, dialog.messages.channels
        now = datetime.now(UTC)
        with demo_db.write() as s:
            s.add(OutboxMessage(key="gui:q", channel="sms", recipient="13800138000",
                                kind="manual", text=ZH200, next_try_at=now, created_at=now,
                                updated_at=now))  # fmt: skip
        service.wake()
        with qtbot.waitSignal(page.checked, timeout=60_000) as checked:
            tab.sms_check.click()
        assert checked.args[1].ready, checked.args[1].text
        tab.test_channel.setCurrentIndex(tab.test_channel.findData("sms"))
        tab.test_to.setText("13800138000")
        tab.test_text.setText("测试短信")
        with qtbot.waitSignal(page.tested, timeout=60_000) as sent:
            tab.test_button.click()
        assert sent.args[0].status == "sent", sent.args[0].detail
        qtbot.waitUntil(lambda: len(sim.messages) == 2, timeout=60_000)
        assert sorted(m.text for m in sim.messages) == sorted([ZH200, "测试短信"])
        assert sim.connections == 1 and sim.unknown == []
        with demo_db.write() as s:
            s.add(OutboxMessage(key="gui:later", channel="sms", recipient="13800138000",
                                kind="manual", text="later", created_at=now, updated_at=now,
                                next_try_at=now + timedelta(hours=1)))  # fmt: skip
        tab.sms_on.setChecked(False)
        with qtbot.waitSignal(page.saved, timeout=60_000):
            page.save_button.click()
        assert service.sender("sms") is None
        assert "1 messages wait for channel SMS" in page.status.text()
    finally:
        collector.stop()
        sim.stop()
