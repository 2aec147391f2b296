"""The Quảng Ninh 2018 workbook (data/quangninh/2018/scores.xlsx) as tests read it: its sheets, the
bands' floors typed by hand, and its rows as the sheet holds them."""

from __future__ import annotations

import openpyxl

from support.helpers import PROVINCE_DIR

FLOORS_100 = [("good", 80), ("fair", 65), ("average", 50), ("poor", 0)]  # 80 %, 65 %, 50 % of 100
FLOORS_170 = [("good", 136), ("fair", 110.5), ("average", 85), ("poor", 0)]  # of 170, by hand
TIERS = {
    "departments": ("Sở, ban, ngành", FLOORS_100),
    "districts": ("Cấp huyện", FLOORS_170),
    "communes": ("Cấp xã", FLOORS_100),
}


def workbook_rows(sheet: str) -> list[list]:
    book = openpyxl.load_workbook(PROVINCE_DIR / "2018" / "scores.xlsx", data_only=True, read_only=True)
    return [list(row) for row in book[sheet].iter_rows(min_row=2, values_only=True)]
