"""From validated scores to the figure record: the one place where report numbers are made.

``analyse`` returns plain JSON-ready data. The narrative, tables and charts read only this
record, and the record is written next to the report (``figures.json``), so every number a
reader sees can be traced to it and, through it, to the input files.

A unit's figures are in a tier's record once, in its ``ranking``. The short lists a sentence
prints (``top``, ``bottom``, ``improvers``: a few units each) repeat their entries; the lists that
grow with the number of units (``risers``, ``fallers``, ``unranked`` and each tie's ``units``)
name units by code, and ``units`` looks their entries up (docs/input-format.md, section 15).
"""

from __future__ import annotations

import pandas as pd

from ...core.collation import sort_key, sorted_vi
from ...core.formatting import fixed, printed_difference, rounded_shares
from ...core.records import record_meta
from ...core.tables import parse_score
from ...core.unit_history import COMPARED_KINDS, Change, lineages
from .framework import KIND, Band, Framework, Tier
from .loading import Evaluation, ScoreTable

TOP_COUNT = 3
SET_CHANGING_KINDS = {"merge", "split", "establish", "dissolve"}  # changes after which the compared units differ
BOTTOM_COUNT = 2
IMPROVER_COUNT = 3


def _text(value) -> str | None:
    """Text for the record: pandas' missing values (NaN, NA, "") become None (JSON null)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return str(value)


def _r(value, digits: int = 2):
    """Rounded for the record; None stays None (JSON null), NaN becomes None. The report prints
    the rounded value, so a score reads the same in the record and on the page."""
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def _share(part, whole):
    """A share kept unrounded: the page rounds it once, to one decimal of a percent."""
    if part is None or whole is None or pd.isna(part) or pd.isna(whole) or not whole:
        return None
    return float(part) / float(whole)


def unit_scores(table: ScoreTable, evaluation: Evaluation, year: int | None = None) -> pd.DataFrame:
    """Scores of one tier with registry names, parents, totals, bands and ranks.

    Ranks count only units in a ranked band (all units where the tier has no bands);
    ties share the lower rank ("min"), as published rankings do. Order: total, highest first;
    inside a tie, names in Vietnamese alphabetical order, then codes (docs/decisions.md).
    Bands and ranks are taken from the total as printed: ``ScoreTable.totals`` rounds it to two
    decimals, so a reader who sees two totals of 66,34 sees them share a rank, and 80,00 is
    never below a floor of 80.
    """
    framework, tier = evaluation.framework, table.tier
    numbers = table.numbers()
    groups = [g.code for g in tier.groups]
    registry = evaluation.registry_of(evaluation.year_data(year or evaluation.year)).set_index("code")
    frame = numbers[["unit_code", *groups]].copy()
    frame["total"] = table.totals().to_numpy()
    frame["name"] = frame["unit_code"].map(registry["name"])
    frame["unit_type"] = frame["unit_code"].map(registry["unit_type"])
    frame["parent_code"] = frame["unit_code"].map(registry["parent_code"])
    frame["parent_name"] = frame["parent_code"].map(registry["name"])
    if tier.group_tier and "group_code" in registry:  # former districts: named as they last were
        frame["parent_code"] = frame["unit_code"].map(registry["group_code"]).replace("", None)
        frame["parent_name"] = frame["parent_code"].map(last_names(evaluation.history, tier.group_tier))
    bands = [framework.band_for(t, tier) for t in frame["total"]]
    frame["band"] = [b.code if b else None for b in bands]
    frame["ranked"] = [b is None or b.ranked for b in bands]
    frame["rank"] = frame["total"].where(frame["ranked"]).rank(method="min", ascending=False)
    return _tie_ordered(frame, "total", "unit_code").reset_index(drop=True)


def _tie_ordered(frame: pd.DataFrame, score: str, code: str) -> pd.DataFrame:
    """Highest score first (a missing one last); equal scores by name in Vietnamese alphabetical
    order, then by code."""
    scores = [None if pd.isna(v) else float(v) for v in frame[score]]
    names, codes = [str(v) for v in frame["name"]], [str(v) for v in frame[code]]
    order = sorted(
        range(len(frame)), key=lambda i: (scores[i] is None, -(scores[i] or 0), sort_key(names[i]), codes[i])
    )
    return frame.iloc[order]


def summary(frame: pd.DataFrame, tier: Tier, framework: Framework) -> dict:
    totals = frame["total"]
    counts = []
    for band in framework.tier_bands(tier):
        count = int((frame["band"] == band.code).sum())
        counts.append(
            {
                "code": band.code,
                "label": band.label,
                "count": count,
                "share": _share(count, len(frame)),
                "ranked": band.ranked,
            }
        )
    for band, percent in zip(counts, rounded_shares([b["count"] for b in counts])):
        band["percent"] = percent  # the tier's bands printed together add up to 100,0 %
    groups = []
    for group in tier.groups:
        mean = frame[group.code].mean()
        groups.append(
            {
                "code": group.code,
                "label": group.label,
                "max": group.max,
                "mean": _r(mean),
                "share": _share(mean, group.max),
            }
        )
    return {
        "n": len(frame),
        "ranked": int(frame["ranked"].sum()),
        "mean": _r(totals.mean()),
        "mean_share": _share(totals.mean(), tier.max),
        "median": _r(totals.median()),
        "max": _r(totals.max()),
        "min": _r(totals.min()),
        "gap": _r(totals.max() - totals.min()),
        "bands": counts,
        "groups": groups,
    }


def _rank(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _entries(
    frame: pd.DataFrame, previous: pd.DataFrame | None, tier: Tier, framework: Framework, comparable: bool
) -> list[dict]:
    labels = {b.code: b.label for b in framework.tier_bands(tier)}
    before = None  # code -> the year before's row, looked up once per unit (a .loc per unit took seconds at 10,000)
    if previous is not None:
        before = {
            row.unit_code: row for row in previous.drop_duplicates("unit_code", keep="last").itertuples(index=False)
        }
    entries = []
    for row in frame.itertuples(index=False):
        parent = _text(row.parent_name)
        entry = {
            "rank": _rank(row.rank),
            "code": row.unit_code,
            "name": row.name,
            "label": f"{row.name} ({parent})" if parent else row.name,
            "unit_type": _text(row.unit_type),
            "parent_code": _text(row.parent_code),
            "parent_name": parent,
            "groups": {g.code: _r(getattr(row, g.code)) for g in tier.groups},
            "total": _r(row.total),
            "share": _share(row.total, tier.max),
            "band": row.band,
            "band_label": labels.get(row.band),
            "ranked": bool(row.ranked),
            "previous_total": None,
            "previous_rank": None,
            "previous_band_label": None,
            "change": None,
            "change_pct": None,
            "rank_change": None,
        }
        if before is not None and row.unit_code in before:
            old = before[row.unit_code]
            entry["previous_total"] = _r(old.total)
            entry["previous_rank"] = _rank(old.rank)
            entry["previous_band_label"] = labels.get(old.band)
            entry["change"] = printed_difference(entry["total"], entry["previous_total"])
            entry["change_pct"] = _share(row.total - old.total, old.total)  # of the printed totals (two decimals)
            if comparable and entry["rank"] is not None and entry["previous_rank"] is not None:
                # ranks among different sets of units do not compare
                entry["rank_change"] = entry["previous_rank"] - entry["rank"]  # positive: moved up
        entries.append(entry)
    return entries


def last_names(history: pd.DataFrame, tier_code: str) -> pd.Series:
    """Code -> the name a unit of the registry bore last (a former district is named as it was)."""
    rows = history[history["tier"] == tier_code]
    return rows.drop_duplicates("code", keep="last").set_index("code")["name"]


def _by_parent(frame: pd.DataFrame, evaluation: Evaluation, tier: Tier) -> list[dict]:
    if tier.parent_tier:
        parents = evaluation.units(tier.parent_tier).set_index("code")["name"]
    else:
        parents = last_names(evaluation.history, tier.group_tier)
    grouped = frame.groupby("parent_code")["total"].agg(["mean", "count", "max", "min"])
    grouped["mean"] = grouped["mean"].round(2)  # ranked as printed
    grouped["rank"] = grouped["mean"].rank(method="min", ascending=False).astype(int)
    grouped["code"] = grouped.index
    grouped["name"] = [parents.get(code, code) for code in grouped.index]
    return [
        {
            "rank": int(r["rank"]),
            "code": r["code"],
            "name": r["name"],
            "n": int(r["count"]),
            "mean": _r(r["mean"]),
            "share": _share(r["mean"], tier.max),
            "max": _r(r["max"]),
            "min": _r(r["min"]),
        }
        for _, r in _tie_ordered(grouped, "mean", "code").iterrows()
    ]


def _top_band_profile(entries: list[dict], bands: tuple[Band, ...], unit_types: dict) -> dict | None:
    """Where the units of the highest band sit: by parent and by unit type."""
    if not bands:
        return None
    top = bands[0].code
    members = [e for e in entries if e["band"] == top]
    parents = sorted_vi({e["parent_name"] for e in members if e["parent_name"]})
    types = sorted_vi({e["unit_type"] for e in members if e["unit_type"]})
    return {"band": top, "count": len(members), "parents": parents, "unit_types": [unit_types.get(t, t) for t in types]}


def _change(current: dict, previous: dict | None, comparable: bool) -> dict | None:
    """Changes on the previous year, each the difference of the two figures as printed (two
    decimals: ``printed_difference``), so a reader checks it on the page; a percentage of change
    is that difference over the earlier figure as printed."""
    if previous is None:
        return None
    bands = None
    if comparable:
        before = {b["code"]: b["count"] for b in previous["bands"]}
        bands = {b["code"]: b["count"] - before[b["code"]] for b in current["bands"]}
    mean = printed_difference(current["mean"], previous["mean"])
    return {
        "mean": mean,
        "mean_pct": _share(current["mean"] - previous["mean"], previous["mean"]),
        "gap": printed_difference(current["gap"], previous["gap"]),
        "ranked": current["ranked"] - previous["ranked"],
        "bands": bands,
        "groups": [
            {"code": now["code"], "mean": printed_difference(now["mean"], before["mean"])}
            for now, before in zip(current["groups"], previous["groups"])
        ],
    }


def across_changes(
    evaluation: Evaluation, tier: Tier, frame: pd.DataFrame, previous: pd.DataFrame
) -> tuple[list[dict], dict, pd.DataFrame]:
    """The year before as this year's units were then (core.unit_history.lineage), under the
    framework's rule: the changes between the two years (with their legal basis), each current unit's
    link to them, and the previous year's figures by current unit.

    A unit that simply continued keeps its figures (a rename, a change of type or parent changes no
    figure). A merged unit is compared with the mean of its predecessors' totals under the rule
    "mean", or not at all under "none"; a new or split unit is not compared. When the compared units
    are not the previous year's units, the previous ranks are counted again among them, so that a
    rank change never comes from a unit that left the table.
    """
    framework, previous_year = evaluation.framework, evaluation.previous
    since, until = previous_year.units_date, evaluation.current.units_date
    names_then = dict(zip(evaluation.registry_of(previous_year)["code"], evaluation.registry_of(previous_year)["name"]))
    names_now = dict(zip(evaluation.registry["code"], evaluation.registry["name"]))
    tier_codes = set(evaluation.units(tier.unit_tier)["code"]) | set(
        evaluation.units(tier.unit_tier, previous_year.year)["code"]
    )
    changes = [
        c for c in evaluation.changes if since < c.effective <= until and tier_codes & {*c.from_codes, *c.to_codes}
    ]
    parents_now = dict(zip(evaluation.registry["code"], evaluation.registry["parent_code"]))
    records = [_change_record(c, names_then, names_now, parents_now) for c in changes]
    totals = dict(zip(previous["unit_code"], previous["total"]))
    links, rows = {}, []
    lineage_of = lineages(evaluation.changes, evaluation.history, since, until)
    for code in frame["unit_code"]:
        line = lineage_of(code)
        link = {"change": changes.index(line.change) if line.change in changes else None, "basis": None}
        total = None
        if line.change is not None and line.change.kind == "merge":
            link["basis"] = "mean" if framework.comparison_across_changes == "mean" else "not_compared"
            if link["basis"] == "mean" and all(p in totals and not pd.isna(totals[p]) for p in line.predecessors):
                total = round(sum(totals[p] for p in line.predecessors) / len(line.predecessors), 2)
        elif line.change is not None and line.change.kind not in COMPARED_KINDS:
            link["basis"] = "new"
        elif len(line.predecessors) == 1 and line.predecessors[0] in totals:
            total = totals[line.predecessors[0]]
        elif not line.predecessors:
            link["basis"] = "new" if code not in totals else None
        links[code] = link
        if total is not None:
            rows.append({"unit_code": code, "total": total, "name": names_now.get(code, code)})
    for record in records:
        record["compared"] = framework.comparison_across_changes if record["kind"] == "merge" else record["compared"]
    if not any(c.kind in SET_CHANGING_KINDS for c in changes):
        return records, links, previous  # the same units under new names or parents: the ranks as they were
    return records, links, _reranked(pd.DataFrame(rows, columns=["unit_code", "total", "name"]), tier, framework)


def _reranked(compared: pd.DataFrame, tier: Tier, framework: Framework) -> pd.DataFrame:
    bands = [framework.band_for(t, tier) for t in compared["total"]]
    compared["band"] = [b.code if b else None for b in bands]
    compared["ranked"] = [b is None or b.ranked for b in bands]
    compared["rank"] = compared["total"].where(compared["ranked"]).rank(method="min", ascending=False)
    return compared


def _change_record(change: Change, names_then: dict, names_now: dict, parents_now: dict) -> dict:
    return {
        "kind": change.kind,
        "effective": change.effective.isoformat(),
        "citation": change.citation,
        "from": [{"code": c, "name": names_then.get(c, c)} for c in change.from_codes],
        "to": [
            {"code": c, "name": names_now.get(c, c), "parent_name": names_now.get(parents_now.get(c))}
            for c in change.to_codes
        ],
        "compared": "as_is" if change.kind in COMPARED_KINDS else "not_compared",
    }


def units(tier: dict, codes: list[str]) -> list[dict]:
    """The tier's ranking entries of the units ``codes`` names (``risers``, ``fallers``,
    ``unranked``, a tie's ``units``), in the order of ``codes``."""
    entries = {entry["code"]: entry for entry in tier["ranking"]}
    return [entries[code] for code in codes]


