"""Variants of the shipped Quảng Ninh 2020 indicators (data/quangninh/2020), written on a copy for the tests."""

from __future__ import annotations

from pathlib import Path

from support.helpers import copy_province

_PERCENT_REPORTS = """    short_label: Báo cáo định kỳ gửi, nhận qua Hệ thống thông tin báo cáo quốc gia
    unit: "%"
    direction: higher_is_better"""
_DAYS_REPORTS = """    short_label: Báo cáo định kỳ gửi, nhận qua Hệ thống thông tin báo cáo quốc gia
    unit: ngày
    direction: lower_is_better"""


def days_of_reports(tmp_path: Path) -> Path:
    """A copy where bao_cao_dinh_ky is a count of days, lower is better: 30 against a target of 5 given in
    the table (no target_source), as of 2020-Q3 while the others are of 2020-Q4. Returns the data folder."""
    data_dir = copy_province(tmp_path)
    year = data_dir / "quangninh" / "2020"
    framework = year / "framework.yaml"
    framework.write_text(
        framework.read_text(encoding="utf-8").replace(_PERCENT_REPORTS, _DAYS_REPORTS), encoding="utf-8"
    )
    table = year / "indicators.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("bao_cao_dinh_ky,30,,2020-Q4,", "bao_cao_dinh_ky,30,5,2020-Q3,"),
        encoding="utf-8",
    )
    return data_dir
