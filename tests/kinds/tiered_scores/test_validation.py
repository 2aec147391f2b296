"""Validation with the Great Expectations suites: the shipped data passes; broken copies are
reported row by row, naming file, row (header = row 1), column, unit and rule."""

import json
import shutil

import pytest

from egov_report.core import checks
from egov_report.core.checks import load_suite
from egov_report.errors import Problem, ValidationFailed
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.validation import validate
from support.helpers import (
    EXPECTATIONS,
    PROVINCE,
    YEAR,
    copy_province,
    file_row_of,
    raw_tier,
    read_csv_rows,
    score_file,
    set_cell,
    suite_rule,
    write_csv_rows,
)

DEPARTMENTS = raw_tier("departments")
GROUP = DEPARTMENTS["groups"][0]  # label is the header in the file, max the framework's maximum
TOTAL_HEADER = "Tổng điểm"
CODE_HEADER = "Mã đơn vị"


@pytest.fixture(scope="module")
def shipped_report():
    return validate(load_evaluation(PROVINCE, YEAR))


@pytest.fixture
def data_dir(tmp_path):
    return copy_province(tmp_path)


def _departments(data_dir):
    return score_file(data_dir, "departments")


def _unit(data_dir, index=3):
    """The code of the index-th unit of the departments file (read from the file)."""
    return read_csv_rows(_departments(data_dir))[index][0]


def _run(data_dir):
    return validate(load_evaluation(PROVINCE, YEAR, data_dir=data_dir))


def _errors_with(report, rule) -> list[Problem]:
    return [p for p in report.errors if rule in p.rule]


def _check_named(problem: Problem, file: str, row: int | None, column: str, unit: str, rule: str):
    text = str(problem)
    assert problem.level == "error"
    assert file in text
    if row is not None:
        assert problem.row == row
        assert f"dòng {row}" in text
    assert f"«{column}»" in text
    assert unit in text
    assert rule in text


# -- the shipped data ------------------------------------------------------------------------


def test_shipped_data_passes(shipped_report):
    assert shipped_report.passed
    assert shipped_report.errors == []
    shipped_report.raise_if_failed()  # does not raise


def test_shipped_data_records_every_suite_run(shipped_report):
    evaluation = load_evaluation(PROVINCE, YEAR)
    tables = [*evaluation.current.tables.values(), *evaluation.previous.tables.values()]
    suites = [r.suite for r in shipped_report.runs]
    assert suites.count("registry") == 1
    assert suites.count("registry_parents") == sum(1 for t in evaluation.framework.tiers if t.parent_tier)
    for name in ("scores_columns", "scores_units", "scores_values"):
        assert suites.count(name) == len(tables)
    for run in shipped_report.runs:
        assert run.evaluated == run.passed > 0
        expected = len(json.loads((EXPECTATIONS / f"{run.suite}.json").read_text(encoding="utf-8"))["expectations"])
        assert run.evaluated == expected
    record = shipped_report.to_dict()
    assert record["passed"] is True
    assert record["expectations_evaluated"] == sum(r.evaluated for r in shipped_report.runs)
    assert {t.label for t in tables} <= {r.file for r in shipped_report.runs}


# -- one broken value at a time --------------------------------------------------------------


def test_score_above_group_max(data_dir):
    unit = _unit(data_dir)
    row = set_cell(_departments(data_dir), unit, GROUP["label"], str(GROUP["max"] + 5))
    report = _run(data_dir)
    rule = suite_rule("scores_values", "expect_column_pair_values_a_to_be_greater_than_b")
    [problem] = _errors_with(report, rule)
    _check_named(problem, _departments(data_dir).name, row, GROUP["label"], unit, rule)
    assert f"{GROUP['max']:g}" in str(problem)  # the maximum is quoted
    assert problem.value == str(GROUP["max"] + 5)


def test_negative_score(data_dir):
    unit = _unit(data_dir)
    row = set_cell(_departments(data_dir), unit, GROUP["label"], "-1")
    report = _run(data_dir)
    rule = suite_rule("scores_values", "expect_column_values_to_be_between")
    [problem] = _errors_with(report, rule)
    _check_named(problem, _departments(data_dir).name, row, GROUP["label"], unit, rule)
    assert "«-1»" in str(problem)


