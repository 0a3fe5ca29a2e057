"""No-cut rules and guaranteed buildings through ``app.services.cut_rules``."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from app.collector.config import load_rules
from app.models import AuditEntry
from app.services.cut_rules import CutRules, cut_rules, parse_dates, save_cut_rules
from app.services.settings import SettingsError


def test_rules_round_trip_and_are_audited(park, staff) -> None:  # type: ignore[no-untyped-def]
    rules = CutRules(time(23, 0), time(6, 30), False, parse_dates("2027-02-17 2027-02-18"))
    saved = save_cut_rules(park, staff["admin"], rules)
    assert saved == cut_rules(park) and saved.no_cut_until == time(6, 30)
    with park.read() as s:
        assert load_rules(s).no_cut_from == time(23, 0)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.target == "settings:cut_rules")).one()
        assert "2027-02-17" in audit.detail


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (CutRules(no_cut_from=time(22, 0)), "both the start and the end"),
        (CutRules(time(22, 0), time(22, 0)), "must differ"),
        (CutRules(guarantee_buildings=frozenset({987654})), "no building with id 987654"),
    ],
)
def test_bad_rules_are_named_and_nothing_is_written(park, staff, rules, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingsError, match=message):
        save_cut_rules(park, staff["admin"], rules)
    assert cut_rules(park) == CutRules()


def test_dates_are_read_in_any_usual_separator_and_bad_ones_named() -> None:
    assert [d.isoformat() for d in parse_dates("2026-10-02，2026-10-01\n2026-10-01")] == [
        "2026-10-01",
        "2026-10-02",
    ]
    with pytest.raises(SettingsError, match="10/01"):
        parse_dates("10/01")
