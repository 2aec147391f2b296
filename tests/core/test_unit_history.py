"""Units through time (core.unit_history) and a province across a reorganisation (tests/support/merger_province.py).

Every expected value is typed by hand from the tables in merger_province.py's docstring.
"""

from __future__ import annotations

import datetime as dt

import pytest

from egov_report.core.unit_history import check_changes, lineage, on, read_changes, read_periods
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation, read_registry
from egov_report.kinds.tiered_scores.validation import validate
from support import merger_province as mp
from support.workbooks import office_workbook


@pytest.fixture(autouse=True)
def _data_here(tmp_path, monkeypatch):
    """Messages name files as under data/ (paths.display_path)."""
    from egov_report import paths

    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)


@pytest.fixture()
def province(tmp_path):
    mp.write(tmp_path)
    return tmp_path


def _history(root):
    return read_periods(read_registry(root / "units.csv"), root / "units.csv")


# -- the registry through time --------------------------------------------------------------


def test_units_in_force_on_a_date(province):
    history, problems = _history(province / mp.CODE)
    assert problems == []
    before = on(history, dt.date(2023, 12, 31))
    after = on(history, dt.date(2024, 1, 1))
    assert sorted(before[before["tier"] == "districts"]["code"]) == ["101", "102", "103", "104"]
    assert sorted(after[after["tier"] == "districts"]["code"]) == ["101", "103", "104"]
    assert before.set_index("code").loc["103", "name"] == "Thị xã Hà Châu"
    assert after.set_index("code").loc["103", "name"] == "Thành phố Hà Châu"
    assert before.set_index("code").loc["10006", "parent_code"] == "104"
    assert after.set_index("code").loc["10006", "parent_code"] == "103"


def test_overlapping_periods_of_one_code_are_refused_naming_both_rows(tmp_path):
    units = mp.UNITS.replace("103,Thành phố Hà Châu,districts,,thanh-pho,2024-01-01,",
                             "103,Thành phố Hà Châu,districts,,thanh-pho,2023-06-01,")
    root = mp.write(tmp_path, units=units)
    _, problems = _history(root)
    assert len(problems) == 1
    assert problems[0].row == 5 and problems[0].column == "valid_from" and problems[0].unit == "103"
    assert "dòng 4 và dòng 5" in problems[0].rule


def test_a_date_in_another_format_is_refused_with_row_and_column(tmp_path):
    root = mp.write(tmp_path, units=mp.UNITS.replace("2024-01-01,\n104", "01/01/2024,\n104"))
    _, problems = _history(root)
    assert [(p.row, p.column, p.value) for p in problems] == [(5, "valid_from", "01/01/2024")]


def test_changes_carry_their_legal_basis_as_cited(province):
    changes, problems = read_changes(province / mp.CODE / "changes.csv")
    assert problems == []
    assert [c.kind for c in changes] == ["merge", "retype", "reparent", "reparent", "rename"]
    assert changes[0].citation == "Nghị quyết số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội"
    assert changes[3].citation == "Nghị quyết số 77/NQ-HĐND ngày 08/12/2023 của Hội đồng nhân dân tỉnh Thủy Lâm"


def test_a_change_without_legal_basis_or_with_an_unknown_kind_is_refused(tmp_path):
    changes = mp.CHANGES.replace("2024-01-01,rename,10008,10008,Nghị quyết,9001/NQ-UBTVQH15",
                                 "2024-01-01,renamed,10008,10008,Nghị quyết,")
    root = mp.write(tmp_path, changes=changes)
    _, problems = read_changes(root / "changes.csv")
    assert {(p.row, p.column) for p in problems} == {(6, "change"), (6, "basis_number")}


