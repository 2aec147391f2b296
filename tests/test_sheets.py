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
