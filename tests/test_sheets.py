"""Excel read as displayed (issue 21): percent cells, numbers stored as text, old .xls files renamed."""

from __future__ import annotations

import openpyxl
import pytest

from egov_report.core.sheets import check_workbook, read_excel_grid
from egov_report.errors import InputError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _book(tmp_path, cells):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Điểm"
    for coordinate, (value, number_format) in cells.items():
        sheet[coordinate] = value
        if number_format:
            sheet[coordinate].number_format = number_format
    path = tmp_path / "scores.xlsx"
    book.save(path)
    return path


def test_a_percent_cell_is_read_as_shown_and_marked(tmp_path):
    path = _book(tmp_path, {"A1": ("Mã", None), "B1": ("Điểm", None), "A2": ("X", None), "B2": (0.1581, "0.00%"),
                            "B3": (15.81, None)})
    grid = read_excel_grid(path, None)
    assert grid.rows[1][1] == ["X", "15.81%"] and grid.rows[2][1] == ["", "15.81"]
    assert grid.percent == {(2, 1): "B2"}
    assert grid.sheet == "Điểm" and grid.sheets == ("'Điểm'",)


def test_a_number_stored_as_text_is_read_as_the_text_shows(tmp_path):
    path = _book(tmp_path, {"A1": ("15,81", "@"), "B1": ("0015.80", None), "C1": ("1.537", None)})
    assert read_excel_grid(path, None).rows[0][1] == ["15,81", "0015.80", "1.537"]


def test_an_old_xls_renamed_xlsx_is_called_so():
    with pytest.raises(InputError) as caught:
        check_workbook(OLE + bytes(1016) + "Workbook".encode("utf-16-le") + bytes(512), "data/x/2019/scores.xlsx")
    assert str(caught.value) == (
        "data/x/2019/scores.xlsx: tệp là bảng tính Excel 97-2003 (.xls) nhưng được đặt tên đuôi .xlsx; hãy mở bằng "
        "Excel hoặc LibreOffice và lưu lại (File > Save As) với kiểu Excel Workbook (*.xlsx)")


def test_a_workbook_saved_with_a_password_is_still_called_so():
    with pytest.raises(InputError, match="có mật khẩu"):
        check_workbook(OLE + bytes(1016) + "EncryptedPackage".encode("utf-16-le") + bytes(512), "x.xlsx")


# -- no row lost in silence ----------------------------------------------------------------------


def _lines(path) -> int:
    import io
    return sum(1 for _ in io.StringIO(path.read_text(encoding="utf-8"), newline=""))


def test_every_line_of_a_csv_file_is_a_row_of_its_grid(tmp_path):
    from helpers import SHIPPED_DATA
    from egov_report.core.sheets import read_csv_grid

    for path in sorted(SHIPPED_DATA.glob("*/*/*.csv")) + sorted(SHIPPED_DATA.glob("*/*.csv")):
        grid = read_csv_grid(path)
        assert [n for n, _ in grid.rows] == list(range(1, _lines(path) + 1)), path
    odd = tmp_path / "odd.csv"  # blank lines, CRLF, a row longer than the header, a quoted comma
    odd.write_bytes('Mã,Điểm\r\n\r\nA,"8,5"\r\nB,8,5\r\n\r\n'.encode("utf-8"))
    grid = read_csv_grid(odd)
    assert [(n, cells) for n, cells in grid.rows] == [
        (1, ["Mã", "Điểm"]), (2, []), (3, ["A", "8,5"]), (4, ["B", "8", "5"]), (5, [])]


def test_a_table_accounts_for_every_line(tmp_path):
    """Rows read + rows refused + blank lines + header and titles = the lines of the file."""
    from helpers import PROVINCE_DIR, copy_province
    from egov_report.kinds.tiered_scores.loading import load_evaluation

    data = copy_province(tmp_path)
    path = data / "quangninh/2019/scores_departments.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + ",99"  # one row too long (refused, still listed), a blank line, a title above
    path.write_text("BẢNG ĐIỂM\n" + "\n".join(text[:5] + [""] + text[5:]) + "\n", encoding="utf-8")
    table = load_evaluation("quangninh", 2019, data_dir=data).current.tables["departments"]
    blank = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if not line.strip(", "))
    refused = {r for r, column in table.skipped if column == "*"}
    assert len(table.text) + blank + 1 + len(table.title) == _lines(path)
    assert refused <= set(table.text["row"]) and len(refused) == 1


def test_a_table_of_another_kind_refuses_hidden_rows_and_columns(tmp_path):
    from egov_report.core.tables import read_table

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["code", "value", "note"], ["a", 1, ""], ["b", 2, ""], ["c", 3, ""]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions["C"].hidden = True  # a heading and no value: named too
    path = tmp_path / "t.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert str(caught.value).endswith(
        "t.xlsx [Sheet]: dòng 3 và cột B «value», C «note» đang bị ẩn trong Excel; phần bị ẩn không được đọc (thường "
        "là bản cũ hay phần nháp). Hãy bỏ ẩn (Unhide) nếu cần dùng, hoặc xóa đi rồi lưu lại")


def test_an_indicator_workbook_read_on_a_cover_page_names_the_sheet(tmp_path):
    import csv

    from helpers import copy_province
    from egov_report.kinds.indicators import loading, validation

    data = copy_province(tmp_path)
    year = data / "quangninh/2020"
    book = openpyxl.Workbook()
    book.active.title = "Bìa"
    book.active["A1"] = "BÁO CÁO CHỈ TIÊU"
    sheet = book.create_sheet("Chỉ tiêu")
    with open(year / "indicators.csv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(year / "indicators.xlsx")
    settings = year / "evaluation.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("file: indicators.csv", "file: indicators.xlsx"),
                        encoding="utf-8")
    evaluation = loading.load_evaluation("quangninh", 2020, data_dir=data)
    errors = [str(p) for p in validation.validate(evaluation).errors]
    assert evaluation.table_label.endswith("indicators.xlsx [Bìa]")
    assert errors and all("indicators.xlsx [Bìa]" in e for e in errors), errors
