"""Units through time (core.unit_history) and a province across a reorganisation (tests/support/merger_province.py).

Every expected value is typed by hand from the tables in merger_province.py's docstring.
"""

from __future__ import annotations

import datetime as dt

import pytest

from egov_report.core.unit_history import check_changes, lineage, on, read_changes, read_periods
from egov_report.kinds.tiered_scores.loading import load_evaluation, read_registry
from egov_report.kinds.tiered_scores.validation import validate
from support import merger_province as mp
from support import two_level_province as two_level

pytestmark = pytest.mark.usefixtures("data_here")  # messages name files as under data/ (tests/conftest.py)


@pytest.fixture()
def province(merger_data):
    return merger_data


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
    units = mp.UNITS.replace(
        "103,Thành phố Hà Châu,districts,,thanh-pho,2024-01-01,",
        "103,Thành phố Hà Châu,districts,,thanh-pho,2023-06-01,",
    )
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
    changes = mp.CHANGES.replace(
        "2024-01-01,rename,10008,10008,Nghị quyết,9001/NQ-UBTVQH15", "2024-01-01,renamed,10008,10008,Nghị quyết,"
    )
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
        "data/thuylam/2024/districts.csv",
        5,
        "Mã đơn vị",
        "102",
    )
    assert problem.rule.startswith("102 Huyện Đông Sơn không còn hoặc chưa có vào ngày 31/12/2024")
    assert "đến hết ngày 31/12/2023" in problem.rule
    assert (
        "data/thuylam/changes.csv, dòng 2 (nhập từ ngày 01/01/2024 theo Nghị quyết số 9001/NQ-UBTVQH15 ngày "
        "14/12/2023 của Ủy ban Thường vụ Quốc hội)"
    ) in problem.rule


def test_a_unit_missing_from_a_full_year_is_the_one_in_force_that_year(tmp_path):
    scores = {**mp.DISTRICT_SCORES, 2023: mp.DISTRICT_SCORES[2023][:1] + mp.DISTRICT_SCORES[2023][2:]}
    mp.write(tmp_path, district_scores=scores)
    report = validate(load_evaluation(mp.CODE, 2024, tmp_path))
    assert len(report.errors) == 1 and "102 Huyện Đông Sơn" in str(report.errors[0])


def test_an_unknown_comparison_rule_is_refused_with_the_allowed_values(tmp_path):
    from egov_report.errors import FrameworkError

    root = mp.write(tmp_path)
    framework = (root / "framework.yaml").read_text(encoding="utf-8")
    (root / "framework.yaml").write_text(
        framework.replace("comparison_across_changes: mean", "comparison_across_changes: Mean"), encoding="utf-8"
    )
    with pytest.raises(FrameworkError, match="comparison_across_changes.*chỉ nhận: mean, none"):
        load_evaluation(mp.CODE, 2024, tmp_path)


