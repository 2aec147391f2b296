"""One rounding rule for changes (docs/decisions.md, "Rounding"): a change printed is the difference
of the two values as printed, so a reader can check it with the numbers on the page.

Every expected value is typed by hand, with its arithmetic; the means 55,4467 and 47,9433 are the
case where the rule matters (printed 55,45 and 47,94: a change of 7,51, where the exact difference,
7,5033, would print 7,50).
"""

from __future__ import annotations

import csv
import io

import pytest

from egov_report.core.formatting import as_printed, printed_difference
from egov_report.kinds.indicators import analysis as ind_analysis
from egov_report.kinds.indicators import loading as ind_loading
from egov_report.kinds.indicators import narrative as ind_narrative
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from egov_report.kinds.tiered_scores.validation import validate
from support.helpers import copy_province
from support.office_province import PROVINCE, UNITS, write_csv, write_province


@pytest.mark.parametrize(
    "now, before, digits, before_digits, expected",
    [
        (55.4469, 47.9437, 2, None, 7.51),  # 55,45 − 47,94 (exact 7,5032 would print 7,50)
        (55.4532, 47.9500, 2, None, 7.50),  # 55,45 − 47,95
        (47.9437, 55.4469, 2, None, -7.51),
        (0.7699, 0.662, 4, 3, 0.1079),  # an index printed with four decimals against one printed with three
        (0.76994, 0.66206, 4, 3, 0.1079),  # 0,7699 − 0,662
        (2.675, 0.0, 2, None, 2.68),  # printed 2,68: the decimal text rounded half to even, as Babel prints it
        (10.0, 10.004, 2, None, 0.0),  # 10,00 − 10,00
    ],
)
def test_printed_difference(now, before, digits, before_digits, expected):
    assert printed_difference(now, before, digits, before_digits) == expected


def test_as_printed():
    assert as_printed(55.4469) == 55.45 and as_printed(47.9437) == 47.94 and as_printed(0.76994, 4) == 0.7699
    assert as_printed(None) is None and printed_difference(None, 1.0) is None


# -- tiered_scores: a province's districts over two years, scores typed by hand ---------------------

NAMES = {u[0]: u[1] for u in UNITS}
HEADER = ["Mã đơn vị", "Tên đơn vị", "Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực"]
# 2018: totals 35,00; 60,00; 48,83 -> mean 143,83 / 3 = 47,9433… printed 47,94
BEFORE = {"890": (10, 20, 5), "891": (20, 30, 10), "892": (15, 25, 8.83)}
# 2019: totals 50,00; 62,00; 54,34 -> mean 166,34 / 3 = 55,4466… printed 55,45
NOW = {"890": (15, 25, 10), "891": (20, 30, 12), "892": (14, 30, 10.34)}


@pytest.fixture
def record(tmp_path):
    data_dir = write_province(
        tmp_path,
        {
            2018: {"sources": {"districts": {"file": "huyen.csv"}}},
            2019: {"previous_year": 2018, "sources": {"districts": {"file": "huyen.csv"}}},
        },
    )
    for year, scores in ((2018, BEFORE), (2019, NOW)):
        write_csv(
            data_dir / PROVINCE / str(year) / "huyen.csv",
            [HEADER, *[[code, NAMES[code], *values] for code, values in scores.items()]],
        )
    evaluation = load_evaluation(PROVINCE, 2019, data_dir=data_dir)
    assert validate(evaluation).passed
    return analyse(evaluation)


def test_a_tiers_change_of_mean_is_the_difference_of_the_printed_means(record):
    tier = record["tiers"][0]
    assert (tier["current"]["mean"], tier["previous"]["mean"]) == (55.45, 47.94)
    assert tier["change"]["mean"] == 7.51
    assert tier["change"]["mean_pct"] == pytest.approx(7.51 / 47.94, abs=1e-12)  # 15,7 %
    # gap: 62,00 − 50,00 = 12,00 this year, 60,00 − 35,00 = 25,00 before: −13,00
    assert (tier["current"]["gap"], tier["previous"]["gap"], tier["change"]["gap"]) == (12.0, 25.0, -13.0)


def test_each_units_change_is_the_difference_of_its_printed_totals(record):
    changes = {e["code"]: (e["previous_total"], e["total"], e["change"]) for e in record["tiers"][0]["ranking"]}
    assert changes == {"890": (35.0, 50.0, 15.0), "891": (60.0, 62.0, 2.0), "892": (48.83, 54.34, 5.51)}


def test_each_groups_change_is_in_the_record_and_the_table_prints_it(record):
    tier = record["tiers"][0]
    # means: infrastructure 49 / 3 = 16,33 (before 45 / 3 = 15,00); application 85 / 3 = 28,33 (before 25,00);
    # staff 32,34 / 3 = 10,78 (before 23,83 / 3 = 7,94)
    assert [g["mean"] for g in tier["current"]["groups"]] == [16.33, 28.33, 10.78]
    assert [g["mean"] for g in tier["previous"]["groups"]] == [15.0, 25.0, 7.94]
    assert tier["change"]["groups"] == [
        {"code": "infrastructure", "mean": 1.33},
        {"code": "application", "mean": 3.33},
        {"code": "staff", "mean": 2.84},
    ]
    builder = TieredReportBuilder(record)
    table = builder.groups_table(tier)
    for cells in (("16,33", "15,00", "+1,33"), ("28,33", "25,00", "+3,33"), ("10,78", "7,94", "+2,84")):
        assert all(f">{c}<" in table for c in cells)
    assert builder.change_text("tiers.districts.change.mean", tier["change"]["mean"]).count("tăng 7,51 điểm") == 1


# -- indicators: the gap to a target ----------------------------------------------------------


def test_an_indicators_gap_is_the_difference_of_the_printed_value_and_target(tmp_path):
    data_dir = copy_province(tmp_path)
    path = data_dir / "quangninh" / "2020" / "indicators.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["code"] == "van_ban_dien_tu":  # printed 72,35 % against a target printed 70 %
            row.update(value="72,346", target="70,004", target_source="thử")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    record = ind_analysis.analyse(ind_loading.load_evaluation("quangninh", 2020, data_dir=data_dir))
    entry = next(e for e in record["indicators"] if e["code"] == "van_ban_dien_tu")
    assert (entry["value_text"], entry["target_text"], entry["gap"]) == ("72,35%", "70%", 2.35)  # not 2,342 -> 2,34
    assert ind_narrative.IndicatorReportBuilder(record).gap_words(entry) == "vượt 2,35 điểm phần trăm"
