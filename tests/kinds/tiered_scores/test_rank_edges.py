"""Ranks and shares at their edges, typed by hand: a tie of three at the top, a band that is not
ranked, a unit scoring 0, a tier without bands, and a change from a previous total of 0.

A province built here (two tiers, totals only, out of 10):

    agencies  2018  2019   band 2019 (tốt from 8, khá from 5, "chưa xếp hạng" below: not ranked)
    A1 Sở Công Thương      8     9     tốt    rank 1 (three tied at 9: each rank 1, the next rank 4)
    A2 Sở Giáo dục         8     9     tốt    rank 1
    A3 Sở Khoa học         8     9     tốt    rank 1
    A4 Sở Nội vụ           0     6     khá    rank 4; +6,00 from 0: no percentage of 0
    A5 Sở Tài chính        1     0,5   chưa xếp hạng: no rank, listed after the ranked units
    A6 Sở Y tế             1     0     chưa xếp hạng: no rank, after 0,5

    schools (bands: [] : no band at all; a pilot: coverage partial)  2019: S1 7, S2 5, S3 4, S4 3, S5 2: ranks 1 to 5; with five
    ranked units the three first are the top and the last one alone the bottom (the two lowest only
    from six on, so that no unit is both).

The top band's units are of types "so" (named "Sở" by the framework) and "ban" (not named: kept as typed).
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation

FRAMEWORK = """\
kind: tiered_scores
province: {code: tinhbien, name: Tỉnh Biên, name_full: tỉnh Tỉnh Biên}
title: Đánh giá mức độ chuyển đổi số
bands:
  - {code: good, label: tốt, min_share: 0.8}
  - {code: fair, label: khá, min_share: 0.5, provisional: chờ hướng dẫn của Bộ}
  - {code: unranked, label: chưa xếp hạng, min_share: 0, ranked: false}
tiers:
  - {code: agencies, label: "sở, ban, ngành", label_unit: cơ quan, max: 10, criteria_source: Quyết định số 1/QĐ-UBND,
     provisional: bộ tiêu chí áp dụng thử}
  - {code: schools, label: trường học, label_unit: trường, max: 10, bands: []}
