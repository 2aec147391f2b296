"""Report kind ``indicators``: a set of indicators, each with its value and, where known, its target.

A province-year of this kind tracks the indicators of a reference document (a resolution,
a plan) for one year: each indicator's value, the target it is measured against, and
whether the target is met. A target is never guessed: where neither the framework nor the
data give one, the indicator is reported as "chưa có chỉ tiêu trong dữ liệu" and not assessed.

Files (docs/input-format.md, section on this kind):

- ``framework.yaml`` (the year's own, or the province's): the reference document and the
  indicator definitions, read by ``load_framework`` and refused with a FrameworkError naming
  the file and the field;
- ``<year>/evaluation.yaml``: data status and note, the method, ``sources.indicators.file``;
- the indicator table (CSV or Excel): code, value, target (optional), as_of, source,
  target_source (optional), one row per indicator; checked by the Great Expectations suites
  ``expectations/indicators_*.json``.

This module loads and validates those inputs, computes the figure record (``analyse``),
draws the value-vs-target chart and writes the report's sections (``IndicatorReportBuilder``,
a ReportBuilder with the shared numbering, tables, formatting and templates).
"""

from __future__ import annotations

from typing import ClassVar

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from .. import charts
from ..errors import FrameworkError, InputError, Problem, row_ranges, shown
from ..formatting import date_vi, number, percent
from ..framework import framework_file
from ..loading import _data_dir, _file_in, check_parameters, normalise_label, parse_score, read_table
from ..narrative import ReportBuilder
from ..paths import display_path
from ..textfiles import read_text, read_yaml
from ..validation import SuiteRun, ValidationReport, run_suite

KIND = "indicators"
PERCENT = "%"
DIRECTIONS = {"higher_is_better": "càng cao càng tốt", "lower_is_better": "càng thấp càng tốt"}
DATA_STATUSES = ("published", "reconstructed")

FRAMEWORK_FIELDS = ("kind", "province", "title", "subject", "reference", "indicators")
PROVINCE_FIELDS = ("code", "name", "name_full")
REFERENCE_FIELDS = ("name", "date", "issuer", "title")
INDICATOR_FIELDS = ("code", "label", "short_label", "unit", "direction", "target", "target_source")

# Columns of the indicator table and the headers accepted for each (compared after NFC,
# white-space folding and case folding, as for score tables).
COLUMN_ALIASES = {
    "code": ("code", "mã", "mã chỉ tiêu"),
    "value": ("value", "giá trị", "kết quả", "kết quả thực hiện"),
    "target": ("target", "mức chỉ tiêu", "chỉ tiêu đặt ra", "mục tiêu"),
    "as_of": ("as_of", "thời điểm", "tính đến", "thời điểm số liệu"),
    "source": ("source", "nguồn", "nguồn số liệu"),
    "target_source": ("target_source", "nguồn chỉ tiêu", "nguồn mức chỉ tiêu"),
    "row_number": ("stt", "tt", "số tt", "số thứ tự"),  # known and not used
}
OPTIONAL_COLUMNS = ("target", "target_source")

STATUS_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá"}
UNKNOWN_TARGET = "chưa có chỉ tiêu trong dữ liệu"

_QUARTER_RE = re.compile(r"(\d{4})-Q([1-4])")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_RE = re.compile(r"\d{4}")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# -- the framework -------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    short_label: str
    unit: str
    direction: str  # a key of DIRECTIONS
    target: float | None = None  # a target every year of this framework is measured against
    target_source: str = ""


@dataclass(frozen=True)
class Reference:
    """The document that sets the indicators (e.g. a government resolution)."""

    name: str  # as the report cites it: "Nghị quyết số 17/NQ-CP"
    date: str  # ISO date
    issuer: str = ""
    title: str = ""  # what it is about, as it reads after the name and date

    @property
    def citation(self) -> str:
        text = f"{self.name} ngày {date_vi(self.date)}"
        if self.issuer:
            text += f" của {self.issuer}"
        return f"{text} {self.title}" if self.title else text


