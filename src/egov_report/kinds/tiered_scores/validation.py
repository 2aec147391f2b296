"""Validating a tiered_scores province-year: registry and score tables, through the shared suites.

The suites (``expectations/registry*.json``, ``scores_*.json``) run through ``core.checks``;
values that depend on the province (unit codes, group maxima, tiers) are suite parameters
filled from the framework and the registry, so one suite serves every province. Each failing
row becomes one ``Problem`` naming file, row, column, unit, value and rule; all problems of all
files are collected before the run stops.

A table's summary rows ("Bình quân chung", "Tổng cộng": ``ScoreTable.summary``) are checked
against the figures computed from its units, equal as the cell shows them or a problem naming
the row, the column and both values.

Problems found while reading a table (``ScoreTable.problems``: merged cells, formulas without
value, rows longer than the header ...) are reported with them, and the checks that look at a
whole file rather than at its rows are made here without a suite: a year in the file name,
sheet name or title rows that is not the table's year, and a table identical to the
comparison year's.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ...core.checks import ValidationReport, text_problems
from ...core.formatting import fixed
from ...core.tables import normalise_label, parse_score
from ...core.textfiles import normalise_text
from ...core.unit_history import CHANGE_KINDS, Change
from ...errors import Problem
from ...paths import display_path
from .loading import Evaluation, ScoreTable, required_columns

SOFT_DROP_SHARE = 0.5  # a unit losing more than half its score year on year is worth a look
_YEAR_IN_NAME_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DATE_RE = re.compile(r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_TITLE_YEAR_RE = re.compile(r"năm\s+(\d{4})(?!\d)")


# -- the checks --------------------------------------------------------------------------


def validate(evaluation: Evaluation) -> ValidationReport:
    """Run every suite on every input of a province-year, collecting all problems."""
    report = ValidationReport()
    _validate_registry(evaluation, report)
    for year_data in filter(None, (evaluation.previous, evaluation.current)):
        for table in year_data.tables.values():
            _validate_table(evaluation, table, report, year_data.year)
    report.problems.extend(same_as_previous_year(evaluation))
    if report.passed:
        report.problems.extend(soft_anomalies(evaluation))
    return report


def _nulls_for_blanks(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace("", None)


def _validate_registry(evaluation: Evaluation, report: ValidationReport) -> None:
    """The registry as each year of the report sees it (the units in force on its date), its periods and
    the changes table. A problem found in both years' registries is reported once."""
    report.problems.extend(evaluation.registry_problems)
    seen, checked = set(report.problems), []
    for year_data in filter(None, (evaluation.current, evaluation.previous)):
        registry = evaluation.registry_of(year_data)
        if any(registry["row"].equals(other["row"]) for other in checked):
            continue  # the same units in force: checked once
        checked.append(registry)
        found = ValidationReport()
        _registry_in_force(evaluation, registry, found)
        report.runs.extend(found.runs)
        report.results.extend(found.results)
        report.problems.extend(p for p in found.problems if p not in seen)
        seen.update(found.problems)


def _registry_in_force(evaluation: Evaluation, registry: pd.DataFrame, report: ValidationReport) -> None:
    framework = evaluation.framework
    file = display_path(evaluation.registry_path)
    frame = _nulls_for_blanks(registry.drop(columns=["_from", "_to"], errors="ignore"))
    tiers = framework.unit_tiers
    report.check(
        "registry", file, frame.assign(unit_code=frame["code"]), {"tiers": tiers}, context={"tiers": ", ".join(tiers)}
    )
    pairs = {(t.unit_tier, t.parent_tier): t for t in framework.tiers if t.parent_tier}
    for (unit_tier, parent_tier), tier in pairs.items():
        children = frame[frame["tier"] == unit_tier].rename(columns={"code": "unit_code"})
        parent_codes = sorted(registry.loc[registry["tier"] == parent_tier, "code"])
        context = {"tier": tier.label, "parent_tier": framework.parent_label(tier)}
        report.check(
            "registry_parents",
            file,
            children,
            {"parent_codes": parent_codes},
            context=context,
            run_label=f"{file} ({unit_tier})",
        )
    report.problems.extend(text_problems(registry, file, {"name": "name"}, unit="code", names=("name",)))
    report.problems.extend(_former_groups(evaluation, registry, file))


