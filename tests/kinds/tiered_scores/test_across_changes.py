"""The tiered analysis across a reorganisation: each year's figures over its own units, a merged unit
against its predecessors, ranks recounted, communes under their district of the year or their former one,
and a province's own summary rows (tests/support/merger_province.py, two-level local government).

Every expected value is typed by hand from the tables in merger_province.py's docstring or the comments
here. The registry through time itself is tested in tests/core/test_unit_history.py.
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from support import merger_province as mp
from support import two_level_province as two_level

pytestmark = pytest.mark.usefixtures("data_here")  # messages name files as under data/ (tests/conftest.py)


@pytest.fixture()
def province(merger_data):
    return merger_data


@pytest.fixture()
def record(province):
    return analyse(load_evaluation(mp.CODE, 2024, province))


def _tier(record, code):
    return next(t for t in record["tiers"] if t["code"] == code)


def _entry(tier, code):
    return next(e for e in tier["ranking"] if e["code"] == code)


def test_means_of_each_year_are_over_that_years_units(record):
    districts = _tier(record, "districts")
    assert districts["current"]["n"] == 3 and districts["previous"]["n"] == 4
    assert districts["current"]["mean"] == 68.67
    assert districts["previous"]["mean"] == 60.00
    assert districts["change"]["mean"] == 8.67
    assert districts["comparable"] is True  # a full evaluation both years: never called partial


def test_a_merged_unit_is_compared_with_the_mean_of_its_predecessors(record):
    districts = _tier(record, "districts")
    thuy_lam = _entry(districts, "101")
    assert thuy_lam["previous_total"] == 62.50
    assert thuy_lam["change"] == 19.50
    # only the units a change touched are linked: the merged city (to the mean) and Hà Châu (its type);
    # Tây Giang, untouched, is not listed
    assert districts["unit_links"] == {"101": {"basis": "mean", "change": 0}, "103": {"basis": None, "change": 1}}
    assert _entry(districts, "103")["change"] == 9.00
    assert _entry(districts, "103")["name"] == "Thành phố Hà Châu"


def test_previous_ranks_are_recounted_on_the_later_years_units(record):
    districts = _tier(record, "districts")
    assert {e["code"]: e["previous_rank"] for e in districts["ranking"]} == {"101": 2, "103": 1, "104": 3}
    assert {e["code"]: e["rank_change"] for e in districts["ranking"]} == {"101": 1, "103": -1, "104": 0}
    assert districts["risers"] == ["101"] and districts["fallers"] == ["103"]
    assert districts["previous_reranked"] is True and districts["previous_compared_n"] == 3


def test_communes_are_grouped_under_their_district_of_the_year(record):
    communes = _tier(record, "communes")
    by_parent = {p["code"]: (p["n"], p["mean"]) for p in communes["by_parent"]}
    assert by_parent == {"101": (4, 65.00), "103": (2, 65.00), "104": (2, 50.00)}
    assert _entry(communes, "10006")["parent_name"] == "Thành phố Hà Châu"
    assert _entry(communes, "10006")["change"] == 5.00  # a commune that moved keeps its own history
    assert (_entry(communes, "10003")["change"], _entry(communes, "10004")["change"]) == (5.00, 5.00)
    assert _entry(communes, "10008")["name"] == "Xã Hưng Thịnh" and _entry(communes, "10008")["change"] == 5.00


def test_communes_touched_by_a_change_are_linked_to_it_and_keep_their_figures(record):
    communes = _tier(record, "communes")
    # the communes' changes in changes.csv order: Phú Cường and Phú Lộc re-parented (0), Tân Hòa (1), Hưng Lợi renamed (2)
    assert [c["kind"] for c in communes["unit_changes"]] == ["reparent", "reparent", "rename"]
    assert communes["unit_links"] == {
        "10003": {"basis": None, "change": 0},
        "10004": {"basis": None, "change": 0},
        "10006": {"basis": None, "change": 1},
        "10008": {"basis": None, "change": 2},
    }
    assert communes["previous_reranked"] is False  # the same communes both years: ranks as they were


def test_the_changes_are_in_the_record_once_each_with_their_basis(record):
    districts = _tier(record, "districts")
    assert [
        (c["kind"], [u["name"] for u in c["from"]], [u["name"] for u in c["to"]]) for c in districts["unit_changes"]
    ] == [
        ("merge", ["Thành phố Thủy Lâm", "Huyện Đông Sơn"], ["Thành phố Thủy Lâm"]),
        ("retype", ["Thị xã Hà Châu"], ["Thành phố Hà Châu"]),
    ]
    assert districts["unit_changes"][0] == {
        "kind": "merge",
        "effective": "2024-01-01",
        "citation": "Nghị quyết số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội",
        "from": [{"code": "101", "name": "Thành phố Thủy Lâm"}, {"code": "102", "name": "Huyện Đông Sơn"}],
        "to": [{"code": "101", "name": "Thành phố Thủy Lâm", "parent_name": None}],
        "compared": "mean",
    }
    assert districts["unit_changes"][1]["compared"] == "as_is"  # a new type, the same unit: compared as it was
    moved = _tier(record, "communes")["unit_changes"][1]  # Tân Hòa: its new district named as it is now
    assert (moved["from"], moved["to"]) == (
        [{"code": "10006", "name": "Xã Tân Hòa"}],
        [{"code": "10006", "name": "Xã Tân Hòa", "parent_name": "Thành phố Hà Châu"}],
    )


def test_the_rule_none_leaves_a_merged_unit_without_comparison(tmp_path):
    root = mp.write(tmp_path)
    framework = (root / "framework.yaml").read_text(encoding="utf-8")
    (root / "framework.yaml").write_text(
        framework.replace("comparison_across_changes: mean", "comparison_across_changes: none"), encoding="utf-8"
    )
    districts = _tier(analyse(load_evaluation(mp.CODE, 2024, tmp_path)), "districts")
    thuy_lam = _entry(districts, "101")
    assert thuy_lam["previous_total"] is None and thuy_lam["change"] is None
    assert districts["unit_links"]["101"]["basis"] == "not_compared"
    # the others are ranked again among the two units still compared: Hà Châu 65 (1), Tây Giang 50 (2)
    assert {e["code"]: e["previous_rank"] for e in districts["ranking"]} == {"101": None, "103": 1, "104": 2}


# -- two-level local government: communes directly under the province (from 1 July 2025) -----------


def test_two_level_communes_are_grouped_by_their_former_district(tmp_path):
    two_level.write(tmp_path)
    communes = analyse(load_evaluation("thuylam", 2025, tmp_path))["tiers"][0]
    assert {p["name"]: (p["n"], p["mean"]) for p in communes["by_parent"]} == {
        "Thành phố Thủy Lâm": (1, 85.00),
        "Huyện Tây Giang": (2, 50.00),
    }
    assert communes["parent_label"] == "địa bàn huyện cũ"
    assert (communes["current"]["mean"], communes["previous"]["mean"], communes["change"]["mean"]) == (
        61.67,
        62.50,
        -0.83,
    )
    new_ward = _entry(communes, "20001")
    assert (new_ward["previous_total"], new_ward["change"], new_ward["rank_change"]) == (75.00, 10.00, 0)
    assert {e["code"]: e["change"] for e in communes["ranking"]} == {"20001": 10.00, "10007": 5.00, "10008": -5.00}


# -- the province as an office sends it: workbooks with a merged two-row header and an average row --


@pytest.fixture()
def office(tmp_path):
    mp.write_office(tmp_path)
    return tmp_path


def test_an_office_province_across_a_merger_reads_and_compares_by_hand(office):
    record = analyse(load_evaluation(mp.CODE, 2024, office))  # its validation: tests/core/test_unit_history.py
    districts = _tier(record, "districts")
    assert [g["mean"] for g in districts["current"]["groups"]] == [27.33, 41.33]
    assert (districts["current"]["mean"], districts["previous"]["mean"], districts["change"]["mean"]) == (
        68.67,
        60.00,
        8.67,
    )
    thuy_lam, ha_chau = _entry(districts, "101"), _entry(districts, "103")
    assert (thuy_lam["previous_total"], thuy_lam["change"], thuy_lam["rank_change"]) == (62.50, 19.50, 1)
    assert (ha_chau["name"], ha_chau["change"], ha_chau["rank_change"]) == ("Thành phố Hà Châu", 9.00, -1)
    stated = {s["key"]: s["published"] for s in record["stated"]}
    assert stated["tiers.districts.current.mean"] == "68,67"
    assert stated["tiers.districts.previous.mean"] == "60,00"
    communes = _tier(record, "communes")
    assert _entry(communes, "10006")["parent_name"] == "Thành phố Hà Châu"  # moved district, kept its history
    assert _entry(communes, "10008")["name"] == "Xã Hưng Thịnh"  # renamed


# -- a split, an establishment, a dissolution, a unit without its change, and the reference dates -------

SPLIT_FRAMEWORK = """\
kind: tiered_scores
province: {code: tachhuyen, name: Tách Huyện, name_full: tỉnh Tách Huyện}
title: Đánh giá mức độ chuyển đổi số
tiers:
  - {code: districts, label: "huyện, thị xã, thành phố", label_unit: địa phương cấp huyện, max: 100}
