"""The score workbook as an office keeps it: a two-row header with merged headings, and a mean or
sum row at the bottom checked against the figures computed from the units.

Workbooks are built here with openpyxl; every figure asserted is typed by hand below, with the
arithmetic beside it (the scores are ``office_province.DISTRICTS_2019``).
"""

from __future__ import annotations

import openpyxl
import pytest

from egov_report.core.document import report_context
from egov_report.core.published import read_for
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from egov_report.kinds.tiered_scores.validation import validate
from support.office_province import DISTRICTS_2019, PROVINCE, UNITS, write_province
from support.workbooks import office_workbook

NAMES = {u[0]: u[1] for u in UNITS}
# Means of DISTRICTS_2019 over its three units, by hand:
#   infrastructure (20,50 + 25,00 + 18,75) / 3 = 64,25 / 3 = 21,41666… -> 21,42
#   application    (40,25 + 45,50 + 30,00) / 3 = 115,75 / 3 = 38,58333… -> 38,58
#   staff          (15,00 + 18,25 + 10,50) / 3 = 43,75 / 3 = 14,58333… -> 14,58
#   total          (75,75 + 88,75 + 59,25) / 3 = 223,75 / 3 = 74,58333… -> 74,58
MEANS = (21.42, 38.58, 14.58, 74.58)
SUMS = (64.25, 115.75, 43.75, 223.75)


def _office_workbook(
    path, bottom=(("Bình quân chung", MEANS),), number_format="0.00", merge_label=True, scores=DISTRICTS_2019, year=2019
):
    """Title in row 1, the header in rows 3-4 ("Điểm theo nhóm tiêu chí" merged over D3:F3, the other
    headings merged down two rows), units in rows 5-7, then the bottom rows (label, figures)."""
    office_workbook(
        path,
        f"BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CẤP HUYỆN NĂM {year}",
        ["Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực"],
        [(code, NAMES[code], *values) for code, values in scores.items()],
        bottom,
        number_format,
        merge_label,
    )


def _province(tmp_path, source_extra=None, **workbook):
    data_dir = write_province(
        tmp_path,
        {
            2019: {
                "sources": {"districts": {"file": "diem_cap_huyen.xlsx", "sheet": "Cấp huyện", **(source_extra or {})}}
            }
        },
    )
    _office_workbook(data_dir / PROVINCE / "2019" / "diem_cap_huyen.xlsx", **workbook)
    return data_dir


def _errors(report):
    return [p for p in report.problems if p.level == "error"]


def test_a_two_row_header_with_merged_headings_reads_each_criterion_under_its_group(tmp_path):
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=_province(tmp_path))
    table = evaluation.current.tables["districts"]
    assert table.headers == {
        "row_number": "STT",
        "unit_code": "Mã đơn vị",
        "unit_name": "Tên đơn vị",
        "infrastructure": "Hạ tầng kỹ thuật",
        "application": "Ứng dụng",
        "staff": "Nhân lực",
        "total": "Tổng điểm",
    }
    assert table.text["row"].tolist() == [5, 6, 7]  # row 4 is the header's second row, row 8 the mean row
    assert table.text["unit_code"].tolist() == ["890", "891", "892"]
    assert table.text["application"].tolist() == ["40.25", "45.5", "30"]
    assert table.text["total"].tolist() == ["75.75", "88.75", "59.25"]
    assert table.title == ["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CẤP HUYỆN NĂM 2019"]
    assert table.problems == []  # the group heading is no unknown column; merged headings are no merged data


def test_the_mean_row_is_no_unit_and_matches_the_computed_means(tmp_path):
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=_province(tmp_path))
    table = evaluation.current.tables["districts"]
    assert [(s.row, s.label, s.kind) for s in table.summary] == [(8, "Bình quân chung", "mean")]
    report = validate(evaluation)
    assert _errors(report) == [] and report.passed
    record = analyse(evaluation)
    current = record["tiers"][0]["current"]
    assert current["n"] == 3 and current["mean"] == 74.58
    assert [g["mean"] for g in current["groups"]] == [21.42, 38.58, 14.58]


