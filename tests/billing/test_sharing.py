"""The arithmetic of apportionment: hand cases to the unit, and properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.billing.sharing import SharingError, share, split


def test_equal_thirds_leftover_to_smallest_id() -> None:
    # 10 / 3 = 3.333..: everyone 3, the one unit left goes to id 1 (ties by id)
    assert share(10, {3: 1, 1: 1, 2: 1}) == {1: 4, 2: 3, 3: 3}
    assert share(100, {1: 1, 2: 1, 3: 1}) == {1: 34, 2: 33, 3: 33}


def test_largest_remainder_not_smallest_id() -> None:
    # exact: 1 -> 1.167, 2 -> 3.5, 3 -> 2.333: the unit left goes to 2 (remainder .5)
    assert share(7, {1: 1, 2: 3, 3: 2}) == {1: 1, 2: 4, 3: 2}
    assert share(1000, {1: Decimal("50.5"), 2: Decimal("30"), 3: Decimal("20")}) == {
        1: 502,  # 502.487..
        2: 299,  # 298.507..
        3: 199,  # 199.004..
    }


def test_cap_redistributes_to_the_uncapped() -> None:
    # 3 would get 500 but may take 300; the 200 above goes to 1 and 2 by their weights
    result = split(1000, {1: 1, 2: 1, 3: 2}, {3: 300})
    assert result.shares == {1: 350, 2: 350, 3: 300}
    assert result.unshared == 0 and result.capped == {3}


def test_caps_cascade() -> None:
    # round 1: 300 each, 1 capped at 100; round 2: 400 each for 2 and 3, 2 capped at 350
    result = split(900, {1: 1, 2: 1, 3: 1}, {1: 100, 2: 350})
    assert result.shares == {1: 100, 2: 350, 3: 450}
    assert result.capped == {1, 2}


def test_everyone_capped_reports_the_rest() -> None:
    result = split(100, {1: 1, 2: 1}, {1: 10, 2: 20})
    assert result.shares == {1: 10, 2: 20} and result.unshared == 70
    with pytest.raises(SharingError, match="70 of 100"):
        share(100, {1: 1, 2: 1}, {1: 10, 2: 20})


def test_no_weight_is_unshared_and_zero_weight_gets_nothing() -> None:
    assert split(5, {1: 0, 2: 0}).unshared == 5
    assert share(5, {1: 0, 2: 3}) == {1: 0, 2: 5}
    assert share(0, {1: 1, 2: 1}) == {1: 0, 2: 0}


def test_bad_inputs_refused() -> None:
    with pytest.raises(SharingError):
        split(-1, {1: 1})
    with pytest.raises(SharingError):
        split(1, {1: -1})
    with pytest.raises(SharingError):
        split(1, {1: 1}, {1: -1})


weights = st.dictionaries(
    st.integers(1, 10_000),
    st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 10**9), weights=weights)
def test_shares_sum_exactly_never_negative(total: int, weights: dict[int, Decimal]) -> None:
    result = split(total, weights)
    assert all(v >= 0 for v in result.shares.values())
    if any(w > 0 for w in weights.values()):
        assert sum(result.shares.values()) == total and result.unshared == 0
    else:
        assert result.unshared == total


@settings(max_examples=300, deadline=None)
@given(
    total=st.integers(0, 10**7),
    weights=weights,
    caps=st.dictionaries(st.integers(1, 10_000), st.integers(0, 10**6), max_size=40),
)
def test_caps_respected_and_nothing_lost(
    total: int, weights: dict[int, Decimal], caps: dict[int, int]
) -> None:
    result = split(total, weights, caps)
    assert sum(result.shares.values()) + result.unshared == total
    assert all(v >= 0 for v in result.shares.values())
    for pid, cap in caps.items():
        if pid in result.shares:
            assert result.shares[pid] <= cap
    if result.unshared:  # only when every participant with weight is at its cap
        assert all(
            pid in caps and result.shares[pid] == caps[pid] for pid, w in weights.items() if w > 0
        )


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 10**9), n=st.integers(1, 60), w=st.integers(1, 1000))
def test_equal_weights_differ_by_at_most_one(total: int, n: int, w: int) -> None:
    shares = share(total, dict.fromkeys(range(1, n + 1), w)).values()
    assert max(shares) - min(shares) <= 1


@settings(max_examples=200, deadline=None)
@given(total=st.integers(0, 10**6), weights=weights)
def test_order_of_participants_does_not_matter(total: int, weights: dict[int, Decimal]) -> None:
    backwards = dict(reversed(list(weights.items())))
    assert split(total, weights).shares == split(total, backwards).shares