def test_the_report_names_each_change_once_with_its_basis(province):
    from egov_report.kinds.tiered_scores.analysis import analyse

    record = analyse(load_evaluation(mp.CODE, 2024, province))
    from egov_report.core.builder import plain_text
    from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder

    builder = TieredReportBuilder(record)
    sentences = [plain_text(s) for s in builder.unit_change_sentences()]
    basis = "theo Nghị quyết số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội."
    assert sentences[:2] == [
        f"Từ ngày 01/01/2024, huyện Đông Sơn được nhập vào thành phố Thủy Lâm {basis}",
        f"Từ ngày 01/01/2024, thị xã Hà Châu được chuyển thành thành phố Hà Châu {basis}",
    ]
    assert (
        "Để so sánh với năm 2023, điểm năm 2023 của thành phố Thủy Lâm được quy đổi bằng trung bình cộng "
        "điểm năm 2023 của thành phố Thủy Lâm và huyện Đông Sơn; mức thay đổi điểm và thứ hạng của thành phố "
        "Thủy Lâm so với năm 2023 tính theo điểm quy đổi này."
    ) in sentences
    assert (
        "Điểm trung bình và số đơn vị theo từng mức xếp loại của mỗi năm được tính trên các đơn vị của năm "
        "đó (năm 2023: 4 đơn vị; năm 2024: 3 đơn vị)."
    ) in sentences
    assert (
        "Thứ hạng năm 2023 của các địa phương cấp huyện dùng để so sánh được tính lại trên 3 đơn vị theo "
        "danh mục đơn vị năm 2024."
    ) in sentences
    assert f"Từ ngày 01/01/2024, xã Hưng Lợi được đổi tên thành xã Hưng Thịnh {basis}" in sentences
    assert (
        "Từ ngày 01/01/2024, xã Tân Hòa chuyển về trực thuộc thành phố Hà Châu theo Nghị quyết số "
        "77/NQ-HĐND ngày 08/12/2023 của Hội đồng nhân dân tỉnh Thủy Lâm."
    ) in sentences
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
        126.62,
        14.73,
        4,
        6,
    )
    assert "204" not in {e["code"] for e in districts["ranking"]}
    text = _report_text(folder / "report.html")
    assert ("Căn cứ Nghị quyết số 837/NQ-UBTVQH14 ngày 17/12/2019 của Ủy ban Thường vụ Quốc hội") in text
    # named in full once, in Căn cứ; the scope refers to it
    assert (
        "Từ ngày 01/01/2020, huyện Hoành Bồ được nhập vào thành phố Hạ Long theo Nghị quyết số "
        "837/NQ-UBTVQH14 nêu trên."
    ) in text
    assert text.count("được nhập vào thành phố Hạ Long") == 1  # named once
    assert (
        "Cột “Năm 2019” của thành phố Hạ Long: trung bình cộng điểm năm 2019 của thành phố Hạ Long và huyện Hoành Bồ."
    ) in text
    for wrong in ("chỉ mang tính tham khảo", "ngoài 11 đơn vị", "chỉ gồm"):
        assert wrong not in text


def test_units_moved_together_each_keep_their_own_history(province):
    history, _ = _history(province / mp.CODE)
    changes, _ = read_changes(province / mp.CODE / "changes.csv")
    since, until = dt.date(2023, 12, 31), dt.date(2024, 12, 31)
    assert lineage("10003", changes, history, since, until).predecessors == ("10003",)
    assert lineage("10004", changes, history, since, until).predecessors == ("10004",)


def test_a_new_row_without_its_change_is_a_warning_naming_row_and_code(tmp_path):
    changes = "\n".join(line for line in mp.CHANGES.splitlines() if ",rename," not in line) + "\n"
    mp.write(tmp_path, changes=changes)
    report = validate(load_evaluation(mp.CODE, 2024, tmp_path))
    assert report.errors == []
    warned = [p for p in report.warnings if p.column == "valid_from"]
    assert [(p.row, p.unit) for p in warned] == [(18, "10008")]
    assert "không có thay đổi nào của mã này vào ngày đó" in warned[0].rule


def test_a_group_code_that_names_no_former_unit_is_refused(tmp_path):
    two_level.write(tmp_path)
    units = tmp_path / "thuylam" / "units.csv"
    units.write_text(two_level.UNITS.replace(",2025-07-01,,104\n10008", ",2025-07-01,,105\n10008"), encoding="utf-8")
    errors = validate(load_evaluation("thuylam", 2025, tmp_path)).errors
    assert [(e.row, e.column, e.unit, e.value) for e in errors] == [(9, "group_code", "10007", "105")]


@pytest.fixture()
def office(tmp_path):
    mp.write_office(tmp_path)
    return tmp_path


def test_an_office_province_across_a_merger_passes_every_check(office):
    assert validate(load_evaluation(mp.CODE, 2024, office)).errors == []


def test_an_office_average_row_that_disagrees_names_row_column_and_both_values(office):
    import openpyxl

    path = office / mp.CODE / "2024" / "diem_cap_huyen.xlsx"
    book = openpyxl.load_workbook(path)
    book["Cấp huyện"]["F8"] = 68.70
    book.save(path)
    errors = validate(load_evaluation(mp.CODE, 2024, office)).errors
    assert [(e.row, e.column) for e in errors] == [(8, "Tổng điểm")]
    assert "ghi 68,70" in errors[0].rule and "68,67" in errors[0].rule
