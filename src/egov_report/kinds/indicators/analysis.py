"""The indicators figure record: each indicator's value, its target where known, and whether it is met.

A target is never guessed: where neither the framework nor the data give one, the indicator is
reported as "chưa xác định được mục tiêu" and not assessed.
"""

from __future__ import annotations

from ...core.formatting import number, printed_difference
from ...core.records import record_meta
from ...core.tables import parse_score
from .framework import KIND, PERCENT
from .loading import IndicatorEvaluation
from .validation import as_of_text, is_blank

VALUE_DIGITS = 2  # the most decimals a value or a target is printed with (``format_value``)
STATUS_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa đánh giá"}
UNKNOWN_TARGET = "chưa xác định được mục tiêu"


def format_value(value: float | None, unit: str) -> str | None:
    """100% / 98% / 72,5% / 1.234 hồ sơ: a value as the report prints it. An indicator's value is a
    reported figure, not a share the report computes: it keeps the precision of its source (98%,
    not 98,0%; docs/style.md)."""
    if value is None:
        return None
    return f"{number(value, VALUE_DIGITS)}%" if unit == PERCENT else f"{number(value, VALUE_DIGITS)} {unit}"


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

    entries = [
        _entry(position, indicator, rows[indicator.code], source_number)
        for position, indicator in enumerate(framework.indicators, start=1)
    ]
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
        "meta": record_meta(
            KIND,
            evaluation.province,
            evaluation.year,
            framework,
            settings,
            as_of_text=as_of.pop() if len(as_of) == 1 else None,  # one date for every indicator, or None
            reference={
                "name": reference.name,
                "date": reference.date,
                "issuer": reference.issuer,
                "title": reference.title,
                "citation": reference.citation,
            },
        ),
        "indicators": entries,
        "counts": counts,
        "sources": [{"number": i + 1, "text": text} for i, text in enumerate(sources)],
    }


def _target(indicator, row: dict) -> tuple:
    """(target, where it comes from, its source): the table's own first, then the framework's, else none."""
    if not is_blank(row.get("target")):
        source = row.get("target_source") if not is_blank(row.get("target_source")) else row["source"]
        return parse_score(row["target"]), "data", source
    if indicator.target is not None:
        return indicator.target, "framework", indicator.target_source
    return None, None, None


def _entry(position: int, indicator, row: dict, source_number) -> dict:
    """One indicator's figures; ``source_number`` numbers its sources in the order they are met."""
    value = parse_score(row["value"])
    target, target_origin, target_source = _target(indicator, row)
    status = status_of(value, target, indicator.direction)
    return {
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
        # value − target, in the indicator's unit (percentage points for %)
        "gap": None if target is None else printed_difference(value, target, VALUE_DIGITS),  # as printed: checkable
        "as_of": str(row["as_of"]).strip(),
        "as_of_text": as_of_text(row["as_of"]),
        "source": row["source"],
        "source_number": source_number(row["source"]),
        "target_source": target_source,
        "target_source_number": source_number(target_source) if target_source else None,
    }
