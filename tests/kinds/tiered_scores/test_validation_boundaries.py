"""Both sides of the total's tolerance (scores_units.json: total − sum of groups within ±0,005), found
missing by egov_report/tools/mutate_suites.py (issue 22): a bound dropped or moved out by 0,001 let totals through.

A department's total is written a little above and a little below the sum of its groups; 0,004 off
either way is accepted (rounding), 0,0055 and 0,006 off either way are refused, and so is a point.
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.validation import validate
from support.helpers import PROVINCE, YEAR, copy_province, raw_tier, read_csv_rows, score_file, set_cell, suite_rule

GROUPS = raw_tier("departments")["groups"]
TOTAL_HEADER = "Tổng điểm"


@pytest.mark.parametrize(
    "offset, refused",
    [
        (0, False),
        (0.004, False),
        (-0.004, False),
        (0.0055, True),
        (-0.0055, True),
        (0.006, True),
        (-0.006, True),
        (1, True),
        (-1, True),
    ],
)
def test_the_total_may_differ_from_the_sum_of_groups_by_rounding_only(tmp_path, offset, refused):
    data_dir = copy_province(tmp_path)
    path = score_file(data_dir, "departments")
    header, *rows = read_csv_rows(path)
    unit = rows[3][0]
    groups_sum = round(sum(float(rows[3][header.index(g["label"])]) for g in GROUPS), 2)
    set_cell(path, unit, TOTAL_HEADER, f"{groups_sum + offset:.4f}")
    report = validate(load_evaluation(PROVINCE, YEAR, data_dir=data_dir))
    rule = suite_rule("scores_units", "expect_column_values_to_be_between")
    flagged = [p for p in report.errors if rule in p.rule and unit in str(p)]
    assert bool(flagged) is refused


def test_a_row_without_a_unit_code_is_refused(tmp_path):
    data_dir = copy_province(tmp_path)
    path = score_file(data_dir, "departments")
    header, *rows = read_csv_rows(path)
    set_cell(path, rows[3][0], "Mã đơn vị", "")
    report = validate(load_evaluation(PROVINCE, YEAR, data_dir=data_dir))
    rule = suite_rule("scores_units", "expect_column_values_to_not_be_null")
    assert [p for p in report.errors if rule in p.rule]
