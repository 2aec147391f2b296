"""Validating every input with the Great Expectations suites kept in ``expectations/``.

Suites are reviewable JSON. Values that depend on the province (unit codes, group maxima,
tiers) are suite parameters filled from the framework and the registry, so one suite
serves every province. Each failing row becomes one ``Problem`` naming file, row, column,
unit, value and rule; all problems of all files are collected before the run stops.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import ValidationFailed
from .loading import Evaluation, ScoreTable, required_columns
from .paths import EXPECTATIONS_DIR, display_path

SOFT_DROP_SHARE = 0.5  # a unit losing more than half its score year on year is worth a look


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    unit: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        if self.unit:
            where.append(f"đơn vị {self.unit}")
        value = f": giá trị «{self.value}»" if self.value is not None else ""
        return f"{', '.join(where)}{value} — {self.rule}"


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


def _problems_from(result, frame: pd.DataFrame, file: str, columns: dict, context: dict) -> list[Problem]:
    """One problem per failing row (or per table-level failure) of a validation result.

    ``frame`` must carry "row" (row number in the file) and may carry "unit_code", and
    the text of each value in "<column>__text" or, for long tables, "text".
    ``columns`` maps canonical column names to the headers the analyst sees.
    """
    problems = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        kwargs, meta = config.kwargs, config.meta or {}
        rule = meta.get("rule", config.type).format(**context)
        column = meta.get("column") or kwargs.get("column") or kwargs.get("column_B")
        details = outcome.result or {}
        if config.type == "expect_table_columns_to_match_set":
            missing = (details.get("details") or {}).get("mismatched", {}).get("missing") or []
            for name in missing:
                problems.append(Problem("error", file, rule, column=columns.get(name, name)))
            continue
        if config.type == "expect_column_distinct_values_to_contain_set":
            present = set(frame["unit_code"].dropna())
            for code in sorted(set(kwargs["value_set"]) - present):
                unit = context.get("unit_names", {}).get(code, "")
                problems.append(Problem("error", file, rule, column=columns.get("unit_code"), unit=f"{code} {unit}".strip()))
            continue
        indexes = details.get("unexpected_index_list") or []
        if not indexes and outcome.exception_info and outcome.exception_info.get("raised_exception"):
            problems.append(Problem("error", file, f"{rule} (không kiểm tra được: {column})", column=column))
            continue
        for index in indexes:
            row = frame.loc[index]
            shown_column = row["column"] if column == "column" else columns.get(column, column)
            value = _value_text(row, column)
            text = rule
            if config.type == "expect_column_pair_values_a_to_be_greater_than_b":
                text = f"{rule} (tối đa {row['max_score']:g})"
            if column == "total" and "total" in row:
                text = f"{rule} ({row.get('group_sum', float('nan')):g})"
            problems.append(
                Problem("error", file, text, row=int(row["row"]), column=shown_column,
                        unit=_unit_text(row), value=value)
            )
    return problems


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


# -- the checks --------------------------------------------------------------------------


def validate(evaluation: Evaluation) -> ValidationReport:
    """Run every suite on every input of a province-year, collecting all problems."""
    report = ValidationReport()
    _validate_registry(evaluation, report)
    for year_data in filter(None, (evaluation.previous, evaluation.current)):
        for table in year_data.tables.values():
            _validate_table(evaluation, table, report)
    if report.passed:
        report.problems.extend(soft_anomalies(evaluation))
    return report


def _nulls_for_blanks(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace("", None)


def _validate_registry(evaluation: Evaluation, report: ValidationReport) -> None:
    framework, registry = evaluation.framework, evaluation.registry
    file = display_path(evaluation.registry_path)
    frame = _nulls_for_blanks(registry)
    tiers = [t.code for t in framework.tiers]
    context = {"tiers": ", ".join(tiers)}
    result = run_suite("registry", frame, {"tiers": tiers})
    _record(report, "registry", file, result)
    columns = {c: c for c in frame.columns}
    report.problems.extend(_problems_from(result, frame.rename(columns={"code": "unit_code"}), file, columns, context))
    for tier in framework.tiers:
        if tier.parent_tier is None:
            continue
        children = frame[frame["tier"] == tier.code].rename(columns={"code": "unit_code"})
        parent_codes = sorted(registry.loc[registry["tier"] == tier.parent_tier, "code"])
        result = run_suite("registry_parents", children, {"parent_codes": parent_codes})
        _record(report, "registry_parents", f"{file} ({tier.code})", result)
        context = {"tier": tier.label, "parent_tier": framework.tier(tier.parent_tier).label}
        report.problems.extend(_problems_from(result, children, file, columns, context))


def _validate_table(evaluation: Evaluation, table: ScoreTable, report: ValidationReport) -> None:
    tier, file = table.tier, table.label
    headers = {"unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "total": "Tổng điểm"}
    headers.update({g.code: g.label for g in tier.groups})
    for name in table.unknown_columns:
        report.problems.append(Problem("warning", file, "cột không có trong khung đánh giá, đã bỏ qua", column=name))
    if table.text.empty:
        report.problems.append(Problem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return
    context = {"tier": tier.label}
    columns_frame = table.text.drop(columns="row")
    result = run_suite("scores_columns", columns_frame, {"required_columns": required_columns(tier)})
    _record(report, "scores_columns", file, result)
    problems = _problems_from(result, table.text, file, headers, context)
    report.problems.extend(problems)
    if problems:
        return  # values cannot be checked against columns that are not there

    units = evaluation.units(tier.code)
    unit_codes = sorted(units["code"])
    wide = table.numbers()
    wide["unit_code"] = wide["unit_code"].replace("", None)
    group_codes = [g.code for g in tier.groups]
    wide["group_sum"] = wide[group_codes].sum(axis=1, min_count=len(group_codes)).round(2)
    wide["total_difference"] = (wide["total"] - wide["group_sum"]).round(2) if "total" in wide else float("nan")
    wide["total__text"] = table.text["total"] if "total" in table.text else None
    parameters = {
        "unit_codes": unit_codes,
        "required_codes": unit_codes if table.coverage == "full" else [],
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
    labels = {g.code: g.label for g in table.tier.groups} | {"total": "Tổng điểm"}
    parts = []
    for column in table.score_columns:
        parts.append(pd.DataFrame({
            "row": table.text["row"],
            "unit_code": table.text["unit_code"],
            "column": labels[column],
            "text": table.text[column],
            "score": numbers[column],
            "max_score": maxima[column],
        }))
    return pd.concat(parts, ignore_index=True)


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
    numbers = table.numbers()
    groups = [g.code for g in table.tier.groups]
    return dict(zip(numbers["unit_code"], numbers[groups].sum(axis=1).round(2)))