def _former_groups(evaluation: Evaluation, registry: pd.DataFrame, file: str) -> list[Problem]:
    """A unit grouped by a former unit (group_code, two-level local government) names a unit the
    registry has had in the grouping tier, at any time."""
    problems = []
    for tier in evaluation.framework.tiers:
        if not tier.group_tier:
            continue
        if "group_code" not in registry:
            problems.append(
                Problem(
                    "error",
                    file,
                    f"khối '{tier.code}' nhóm đơn vị theo '{tier.group_tier}' "
                    "(group_tier) nhưng danh mục không có cột group_code",
                )
            )
            continue
        known = set(evaluation.history.loc[evaluation.history["tier"] == tier.group_tier, "code"])
        units = registry[registry["tier"] == tier.unit_tier]
        for row, code, group in zip(units["row"], units["code"], units["group_code"]):
            if group and group not in known:
                problems.append(
                    Problem(
                        "error",
                        file,
                        f"group_code phải là mã một đơn vị thuộc khối '{tier.group_tier}' trong danh mục "
                        "(kể cả đơn vị đã kết thúc)",
                        row=int(row),
                        column="group_code",
                        unit=str(code),
                        value=str(group),
                    )
                )
    return problems


def _headers(table: ScoreTable) -> dict[str, str]:
    """Canonical column -> the header a message names: as the analyst typed it, else the framework's."""
    headers = {
        "unit_code": "Mã đơn vị",
        "unit_name": "Tên đơn vị",
        "total": "Tổng điểm",
        "parent": "Đơn vị cấp trên",
        "year": "Năm",
    }
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
    problems = report.check(
        "scores_columns",
        file,
        columns_frame,
        {"required_columns": required_columns(tier)},
        context=context,
        headers=headers,
    )
    if problems or table.shape_broken:
        return  # values cannot be checked against columns that are not there, or in a broken layout

    units = evaluation.units(tier.unit_tier, year)
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
    _registry_columns(evaluation, table, wide, year)
    # In the registry, as a column: checked here in one vectorised pass; Great Expectations copies a
    # suite parameter into every metric it computes, which for 10,000 codes cost seconds. For the
    # same reason the coverage is checked as a count: the known codes of the file, counted once
    # each, against the registry's (each missing unit then named from the list, checks.missing_from).
    known = wide["unit_code"].isin(unit_codes)
    out_of_period = not_in_force(evaluation, table, wide, year, set(unit_codes))
    report.problems.extend(out_of_period.values())
    wide["unit_code_known"] = known.where(wide["unit_code"].notna() & ~wide["row"].isin(out_of_period), None)
    wide["known_unit_code"] = wide["unit_code"].where(known, None)
    required = unit_codes if table.coverage == "full" else []
    parameters = {"required_count": len(set(required)), "years": [str(year)]}
    names = dict(zip(units["code"], units["name"]))
    report.check(
        "scores_units",
        file,
        wide,
        parameters,
        context=context,
        headers=headers,
        members={"required_codes": required},
        missing_member=lambda code: (f"{code} {names.get(code, '')}".strip(), ""),
    )
    before = sum(p.level == "error" for p in report.problems)
    report.check("scores_values", file, _long_scores(table), context=context, headers=headers)
    if sum(p.level == "error" for p in report.problems) == before:  # a wrong score is reported as such
        report.problems.extend(summary_problems(table))


SUMMARY_WORDS = {"mean": "điểm trung bình", "sum": "tổng"}


def summary_problems(table: ScoreTable) -> list[Problem]:
    """Each cell of a summary row against the tier's figure computed from the table's units:
    equal when both print the same with the cell's decimals."""
    headers, problems = _headers(table), []
    if table.coverage == "head":  # the head of a longer table: its mean row is the whole table's
        return [
            Problem(
                "warning",
                table.label,
                f"dòng «{s.label}» nêu số liệu của cả bảng, trong khi tệp chỉ có các "
                "dòng đầu của bảng (coverage: head) nên không đối chiếu được",
                row=s.row,
            )
            for s in table.summary
        ]
    for stated in table.summary:
        for column, text in stated.cells.items():
            value, computed = parse_score(text), table.tier_figure(stated.kind, column)
            if value is None:
                problems.append(
                    Problem(
                        "warning",
                        table.label,
                        f"ô của dòng «{stated.label}» không phải là số nên không được đối chiếu",
                        row=stated.row,
                        column=headers[column],
                        value=text,
                    )
                )
                continue
            if computed is None:
                continue
            digits = stated.shown_decimals(column)
            if fixed(value, digits) != fixed(computed, digits):
                problems.append(
                    Problem(
                        "error",
                        table.label,
                        f"dòng «{stated.label}» ghi {fixed(value, digits)} nhưng {SUMMARY_WORDS[stated.kind]} tính từ "
                        f"{len(table.text)} đơn vị của bảng là {fixed(computed, digits)} (so với {digits} chữ số thập phân "
                        "như ô hiển thị); hãy kiểm tra lại công thức hoặc số liệu của dòng này và của các đơn vị",
                        row=stated.row,
                        column=headers[column],
                        value=text,
                    )
                )
    return problems