def _ties(entries: list[dict]) -> list[dict]:
    """Ranks shared by several units, with their codes: a published ranking must say so."""
    by_rank: dict[int, list[str]] = {}
    for entry in entries:
        if entry["rank"] is not None:
            by_rank.setdefault(entry["rank"], []).append(entry["code"])
    return [{"rank": rank, "units": codes} for rank, codes in sorted(by_rank.items()) if len(codes) > 1]


def _band_entry(band, tier: Tier, framework) -> dict:
    return {
        "code": band.code,
        "label": band.label,
        "points": _r(framework.band_floor(band, tier)),
        "ranked": band.ranked,
        "provisional": band.provisional,
    }


def _previous_year(evaluation: Evaluation, tier: Tier):
    """The tier's table of the previous year and its unit scores, or ``(None, None)``."""
    previous_table = evaluation.previous.tables.get(tier.code) if evaluation.previous else None
    if previous_table is None:
        return None, None
    return previous_table, unit_scores(previous_table, evaluation, evaluation.previous.year)


def _movers(entries: list[dict]) -> dict:
    """The units that improved most, and those that rose or fell in rank (the largest move first)."""
    improvers = sorted(
        (e for e in entries if e["change_pct"] is not None and e["change_pct"] > 0),
        key=lambda e: e["change_pct"],
        reverse=True,
    )[:IMPROVER_COUNT]
    moved = [e for e in entries if e["rank_change"]]
    risers = sorted((e for e in moved if e["rank_change"] > 0), key=lambda e: (-e["rank_change"], e["rank"]))
    fallers = sorted((e for e in moved if e["rank_change"] < 0), key=lambda e: (e["rank_change"], e["rank"]))
    return {"improvers": improvers, "risers": [e["code"] for e in risers], "fallers": [e["code"] for e in fallers]}


