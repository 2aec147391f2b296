"""Both sides of every boundary a report decides on, in both directions of comparison (issue 22).

A band's floor belongs to its band and a hundredth below it does not, for every floor of the Quảng
Ninh framework (tốt from 80 %, khá from 65 %, trung bình from 50 % of the maximum: typed here in
points, 80 / 65 / 50 of 100 and 136 / 110,5 / 85 of 170). An indicator that is better when higher
is met at its target and not a hundredth below; one that is better when lower is met at its target
and not a hundredth above. Expected values are typed by hand.
"""

from __future__ import annotations

import pytest

from egov_report.kinds.indicators.analysis import STATUS_LABELS, status_of
from egov_report.kinds.tiered_scores.framework import band_index, load_framework
from egov_report.paths import DATA_DIR

FLOORS = {"departments": (80, 65, 50), "districts": (136, 110.5, 85)}
BELOW = {"good": "fair", "fair": "average", "average": "poor"}


def _framework():
    return load_framework(DATA_DIR / "quangninh" / "framework.yaml")


@pytest.mark.parametrize("tier_code", sorted(FLOORS))
def test_the_framework_floors_are_the_published_shares_of_the_maximum(tier_code):
    framework = _framework()
    tier = framework.tier(tier_code)
    floors = [framework.band_floor(b, tier) for b in framework.tier_bands(tier)]
    assert floors == pytest.approx([*FLOORS[tier_code], 0])


@pytest.mark.parametrize(
    "tier_code, floor, band",
    [(t, f, b) for t, floors in FLOORS.items() for f, b in zip(floors, ("good", "fair", "average"))],
)
def test_a_floor_belongs_to_its_band_and_a_hundredth_below_to_the_next(tier_code, floor, band):
    framework = _framework()
    tier = framework.tier(tier_code)
    assert framework.band_for(floor, tier).code == band
    assert framework.band_for(round(floor + 0.01, 2), tier).code == band
    assert framework.band_for(round(floor - 0.01, 2), tier).code == BELOW[band]


def test_band_index_on_and_around_each_floor():
    floors = [80.0, 65.0, 50.0, 0.0]
    assert [band_index(s, floors) for s in (100, 80, 79.99, 65, 64.99, 50, 49.99, 0)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert band_index(80 - 1e-12, floors) == 0  # float noise below a floor still reaches it
    assert band_index(-5, floors) == 3  # below every floor: the last band
    assert band_index(50, []) is None


@pytest.mark.parametrize(
    "value, target, status",
    [
        (100, 100, "met"),
        (72.5, 72.5, "met"),
        (72.51, 72.5, "met"),
        (72.49, 72.5, "not_met"),
        (99.99, 100, "not_met"),
        (0, 0.01, "not_met"),
    ],
)
def test_higher_is_better_is_met_from_its_target_up(value, target, status):
    assert status_of(value, target, "higher_is_better") == status


@pytest.mark.parametrize(
    "value, target, status",
    [
        (10, 10, "met"),
        (2.5, 2.5, "met"),
        (2.49, 2.5, "met"),
        (0, 10, "met"),
        (2.51, 2.5, "not_met"),
        (10.01, 10, "not_met"),
        (100, 0, "not_met"),
    ],
)
def test_lower_is_better_is_met_from_its_target_down(value, target, status):
    assert status_of(value, target, "lower_is_better") == status


@pytest.mark.parametrize("direction", ["higher_is_better", "lower_is_better"])
def test_without_target_nothing_is_assessed(direction):
    assert status_of(0, None, direction) == "unknown"
    assert STATUS_LABELS == {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá"}


@pytest.mark.parametrize("direction, value", [("higher_is_better", 90 - 1e-9), ("lower_is_better", 90 + 1e-9)])
def test_a_value_at_the_edge_of_float_noise_still_meets_its_target(direction, value):
    """The tolerance of 1e-9 belongs to the target (a value computed as 90 ± 1e-9 is 90 as printed)."""
    assert status_of(value, 90, direction) == "met"
