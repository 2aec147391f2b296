"""Validating every input with the Great Expectations suites kept in ``expectations/``.

Suites are reviewable JSON. Values that depend on the province (unit codes, group maxima,
tiers) are suite parameters filled from the framework and the registry, so one suite
serves every province. Each failing row becomes one ``Problem`` naming file, row, column,
unit, value and rule; all problems of all files are collected before the run stops.

Problems found while reading a table (``ScoreTable.problems``: merged cells, formulas without
value, rows longer than the header ...) are reported with them, and the checks that look at a
whole file rather than at its rows are made here without a suite: a year in the file name,
sheet name or title rows that is not the table's year, and a table identical to the
comparison year's. The complete Great Expectations results are kept on the report and
written to ``validation-ge.json`` when asked (``EGOV_VALIDATION_LOG``, set by the renderer).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import string
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import Problem, ValidationFailed
from .loading import Evaluation, ScoreTable, normalise_label, required_columns
from .paths import EXPECTATIONS_DIR, display_path
from .textfiles import normalise_text

SOFT_DROP_SHARE = 0.5  # a unit losing more than half its score year on year is worth a look
GE_LOG_FILE = "validation-ge.json"  # the complete Great Expectations results, beside validation.json
GE_LOG_ENV = "EGOV_VALIDATION_LOG"  # where validate() writes them, when set (the renderer sets it)
_YEAR_IN_NAME_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DATE_RE = re.compile(r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_TITLE_YEAR_RE = re.compile(r"năm\s+(\d{4})(?!\d)")


@dataclass
class SuiteRun:
    suite: str
    file: str
    evaluated: int
    passed: int


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    runs: list[SuiteRun] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)  # every suite run's complete result, as JSON

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def raise_if_failed(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)

    def to_dict(self) -> dict:
        return {
            "passed": self.passed,
            "expectations_evaluated": sum(r.evaluated for r in self.runs),
            "expectations_passed": sum(r.passed for r in self.runs),
            "runs": [asdict(r) for r in self.runs],
            "errors": [asdict(p) | {"message": str(p)} for p in self.errors],
            "warnings": [asdict(p) | {"message": str(p)} for p in self.warnings],
        }

    def ge_log(self) -> dict:
        """The complete Great Expectations results behind the problems, for whoever debugs a run."""
        return {"passed": self.passed, "errors": [str(p) for p in self.errors], "runs": self.results}

    def write_ge_log(self, path: Path) -> None:
        text = json.dumps(_finite(self.ge_log()), ensure_ascii=False, indent=1, default=str)
        Path(path).write_text(text + "\n", encoding="utf-8")


def _finite(value):
    """JSON has no NaN: the results' missing numbers become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


# -- suites -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _suite_json(name: str) -> dict:
    path = EXPECTATIONS_DIR / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def load_suite(name: str):
    """A suite from its JSON, refusing one that lost an expectation on the way in.

    Great Expectations drops an expectation with a misspelled type with only a log line,
    so the count is compared with the file.
    """
    from great_expectations.core import ExpectationSuite

    raw = _suite_json(name)
    logging.getLogger("great_expectations").setLevel(logging.CRITICAL)
    suite = ExpectationSuite(name=raw["name"], expectations=raw["expectations"], meta=raw.get("meta"))
    if len(suite.expectations) != len(raw["expectations"]):
        known = {e.expectation_type for e in suite.expectations}
        lost = [e["type"] for e in raw["expectations"] if e["type"] not in known]
        raise RuntimeError(f"expectations/{name}.json: unknown expectation type(s) {lost}")
    return suite


@lru_cache(maxsize=1)
def _batch_definition():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("inputs")
    return source.add_dataframe_asset("table").add_batch_definition_whole_dataframe("whole")


def run_suite(name: str, frame: pd.DataFrame, parameters: dict):
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    return batch.validate(load_suite(name), expectation_parameters=parameters, result_format={"result_format": "COMPLETE"})


# -- turning results into problems -----------------------------------------------------


class _Fields(dict):
    """Values for a message template: the context, then the failing row; an unknown name stays as written."""

    def __missing__(self, key):
        return "{" + key + "}"


def _fill(template: str, context: dict, row: pd.Series | None = None) -> str:
    fields = _Fields(row.to_dict() if row is not None else {})
    fields.update(context)
    try:
        return string.Formatter().vformat(template, (), fields)
    except (ValueError, TypeError):  # a format spec that does not fit the value (e.g. :g on a text)
        return template