@dataclass(frozen=True)
class IndicatorFramework:
    kind: str
    province_code: str
    province_name: str
    province_name_full: str
    title: str
    subject: str
    reference: Reference
    indicators: tuple[Indicator, ...]
    source: str = field(default="", compare=False)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)


def load_framework(path: Path) -> IndicatorFramework:
    """Read and check a framework of kind ``indicators``; every error names the file and the field."""
    where = display_path(path)
    raw = read_yaml(path, error=FrameworkError)
    _only_known(raw, FRAMEWORK_FIELDS, "", where)
    kind = _need(raw, "kind", "", where)
    if kind != KIND:
        raise FrameworkError(f"{where}: kind '{kind}' không phải '{KIND}'")
    province = _mapping(_need(raw, "province", "", where), "province", where)
    _only_known(province, PROVINCE_FIELDS, "province", where)
    reference = _reference(_need(raw, "reference", "", where), where)
    listed = _need(raw, "indicators", "", where)
    if not isinstance(listed, list):
        raise FrameworkError(f"{where}: 'indicators' phải là một danh sách chỉ tiêu")
    indicators = tuple(_indicator(item, f"indicators[{i}]", where) for i, item in enumerate(listed))
    seen = set()
    for indicator in indicators:
        if indicator.code in seen:
            raise FrameworkError(f"{where}: mã chỉ tiêu '{indicator.code}' bị lặp trong indicators")
        seen.add(indicator.code)
    name = str(_need(province, "name", "province", where))
    return IndicatorFramework(
        kind=kind,
        province_code=str(_need(province, "code", "province", where)),
        province_name=name,
        province_name_full=str(province.get("name_full") or name),
        title=str(_need(raw, "title", "", where)),
        subject=str(raw.get("subject") or raw["title"]),
        reference=reference,
        indicators=indicators,
        source=where,
    )


def _field(context: str, key: str) -> str:
    return f"{context}.{key}" if context else key


def _need(mapping: dict, key: str, context: str, where: str):
    value = mapping.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FrameworkError(f"{where}: thiếu trường '{_field(context, key)}'")
    return value


def _mapping(value, context: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    return value


def _only_known(mapping: dict, known: tuple[str, ...], context: str, where: str) -> None:
    for key in mapping:
        if key not in known:
            raise FrameworkError(
                f"{where}: trường '{_field(context, str(key))}' không được hỗ trợ với loại báo cáo {KIND} "
                f"(các trường: {', '.join(known)})"
            )


def _reference(raw, where: str) -> Reference:
    raw = _mapping(raw, "reference", where)
    _only_known(raw, REFERENCE_FIELDS, "reference", where)
    date = _need(raw, "date", "reference", where)
    try:
        date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date).strip())
    except ValueError:
        raise FrameworkError(f"{where}: reference.date = '{date}' phải là một ngày dạng 2019-03-07") from None
    return Reference(
        name=str(_need(raw, "name", "reference", where)),
        date=date.isoformat(),
        issuer=str(raw.get("issuer") or ""),
        title=str(raw.get("title") or ""),
    )


def _indicator(raw, context: str, where: str) -> Indicator:
    raw = _mapping(raw, context, where)
    _only_known(raw, INDICATOR_FIELDS, context, where)
    code = str(_need(raw, "code", context, where)).strip()
    context = f"{context} ('{code}')"
    label = str(_need(raw, "label", context, where))
    unit = str(_need(raw, "unit", context, where)).strip()
    direction = str(_need(raw, "direction", context, where))
    if direction not in DIRECTIONS:
        raise FrameworkError(
            f"{where}: {context}.direction = '{direction}' không hợp lệ (chỉ nhận: {', '.join(DIRECTIONS)})"
        )
    target = raw.get("target")
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, (int, float)):
            raise FrameworkError(f"{where}: {context}.target = '{target}' phải là một số")
        target = float(target)
        if unit == PERCENT and not 0 <= target <= 100:
            raise FrameworkError(f"{where}: {context}.target = {target:g} nằm ngoài khoảng 0..100 (đơn vị %)")
        if not raw.get("target_source"):
            raise FrameworkError(f"{where}: thiếu trường '{context}.target_source' (nguồn của mức chỉ tiêu)")
    elif raw.get("target_source"):
        raise FrameworkError(f"{where}: {context} có target_source nhưng không có target")
    return Indicator(
        code=code,
        label=label,
        short_label=str(raw.get("short_label") or label),
        unit=unit,
        direction=direction,
        target=target,
        target_source=str(raw.get("target_source") or ""),
    )


