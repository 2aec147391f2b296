"""The national_index figure record: every number the report states, from the validated tables.

Ranks are recomputed from the scores (ties share the better rank); a published rank is only
checked against them (validation). The record holds every year up to the report's, oldest first.
A change or a gap is the difference of the two scores as printed, each with its year's decimals.
"""

from __future__ import annotations

import pandas as pd

from ...core.collation import sort_key, sorted_vi
from ...core.formatting import printed_difference
from ...core.records import record_meta
from ...core.textfiles import normalise_text
from .framework import KIND
from .loading import NationalIndexInputs, YearTable, match_key


def _r(value, digits: int = 6):
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def _year_frame(inputs: NationalIndexInputs, table: YearTable) -> pd.DataFrame:
    resolver, names = inputs.registry.resolver(), inputs.registry.names
    frame = table.numbers(resolver)
    notes = {resolver.get(match_key(str(k))): str(v) for k, v in (table.settings.get("notes") or {}).items()}
    frame["note"] = [notes.get(code) or note for code, note in zip(frame["code"], frame["note"])]
    frame["name"] = frame["code"].map(names)
    frame["rank"] = frame["overall"].rank(method="min", ascending=False)
    for column in table.category_columns:
        frame[f"{column}__rank"] = frame[column].rank(method="min", ascending=False)
    return frame


def _names(frame: pd.DataFrame) -> list[str]:
    return sorted_vi(frame["name"])


def analyse_year(inputs: NationalIndexInputs, table: YearTable) -> dict:
    framework = inputs.framework
    frame = _year_frame(inputs, table)
    count = framework.registry_count
    decimals = min(table.decimals if table.decimals is not None else framework.decimals, framework.decimals)
    scored = frame[frame["overall"].notna()]
    subject_row = frame[frame["code"] == framework.registry_code]
    subject = _subject(subject_row, scored)
    best = scored["overall"].max() if len(scored) else None
    leaders = scored[scored["overall"] == best]
    categories = [_category_entry(category, frame, subject_row, table, decimals) for category in framework.categories]
    ranking = _ranking(frame, table, framework.registry_code)
    missing = [
        {"code": e["code"], "name": e["name"], "published_rank": e["published_rank"], "note": e["note"]}
        for e in ranking
        if e["score"] is None
    ]
    # published ranks of every scored province agree with the computed ones (validation): then
    # no province without a score ranked above any of them
    confirmed = bool(missing) and all(e["published_rank"] is not None for e in ranking if e["score"] is not None)
    return {
        "year": table.year,
        "data_status": table.data_status,
        "data_note": normalise_text(str(table.settings.get("data_note") or "")),
        "source": normalise_text(str(table.settings.get("source") or "")),
        "method": [normalise_text(str(m)) for m in table.settings.get("method") or []],
        "decimals": decimals,
        "n_total": count,
        "n_scored": int(len(scored)),
        "subject": subject,
        "leaders": [
            {"code": c, "name": n, "score": _r(s)}
            for c, n, s in sorted(
                zip(leaders["code"], leaders["name"], leaders["overall"]), key=lambda t: sort_key(t[1])
            )
        ],
        "leader_score": _r(best),
        "gap": printed_difference(best, subject["score"], decimals) if subject and best is not None else None,
        "median": _r(scored["overall"].median()) if len(scored) else None,
        "has_categories": any(c["available"] for c in categories),
        "categories": categories,
        "ties": _ties(scored, framework.registry_code),
        "missing": missing,
        "missing_ranked_below": confirmed,
        "ranking": ranking,
    }


def _subject(subject_row: pd.DataFrame, scored: pd.DataFrame) -> dict | None:
    """The subject province's score and rank, and who shares its rank; None when it has no score."""
    if not (len(subject_row) and subject_row["overall"].notna().all()):
        return None
    row = subject_row.iloc[0]
    tied = scored[(scored["rank"] == row["rank"]) & (scored["code"] != row["code"])]
    return {
        "score": _r(row["overall"]),
        "rank": int(row["rank"]),
        "tied_with": _names(tied),
        "published_rank": int(row["published_rank"]) if pd.notna(row["published_rank"]) else None,
    }


def _category_entry(category, frame: pd.DataFrame, subject_row: pd.DataFrame, table: YearTable, decimals: int) -> dict:
    """One category of the year: the best score and who holds it, the subject's score, rank and gap."""
    entry = {
        "code": category.code,
        "label": category.label,
        "short_label": category.short_label,
        "available": category.code in table.category_columns,
        "n_scored": 0,
        "score": None,
        "rank": None,
        "tied": False,
        "best_score": None,
        "best": [],
        "gap": None,
    }
    if not entry["available"]:
        return entry
    column = frame[category.code]
    entry["n_scored"] = int(column.notna().sum())
    top = column.max()
    entry["best_score"] = _r(top)
    entry["best"] = _names(frame[column == top])
    if len(subject_row) and pd.notna(subject_row.iloc[0][category.code]):
        own = subject_row.iloc[0]
        entry["score"] = _r(own[category.code])
        entry["rank"] = int(own[f"{category.code}__rank"])
        entry["tied"] = int((frame[f"{category.code}__rank"] == entry["rank"]).sum()) > 1
        entry["gap"] = printed_difference(top, own[category.code], decimals)
    return entry


