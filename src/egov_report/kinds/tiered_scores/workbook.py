"""The Excel annex (``rankings.xlsx``): every tier's full ranking, and parents' means, from the record.

The report itself stays readable at any size: a tier with more units than
``charts.FULL_RANKING_MAX`` shows its distribution and its top and bottom lists, and this
workbook holds the full ranking (one sheet per tier, one more per tier ranked by parent).
It is written from ``figures.json`` only, like everything else in the report, and every cell
goes through ``exporting.excel_cell``: a unit name that looks like a formula is a string cell,
kept as typed (the cell type alone keeps it text; no apostrophe is added to it).

``python -m egov_report.kinds.tiered_scores.workbook figures.json rankings.xlsx`` is how the render
runs it (the kind declares it as an extra output): in a process of its own, beside the HTML and PDF
export.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ...core.exporting import excel_cell
from ...core.formatting import capital
from ...core.records import SAMPLE_MARK, read_json, report_title

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", text)[:31].strip() or "Sheet"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def ranking_rows(tier: dict, previous_year: int | None) -> tuple[list[str], list[list]]:
    """Header and rows of a tier's full ranking, numbers as numbers."""
    groups = tier["groups"]
    has_parent = bool(tier.get("by_parent"))
    has_previous = tier.get("previous") is not None
    header = ["Hạng", "Mã", "Đơn vị"] + (["Thuộc"] if has_parent else [])
    header += [f"({i + 1}) {g['label']} (/{g['max']:g})" for i, g in enumerate(groups)]
    header += [f"Tổng (/{tier['max']:g})", "Tỷ lệ điểm tối đa (0–1)", "Xếp loại"]
    if has_previous:
        header += [f"Tổng năm {previous_year}", "Thay đổi", f"Hạng năm {previous_year}", "Thay đổi hạng"]
    rows = []
    for entry in tier["ranking"]:
        row = [entry["rank"], entry["code"], entry["name"]] + ([entry["parent_name"]] if has_parent else [])
        row += [entry["groups"][g["code"]] for g in groups]
        row += [entry["total"], entry["share"], entry["band_label"]]
        if has_previous:
            row += [entry["previous_total"], entry["change"], entry["previous_rank"], entry["rank_change"]]
        rows.append(row)
    return header, rows


def parent_rows(tier: dict) -> tuple[list[str], list[list]]:
    header = ["Hạng", "Mã", capital(tier["parent_label"]), "Số đơn vị", "Điểm trung bình", "Cao nhất", "Thấp nhất"]
    rows = [[p["rank"], p["code"], p["name"], p["n"], p["mean"], p["max"], p["min"]] for p in tier["by_parent"]]
    return header, rows


def write_rankings(record: dict, path: Path) -> Path:
    """Write the workbook; returns its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    meta = record["meta"]
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    sample = meta.get("data_status") == "reconstructed"
    top = 2 if sample else 1  # the header's row: under the sample-data mark when there is one

    def mark(ws) -> None:
        if sample:
            cell = excel_cell(ws, SAMPLE_MARK)
            cell.font = Font(bold=True, color="8A1C1C")
            ws.append([cell])

    def sheet(title: str, header: list[str], rows: list[list], widths: dict[int, int]) -> None:
        ws = workbook.create_sheet(_sheet_title(title, used))
        ws.freeze_panes = f"A{top + 1}"
        for index, width in widths.items():
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(header))}{len(rows) + top}"
        mark(ws)
        cells = []
        for text in header:
            cell = excel_cell(ws, text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            ws.append([excel_cell(ws, value) for value in row])

    for tier in record["tiers"]:
        header, rows = ranking_rows(tier, meta.get("previous_year"))
        widths = {1: 7, 2: 10, 3: 34} | ({4: 28} if tier.get("by_parent") else {})
        sheet(capital(tier["label"]), header, rows, widths)
        if tier.get("by_parent"):
            header, rows = parent_rows(tier)
            sheet(f"Theo {tier['parent_label']}", header, rows, {1: 7, 2: 10, 3: 34})
    info = workbook.create_sheet(_sheet_title("Nguồn", used))
    mark(info)
    for row in (
        [report_title(meta)],
        ["Bảng xếp hạng đầy đủ kèm theo báo cáo (report.html, report.pdf); số liệu lấy từ figures.json."],
        ["Xếp hạng đồng hạng: các đơn vị cùng tổng điểm nhận cùng thứ hạng cao hơn."],
    ):
        info.append([excel_cell(info, value) for value in row])
    path = Path(path)
    workbook.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    figures, target = argv if argv is not None else sys.argv[1:]
    write_rankings(read_json(Path(figures)), Path(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