def _long_scores(table: ScoreTable) -> pd.DataFrame:
    """One row per unit and score column, with the column's maximum from the framework."""
    numbers = table.numbers()
    maxima = {g.code: g.max for g in table.tier.groups}
    maxima["total"] = table.tier.max
    labels = _headers(table)
    parts = []
    for column in table.score_columns:
        part = pd.DataFrame(
            {
                "row": table.text["row"],
                "unit_code": table.text["unit_code"],
                "column": labels[column],
                "text": table.text[column],
                "score": numbers[column],
                "max_score": maxima[column],
            }
        )
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
                return label[len(prefix) + 1 :]
        return label

    return key


def not_in_force(
    evaluation: Evaluation, table: ScoreTable, wide: pd.DataFrame, year: int, in_force: set[str]
) -> dict[int, Problem]:
    """Rows naming a unit of the registry that did not exist on the year's date: row -> problem saying
    when it existed and which change ended or began it (the changes table is the place to look)."""
    history = evaluation.history
    tier_history = history[history["tier"] == table.tier.unit_tier]
    known = set(tier_history["code"])
    date = evaluation.year_data(year).units_date
    problems = {}
    for row, code in zip(wide["row"], wide["unit_code"]):
        if code is None or code in in_force or code not in known:
            continue
        rows = tier_history[tier_history["code"] == code]
        name = rows["name"].iloc[-1]
        problems[row] = Problem(
            "error",
            table.label,
            f"{code} {name} không còn hoặc chưa có vào ngày {date:%d/%m/%Y} (ngày lấy danh mục đơn vị của năm "
            f"{year}): {_period_text(rows)}{_change_text(evaluation, code)}",
            row=int(row),
            column=_headers(table)["unit_code"],
            unit=code,
        )
    return problems


def _period_text(rows: pd.DataFrame) -> str:
    starts = [d for d in rows["_from"] if d]
    ends = [d for d in rows["_to"] if d]
    start = f"từ ngày {min(starts):%d/%m/%Y}" if starts and len(starts) == len(rows) else ""
    end = f"đến hết ngày {(max(ends) - dt.timedelta(days=1)):%d/%m/%Y}" if ends and len(ends) == len(rows) else ""
    return "đơn vị có trong danh mục " + " ".join(p for p in (start, end) if p)


def _change_text(evaluation: Evaluation, code: str) -> str:
    linked = [c for c in evaluation.changes if code in c.from_codes or code in c.to_codes]
    where = display_path(evaluation.changes_path) if evaluation.changes_path else "changes.csv"
    if not linked:
        return f"; không có thay đổi nào nêu đơn vị này trong {where}"
    rows = ", ".join(str(c.row) for c in linked)
    return f"; xem {where}, dòng {rows} ({'; '.join(_said(c) for c in linked)})"


def _said(change: Change) -> str:
    return f"{CHANGE_KINDS[change.kind]} từ ngày {change.effective:%d/%m/%Y} theo {change.citation}"