def test_the_mean_row_is_listed_in_the_reconciliation_as_the_provinces_own_figure(tmp_path):
    data_dir = _province(tmp_path)
    record = analyse(load_evaluation(PROVINCE, 2019, data_dir=data_dir))
    comparisons = read_for(PROVINCE, 2019, record, data_dir)
    assert [(c.key, c.published, c.computed) for c in comparisons] == [
        ("tiers.districts.current.groups.infrastructure.mean", "21,42", 21.42),
        ("tiers.districts.current.groups.application.mean", "38,58", 38.58),
        ("tiers.districts.current.groups.staff.mean", "14,58", 14.58),
        ("tiers.districts.current.mean", "74,58", 74.58),
    ]
    assert all(c.matches and not c.by_construction for c in comparisons)
    total = comparisons[-1]
    assert total.figure == "Điểm trung bình, khối huyện, thị xã, thành phố, năm 2019"
    assert total.where == "dòng 8 «Bình quân chung», cột «Tổng điểm»"
    assert total.source == "Bảng điểm của tỉnh, tệp diem_cap_huyen.xlsx [Cấp huyện]"  # outside data/: its name
    builder = TieredReportBuilder(record, **report_context(PROVINCE, 2019, record, None, data_dir))
    annex = builder.reconciliation().data
    assert "Nguồn: [1] Bảng điểm của tỉnh, tệp diem_cap_huyen.xlsx [Cấp huyện]." in annex
    assert annex.count(">khớp<") == 4 and "dòng 8 «Bình quân chung», cột «Tổng điểm»" in annex


def test_a_mean_row_that_differs_is_a_problem_naming_row_column_and_both_values(tmp_path):
    data_dir = _province(tmp_path, bottom=(("Bình quân chung", (21.42, 38.58, 14.58, 74.60)),))
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir)))
    assert len(errors) == 1
    error = errors[0]
    assert error.file.endswith("diem_cap_huyen.xlsx [Cấp huyện]")
    assert (error.row, error.column, error.value) == (8, "Tổng điểm", "74.6")
    assert "ghi 74,60" in error.rule and "là 74,58" in error.rule and "3 đơn vị" in error.rule


def test_equal_within_the_cells_decimals_passes(tmp_path):
    # one decimal shown: 21,4 / 38,6 / 14,6 / 74,6 are the means above printed with one decimal
    data_dir = _province(tmp_path, bottom=(("Trung bình", (21.4, 38.6, 14.6, 74.6)),), number_format="0.0")
    report = validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir))
    assert _errors(report) == []
    record = analyse(load_evaluation(PROVINCE, 2019, data_dir=data_dir))
    assert [(s["published"], s["decimals"]) for s in record["stated"]] == [
        ("21,4", 1),
        ("38,6", 1),
        ("14,6", 1),
        ("74,6", 1),
    ]
    assert all(c.matches for c in read_for(PROVINCE, 2019, record, data_dir))


def test_a_general_cell_saved_by_a_formula_is_compared_with_its_digits(tmp_path):
    # =AVERAGE(D5:D7) saved as 21,416666666666668 in a General cell: compared at six decimals
    data_dir = _province(
        tmp_path, bottom=(("Bình quân", (64.25 / 3, 115.75 / 3, 43.75 / 3, 223.75 / 3)),), number_format="General"
    )
    assert _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir))) == []
    # typed with four decimals: 21,4167 is 21,41666… with four, and so are 38,5833, 14,5833 and 74,5833
    four = _province(
        tmp_path / "four", bottom=(("Bình quân", (21.4167, 38.5833, 14.5833, 74.5833)),), number_format="General"
    )
    assert _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=four))) == []
    # 21,4166 is not 21,41666… with four decimals
    wrong = _province(
        tmp_path / "wrong", bottom=(("Bình quân", (21.4166, 38.5833, 14.5833, 74.5833)),), number_format="General"
    )
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=wrong)))
    assert [(e.row, e.column, e.value) for e in errors] == [(8, "Hạ tầng kỹ thuật", "21.4166")]
    assert "ghi 21,4166" in errors[0].rule and "là 21,4167" in errors[0].rule


