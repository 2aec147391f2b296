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


@pytest.fixture(autouse=True)
def _data_here(tmp_path, monkeypatch):
    """Messages name files as under data/ (paths.display_path)."""
    from egov_report import paths

    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)


@pytest.fixture()
def province(tmp_path):
    mp.write(tmp_path)
    return tmp_path


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
    assert communes["unit_links"] == {"10003": {"basis": None, "change": 0}, "10004": {"basis": None, "change": 0},
                                      "10006": {"basis": None, "change": 1}, "10008": {"basis": None, "change": 2}}
    assert communes["previous_reranked"] is False  # the same communes both years: ranks as they were


def test_the_changes_are_in_the_record_once_each_with_their_basis(record):
    districts = _tier(record, "districts")
    assert [(c["kind"], [u["name"] for u in c["from"]], [u["name"] for u in c["to"]])
            for c in districts["unit_changes"]] == [
        ("merge", ["Thành phố Thủy Lâm", "Huyện Đông Sơn"], ["Thành phố Thủy Lâm"]),
        ("retype", ["Thị xã Hà Châu"], ["Thành phố Hà Châu"]),
    ]
    assert districts["unit_changes"][0] == {
        "kind": "merge", "effective": "2024-01-01",
        "citation": "Nghị quyết số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội",
        "from": [{"code": "101", "name": "Thành phố Thủy Lâm"}, {"code": "102", "name": "Huyện Đông Sơn"}],
        "to": [{"code": "101", "name": "Thành phố Thủy Lâm", "parent_name": None}],
        "compared": "mean"}
    assert districts["unit_changes"][1]["compared"] == "as_is"  # a new type, the same unit: compared as it was
    moved = _tier(record, "communes")["unit_changes"][1]  # Tân Hòa: its new district named as it is now
    assert (moved["from"], moved["to"]) == ([{"code": "10006", "name": "Xã Tân Hòa"}],
                                            [{"code": "10006", "name": "Xã Tân Hòa", "parent_name": "Thành phố Hà Châu"}])


def test_the_rule_none_leaves_a_merged_unit_without_comparison(tmp_path):
    root = mp.write(tmp_path)
    framework = (root / "framework.yaml").read_text(encoding="utf-8")
    (root / "framework.yaml").write_text(framework.replace("comparison_across_changes: mean",
                                                           "comparison_across_changes: none"), encoding="utf-8")
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
        "Thành phố Thủy Lâm": (1, 85.00), "Huyện Tây Giang": (2, 50.00)}
    assert communes["parent_label"] == "địa bàn huyện cũ"
    assert (communes["current"]["mean"], communes["previous"]["mean"], communes["change"]["mean"]) == (
        61.67, 62.50, -0.83)
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
        68.67, 60.00, 8.67)
    thuy_lam, ha_chau = _entry(districts, "101"), _entry(districts, "103")
    assert (thuy_lam["previous_total"], thuy_lam["change"], thuy_lam["rank_change"]) == (62.50, 19.50, 1)
    assert (ha_chau["name"], ha_chau["change"], ha_chau["rank_change"]) == ("Thành phố Hà Châu", 9.00, -1)
    stated = {s["key"]: s["published"] for s in record["stated"]}
    assert stated["tiers.districts.current.mean"] == "68,67"
    assert stated["tiers.districts.previous.mean"] == "60,00"
    communes = _tier(record, "communes")
    assert _entry(communes, "10006")["parent_name"] == "Thành phố Hà Châu"  # moved district, kept its history
    assert _entry(communes, "10008")["name"] == "Xã Hưng Thịnh"  # renamed
