"""Every event kind the code writes has a sentence in both languages, built from its facts,
and the Chinese one carries no English word (Qt-free: ``app.livedata.event_text``).

The kinds are found in the source, not listed by hand: every ``Event(kind=...)`` and
``EventSpec("...")`` of ``app``, so a new kind without its sentence fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from app.i18n import CATALOG
from app.livedata.error_text import ERROR_TEMPLATES, describe_error, legacy_kind
from app.livedata.event_text import (
    EVENT_TITLES,
    OUTCOMES,
    SENTENCES,
    describe,
    kind_title,
)
from app.models import CommandStatus

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[A-Za-z]{3,}")
# words that are the same in a Chinese text: units and technical names
ALLOWED = {
    "kWh",
    "CRC",
    "ESAM",
    "WattDesk",
    "Linux",
    "dialout",
    "socket",
    "rfc",
    "HOST",
    "PORT",
    "TCP",
}


def _kinds_in(expr: ast.expr, constants: dict[str, str]) -> set[str] | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        left, right = _kinds_in(expr.body, constants), _kinds_in(expr.orelse, constants)
        return None if left is None or right is None else left | right
    if isinstance(expr, ast.Name) and expr.id in constants:
        return {constants[expr.id]}
    return None


def emitted_kinds() -> set[str]:
    """Kinds of every Event(...) / EventSpec(...) call in app, and the executor's
    ``event_kind=`` and ``command.<status>`` kinds."""
    kinds: set[str] = set()
    unresolved: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if "ui" in path.relative_to(ROOT / "app").parts[:1]:
            continue  # the windows show events, they do not make them
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for t in node.targets
            if isinstance(t, ast.Name) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            expr: ast.expr | None = None
            if name == "EventSpec" and node.args:
                expr = node.args[0]
            elif name == "Event":
                expr = next((k.value for k in node.keywords if k.arg == "kind"), None)
            for k in node.keywords:
                if k.arg == "event_kind" and isinstance(k.value, ast.Constant):
                    kinds.add(str(k.value.value))
            if expr is None:
                continue
            found = _kinds_in(expr, constants)
            if found is None:
                unresolved.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(expr)}")
            else:
                kinds |= found
    # the executor writes ``event_kind or f"command.{status.value}"`` for a finished command:
    # the statuses its ``_finish`` calls give
    executor = ast.parse((ROOT / "app/collector/executor.py").read_text(encoding="utf-8"))
    for node in ast.walk(executor):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "_finish":
            status = node.args[1]
            assert isinstance(status, ast.Attribute), ast.unparse(status)
            kinds.add(f"command.{CommandStatus[status.attr].value}")
    from app.loadcontrol.actions import EVENT_KINDS as LOAD_KINDS

    kinds |= LOAD_KINDS  # written through actions.room_event(kind, ...)
    known_indirect = {
        "app/loadcontrol/actions.py",  # the load control kinds added just above
        "app/collector/executor.py",  # the command kinds added just above
        "app/collector/writer.py",  # the EventSpec kinds
        "app/collector/event_samples.py",  # samples of the kinds above
    }
    strange = [u for u in unresolved if u.split(":")[0] not in known_indirect]
    assert not strange, f"event kinds the test cannot read: {strange}"
    return kinds


# facts of one realistic event of each kind (a command: every outcome, below)
SAMPLES: dict[str, list[dict[str, Any]]] = {
    "meter.online": [{"online": True}],
    "meter.offline": [
        {"misses": 3, "never": False, "error": "x", "error_kind": k, "error_facts": f}
        for k, f in [
            ("timeout", {}),
            ("timeout.partial", {"have": 4, "need": 17}),
            ("timeout.strangers", {"count": 2}),
            ("timeout.wildcard", {}),
            ("crc", {}),
            ("checksum", {}),
            ("frame", {}),
            ("frame.wrong_unit", {"got": 4, "asked": 5}),
            ("frame.wrong_address", {"got": "000000000004", "asked": "000000000005"}),
            ("frame.wrong_function", {"got": 0x83, "asked": 3}),
            ("frame.noise", {"count": 7}),
            ("frame.wildcard", {"count": 2}),
            ("collision", {"found": ["000000000001"]}),
            ("exception", {"function": 3, "code": 2}),
            ("exception", {"function": 3, "code": 99}),
            ("rejected", {"code": 4, "reasons": ["password wrong or unauthorised"]}),
            ("rejected", {"code": 0, "reasons": ["error byte 00"]}),
            ("recharge_rejected", {"code": 2, "reasons": ["repeat"]}),
            ("unsupported", {}),
            ("profile", {"file": "x.toml", "key": "relay"}),
            ("driver", {}),
            ("other", {}),
            *((kind, {}) for kind in ("permission", "no_port", "busy", "bad_url", "refused")),
            *((kind, {}) for kind in ("unknown_host", "unreachable", "closed", "waiting", "io")),
        ]
    ]
    + [{"misses": 1, "never": True, "error": "no reply"}],
    "meter.reset": [{"reset": True}],
    "meter.replaced": [{"before": "1234.56", "after": "0.12"}],
    "relay.changed": [
        {"relay": "open", "by": "rule:cutoff_line", "rule": "cutoff_line"},
        {"relay": "closed", "by": "meter", "rule": ""},
        {"relay": "open", "by": "rule", "rule": "no_cut.night"},
    ],
    "relay.cut_suppressed": [{"rule": "guarantee.building", "balance_fen": -120}],
    "balance.alarm": [
        {"balance_fen": 480, "alarm": 2, "account_id": 1},
        {"balance_fen": 480, "alarm": 1},
    ],
    "recharge.confirmed": [
        {"command_id": 7, "kind": "recharge", "amount_fen": 5000, "count": 3, "how": h}
        for h in ("reply", "readback_lost_reply", "readback_doubt", "repeat_count_ok")
    ]
    + [{"command_id": 7, "amount_fen": 5000, "count": 3, "balance_fen": 6210}],
    "billing.skipped": [
        {"total": "12.00", "reason": "backwards", "before": "13.00"},
        {"total": "12.00", "reason": "implausible", "kwh": "900.00", "hours": "0.25"},
        {"total": "12.00", "reason": "tariff"},
    ],
    "clock.drift": [{"s": 312.4}],
    "energy.backwards": [{"before": "12.34", "after": "12.31"}],
    "power.over_limit": [{"power_w": 2400, "limit_w": 2000}],
    "vacant.consumption": [{"room": 7, "watts": 340, "line_w": 50}],
    "reconcile.mismatch": [
        {"code": c, "meter_count": 3, "ledger_count": 4, "reason": "x"}
        for c in ("fewer", "unknown", "money")
    ],
    "bus.crashed": [
        {"link": "1号总线", "reason": "RuntimeError: x", "restart_s": 8, "error_kind": "other"},
        {"link": "1号总线", "reason": "x", "restart_s": 0.5, "error_kind": "timeout"},
    ],
    # w17-time: app/timecontrol/execute.py
    **{
        kind: [
            {
                "timetable": "宿舍熄灯",
                "transition": transition,
                "due": "2026-09-30 23:00",
                "holiday": holiday,
                "late_s": late,
                "outcome": outcome,
                "rule": "guarantee.meter",
            }
            for transition, outcome, holiday, late in [
                ("off", "queued", False, 0),
                ("off", "queued", True, 2400),
                ("off", "already_off", False, 0),
                ("off", "kept_off", False, 0),
                ("off", "guaranteed", False, 0),
                ("on", "queued", False, 0),
            ]
        ]
        for kind in ("timetable.cut", "timetable.restore", "timetable.held")
    },
    **{
        f"load.{action}": [
            {
                "source": "platform",
                "verdict": "forbidden",
                "appliance": "immersion_heater",
                "delta_w": 1800.0,
                "power_factor": 0.99,
                "action": action,
                "rule": "guarantee.meter" if action == "held" else "",
            },
            {"source": "meter", "meter_event": "malicious_load", "action": action},
        ]
        for action in ("cut", "alarm", "held", "already_cut", "already_off")
    },
    "load.needs_manager": [{"restores": 3, "limit": 3}],
    "load.restore": [
        {"kind": "auto", "outcome": o} for o in ("queued", "kept_arrears", "kept_timetable")
    ]
    + [{"kind": "manual", "outcome": "queued", "reason": "热水器已收走"}],
    "load.learned": [{"name": "小冰箱", "delta_w": 90.0}],
    "field.note": [{"by": "zhang", "text": "电表箱门锁坏了"}],
}
OUTCOME_FACTS: dict[str, dict[str, Any]] = {
    "expired_before_run": {},
    "expired_unsent": {},
    "expired_never_reached": {},
    "refused": {"error": "x", "error_kind": "unsupported", "error_facts": {}},
    "unknown_kind": {"name": "foo"},
    "count_ahead": {"count": 4},
    "count_mismatch": {"count": 2, "expected": 4},
    "meter_refused": {"reason": "over_maximum"},
    "unknown_action": {"action": "blink"},
    "relay_confirmed": {"action": "cut", "state": "open"},
    "relay_kept": {"action": "close", "state": "open", "guarantee": True},
    "params_differ": {"wrong": ["alarm1", "alarm2"]},
    "params_written": {},
    "clock_unreadable": {},
    "clock_ok": {"clock": "12:00:01"},
    "clock_still": {"clock": "2026-01-01 00:00:00"},
}
for _status in ("confirmed", "failed", "expired"):
    SAMPLES[f"command.{_status}"] = [
        {"command_id": 12, "kind": kind, "outcome": outcome, **facts}
        for outcome, facts in OUTCOME_FACTS.items()
        for kind in ("relay", "recharge", "params", "clock")
    ]


def _fact_words(data: dict[str, Any]) -> set[str]:
    """Words that come from the facts themselves (a login, a parameter name, a link)."""
    text = " ".join(str(v) for k, v in data.items() if k not in ("error", "reason"))
    return set(WORD.findall(text))


def test_every_emitted_kind_has_a_sentence_in_both_languages() -> None:
    kinds = emitted_kinds()
    assert {"meter.offline", "relay.changed", "command.confirmed", "bus.crashed"} <= kinds
    missing = sorted(k for k in kinds if k not in EVENT_TITLES or k not in SENTENCES)
    assert not missing, f"event kinds without a sentence: {missing}"
    zh = CATALOG["zh_CN"]
    assert all(EVENT_TITLES[k] in zh for k in kinds)
    assert set(SAMPLES) >= kinds, f"kinds without a sample: {sorted(kinds - set(SAMPLES))}"
    assert set(OUTCOME_FACTS) == set(OUTCOMES)
    sampled = {d.get("error_kind") for d in SAMPLES["meter.offline"]}
    assert set(ERROR_TEMPLATES) <= sampled, sorted(set(ERROR_TEMPLATES) - sampled)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_chinese_sentences_have_no_english_words(kind: str) -> None:
    for data in SAMPLES[kind]:
        english = describe(kind, data, "en", "an English message")
        chinese = describe(kind, data, "zh_CN", "an English message")
        assert english != chinese
        assert english != kind_title(kind, "en"), f"{kind} {data}: facts not used"
        words = set(WORD.findall(chinese)) - ALLOWED - _fact_words(data)
        assert not words, f"{kind} {data}: {chinese!r} has English words {sorted(words)}"
        # and none of the English sentence's own words leaked
        leaked = (set(WORD.findall(english)) & set(WORD.findall(chinese))) - ALLOWED
        assert leaked <= _fact_words(data), f"{kind}: {chinese!r}"


def test_old_events_without_facts_read_as_their_kind() -> None:
    """Rows written before the facts were: a generic sentence in Chinese, never the stored
    English; an English reader also gets the stored message."""
    for kind in EVENT_TITLES:
        for data in (None, {}, {"command_id": 3, "kind": "relay"}, {"balance_fen": "lots"}):
            chinese = describe(kind, data, "zh_CN", "relay #12: cut: relay cut (read back)")
            if kind in ("command.confirmed", "command.failed", "command.expired"):
                assert chinese == kind_title(kind, "zh_CN"), chinese
            assert "relay" not in chinese and "read back" not in chinese, (kind, chinese)
    assert describe("meter.online", None, "zh_CN", "meter answers again") == "电表恢复在线"
    assert describe("meter.online", None, "en", "meter answers again") == (
        "Meter back online: meter answers again"
    )
    assert describe("some.new_kind", {"a": 1}, "zh_CN", "detail") == "其他事件"
    # an old offline row: the driver's English is recognised, or a generic error in Chinese
    old = {"misses": 3, "error": "reply from unit 4, asked unit 5", "never": False}
    assert describe("meter.offline", old, "zh_CN").endswith("应答来自 4 号站，请求的是 5 号站")
    odd = {"misses": 3, "error": "something the driver said", "never": False}
    assert describe("meter.offline", odd, "zh_CN").endswith("通信错误")
    assert describe("meter.offline", odd, "en").endswith("something the driver said")


def test_legacy_driver_texts_are_recognised() -> None:
    assert legacy_kind("no reply") == ("timeout", {})
    assert legacy_kind("reply stopped after 4 of 17 bytes") == (
        "timeout.partial",
        {"have": "4", "need": "17"},
    )
    assert legacy_kind("bad CRC in reply 01 03")[0] == "crc"  # type: ignore[index]
    assert legacy_kind("no reply (dropped 2 frame(s) answering something else)") == (
        "timeout.strangers",
        {"count": "2"},
    )
    assert describe_error(None, None, "zh_CN", "bad CRC in reply 01") == "应答损坏（CRC 校验错误）"
    # the port's texts of the link feed
    gone = "cannot open /dev/ttyUSB0: [Errno 2] could not open port /dev/ttyUSB0: No such file"
    assert legacy_kind(gone) == ("no_port", {})
    assert describe_error(None, None, "zh_CN", gone) == "本机没有这个端口"
    waiting = "/dev/ttyUSB0 unavailable (cannot open x: busy); next attempt in 1.0 s"
    assert legacy_kind(waiting) == ("waiting", {})
    assert legacy_kind("I/O error: device reports readiness") == ("io", {})
