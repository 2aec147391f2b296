"""A district table as an office keeps it in Excel, for the tests: a title in row 1, a two-row header in
rows 3-4 ("Điểm theo nhóm tiêu chí" merged over the criteria, STT, code, name and total merged down two
rows), the units from row 5, then summary rows ("Bình quân chung" …) with their label merged over A:C."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter


def office_workbook(
    path: Path,
    title: str,
    criteria: list[str],
    units: list[tuple],
    bottom=(),
    number_format: str = "0.00",
    merge_label: bool = True,
) -> None:
    """``units``: (code, name, score per criterion …); the total is their sum, to two decimals.
    ``bottom``: (label, figures per criterion and the total) per summary row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cấp huyện"
    first, last = 4, 3 + len(criteria)  # columns of the criteria: D …
    total = get_column_letter(last + 1)
    sheet["A1"] = title
    sheet.merge_cells(f"A1:{total}1")
    for column, heading in zip(("A", "B", "C", total), ("STT", "Mã đơn vị", "Tên đơn vị", "Tổng điểm")):
        sheet[f"{column}3"] = heading
        sheet.merge_cells(f"{column}3:{column}4")
    sheet["D3"] = "Điểm theo nhóm tiêu chí"
    sheet.merge_cells(f"D3:{get_column_letter(last)}3")
    for index, criterion in enumerate(criteria, start=first):
        sheet[f"{get_column_letter(index)}4"] = criterion
    for number, (code, name, *scores) in enumerate(units, start=1):
        sheet.append([number, code, name, *scores, round(sum(scores), 2)])
    row = sheet.max_row + 1
    for label, figures in bottom:
        sheet[f"A{row}"] = label
        if merge_label:
            sheet.merge_cells(f"A{row}:C{row}")
        for index, figure in enumerate(figures, start=first):
            cell = sheet[f"{get_column_letter(index)}{row}"]
            cell.value, cell.number_format = figure, number_format
        row += 1
    book.save(path)
