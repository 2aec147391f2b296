"""The figures a province's own score tables state (a "Bình quân chung" or "Tổng cộng" row), as the
record keeps them for the reconciliation annex: every field of each entry, typed by hand.

The province is tests/support/merger_province.py; its 2024 district table is a workbook (title in row 1,
a two-row header in rows 3-4, the three districts in rows 5-7, the summary rows from row 8).
District scores 2024 by hand: readiness 32 + 30 + 20 = 82 (mean 27,333… -> 27,33), results
50 + 44 + 30 = 124 (mean 41,333… -> 41,33), totals 82 + 74 + 50 = 206 (mean 68,666… -> 68,67).
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from support import merger_province as mp
from support.workbooks import office_workbook

SOURCE = "Bảng điểm của tỉnh, tệp data/thuylam/2024/diem_cap_huyen.xlsx [Cấp huyện]"  # as the annex names it
BLOCK = "khối huyện, thị xã, thành phố, năm 2024"


MEANS_2024 = ("Bình quân chung", (27.33, 41.33, 68.67))


def _stated_2024(
    data_dir,
    bottom=(MEANS_2024,),
    criteria=("Điều kiện sẵn sàng", "Kết quả đạt được"),
    source_extra: str = "",
    alias: str = "",
    sum_row: bool = False,
) -> list[dict]:
    """The record's stated figures with 2024's district table as a workbook (summary rows ``bottom`` from row 8;
    ``alias``: another header the framework accepts for readiness; ``sum_row``: a "Tổng cộng" row at one decimal)."""
    root = mp.write(data_dir)
    if alias:
        framework = root / "framework.yaml"
        framework.write_text(
            framework.read_text(encoding="utf-8").replace(
                "{code: readiness, label: Điều kiện sẵn sàng, max: 40}",
                f"{{code: readiness, label: Điều kiện sẵn sàng, max: 40, aliases: [{alias}]}}",
            ),
            encoding="utf-8",
        )
    folder = root / "2024"
    (folder / "districts.csv").unlink()
    office_workbook(
        folder / "diem_cap_huyen.xlsx",
        "KẾT QUẢ ĐÁNH GIÁ CẤP HUYỆN NĂM 2024",
        list(criteria),
        mp.DISTRICT_SCORES[2024],
        list(bottom),
    )
    if sum_row:
        _add_row(folder / "diem_cap_huyen.xlsx", 9, "Tổng cộng", (82, 124, 206), "0.0")
    settings = folder / "evaluation.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "file: districts.csv", f"file: diem_cap_huyen.xlsx\n    sheet: Cấp huyện{source_extra}"
        ),
        encoding="utf-8",
    )
    return analyse(load_evaluation(mp.CODE, 2024, data_dir))["stated"]


@pytest.fixture()
def stated(tmp_path, data_here):
    """A mean row at two decimals, a sum row at one."""
    return _stated_2024(tmp_path, sum_row=True)


def _add_row(path, row: int, label: str, figures: tuple, number_format: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Cấp huyện"]
    sheet[f"A{row}"] = label
    for column, figure in zip("DEF", figures):
        sheet[f"{column}{row}"].value, sheet[f"{column}{row}"].number_format = figure, number_format
    book.save(path)


def test_each_mean_cell_is_bound_to_the_mean_it_states(stated):
    means = stated[:3]
    assert [s["key"] for s in means] == [
        "tiers.districts.current.groups.readiness.mean",
        "tiers.districts.current.groups.results.mean",
        "tiers.districts.current.mean",
    ]
    assert [s["figure"] for s in means] == [
        f"Điểm trung bình nhóm tiêu chí «Điều kiện sẵn sàng», {BLOCK}",
        f"Điểm trung bình nhóm tiêu chí «Kết quả đạt được», {BLOCK}",
        f"Điểm trung bình, {BLOCK}",
    ]
    assert [(s["published"], s["value"], s["decimals"], s["computed"]) for s in means] == [
        ("27,33", 27.33, 2, 27.33),
        ("41,33", 41.33, 2, 41.33),
        ("68,67", 68.67, 2, 68.67),
    ]
    assert [s["where"] for s in means] == [
        "dòng 8 «Bình quân chung», cột «Điều kiện sẵn sàng»",
        "dòng 8 «Bình quân chung», cột «Kết quả đạt được»",
        "dòng 8 «Bình quân chung», cột «Tổng điểm»",
    ]
    assert {s["source"] for s in means} == {SOURCE}
    # half a unit of the cell's last decimal (0,005) plus half of the record's (0,005)
    assert all(s["tolerance"] == pytest.approx(0.01, abs=1e-8) and s["tolerance"] > 0.01 for s in means)


def test_each_sum_cell_is_its_own_figure_shown_at_its_cells_decimals(stated):
    sums = stated[3:]
    assert [s["key"] for s in sums] == ["stated.3.computed", "stated.4.computed", "stated.5.computed"]
    assert [s["figure"] for s in sums] == [
        f"Tổng cộng điểm nhóm tiêu chí «Điều kiện sẵn sàng» của các đơn vị, {BLOCK}",
        f"Tổng cộng điểm nhóm tiêu chí «Kết quả đạt được» của các đơn vị, {BLOCK}",
        f"Tổng cộng điểm của các đơn vị, {BLOCK}",
    ]
    # the cells' format "0.0" shows one decimal; the computed sum keeps two
    assert [(s["published"], s["value"], s["decimals"], s["computed"]) for s in sums] == [
        ("82,0", 82.0, 1, 82.0),
        ("124,0", 124.0, 1, 124.0),
        ("206,0", 206.0, 1, 206.0),
    ]
    assert [s["where"] for s in sums] == [
        "dòng 9 «Tổng cộng», cột «Điều kiện sẵn sàng»",
        "dòng 9 «Tổng cộng», cột «Kết quả đạt được»",
        "dòng 9 «Tổng cộng», cột «Tổng điểm»",
    ]
    assert {s["source"] for s in sums} == {SOURCE}
    # half a unit of one decimal (0,05) plus half of the record's two (0,005)
    assert all(s["tolerance"] == pytest.approx(0.055, abs=1e-8) and s["tolerance"] > 0.055 for s in sums)


def test_a_year_read_from_csv_states_nothing(stated):
    assert len(stated) == 6  # 2023 is the CSV of merger_province.py: no summary row, no entry for 2023


def test_a_cell_is_placed_under_its_header_as_typed(tmp_path, data_here):
    """The readiness column headed "Nhóm I" (an alias the framework gives it): the annex says where the
    office's figure is in the office's own words."""
    stated = _stated_2024(tmp_path, criteria=("Nhóm I", "Kết quả đạt được"), alias="Nhóm I")
    assert [s["where"] for s in stated] == [
        "dòng 8 «Bình quân chung», cột «Nhóm I»",
        "dòng 8 «Bình quân chung», cột «Kết quả đạt được»",
        "dòng 8 «Bình quân chung», cột «Tổng điểm»",
    ]
    assert stated[0]["figure"] == f"Điểm trung bình nhóm tiêu chí «Điều kiện sẵn sàng», {BLOCK}"


@pytest.mark.parametrize("cell", [None, "—"], ids=["blank", "dash"])
def test_a_summary_cell_without_a_number_states_nothing_and_the_next_cells_still_do(tmp_path, data_here, cell):
    stated = _stated_2024(tmp_path, [("Bình quân chung", (cell, 41.33, 68.67))])
    assert [s["key"] for s in stated] == ["tiers.districts.current.groups.results.mean", "tiers.districts.current.mean"]


def test_the_summary_row_of_a_tables_head_is_not_bound(tmp_path, data_here):
    """coverage: head: the table is the first rows of a longer one; its average row is the whole table's."""
    stated = _stated_2024(tmp_path, source_extra="\n    coverage: head\n    coverage_note: ba địa phương đứng đầu")
    assert stated == []