def test_a_sum_row_is_checked_against_each_columns_sum(tmp_path):
    # sums by hand: 64,25; 115,75; 43,75; 223,75 (the totals 75,75 + 88,75 + 59,25)
    data_dir = _province(tmp_path, bottom=(("Tổng cộng", SUMS), ("Bình quân chung", MEANS)))
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert [(s.row, s.kind) for s in evaluation.current.tables["districts"].summary] == [(8, "sum"), (9, "mean")]
    assert _errors(validate(evaluation)) == []
    record = analyse(evaluation)
    sums = [s for s in record["stated"] if s["key"].startswith("stated.")]
    assert [(s["figure"], s["computed"]) for s in sums] == [
        (
            "Tổng cộng điểm nhóm tiêu chí «Hạ tầng kỹ thuật» của các đơn vị, khối huyện, thị xã, thành phố, năm 2019",
            64.25,
        ),
        ("Tổng cộng điểm nhóm tiêu chí «Ứng dụng» của các đơn vị, khối huyện, thị xã, thành phố, năm 2019", 115.75),
        ("Tổng cộng điểm nhóm tiêu chí «Nhân lực» của các đơn vị, khối huyện, thị xã, thành phố, năm 2019", 43.75),
        ("Tổng cộng điểm của các đơn vị, khối huyện, thị xã, thành phố, năm 2019", 223.75),
    ]
    comparisons = read_for(PROVINCE, 2019, record, data_dir)
    assert len(comparisons) == 8 and all(c.matches for c in comparisons)
    wrong = _province(tmp_path / "wrong", bottom=(("Tổng cộng", (64.25, 115.75, 43.75, 223.00)),))
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=wrong)))
    assert [(e.row, e.column) for e in errors] == [(8, "Tổng điểm")]
    assert "ghi 223,00" in errors[0].rule and "tổng tính từ 3 đơn vị của bảng là 223,75" in errors[0].rule


def test_a_label_of_the_sources_own_is_recognised(tmp_path):
    extra = {"summary_rows": {"mean": ["Điểm BQ toàn tỉnh"]}}
    data_dir = _province(tmp_path, source_extra=extra, bottom=(("Điểm BQ toàn tỉnh:", MEANS),))
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert [s.label for s in evaluation.current.tables["districts"].summary] == ["Điểm BQ toàn tỉnh:"]
    assert _errors(validate(evaluation)) == []
    unknown = _province(tmp_path / "unknown", bottom=(("Điểm BQ toàn tỉnh", MEANS),))
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=unknown)))
    assert errors and all(e.row == 8 for e in errors)  # read as a unit without a code: refused, never averaged in


def test_merged_cells_inside_the_data_stay_refused(tmp_path):
    data_dir = _province(tmp_path)
    path = data_dir / PROVINCE / "2019" / "diem_cap_huyen.xlsx"
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("D5:D6")
    book.save(path)
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir)))
    assert [(e.row, e.column) for e in errors] == [(5, "Hạ tầng kỹ thuật")]
    assert "D5:D6 đang được gộp" in errors[0].rule


def test_a_summary_label_merged_over_a_score_is_refused(tmp_path):
    data_dir = _province(tmp_path, merge_label=False)
    path = data_dir / PROVINCE / "2019" / "diem_cap_huyen.xlsx"
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("A8:D8")  # the label runs over the first criterion's figure
    book.save(path)
    errors = _errors(validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir)))
    assert any("A8:D8 đang được gộp" in e.rule for e in errors)


def test_a_one_row_header_reads_as_before(tmp_path):
    data_dir = write_province(tmp_path, {2019: {"sources": {"districts": {"file": "diem.xlsx"}}}})
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực", "Tổng điểm"])
    for code, scores in DISTRICTS_2019.items():
        book.active.append([code, NAMES[code], *scores, round(sum(scores), 2)])
    book.save(data_dir / PROVINCE / "2019" / "diem.xlsx")
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    table = evaluation.current.tables["districts"]
    assert table.text["row"].tolist() == [2, 3, 4] and table.summary == []
    assert _errors(validate(evaluation)) == []


@pytest.mark.parametrize("label", ["Cộng", "Tổng cộng", "Bình quân chung", "Điểm trung bình", "Trung bình"])
def test_built_in_labels(tmp_path, label):
    kind = "sum" if label in ("Cộng", "Tổng cộng") else "mean"
    figures = SUMS if kind == "sum" else MEANS
    data_dir = _province(tmp_path, bottom=((label, figures),))
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert [(s.label, s.kind) for s in evaluation.current.tables["districts"].summary] == [(label, kind)]
    assert _errors(validate(evaluation)) == []


