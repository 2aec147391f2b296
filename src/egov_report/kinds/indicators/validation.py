"""Validating an indicators province-year: the indicator table, through the shared suites.

The suites ``expectations/indicators_*.json`` run through ``core.checks``; a problem names the
indicator's code as its unit ("chỉ tiêu ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from ...core.checks import ValidationReport, text_problems
from ...core.formatting import date_vi
from ...core.tables import parse_score
from ...errors import Problem
from ...paths import display_path
from .framework import PERCENT
from .loading import COLUMN_ALIASES, IndicatorEvaluation

_QUARTER_RE = re.compile(r"(\d{4})-Q([1-4])")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_RE = re.compile(r"\d{4}")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class IndicatorProblem(Problem):
    """A problem of the indicator table: ``unit`` holds the indicator's code, named as such."""

    unit_noun: ClassVar[str] = "chỉ tiêu"


def as_of_text(text: str) -> str | None:
    """'2020-Q4' -> 'quý IV/2020', '2020-12-31' -> '31/12/2020', '2020' -> 'năm 2020'; None if not one of those."""
    text = str(text or "").strip()
    quarter = _QUARTER_RE.fullmatch(text)
    if quarter:
        return f"quý {_ROMAN[int(quarter.group(2))]}/{quarter.group(1)}"
    if _DATE_RE.fullmatch(text):
        try:
            return date_vi(text)
        except ValueError:
            return None
    if _YEAR_RE.fullmatch(text):
        return f"năm {text}"
    return None


def is_blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    return table[name] if name in table else pd.Series([""] * len(table), index=table.index, dtype=object)


def _rows_frame(evaluation: IndicatorEvaluation) -> pd.DataFrame:
    """One row per table row: what indicators_rows checks."""
    table, framework = evaluation.table, evaluation.framework
    targets = {i.code: i.target for i in framework.indicators}
    frame = pd.DataFrame(
        {
            "row": table["row"],
            "code": table["code"].map(lambda v: None if is_blank(v) else str(v).strip()),
            "as_of": table["as_of"],
            "as_of_text": table["as_of"].map(as_of_text),
            "source": table["source"].map(lambda v: None if is_blank(v) else v),
            "target": _column(table, "target"),
        }
    )
    frame["target_number"] = frame["target"].map(lambda v: None if is_blank(v) else parse_score(v)).astype("float64")
    frame["framework_target"] = frame["code"].map(lambda c: targets.get(c)).astype("float64")
    return frame


def _values_frame(evaluation: IndicatorEvaluation) -> pd.DataFrame:
    """One row per value and per target given in the table: what indicators_values checks."""
    table, framework = evaluation.table, evaluation.framework
    units = {i.code: i.unit for i in framework.indicators}
    parts = []
    for name in ("value", "target"):
        if name not in table:
            continue
        given = table if name == "value" else table[~table[name].map(is_blank)]  # an empty target: unknown
        part = pd.DataFrame(
            {
                "row": given["row"],
                "code": given["code"].map(lambda v: None if is_blank(v) else str(v).strip()),
                "column": evaluation.headers.get(name, name),
                "text": given[name],
            }
        )
        part["number"] = part["text"].map(parse_score).astype("float64")
        is_percent = part["code"].map(lambda c: units.get(c) == PERCENT)
        part["percent"] = part["number"].where(is_percent)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def validate(evaluation: IndicatorEvaluation) -> ValidationReport:
    """Run the indicators suites on the indicator table, collecting every problem."""
    report = ValidationReport()
    file = evaluation.table_label
    for name in evaluation.unknown_columns:
        report.problems.append(
            IndicatorProblem("warning", file, "cột không được dùng trong bảng chỉ tiêu, đã bỏ qua", column=name)
        )
    if evaluation.table.empty:
        report.problems.append(IndicatorProblem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return report
    context = {"framework": display_path(evaluation.framework_path)}
    headers = {c: evaluation.headers.get(c, c) for c in COLUMN_ALIASES}
    report.problems.extend(text_problems(evaluation.table, file, headers, unit="code", problem_type=IndicatorProblem))
    labels = {i.code: i.short_label for i in evaluation.framework.indicators}

    naming = {
        "context": context,
        "headers": headers,
        "problem_type": IndicatorProblem,
        "missing_member": lambda code: (code, f" (thiếu «{labels.get(code, code)}»)"),
    }
    if report.check("indicators_columns", file, evaluation.table.drop(columns="row"), **naming):
        return report  # values cannot be checked in columns that are not there
    codes = [i.code for i in evaluation.framework.indicators]
    report.check("indicators_rows", file, _rows_frame(evaluation), {"indicator_codes": codes}, **naming)
    report.check("indicators_values", file, _values_frame(evaluation), **naming)
    return report
