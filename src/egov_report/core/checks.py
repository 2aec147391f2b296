"""Validating inputs with the Great Expectations suites kept in ``expectations/``, for every kind.

Suites are reviewable JSON. Values that depend on the province (unit codes, maxima, counts)
are suite parameters, so one suite serves every province. A kind prepares a frame per check
and calls ``ValidationReport.check``; this module runs the suite and turns its result into
``Problem``s (one translator for every kind: file, row, column, unit, value and rule, the rule
taken from the expectation's ``meta``), and keeps the complete result of every run, written to
``validation-ge.json`` next to ``validation.json`` by ``ValidationReport.save``.

Columns a frame may carry to say how a failing row is named (all optional):

- ``row``: the row number in the file (required for row-level expectations);
- ``shown_unit``, else ``unit_code``, else ``code``: the unit the row is about;
- ``shown_value``, else ``text``, else ``<column>__text``, else the column itself: the value as typed;
- ``shown_column`` (else ``column`` when the expectation's column is "column"): the column header.

An expectation's ``meta`` may give ``rule`` (filled from the context and the failing row; an
unknown placeholder stays as written), ``column`` (the column to name), ``detail`` (added in
parentheses, filled from the row), ``group_by_value`` (one problem per distinct value,
listing its rows) and ``missing_from`` (the name of a list passed to ``check`` as ``members``:
when the expectation fails, one problem per member absent from the expectation's column, as
``expect_column_distinct_values_to_contain_set`` gives; a count of the members present, checked
by Great Expectations, then stands for the set, which Great Expectations would otherwise copy
into every metric it computes: 1.8 s of a 10,000-commune validation).
"""

from __future__ import annotations

import json
import logging
import math
import string
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from ..errors import Problem, ValidationFailed
from ..paths import EXPECTATIONS_DIR
from . import limits
from .records import GE_LOG_FILE, VALIDATION_FILE, write_json

# Warnings listed in the record (figures.json) and the technical page; the rest are counted
# ("warnings_not_listed"). validation.json keeps every one. A table of 10,000 units each with a
# warning made the record and the page grow without bound.
WARNINGS_LISTED = 50


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

    def check(
        self,
        suite: str,
        file: str,
        frame: pd.DataFrame,
        parameters: dict | None = None,
        context: dict | None = None,
        headers: dict | None = None,
        run_label: str | None = None,
        **naming,
    ) -> list[Problem]:
        """Run a suite on a frame, record the run, add its problems (and return them).

        ``file`` is the input the problems name; ``run_label`` names the run in the validation
        summary when it checks a part of the file. ``context`` fills the rules' placeholders;
        ``headers`` maps a canonical column to the header the analyst sees; ``naming`` passes
        ``problem_type``, ``missing_member`` and ``members`` on to ``problems_from``.
        """
        result = run_suite(suite, frame, parameters or {})
        self.record(suite, run_label or file, result)
        problems = problems_from(result, frame, file, context or {}, headers or {}, **naming)
        self.problems.extend(problems)
        return problems

    def record(self, suite: str, file: str, result) -> None:
        passed = sum(1 for r in result.results if r.success)
        self.runs.append(SuiteRun(suite=suite, file=file, evaluated=len(result.results), passed=passed))
        self.results.append({"suite": suite, "file": file, "result": result.to_json_dict()})

    def to_dict(self, warnings_listed: int | None = WARNINGS_LISTED) -> dict:
        """What the checks found; beyond ``warnings_listed`` warnings (None: no limit), the rest counted."""
        return listed_warnings(
            {
                "passed": self.passed,
                "expectations_evaluated": sum(r.evaluated for r in self.runs),
                "expectations_passed": sum(r.passed for r in self.runs),
                "runs": [asdict(r) for r in self.runs],
                "errors": [asdict(p) | {"message": str(p)} for p in self.errors],
                "warnings": [asdict(p) | {"message": str(p)} for p in self.warnings],
            },
            warnings_listed,
        )

    def summary(self) -> dict:
        """What a reader is told in one sentence: checks run, passed, rows checked, warnings.

        Rows: for each input checked, the most rows any of its expectations looked at (a file
        checked by several suites counts once). Not part of ``to_dict``: the record stays as it was.
        """
        rows: dict[str, int] = {}
        for run in self.results:
            counts = [r.get("result", {}).get("element_count") for r in run["result"].get("results", [])]
            counts = [c for c in counts if isinstance(c, int)]
            if counts:
                rows[run["file"]] = max(rows.get(run["file"], 0), max(counts))
        return {
            "evaluated": sum(r.evaluated for r in self.runs),
            "passed": sum(r.passed for r in self.runs),
            "rows": sum(rows.values()),
            "warnings": len(self.warnings),
        }

    def ge_log(self) -> dict:
        """The complete Great Expectations results behind the problems, for whoever debugs a run."""
        return {"passed": self.passed, "errors": [str(p) for p in self.errors], "runs": self.results}

    def write_ge_log(self, path: Path) -> None:
        """The complete results, or, beyond ``limits.max_kept_bytes()``, each expectation's outcome without
        its lists of unexpected values (a table of 100,000 bad rows made a log of 700 MB)."""
        text = json.dumps(_finite(self.ge_log()), ensure_ascii=False, indent=1, default=str)
        if len(text) > limits.max_kept_bytes():
            text = json.dumps(_finite(self._brief_ge_log()), ensure_ascii=False, indent=1, default=str)
        Path(path).write_text(text + "\n", encoding="utf-8")

    def _brief_ge_log(self) -> dict:
        brief = []
        for run in self.results:
            results = [
                {
                    "success": r.get("success"),
                    "expectation_config": r.get("expectation_config"),
                    "result": {
                        k: v
                        for k, v in (r.get("result") or {}).items()
                        if k in ("element_count", "unexpected_count", "unexpected_percent")
                    },
                }
                for r in run["result"].get("results", [])
            ]
            brief.append({**run, "result": {"success": run["result"].get("success"), "results": results}})
        note = (
            f"rút gọn: bản đầy đủ vượt {limits.max_kept_bytes() // limits.MB} MB (EGOV_MAX_KEPT_MB); "
            "danh sách giá trị sai được bỏ, xem validation.json"
        )
        return {"passed": self.passed, "errors": [str(p) for p in self.errors], "truncated": note, "runs": brief}

    def save(self, folder) -> None:
        """validation.json and validation-ge.json into the report's folder (nothing when it is empty).

        Called before a failure is raised, so that a failed run keeps both for the analyst.
        """
        if folder:
            # every warning, and the rows checked for technical.html's sentence (not in figures.json)
            write_json(
                {**self.to_dict(warnings_listed=None), "rows_checked": self.summary()["rows"]},
                Path(folder) / VALIDATION_FILE,
            )
            self.write_ge_log(Path(folder) / GE_LOG_FILE)