"""
# 102 renamed on 31/12/2023, the 2023 reference date: already in force for 2023, no change between the years.
# On 1/1/2024 (the 2024 reference date, units_as_of): 104 split into 104 and 105, 106 established, 103
# dissolved; 107 appears with no change recorded.
SPLIT_UNITS = """\
code,name,tier,parent_code,unit_type,valid_from,valid_to
101,Thành phố Bắc Sơn,districts,,thanh-pho,,
102,Huyện Đông Cũ,districts,,huyen,,2023-12-31
102,Huyện Đông Mới,districts,,huyen,2023-12-31,
103,Thị xã Nam Hà,districts,,thi-xa,,2024-01-01
104,Huyện Tây Giang,districts,,huyen,,
105,Huyện Bắc Giang,districts,,huyen,2024-01-01,
106,Thị xã Tân Lập,districts,,thi-xa,2024-01-01,
107,Huyện Hòa Bình,districts,,huyen,2024-01-01,
"""
SPLIT_BASIS = "Nghị quyết,9003/NQ-UBTVQH15,2023-11-20,Ủy ban Thường vụ Quốc hội"
SPLIT_CHANGES = f"""\
effective,change,from_codes,to_codes,basis_kind,basis_number,basis_date,basis_issuer
2023-12-31,rename,102,102,{SPLIT_BASIS}
2024-01-01,split,104,104;105,{SPLIT_BASIS}
2024-01-01,establish,,106,{SPLIT_BASIS}
2024-01-01,dissolve,103,,{SPLIT_BASIS}
"""
SPLIT_TOTALS = {
    2023: {"101": 80, "102": 70, "103": 60, "104": 50},
    2024: {"101": 82, "102": 72, "104": 55, "105": 45, "106": 40, "107": 30},
}


@pytest.fixture()
def split(tmp_path) -> dict:
    root = tmp_path / "tachhuyen"
    root.mkdir()
    (root / "framework.yaml").write_text(SPLIT_FRAMEWORK, encoding="utf-8")
    (root / "units.csv").write_text(SPLIT_UNITS, encoding="utf-8")
    (root / "changes.csv").write_text(SPLIT_CHANGES, encoding="utf-8")
    for year, totals in SPLIT_TOTALS.items():
        (root / str(year)).mkdir()
        extra = "previous_year: 2023\nunits_as_of: 2024-01-01\n" if year == 2024 else ""
        (root / str(year) / "evaluation.yaml").write_text(
            f"year: {year}\n{extra}sources:\n  districts:\n    file: huyen.csv\n", encoding="utf-8"
        )
        rows = ["Mã đơn vị,Tổng điểm", *(f"{code},{total}" for code, total in totals.items())]
        (root / str(year) / "huyen.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return analyse(load_evaluation("tachhuyen", 2024, tmp_path))["tiers"][0]


def test_units_split_established_or_new_are_not_compared_and_named_as_new(split):
    assert [(c["kind"], c["compared"]) for c in split["unit_changes"]] == [
        ("split", "not_compared"),
        ("establish", "not_compared"),
        ("dissolve", "not_compared"),
    ]
    assert split["unit_links"] == {
        "104": {"basis": "new", "change": 0},
        "105": {"basis": "new", "change": 0},
        "106": {"basis": "new", "change": 1},
        "107": {"basis": "new", "change": None},
    }
    assert [
        (e["code"], e["previous_total"], e["change"], e["previous_rank"], e["rank_change"]) for e in split["ranking"]
    ] == [
        ("101", 80.0, 2.0, 1, 0),
        ("102", 70.0, 2.0, 2, 0),
        ("104", None, None, None, None),
        ("105", None, None, None, None),
        ("106", None, None, None, None),
        ("107", None, None, None, None),
    ]
    # the year before counted again on the two units compared (its mean stays that of its own four units)
    assert (split["previous_reranked"], split["previous_compared_n"], split["previous"]["mean"]) == (True, 2, 65.0)


def test_changes_are_those_after_the_previous_reference_date_up_to_and_including_this_years(split):
    # the renaming on 31/12/2023 is not among them; the three of 1/1/2024, the 2024 reference date, are
    assert split["unit_changes"][1]["to"] == [{"code": "106", "name": "Thị xã Tân Lập", "parent_name": None}]
    assert split["unit_changes"][0]["from"] == [{"code": "104", "name": "Huyện Tây Giang"}]
    assert split["unit_changes"][2] == {
        "kind": "dissolve",
        "effective": "2024-01-01",
        "citation": "Nghị quyết số 9003/NQ-UBTVQH15 ngày 20/11/2023 của Ủy ban Thường vụ Quốc hội",
        "from": [{"code": "103", "name": "Thị xã Nam Hà"}],
        "to": [],
        "compared": "not_compared",
    }
    assert next(e for e in split["ranking"] if e["code"] == "102")["name"] == "Huyện Đông Mới"


# -- the merged city when its predecessors' figures are missing, or its mean needs rounding -----------


def _variant(tmp_path, scores_2023) -> dict:
    scores = {2023: scores_2023, 2024: mp.DISTRICT_SCORES[2024]}
    mp.write(tmp_path, district_scores=scores)
    return _tier(analyse(load_evaluation(mp.CODE, 2024, tmp_path)), "districts")


def test_a_merged_unit_whose_predecessor_has_no_score_is_not_compared(tmp_path):
    districts = _variant(tmp_path, [s for s in mp.DISTRICT_SCORES[2023] if s[0] != "102"])
    thuy_lam = _entry(districts, "101")
    assert (thuy_lam["previous_total"], thuy_lam["change"], thuy_lam["previous_rank"]) == (None, None, None)
    assert districts["unit_links"]["101"] == {"basis": "mean", "change": 0}
    # Hà Châu 65 and Tây Giang 50 ranked again between themselves
    assert {e["code"]: e["previous_rank"] for e in districts["ranking"]} == {"101": None, "103": 1, "104": 2}


def test_the_predecessors_mean_is_kept_to_two_decimals_and_ties_share_the_better_rank(tmp_path):
    """2023: Thủy Lâm 30,25 + 45 = 75,25, Đông Sơn 20,5 + 30 = 50,5: their mean 62,875 kept as 62,88 (an
    exact binary half: to even), equal to Hà Châu's 25 + 37,88 and Tây Giang's 15 + 47,88: the three share
    rank 1. In 2024 they are 1st, 2nd, 3rd: changes 0, −1, −2."""
    districts = _variant(
        tmp_path,
        [
            ("101", "Thành phố Thủy Lâm", 30.25, 45),
            ("102", "Huyện Đông Sơn", 20.5, 30),
            ("103", "Thị xã Hà Châu", 25, 37.88),
            ("104", "Huyện Tây Giang", 15, 47.88),
        ],
    )
    assert _entry(districts, "101")["previous_total"] == 62.88
    assert {e["code"]: (e["previous_rank"], e["rank_change"]) for e in districts["ranking"]} == {
        "101": (1, 0),
        "103": (1, -1),
        "104": (1, -2),
    }


def test_the_bands_of_the_year_before_follow_the_converted_figures(record):
    districts = _tier(record, "districts")
    # Thủy Lâm's 62,50 (converted) is "trung bình" (50 to 65); Hà Châu's 65,00 "khá" (65 to 80)
    assert _entry(districts, "101")["previous_band_label"] == "trung bình"
    assert _entry(districts, "103")["previous_band_label"] == "khá"


def test_a_former_district_renamed_before_it_ended_groups_under_its_last_name(tmp_path):
    two_level.write(tmp_path)
    units = tmp_path / "thuylam" / "units.csv"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "104,Huyện Tây Giang,districts,,huyen,,2025-07-01,",
            "104,Huyện Tây Sơn,districts,,huyen,,2020-01-01,\n104,Huyện Tây Giang,districts,,huyen,2020-01-01,2025-07-01,",
        ),
        encoding="utf-8",
    )
    communes = analyse(load_evaluation("thuylam", 2025, tmp_path))["tiers"][0]
    assert {p["name"] for p in communes["by_parent"]} == {"Thành phố Thủy Lâm", "Huyện Tây Giang"}


def test_a_commune_is_named_with_its_former_district_and_one_without_is_in_no_group(tmp_path):
    two_level.write(tmp_path)
    communes = analyse(load_evaluation("thuylam", 2025, tmp_path))["tiers"][0]
    ward = _entry(communes, "20001")
    assert (ward["parent_code"], ward["parent_name"], ward["label"]) == (
        "101",
        "Thành phố Thủy Lâm",
        "Phường Thủy Lâm (Thành phố Thủy Lâm)",
    )
    units = tmp_path / "thuylam" / "units.csv"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "20001,Phường Thủy Lâm,communes,,phuong,2025-07-01,,101",
            "20001,Phường Thủy Lâm,communes,,phuong,2025-07-01,,",
        ),
        encoding="utf-8",
    )
    communes = analyse(load_evaluation("thuylam", 2025, tmp_path))["tiers"][0]
    ward = _entry(communes, "20001")
    assert (ward["parent_code"], ward["parent_name"], ward["label"]) == (None, None, "Phường Thủy Lâm")
    assert {p["name"]: (p["n"], p["mean"]) for p in communes["by_parent"]} == {"Huyện Tây Giang": (2, 50.00)}


def test_a_registry_with_former_districts_still_groups_a_tier_by_its_parents(tmp_path):
    """A group_code column (left empty) does not make the communes, which have parents, a two-level tier."""
    units = mp.UNITS.replace("valid_from,valid_to\n", "valid_from,valid_to,group_code\n")
    units = "\n".join(line + "," if line and not line.startswith("code,") else line for line in units.split("\n"))
    mp.write(tmp_path, units=units)
    communes = _tier(analyse(load_evaluation(mp.CODE, 2024, tmp_path)), "communes")
    assert {p["code"]: (p["n"], p["mean"]) for p in communes["by_parent"]} == {
        "101": (4, 65.00),
        "103": (2, 65.00),
        "104": (2, 50.00),
    }


def test_when_no_unit_can_be_compared_the_year_before_ranks_none(tmp_path):
    """Two-level, rule none, and 2025 scoring only the new ward: no unit of 2025 has a previous figure."""
    two_level.write(tmp_path)
    framework = tmp_path / "thuylam" / "framework.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + "comparison_across_changes: none\n", encoding="utf-8")
    (tmp_path / "thuylam" / "2025" / "xa.csv").write_text("Mã đơn vị,Tổng điểm\n20001,85\n", encoding="utf-8")
    communes = analyse(load_evaluation("thuylam", 2025, tmp_path))["tiers"][0]
    assert (communes["previous_reranked"], communes["previous_compared_n"]) == (True, 0)
    assert [(e["code"], e["previous_total"], e["previous_rank"]) for e in communes["ranking"]] == [
        ("20001", None, None)
    ]
    assert communes["unit_links"]["20001"] == {"basis": "not_compared", "change": 0}
