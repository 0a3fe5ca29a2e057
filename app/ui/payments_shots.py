"""Screenshots of the online payments window (线上缴费 / 对账) and Settings → Online payments.

``python -m app.ui.payments_shots DIR`` (QT_SCALE_FACTOR=1.5 for the 150 % set) builds a
throw-away demo park and writes a WeChat Pay 交易账单 in the platform's shape (UTF-8 with a
BOM, backticked values, a refund row, the summary pair): five tenants' payments naming their
account or room, one naming nothing. The window previews it (``payments-preview``), credits it
(``payments-credited``), shows the unmatched one with an account found by the search
(``payments-unmatched``), the reconciliation (``payments-reconcile``) and the history
(``payments-history``); then Settings → Online payments (``payments-settings``). 1280x800.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
WX = "4200001234202611030000000"
HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
SUMMARY = (
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
)


def _fen(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def demo_bill(pays: list[tuple[str, int, str, str]], refund: tuple[str, int]) -> bytes:
    """A WeChat Pay 交易账单 of ``pays`` (txn, fen, remark, openid) and one refund."""
    rows, settled = [], 0
    for i, (txn, fen, remark, payer) in enumerate(pays):
        amount = _fen(fen)
        cells = [f"2026-11-03 {9 + i:02d}:1{i}:00", "wx2421b1c4370ec43b", "1900000109", "0", "",
                 txn, f"M{i:08d}", payer, "JSAPI", "SUCCESS", "OTHERS", "CNY", amount, "0.00",
                 "0", "0", "0.00", "0.00", "", "", remark, "", "0.00000", "0.60%", amount,
                 "0.00", ""]  # fmt: skip
        rows.append(",".join("`" + c for c in cells))
        settled += fen
    txn, back = refund
    cells = ["2026-11-03 18:00:00", "wx2421b1c4370ec43b", "1900000109", "0", "", txn,
             "M00000000", pays[0][3], "JSAPI", "REFUND", "OTHERS", "CNY", "0.00", "0.00",
             "50300000000000001", "RF000001", _fen(back), "0.00", "ORIGINAL", "SUCCESS",
             pays[0][2], "", "-0.00000", "0.60%", _fen(back), _fen(back), ""]  # fmt: skip
    rows.append(",".join("`" + c for c in cells))
    total = [str(len(pays) + 1), _fen(settled), _fen(back), "0.00", "0.00000",
             _fen(settled + back), _fen(back)]  # fmt: skip
    text = "\r\n".join([HEADER, *rows, SUMMARY, ",".join("`" + c for c in total)])
    return b"\xef\xbb\xbf" + (text + "\r\n").encode("utf-8")


def _bill(db: Any, folder: Path) -> Path:
    """The demo's let rooms' tenants pay: by account number, by room, one by nothing."""
    from app.livedata.counter import counter_rooms

    let = [r for r in counter_rooms(db) if r.account_open and r.account_number]
    picked = let[:2] + let[-3:]
    pays = []
    for i, room in enumerate(picked):
        building = room.path.split(" / ")[0]
        remark = (
            f"电费充值 {room.account_number}" if i % 2 == 0 else f"{building} {room.number} 电费"
        )
        pays.append((f"{WX}{i + 1}", (i + 1) * 5000, remark, f"oUSER{i:04d}"))
    pays.append((f"{WX}9", 8800, "电费", "oNEWPAYER"))
    path = folder / "微信支付交易账单-2026-11-03.csv"
    path.write_bytes(demo_bill(pays, (f"{WX}1", 1000)))
    return path


def _notified(db: Any, actor: Any) -> None:
    """One payment the relay notified (the endpoint's own path, without HTTP)."""
    from datetime import UTC, datetime

    from app.livedata.counter import counter_rooms
    from app.payments.relay import take_notification

    room = next(r for r in counter_rooms(db) if r.account_open and r.account_number)
    payload = {
        "platform": "alipay",
        "transaction_id": "2026110322001400000000077",
        "amount": "30.00",
        "account": room.account_number,
        "payer": "138****1234",
        "remark": "电费",
    }
    take_notification(db, actor, payload, uuid.uuid4().hex, datetime.now(UTC))


def payments_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The five tabs' pictures and the settings page (see the module's text)."""
    from app.db import open_database
    from app.demo import build_demo
    from app.security import Role, add_operator, create_first_admin, login

    from .payments import PaymentsWindow
    from .screenshots import loop_wait, pause
    from .settings import SettingsDialog

    saved: list[Path] = []

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"payments-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/payments.sqlite")
        build_demo(db, rooms=100, opening_balances=False)
        password = uuid.uuid4().hex
        admin = create_first_admin(db, "admin", "管理员", password)
        add_operator(db, admin, "cashier", "财务李会计", Role.CASHIER, password)
        cashier = login(db, "cashier", password)
        bill = _bill(db, Path(tmp))
        _notified(db, cashier)
        window = PaymentsWindow(db, cashier, ZONE)
        window.resize(1280, 800)
        window.show()
        window.load()
        with_preview = window.importing
        with_preview.open_file(bill)
        loop_wait(with_preview.previewed)
        shot(window, "preview")
        with_preview.credit()
        loop_wait(with_preview.credited)
        shot(window, "credited")
        window.tabs.setCurrentWidget(window.unmatched)
        window.unmatched.load()
        loop_wait(window.unmatched.loaded)
        window.unmatched.table.selectRow(0)
        window.unmatched.search.setText("301")
        window.unmatched.find()
        pause(app, 800)
        window.unmatched.found.setCurrentRow(0)
        shot(window, "unmatched")
        window.tabs.setCurrentWidget(window.reconciling)
        window.reconciling.run()
        loop_wait(window.reconciling.reconciled)
        shot(window, "reconcile")
        window.tabs.setCurrentWidget(window.history)
        window.history.load()
        loop_wait(window.history.loaded)
        shot(window, "history")
        window.wait()
        window.close()
        dialog = SettingsDialog(db, admin)
        dialog.resize(1280, 800)
        dialog.show()
        dialog.show_page(dialog.payments)
        dialog.payments.load()
        loop_wait(dialog.payments.loaded)
        shot(dialog, "settings")
        dialog.wait()
        dialog.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.payments_shots DIR``: these pictures alone."""
    from app.ui.screenshots import standalone

    return standalone(argv, payments_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