def _problems_from(result, frame: pd.DataFrame, file: str, columns: dict, context: dict) -> list[Problem]:
    """One problem per failing row (or per table-level failure) of a validation result.

    ``frame`` must carry "row" (row number in the file) and may carry "unit_code", and
    the text of each value in "<column>__text" or, for long tables, "text".
    ``columns`` maps canonical column names to the headers the analyst sees. An expectation's
    ``meta`` gives the rule (filled from ``context``), the column to name, a ``detail`` added
    in parentheses (filled from the failing row), and ``group_by_value``: one problem per
    distinct value, listing its rows, instead of one per row.
    """
    problems = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        kwargs, meta = config.kwargs, config.meta or {}
        rule = _fill(meta.get("rule", config.type), context)
        column = meta.get("column") or kwargs.get("column") or kwargs.get("column_B")
        details = outcome.result or {}
        problem = _problem_maker(file, config.type)
        if config.type == "expect_table_columns_to_match_set":
            missing = (details.get("details") or {}).get("mismatched", {}).get("missing") or []
            for name in missing:
                problems.append(problem(rule, column=columns.get(name, name)))
            continue
        if config.type == "expect_column_distinct_values_to_contain_set":
            present = set(frame["unit_code"].dropna())
            for code in sorted(set(kwargs["value_set"]) - present):
                unit = context.get("unit_names", {}).get(code, "")
                problems.append(problem(rule, column=columns.get("unit_code"), unit=f"{code} {unit}".strip()))
            continue
        indexes = details.get("unexpected_index_list") or []
        if not indexes and outcome.exception_info and outcome.exception_info.get("raised_exception"):
            problems.append(problem(f"{rule} (không kiểm tra được: {column})", column=column))
            continue
        if meta.get("group_by_value"):
            problems.extend(_grouped(problem, frame.loc[indexes], rule, column, columns))
            continue
        for index in indexes:
            row = frame.loc[index]
            shown_column = row["column"] if column == "column" else columns.get(column, column)
            problems.append(problem(
                _with_detail(rule, meta, config.type, column, row, context), row=int(row["row"]),
                column=shown_column, unit=_unit_text(row), value=_value_text(row, column),
            ))
    return problems


def _problem_maker(file: str, expectation: str):
    def make(rule: str, **where) -> Problem:
        return Problem("error", file, rule, expectation=expectation, **where)
    return make


def _with_detail(rule: str, meta: dict, expectation: str, column: str, row: pd.Series, context: dict) -> str:
    detail = meta.get("detail")
    if detail is None and expectation == "expect_column_pair_values_a_to_be_greater_than_b":
        detail = "tối đa {max_score:g}"  # suites written before "detail" existed
    elif detail is None and column == "total" and "total" in row:
        detail = "{group_sum:g}"
    return f"{rule} ({_fill(detail, context, row)})" if detail else rule


def _grouped(problem, failing: pd.DataFrame, rule: str, column: str, columns: dict) -> list[Problem]:
    """One problem per distinct value: a whole table typed with the wrong year is one problem."""
    out = []
    for value, rows in failing.groupby(failing.apply(lambda r: _value_text(r, column), axis=1), sort=False):
        numbers = tuple(int(n) for n in rows["row"])
        single = len(numbers) == 1
        out.append(problem(
            rule, column=columns.get(column, column), value=value,
            row=numbers[0] if single else None, rows=() if single else numbers,
            unit=_unit_text(rows.iloc[0]) if single else None,
        ))
    return out


def _value_text(row: pd.Series, column: str) -> str | None:
    if "text" in row:
        return row["text"]
    for key in (f"{column}__text", column):
        if key in row and row[key] is not None and not pd.isna(row[key]):
            return str(row[key])
    return ""


def _unit_text(row: pd.Series) -> str | None:
    code = row.get("unit_code")
    return None if code is None or pd.isna(code) else str(code)


def _record(report: ValidationReport, name: str, file: str, result) -> None:
    passed = sum(1 for r in result.results if r.success)
    report.runs.append(SuiteRun(suite=name, file=file, evaluated=len(result.results), passed=passed))
    report.results.append({"suite": name, "file": file, "result": result.to_json_dict()})


# -- the checks --------------------------------------------------------------------------


