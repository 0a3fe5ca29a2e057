"""Messages of the core (errors, CLI output) in the user's language, without Qt.

Source strings are English; ``CATALOG`` holds their 简体中文 text. The GUI uses Qt
Linguist files for its own strings and this module for messages raised by services, so an
error reads the same in the CLI and in a dialog.
"""

from __future__ import annotations

from .config import ui_language

CATALOG: dict[str, dict[str, str]] = {
    "zh_CN": {
        "row {row}, column {column}: {reason}": "第 {row} 行，{column} 列：{reason}",
        "required value is missing": "必填项为空",
        "area must be a number of square metres, got {value!r}": "面积必须是平方米数，实际为 {value!r}",
        "area must not be negative, got {value}": "面积不能为负数，实际为 {value}",
        "area has more than 2 decimal places: {value}": "面积最多两位小数：{value}",
        "unknown billing mode {value!r} (use meter or platform)": "未知计费方式 {value!r}（应为 meter 表端 或 platform 后台）",
        "unknown meter profile {value!r}": "未知电表型号配置 {value!r}",
        "unknown meter role {value!r} (use tenant, master or common)": "未知电表角色 {value!r}（应为 tenant、master 或 common）",
        "unknown tenant kind {value!r}": "未知租户类型 {value!r}",
        "Modbus address must be 1-247, got {value!r}": "Modbus 地址必须为 1-247，实际为 {value!r}",
        "DL/T 645 address must be 12 digits, got {value!r}": "DL/T 645 地址必须为 12 位数字，实际为 {value!r}",
        "meter address {address} on link {link} already used in row {other}": "电表地址 {address} 在链路 {link} 上已在第 {other} 行使用",
        "meter address {address} on link {link} already belongs to room {room}": "电表地址 {address} 在链路 {link} 上已属于房间 {room}",
        "link {link} mixes protocols {first} and {second}": "链路 {link} 混用了协议 {first} 和 {second}",
        "room {room} appears twice (rows {first} and {second}) with different data": "房间 {room} 出现两次（第 {first} 行和第 {second} 行），数据不一致",
        "not a valid serial port or gateway URL: {value!r}": "不是有效的串口或网关地址：{value!r}",
        "the sheet has no column {column!r}": "表格缺少列 {column!r}",
        "the sheet is empty": "表格为空",
        "cannot read {path}: {reason}": "无法读取 {path}：{reason}",
        "unsupported file type {suffix!r}: use .csv or .xlsx": "不支持的文件类型 {suffix!r}：请使用 .csv 或 .xlsx",
        "text is longer than {limit} characters": "文字超过 {limit} 个字符",
        "{count} error(s); nothing was written.": "共 {count} 处错误；未写入任何数据。",
        "Checked {rows} rows: {created} to create, {updated} to update, {unchanged} unchanged (dry run, nothing written).": "已检查 {rows} 行：新建 {created}，更新 {updated}，未变 {unchanged}（试运行，未写入）。",
        "Imported {rows} rows: {created} created, {updated} updated, {unchanged} unchanged.": "已导入 {rows} 行：新建 {created}，更新 {updated}，未变 {unchanged}。",
        "Database ready at {url} (schema {revision}).": "数据库已就绪：{url}（结构版本 {revision}）。",
        "Demo park {park!r} created: {rooms} rooms, {meters} meters on {links} links in {seconds:.1f} s.": "演示园区 {park!r} 已创建：{rooms} 个房间、{meters} 块电表、{links} 条链路，用时 {seconds:.1f} 秒。",
        "The demo park already exists; nothing added.": "演示园区已存在，未添加任何数据。",
        "The database is empty: no park yet.": "数据库为空：尚无园区。",
        "This command is not available yet (it comes with issue {issue}).": "此命令尚未提供（将随任务 {issue} 实现）。",
        "The database has several parks; choose one with --park.": "数据库中有多个园区，请用 --park 指定。",
        "no park named {name!r}": "没有名为 {name!r} 的园区",
        "My park": "我的园区",
        "Cash": "现金",
        "Bank card": "银行卡",
        "Bank transfer": "转账",
        "QR payment": "扫码支付",
        "Credited to the meter (confirmed by read-back)": "已写入电表（回读确认）",
        "Pending: will be written to the meter when it answers": "待写表：电表响应后自动写入",
        "Credited to the account": "已入账（后台计费）",
        "Receipt No.": "收据编号",
        "Date": "日期",
        "Operator": "操作员",
        "Tenant": "租户",
        "Room": "房间",
        "Meter": "电表",
        "Account": "账户",
        "Payment": "支付方式",
        "Amount": "充值金额",
        "In words": "大写",
        "Balance before": "充值前余额",
        "Balance after": "充值后余额",
        "Prices": "电价",
        "State": "状态",
        "Note": "备注",
        "Electricity recharge receipt": "购电收据",
        "COPY": "补打",
        "Verification": "校验码",
        "Service phone": "服务电话",
        "Cashier signature:": "收款人签字：",
        "Customer signature:": "交款人签字：",
        "amounts must not be floating point numbers": "金额不能是浮点数",
        "the amount is empty": "金额为空",
        "{text!r} is not an amount of money": "{text!r} 不是有效金额",
        "{text!r} has more than two decimal places (fen)": "{text!r} 超过两位小数（分）",
        "the amount must not be zero": "金额不能为零",
        "the amount must not be negative": "金额不能为负数",
        "{text!r} is far too large an amount": "{text!r} 金额过大",
    },
}


def tr(message: str, /, **values: object) -> str:
    """Translate ``message`` to the UI language and fill in ``values``."""
    text = CATALOG.get(ui_language(), {}).get(message, message)
    return text.format(**values) if values else text