def test_non_numeric_score(data_dir):
    unit = _unit(data_dir)
    row = set_cell(_departments(data_dir), unit, GROUP["label"], "mười lăm")
    report = _run(data_dir)
    rule = suite_rule("scores_values", "expect_column_values_to_not_be_null")
    [problem] = _errors_with(report, rule)
    _check_named(problem, _departments(data_dir).name, row, GROUP["label"], unit, rule)
    assert "«mười lăm»" in str(problem)  # quoted exactly as typed


@pytest.mark.parametrize("typed", ["mười lăm", ""])
def test_non_numeric_score_is_not_also_reported_above_the_maximum(data_dir, typed):
    unit = _unit(data_dir)
    set_cell(_departments(data_dir), unit, GROUP["label"], typed)
    report = _run(data_dir)
    above = suite_rule("scores_values", "expect_column_pair_values_a_to_be_greater_than_b")
    assert [p for p in report.errors if p.unit == unit] != []
    assert _errors_with(report, above) == []


def test_total_not_equal_to_the_sum_of_groups(data_dir):
    unit = _unit(data_dir)
    path = _departments(data_dir)
    header, *rows = read_csv_rows(path)
    original = next(r for r in rows if r[0] == unit)
    groups_sum = round(sum(float(original[header.index(g["label"])]) for g in DEPARTMENTS["groups"]), 2)
    row = set_cell(path, unit, TOTAL_HEADER, f"{groups_sum + 1:g}")
    report = _run(data_dir)
    rule = suite_rule("scores_units", "expect_column_values_to_be_between")
    [problem] = _errors_with(report, rule)
    _check_named(problem, path.name, row, TOTAL_HEADER, unit, rule)
    assert f"({groups_sum:g})" in str(problem)  # the sum it should have been


def test_duplicate_unit_code(data_dir):
    path = _departments(data_dir)
    first, replaced = _unit(data_dir, 1), _unit(data_dir, 3)
    row = set_cell(path, replaced, CODE_HEADER, first)
    report = _run(data_dir)
    rule = suite_rule("scores_units", "expect_column_values_to_be_unique")
    duplicates = _errors_with(report, rule)
    assert sorted(p.row for p in duplicates) == [file_row_of(path, first), row]
    for problem in duplicates:
        _check_named(problem, path.name, problem.row, CODE_HEADER, first, rule)
    # and the unit whose row was overwritten is now missing
    missing = _errors_with(
        report, suite_rule("scores_units", "expect_column_unique_value_count_to_be_between", tier=DEPARTMENTS["label"])
    )
    assert [p.unit.split()[0] for p in missing] == [replaced]


def test_unknown_unit_code(data_dir):
    path = _departments(data_dir)
    unit = _unit(data_dir)
    row = set_cell(path, unit, CODE_HEADER, "QN-S999")
    report = _run(data_dir)
    rule = suite_rule("scores_units", "expect_column_values_to_be_in_set", tier=DEPARTMENTS["label"])
    [problem] = _errors_with(report, rule)
    _check_named(problem, path.name, row, CODE_HEADER, "QN-S999", rule)


def test_missing_unit(data_dir):
    path = _departments(data_dir)
    rows = read_csv_rows(path)
    removed = rows.pop(5)
    write_csv_rows(path, rows)
    report = _run(data_dir)
    rule = suite_rule("scores_units", "expect_column_unique_value_count_to_be_between", tier=DEPARTMENTS["label"])
    [problem] = _errors_with(report, rule)
    _check_named(problem, path.name, None, CODE_HEADER, removed[0], rule)
    assert problem.row is None  # the row is not in the file any more
    assert removed[1] in str(problem)  # the unit's name, from the registry


def test_missing_required_column(data_dir):
    path = _departments(data_dir)
    label = DEPARTMENTS["groups"][1]["label"]
    rows = read_csv_rows(path)
    rows[0][rows[0].index(label)] = "Ứng dụng"
    write_csv_rows(path, rows)
    report = _run(data_dir)
    rule = suite_rule("scores_columns", "expect_table_columns_to_match_set")
    [problem] = _errors_with(report, rule)
    assert path.name in str(problem) and f"«{label}»" in str(problem) and rule in str(problem)
    assert [p.column for p in report.warnings] == ["Ứng dụng"]  # the renamed header is not silently used


# -- all problems together -------------------------------------------------------------------