def listed_warnings(validation: dict, limit: int | None = WARNINGS_LISTED) -> dict:
    """A validation summary (``to_dict``'s shape) listing at most ``limit`` warnings, the rest counted in
    ``warnings_not_listed``; unchanged when there are no more than ``limit`` (or no limit)."""
    warnings = validation.get("warnings") or []
    if limit is None or len(warnings) <= limit:
        return validation
    return {**validation, "warnings": warnings[:limit], "warnings_not_listed": len(warnings) - limit}


def text_problems(
    frame: pd.DataFrame,
    file: str,
    columns: dict[str, str],
    unit: str | None = None,
    names: tuple[str, ...] = (),
    problem_type=Problem,
) -> list[Problem]:
    """Text cells that must not reach a report: an invisible control or format character in any of
    ``columns`` (canonical -> header shown), and a name (``names``) without a letter or digit.

    ``unit``: the column naming the row's unit in the message. Empty cells are left to the suites.
    """
    problems = []
    for column, header in columns.items():
        if column not in frame:
            continue
        for row, value, who in zip(frame["row"], frame[column], frame[unit] if unit in frame else [None] * len(frame)):
            rule = _text_rule(value, column in names)
            if rule:
                problems.append(
                    problem_type("error", file, rule, row=int(row), column=header, unit=who or None, value=str(value))
                )
    return problems


def _text_rule(value, is_name: bool) -> str | None:
    """Why a text cell cannot reach a report (None: it can); a name is held to the name rule."""
    from .textfiles import invisible_character, name_rule_broken

    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "":
        return None
    if is_name:
        return name_rule_broken(str(value))
    hidden = invisible_character(str(value))
    if hidden is None:
        return None
    return (
        f"ô chứa ký tự điều khiển hoặc ký tự định dạng vô hình (U+{ord(hidden):04X}), có thể làm đảo hoặc ẩn "
        "chữ trong báo cáo; hãy gõ lại"
    )


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


@cache
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
    """The suite's result, its outcomes in the suite's own order (problems read as the rules are written).

    Great Expectations groups a suite's expectations by column before it runs them; an
    expectation on a column computed for it (``unit_code_known``) would otherwise move its
    problems after those of the other columns.
    """
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        load_suite(name), expectation_parameters=parameters, result_format={"result_format": "COMPLETE"}
    )
    written = {_identity(e["type"], e.get("meta")): i for i, e in enumerate(_suite_json(name)["expectations"])}
    result.results.sort(
        key=lambda r: written.get(_identity(r.expectation_config.type, r.expectation_config.meta), len(written))
    )
    return result


def _identity(kind: str, meta) -> str:
    return kind + json.dumps(meta or {}, sort_keys=True, ensure_ascii=False)


# -- turning results into problems -----------------------------------------------------