def validate(evaluation: Evaluation, log_path: Path | None = None) -> ValidationReport:
    """Run every suite on every input of a province-year, collecting all problems.

    The complete Great Expectations results are written to ``log_path``, or to the file named
    by the environment variable EGOV_VALIDATION_LOG (the renderer sets it), when either is given.
    """
    report = ValidationReport()
    _validate_registry(evaluation, report)
    for year_data in filter(None, (evaluation.previous, evaluation.current)):
        for table in year_data.tables.values():
            _validate_table(evaluation, table, report, year_data.year)
    report.problems.extend(same_as_previous_year(evaluation))
    if report.passed:
        report.problems.extend(soft_anomalies(evaluation))
    log_path = log_path or os.environ.get(GE_LOG_ENV)
    if log_path:
        report.write_ge_log(Path(log_path))
    return report


def _nulls_for_blanks(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace("", None)


def _validate_registry(evaluation: Evaluation, report: ValidationReport) -> None:
    framework, registry = evaluation.framework, evaluation.registry
    file = display_path(evaluation.registry_path)
    frame = _nulls_for_blanks(registry)
    tiers = framework.unit_tiers
    context = {"tiers": ", ".join(tiers)}
    result = run_suite("registry", frame, {"tiers": tiers})
    _record(report, "registry", file, result)
    columns = {c: c for c in frame.columns}
    report.problems.extend(_problems_from(result, frame.assign(unit_code=frame["code"]), file, columns, context))
    pairs = {(t.unit_tier, t.parent_tier): t for t in framework.tiers if t.parent_tier}
    for (unit_tier, parent_tier), tier in pairs.items():
        children = frame[frame["tier"] == unit_tier].rename(columns={"code": "unit_code"})
        parent_codes = sorted(registry.loc[registry["tier"] == parent_tier, "code"])
        result = run_suite("registry_parents", children, {"parent_codes": parent_codes})
        _record(report, "registry_parents", f"{file} ({unit_tier})", result)
        context = {"tier": tier.label, "parent_tier": framework.parent_label(tier)}
        report.problems.extend(_problems_from(result, children, file, columns, context))


def _headers(table: ScoreTable) -> dict[str, str]:
    """Canonical column -> the header a message names: as the analyst typed it, else the framework's."""
    headers = {"unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "total": "Tổng điểm",
               "parent": "Đơn vị cấp trên", "year": "Năm"}
    headers.update({g.code: g.label for g in table.tier.groups})
    return headers | table.headers


def _validate_table(evaluation: Evaluation, table: ScoreTable, report: ValidationReport, year: int) -> None:
    tier, file = table.tier, table.label
    headers = _headers(table)
    report.problems.extend(table.problems)
    report.problems.extend(year_in_names(table, year))
    if table.text.empty:
        report.problems.append(Problem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return
    context = {"tier": tier.label, "year": year}
    columns_frame = table.text.drop(columns="row")
    result = run_suite("scores_columns", columns_frame, {"required_columns": required_columns(tier)})
    _record(report, "scores_columns", file, result)
    problems = _problems_from(result, table.text, file, headers, context)
    report.problems.extend(problems)
    if problems or table.shape_broken:
        return  # values cannot be checked against columns that are not there, or in a broken layout

    units = evaluation.units(tier.unit_tier)
    unit_codes = sorted(units["code"])
    wide = _without_skipped(table, table.numbers())
    wide["unit_code"] = wide["unit_code"].replace("", None)
    group_codes = [g.code for g in tier.groups]
    if group_codes:
        wide["group_sum"] = wide[group_codes].sum(axis=1, min_count=len(group_codes)).round(2)
    else:  # a totals-only tier: nothing to add up
        wide["group_sum"] = float("nan")
    wide["total_difference"] = (wide["total"] - wide["group_sum"]).round(2) if "total" in wide else float("nan")
    wide.loc[_out_of_range(table, wide), "total_difference"] = float("nan")  # that score's own message suffices
    wide["total__text"] = table.text["total"] if "total" in table.text else None
    _registry_columns(evaluation, table, wide)
    parameters = {
        "unit_codes": unit_codes,
        "required_codes": unit_codes if table.coverage == "full" else [],
        "years": [str(year)],
    }
    context["unit_names"] = dict(zip(units["code"], units["name"]))
    result = run_suite("scores_units", wide, parameters)
    _record(report, "scores_units", file, result)
    report.problems.extend(_problems_from(result, wide, file, headers, context))

    long = _long_scores(table)
    result = run_suite("scores_values", long, {})
    _record(report, "scores_values", file, result)
    report.problems.extend(_problems_from(result, long, file, headers, context))


def _long_scores(table: ScoreTable) -> pd.DataFrame:
    """One row per unit and score column, with the column's maximum from the framework."""
    numbers = table.numbers()
    maxima = {g.code: g.max for g in table.tier.groups}
    maxima["total"] = table.tier.max
    labels = _headers(table)
    parts = []
    for column in table.score_columns:
        part = pd.DataFrame({
            "row": table.text["row"],
            "unit_code": table.text["unit_code"],
            "column": labels[column],
            "text": table.text[column],
            "score": numbers[column],
            "max_score": maxima[column],
        })
        checked = [not table.is_skipped(int(r), column) for r in part["row"]]
        parts.append(part[checked])
    # row by row, in the order of the file's columns: messages read down the file
    return pd.concat(parts).sort_index(kind="stable").sort_values("row", kind="stable").reset_index(drop=True)


def _out_of_range(table: ScoreTable, wide: pd.DataFrame) -> pd.Series:
    """Rows with a group score below 0 or above its maximum: their total is not checked as well."""
    bad = pd.Series(False, index=wide.index)
    for group in table.tier.groups:
        bad |= (wide[group.code] < 0) | (wide[group.code] > group.max)
    return bad


def _without_skipped(table: ScoreTable, numbers: pd.DataFrame) -> pd.DataFrame:
    """Scores of cells already reported while reading (a formula without value ...) are left out of the checks."""
    for position, row in enumerate(numbers["row"]):
        for column in table.score_columns:
            if table.is_skipped(int(row), column):
                numbers.iloc[position, numbers.columns.get_loc(column)] = float("nan")
    return numbers


# -- names, parents and year, as the registry and the folder say -------------------------------


def name_key(framework):
    """How a unit name is compared: NFC, case and spaces folded, without a leading unit type
    ("Phường Nam Khê", "phường  nam khê" and "Nam Khê" compare equal; so do "Xã X" and "Phường X")."""
    prefixes = sorted({normalise_label(v) for v in framework.unit_types.values() if v}, key=len, reverse=True)

    def key(name):
        if name is None or (not isinstance(name, str) and pd.isna(name)) or not normalise_text(name):
            return None
        label = normalise_label(name)
        for prefix in prefixes:
            if label.startswith(prefix + " "):
                return label[len(prefix) + 1:]
        return label
    return key


def _registry_columns(evaluation: Evaluation, table: ScoreTable, wide: pd.DataFrame) -> None:
    """Columns comparing the optional name, parent and year cells with the registry and the folder."""
    tier, key = table.tier, name_key(evaluation.framework)
    registry = evaluation.registry
    unique = registry.drop_duplicates("code", keep=False)  # a code given twice is reported with the registry
    names = dict(zip(unique["code"], unique["name"]))
    units = evaluation.units(tier.unit_tier)
    codes = wide["unit_code"]
    text = table.text
    wide["name_key"] = text["unit_name"].map(key) if "unit_name" in text else None
    tier_codes = set(units["code"])  # built once: inside the lambda it made validation quadratic in units
    wide["registry_name"] = codes.map(lambda c: names.get(c) if c in tier_codes else None)
    wide["registry_name_key"] = wide["registry_name"].map(key)
    parent_of = {c: p for c, p in zip(units["code"], units["parent_code"]) if p}
    wide["registry_parent"] = codes.map(parent_of.get)
    wide["registry_parent_text"] = wide["registry_parent"].map(lambda p: f"{p} {names.get(p, '')}".strip() if p else None)
    if "parent" in text and tier.parent_tier:
        parents = evaluation.units(tier.parent_tier)
        wide["parent_key"] = text["parent"].map(_parent_resolver(parents, key))
        wide["parent__text"] = text["parent"]
    else:
        wide["parent_key"] = None
    wide["year_text"] = text["year"].map(_year_text) if "year" in text else None
    if "year" in text:
        wide["year__text"] = text["year"]
    if "unit_name" in text:
        wide["unit_name__text"] = text["unit_name"]


def _parent_resolver(parents: pd.DataFrame, key):
    """A parent as typed (its code, or its name with or without the unit type) -> its code."""
    codes = {normalise_text(c): c for c in parents["code"]}
    by_name: dict[str, list[str]] = {}
    for code, name in zip(parents["code"], parents["name"]):
        by_name.setdefault(key(name), []).append(code)

    def resolve(typed):
        if not normalise_text(typed):
            return None
        if normalise_text(typed) in codes:
            return codes[normalise_text(typed)]
        found = by_name.get(key(typed), [])
        return found[0] if len(found) == 1 else normalise_text(typed)
    return resolve


def _year_text(typed) -> str | None:
    text = normalise_text(typed)
    if not text:
        return None
    return text[:-2] if re.fullmatch(r"\d{4}\.0", text) else text


def year_in_names(table: ScoreTable, year: int) -> list[Problem]:
    """A year written in the file name, the sheet name or the title rows that is not the table's year."""
    problems = []
    named = [("tên tệp", Path(table.path).stem)] + ([("tên trang tính", table.sheet)] if table.sheet else [])
    for what, name in named:
        years = sorted({int(y) for y in _YEAR_IN_NAME_RE.findall(name)})
        if years and year not in years:
            problems.append(Problem(
                "error", table.label,
                f"{what} ghi năm {', '.join(map(str, years))} nhưng bảng được dùng cho năm {year}: có thể là tệp của "
                "năm khác; kiểm tra lại sources trong evaluation.yaml",
                value=name,
            ))
    title = " ".join(table.title)
    years = sorted({int(y) for y in _TITLE_YEAR_RE.findall(_DATE_RE.sub(" ", normalise_label(title)))})
    if years and year not in years:
        problems.append(Problem(
            "error", table.label,
            f"tiêu đề phía trên bảng ghi năm {', '.join(map(str, years))} nhưng bảng được dùng cho năm {year}: có thể là "
            "tệp của năm khác",
            value=title,
        ))
    return problems


def same_as_previous_year(evaluation: Evaluation) -> list[Problem]:
    """A table identical, unit by unit and score by score, to the comparison year's: a file copied, not updated."""
    previous = evaluation.previous
    if previous is None:
        return []
    problems = []
    for code, table in evaluation.current.tables.items():
        before = previous.tables.get(code)
        if before is None or before.tier.code != table.tier.code or not (_complete(table) and _complete(before)):
            continue
        scores = _score_rows(table)
        if scores and scores == _score_rows(before):
            problems.append(Problem(
                "error", table.label,
                f"bảng điểm giống hệt bảng điểm năm {previous.year} ({before.label}), từng đơn vị và từng điểm: có thể "
                "đã dùng nhầm tệp của năm trước; kiểm tra lại sources trong evaluation.yaml",
            ))
    return problems


def _complete(table: ScoreTable) -> bool:
    return not table.text.empty and set(required_columns(table.tier)) <= set(table.text.columns)


def _score_rows(table: ScoreTable) -> list[tuple]:
    numbers = table.numbers()
    columns = [c for c in table.score_columns if c != "total"] or table.score_columns
    rows = []
    for _, row in numbers.iterrows():
        values = tuple(None if pd.isna(row[c]) else round(float(row[c]), 4) for c in columns)
        rows.append((str(row.get("unit_code", "")), values))
    return sorted(rows, key=lambda r: (r[0], tuple(v if v is not None else -1.0 for v in r[1])))


def soft_anomalies(evaluation: Evaluation) -> list[Problem]:
    """Warnings, not errors: a zero total, or a unit losing more than half its score."""
    warnings = []
    previous = evaluation.previous
    for code, table in evaluation.current.tables.items():
        now = _totals(table)
        for unit, score in now.items():
            if score == 0:
                warnings.append(Problem("warning", table.label, "đơn vị có tổng điểm bằng 0", unit=unit, value="0"))
        if previous is None or code not in previous.tables:
            continue
        before = _totals(previous.tables[code])
        for unit, score in now.items():
            old = before.get(unit)
            if old and score < old * (1 - SOFT_DROP_SHARE):
                warnings.append(Problem(
                    "warning", table.label,
                    f"điểm giảm hơn một nửa so với năm {previous.year} ({old:g} → {score:g})",
                    unit=unit, value=f"{score:g}",
                ))
    return warnings


def _totals(table: ScoreTable) -> dict[str, float]:
    return table.totals().to_dict()
