"""The figures of one tier computed the way a reviewer would with a calculator: from the rows of
the score file, with the standard library only, in exact decimal arithmetic. Tests compare the
figure record with this, so an expected value never comes from the code under test.

The rules are those of docs/decisions.md: a total is the sum of the group scores rounded to
2 decimals; a band's floor belongs to it; ties share the better rank (1, 2, 2, 4); a parent's
figure is the mean of its units' totals, rounded to 2 decimals, ranked the same way. A mean is
checked against its exact value (an exact half may go either way: see roundings()).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path


def exact_mean(values) -> Decimal:
    values = [Decimal(str(v)) for v in values]
    return sum(values) / len(values)


def roundings(exact: Decimal) -> set[float]:
    """What a 2-decimal figure of this exact value may be: the value rounded to the nearest
    hundredth; for an exact half (53,665), either neighbour, the open point of docs/decisions.md
    ("Rounding"): the record rounds its float, whose binary value lies on either side."""
    down = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_DOWN)
    up = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {float(down), float(up)}


def csv_rows(path: Path) -> list[list[str]]:
    """The data rows of a score CSV (header left out)."""
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))[1:]


def totals(rows, groups: int) -> dict[str, float]:
    """Code → total: the sum of the ``groups`` columns after code and name."""
    return {str(row[0]): float(sum(Decimal(str(v)) for v in row[2 : 2 + groups])) for row in rows}


def ranks(values: dict[str, float]) -> dict[str, int]:
    """1 + how many are strictly higher: ties share the better rank."""
    return {key: 1 + sum(1 for other in values.values() if other > value) for key, value in values.items()}


def band_counts(values: dict[str, float], floors: list[tuple[str, float]]) -> dict[str, int]:
    """Band code → units whose total reaches its floor and not the one above (floors high to low)."""
    counts = {code: 0 for code, _ in floors}
    for value in values.values():
        counts[next(code for code, floor in floors if value >= floor)] += 1
    return counts


def summary(values: dict[str, float]) -> dict:
    high, low = max(values.values()), min(values.values())
    return {"n": len(values), "max": high, "min": low, "gap": float(Decimal(str(high)) - Decimal(str(low)))}


def parent_members(values: dict[str, float], parent_of: dict[str, str]) -> dict[str, list[float]]:
    members: dict[str, list[float]] = {}
    for code, value in values.items():
        members.setdefault(parent_of[code], []).append(value)
    return members


def registry_parents(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["parent_code"] for row in csv.DictReader(handle)}


def assert_tier_matches(
    tier: dict, values: dict[str, float], floors: list[tuple[str, float]], parent_of: dict[str, str] | None = None
) -> None:
    """A tier of the figure record against the figures recomputed here from its file's rows."""
    current = tier["current"]
    assert {key: current[key] for key in ("n", "max", "min", "gap")} == summary(values), tier["code"]
    assert current["mean"] in roundings(exact_mean(values.values())), tier["code"]
    assert {b["code"]: b["count"] for b in current["bands"]} == band_counts(values, floors), tier["code"]
    assert {e["code"]: e["total"] for e in tier["ranking"]} == values
    assert {e["code"]: e["rank"] for e in tier["ranking"]} == ranks(values)
    assert [e["total"] for e in tier["ranking"]] == sorted(values.values(), reverse=True)
    if parent_of is not None:
        members = parent_members(values, parent_of)
        recorded = {p["code"]: p for p in tier["by_parent"]}
        assert set(recorded) == set(members)
        for code, units in members.items():
            assert recorded[code]["n"] == len(units), code
            assert recorded[code]["mean"] in roundings(exact_mean(units)), (code, recorded[code]["mean"], units)
        means = {code: p["mean"] for code, p in recorded.items()}
        assert {code: p["rank"] for code, p in recorded.items()} == ranks(means)
        assert [p["mean"] for p in tier["by_parent"]] == sorted(means.values(), reverse=True)


def assert_first_year(record: dict) -> None:
    """No previous year: nothing compared, nothing moved, no change stated."""
    assert record["meta"]["previous_year"] is None
    for tier in record["tiers"]:
        assert tier["previous"] is None and tier["change"] is None and not tier["comparable"], tier["code"]
        assert tier["improvers"] == [] and tier["risers"] == [] and tier["fallers"] == []
        for entry in tier["ranking"]:
            assert entry["previous_total"] is None and entry["change"] is None and entry["rank_change"] is None