class _Fields(dict):
    """Values for a message template: the failing row, then the context; an unknown name stays as written."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, context: dict, row: pd.Series | None = None) -> str:
    """A rule or detail with its placeholders filled; one that cannot be filled is left as written."""
    fields = _Fields(row.to_dict() if row is not None else {})
    fields.update(context)
    try:
        return string.Formatter().vformat(template, (), fields)
    except (ValueError, TypeError, IndexError, AttributeError):  # a format spec that does not fit the value
        return template


def problems_from(
    result,
    frame: pd.DataFrame,
    file: str,
    context: dict,
    headers: dict,
    problem_type: type[Problem] = Problem,
    missing_member: Callable[[str], tuple[str, str]] | None = None,
    members: dict[str, list] | None = None,
) -> list[Problem]:
    """One problem per failing row (or per table-level failure) of a suite's result.

    ``missing_member(code)`` names a value an ``expect_column_distinct_values_to_contain_set``
    (or an expectation whose meta names a list of ``members`` in ``missing_from``) found
    missing: (unit as the message names it, text added to the rule); by default the code.
    """
    problems = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config

        def problem(text: str, expectation: str = config.type, **where) -> Problem:
            return problem_type("error", file, text, expectation=expectation, **where)

        problems += _outcome_problems(outcome, problem, frame, context, headers, missing_member, members)
    return problems


def _outcome_problems(outcome, problem, frame, context, headers, missing_member, members) -> list[Problem]:
    """The problems of one failed expectation, made by ``problem(text, **where)``."""
    config = outcome.expectation_config
    kwargs, meta = config.kwargs, config.meta or {}
    template = meta.get("rule", config.type)
    rule = fill(template, context)
    column = meta.get("column") or kwargs.get("column") or kwargs.get("column_A")
    shown_column = headers.get(column, column)
    details = outcome.result or {}
    if config.type == "expect_table_columns_to_match_set":
        missing = ((details.get("details") or {}).get("mismatched") or {}).get("missing") or []
        return [problem(rule, column=headers.get(name, name)) for name in missing]
    if config.type == "expect_column_distinct_values_to_contain_set" or meta.get("missing_from"):
        expected = (members or {})[meta["missing_from"]] if meta.get("missing_from") else kwargs["value_set"]
        present = set(frame[kwargs["column"]].dropna())
        out = []
        for code in (c for c in dict.fromkeys(expected) if c not in present):
            unit, suffix = missing_member(code) if missing_member else (code, "")
            out.append(problem(rule + suffix, column=shown_column, unit=unit))
        return out
    indexes = details.get("unexpected_index_list") or []
    if not indexes:  # a failure of the whole table, or an expectation that could not run
        could_not_run = outcome.exception_info and outcome.exception_info.get("raised_exception")
        observed = details.get("observed_value")
        suffix = " (không kiểm tra được)" if could_not_run else f" (đang có {observed})" if observed is not None else ""
        return [problem(rule + suffix, column=shown_column)]
    if meta.get("group_by_value"):
        return _grouped(problem, frame.loc[indexes], rule, column, shown_column)
    out = []
    for index in indexes:
        row = frame.loc[index]
        text = fill(template, context, row)
        if meta.get("detail"):
            text += f" ({fill(meta['detail'], context, row)})"
        where = {"column": _column_text(row, column, shown_column), "unit": _unit_text(row)}
        out.append(problem(text, row=int(row["row"]), value=_value_text(row, column), **where))
    return out


def _grouped(problem, failing: pd.DataFrame, rule: str, column: str, shown_column: str) -> list[Problem]:
    """One problem per distinct value: a whole table typed with the wrong year is one problem."""
    out = []
    for value, rows in failing.groupby(failing.apply(lambda r: _value_text(r, column), axis=1), sort=False):
        numbers = tuple(int(n) for n in rows["row"])
        single = len(numbers) == 1
        out.append(
            problem(
                rule,
                column=shown_column,
                value=value,
                row=numbers[0] if single else None,
                rows=() if single else numbers,
                unit=_unit_text(rows.iloc[0]) if single else None,
            )
        )
    return out


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _column_text(row: pd.Series, column: str, shown_column: str) -> str:
    if "shown_column" in row and not _missing(row["shown_column"]):
        return row["shown_column"]
    return row["column"] if column == "column" else shown_column


def _value_text(row: pd.Series, column: str) -> str | None:
    if "shown_value" in row:
        return None if _missing(row["shown_value"]) else str(row["shown_value"])
    if "text" in row:
        return "" if _missing(row["text"]) else str(row["text"])
    for key in (f"{column}__text", column):  # the text as typed, else the value checked
        if key in row and not _missing(row[key]):
            return str(row[key])
    return ""


def _unit_text(row: pd.Series) -> str | None:
    for key in ("shown_unit", "unit_code", "code"):
        if key in row:
            value = row[key]
            return None if _missing(value) or str(value).strip() == "" else str(value)
    return None
