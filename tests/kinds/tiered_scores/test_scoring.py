"""The figure record against an independent pandas computation from the input files.

The expected side reads the CSV files, the 2018 workbook, units.csv and framework.yaml
directly (pandas, yaml) and applies the framework's rules itself: total = sum of the
groups, rank = 1 + number of strictly higher totals, band = first band (highest first)
whose floor (min_share x tier maximum) the total reaches.
"""

import json

import pandas as pd
import pytest

from egov_report.kinds.tiered_scores.analysis import IMPROVER_COUNT, analyse, units
from egov_report.kinds.tiered_scores.loading import load_evaluation
from support.helpers import (
    PROVINCE,
    PROVINCE_DIR,
    YEAR,
    copy_province,
    raw_framework,
    raw_settings,
    raw_tier,
    read_csv_rows,
    score_file,
    set_cell,
)

FRAMEWORK = raw_framework()
TIERS = [t["code"] for t in FRAMEWORK["tiers"]]
BANDS = FRAMEWORK["bands"]
MAXIMA = {t["code"]: sum(g["max"] for g in t["groups"]) for t in FRAMEWORK["tiers"]}


# -- the independent computation -------------------------------------------------------------


def _scores(tier_code: str, year: int, data_dir=None) -> pd.DataFrame:
    """code, one column per group code, total; read straight from the file of that year."""
    tier = raw_tier(tier_code)
    source = raw_settings(year)["sources"][tier_code]
    base = (data_dir / PROVINCE / str(year)) if data_dir else PROVINCE_DIR / str(year)
    path = base / source["file"]
    if path.suffix == ".xlsx":
        frame = pd.read_excel(path, sheet_name=source["sheet"], dtype=str)
    else:
        frame = pd.read_csv(path, dtype=str)
    out = pd.DataFrame({"code": frame["Mã đơn vị"]})
    for group in tier["groups"]:
        out[group["code"]] = frame[group["label"]].astype(float)
    out["total"] = out[[g["code"] for g in tier["groups"]]].sum(axis=1).round(2)
    out["file_total"] = frame["Tổng điểm"].astype(float)
    return out


def _max(tier_code: str) -> float:
    return MAXIMA[tier_code]


def _band(total: float, tier_code: str) -> str:
    for band in BANDS:
        if total >= band["min_share"] * _max(tier_code) - 1e-9:
            return band["code"]
    raise AssertionError("no band")


def _ranks(totals: pd.Series) -> list[int]:
    values = list(totals)
    return [1 + sum(1 for other in values if other > value) for value in values]