def analyse_tier(evaluation: Evaluation, tier: Tier) -> dict:
    framework = evaluation.framework
    table = evaluation.current.tables[tier.code]
    frame = unit_scores(table, evaluation)
    previous_table, previous_frame = _previous_year(evaluation, tier)
    current = summary(frame, tier, framework)
    previous = summary(previous_frame, tier, framework) if previous_frame is not None else None
    if previous is not None:
        previous["coverage"] = previous_table.coverage
        previous["coverage_note"] = previous_table.coverage_note
    comparable = previous is not None and table.coverage == "full" and previous_table.coverage == "full"
    unit_changes, links, compared_frame = [], {}, previous_frame
    if previous_frame is not None:
        unit_changes, links, compared_frame = across_changes(evaluation, tier, frame, previous_frame)
    entries = _entries(frame, compared_frame, tier, framework, comparable)
    ranked = [e for e in entries if e["rank"] is not None]
    bands = framework.tier_bands(tier)
    record = {
        "code": tier.code,
        "label": tier.label,
        "label_unit": tier.label_unit,
        "max": tier.max,
        "criteria_source": tier.criteria_source,
        "provisional": tier.provisional,
        "groups": [{"code": g.code, "label": g.label, "max": g.max} for g in tier.groups],
        "bands": [_band_entry(b, tier, framework) for b in bands],
        "coverage": table.coverage,
        "coverage_note": table.coverage_note,
        "comparable": comparable,  # both years cover every unit in force: gaps, bands and ranks compare
        "unit_changes": unit_changes,  # changes of units between the two years (merger, rename ...), with basis
        # the units a change touched (only those: a record of 10,000 units stays its size): code -> how its
        # previous figure was taken ("mean", "not_compared", "new"; None: as it was) and its change's index
        "unit_links": {code: link for code, link in links.items() if link["basis"] or link["change"] is not None},
        "previous_reranked": compared_frame is not previous_frame and compared_frame is not None,
        "previous_compared_n": None if compared_frame is None else int(compared_frame["total"].notna().sum()),
        "current": current,
        "previous": previous,
        "change": _change(current, previous, comparable),
        "ranking": entries,
        "top": ranked[:TOP_COUNT],
        "bottom": ranked[-BOTTOM_COUNT:] if len(ranked) > TOP_COUNT + BOTTOM_COUNT else ranked[TOP_COUNT:][-1:],
        "unranked": [e["code"] for e in entries if e["rank"] is None],
        "ties": _ties(entries),
        **_movers(entries),
        "top_band": _top_band_profile(entries, bands, framework.unit_types),
        "by_parent": None,
        "parent_label": None,
    }
    if tier.grouping_tier and frame["parent_code"].notna().any():
        record["by_parent"] = _by_parent(frame, evaluation, tier)
        record["parent_label"] = framework.parent_label(tier)
    return record


