"""Every field of the indicators record, typed by hand from the shipped Quảng Ninh 2020 files
(data/quangninh/2020: seed 003's four values, Nghị quyết 17/NQ-CP's 90 % target in the framework, the
report's own 100 % target in the table), and a variant with a count indicator better when lower."""

from __future__ import annotations

import pytest

from egov_report.kinds.indicators.analysis import analyse
from egov_report.kinds.indicators.loading import load_evaluation
from support.helpers import copy_province
from support.indicator_variants import days_of_reports

SOURCE = (
    "Sở TT&TT Quảng Ninh, báo cáo tình hình triển khai mô hình điển hình CQĐT cấp tỉnh quý IV/2020 (theo bài "
    "báo đưa tin về báo cáo; tài liệu tham khảo 003 của dự án)"
)
NQ17 = (
    "Nghị quyết số 17/NQ-CP ngày 07/03/2019 của Chính phủ, chỉ tiêu giai đoạn 2019 - 2020: 90% văn bản trao đổi "
    "giữa các cơ quan nhà nước (trừ văn bản mật theo quy định của pháp luật) dưới dạng điện tử"
)
SAME_REPORT = "cùng báo cáo: chỉ tiêu này được nêu là “đạt chỉ tiêu 100%”"
UNKNOWN = "chưa xác định được mục tiêu"


@pytest.fixture()
def record() -> dict:
    return analyse(load_evaluation("quangninh", 2020))


def _fields(entry: dict, *names: str) -> tuple:
    return tuple(entry[name] for name in names)


def test_each_indicator_s_value_target_and_status(record):
    names = (
        "position",
        "code",
        "unit",
        "direction",
        "value",
        "value_text",
        "target",
        "target_text",
        "target_known",
        "target_origin",
        "status",
        "status_label",
        "gap",
    )
    assert [_fields(e, *names) for e in record["indicators"]] == [
        (
            1,
            "dvc_ho_so_dien_tu",
            "%",
            "higher_is_better",
            100.0,
            "100%",
            None,
            UNKNOWN,
            False,
            None,
            "unknown",
            "Chưa đánh giá",
            None,
        ),
        (2, "van_ban_dien_tu", "%", "higher_is_better", 98.0, "98%", 90, "90%", True, "framework", "met", "Đạt", 8.0),
        (
            3,
            "bao_cao_dinh_ky",
            "%",
            "higher_is_better",
            30.0,
            "30%",
            None,
            UNKNOWN,
            False,
            None,
            "unknown",
            "Chưa đánh giá",
            None,
        ),
        (
            4,
            "dinh_danh_dien_tu",
            "%",
            "higher_is_better",
            100.0,
            "100%",
            100.0,
            "100%",
            True,
            "data",
            "met",
            "Đạt",
            0.0,
        ),
    ]
    assert [(e["label"][:40], e["short_label"]) for e in record["indicators"]][1] == (
        "Tỷ lệ văn bản trao đổi giữa các cơ quan ",
        "Văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử",
    )


def test_sources_are_numbered_in_the_order_they_are_met(record):
    names = ("as_of", "as_of_text", "source", "source_number", "target_source", "target_source_number")
    assert [_fields(e, *names) for e in record["indicators"]] == [
        ("2020-Q4", "quý IV/2020", SOURCE, 1, None, None),
        ("2020-Q4", "quý IV/2020", SOURCE, 1, NQ17, 2),
        ("2020-Q4", "quý IV/2020", SOURCE, 1, None, None),
        ("2020-Q4", "quý IV/2020", SOURCE, 1, SAME_REPORT, 3),
    ]
    assert record["sources"] == [
        {"number": 1, "text": SOURCE},
        {"number": 2, "text": NQ17},
        {"number": 3, "text": SAME_REPORT},
    ]


def test_the_counts_and_the_reference(record):
    assert record["counts"] == {"indicators": 4, "with_target": 2, "met": 2, "not_met": 0, "unknown_target": 2}
    assert record["meta"]["as_of_text"] == "quý IV/2020"  # one date for every indicator
    assert record["meta"]["reference"] == {
        "name": "Nghị quyết số 17/NQ-CP",
        "date": "2019-03-07",
        "issuer": "Chính phủ",
        "title": "về một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020, "
        "định hướng đến 2025",
        "citation": "Nghị quyết số 17/NQ-CP ngày 07/03/2019 của Chính phủ về một số nhiệm vụ, giải pháp trọng tâm "
        "phát triển Chính phủ điện tử giai đoạn 2019 - 2020, định hướng đến 2025",
    }


def test_a_count_better_when_lower_a_second_date_and_a_table_target_without_its_source(tmp_path):
    """bao_cao_dinh_ky made a count of days (unit "ngày", lower is better) with a target of 5 in the table
    and no target_source (the row's own source stands for it); its value 30 misses it by 25 days; its date
    2020-Q3 differs from the others', so the record names no single date."""
    data_dir = days_of_reports(tmp_path)
    record = analyse(load_evaluation("quangninh", 2020, data_dir=data_dir))
    entry = record["indicators"][2]
    assert _fields(
        entry,
        "unit",
        "value_text",
        "target",
        "target_text",
        "target_origin",
        "status",
        "gap",
        "target_source",
        "target_source_number",
        "as_of_text",
    ) == ("ngày", "30 ngày", 5.0, "5 ngày", "data", "not_met", 25.0, SOURCE, 1, "quý III/2020")
    assert record["meta"]["as_of_text"] is None
    assert record["counts"] == {"indicators": 4, "with_target": 3, "met": 2, "not_met": 1, "unknown_target": 1}


def test_three_met_are_counted_as_met(tmp_path):
    """The table gives dvc_ho_so_dien_tu a target of 95: its 100 meets it, with van_ban_dien_tu (98 ≥ 90) and
    dinh_danh_dien_tu (100 ≥ 100); bao_cao_dinh_ky alone has no target."""
    data_dir = copy_province(tmp_path)
    table = data_dir / "quangninh" / "2020" / "indicators.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("dvc_ho_so_dien_tu,100,,", "dvc_ho_so_dien_tu,100,95,"),
        encoding="utf-8",
    )
    record = analyse(load_evaluation("quangninh", 2020, data_dir=data_dir))
    assert record["counts"] == {"indicators": 4, "with_target": 3, "met": 3, "not_met": 0, "unknown_target": 1}
    meta = record["meta"]
    assert (meta["kind"], meta["province"], meta["year"]) == ("indicators", "quangninh", 2020)


def test_a_value_with_more_decimals_is_stated_and_compared_as_printed(tmp_path):
    """van_ban_dien_tu reported as 98,456 %: printed 98,46 %, 8,46 points above the 90 % target (the gap
    a reader computes from the two printed figures)."""
    data_dir = copy_province(tmp_path)
    table = data_dir / "quangninh" / "2020" / "indicators.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("van_ban_dien_tu,98,", "van_ban_dien_tu,98.456,"), encoding="utf-8"
    )
    entry = analyse(load_evaluation("quangninh", 2020, data_dir=data_dir))["indicators"][1]
    assert (entry["value"], entry["value_text"], entry["gap"]) == (98.456, "98,46%", 8.46)
