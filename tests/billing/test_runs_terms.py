"""One source of truth for a fee item's terms: a run (``feerun.parse_fee``) refuses exactly
what the editor (``fees.validate``) refuses, with the same words, so a definition written
past the editor (an import, a hand edit) stops the run instead of charging a rounded or
nonsensical amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from app.billing import fees
from app.billing.definitions import BillingError
from app.billing.feerun import BillingRunError, parse_fee

FULL: dict[str, Any] = {
    "amount_kind": "fixed",
    "amount": "12.50",
    "scope": {"park": True},
    "period": "monthly",
    "day": 1,
    "mode": "deduct",
    "due_days": 15,
}


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "2.355"},  # three decimals of a yuan: the editor refuses it
        {"amount": 2.5},  # a float, not text
        {"amount_kind": "per_kwh", "amount": "0.12345"},
        {"due_days": 400},
        {"due_days": "15"},
        {"day": 0},
        {"day": True},
        {"mode": "pray"},
    ],
)
def test_a_run_refuses_what_the_editor_refuses(change: dict[str, Any]) -> None:
    definition = {**FULL, **change}
    with pytest.raises(BillingError) as editor:
        fees.terms(definition)
    with pytest.raises(BillingRunError) as run:
        parse_fee(definition)
    assert str(run.value) == str(editor.value)


def test_a_run_reads_the_editors_normal_form() -> None:
    checked = fees.terms({**FULL, "amount_kind": "per_kwh", "amount": "0.085"})
    fee = parse_fee({**checked, "scope": {"park": True}})
    assert (fee.amount_kind, fee.amount, fee.period, fee.due_days) == (
        "per_kwh",
        Decimal("0.0850"),
        "monthly",
        15,
    )
    # what a run assumes when a key is missing: monthly, deducted, park-wide
    bare = parse_fee({"amount_kind": "fixed", "amount": "80"})
    assert (bare.period, bare.mode, dict(bare.scope), bare.day) == (
        "monthly",
        "deduct",
        {"park": True},
        1,
    )