def test_the_previous_years_mean_row_is_bound_to_the_previous_mean(tmp_path):
    data_dir = write_province(
        tmp_path,
        {
            2018: {"sources": {"districts": {"file": "diem_2018.xlsx"}}},
            2019: {"previous_year": 2018, "sources": {"districts": {"file": "diem_2019.xlsx"}}},
        },
    )
    # 2018, by hand: infrastructure (10 + 20 + 15) / 3 = 15,00; application (20 + 30 + 25) / 3 = 25,00;
    # staff (5 + 10 + 8,83) / 3 = 7,94; totals 35,00 + 60,00 + 48,83 = 143,83, / 3 = 47,94
    _office_workbook(
        data_dir / PROVINCE / "2018" / "diem_2018.xlsx",
        scores={"890": (10, 20, 5), "891": (20, 30, 10), "892": (15, 25, 8.83)},
        year=2018,
        bottom=(("Bình quân chung", (15.00, 25.00, 7.94, 47.94)),),
    )
    _office_workbook(data_dir / PROVINCE / "2019" / "diem_2019.xlsx")
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert _errors(validate(evaluation)) == []
    record = analyse(evaluation)
    stated = {s["key"]: (s["published"], s["figure"]) for s in record["stated"]}
    assert stated["tiers.districts.previous.mean"] == (
        "47,94",
        "Điểm trung bình, khối huyện, thị xã, thành phố, năm 2018",
    )
    assert stated["tiers.districts.current.mean"] == (
        "74,58",
        "Điểm trung bình, khối huyện, thị xã, thành phố, năm 2019",
    )
    assert record["tiers"][0]["change"]["mean"] == 26.64  # 74,58 − 47,94
    assert all(c.matches for c in read_for(PROVINCE, 2019, record, data_dir))


def test_the_mean_row_of_a_tables_head_is_not_compared(tmp_path):
    # the head of a longer table: its "Bình quân chung" is the whole table's, 70,00 here
    extra = {"coverage": "head", "coverage_note": "các đơn vị đứng đầu bảng"}
    data_dir = _province(tmp_path, source_extra=extra, bottom=(("Bình quân chung", (20.0, 35.0, 15.0, 70.0)),))
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    report = validate(evaluation)
    assert _errors(report) == []
    assert [(p.level, p.row) for p in report.problems if "Bình quân chung" in p.rule] == [("warning", 8)]
    assert analyse(evaluation)["stated"] == []


def test_summary_labels_are_typed_and_never_both_kinds(tmp_path):
    from egov_report.errors import InputError

    with pytest.raises(InputError, match=r"sources\.districts\.summary_rows\.mean = 'Điểm BQ' phải là một danh sách"):
        load_evaluation(
            PROVINCE, 2019, data_dir=_province(tmp_path, source_extra={"summary_rows": {"mean": "Điểm BQ"}})
        )
    both = {"summary_rows": {"mean": ["Cộng BQ"], "sum": ["cộng bq"]}}
    with pytest.raises(InputError, match=r"summary_rows ghi cùng một nhãn ở cả mean và sum \(cộng bq\)"):
        load_evaluation(PROVINCE, 2019, data_dir=_province(tmp_path / "both", source_extra=both))


def test_a_heading_merged_down_into_the_first_unit_is_merged_data_not_a_header(tmp_path):
    data_dir = write_province(tmp_path, {2019: {"sources": {"districts": {"file": "diem.xlsx"}}}})
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực"])
    for code, scores in DISTRICTS_2019.items():
        book.active.append([code, NAMES[code], *scores])
    book.active.merge_cells("B1:B2")  # "Tên đơn vị" over the first unit's name
    book.save(data_dir / PROVINCE / "2019" / "diem.xlsx")
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert evaluation.current.tables["districts"].text["row"].tolist() == [2, 3, 4]
    errors = _errors(validate(evaluation))
    assert [(e.row, e.column) for e in errors] == [(1, "Tên đơn vị")] and "B1:B2 đang được gộp" in errors[0].rule
