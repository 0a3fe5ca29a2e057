"""The Billing window (计费) driven as a finance clerk would, over a real demo database.

The demo park comes with its schemes and fee items (物业费 per m², monthly, deducted, in
force from last month). The window adds a fee item through its editor (and refuses a bad
amount, naming the field), previews last month's property fee (every account's line with
how it was computed), posts it (``ledger verify`` holds, the history says posted), reverses
it with a reason, and cancels a bill. A cashier and an operator see the actions greyed out
with the reason. Every step waits on the window's own signals (its worker thread).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.billing.bills import issue_bill, local_today
from app.db import Database
from app.ledger.journal import verify
from app.models import (
    Account,
    AccountStatus,
    Bill,
    BillingLine,
    BillingRun,
    BillStatus,
    FeeItem,
    Role,
    Tenant,
)
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.billing import BillingWindow
from app.ui.tables import chosen

ZONE = ZoneInfo("Asia/Shanghai")
PASSWORD = "Billing-2026!"
WAIT = 30_000
TODAY = local_today()  # the park's date; the demo's definitions hold from last month
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> Database:
    from app.demo import build_demo

    build_demo(db, rooms=120, opening_balances=False)
    return db


@pytest.fixture
def staff(park: Database) -> dict[Role, Actor]:
    people = {Role.ADMIN: create_first_admin(park, "admin", "管理员", PASSWORD)}
    for role in (Role.CASHIER, Role.OPERATOR):
        add_operator(park, people[Role.ADMIN], role.value, role.value, role, PASSWORD)
        people[role] = login(park, role.value, PASSWORD)
    return people


def open_window(qtbot: Any, db: Database, actor: Actor) -> BillingWindow:
    window = BillingWindow(db, actor, ZONE, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.definitions.loaded, timeout=WAIT):
        window.load()
    return window


def column(table: Any, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def select_row(table: Any, text: str, col: int = 0) -> None:
    rows = [r for r in range(table.rowCount()) if table.item(r, col).text() == text]
    assert rows, f"{text} not in {column(table, col)}"
    table.selectRow(rows[0])


# ------------------------------------------------------------------ schemes and fee items


def test_the_lists_show_the_demo_definitions(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    assert "物业费" in column(window.definitions.fees, 0)
    assert any(name.endswith("损耗") for name in column(window.definitions.schemes, 0))
    assert window.definitions.schemes.rowCount() >= 2


def test_add_a_fee_item_through_the_editor(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    page = window.definitions
    dialog = page.open_editor("fee")
    dialog.name.setText("垃圾费")
    dialog.kind.setCurrentIndex(dialog.kind.findData("fixed"))
    dialog.amount.setText("12.505")  # three decimals: refused, the amount named
    with qtbot.waitSignal(dialog.refused, timeout=WAIT) as refused:
        dialog.save()
    assert refused.args[0].startswith(dialog.tr("Amount (yuan)"))
    assert "12.505" in dialog.error.text()
    assert "amount" not in dialog.error.text()  # the key is shown as the form's label
    assert "c62828" in dialog.amount.styleSheet()  # the field is outlined
    assert dialog.isVisible()
    with park.read() as s:
        assert s.scalar(select(FeeItem).where(FeeItem.name == "垃圾费")) is None

    dialog.amount.setText("12.50")
    dialog.period.setCurrentIndex(dialog.period.findData("monthly"))
    dialog.mode.setCurrentIndex(dialog.mode.findData("bill"))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save()
    qtbot.waitUntil(lambda: "垃圾费" in column(page.fees, 0), timeout=WAIT)
    with park.read() as s:
        item = s.scalar(select(FeeItem).where(FeeItem.name == "垃圾费"))
        assert item is not None
        assert item.definition["amount"] == "12.50"
        assert Decimal(item.definition["amount"]) == Decimal("12.50")
        assert item.definition["mode"] == "bill" and item.definition["scope"] == {"park": True}


def test_a_scheme_without_buildings_is_refused_by_name(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    dialog = window.definitions.open_editor("scheme")
    dialog.name.setText("测试公摊")
    dialog.scope.setCurrentIndex(dialog.scope.findData("buildings"))  # none ticked
    with qtbot.waitSignal(dialog.refused, timeout=WAIT):
        dialog.save()
    assert "c62828" in dialog.places.styleSheet()
    assert dialog.error.text().startswith(dialog.tr("Buildings"))


def test_a_fee_for_accounts_named_by_number(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    with park.read() as s:
        rows = s.execute(
            select(Account.id, Account.number).where(Account.status == AccountStatus.OPEN)
        ).tuples()
        (first, one), (second, two) = list(rows)[:2]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    page = window.definitions
    dialog = page.open_editor("fee")
    dialog.name.setText("服务费")
    dialog.amount.setText("100")
    dialog.scope.setCurrentIndex(dialog.scope.findData("accounts"))
    dialog.accounts.setText(f"{one} NOPE-1")
    with qtbot.waitSignal(dialog.refused, timeout=WAIT):
        dialog.save()
    assert "NOPE-1" in dialog.error.text() and "c62828" in dialog.accounts.styleSheet()
    dialog.accounts.setText(f"{one}, {two}")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save()
    with park.read() as s:
        item = s.scalar(select(FeeItem).where(FeeItem.name == "服务费"))
        assert item is not None and item.definition["scope"] == {"accounts": [first, second]}
        assert item.definition["amount"] == "100.00"
    qtbot.waitUntil(lambda: "服务费" in column(page.fees, 0), timeout=WAIT)
    select_row(page.fees, "服务费")
    again = page.open_editor("fee", chosen(page.fees))
    assert again.accounts.text() == f"{one} {two}"  # shown as numbers, not ids


def test_add_a_scheme_and_deactivate_it(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    page = window.definitions
    dialog = page.open_editor("scheme")
    dialog.name.setText("园区损耗")
    dialog.scope.setCurrentIndex(dialog.scope.findData("buildings"))
    dialog.places.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.source.setCurrentIndex(dialog.source.findData("loss"))
    dialog.basis.setCurrentIndex(dialog.basis.findData("area"))
    dialog.cap.setText("30")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        dialog.save()
    stored = saved.args[0]
    assert stored.definition["basis"] == "area" and stored.definition["cap_percent"] == "30"
    assert stored.definition["scope"] == {"buildings": [page.parks[0].buildings[0].id]}
    qtbot.waitUntil(lambda: "园区损耗" in column(page.schemes, 0), timeout=WAIT)
    select_row(page.schemes, "园区损耗")
    assert page.buttons["scheme-deactivate"].isEnabled()
    assert not page.deactivate("scheme", chosen(page.schemes), confirmed=False)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        assert page.deactivate("scheme", chosen(page.schemes), confirmed=True)
    select_row(page.schemes, "园区损耗")
    assert not chosen(page.schemes).active
    assert not page.buttons["scheme-deactivate"].isEnabled()  # inactive already


def test_a_wrong_period_is_said_in_words(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    window.runs.period.setText("2026-13")
    with qtbot.waitSignal(window.runs.failed, timeout=WAIT) as failed:
        window.runs.load_sources()
    assert "2026-13" in failed.args[0] and "Traceback" not in failed.args[0]
    assert window.runs.message.text() == failed.args[0]


# ------------------------------------------------------------------ runs


def _preview_property_fee(qtbot, window) -> Any:  # type: ignore[no-untyped-def]
    runs = window.runs
    assert runs.period.text() == LAST_MONTH
    with qtbot.waitSignal(runs.sources_loaded, timeout=WAIT):
        runs.load_sources()
    select_row(runs.sources, "物业费")
    assert runs.preview_button.isEnabled()
    with qtbot.waitSignal(runs.previewed, timeout=WAIT) as done:
        runs.preview_button.click()
    return done.args[0]


def test_preview_post_and_reverse_a_run(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    runs = window.runs
    plan = _preview_property_fee(qtbot, window)
    assert plan.lines and runs.lines.rowCount() == len(plan.lines)
    assert all("m²" in how for how in column(runs.lines, 5))
    with park.read() as s:
        numbers = dict(s.execute(select(Account.id, Account.number)).tuples().all())
        open_accounts = set(
            s.scalars(select(Account.id).where(Account.status == AccountStatus.OPEN))
        )
    assert column(runs.lines, 0) == [numbers[x.account_id] for x in plan.lines]
    assert {x.account_id for x in plan.lines} <= open_accounts
    assert runs.post_button.isEnabled()

    with qtbot.waitSignal(runs.posted, timeout=WAIT) as posted:
        assert runs.post(confirmed=True)
    run_id = posted.args[0].id
    qtbot.waitUntil(lambda: str(run_id) in column(runs.history, 0), timeout=WAIT)
    assert verify(park).ok
    with park.read() as s:
        run = s.get(BillingRun, run_id)
        assert run is not None and run.status.value == "posted"
        lines = s.scalars(select(BillingLine).where(BillingLine.run_id == run_id)).all()
        assert sum(x.fen for x in lines) == plan.total_fen
    select_row(runs.history, str(run_id))
    assert runs.history.item(runs.history.currentRow(), 3).text() == "posted"
    assert runs.reverse_button.isEnabled()

    assert not runs.reverse(reason="   ")  # a reason is required
    assert runs.message.text()
    with qtbot.waitSignal(runs.reversed, timeout=WAIT):
        assert runs.reverse(reason="面积录错")
    qtbot.waitUntil(lambda: "面积录错" in column(runs.history, 10), timeout=WAIT)
    assert verify(park).ok
    with park.read() as s:
        run = s.get(BillingRun, run_id)
        assert run is not None and run.status.value == "reversed"
        assert run.reverse_reason == "面积录错"
    select_row(runs.history, str(run_id))
    assert not runs.reverse_button.isEnabled()  # reversed already

    # the fee item a run used keeps its rules: only its end date may change
    fees = window.definitions.fees

    def used_now() -> bool:
        select_row(fees, "物业费")
        return bool(chosen(fees).used)

    qtbot.waitUntil(used_now, timeout=WAIT)  # the lists reload after a post
    used = window.definitions.open_editor("fee", chosen(window.definitions.fees))
    assert used.item.used
    assert not used.amount.isEnabled() and not used.name.isEnabled()
    assert used.end.parentWidget().isEnabled()


def test_a_second_post_is_refused_in_words(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, park, staff[Role.ADMIN])
    runs = window.runs
    _preview_property_fee(qtbot, window)
    plan = runs.plan
    with qtbot.waitSignal(runs.posted, timeout=WAIT):
        runs.post(confirmed=True)
    runs.plan = plan  # a stale preview from before the post
    with qtbot.waitSignal(runs.failed, timeout=WAIT) as failed:
        runs.post(confirmed=True)
    assert "Traceback" not in failed.args[0] and str(plan.period) in failed.args[0]
    with park.read() as s:
        assert len(s.scalars(select(BillingRun)).all()) == 1


# ------------------------------------------------------------------ bills


def test_cancel_an_open_bill(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    with park.write() as s:
        account = s.scalar(select(Account.id).where(Account.status == AccountStatus.OPEN))
        assert account is not None
        number = issue_bill(s, account, "fee:1", LAST_MONTH, 8800, TODAY).number
    window = open_window(qtbot, park, staff[Role.ADMIN])
    page = window.bills
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    select_row(page.table, number)
    assert page.cancel_button.isEnabled()
    with qtbot.waitSignal(page.cancelled, timeout=WAIT):
        assert page.cancel(reason="开错了")
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
    with park.read() as s:
        bill = s.scalar(select(Bill).where(Bill.number == number))
        assert bill is not None and bill.status == BillStatus.CANCELLED


def test_export_the_arrears(qtbot, park, staff, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui import files

    with park.write() as s:
        account = s.scalar(select(Account.id).where(Account.status == AccountStatus.OPEN))
        assert account is not None
        late = issue_bill(s, account, "fee:1", LAST_MONTH, 8800, TODAY - timedelta(days=3))
    window = open_window(qtbot, park, staff[Role.ADMIN])
    target = tmp_path / "arrears.csv"
    monkeypatch.setattr(files, "save_path", lambda *_args: str(target))
    with qtbot.waitSignal(window.bills.exported, timeout=WAIT):
        assert window.bills.export("csv")
    text = target.read_text(encoding="utf-8-sig")
    assert late.number in text and "88.00" in text


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize("role", [Role.CASHIER, Role.OPERATOR])
def test_other_roles_see_the_actions_greyed_out(qtbot, park, staff, role) -> None:  # type: ignore[no-untyped-def]
    actor = staff[role]
    with park.write() as s:
        account = s.scalar(select(Account.id).where(Account.status == AccountStatus.OPEN))
        assert account is not None
        issue_bill(s, account, "fee:1", LAST_MONTH, 8800, TODAY)
    window = open_window(qtbot, park, actor)
    page = window.definitions
    for name in ("fee-add", "scheme-add"):
        assert not page.buttons[name].isEnabled()
        assert "administrator" in page.buttons[name].toolTip()
    select_row(page.fees, "物业费")
    assert not page.buttons["fee-edit"].isEnabled()
    runs = window.runs
    with qtbot.waitSignal(runs.sources_loaded, timeout=WAIT):
        runs.load_sources()
    select_row(runs.sources, "物业费")
    for button in (runs.preview_button, runs.post_button, runs.reverse_button):
        assert not button.isEnabled()
        assert "administrator" in button.toolTip()
    bills = window.bills
    if role is Role.CASHIER:  # the cashier reads the bills (paid at the counter)
        qtbot.waitUntil(lambda: bills.table.rowCount() == 1, timeout=WAIT)
        bills.table.selectRow(0)
    assert not bills.cancel_button.isEnabled()
    assert "administrator" in bills.cancel_button.toolTip()
    assert window.isVisible() and window.tabs.count() == 3


# ------------------------------------------------------------------ the main window


def test_the_toolbar_opens_the_billing_window_once(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

    window = MainWindow(park, staff[Role.ADMIN])
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "OpenBilling")
    assert action is not None and "read-only" not in action.toolTip()  # an admin: no warning
    action.trigger()
    billing = window.billing
    assert isinstance(billing, BillingWindow) and billing.isVisible()
    qtbot.waitUntil(lambda: billing.definitions.fees.rowCount() > 0, timeout=WAIT)
    buildings = billing.runs.building.count()
    with qtbot.waitSignal(billing.loaded, timeout=WAIT):
        assert window.open_billing() is billing  # built once, read again
    assert billing.runs.building.count() == buildings > 1
    window.close()


def test_the_toolbar_says_why_a_cashier_cannot_run_billing(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

    window = MainWindow(park, staff[Role.CASHIER])
    qtbot.addWidget(window)
    action = window.findChild(QAction, "OpenBilling")
    assert action is not None and "read-only" in action.toolTip()
    window.close()


# ------------------------------------------------------------------ follow-ups (w16-window2)


def test_the_scheme_editor_picks_meters_by_name_not_id(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    """Common-area and master meters are ticked in a list that names them (address or
    label, building, role) and follows the scope; the saved definition keeps their ids."""
    from app.models import Meter, MeterRole

    window = open_window(qtbot, park, staff[Role.ADMIN])
    page = window.definitions
    dialog = page.open_editor("scheme")
    first = page.parks[0].buildings[0]
    with park.read() as s:
        commons = {
            m.id: m
            for m in s.scalars(select(Meter).where(Meter.role == MeterRole.COMMON))
            if m.removed_at is None
        }
    ours = sorted(i for i, m in commons.items() if m.building_id == first.id)
    assert ours, "the demo's first building has a common-area meter"
    dialog.name.setText("一号楼公耗")
    dialog.source.setCurrentIndex(dialog.source.findData("common"))
    assert set(dialog.common.listed()) == set(commons)  # whole park: every common meter
    dialog.scope.setCurrentIndex(dialog.scope.findData("buildings"))
    dialog.places.item(0).setCheckState(Qt.CheckState.Checked)
    assert sorted(dialog.common.listed()) == ours  # follows the ticked building
    texts = [dialog.common.item(r).text() for r in range(dialog.common.count())]
    assert all(first.name in t and "common-area meter" in t for t in texts), texts
    assert all(commons[ours[0]].address in t for t in texts[:1])
    assert not dialog.masters.isEnabled()  # a common-use scheme names no master meter
    dialog.common.set_checked(ours[0])
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        dialog.save()
    stored = saved.args[0]
    assert stored.definition["common_meters"] == [ours[0]]
    assert stored.definition["scope"] == {"buildings": [first.id]}

    again = page.open_editor("scheme", stored)  # reopened: the stored meter is ticked
    assert again.common.ids() == [ours[0]]


def test_the_due_list_says_the_kind_in_words(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    """The due list's third column says what a source is (损耗公摊, fee · by area ·
    deducted); the raw key stays on the row as its data for the run."""
    window = open_window(qtbot, park, staff[Role.ADMIN])
    runs = window.runs
    with qtbot.waitSignal(runs.sources_loaded, timeout=WAIT) as loaded:
        runs.load_sources()
    rows = loaded.args[0]
    kinds = column(runs.sources, 2)
    assert rows and not any(":" in k for k in kinds), kinds
    by_item = dict(zip(column(runs.sources, 0), kinds, strict=True))
    assert by_item["物业费"] == "fee · by area · deducted"
    assert any(k == "loss apportionment" for k in kinds), kinds
    keys = [runs.sources.item(r, 0).data(Qt.ItemDataRole.UserRole).source for r in range(len(rows))]
    assert keys == [r.source for r in rows] and all(":" in k for k in keys)


def test_excluded_accounts_complete_from_the_tenant_name(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    """Typing part of a tenant's name in "Excluded accounts" offers the account; choosing
    it writes the number, and the saved scheme keeps the account's id."""
    window = open_window(qtbot, park, staff[Role.ADMIN])
    with park.read() as s:
        account, number, tenant = s.execute(
            select(Account.id, Account.number, Tenant.name)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .where(Account.status == AccountStatus.OPEN)
            .order_by(Account.number)
            .limit(1)
        ).one()
    dialog = window.definitions.open_editor("scheme")
    dialog.name.setText("排除测试")
    dialog.excluded.setFocus()
    typed = QInputMethodEvent("", [])  # Chinese arrives from the input method, not keys
    typed.setCommitString(tenant[:4])
    QApplication.sendEvent(dialog.excluded, typed)
    completer = dialog.completers[0]
    assert completer.completionCount() >= 1
    qtbot.waitUntil(completer.popup().isVisible, timeout=WAIT)
    offered = [
        completer.popup().model().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert f"{number} {tenant}" in offered
    popup = completer.popup()
    popup.setCurrentIndex(popup.model().index(offered.index(f"{number} {tenant}"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.excluded.text() == number
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        dialog.save()
    assert saved.args[0].definition["exclude_accounts"] == [account]


def test_a_refusal_in_chinese_names_the_field_once(qtbot, park, staff, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The service says "名称 name：…"; the form puts its label for the key: "名称：…", not
    "名称 名称：…", and all of it in Chinese (the demo has a 物业费 already)."""
    from PySide6.QtCore import QCoreApplication

    from app.ui.i18n import install_translators

    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    translators = install_translators(QCoreApplication.instance(), "zh_CN")
    try:
        window = open_window(qtbot, park, staff[Role.ADMIN])
        dialog = window.definitions.open_editor("fee")
        dialog.name.setText("物业费")
        dialog.amount.setText("3.00")
        with qtbot.waitSignal(dialog.refused, timeout=WAIT) as refused:
            dialog.save()
        text = refused.args[0]
        assert text.startswith("名称：") and "名称 名称" not in text and "name" not in text, text
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