def analyse(evaluation: Evaluation) -> dict:
    framework = evaluation.framework
    settings = evaluation.current.settings
    tiers = [analyse_tier(evaluation, t) for t in framework.tiers if t.code in evaluation.current.tables]
    window = settings.get("window") or {}
    scope = {}
    for tier in tiers:  # parts of one set of units (readiness, results) count those units once
        unit_tier = framework.tier(tier["code"]).unit_tier
        label = framework.unit_labels.get(unit_tier, tier["label"])
        scope.setdefault(unit_tier, {"code": unit_tier, "label": label, "n": tier["current"]["n"]})
    previous_year = evaluation.previous.year if evaluation.previous else None
    return {
        "meta": record_meta(
            KIND,
            evaluation.province,
            evaluation.year,
            framework,
            settings,
            previous_year,
            window_start=str(window["start"]) if window.get("start") else None,
            window_end=str(window["end"]) if window.get("end") else None,
        ),
        "bands": [
            {"code": b.code, "label": b.label, "min_share": b.min_share, "min_points": b.min_points}
            for b in framework.bands
        ],
        "scope": {
            "units": sum(s["n"] for s in scope.values()),
            "tiers": list(scope.values()),
        },
        "tiers": tiers,
        "stated": stated_figures(evaluation, tiers),
    }