def test_a_change_naming_a_unit_not_in_force_on_its_side_of_the_date_is_refused(tmp_path):
    root = mp.write(tmp_path, changes=mp.CHANGES.replace("merge,101;102,101", "merge,101;102,102"))
    history, _ = _history(root)
    changes, _ = read_changes(root / "changes.csv")
    problems = check_changes(changes, history, root / "changes.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "to_codes", "102")]


def test_lineage_follows_each_kind_of_change(province):
    history, _ = _history(province / mp.CODE)
    changes, _ = read_changes(province / mp.CODE / "changes.csv")
    since, until = dt.date(2023, 12, 31), dt.date(2024, 12, 31)
    merged = lineage("101", changes, history, since, until)
    assert merged.predecessors == ("101", "102") and merged.change.kind == "merge"
    assert lineage("103", changes, history, since, until).predecessors == ("103",)
    assert lineage("10006", changes, history, since, until).change.kind == "reparent"
    assert lineage("104", changes, history, since, until).change is None
    # a window that does not contain the change: the unit simply continued
    assert lineage("101", changes, history, dt.date(2024, 6, 30), until).predecessors == ("101",)


# -- the province-year across the changes ------------------------------------------------------


def test_each_year_is_checked_against_its_own_units_and_a_full_evaluation_passes(province):
    evaluation = load_evaluation(mp.CODE, 2024, province)
    report = validate(evaluation)
    assert report.errors == []
    assert sorted(evaluation.units("districts")["code"]) == ["101", "103", "104"]
    assert sorted(evaluation.units("districts", 2023)["code"]) == ["101", "102", "103", "104"]


def test_a_merged_unit_in_the_later_year_is_refused_saying_when_and_why(tmp_path):
    scores = {**mp.DISTRICT_SCORES, 2024: [*mp.DISTRICT_SCORES[2024], ("102", "Huyện Đông Sơn", 10, 10)]}
    mp.write(tmp_path, district_scores=scores)
    report = validate(load_evaluation(mp.CODE, 2024, tmp_path))
    assert len(report.errors) == 1
    problem = report.errors[0]
    assert (problem.file, problem.row, problem.column, problem.unit) == (
        "data/thuylam/2024/districts.csv", 5, "Mã đơn vị", "102")
    assert problem.rule.startswith("102 Huyện Đông Sơn không còn hoặc chưa có vào ngày 31/12/2024")
    assert "đến hết ngày 31/12/2023" in problem.rule
    assert ("data/thuylam/changes.csv, dòng 2 (nhập từ ngày 01/01/2024 theo Nghị quyết số 9001/NQ-UBTVQH15 ngày "
            "14/12/2023 của Ủy ban Thường vụ Quốc hội)") in problem.rule


def test_a_unit_missing_from_a_full_year_is_the_one_in_force_that_year(tmp_path):
    scores = {**mp.DISTRICT_SCORES, 2023: mp.DISTRICT_SCORES[2023][:1] + mp.DISTRICT_SCORES[2023][2:]}
    mp.write(tmp_path, district_scores=scores)
    report = validate(load_evaluation(mp.CODE, 2024, tmp_path))
    assert len(report.errors) == 1 and "102 Huyện Đông Sơn" in str(report.errors[0])


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
    assert districts["unit_links"]["101"] == {"basis": "mean", "change": 0}
    assert "103" not in districts["unit_links"] or districts["unit_links"]["103"]["basis"] is None
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


def test_the_changes_are_in_the_record_once_each_with_their_basis(record):
    districts = _tier(record, "districts")
    assert [(c["kind"], [u["name"] for u in c["from"]], [u["name"] for u in c["to"]])
            for c in districts["unit_changes"]] == [
        ("merge", ["Thành phố Thủy Lâm", "Huyện Đông Sơn"], ["Thành phố Thủy Lâm"]),
        ("retype", ["Thị xã Hà Châu"], ["Thành phố Hà Châu"]),
    ]
    assert districts["unit_changes"][0]["compared"] == "mean"


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


def test_an_unknown_comparison_rule_is_refused_with_the_allowed_values(tmp_path):
    from egov_report.errors import FrameworkError

    root = mp.write(tmp_path)
    framework = (root / "framework.yaml").read_text(encoding="utf-8")
    (root / "framework.yaml").write_text(framework.replace("comparison_across_changes: mean",
                                                           "comparison_across_changes: Mean"), encoding="utf-8")
    with pytest.raises(FrameworkError, match="comparison_across_changes.*chỉ nhận: mean, none"):
        load_evaluation(mp.CODE, 2024, tmp_path)


def test_the_report_names_each_change_once_with_its_basis(record, province):
    from egov_report.core.builder import plain_text
    from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder

    builder = TieredReportBuilder(record)
    sentences = [plain_text(s) for s in builder.unit_change_sentences()]
    basis = "theo Nghị quyết số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội."
    assert sentences[:2] == [
        f"Từ ngày 01/01/2024, huyện Đông Sơn được nhập vào thành phố Thủy Lâm {basis}",
        f"Từ ngày 01/01/2024, thị xã Hà Châu được chuyển thành thành phố Hà Châu {basis}",
    ]
    assert ("Để so sánh với năm 2023, điểm năm 2023 của thành phố Thủy Lâm được quy đổi bằng trung bình cộng "
            "điểm năm 2023 của thành phố Thủy Lâm và huyện Đông Sơn; mức thay đổi điểm và thứ hạng của thành phố "
            "Thủy Lâm so với năm 2023 tính theo điểm quy đổi này.") in sentences
    assert ("Điểm trung bình và số đơn vị theo từng mức xếp loại của mỗi năm được tính trên các đơn vị của năm "
            "đó (năm 2023: 4 đơn vị; năm 2024: 3 đơn vị).") in sentences
    assert ("Thứ hạng năm 2023 của các địa phương cấp huyện dùng để so sánh được tính lại trên 3 đơn vị theo "
            "danh mục đơn vị năm 2024.") in sentences
    assert f"Từ ngày 01/01/2024, xã Hưng Lợi được đổi tên thành xã Hưng Thịnh {basis}" in sentences
    assert ("Từ ngày 01/01/2024, xã Tân Hòa chuyển về trực thuộc thành phố Hà Châu theo Nghị quyết số "
            "77/NQ-HĐND ngày 08/12/2023 của Hội đồng nhân dân tỉnh Thủy Lâm.") in sentences
    assert sum("9001/NQ-UBTVQH15" in s for s in sentences) == 4  # merger, type, two communes, renaming: once each


# -- the shipped real case: Quảng Ninh's districts across the Hoành Bồ–Hạ Long merger ---------------


def _report_text(path) -> str:
    import re
    from html import unescape

    html = path.read_text(encoding="utf-8")
    html = re.sub(r'<span class="fig"[^>]*>|</span>', "", html)  # figure marks are inline
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_shipped_quangninh_districts_across_the_merger(shipped_reports):
    """data/quangninh-caphuyen: Huyện Hoành Bồ (204) merged into Thành phố Hạ Long (193) from 01/01/2020
    by Nghị quyết 837/NQ-UBTVQH14 of 17/12/2019; 2019 totals from the district table (Hạ Long 130,28,
    Hoành Bồ 122,95: mean 126,615, recorded 126,62), 2020 sample total of Hạ Long 141,35."""
    import json

    folder = shipped_reports / "quangninh-caphuyen" / "2020"
    record = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    districts = record["tiers"][0]
    assert districts["current"]["n"] == 13 and districts["previous"]["n"] == 14
    assert districts["coverage"] == "full" and districts["comparable"] is True
    ha_long = next(e for e in districts["ranking"] if e["code"] == "193")
    assert (ha_long["previous_total"], ha_long["change"], ha_long["rank"], ha_long["previous_rank"]) == (
        126.62, 14.73, 4, 6)
    assert "204" not in {e["code"] for e in districts["ranking"]}
    text = _report_text(folder / "report.html")
    assert ("Căn cứ Nghị quyết số 837/NQ-UBTVQH14 ngày 17/12/2019 của Ủy ban Thường vụ Quốc hội") in text
    # named in full once, in Căn cứ; the scope refers to it
    assert ("Từ ngày 01/01/2020, huyện Hoành Bồ được nhập vào thành phố Hạ Long theo Nghị quyết số "
            "837/NQ-UBTVQH14 nêu trên.") in text
    assert text.count("được nhập vào thành phố Hạ Long") == 1  # named once
    assert ("Cột “Năm 2019” của thành phố Hạ Long: trung bình cộng điểm năm 2019 của thành phố Hạ Long và huyện "
            "Hoành Bồ.") in text
    for wrong in ("chỉ mang tính tham khảo", "ngoài 11 đơn vị", "chỉ gồm"):
        assert wrong not in text


# -- two-level local government: communes directly under the province (from 1 July 2025) -----------

TWO_LEVEL_FRAMEWORK = """\
kind: tiered_scores
province: {code: thuylam, name: Thủy Lâm, name_full: tỉnh Thủy Lâm}
title: Đánh giá mức độ chuyển đổi số
tiers:
  - code: communes
    label: xã, phường
    label_unit: đơn vị cấp xã
    max: 100
    group_tier: districts
    parent_label: địa bàn huyện cũ
unit_types: {thanh-pho: Thành phố, huyen: Huyện, xa: Xã, phuong: Phường}
"""
TWO_LEVEL_UNITS = """\
code,name,tier,parent_code,unit_type,valid_from,valid_to,group_code
101,Thành phố Thủy Lâm,districts,,thanh-pho,,2025-07-01,
104,Huyện Tây Giang,districts,,huyen,,2025-07-01,
10001,Phường Thủy An,communes,101,phuong,,2025-07-01,
10002,Phường Thủy Bình,communes,101,phuong,,2025-07-01,
10007,Xã Tây Sơn,communes,104,xa,,2025-07-01,
10008,Xã Hưng Thịnh,communes,104,xa,,2025-07-01,
20001,Phường Thủy Lâm,communes,,phuong,2025-07-01,,101
10007,Xã Tây Sơn,communes,,xa,2025-07-01,,104
10008,Xã Hưng Thịnh,communes,,xa,2025-07-01,,104
"""
TWO_LEVEL_BASIS = "Nghị quyết,9002/NQ-UBTVQH15,2025-06-16,Ủy ban Thường vụ Quốc hội"
TWO_LEVEL_CHANGES = f"""\
effective,change,from_codes,to_codes,basis_kind,basis_number,basis_date,basis_issuer
2025-07-01,merge,10001;10002,20001,{TWO_LEVEL_BASIS}
2025-07-01,reparent,10007;10008,10007;10008,{TWO_LEVEL_BASIS}
2025-07-01,dissolve,101;104,,{TWO_LEVEL_BASIS}
"""


def _two_level(data_dir):
    root = data_dir / "thuylam"
    root.mkdir()
    (root / "framework.yaml").write_text(TWO_LEVEL_FRAMEWORK, encoding="utf-8")
    (root / "units.csv").write_text(TWO_LEVEL_UNITS, encoding="utf-8")
    (root / "changes.csv").write_text(TWO_LEVEL_CHANGES, encoding="utf-8")
    scores = {2024: [("10001", 80), ("10002", 70), ("10007", 55), ("10008", 45)],
              2025: [("20001", 85), ("10007", 60), ("10008", 40)]}
    for year, rows in scores.items():
        (root / str(year)).mkdir()
        previous = "previous_year: 2024\n" if year == 2025 else ""
        (root / str(year) / "evaluation.yaml").write_text(
            f"year: {year}\n{previous}sources:\n  communes:\n    file: xa.csv\n", encoding="utf-8")
        lines = ["Mã đơn vị,Tổng điểm", *(f"{c},{t}" for c, t in rows)]
        (root / str(year) / "xa.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_level_communes_are_grouped_by_their_former_district(tmp_path):
    _two_level(tmp_path)
    evaluation = load_evaluation("thuylam", 2025, tmp_path)
    assert validate(evaluation).errors == []
    communes = analyse(evaluation)["tiers"][0]
    assert {p["name"]: (p["n"], p["mean"]) for p in communes["by_parent"]} == {
        "Thành phố Thủy Lâm": (1, 85.00), "Huyện Tây Giang": (2, 50.00)}
    assert communes["parent_label"] == "địa bàn huyện cũ"
    assert (communes["current"]["mean"], communes["previous"]["mean"], communes["change"]["mean"]) == (
        61.67, 62.50, -0.83)
    new_ward = _entry(communes, "20001")
    assert (new_ward["previous_total"], new_ward["change"], new_ward["rank_change"]) == (75.00, 10.00, 0)
    assert {e["code"]: e["change"] for e in communes["ranking"]} == {"20001": 10.00, "10007": 5.00, "10008": -5.00}


def test_a_group_code_that_names_no_former_unit_is_refused(tmp_path):
    _two_level(tmp_path)
    units = tmp_path / "thuylam" / "units.csv"
    units.write_text(TWO_LEVEL_UNITS.replace(",2025-07-01,,104\n10008", ",2025-07-01,,105\n10008"), encoding="utf-8")
    errors = validate(load_evaluation("thuylam", 2025, tmp_path)).errors
    assert [(e.row, e.column, e.unit, e.value) for e in errors] == [(9, "group_code", "10007", "105")]


def test_units_moved_together_each_keep_their_own_history(province):
    history, _ = _history(province / mp.CODE)
    changes, _ = read_changes(province / mp.CODE / "changes.csv")
    since, until = dt.date(2023, 12, 31), dt.date(2024, 12, 31)
    assert lineage("10003", changes, history, since, until).predecessors == ("10003",)
    assert lineage("10004", changes, history, since, until).predecessors == ("10004",)


# -- the province as an office sends it: workbooks with a merged two-row header and an average row --

# District means by hand (merger_province.py): 2023 readiness (30 + 20 + 25 + 15) / 4 = 22,50, results
# (45 + 30 + 40 + 35) / 4 = 37,50, total 60,00; 2024 readiness (32 + 30 + 20) / 3 = 27,333… -> 27,33,
# results (50 + 44 + 30) / 3 = 41,333… -> 41,33, total 206 / 3 = 68,666… -> 68,67.
OFFICE_MEANS = {2023: (22.50, 37.50, 60.00), 2024: (27.33, 41.33, 68.67)}


def _office_workbook(path, year: int) -> None:
    office_workbook(path, f"KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM {year}",
                    ["Điều kiện sẵn sàng", "Kết quả đạt được"], mp.DISTRICT_SCORES[year],
                    [("Bình quân chung", OFFICE_MEANS[year])])


@pytest.fixture()
def office(tmp_path):
    root = mp.write(tmp_path)
    for year in mp.YEARS:
        folder = root / str(year)
        (folder / "districts.csv").unlink()
        _office_workbook(folder / "diem_cap_huyen.xlsx", year)
        settings = (folder / "evaluation.yaml").read_text(encoding="utf-8")
        (folder / "evaluation.yaml").write_text(
            settings.replace("file: districts.csv", "file: diem_cap_huyen.xlsx\n    sheet: Cấp huyện"), encoding="utf-8")
    return tmp_path


def test_an_office_province_across_a_merger_reads_checks_and_compares_by_hand(office):
    evaluation = load_evaluation(mp.CODE, 2024, office)
    assert validate(evaluation).errors == []
    record = analyse(evaluation)
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


def test_an_office_average_row_that_disagrees_names_row_column_and_both_values(office):
    import openpyxl

    path = office / mp.CODE / "2024" / "diem_cap_huyen.xlsx"
    book = openpyxl.load_workbook(path)
    book["Cấp huyện"]["F8"] = 68.70
    book.save(path)
    errors = validate(load_evaluation(mp.CODE, 2024, office)).errors
    assert [(e.row, e.column) for e in errors] == [(8, "Tổng điểm")]
    assert "ghi 68,70" in errors[0].rule and "68,67" in errors[0].rule


def test_a_new_row_without_its_change_is_a_warning_naming_row_and_code(tmp_path):
    changes = "\n".join(line for line in mp.CHANGES.splitlines() if ",rename," not in line) + "\n"
    mp.write(tmp_path, changes=changes)
    report = validate(load_evaluation(mp.CODE, 2024, tmp_path))
    assert report.errors == []
    warned = [p for p in report.warnings if p.column == "valid_from"]
    assert [(p.row, p.unit) for p in warned] == [(18, "10008")]
    assert "không có thay đổi nào của mã này vào ngày đó" in warned[0].rule