# -- a province-year -------------------------------------------------------------------------


@dataclass
class IndicatorEvaluation:
    """Everything a report of this kind reads."""

    province: str
    year: int
    framework: IndicatorFramework
    framework_path: Path
    settings: dict
    settings_path: Path
    table_path: Path
    sheet: str | None
    table: pd.DataFrame  # canonical columns as typed (text), plus "row" (the row number in the file)
    headers: dict[str, str]  # canonical column -> header as the analyst typed it
    unknown_columns: list[str]
    findings_markdown: str | None
    findings_path: Path | None

    @property
    def table_label(self) -> str:
        where = display_path(self.table_path)
        return f"{where} [{self.sheet}]" if self.sheet else where

    @property
    def input_files(self) -> list[Path]:
        files = {self.framework_path, self.settings_path, self.table_path}
        if self.findings_path:
            files.add(self.findings_path)
        return sorted(files)


def load_evaluation(province, year, data_dir: Path | None = None) -> IndicatorEvaluation:
    province, year = check_parameters(province, year, data_dir)
    province_dir = _data_dir(data_dir) / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    directory = province_dir / str(year)
    settings_path = directory / "evaluation.yaml"
    where = display_path(settings_path)
    settings = read_yaml(settings_path)
    declared = settings.get("year")
    if declared is not None and str(declared).strip() != str(year):
        raise InputError(f"{where}: year: {declared} khác năm của thư mục ({year})")
    if settings.get("previous_year") is not None:
        raise InputError(f"{where}: previous_year chưa được hỗ trợ với loại báo cáo {KIND} (không so sánh giữa các năm)")
    status = settings.get("data_status", "published")
    if status not in DATA_STATUSES:
        raise InputError(f"{where}: data_status = '{status}' không hợp lệ (chỉ nhận: {', '.join(DATA_STATUSES)})")
    sources = settings.get("sources")
    source = sources.get("indicators") if isinstance(sources, dict) else None
    if not isinstance(source, dict) or not source.get("file"):
        raise InputError(f"{where}: cần sources.indicators.file (tên tệp bảng chỉ tiêu)")
    others = [str(k) for k in sources if k != "indicators"]
    if others:
        raise InputError(f"{where}: sources chỉ có mục 'indicators' với loại báo cáo {KIND} (thừa: {', '.join(others)})")
    table_path = _file_in(directory, source["file"], "sources.indicators.file")
    sheet = source.get("sheet")
    table, headers, unknown = _read_indicator_table(table_path, sheet)
    findings_path, findings = None, None
    if settings.get("findings"):
        findings_path = _file_in(directory, settings["findings"], "findings")
        findings = read_text(findings_path)
    return IndicatorEvaluation(
        province=province, year=year, framework=framework, framework_path=framework_path,
        settings=settings, settings_path=settings_path, table_path=table_path, sheet=sheet,
        table=table, headers=headers, unknown_columns=unknown,
        findings_markdown=findings, findings_path=findings_path,
    )