def _ranking(frame: pd.DataFrame, table: YearTable, subject_code: str) -> list[dict]:
    """Every province of the table by rank (unscored last), then published rank, then name."""
    ranking = []
    for row in frame.itertuples(index=False):
        tied = pd.notna(row.rank) and int((frame["rank"] == row.rank).sum()) > 1
        ranking.append(
            {
                "rank": int(row.rank) if pd.notna(row.rank) else None,
                "code": row.code,
                "name": row.name,
                "source_name": row.province,
                "score": _r(row.overall),
                "published_rank": int(row.published_rank) if pd.notna(row.published_rank) else None,
                "categories": {c: _r(getattr(row, c)) for c in table.category_columns},
                "note": row.note or "",
                "subject": row.code == subject_code,
                "tied": bool(tied),
            }
        )
    ranking.sort(
        key=lambda e: (
            e["rank"] is None,
            e["rank"] or 0,
            e["published_rank"] is None,
            e["published_rank"] or 0,
            sort_key(e["name"]),
        )
    )
    return ranking


def _ties(scored: pd.DataFrame, subject_code: str) -> list[dict]:
    ties = []
    for rank, group in scored.groupby("rank"):
        if len(group) > 1:
            ties.append(
                {
                    "rank": int(rank),
                    "score": _r(group["overall"].iloc[0]),
                    "names": _names(group),
                    "includes_subject": bool((group["code"] == subject_code).any()),
                }
            )
    return ties


def analyse(inputs: NationalIndexInputs) -> dict:
    """The figure record of a province-year: every number the report states."""
    years = {year: analyse_year(inputs, table) for year, table in inputs.tables.items()}
    current = years[inputs.year]
    trajectory = _trajectory(years)
    comparisons = []
    own = current["subject"]
    for point in trajectory[:-1][::-1]:  # the most recent earlier year first
        comparisons.append(
            {
                "year": point["year"],
                "rank": point["rank"],
                "score": point["score"],
                "decimals": point["decimals"],
                "leaders": point["leaders"],
                "leader_score": point["leader_score"],
                "gap": point["gap"],
                "rank_change": point["rank"] - own["rank"] if point["rank"] is not None else None,  # positive: up
                "score_change": printed_difference(
                    own["score"], point["score"], current["decimals"], point["decimals"]
                ),
            }
        )
    _compare_categories(current, years, trajectory)
    return _record(inputs, years, trajectory, comparisons)


def _trajectory(years: dict[int, dict]) -> list[dict]:
    """The subject's score and rank year by year, each with its change from the year before."""
    trajectory, before = [], None
    for year, summary in years.items():
        subject = summary["subject"]
        point = {
            "year": year,
            "data_status": summary["data_status"],
            "decimals": summary["decimals"],
            "score": subject["score"] if subject else None,
            "rank": subject["rank"] if subject else None,
            "n_total": summary["n_total"],
            "n_scored": summary["n_scored"],
            "leaders": [leader["name"] for leader in summary["leaders"]],
            "leader_score": summary["leader_score"],
            "gap": summary["gap"],
            "rank_change": None,
            "score_change": None,
        }
        if before is not None and point["rank"] is not None and before["rank"] is not None:
            point["rank_change"] = before["rank"] - point["rank"]  # positive: moved up
            point["score_change"] = printed_difference(
                point["score"], before["score"], point["decimals"], before["decimals"]
            )
        trajectory.append(point)
        before = point
    return trajectory


def _compare_categories(current: dict, years: dict[int, dict], trajectory: list[dict]) -> None:
    """Each of the year's categories gets the latest earlier year with categories, its rank and score there."""
    previous_with_categories = next(
        (years[p["year"]] for p in trajectory[:-1][::-1] if years[p["year"]]["has_categories"]), None
    )
    for entry in current["categories"]:
        entry["previous_year"] = previous_with_categories["year"] if previous_with_categories else None
        entry["previous_rank"] = entry["previous_score"] = entry["rank_change"] = None
        if previous_with_categories and entry["rank"] is not None:
            old = next(c for c in previous_with_categories["categories"] if c["code"] == entry["code"])
            entry["previous_rank"], entry["previous_score"] = old["rank"], old["score"]
            if old["rank"] is not None:
                entry["rank_change"] = old["rank"] - entry["rank"]


def _record(
    inputs: NationalIndexInputs, years: dict[int, dict], trajectory: list[dict], comparisons: list[dict]
) -> dict:
    """figures.json: the meta, the categories, the data years, the year's figures and the years compared."""
    framework = inputs.framework
    current = years[inputs.year]
    return {
        "meta": record_meta(
            KIND,
            inputs.province,
            inputs.year,
            framework,
            {},
            previous_year=trajectory[-2]["year"] if len(trajectory) > 1 else None,
            subject=framework.subject or framework.index_short_name,
            index_name=framework.index_name,
            index_short_name=framework.index_short_name,
            publisher=framework.publisher,
            scale_max=framework.scale_max,
            count=framework.registry_count,
            top_n=framework.top_n,
            data_status=current["data_status"],
            data_note=current["data_note"],
            source=current["source"],
            method=current["method"],
            years=list(years),
        ),
        "categories": [{"code": c.code, "label": c.label, "short_label": c.short_label} for c in framework.categories],
        "data_years": [
            {"year": y, "data_status": s["data_status"], "data_note": s["data_note"], "source": s["source"]}
            for y, s in sorted(years.items(), key=lambda item: -item[0])
        ],
        "current": current,
        "trajectory": trajectory,
        "comparisons": comparisons,
    }
