"""A sentence's "từ X thành Y" checked against the previous year's own record (issue 22).

Quảng Ninh's districts: 2 tốt, 7 khá, 5 trung bình in 2018 (the Uông Bí portal's 2018 results), 3 tốt
and 11 khá in 2019 (the 2019 article), 14 districts both years; the 2018 mean 121 of 170, the 2019
mean 128. The "từ" of each band must be what the 2018 record itself counts, not a quantity derived
from something else; the "thành" what 2019 counts. Values typed by hand from those sources.
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores import analysis, loading
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder


@pytest.fixture(scope="module")
def records() -> dict[int, dict]:
    """Both years' records, computed once per session of tests (never kept across sessions: a
    mutation run starts many sessions in one process, each must compute them again)."""
    return {year: analysis.analyse(loading.load_evaluation("quangninh", year)) for year in (2018, 2019)}


def _tier(record: dict, code: str) -> dict:
    return next(t for t in record["tiers"] if t["code"] == code)


def test_the_districts_band_changes_say_from_the_2018_counts_to_the_2019_counts(records):
    tier = _tier(records[2019], "districts")
    assert TieredReportBuilder(records[2019]).band_change_words(tier) == (
        "mức tốt tăng 1 đơn vị (từ 2 thành 3); mức khá tăng 4 đơn vị (từ 7 thành 11); "
        "mức trung bình giảm 5 đơn vị (từ 5 thành 0); mức dưới trung bình không đổi (0 đơn vị)"
    )


def test_each_from_is_the_previous_years_own_count(records):
    current, before = _tier(records[2019], "districts"), _tier(records[2018], "districts")
    counted_2018 = {b["code"]: b["count"] for b in before["current"]["bands"]}
    assert counted_2018 == {"good": 2, "fair": 7, "average": 5, "poor": 0}
    assert {b["code"]: b["count"] for b in current["previous"]["bands"]} == counted_2018
    assert current["change"]["bands"] == {"good": 1, "fair": 4, "average": -5, "poor": 0}


def test_the_previous_mean_is_the_previous_years_mean(records):
    current, before = _tier(records[2019], "districts"), _tier(records[2018], "districts")
    assert before["current"]["mean"] == 121.0
    assert current["previous"]["mean"] == 121.0
    assert current["current"]["mean"] == 128.0
    assert current["change"]["mean"] == 7.0
    assert current["change"]["mean_pct"] == pytest.approx(7 / 121)


def test_a_unit_s_previous_total_and_rank_are_its_own_in_the_previous_record(records):
    current, before = _tier(records[2019], "districts"), _tier(records[2018], "districts")
    old = {e["code"]: e for e in before["ranking"]}
    for entry in current["ranking"]:
        assert entry["previous_total"] == old[entry["code"]]["total"], entry["code"]
        assert entry["previous_rank"] == old[entry["code"]]["rank"], entry["code"]
        assert entry["change"] == round(entry["total"] - old[entry["code"]]["total"], 2), entry["code"]
        assert entry["rank_change"] == old[entry["code"]]["rank"] - entry["rank"], entry["code"]


def _bands(counts: dict, deltas: dict) -> dict:
    labels = {"good": "tốt", "fair": "khá", "poor": "dưới trung bình"}
    return {
        "current": {"bands": [{"code": c, "label": labels[c], "count": n} for c, n in counts.items()]},
        "change": {"bands": deltas},
    }


def test_from_and_to_on_hand_made_counts(records):
    tier = _bands({"good": 10, "fair": 0, "poor": 4}, {"good": 3, "fair": -6, "poor": 0})
    assert TieredReportBuilder(records[2019]).band_change_words(tier) == (
        "mức tốt tăng 3 đơn vị (từ 7 thành 10); mức khá giảm 6 đơn vị (từ 6 thành 0); "
        "mức dưới trung bình không đổi (4 đơn vị)"
    )
