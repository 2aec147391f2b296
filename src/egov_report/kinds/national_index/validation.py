"""Validating a national_index province-year: the registry and every year's table, through the shared suites.

The suites ``expectations/national_index_*.json`` run through ``core.checks``; after they pass,
the subject must have a score in the report's year, and provinces without a score are warned
about (the report lists them as missing).
"""

from __future__ import annotations

import pandas as pd

from ...core.checks import ValidationReport, text_problems
from ...core.formatting import number
from ...errors import Problem
from ...paths import display_path
from .loading import NationalIndexInputs, YearTable, match_key

HEADERS = {"province": "Tỉnh, thành phố", "overall": "Điểm tổng hợp", "rank": "Hạng", "note": "Ghi chú"}


def validate(inputs: NationalIndexInputs) -> ValidationReport:
    """Every suite on the registry and on every year's table; all problems collected."""
    report = ValidationReport()
    registry_ok = _validate_registry(inputs, report)
    resolver = inputs.registry.resolver()
    for table in inputs.tables.values():
        _validate_table(inputs, table, resolver, report, registry_ok)
    if report.passed:
        report.problems.extend(_subject_and_gaps(inputs, resolver))
    return report


def _validate_registry(inputs: NationalIndexInputs, report: ValidationReport) -> bool:
    framework, registry = inputs.framework, inputs.registry
    file = display_path(registry.path)
    frame = registry.frame.replace("", None)
    frame["shown_unit"] = frame["name"]  # a problem quotes the value of its own column (the code, the name)
    context = {"count": framework.registry_count, "subject": framework.registry_code}
    before = len(report.errors)
    report.check(
        "national_index_registry",
        file,
        frame,
        {"count": framework.registry_count, "subject_codes": [framework.registry_code]},
        context=context,
        headers=HEADERS,
    )
    keys = registry.keys()
    keys["shown_value"] = keys["written"]
    keys["shown_unit"] = None
    keys["shown_column"] = "aliases"
    aliases_ok = not report.check("national_index_aliases", file, keys, context=context, headers=HEADERS)
    columns = {c: c for c in registry.frame.columns if c != "row"}
    report.problems.extend(text_problems(registry.frame, file, columns, unit="code", names=("name",)))
    return len(report.errors) == before and aliases_ok