unit_types: {so: Sở}
unit_labels: {agencies: cơ quan hành chính}
"""
AGENCIES = [
    ("A1", "Sở Công Thương"),
    ("A2", "Sở Giáo dục"),
    ("A3", "Sở Khoa học"),
    ("A4", "Sở Nội vụ"),
    ("A5", "Sở Tài chính"),
    ("A6", "Sở Y tế"),
]
SCHOOLS = [
    ("S1", "Trường Chuyên", "7"),
    ("S2", "Trường Dân tộc nội trú", "5"),
    ("S3", "Trường Kỹ thuật", "4"),
    ("S4", "Trường Nghệ thuật", "3"),
    ("S5", "Trường Thể thao", "2"),
]
TOTALS = {
    2018: {"A1": "8", "A2": "8", "A3": "8", "A4": "0", "A5": "1", "A6": "1"},
    2019: {"A1": "9", "A2": "9", "A3": "9", "A4": "6", "A5": "0.5", "A6": "0"},
}


@pytest.fixture()
def record(tmp_path) -> dict:
    root = tmp_path / "tinhbien"
    root.mkdir()
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    units = [
        "code,name,tier,parent_code,unit_type",
        *(f"{c},{n},agencies,,{'ban' if c == 'A2' else 'so'}" for c, n in AGENCIES),
        *(f"{c},{n},schools,," for c, n, _ in SCHOOLS),
    ]
    (root / "units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    for year, totals in TOTALS.items():
        folder = root / str(year)
        folder.mkdir()
        previous = "previous_year: 2018\nwindow: {start: 2019-10-01, end: 2019-12-31}\n" if year == 2019 else ""
        schools = (
            "  schools:\n    file: schools.csv\n    coverage: partial\n    coverage_note: thí điểm ở năm trường\n"
            if year == 2019
            else ""
        )
        (folder / "evaluation.yaml").write_text(
            f"year: {year}\n{previous}sources:\n  agencies:\n    file: agencies.csv\n{schools}", encoding="utf-8"
        )
        rows = ["Mã đơn vị,Tên đơn vị,Tổng điểm", *(f"{c},{n},{totals[c]}" for c, n in AGENCIES)]
        (folder / "agencies.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["Mã đơn vị,Tên đơn vị,Tổng điểm", *(",".join(school) for school in SCHOOLS)]
    (root / "2019" / "schools.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return analyse(load_evaluation("tinhbien", 2019, tmp_path))


@pytest.fixture()
def tiers(record) -> dict[str, dict]:
    return {tier["code"]: tier for tier in record["tiers"]}


def _ranking(tier: dict) -> list[tuple]:
    return [(e["code"], e["total"], e["rank"], e["ranked"], e["band"]) for e in tier["ranking"]]


def test_three_tied_at_the_top_each_rank_first_and_the_next_unit_is_fourth(tiers):
    assert _ranking(tiers["agencies"])[:4] == [
        ("A1", 9.0, 1, True, "good"),
        ("A2", 9.0, 1, True, "good"),
        ("A3", 9.0, 1, True, "good"),
        ("A4", 6.0, 4, True, "fair"),
    ]


def test_units_of_a_band_not_ranked_have_no_rank_and_come_last_by_score(tiers):
    agencies = tiers["agencies"]
    assert _ranking(agencies)[4:] == [("A5", 0.5, None, False, "unranked"), ("A6", 0.0, None, False, "unranked")]
    assert agencies["current"]["ranked"] == 4 and agencies["current"]["n"] == 6
    assert agencies["unranked"] == ["A5", "A6"]


def test_a_change_from_zero_has_no_percentage(tiers):
    nội_vụ = next(e for e in tiers["agencies"]["ranking"] if e["code"] == "A4")
    assert (nội_vụ["previous_total"], nội_vụ["change"], nội_vụ["change_pct"]) == (0.0, 6.0, None)
    assert nội_vụ["previous_rank"] is None and nội_vụ["rank_change"] is None  # 0 was not ranked in 2018
    công_thương = next(e for e in tiers["agencies"]["ranking"] if e["code"] == "A1")
    assert công_thương["change_pct"] == pytest.approx(1 / 8)  # 8 -> 9


def test_a_tier_without_bands_ranks_every_unit_and_names_no_band(tiers):
    schools = tiers["schools"]
    assert _ranking(schools) == [
        ("S1", 7.0, 1, True, None),
        ("S2", 5.0, 2, True, None),
        ("S3", 4.0, 3, True, None),
        ("S4", 3.0, 4, True, None),
        ("S5", 2.0, 5, True, None),
    ]
    assert [e["band_label"] for e in schools["ranking"]] == [None] * 5
    assert schools["current"]["bands"] == [] and schools["bands"] == [] and schools["top_band"] is None


def test_top_and_bottom_never_share_a_unit(tiers):
    schools, agencies = tiers["schools"], tiers["agencies"]
    assert [e["code"] for e in schools["top"]] == ["S1", "S2", "S3"]
    assert [e["code"] for e in schools["bottom"]] == ["S5"]  # five ranked: the last alone
    assert [e["code"] for e in agencies["bottom"]] == ["A4"]  # four ranked: the one after the top three


def test_what_the_framework_says_of_a_tier_and_its_bands_is_in_its_record(tiers, record):
    agencies = tiers["agencies"]
    assert (agencies["criteria_source"], agencies["provisional"]) == (
        "Quyết định số 1/QĐ-UBND",
        "bộ tiêu chí áp dụng thử",
    )
    assert [(b["code"], b["points"], b["ranked"], b["provisional"]) for b in agencies["bands"]] == [
        ("good", 8.0, True, ""),
        ("fair", 5.0, True, "chờ hướng dẫn của Bộ"),
        ("unranked", 0.0, False, ""),
    ]
    assert agencies["top_band"] == {"band": "good", "count": 3, "parents": [], "unit_types": ["ban", "Sở"]}
    assert (agencies["by_parent"], agencies["parent_label"]) == (None, None)  # no parents in this tier
    assert record["scope"] == {
        "units": 11,
        "tiers": [
            {"code": "agencies", "label": "cơ quan hành chính", "n": 6},
            {"code": "schools", "label": "trường học", "n": 5},
        ],
    }


def test_a_year_without_unit_changes_links_no_unit_and_keeps_its_ranks(tiers):
    agencies = tiers["agencies"]
    assert (agencies["unit_changes"], agencies["unit_links"]) == ([], {})
    assert (agencies["previous_reranked"], agencies["previous_compared_n"]) == (False, 6)
    assert (agencies["previous"]["coverage"], agencies["previous"]["coverage_note"]) == ("full", "")
    schools = tiers["schools"]  # not scored in 2018
    assert (schools["previous"], schools["previous_reranked"], schools["previous_compared_n"]) == (None, False, None)


def test_the_record_s_meta_and_bands(record, tiers):
    meta = record["meta"]
    assert (meta["kind"], meta["province"], meta["year"], meta["previous_year"]) == (
        "tiered_scores",
        "tinhbien",
        2019,
        2018,
    )
    assert (meta["window_start"], meta["window_end"]) == ("2019-10-01", "2019-12-31")
    assert record["bands"] == [
        {"code": "good", "label": "tốt", "min_share": 0.8, "min_points": None},
        {"code": "fair", "label": "khá", "min_share": 0.5, "min_points": None},
        {"code": "unranked", "label": "chưa xếp hạng", "min_share": 0.0, "min_points": None},
    ]
    assert (tiers["schools"]["coverage"], tiers["schools"]["coverage_note"]) == ("partial", "thí điểm ở năm trường")
    assert (tiers["agencies"]["coverage"], tiers["agencies"]["coverage_note"]) == ("full", "")