def _read_indicator_table(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    frame = read_table(path, sheet)
    aliases = {normalise_label(name): canonical for canonical, names in COLUMN_ALIASES.items() for name in names}
    renamed, unknown = {}, []
    for column in frame.columns.drop("row"):
        canonical = aliases.get(normalise_label(column or ""))
        if canonical is None or canonical in renamed.values():
            if str(column or "").strip():
                unknown.append(str(column))
        elif canonical != "row_number":
            renamed[column] = canonical
    table = frame[list(renamed)].rename(columns=renamed).fillna("").astype(str)
    table.insert(0, "row", frame["row"].astype(int))
    headers = {canonical: str(typed) for typed, canonical in renamed.items()}
    return table, headers, unknown


# -- validation -------------------------------------------------------------------------------


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


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    return table[name] if name in table else pd.Series([""] * len(table), index=table.index, dtype=object)


def _rows_frame(evaluation: IndicatorEvaluation) -> pd.DataFrame:
    """One row per table row: what indicators_rows checks."""
    table, framework = evaluation.table, evaluation.framework
    targets = {i.code: i.target for i in framework.indicators}
    frame = pd.DataFrame({
        "row": table["row"],
        "code": table["code"].map(lambda v: None if _blank(v) else str(v).strip()),
        "as_of": table["as_of"],
        "as_of_text": table["as_of"].map(as_of_text),
        "source": table["source"].map(lambda v: None if _blank(v) else v),
        "target": _column(table, "target"),
    })
    frame["target_number"] = frame["target"].map(lambda v: None if _blank(v) else parse_score(v)).astype("float64")
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
        given = table if name == "value" else table[~table[name].map(_blank)]  # an empty target: unknown
        part = pd.DataFrame({
            "row": given["row"],
            "code": given["code"].map(lambda v: None if _blank(v) else str(v).strip()),
            "column": evaluation.headers.get(name, name),
            "text": given[name],
        })
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
        report.problems.append(IndicatorProblem("warning", file, "cột không được dùng trong bảng chỉ tiêu, đã bỏ qua",
                                                column=name))
    if evaluation.table.empty:
        report.problems.append(IndicatorProblem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return report
    context = {"framework": display_path(evaluation.framework_path)}
    headers = {c: evaluation.headers.get(c, c) for c in COLUMN_ALIASES}
    labels = {i.code: i.short_label for i in evaluation.framework.indicators}

    columns = evaluation.table.drop(columns="row")
    result = run_suite("indicators_columns", columns, {})
    _record(report, "indicators_columns", file, result)
    problems = _problems(result, evaluation.table, file, headers, context, labels)
    report.problems.extend(problems)
    if problems:
        return report  # values cannot be checked in columns that are not there

    codes = [i.code for i in evaluation.framework.indicators]
    rows = _rows_frame(evaluation)
    result = run_suite("indicators_rows", rows, {"indicator_codes": codes})
    _record(report, "indicators_rows", file, result)
    report.problems.extend(_problems(result, rows, file, headers, context, labels))

    values = _values_frame(evaluation)
    result = run_suite("indicators_values", values, {})
    _record(report, "indicators_values", file, result)
    report.problems.extend(_problems(result, values, file, headers, context, labels))
    return report


def _record(report: ValidationReport, suite: str, file: str, result) -> None:
    passed = sum(1 for r in result.results if r.success)
    report.runs.append(SuiteRun(suite=suite, file=file, evaluated=len(result.results), passed=passed))


def _problems(result, frame: pd.DataFrame, file: str, headers: dict, context: dict, labels: dict) -> list[Problem]:
    """One problem per failing row, or per missing column or indicator, of a suite's result."""
    problems = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        kwargs, meta = config.kwargs, config.meta or {}
        rule = meta.get("rule", config.type)
        column = meta.get("column") or kwargs.get("column") or kwargs.get("column_A")
        details = outcome.result or {}
        if config.type == "expect_table_columns_to_match_set":
            missing = ((details.get("details") or {}).get("mismatched") or {}).get("missing") or []
            for name in missing:
                problems.append(IndicatorProblem("error", file, _fill(rule, context), column=headers.get(name, name),
                                                 expectation=config.type))
            continue
        if config.type == "expect_column_distinct_values_to_contain_set":
            present = set(frame["code"].dropna())
            for code in [c for c in kwargs["value_set"] if c not in present]:
                problems.append(IndicatorProblem("error", file, f"{_fill(rule, context)} (thiếu «{labels.get(code, code)}»)",
                                                 column=headers["code"], unit=code, expectation=config.type))
            continue
        indexes = details.get("unexpected_index_list") or []
        if not indexes and outcome.exception_info and outcome.exception_info.get("raised_exception"):
            problems.append(IndicatorProblem("error", file, f"{_fill(rule, context)} (không kiểm tra được)",
                                             column=headers.get(column, column), expectation=config.type))
            continue
        for index in indexes:
            row = frame.loc[index]
            shown_column = row["column"] if column == "column" else headers.get(column, column)
            value = row["text"] if "text" in row else row.get(column)
            code = row.get("code")
            problems.append(IndicatorProblem(
                "error", file, _fill(rule, {**context, **row.to_dict()}), row=int(row["row"]), column=shown_column,
                unit=None if _blank(code) else str(code), value="" if _blank(value) else str(value),
                expectation=config.type,
            ))
    return problems


def _fill(rule: str, values: dict) -> str:
    try:
        return rule.format(**values)
    except (KeyError, ValueError, IndexError):
        return rule


# -- analysis: the figure record ---------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str | None:
    """100% / 98% / 1.234 hồ sơ: a value as the report prints it."""
    if value is None:
        return None
    return percent(value / 100) if unit == PERCENT else f"{number(value)} {unit}"


def status_of(value: float, target: float | None, direction: str) -> str:
    """met / not_met, or unknown when there is no target: a target is never assumed."""
    if target is None:
        return "unknown"
    if direction == "lower_is_better":
        return "met" if value <= target + 1e-9 else "not_met"
    return "met" if value >= target - 1e-9 else "not_met"


def analyse(evaluation: IndicatorEvaluation) -> dict:
    """The figure record: every number the report states, JSON-ready."""
    framework, settings = evaluation.framework, evaluation.settings
    rows = {str(r["code"]).strip(): r for r in evaluation.table.to_dict("records")}
    sources: list[str] = []

    def source_number(text: str) -> int:
        if text not in sources:
            sources.append(text)
        return sources.index(text) + 1

    entries = []
    for position, indicator in enumerate(framework.indicators, start=1):
        row = rows[indicator.code]
        value = parse_score(row["value"])
        target, target_origin, target_source = None, None, None
        if not _blank(row.get("target")):
            target, target_origin = parse_score(row["target"]), "data"
            target_source = row.get("target_source") if not _blank(row.get("target_source")) else row["source"]
        elif indicator.target is not None:
            target, target_origin, target_source = indicator.target, "framework", indicator.target_source
        status = status_of(value, target, indicator.direction)
        gap = None if target is None else round(value - target, 4)
        entries.append({
            "position": position,
            "code": indicator.code,
            "label": indicator.label,
            "short_label": indicator.short_label,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "value": value,
            "value_text": format_value(value, indicator.unit),
            "target": target,
            "target_text": format_value(target, indicator.unit) if target is not None else UNKNOWN_TARGET,
            "target_known": target is not None,
            "target_origin": target_origin,  # "data" (the table), "framework", or None
            "status": status,
            "status_label": STATUS_LABELS[status],
            "gap": gap,  # value − target, in the indicator's unit (percentage points for %)
            "as_of": str(row["as_of"]).strip(),
            "as_of_text": as_of_text(row["as_of"]),
            "source": row["source"],
            "source_number": source_number(row["source"]),
            "target_source": target_source,
            "target_source_number": source_number(target_source) if target_source else None,
        })
    as_of = {e["as_of_text"] for e in entries}
    counts = {
        "indicators": len(entries),
        "with_target": sum(1 for e in entries if e["target_known"]),
        "met": sum(1 for e in entries if e["status"] == "met"),
        "not_met": sum(1 for e in entries if e["status"] == "not_met"),
        "unknown_target": sum(1 for e in entries if e["status"] == "unknown"),
    }
    reference = framework.reference
    return {
        "meta": {
            "province": evaluation.province,
            "province_name": framework.province_name,
            "province_name_full": framework.province_name_full,
            "year": evaluation.year,
            "previous_year": None,
            "title": framework.title,
            "subject": framework.subject,
            "kind": framework.kind,
            "data_status": settings.get("data_status", "published"),
            "data_note": settings.get("data_note", ""),
            "method": list(settings.get("method") or []),
            "as_of_text": as_of.pop() if len(as_of) == 1 else None,  # one date for every indicator, or None
            "reference": {"name": reference.name, "date": reference.date, "issuer": reference.issuer,
                          "title": reference.title, "citation": reference.citation},
        },
        "indicators": entries,
        "counts": counts,
        "sources": [{"number": i + 1, "text": text} for i, text in enumerate(sources)],
    }


# -- the chart ----------------------------------------------------------------------------------

STATUS_COLOURS = {"met": "#1a7f4b", "not_met": "#d9534f", "unknown": "#dde3ea"}
UNKNOWN_EDGE = "#5f6f84"  # an indicator without a target: pale bar, dashed outline
TARGET_COLOUR = "#1b1b1b"


def value_target_chart(indicators: list[dict]) -> str:
    """Each percentage indicator's value as a bar and its target as a black mark; an indicator
    without a target has a pale bar with a dashed outline and says so in words beside it."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    shown_ = [e for e in indicators if e["unit"] == PERCENT]
    figure, axis = plt.subplots(figsize=(6.0, 0.5 + 0.62 * len(shown_)))
    beside = blended_transform_factory(axis.transAxes, axis.transData)  # x: share of the axis, y: a bar
    for position, entry in enumerate(shown_):
        unknown = entry["status"] == "unknown"
        axis.barh(position, entry["value"], height=0.56, color=STATUS_COLOURS[entry["status"]],
                  edgecolor=UNKNOWN_EDGE if unknown else "none", linewidth=1.1 if unknown else 0,
                  linestyle=(0, (3, 2)) if unknown else "-")
        inside = entry["value"] >= 15
        axis.text(entry["value"] - 1.5 if inside else entry["value"] + 1.5, position, entry["value_text"],
                  ha="right" if inside else "left", va="center", fontsize=9, fontweight="bold", color="#1b1b1b",
                  bbox=charts.LABEL_BOX, zorder=4)
        if entry["target_known"]:
            axis.plot([entry["target"]] * 2, [position - 0.42, position + 0.42], color=TARGET_COLOUR, linewidth=2.4,
                      zorder=5, solid_capstyle="butt")
            words = f"{entry['status_label']}\n(chỉ tiêu {entry['target_text']})"
        else:
            words = "Chưa có chỉ tiêu\ntrong dữ liệu"
        axis.text(1.03, position, words, transform=beside, ha="left", va="center", fontsize=8.5,
                  color="#1b1b1b" if entry["target_known"] else "#555555",
                  fontstyle="normal" if entry["target_known"] else "italic")
    labels = [textwrap.fill(f"{e['position']}. {e['short_label']}", 36) for e in shown_]
    axis.set_yticks(range(len(shown_)), labels, fontsize=8.5)
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.xaxis.set_major_formatter(charts._VI)
    axis.set_xlabel("Giá trị đạt được (%)")
    axis.grid(axis="x", color="#e3e7eb", linewidth=0.6)
    axis.set_axisbelow(True)
    present = {e["status"] for e in shown_}
    names = {"met": "Đạt chỉ tiêu", "not_met": "Chưa đạt chỉ tiêu", "unknown": "Chưa có chỉ tiêu trong dữ liệu"}
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=UNKNOWN_EDGE if s == "unknown" else "none",
                     linewidth=1.1 if s == "unknown" else 0, linestyle=(0, (3, 2)) if s == "unknown" else "-",
                     label=names[s]) for s in ("met", "not_met", "unknown") if s in present]
    if any(e["target_known"] for e in shown_):
        handles.append(Line2D([], [], color=TARGET_COLOUR, linewidth=2.4, label="Mức chỉ tiêu"))
    axis.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=len(handles), frameon=False,
                fontsize=8.5, handlelength=2.2, handleheight=1.1, borderaxespad=0.2)
    return charts._svg(figure)


# -- the report's sections ---------------------------------------------------------------------------


class IndicatorReportBuilder(ReportBuilder):
    """The sections of an indicators report, with the shared numbering, tables and figures."""

    unknown_target = UNKNOWN_TARGET

    def title(self) -> HTML:
        return self._html("indicators/title.html.j2")

    def scope_and_method(self) -> HTML:
        return self._html("indicators/scope.html.j2")

    def headline(self) -> HTML:
        return self._html("indicators/headline.html.j2")

    def indicator_results(self) -> HTML:
        return self._html("indicators/results.html.j2")

    def validation_appendix(self, validation: dict) -> HTML:
        return self._html("indicators/validation.html.j2", validation=validation, annex=1)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("provenance.html.j2", provenance=provenance, annex=2)

    # phrases and tables

    def gap_words(self, entry: dict) -> str:
        """'bằng mức chỉ tiêu' / 'vượt 2 điểm phần trăm' / 'thiếu 5 điểm phần trăm'; '' without a target."""
        if entry["gap"] is None:
            return ""
        margin = entry["gap"] if entry["direction"] == "higher_is_better" else -entry["gap"]
        if round(margin, 2) == 0:
            return "bằng mức chỉ tiêu"
        unit = "điểm phần trăm" if entry["unit"] == PERCENT else entry["unit"]
        return f"{'vượt' if margin > 0 else 'thiếu'} {number(abs(margin))} {unit}"

    def percent_extremes(self) -> dict | None:
        """The highest and lowest values among percentage indicators (None with fewer than two)."""
        entries = [e for e in self.record["indicators"] if e["unit"] == PERCENT]
        if len(entries) < 2:
            return None
        top = max(e["value"] for e in entries)
        bottom = min(e["value"] for e in entries)
        return {
            "top": [e for e in entries if e["value"] == top],
            "bottom": [e for e in entries if e["value"] == bottom] if bottom != top else [],
        }

    def indicator_table(self) -> Markup:
        meta = self.record["meta"]
        value_label = f"Kết quả ({meta['as_of_text']})" if meta["as_of_text"] else "Kết quả"
        columns = [{"label": "TT", "align": "right"}, {"label": "Chỉ tiêu"}, {"label": value_label, "align": "right"},
                   {"label": "Mức chỉ tiêu"}, {"label": "Đánh giá"}, {"label": "Nguồn"}]
        rows = []
        for entry in self.record["indicators"]:
            label = entry["label"] if meta["as_of_text"] else f"{entry['label']} (tính đến {entry['as_of_text']})"
            target = entry["target_text"] if entry["target_known"] else Markup('<em class="unknown-target">{}</em>').format(
                entry["target_text"])
            status = entry["status_label"]
            if entry["target_known"]:
                status += f" ({self.gap_words(entry)})"
            sources = f"[{entry['source_number']}]"
            if entry["target_source_number"] and entry["target_source_number"] != entry["source_number"]:
                sources += f"; mức chỉ tiêu: [{entry['target_source_number']}]"
            rows.append({"css": "status-" + entry["status"],
                         "cells": [entry["position"], label, entry["value_text"], target, status, sources]})
        note = " ".join(f"[{s['number']}] {s['text']}." if not s["text"].endswith(".") else f"[{s['number']}] {s['text']}"
                        for s in self.record["sources"])
        caption = f"Kết quả thực hiện các chỉ tiêu, {meta['province_name_full']} năm {meta['year']}"
        return self.table("indicators", caption, columns, rows, note="Nguồn: " + note)

    def chart(self) -> Markup:
        meta = self.record["meta"]
        shown_ = [e for e in self.record["indicators"] if e["unit"] == PERCENT]
        note = ("Thanh: giá trị đạt được; vạch đen: mức chỉ tiêu. Thanh nhạt viền nét đứt: chỉ tiêu chưa có mức chỉ "
                "tiêu trong dữ liệu, chưa đánh giá đạt hay chưa đạt.")
        others = len(self.record["indicators"]) - len(shown_)
        if others:
            note += f" {others} chỉ tiêu không tính theo % chỉ có trong Bảng {self.numbering('table', 'indicators')}."
        as_of = f", {meta['as_of_text']}" if meta["as_of_text"] else ""
        return self.figure("indicators", f"Giá trị đạt được và mức chỉ tiêu của các chỉ tiêu tính theo %{as_of}",
                           value_target_chart(shown_), note=note)