def _validate_table(
    inputs: NationalIndexInputs, table: YearTable, resolver: dict, report: ValidationReport, registry_ok: bool
) -> None:
    framework, file = inputs.framework, table.label
    for name in table.unknown_columns:
        report.problems.append(Problem("warning", file, "cột không có trong khung chỉ số, đã bỏ qua", column=name))
    context = {"count": framework.registry_count, "scale_max": number(framework.scale_max), "year": table.year}
    if table.text.empty:
        report.problems.append(Problem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return
    columns = {c: HEADERS.get(c, c) for c in table.text.columns if c != "row"}
    report.problems.extend(text_problems(table.text, file, columns, unit="province", names=("province",)))
    problems = report.check(
        "national_index_columns",
        file,
        table.text.drop(columns="row"),
        {"required_columns": ["province", "overall"]},
        context=context,
        headers=HEADERS,
    )
    if problems:
        return  # nothing to check values against

    numbers = table.numbers(resolver)
    _check_provinces(inputs, table, numbers, report, registry_ok, context)
    _check_values(framework, table, numbers, report, context)
    if "rank" in table.text:
        _check_ranks(framework, table, numbers, report, context)
    _check_notes(table, resolver, report)


def _check_provinces(
    inputs: NationalIndexInputs,
    table: YearTable,
    numbers: pd.DataFrame,
    report: ValidationReport,
    registry_ok: bool,
    context: dict,
) -> None:
    """The suite national_index_provinces on the names as typed, each resolved to its registry code."""
    file, names = table.label, inputs.registry.names
    wide = pd.DataFrame(
        {
            "row": numbers["row"],
            "province": numbers["province"].replace("", None),
            # an unknown name keeps its text, so that it fails the in-set check (nulls are skipped)
            "code": [
                c if isinstance(c, str) else (f"? {p}" if p else None)
                for c, p in zip(numbers["code"], numbers["province"])
            ],
            "shown_value": numbers["province"],
            "shown_unit": None,
        }
    )
    codes = sorted(names) if registry_ok else sorted(set(numbers["code"].dropna()))
    report.check(
        "national_index_provinces",
        file,
        wide,
        {"province_codes": sorted(names), "required_codes": codes},
        context=context,
        headers=HEADERS,
        missing_member=lambda code: (names.get(code, code), ""),
    )


def _check_values(framework, table: YearTable, numbers: pd.DataFrame, report: ValidationReport, context: dict) -> None:
    """The suite national_index_values on every score typed (the overall and each category's), one per row."""
    long_parts = []
    for column in ("overall", *table.category_columns):
        typed = table.text[column]
        present = typed != ""
        long_parts.append(
            pd.DataFrame(
                {
                    "row": table.text["row"][present],
                    "score": numbers[column][present],
                    "shown_value": typed[present],
                    "shown_unit": numbers["province"][present],
                    "shown_column": HEADERS.get(column) or framework.category(column).label,
                }
            )
        )
    values = pd.concat(long_parts, ignore_index=True)
    report.check("national_index_values", table.label, values, {"scale_max": framework.scale_max}, context, HEADERS)


def _check_ranks(framework, table: YearTable, numbers: pd.DataFrame, report: ValidationReport, context: dict) -> None:
    """The suite national_index_ranks on the published ranks, beside the ranks the scores give."""
    typed = table.text["rank"]
    present = typed != ""
    scored = numbers["overall"].where(numbers["overall"].between(0, framework.scale_max))
    computed = scored.rank(method="min", ascending=False)
    ranks = pd.DataFrame(
        {
            "row": table.text["row"][present],
            "rank_text": typed[present],
            "rank": numbers["published_rank"][present].astype("float64"),
            "computed_rank": computed[present],
            "shown_value": typed[present],
            "shown_unit": numbers["province"][present],
        }
    ).reset_index(drop=True)
    report.check("national_index_ranks", table.label, ranks, {"count": framework.registry_count}, context, HEADERS)


def _check_notes(table: YearTable, resolver: dict, report: ValidationReport) -> None:
    """A note (evaluation.yaml ``notes``) is for a province the table resolves."""
    notes = table.settings.get("notes") or {}
    for written in notes:
        if match_key(str(written)) not in resolver:
            report.problems.append(
                Problem(
                    "error",
                    display_path(table.settings_path),
                    "ghi chú (notes) cho một tỉnh không có trong danh mục",
                    column="notes",
                    value=str(written),
                )
            )


def _subject_and_gaps(inputs: NationalIndexInputs, resolver: dict) -> list[Problem]:
    """After the suites passed: the subject must have a score in the report's year; provinces
    without a score are warned about (the report lists them as missing)."""
    problems = []
    framework, names = inputs.framework, inputs.registry.names
    for year, table in inputs.tables.items():
        numbers = table.numbers(resolver)
        subject = numbers[numbers["code"] == framework.registry_code]
        if subject["overall"].isna().all():
            level = "error" if year == inputs.year else "warning"
            problems.append(
                Problem(
                    level,
                    table.label,
                    f"{framework.province_name} không có điểm tổng hợp năm {year}",
                    unit=framework.province_name,
                )
            )
        for row in numbers[numbers["overall"].isna()].itertuples(index=False):
            if row.code != framework.registry_code:
                problems.append(
                    Problem(
                        "warning",
                        table.label,
                        "không có điểm tổng hợp: báo cáo ghi là thiếu số liệu",
                        row=int(row.row),
                        unit=names.get(row.code, row.province),
                    )
                )
        for column in table.category_columns:
            missing = int(numbers[column].isna().sum())
            if missing:
                problems.append(
                    Problem(
                        "warning",
                        table.label,
                        f"{missing} tỉnh, thành phố không có điểm hạng mục này",
                        column=framework.category(column).label,
                    )
                )
    return problems
