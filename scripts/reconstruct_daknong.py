"""Reconstruct SAMPLE scores for Đắk Nông's 2019 district and commune e-government evaluation.

What this is
------------
Đắk Nông evaluates the e-government level (mức độ chính quyền điện tử) of its 8 districts and
71 communes with the index of Decision 2392/QĐ-BTTTT (25/12/2017). Each level is scored in two
parts, classified separately: readiness (điều kiện sẵn sàng: infrastructure, IT staff, policy
environment) and results (kết quả: presence, interaction, transaction, transformation). A part
is classified Mức I–IV by score thresholds; a unit below Mức IV is not ranked. The article on
the 2019 results (seed 004 of the project's source material, which is not part of the
repository; Decision 47/QĐ-UBND of 10/01/2020)
gives only the ranked units, their scores and changes against 2018, and the ranked counts.

This script builds SAMPLE data, drawn with a seeded random generator
(``numpy.random.default_rng(SEED)``), so that a report computed from the data shows every
published figure. The named units get their published scores; every other score, every split
into criteria groups and every 2018 score not implied by a published change is invented but
plausible. Output is deterministic: the same inputs give byte-identical files.

Files written (under ``data/`` of the repository, or under ``--out DIR`` with the same layout)::

    daknong/units.csv                               registry: 8 districts, 71 communes (GSO)
    daknong/<year>/scores_districts_readiness.csv   max 50, 3 groups   (year 2019 and 2018)
    daknong/<year>/scores_districts_results.csv     max 100, 4 groups
    daknong/<year>/scores_communes_readiness.csv    max 30, 3 groups
    daknong/<year>/scores_communes_results.csv      max 60, 4 groups

Files read: ``data/daknong/framework.yaml`` (hand-written: groups, maxima, per-tier bands) and
the GSO unit list ``scripts/reference/units_daknong_2019.csv`` (source and licence in
``scripts/reference/README.md``). Hand-written files left alone: ``<year>/evaluation.yaml``,
``2019/findings.md``, ``data/daknong/README.md``.

Codes and names are the GSO ones (from that list), white space collapsed. Scores
are handled in integer hundredths, so each total is exactly the sum of its groups.

Provisional framework values (not published; chosen so that every stated classification holds)
----------------------------------------------------------------------------------------------
Group maxima: district readiness 20 / 15 / 15, results 25 × 4; commune readiness 12 / 9 / 9,
results 15 × 4. Thresholds in points (Mức I / II / III / IV; below Mức IV not ranked):
district readiness 46 / 40 / 38 / 36; district results 90 / 85 / 80 / 70; commune readiness
27 / 24 / 22.5 / 21; commune results 54 / 51 / 48 / 42.

Targets (all re-checked from the written files by ``verify()``; ranks among ranked units only,
by descending total)
----------------------------------------------------------------------------------------------
District readiness (max 50):
  * 2019: Thị xã Gia Nghĩa 43.80 (1st, Mức II, −1.90 on 2018 → 45.70), Huyện Cư Jút 40.23
    (2nd, Mức II, +2.365 → 2018 stored 37.87, see below), Huyện Đắk R'Lấp 37.42 (3rd, Mức IV,
    +1.84 → 35.58); the other five below Mức IV (< 36): 3 ranked.
  * 2018: Gia Nghĩa and Cư Jút ranked (2, see the contradiction below); the others not.
District results (max 100):
  * 2019: Gia Nghĩa 81.75 (1st, Mức III, −2.20 → 83.95), Huyện Krông Nô 71.18 (2nd, Mức IV,
    +1.69 → 69.49); the other six below 70: 2 ranked.
  * 2018: only Gia Nghĩa ranked (1), so the count rises by one, as published.
Commune readiness (max 30):
  * 2019: Xã Nâm N'Jang 21.50 (1st, Mức IV, +3.00 → 18.50), Xã Tâm Thắng 21.40 (2nd, Mức IV,
    +0.30 → 21.10); the other 69 below 21: 2 ranked.
  * 2018: only Tâm Thắng ranked (1), so the count rises by one, as published.
Commune results (max 60):
  * 2019: no commune ranked (all below 42).
  * 2018: exactly one ranked commune (Phường Nghĩa Thành, a project choice), so the count
    falls by one, as published.
Every group within 0..its maximum, totals = sum of groups, 2 decimals at most.

Readings chosen where the sources contradict themselves or are silent
--------------------------------------------------------------------
  * District readiness 2018 count. The article says 3 districts were ranked in 2019, "2 more
    than 2018", i.e. 1 in 2018. But Cư Jút's 2018 score follows from its published change:
    40.23 − 2.365 = 37.865, which is above Đắk R'Lấp's 2019 37.42 (Mức IV), and Gia Nghĩa's
    2018 score is 45.70. With one set of thresholds for both years, both were ranked in 2018,
    so the 2018 count is at least 2. Reading used: keep every per-unit score and change, let
    the 2018 count be what the thresholds give (2: Gia Nghĩa, Cư Jút), so the report states a
    rise of one, not two. Đắk R'Lấp's 2018 35.58 is kept below Mức IV by putting the Mức IV
    floor at 36 (any floor in (35.58, 37.42] would do); that keeps the count at its minimum.
  * Cư Jút's change "+2,365" needs thousandths. The report works in hundredths (it rounds
    totals to 2 decimals), so the 2018 score is stored rounded half up: 37.87; the computed
    change is +2.36 (published 2.365). The 2019 score 40.23 is kept exactly.
  * Names follow the GSO list, not the article: "Thị xã Gia Nghĩa" (the article, written in
    January 2020, says Thành phố: Gia Nghĩa became a city only from 01/02/2020), "Huyện Đắk
    R'Lấp" (article: Đắk R'lấp), "Xã Nâm N'Jang" (article: Nâm Njang), "Huyện Đăk Glong".
    The GSO double space in "Xã  Đắk Lao" is collapsed.
  * The one commune ranked on results in 2018 is not named; Phường Nghĩa Thành (Gia Nghĩa,
    the provincial seat) is used, a project choice. It falls below Mức IV in 2019.
  * Gia Nghĩa's 2018 readiness 45.70 and results 83.95 stay in the same level as in 2019
    (Mức II, Mức III): the Mức I floor of readiness is put at 46 and the Mức II floor of
    results at 85, so no unpublished change of level is invented for it.
  * Other scores: 2019 is drawn a little above 2018 on average (the article reports more
    attention from district leaders, but results still low, especially at commune level).

Usage: ``python scripts/reconstruct_daknong.py [--out DIR] [--verify-only]``. The script ends with
``verify()``, which re-reads the written files, asserts every target and exits non-zero if any
fails.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from reconstruction import (
    DATA_DIR,
    Checks,
    Infeasible,
    check_gso_communes,
    check_gso_districts,
    check_units_table,
    fmt,
    gso_commune_units,
    gso_district_units,
    norm,
    parse_h,
    ranks,
    read_gso_list,
    read_text_table,
    retry,
    run,
    score_header,
    split_into_groups,
    to_h,
    units_frame,
    write_csv,
    write_units,
)

SEED = 20200110  # Decision 47/QĐ-UBND publishing the 2019 results (10/01/2020)
PROVINCE = "daknong"
FRAMEWORK_PATH = DATA_DIR / PROVINCE / "framework.yaml"
GSO_LIST = "units_daknong_2019.csv"
YEAR, PREVIOUS = 2019, 2018
YEARS = (YEAR, PREVIOUS)
TIERS = ("districts_readiness", "districts_results", "communes_readiness", "communes_results")
UNIT_TIER = {
    "districts_readiness": "districts",
    "districts_results": "districts",
    "communes_readiness": "communes",
    "communes_results": "communes",
}
MAX_ATTEMPTS = 2000


def units_path(folder: Path) -> Path:
    return folder / "units.csv"


def scores_path(folder: Path, year: int, tier: str) -> Path:
    return folder / str(year) / f"scores_{tier}.csv"


# --------------------------------------------------------------------------------------------
# Units (GSO codes)
# --------------------------------------------------------------------------------------------
GIANGHIA, DAKGLONG, CUJUT, DAKMIL, KRONGNO, DAKSONG, DAKRLAP, TUYDUC = (
    "660",
    "661",
    "662",
    "663",
    "664",
    "665",
    "666",
    "667",
)
NAMNJANG = "24728"  # Xã Nâm N'Jang (Đắk Song)
TAMTHANG = "24655"  # Xã Tâm Thắng (Cư Jút)
NGHIATHANH = "24612"  # Phường Nghĩa Thành (Gia Nghĩa): the 2018 ranked commune (results), a choice

# Published 2019 scores (hundredths) and the 2018 scores implied by the published changes.
FIXED = {
    "districts_readiness": {
        2019: {GIANGHIA: 4380, CUJUT: 4023, DAKRLAP: 3742},
        2018: {GIANGHIA: 4570, CUJUT: 3787, DAKRLAP: 3558},  # Cư Jút: 37.865 rounded half up
    },
    "districts_results": {
        2019: {GIANGHIA: 8175, KRONGNO: 7118},
        2018: {GIANGHIA: 8395, KRONGNO: 6949},
    },
    "communes_readiness": {
        2019: {NAMNJANG: 2150, TAMTHANG: 2140},
        2018: {NAMNJANG: 1850, TAMTHANG: 2110},
    },
    "communes_results": {2019: {}, 2018: {}},
}
# Published changes 2018 → 2019 in thousandths (Cư Jút's 2.365 needs them).
PUBLISHED_CHANGE = {
    ("districts_readiness", GIANGHIA): -1900,
    ("districts_readiness", CUJUT): 2365,
    ("districts_readiness", DAKRLAP): 1840,
    ("districts_results", GIANGHIA): -2200,
    ("districts_results", KRONGNO): 1690,
    ("communes_readiness", NAMNJANG): 3000,
    ("communes_readiness", TAMTHANG): 300,
}
# Published ranks and levels in 2019 (ranks among ranked units).
PUBLISHED_RANKED_2019 = {
    "districts_readiness": [(GIANGHIA, "level_2"), (CUJUT, "level_2"), (DAKRLAP, "level_4")],
    "districts_results": [(GIANGHIA, "level_3"), (KRONGNO, "level_4")],
    "communes_readiness": [(NAMNJANG, "level_4"), (TAMTHANG, "level_4")],
    "communes_results": [],
}
# Ranked counts: 2019 published; 2018 as the data give it (district readiness: 2, the seed
# implies 1, see the docstring).
RANKED_COUNT = {
    2019: {"districts_readiness": 3, "districts_results": 2, "communes_readiness": 2, "communes_results": 0},
    2018: {"districts_readiness": 2, "districts_results": 1, "communes_readiness": 1, "communes_results": 1},
}
SEED_RANKED_2018 = {"districts_readiness": 1, "districts_results": 1, "communes_readiness": 1, "communes_results": 1}
RANKED_2018 = {
    "districts_readiness": {GIANGHIA, CUJUT},
    "districts_results": {GIANGHIA},
    "communes_readiness": {TAMTHANG},
    "communes_results": {NGHIATHANH},
}

# Plausible centres (points) of the 2019 totals of units the article does not name.
DIST_READINESS_CENTRE = {DAKMIL: 33.4, KRONGNO: 32.6, DAKSONG: 31.6, DAKGLONG: 28.6, TUYDUC: 27.8}
DIST_RESULTS_CENTRE = {CUJUT: 64.0, DAKMIL: 65.0, DAKRLAP: 62.5, DAKSONG: 59.5, DAKGLONG: 54.0, TUYDUC: 52.0}
# Commune totals: centre per district (the communes of the seat and the larger towns higher).
COMMUNE_READINESS_CENTRE = {
    GIANGHIA: 17.6,
    CUJUT: 16.6,
    DAKMIL: 16.4,
    KRONGNO: 15.9,
    DAKSONG: 15.6,
    DAKRLAP: 16.1,
    DAKGLONG: 13.6,
    TUYDUC: 13.1,
}
COMMUNE_RESULTS_CENTRE = {
    GIANGHIA: 33.0,
    CUJUT: 29.0,
    DAKMIL: 30.0,
    KRONGNO: 28.5,
    DAKSONG: 28.0,
    DAKRLAP: 29.0,
    DAKGLONG: 23.0,
    TUYDUC: 22.0,
}
# Bias of each group's share of its maximum (same order as the framework's groups): the later
# stages of results (transaction, transformation) lag; readiness is more even.
GROUP_BIAS = {"readiness": [0.03, -0.03, 0.01], "results": [0.12, 0.03, -0.06, -0.12]}


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------
def load_framework() -> dict:
    fw = yaml.safe_load(FRAMEWORK_PATH.read_text(encoding="utf-8"))
    tiers = {}
    for t in fw["tiers"]:
        groups = [(g["code"], norm(g["label"]), to_h(g["max"])) for g in t["groups"]]
        bands = [(b["code"], to_h(b["min_points"]), b.get("ranked", True)) for b in t["bands"]]
        tiers[t["code"]] = {"groups": groups, "bands": bands, "max": to_h(t["max"]), "raw": t}
    return tiers


def band_of(total_h: int, bands) -> tuple[str, bool]:
    for code, floor, ranked in bands:
        if total_h >= floor:
            return code, ranked
    return bands[-1][0], bands[-1][2]


def floor_of(tier: dict, code: str) -> int:
    return next(f for c, f, _r in tier["bands"] if c == code)


def load_units() -> pd.DataFrame:
    """The registry: the GSO districts and communes."""
    gso = read_gso_list(GSO_LIST)
    return units_frame(gso_district_units(gso) + gso_commune_units(gso))


# --------------------------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------------------------
def draw_pair(
    rng, centre: float, sd: float, lo: float, hi19: float, hi18: float, drift: float, drift_sd: float
) -> tuple[int, int]:
    """A 2019 total around centre and a 2018 total a drawn drift below it, both in [lo, hi)."""
    v19 = centre + rng.normal(0, sd)
    v18 = v19 - rng.normal(drift, drift_sd)
    if not (lo <= v19 < hi19 and lo <= v18 < hi18):
        raise Infeasible("range")
    return to_h(v19), to_h(v18)


def build_district_tier(rng, tier: str, centre: dict, sd: float, lo: float, hi: float, drift: float, drift_sd: float):
    def attempt(rng):
        v = {y: dict(FIXED[tier][y]) for y in YEARS}
        for c in sorted(centre):
            v[2019][c], v[2018][c] = draw_pair(rng, centre[c], sd, lo, hi, hi, drift, drift_sd)
        for y in YEARS:
            free = [x for c, x in v[y].items() if c not in FIXED[tier][y]]
            if len(set(free)) != len(free):
                raise Infeasible("tie")
        return v[2019], v[2018]

    return retry(attempt, rng, tier, MAX_ATTEMPTS)


def build_commune_tier(
    rng,
    tier: str,
    units: pd.DataFrame,
    centre: dict,
    sd: float,
    lo: float,
    hi: float,
    drift: float,
    drift_sd: float,
    special=None,
):
    communes = units[units.tier == "communes"]
    parent = dict(zip(communes.code, communes.parent_code))
    codes = list(communes.code)

    def attempt(rng):
        v = {y: dict(FIXED[tier][y]) for y in YEARS}
        for c in codes:
            if c in v[2019]:
                continue
            if special and c in special:
                (lo19, hi19), (lo18, hi18) = special[c]
                v[2019][c] = to_h(rng.uniform(lo19, hi19))
                v[2018][c] = to_h(rng.uniform(lo18, hi18))
                continue
            v[2019][c], v[2018][c] = draw_pair(rng, centre[parent[c]], sd, lo, hi, hi, drift, drift_sd)
        return v[2019], v[2018]

    return retry(attempt, rng, tier, MAX_ATTEMPTS)


# --------------------------------------------------------------------------------------------
# Criteria groups
# --------------------------------------------------------------------------------------------
def group_split(rng, tier: str, totals: dict, fw_tier: dict) -> dict:
    """Split each total into the tier's groups (the framework's maxima sum to the tier's), each
    within 0..max, summing exactly."""
    maxes = [g[2] for g in fw_tier["groups"]]
    bias = GROUP_BIAS["readiness" if tier.endswith("readiness") else "results"]
    return {code: split_into_groups(rng, totals[code], maxes, bias, 0.05) for code in sorted(totals)}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def header_for(fw_tier: dict) -> list[str]:
    return score_header(g[1] for g in fw_tier["groups"])


def reconstruct(folder: Path) -> None:
    fw = load_framework()
    units = load_units()
    rng = np.random.default_rng(SEED)
    totals = {y: {} for y in YEARS}
    # District readiness: the five unnamed districts stay below Mức IV (36) in both years.
    hi = floor_of(fw["districts_readiness"], "level_4") / 100 - 0.3
    t19, t18 = build_district_tier(rng, "districts_readiness", DIST_READINESS_CENTRE, 1.4, 24.0, hi, 1.0, 1.2)
    totals[2019]["districts_readiness"], totals[2018]["districts_readiness"] = t19, t18
    # District results: the six unnamed districts below Mức IV (70), also below Krông Nô's 2018.
    hi = min(floor_of(fw["districts_results"], "level_4"), FIXED["districts_results"][2018][KRONGNO]) / 100 - 0.3
    t19, t18 = build_district_tier(rng, "districts_results", DIST_RESULTS_CENTRE, 2.6, 44.0, hi, 1.8, 2.2)
    totals[2019]["districts_results"], totals[2018]["districts_results"] = t19, t18
    # Commune readiness: all but the two named below Mức IV (21) in both years.
    hi = floor_of(fw["communes_readiness"], "level_4") / 100 - 0.1
    t19, t18 = build_commune_tier(rng, "communes_readiness", units, COMMUNE_READINESS_CENTRE, 1.9, 8.0, hi, 0.8, 1.1)
    totals[2019]["communes_readiness"], totals[2018]["communes_readiness"] = t19, t18
    # Commune results: nobody at Mức IV (42) in 2019; in 2018 only Phường Nghĩa Thành.
    floor4 = floor_of(fw["communes_results"], "level_4") / 100
    special = {NGHIATHANH: ((floor4 - 2.8, floor4 - 0.6), (floor4 + 0.3, floor4 + 2.2))}
    t19, t18 = build_commune_tier(
        rng, "communes_results", units, COMMUNE_RESULTS_CENTRE, 3.6, 15.0, floor4 - 0.5, 1.2, 2.0, special=special
    )
    totals[2019]["communes_results"], totals[2018]["communes_results"] = t19, t18

    groups = {y: {t: group_split(rng, t, totals[y][t], fw[t]) for t in TIERS} for y in YEARS}

    write_units(units_path(folder), units)
    for y in YEARS:
        for t in TIERS:
            tier_units = units[units.tier == UNIT_TIER[t]]
            rows = [
                (c, n, *map(fmt, groups[y][t][c]), fmt(totals[y][t][c]))
                for c, n in zip(tier_units.code, tier_units.name)
            ]
            write_csv(scores_path(folder, y, t), header_for(fw[t]), rows)


# --------------------------------------------------------------------------------------------
# Verification: everything recomputed from the written files
# --------------------------------------------------------------------------------------------
def verify(folder: Path) -> bool:
    """Re-read the files written under folder and check every target; print the table."""
    fw = load_framework()
    checks = Checks()
    check = checks.check

    # ---- framework (hand-written; the checks keep it in step with this script)
    check("framework tiers", list(fw) == list(TIERS), ",".join(fw))
    for t in TIERS:
        ft = fw[t]
        raw = ft["raw"]
        check(
            f"{t}: units {UNIT_TIER[t]}, max = sum of groups",
            raw.get("units") == UNIT_TIER[t] and ft["max"] == sum(g[2] for g in ft["groups"]),
            f"{raw.get('units')}, {fmt(ft['max'])}",
        )
        floors = [b[1] for b in ft["bands"]]
        check(
            f"{t}: bands Mức I–IV then not ranked at 0",
            [b[0] for b in ft["bands"]] == ["level_1", "level_2", "level_3", "level_4", "unranked"]
            and floors == sorted(floors, reverse=True)
            and len(set(floors)) == 5
            and floors[-1] == 0
            and [b[2] for b in ft["bands"]] == [True] * 4 + [False]
            and bool(raw.get("provisional")),
            "/".join(fmt(f) for f in floors),
        )
        if UNIT_TIER[t] == "communes":
            check(f"{t}: parent_tier districts", raw.get("parent_tier") == "districts")
    check(
        "part maxima 50/100/30/60",
        [fw[t]["max"] for t in TIERS] == [5000, 10000, 3000, 6000],
        "/".join(fmt(fw[t]["max"]) for t in TIERS),
    )

    # ---- registry
    units = read_text_table(units_path(folder))
    check_units_table(checks, units, {"districts": 8, "communes": 71})
    gso = read_gso_list(GSO_LIST)
    check_gso_districts(checks, units, gso)
    check_gso_communes(checks, units, gso)
    name_of = dict(zip(units.code, units.name))
    parent_of = dict(zip(units.code, units.parent_code))
    check(
        "named units present (GSO names)",
        (name_of[GIANGHIA], name_of[CUJUT], name_of[DAKRLAP], name_of[KRONGNO], name_of[NAMNJANG], name_of[TAMTHANG])
        == ("Thị xã Gia Nghĩa", "Huyện Cư Jút", "Huyện Đắk R'Lấp", "Huyện Krông Nô", "Xã Nâm N'Jang", "Xã Tâm Thắng")
        and parent_of[TAMTHANG] == CUJUT
        and parent_of[NAMNJANG] == DAKSONG,
    )
    tier_codes = {t: list(units[units.tier == UNIT_TIER[t]].code) for t in TIERS}

    # ---- score files
    tot = {y: {} for y in YEARS}
    for y in YEARS:
        for t in TIERS:
            ft = fw[t]
            df = read_text_table(scores_path(folder, y, t))
            check(f"{y} {t}: header", list(df.columns) == header_for(ft))
            rows = [(r[0], r[1], [parse_h(x) for x in r[2:-1]], parse_h(r[-1])) for r in df.itertuples(index=False)]
            check(
                f"{y} {t}: every unit once, registry names",
                [r[0] for r in rows] == tier_codes[t] and all(name_of[r[0]] == r[1] for r in rows),
                len(rows),
            )
            ok = all(
                len(g) == len(ft["groups"])
                and all(0 <= x <= m[2] for x, m in zip(g, ft["groups"]))
                and sum(g) == total
                and 0 <= total <= ft["max"]
                for _c, _n, g, total in rows
            )
            check(f"{y} {t}: groups in 0..max, total = sum", ok)
            tot[y][t] = {r[0]: r[3] for r in rows}

    def ranked(t, y):
        vals = tot[y][t]
        units_ranked = {c: v for c, v in vals.items() if band_of(v, fw[t]["bands"])[1]}
        order = sorted(units_ranked, key=lambda c: -units_ranked[c])
        return order, ranks(units_ranked)

    # ---- published 2019 results
    for t in TIERS:
        order, rk = ranked(t, YEAR)
        want = PUBLISHED_RANKED_2019[t]
        got = [(c, band_of(tot[YEAR][t][c], fw[t]["bands"])[0]) for c in order]
        check(
            f"2019 {t}: ranked units, order, levels",
            got == want and all(rk[c] == i + 1 for i, (c, _b) in enumerate(want)),
            "; ".join(f"{rk[c]}. {name_of[c]} {fmt(tot[YEAR][t][c])} {b}" for c, b in got) or "none",
            "; ".join(f"{name_of[c]} {b}" for c, b in want) or "none",
        )
        for c, v in FIXED[t][YEAR].items():
            check(f"2019 {t}: {name_of[c]} score", tot[YEAR][t][c] == v, fmt(tot[YEAR][t][c]), fmt(v))
    for (t, c), change in PUBLISHED_CHANGE.items():
        got = 10 * (tot[YEAR][t][c] - tot[PREVIOUS][t][c])  # thousandths
        check(
            f"change {t}: {name_of[c]}",
            abs(got - change) <= 5,
            f"{got / 1000:+.3f} (2018 {fmt(tot[PREVIOUS][t][c])})",
            f"{change / 1000:+.3f}",
        )
    cj18 = Decimal(tot[YEAR]["districts_readiness"][CUJUT] * 10 - 2365) / 1000
    check(
        "Cư Jút 2018 readiness = 37.865 rounded half up",
        tot[PREVIOUS]["districts_readiness"][CUJUT] == int((cj18 * 100).quantize(Decimal(1), ROUND_HALF_UP)),
        fmt(tot[PREVIOUS]["districts_readiness"][CUJUT]),
        f"{cj18} → 37.87",
    )

    # ---- ranked counts and their change
    for t in TIERS:
        n19 = len(ranked(t, YEAR)[0])
        order18, _rk = ranked(t, PREVIOUS)
        n18 = len(order18)
        check(f"ranked count {t} 2019", n19 == RANKED_COUNT[2019][t], n19, RANKED_COUNT[2019][t])
        check(
            f"ranked count {t} 2018",
            n18 == RANKED_COUNT[2018][t] and set(order18) == RANKED_2018[t],
            f"{n18}: {', '.join(name_of[c] for c in order18)}",
            RANKED_COUNT[2018][t],
        )
        if n18 != SEED_RANKED_2018[t]:
            checks.info(f"  seed's 2018 count {t}", SEED_RANKED_2018[t], "contradiction (reading)")
    # levels in 2018 of the units ranked in both years (no unpublished change of level)
    lv = {t: {c: band_of(tot[PREVIOUS][t][c], fw[t]["bands"])[0] for c in RANKED_2018[t]} for t in TIERS}
    check(
        "Gia Nghĩa keeps its levels in 2018 (II readiness, III results)",
        lv["districts_readiness"][GIANGHIA] == "level_2" and lv["districts_results"][GIANGHIA] == "level_3",
        f"{lv['districts_readiness'][GIANGHIA]}, {lv['districts_results'][GIANGHIA]}",
    )
    checks.info(
        "2018 levels of other ranked units",
        ", ".join(f"{name_of[c]} {b} ({t})" for t in TIERS for c, b in lv[t].items() if c != GIANGHIA),
    )

    # ---- plausibility
    for t in TIERS:
        v19, v18 = tot[YEAR][t], tot[PREVIOUS][t]
        m19, m18 = sum(v19.values()) / len(v19) / 100, sum(v18.values()) / len(v18) / 100
        check(f"{t}: mean 2019 ≥ mean 2018, modest", 0 <= m19 - m18 <= 3, f"{m18:.2f} → {m19:.2f}")
        lo = min(min(v19.values()), min(v18.values())) / fw[t]["max"]
        check(f"{t}: lowest total ≥ 25 % of max", lo >= 0.25, f"{100 * lo:.1f}%")

    return checks.report(value_width=60, target_width=26)


def main(argv=None) -> int:
    return run(__doc__, argv, PROVINCE, reconstruct, verify)


if __name__ == "__main__":
    sys.exit(main())