def _registry() -> pd.DataFrame:
    return pd.read_csv(PROVINCE_DIR / "units.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def record():
    return analyse(load_evaluation(PROVINCE, YEAR))


def _tier(record, code):
    return next(t for t in record["tiers"] if t["code"] == code)


# -- tests -----------------------------------------------------------------------------------


def test_meta_and_scope(record):
    settings = raw_settings(YEAR)
    assert record["meta"]["year"] == YEAR
    assert record["meta"]["previous_year"] == settings["previous_year"]
    assert record["meta"]["window_start"] == str(settings["window"]["start"])
    assert [t["code"] for t in record["tiers"]] == TIERS
    assert record["scope"]["units"] == sum(len(_scores(t, YEAR)) for t in TIERS)
    assert [b["code"] for b in record["bands"]] == [b["code"] for b in BANDS]


@pytest.mark.parametrize("tier_code", TIERS)
def test_summary_matches_pandas(record, tier_code):
    tier = _tier(record, tier_code)
    scores = _scores(tier_code, YEAR)
    current = tier["current"]
    assert tier["max"] == _max(tier_code)
    assert current["n"] == len(scores)
    assert current["mean"] == pytest.approx(round(scores["total"].mean(), 2), abs=1e-9)
    assert current["median"] == pytest.approx(round(scores["total"].median(), 2), abs=1e-9)
    assert current["max"] == scores["total"].max()
    assert current["min"] == scores["total"].min()
    assert current["gap"] == pytest.approx(round(scores["total"].max() - scores["total"].min(), 2), abs=1e-9)
    assert current["mean_share"] == pytest.approx(
        scores["total"].mean() / _max(tier_code), abs=1e-12
    )  # unrounded: printed once
    for group, raw in zip(current["groups"], raw_tier(tier_code)["groups"]):
        assert group["code"] == raw["code"] and group["max"] == raw["max"]
        assert group["mean"] == pytest.approx(round(scores[raw["code"]].mean(), 2), abs=1e-9)
    # the totals computed from the groups agree with the totals typed in the file
    assert (scores["total"] - scores["file_total"]).abs().max() < 0.005


def test_departments_mean(record):
    scores = _scores("departments", YEAR)
    assert _tier(record, "departments")["current"]["mean"] == round(scores["total"].mean(), 2)


@pytest.mark.parametrize("tier_code", TIERS)
def test_ranking_ranks_and_bands_match_pandas(record, tier_code):
    tier = _tier(record, tier_code)
    scores = _scores(tier_code, YEAR)
    scores["rank"] = _ranks(scores["total"])
    expected = {r.code: (r.rank, r.total, _band(r.total, tier_code)) for r in scores.itertuples()}
    got = {e["code"]: (e["rank"], e["total"], e["band"]) for e in tier["ranking"]}
    assert got == expected
    ranks = [e["rank"] for e in tier["ranking"]]
    assert ranks == sorted(ranks)  # best first
    assert tier["top"] == tier["ranking"][: len(tier["top"])]
    assert tier["bottom"][-1] == tier["ranking"][-1]


@pytest.mark.parametrize("tier_code", TIERS)
def test_band_counts_sum_to_n(record, tier_code):
    tier = _tier(record, tier_code)
    scores = _scores(tier_code, YEAR)
    bands = [_band(t, tier_code) for t in scores["total"]]
    counts = {b["code"]: b["count"] for b in tier["current"]["bands"]}
    assert counts == {b["code"]: bands.count(b["code"]) for b in BANDS}
    assert sum(counts.values()) == tier["current"]["n"] == len(scores)
    shares = [b["share"] for b in tier["current"]["bands"]]
    assert sum(shares) == pytest.approx(1, abs=1e-3)
    floors = {b["code"]: b["points"] for b in tier["bands"]}
    assert floors == {b["code"]: round(b["min_share"] * _max(tier_code), 2) for b in BANDS}


@pytest.mark.parametrize("tier_code", TIERS)
def test_change_against_previous_year(record, tier_code):
    tier = _tier(record, tier_code)
    previous_year = raw_settings(YEAR)["previous_year"]
    now, before = _scores(tier_code, YEAR), _scores(tier_code, previous_year)
    assert tier["previous"]["n"] == len(before)
    assert tier["previous"]["mean"] == pytest.approx(round(before["total"].mean(), 2), abs=1e-9)
    mean_now, mean_before = round(now["total"].mean(), 2), round(before["total"].mean(), 2)
    assert tier["change"]["mean"] == pytest.approx(round(mean_now - mean_before, 2), abs=1e-9)
    assert tier["change"]["mean_pct"] == pytest.approx((mean_now - mean_before) / mean_before, abs=1e-12)
    coverage = raw_settings(previous_year)["sources"][tier_code].get("coverage", "full")
    assert tier["previous"]["coverage"] == coverage
    if coverage == "full":
        count = lambda frame, band: sum(1 for t in frame["total"] if _band(t, tier_code) == band)  # noqa: E731
        assert tier["change"]["bands"] == {b["code"]: count(now, b["code"]) - count(before, b["code"]) for b in BANDS}
    else:
        assert tier["change"]["bands"] is None  # a pilot year is not compared band by band
    # unit by unit
    old = dict(zip(before["code"], before["total"]))
    old_rank = dict(zip(before["code"], _ranks(before["total"])))
    for entry in tier["ranking"]:
        if entry["code"] in old:
            assert entry["previous_total"] == old[entry["code"]]
            assert entry["change"] == pytest.approx(round(entry["total"] - old[entry["code"]], 2), abs=1e-9)
            if coverage == "full":
                assert entry["rank_change"] == old_rank[entry["code"]] - entry["rank"]
            else:  # ranks among a pilot's units do not compare with ranks among all units
                assert entry["rank_change"] is None
        else:
            assert entry["previous_total"] is None and entry["change"] is None and entry["rank_change"] is None


@pytest.mark.parametrize("tier_code", TIERS)
def test_moves_and_ties_name_their_units_by_code(record, tier_code):
    """Risers, fallers, unranked units and ties hold unit codes, each unit's figures once in the
    ranking: the moves recomputed from both years' files, the ties from this year's."""
    tier = _tier(record, tier_code)
    previous_year = raw_settings(YEAR)["previous_year"]
    now, before = _scores(tier_code, YEAR), _scores(tier_code, previous_year)
    rank = dict(zip(now["code"], _ranks(now["total"])))
    moves = {}
    if raw_settings(previous_year)["sources"][tier_code].get("coverage", "full") == "full":
        old_rank = dict(zip(before["code"], _ranks(before["total"])))
        moves = {code: old_rank[code] - rank[code] for code in rank if code in old_rank}
    place = {e["code"]: i for i, e in enumerate(tier["ranking"])}  # inside a tie, the ranking's order
    assert tier["risers"] == sorted(
        (c for c, m in moves.items() if m > 0), key=lambda c: (-moves[c], rank[c], place[c])
    )
    assert tier["fallers"] == sorted(
        (c for c, m in moves.items() if m < 0), key=lambda c: (moves[c], rank[c], place[c])
    )
    assert tier_code == "communes" or tier["risers"] and tier["fallers"]  # the flagship's pilot year: no moves
    assert tier["unranked"] == []  # Quảng Ninh ranks every band
    shared = {}
    for code, r in rank.items():
        shared.setdefault(r, set()).add(code)
    assert {t["rank"]: set(t["units"]) for t in tier["ties"]} == {r: c for r, c in shared.items() if len(c) > 1}
    for key in ("risers", "fallers"):
        assert [(e["code"], e["rank_change"]) for e in units(tier, tier[key])] == [(c, moves[c]) for c in tier[key]]
    assert [e["code"] for t in tier["ties"] for e in units(tier, t["units"])] == [
        c for t in tier["ties"] for c in t["units"]
    ]


def test_communes_previous_year_is_the_partial_pilot(record):
    tier = _tier(record, "communes")
    previous_year = raw_settings(YEAR)["previous_year"]
    assert tier["previous"]["coverage"] == "partial"
    assert tier["previous"]["n"] == len(_scores("communes", previous_year)) < tier["current"]["n"]
    not_evaluated = [e for e in tier["ranking"] if e["previous_total"] is None]
    assert len(not_evaluated) == tier["current"]["n"] - tier["previous"]["n"]


@pytest.mark.parametrize("tier_code", TIERS)
def test_improvers_are_the_largest_relative_gains(record, tier_code):
    tier = _tier(record, tier_code)
    now = _scores(tier_code, YEAR)
    before = dict(zip(*_scores(tier_code, raw_settings(YEAR)["previous_year"])[["code", "total"]].T.values))
    gains = []
    for code, total in zip(now["code"], now["total"]):
        if code in before and before[code]:
            pct = (total - before[code]) / before[code]
            if pct > 0:
                gains.append((pct, code))
    expected = sorted(gains, reverse=True)[:IMPROVER_COUNT]
    got = [(e["change_pct"], e["code"]) for e in tier["improvers"]]
    assert [pct for pct, _ in got] == pytest.approx([pct for pct, _ in expected], abs=1e-12)
    assert [pct for pct, _ in got] == [pct for pct, _ in expected]
    assert {code for _, code in got} == {code for _, code in expected}
    assert [e["change_pct"] for e in tier["improvers"]] == sorted(
        (e["change_pct"] for e in tier["improvers"]), reverse=True
    )


def test_by_parent_means_for_communes(record):
    tier = _tier(record, "communes")
    registry = _registry()
    scores = _scores("communes", YEAR).merge(registry[["code", "parent_code"]], on="code")
    grouped = scores.groupby("parent_code")["total"].agg(["mean", "count", "max", "min"])
    grouped["mean"] = grouped["mean"].round(2)
    names = dict(zip(registry["code"], registry["name"]))
    means = dict(grouped["mean"])
    expected = {
        code: {
            "rank": 1 + sum(1 for m in means.values() if m > row["mean"]),
            "name": names[code],
            "n": int(row["count"]),
            "mean": row["mean"],
            "max": row["max"],
            "min": row["min"],
        }
        for code, row in grouped.iterrows()
    }
    got = {p["code"]: {k: p[k] for k in ("rank", "name", "n", "mean", "max", "min")} for p in tier["by_parent"]}
    assert got == expected
    assert [p["rank"] for p in tier["by_parent"]] == sorted(p["rank"] for p in tier["by_parent"])
    assert sum(p["n"] for p in tier["by_parent"]) == tier["current"]["n"]
    district_labels = raw_tier("districts")
    assert tier["parent_label"] == district_labels.get("label_unit", district_labels["label"])
    assert _tier(record, "departments")["by_parent"] is None


def test_top_band_profile_of_communes(record):
    tier = _tier(record, "communes")
    registry = _registry().set_index("code")
    top = BANDS[0]["code"]
    unit_types = FRAMEWORK["unit_types"]
    scores = _scores("communes", YEAR)
    members = [c for c, t in zip(scores["code"], scores["total"]) if _band(t, "communes") == top]
    profile = tier["top_band"]
    assert profile["band"] == top
    assert profile["count"] == len(members) > 0
    assert profile["parents"] == sorted({registry.loc[registry.loc[c, "parent_code"], "name"] for c in members})
    assert profile["unit_types"] == [unit_types[t] for t in sorted({registry.loc[c, "unit_type"] for c in members})]


@pytest.mark.parametrize("tier_code", ["departments", "districts"])
def test_units_without_parent_have_no_parent(record, tier_code):
    tier = _tier(record, tier_code)
    for entry in tier["ranking"]:
        assert entry["parent_code"] is None and entry["parent_name"] is None
        assert entry["label"] == entry["name"]
    assert tier["top_band"]["parents"] == []


def test_record_is_strict_json(record):
    json.dumps(record, allow_nan=False)


def test_ties_share_the_lower_rank(tmp_path):
    data_dir = copy_province(tmp_path)
    path = score_file(data_dir, "departments")
    header, *rows = read_csv_rows(path)
    scores = _scores("departments", YEAR)
    scores["rank"] = _ranks(scores["total"])
    ordered = scores.sort_values("rank")
    second, third = ordered.iloc[1]["code"], ordered.iloc[2]["code"]
    donor = next(r for r in rows if r[0] == second)
    for index, column in enumerate(header[2:], start=2):
        set_cell(path, third, column, donor[index])  # third now scores exactly as second
    record = analyse(load_evaluation(PROVINCE, YEAR, data_dir=data_dir))
    tier = _tier(record, "departments")
    modified = _scores("departments", YEAR, data_dir)
    expected = dict(zip(modified["code"], _ranks(modified["total"])))
    got = {e["code"]: e["rank"] for e in tier["ranking"]}
    assert got == expected
    tied_rank = 1 + sum(1 for t in modified["total"] if t > modified.set_index("code").loc[second, "total"])
    assert got[second] == got[third] == tied_rank
    assert tied_rank + 1 not in got.values()  # the next unit comes two places down
    assert tied_rank + 2 in got.values()