def stated_figures(evaluation: Evaluation, tiers: list[dict]) -> list[dict]:
    """The figures the score tables state themselves (a summary row: "Bình quân chung"), each bound
    to the figure the record computes (``key``): a mean to the tier's mean, a sum to its own
    ``computed``. Validation has found them equal as the cell shows them; the reconciliation annex
    lists them as the province's own figures (core.published.stated_in_record)."""
    entries = []
    for part, year_data in (("current", evaluation.current), ("previous", evaluation.previous)):
        for tier in tiers if year_data is not None else ():
            table = year_data.tables.get(tier["code"])
            if table is None or table.coverage == "head":  # a head's summary row is the whole table's: unchecked
                continue
            for stated in table.summary:
                for column, text in stated.cells.items():
                    value, computed = parse_score(text), table.tier_figure(stated.kind, column)
                    if value is None or computed is None:
                        continue
                    entries.append(
                        _stated_entry(tier, part, year_data.year, table, stated, column, value, computed, len(entries))
                    )
    return entries


def _stated_entry(
    tier: dict, part: str, year: int, table: ScoreTable, stated, column: str, value: float, computed: float, index: int
) -> dict:
    digits = stated.shown_decimals(column)
    group = next((g for g in tier["groups"] if g["code"] == column), None)
    what = f" nhóm tiêu chí «{group['label']}»" if group else ""
    base = f"tiers.{tier['code']}.{part}"
    if stated.kind == "mean":
        figure = f"Điểm trung bình{what}, khối {tier['label']}, năm {year}"
        key = f"{base}.groups.{column}.mean" if group else f"{base}.mean"
    else:
        figure = f"Tổng cộng điểm{what} của các đơn vị, khối {tier['label']}, năm {year}"
        key = f"stated.{index}.computed"
    header = table.headers.get(column, group["label"] if group else "Tổng điểm")
    return {
        "figure": figure,
        "key": key,
        "published": fixed(value, digits),  # as the cell shows it
        "value": value,
        "decimals": digits,
        "computed": round(computed, max(digits, 2)),
        # validation found it equal to the unrounded figure at the cell's decimals; the record keeps the
        # figure rounded to two, which may sit on the other side of an exact half (20,575: the office's
        # 20,58, the record's 20,57): both roundings are allowed, so the annex never contradicts validation
        "tolerance": 0.5 * 10**-digits + 0.5 * 10**-2 + 1e-9,
        "source": f"Bảng điểm của tỉnh, tệp {table.label}",
        "where": f"dòng {stated.row} «{stated.label}», cột «{header}»",
    }