def test_all_problems_of_a_file_are_reported_together(data_dir):
    path = _departments(data_dir)
    negative_unit, above_unit = _unit(data_dir, 2), _unit(data_dir, 7)
    negative_row = set_cell(path, negative_unit, GROUP["label"], "-2")
    above_row = set_cell(path, above_unit, DEPARTMENTS["groups"][2]["label"], str(DEPARTMENTS["groups"][2]["max"] + 1))
    districts = score_file(data_dir, "districts")
    districts_unit = read_csv_rows(districts)[4][0]
    districts_row = set_cell(districts, districts_unit, raw_tier("districts")["groups"][0]["label"], "x")
    report = _run(data_dir)
    located = {(p.file, p.row, p.unit) for p in report.errors}
    assert (path.name, negative_row, negative_unit) in located
    assert (path.name, above_row, above_unit) in located
    assert (districts.name, districts_row, districts_unit) in located  # another file, same run
    assert not report.passed


def test_raise_if_failed_lists_every_error(data_dir):
    path = _departments(data_dir)
    set_cell(path, _unit(data_dir, 2), GROUP["label"], "-2")
    set_cell(path, _unit(data_dir, 6), GROUP["label"], "abc")
    report = _run(data_dir)
    with pytest.raises(ValidationFailed) as caught:
        report.raise_if_failed()
    assert caught.value.problems == report.errors
    message = str(caught.value)
    assert str(len(report.errors)) in message.splitlines()[0]
    for problem in report.errors:
        assert str(problem) in message
    assert report.to_dict()["errors"] and not report.to_dict()["passed"]


def test_zero_total_is_a_warning_not_an_error(data_dir):
    path = _departments(data_dir)
    unit = _unit(data_dir, 4)
    for header in [g["label"] for g in DEPARTMENTS["groups"]] + [TOTAL_HEADER]:
        set_cell(path, unit, header, "0")
    report = _run(data_dir)
    assert report.passed and report.errors == []
    zero = [p for p in report.warnings if p.unit == unit and "bằng 0" in p.rule]
    assert len(zero) == 1
    assert path.name in str(zero[0])


def test_row_numbers_count_blank_lines(data_dir):
    path = _departments(data_dir)
    unit = _unit(data_dir, 10)
    set_cell(path, unit, GROUP["label"], "-3")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "\n")
    path.write_text("".join(lines), encoding="utf-8")
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith(unit + ","))
    report = _run(data_dir)
    [problem] = [p for p in report.errors if p.unit == unit and p.value == "-3"]
    assert problem.row == row


# -- suites ----------------------------------------------------------------------------------


@pytest.fixture
def suites_dir(tmp_path, monkeypatch):
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, folder)
    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", folder)
    checks._suite_json.cache_clear()
    yield folder
    checks._suite_json.cache_clear()


def test_load_suite_keeps_every_expectation_of_the_file(suites_dir):
    for path in sorted(suites_dir.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "expectations" not in raw:
            continue
        suite = load_suite(path.stem)
        assert len(suite.expectations) == len(raw["expectations"])


def test_load_suite_refuses_a_misspelled_expectation_type(suites_dir):
    path = suites_dir / "scores_values.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    misspelled = raw["expectations"][1]["type"].replace("between", "betwen")
    assert misspelled != raw["expectations"][1]["type"]
    raw["expectations"][1]["type"] = misspelled
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RuntimeError) as caught:
        load_suite("scores_values")
    assert misspelled in str(caught.value)
    assert "scores_values" in str(caught.value)


def test_the_record_lists_fifty_warnings_and_counts_the_rest_while_validation_json_keeps_all(tmp_path):
    """10,000 units each with a warning must not make figures.json and the technical page grow without bound."""
    import re

    from egov_report.render.technical import technical_html

    report = checks.ValidationReport()
    report.problems += [
        Problem("warning", "scores.csv", "đơn vị có tổng điểm bằng 0", unit=f"X{i:05d}", value="0") for i in range(120)
    ]
    record = report.to_dict()
    assert len(record["warnings"]) == 50 and record["warnings_not_listed"] == 70
    assert [w["unit"] for w in record["warnings"]] == [f"X{i:05d}" for i in range(50)]  # the first ones, in order

    report.save(tmp_path)
    saved = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    assert len(saved["warnings"]) == 120 and "warnings_not_listed" not in saved

    page = technical_html({"meta": {"data_status": "published", "data_note": ""}}, saved, "Báo cáo")
    assert len(re.findall(r"<li>", page.split('<ul class="warnings">')[1].split("</ul>")[0])) == 50
    assert "Và 70 cảnh báo khác" in page and "validation.json" in page


