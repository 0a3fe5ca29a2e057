"""``python -m app load whitelist list|add|remove`` and ``load settings show|set`` as real
subprocesses on SQLite and PostgreSQL: entries by hand and from a recorded load event,
removal, settings by name with validation; the role checked in the service (a cashier is
refused), every change audited, bad input a sentence in English and Chinese (exit 1 or 2),
never a traceback."""

from __future__ import annotations

from sqlalchemy import select

from app.db import open_database
from app.loadcontrol.store import config_for
from app.loadcontrol.wiring import read_plan
from app.models import AuditEntry, LoadEvent, LoadWhitelist
from tests.timecontrol.conftest import Dorm

from .test_cli import run, site  # noqa: F401  (the fixture: 宿舍A, room 101 cut)


def _entries(url: str) -> list[LoadWhitelist]:
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            return list(s.scalars(select(LoadWhitelist).order_by(LoadWhitelist.id)))
    finally:
        fresh.dispose()


def _audited(url: str, action: str) -> int:
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            return len(s.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())
    finally:
        fresh.dispose()


def test_whitelist_by_hand_from_an_event_and_removed(site: tuple[str, Dorm]) -> None:  # noqa: F811
    url, dorm = site
    empty = run(url, "whitelist", "list", "--building", "宿舍A")
    assert empty.returncode == 0 and "empty" in empty.stdout
    added = run(
        url, "whitelist", "add", "--building", "宿舍A", "--name", "饮水机",
        "--delta-w", "500", "--pf", "0.998", as_="operator",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            event_id = s.scalars(select(LoadEvent.id)).first()
    finally:
        fresh.dispose()
    from_event = run(
        url, "whitelist", "add", "--room", "101", "--name", "加热杯", "--event", str(event_id),
    )  # fmt: skip
    assert from_event.returncode == 0, from_event.stderr
    entries = _entries(url)
    assert [(e.name, e.room_id, e.signature["delta_w"]) for e in entries] == [
        ("饮水机", None, 500.0),
        ("加热杯", dorm.rooms["101"], 1800.0),
    ]
    assert entries[0].signature["tol_w"] == 60.0  # ±12 %
    listed = run(url, "whitelist", "list", "--room", "101")
    assert "饮水机" in listed.stdout and "加热杯" in listed.stdout
    only_building = run(url, "whitelist", "list", "--building", "宿舍A").stdout
    assert "饮水机" in only_building and "加热杯" not in only_building
    # what the collector's detector will use for room 101's meter: room entry first
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            plan = read_plan(s, [dorm.meters["101"], dorm.meters["102"]])
    finally:
        fresh.dispose()
    assert [x.name for x in plan[dorm.meters["101"]].whitelist.signatures] == ["加热杯", "饮水机"]
    assert [x.name for x in plan[dorm.meters["102"]].whitelist.signatures] == ["饮水机"]

    removed = run(url, "whitelist", "remove", str(entries[1].id), as_="operator")
    assert removed.returncode == 0, removed.stderr
    assert [e.name for e in _entries(url) if e.removed_at is None] == ["饮水机"]
    assert _audited(url, "load.whitelist_add") == 2
    assert _audited(url, "load.whitelist_remove") == 1
    cashier = run(url, "whitelist", "remove", str(entries[0].id), as_="cashier")
    assert cashier.returncode == 1 and "may not" in cashier.stderr


def test_whitelist_bad_input(site: tuple[str, Dorm]) -> None:  # noqa: F811
    url, _ = site
    add_a, add_r = "whitelist add --building 宿舍A --name x", "whitelist add --room 101"
    cases = [
        (add_a, 1, "--delta-w"),
        (f"{add_a} --delta-w -5", 1, "above 0"),
        (f"{add_a} --delta-w 50 --pf 1.5", 1, "power factor"),
        ("whitelist add --building nowhere --name x --delta-w 50", 1, "no building"),
        (f"{add_r} --name x --event 9999", 1, "no load event"),
        (f"{add_r} --name _ --delta-w 50", 1, "name"),
        ("whitelist remove 9999", 1, "no whitelist entry"),
        (f"{add_r} --name x --delta-w lots", 2, "not a number"),
        ("whitelist list", 2, ""),
    ]
    for line, code, words in cases:
        args = [" " if a == "_" else a for a in line.split()]
        bad = run(url, *args)
        assert bad.returncode == code, (args, bad.stdout, bad.stderr)
        assert words in bad.stderr and "Traceback" not in bad.stderr, (args, bad.stderr)
    zh = run(url, "whitelist", "add", "--building", "宿舍A", "--name", "x", lang="zh_CN")
    assert zh.returncode == 1 and "功率" in zh.stderr and "Traceback" not in zh.stderr
    assert _entries(url) == []


def test_settings_show_and_set(site: tuple[str, Dorm]) -> None:  # noqa: F811
    url, dorm = site
    shown = run(url, "settings", "show", "--building", "宿舍A")
    assert shown.returncode == 0, shown.stderr
    assert "resistive_min_w = 300.0" in shown.stdout
    changed = run(
        url, "settings", "set", "--building", "宿舍A", "--restore-delay", "600",
        "--daily-limit", "5", "--actions", "cut,alarm", "--threshold", "resistive_min_w=400",
        "--threshold", "night_hours=22-6", as_="operator",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    room = run(url, "settings", "set", "--room", "102", "--off")
    assert room.returncode == 0, room.stderr
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            building = config_for(s, dorm.building_id, None)
            own = config_for(s, dorm.building_id, dorm.rooms["102"])
    finally:
        fresh.dispose()
    assert building is not None and own is not None
    assert (building.restore_delay_s, building.restore_limit) == (600, 5)
    assert building.actions == frozenset({"cut", "alarm"})
    assert building.thresholds["resistive_min_w"] == 400.0
    assert building.thresholds["night_hours"] == [22, 6]
    # the room's override starts from its building's settings; only "off" differs
    assert not own.enabled and own.restore_delay_s == 600
    shown = run(url, "settings", "show", "--room", "102", lang="zh_CN")
    assert "否" in shown.stdout and "resistive_min_w = 400.0" in shown.stdout
    assert _audited(url, "load.settings") >= 3  # the fixture's, the building's, the room's


def test_settings_bad_input(site: tuple[str, Dorm]) -> None:  # noqa: F811
    url, _ = site
    cases = [
        (("--threshold", "resistive_pf=1.5"), "resistive_pf"),
        (("--threshold", "loudness=3"), "unknown threshold loudness"),
        (("--threshold", "min_step_w=many"), "bad value"),
        (("--threshold", "night_hours=25-3"), "night_hours"),
        (("--actions", "cut,explode"), "unknown action explode"),
        (("--restore-delay", "-1"), "negative"),
    ]
    for extra, words in cases:
        bad = run(url, "settings", "set", "--building", "宿舍A", *extra)
        assert bad.returncode == 1, (extra, bad.stdout, bad.stderr)
        assert words in bad.stderr and "Traceback" not in bad.stderr, (extra, bad.stderr)
    zh = run(url, "settings", "set", "--building", "宿舍A", "--threshold", "x=1", lang="zh_CN")
    assert zh.returncode == 1 and "阈值" in zh.stderr
    cashier = run(url, "settings", "set", "--building", "宿舍A", "--off", as_="cashier")
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    usage = run(url, "settings", "set", "--threshold", "x")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