def _registry_columns(evaluation: Evaluation, table: ScoreTable, wide: pd.DataFrame, year: int) -> None:
    """Columns comparing the optional name, parent and year cells with the registry and the folder."""
    tier, key = table.tier, name_key(evaluation.framework)
    registry = evaluation.registry_of(evaluation.year_data(year))
    unique = registry.drop_duplicates("code", keep=False)  # a code given twice is reported with the registry
    names = dict(zip(unique["code"], unique["name"]))
    units = evaluation.units(tier.unit_tier, year)
    codes = wide["unit_code"]
    text = table.text
    wide["name_key"] = text["unit_name"].map(key) if "unit_name" in text else None
    tier_codes = set(units["code"])  # built once: inside the lambda it made validation quadratic in units
    wide["registry_name"] = codes.map(lambda c: names.get(c) if c in tier_codes else None)
    wide["registry_name_key"] = wide["registry_name"].map(key)
    parent_of = {c: p for c, p in zip(units["code"], units["parent_code"]) if p}
    wide["registry_parent"] = codes.map(parent_of.get)
    wide["registry_parent_text"] = wide["registry_parent"].map(
        lambda p: f"{p} {names.get(p, '')}".strip() if p else None
    )
    if "parent" in text and tier.parent_tier:
        parents = evaluation.units(tier.parent_tier, year)
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
    """A parent as typed -> its code: by its code; else by its full name, unit type included
    ("Thành phố Hà Châu"); else by its name without the type ("Hà Châu"), only when one unit alone
    has it (a thị xã that became a thành phố keeps its name: the old and the new unit share it).
    Unresolved, the text as typed is returned, and fails the check against the registry."""
    codes = {normalise_text(c): c for c in parents["code"]}
    by_full: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for code, name in zip(parents["code"], parents["name"]):
        if normalise_text(name):
            by_full.setdefault(normalise_label(name), []).append(code)
        by_name.setdefault(key(name), []).append(code)

    def resolve(typed):
        text = normalise_text(typed)
        if not text:
            return None
        if text in codes:
            return codes[text]
        for found in (by_full.get(normalise_label(text), []), by_name.get(key(text), [])):
            if len(found) == 1:
                return found[0]
        return text

    return resolve


def _year_text(typed) -> str | None:
    text = normalise_text(typed)
    if not text:
        return None
    return text[:-2] if re.fullmatch(r"\d{4}\.0", text) else text


def year_in_names(table: ScoreTable, year: int) -> list[Problem]:
    """A year written in the file name, the sheet name or the title rows that is not the table's year."""
    title = " ".join(table.title)
    named = [("tên tệp", Path(table.path).stem, _YEAR_IN_NAME_RE.findall(Path(table.path).stem), True)]
    if table.sheet:
        named.append(("tên trang tính", table.sheet, _YEAR_IN_NAME_RE.findall(table.sheet), True))
    named.append(
        ("tiêu đề phía trên bảng", title, _TITLE_YEAR_RE.findall(_DATE_RE.sub(" ", normalise_label(title))), False)
    )
    problems = []
    for what, text, found, in_settings in named:
        years = sorted({int(y) for y in found})
        if years and year not in years:
            advice = "; kiểm tra lại sources trong evaluation.yaml" if in_settings else ""
            problems.append(
                Problem(
                    "error",
                    table.label,
                    f"{what} ghi năm {', '.join(map(str, years))} nhưng bảng được dùng cho năm {year}: có thể là tệp của "
                    f"năm khác{advice}",
                    value=text,
                )
            )
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
            problems.append(
                Problem(
                    "error",
                    table.label,
                    f"bảng điểm giống hệt bảng điểm năm {previous.year} ({before.label}), từng đơn vị và từng điểm: có thể "
                    "đã dùng nhầm tệp của năm trước; kiểm tra lại sources trong evaluation.yaml",
                )
            )
    return problems


def _complete(table: ScoreTable) -> bool:
    return not table.text.empty and set(required_columns(table.tier)) <= set(table.text.columns)


def _score_rows(table: ScoreTable) -> list[tuple]:
    numbers = table.numbers()
    columns = [c for c in table.score_columns if c != "total"] or table.score_columns
    codes = [str(c) for c in numbers["unit_code"]] if "unit_code" in numbers else [""] * len(numbers)
    values = zip(*(numbers[c].tolist() for c in columns)) if columns else [()] * len(numbers)
    rows = [(code, tuple(None if pd.isna(v) else round(float(v), 4) for v in row)) for code, row in zip(codes, values)]
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
                warnings.append(
                    Problem(
                        "warning",
                        table.label,
                        f"điểm giảm hơn một nửa so với năm {previous.year} ({old:g} → {score:g})",
                        unit=unit,
                        value=f"{score:g}",
                    )
                )
    return warnings


def _totals(table: ScoreTable) -> dict[str, float]:
    return table.totals().to_dict()