def test_a_few_warnings_are_all_listed_and_nothing_is_added_to_the_record():
    report = checks.ValidationReport()
    report.problems += [Problem("warning", "scores.csv", "điểm giảm", unit=f"X{i}") for i in range(10)]
    record = report.to_dict()
    assert len(record["warnings"]) == 10 and "warnings_not_listed" not in record


# -- the registry (units.csv): each rule of the registry suites, one bad row at a time ------------------
# Row 6 of data/quangninh/units.csv is QN-S05 (Sở Tư pháp, departments); row 46 is 06649, a commune.


def _registry_errors(data_dir, edit) -> list[str]:
    path = data_dir / PROVINCE / "units.csv"
    rows = read_csv_rows(path)
    edit(rows)
    write_csv_rows(path, rows)
    return [str(p) for p in _run(data_dir).errors if p.file.endswith("units.csv")]


def _set(row: int, column: str, value: str):
    def edit(rows):
        rows[row - 1][rows[0].index(column)] = value

    return edit


@pytest.mark.parametrize(
    "column, message",
    [
        ("code", "units.csv, dòng 6, cột «code»: giá trị «» — mã đơn vị không được để trống"),
        ("name", "units.csv, dòng 6, cột «name», đơn vị QN-S05: giá trị «» — tên đơn vị không được để trống"),
        (
            "tier",
            "units.csv, dòng 6, cột «tier», đơn vị QN-S05: giá trị «» — khối đánh giá của đơn vị không được để trống",
        ),
    ],
)
def test_a_registry_row_without_a_required_value_is_refused(data_dir, column, message):
    errors = _registry_errors(data_dir, _set(6, column, ""))
    assert [e.split("/")[-1] for e in errors] == [message]


def test_a_code_twice_in_the_registry_is_refused_on_both_rows(data_dir):
    errors = _registry_errors(data_dir, _set(7, "code", "QN-S05"))
    assert [e.split("/")[-1] for e in errors] == [
        f"units.csv, dòng {row}, cột «code», đơn vị QN-S05: giá trị «QN-S05» — mã đơn vị phải là duy nhất trong danh mục"
        for row in (6, 7)
    ]


def test_a_tier_outside_the_framework_is_refused(data_dir):
    errors = _registry_errors(data_dir, _set(6, "tier", "ministries"))
    assert [e.split("/")[-1] for e in errors] == [
        "units.csv, dòng 6, cột «tier», đơn vị QN-S05: giá trị «ministries» — khối đánh giá phải là một khối trong "
        "khung đánh giá (departments, districts, communes)"
    ]


@pytest.mark.parametrize(
    "parent, rule",
    [
        ("", "đơn vị thuộc khối xã, phường, thị trấn phải có mã đơn vị cấp trên"),
        ("QN-S01", "mã đơn vị cấp trên phải là một đơn vị thuộc khối địa phương cấp huyện trong danh mục"),
    ],
)
def test_a_commune_without_a_district_above_it_is_refused(data_dir, parent, rule):
    errors = _registry_errors(data_dir, _set(46, "parent_code", parent))
    assert [e.split("/")[-1] for e in errors] == [
        f"units.csv, dòng 46, cột «parent_code», đơn vị 06649: giá trị «{parent}» — {rule}"
    ]


def test_a_score_row_whose_name_is_another_unit_s_is_refused(data_dir):
    # row 5 of scores_departments.csv is QN-S04 Sở Nội vụ; typed as Sở Tư pháp (QN-S05's name): a code or
    # a name mistyped, which the report must not read as either unit
    path = _departments(data_dir)
    row = set_cell(path, "QN-S04", "Tên đơn vị", "Sở Tư pháp")
    rule = "tên đơn vị không khớp với tên của mã này trong danh mục đơn vị"
    [problem] = _errors_with(_run(data_dir), rule)
    _check_named(problem, path.name, row, "Tên đơn vị", "Sở Tư pháp", rule)
    assert row == 5
