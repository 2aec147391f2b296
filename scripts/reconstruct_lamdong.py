"""Reconstruct SAMPLE unit totals for Lâm Đồng's 2017 ranking of ICT application (with 2016).

What this is
------------
Lâm Đồng ranks its state agencies every year by their level of ICT application (mức độ ứng
dụng công nghệ thông tin) in three blocks: 20 provincial departments (sở, ban, ngành),
11 other agencies (cơ quan, đơn vị khác: central agencies based in the province, the courts,
public service units) and the 12 district people's committees (UBND huyện, thành phố). The
article on the 2017 results (seed 001 of the project's source material, which is not part of
the repository) names the units of each band and the rank changes against 2016, but publishes
no score at all.

This script builds SAMPLE totals, drawn with a seeded random generator
(``numpy.random.default_rng(SEED)``), such that a report computed from them shows exactly the
published band membership and rank changes. Every total in the output is invented; only the
names, the band of each named unit and the rank changes are published facts. Output is
deterministic: the same inputs give byte-identical files.

Files written (under ``data/`` of the repository, or under ``--out DIR`` with the same layout)::

    lamdong/units.csv                      registry: 20 departments, 11 agencies, 12 districts
    lamdong/2017/scores_departments.csv    2017 totals (max 500), one row per unit
    lamdong/2017/scores_agencies.csv
    lamdong/2017/scores_districts.csv
    lamdong/2016/scores_<tier>.csv         2016 totals, the comparison year

Files read: ``data/lamdong/framework.yaml`` (hand-written: bands and maxima) and the GSO unit
list ``scripts/reference/units_lamdong_2019.csv`` (source and licence in
``scripts/reference/README.md``). Hand-written files left alone: ``<year>/evaluation.yaml``,
``2017/findings.md``, ``data/lamdong/README.md``.

The scale is 500 points, totals only (the article gives no criteria groups). Bands in points,
lower bound included: tốt 430–500, khá 350–429, trung bình below 350. Totals are handled as
integer hundredths and drawn in half points, as a 500-point checklist typically gives.
District codes and names are the GSO ones (from that list); the codes
``LD-S01``..``LD-S20`` (departments) and ``LD-K01``..``LD-K11`` (agencies) are assigned by
this project and are not official.

Targets (all re-checked from the written files by ``verify()``; rank = position by descending
total, ties share the better (smaller) rank, as the report computes it; a rank change is
2016 rank − 2017 rank, positive = moved up)
---------------------------------------------------------------------------------------------
Departments, 20 units:
  * 2017 tốt (≥ 430): exactly Sở Tài chính, Sở Thông tin và Truyền thông, Văn phòng UBND
    tỉnh, Sở Giáo dục và Đào tạo; 15 khá (350–429); 1 trung bình (< 350).
  * rank changes: Sở Công Thương +4; Sở Giao thông vận tải +2; Sở Kế hoạch và Đầu tư,
    Sở Văn hóa, Thể thao và Du lịch, Thanh tra tỉnh, Ban Quản lý các Khu công nghiệp +1;
    Sở Ngoại vụ −4; Sở Khoa học và Công nghệ −3; Sở Xây dựng, Sở Tư pháp, Sở Nông nghiệp
    và Phát triển nông thôn −1; every other department 0 (the named changes sum to zero).
  * no ties in either year.
Agencies, 11 units:
  * 2017 tốt: Cục Thuế tỉnh; khá: Bảo hiểm xã hội tỉnh, Kho bạc Nhà nước tỉnh, Chi cục Hải
    quan tỉnh, Cục Thống kê tỉnh; trung bình: Văn phòng HĐND tỉnh, Viện Kiểm sát nhân dân
    tỉnh, Tòa án nhân dân tỉnh, Đài Phát thanh - Truyền hình tỉnh, Vườn quốc gia Bidoup -
    Núi Bà, Ban Quản lý Khu du lịch hồ Tuyền Lâm.
  * rank changes not published: whatever the drawn totals give; no ties in either year.
Districts, 12 units:
  * 2017 tốt: Thành phố Đà Lạt; khá: Bảo Lộc, Đức Trọng, Đơn Dương, Di Linh, Đạ Tẻh, Lạc
    Dương, Đạ Huoai, Bảo Lâm, Cát Tiên; trung bình: Đam Rông, Lâm Hà.
  * rank changes: Di Linh +5, Bảo Lâm +3, Bảo Lộc / Đạ Tẻh / Lạc Dương / Đạ Huoai +1,
    Lâm Hà −6, Cát Tiên −5; Đà Lạt, Đức Trọng, Đơn Dương, Đam Rông 0.
All tiers: 2017 totals are generally higher than 2016 ("tăng đáng kể"): the mean of every
tier rises by 15–45 points and at least three units in four rise. Totals stay plausible
(tốt up to 490, the lowest not under 250).

Readings chosen where the sources contradict themselves or are silent
--------------------------------------------------------------------
  * District rank changes sum to +1 (+5 +3 +1 +1 +1 +1 −6 −5). Among strict rankings the rank
    changes of all units always sum to zero, so the published list cannot hold without a tie
    or an unpublished move. Reading used: a TIE in 2017 — Thành phố Bảo Lộc and Huyện Đức
    Trọng share rank 2 (equal totals), no rank 3. Then every published change holds literally,
    the two districts the article lists as decliners are the only ones that fell, and the
    unnamed districts keep their rank. (A tie with shared rank lowers the sum of 2017 ranks by
    one, which is exactly the +1.) It is also the only tie that keeps the article's listing
    order as the ranking order (next reading). The alternative — no tie, Đức Trọng falling one
    place, unpublished — is rejected because the article lists the decliners explicitly.
  * Listing order = ranking order. Within each band the article's listing order is taken as
    the 2017 ranking order (departments: only the four tốt units are listed; agencies and
    districts: all). This is a reading, not a published fact; with it the district ranks of
    both years are fully determined (2016: Đà Lạt 1, Đức Trọng 2, Bảo Lộc 3, Đơn Dương 4,
    Cát Tiên 5, Lâm Hà 6, Đạ Tẻh 7, Lạc Dương 8, Đạ Huoai 9, Di Linh 10, Đam Rông 11,
    Bảo Lâm 12).
  * The trung bình department is not named. Ban Dân tộc (one of the five departments the
    article does not name) is used; with rank change 0 it is last in both years. The 2017
    order of the other 15 departments (ranks 5–19) is a seeded random solution of the
    published rank changes.
  * The article names 15 of the 20 departments. The other five are the usual provincial
    bodies not named: Sở Nội vụ, Sở Y tế, Sở Tài nguyên và Môi trường, Sở Lao động -
    Thương binh và Xã hội, Ban Dân tộc (a project choice, not an official list).
  * Names: official forms are used where the article abbreviates or differs in spelling:
    "BHXH tỉnh" → Bảo hiểm xã hội tỉnh, "Đài PT-TH tỉnh" → Đài Phát thanh - Truyền hình tỉnh,
    "Sở Công thương" → Sở Công Thương, "Sở Văn hóa - Thể thao và Du lịch" → Sở Văn hóa,
    Thể thao và Du lịch. "Chi cục Hải quan tỉnh" is kept as the article writes it.
  * Scale and bands: the 500-point scale with tốt 430–500 / khá 350–429 / trung bình < 350 is
    the one Lâm Đồng published for its 2018 round; the 2017 article gives no scale. It is used
    for 2016 and 2017 and marked provisional in framework.yaml.
  * "Scores rose notably compared with earlier years" is read as: every tier's mean rises
    by 15–45 points and at least three units in four rise; a few units may fall.

Usage: ``python scripts/reconstruct_lamdong.py [--out DIR] [--verify-only]``. The script ends with
``verify()``, which re-reads the written files, asserts every target and exits non-zero if any
fails.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from reconstruction import (
    DATA_DIR,
    Checks,
    Infeasible,
    check_gso_districts,
    check_units_table,
    fmt,
    gso_district_units,
    numbered_units,
    parse_h,
    ranks,
    read_gso_list,
    read_text_table,
    retry,
    run,
    score_header,
    to_h,
    units_frame,
    write_csv,
    write_units,
)

SEED = 20180327  # publication date of the article on the 2017 results (27/03/2018)
PROVINCE = "lamdong"
FRAMEWORK_PATH = DATA_DIR / PROVINCE / "framework.yaml"
GSO_LIST = "units_lamdong_2019.csv"
TIERS = ("departments", "agencies", "districts")
YEARS = (2017, 2016)
YEAR, PREVIOUS = 2017, 2016
MAX_H = 50000
STEP = 50  # totals in half points (hundredths)
MAX_ATTEMPTS = 5000
HEADER = score_header()  # totals only: the article gives no criteria groups


def units_path(folder: Path) -> Path:
    return folder / "units.csv"


def scores_path(folder: Path, year: int, tier: str) -> Path:
    return folder / str(year) / f"scores_{tier}.csv"


# --------------------------------------------------------------------------------------------
# Departments (codes LD-S01..LD-S20 assigned by the project, not official)
# --------------------------------------------------------------------------------------------
VP_UBND = "Văn phòng UBND tỉnh"
THANHTRA = "Thanh tra tỉnh"
NOIVU = "Sở Nội vụ"
TUPHAP = "Sở Tư pháp"
KHDT = "Sở Kế hoạch và Đầu tư"
TAICHINH = "Sở Tài chính"
CONGTHUONG = "Sở Công Thương"
NNPTNT = "Sở Nông nghiệp và Phát triển nông thôn"
GTVT = "Sở Giao thông vận tải"
XAYDUNG = "Sở Xây dựng"
TNMT = "Sở Tài nguyên và Môi trường"
TTTT = "Sở Thông tin và Truyền thông"
LDTBXH = "Sở Lao động - Thương binh và Xã hội"
VHTTDL = "Sở Văn hóa, Thể thao và Du lịch"
KHCN = "Sở Khoa học và Công nghệ"
GDDT = "Sở Giáo dục và Đào tạo"
YTE = "Sở Y tế"
NGOAIVU = "Sở Ngoại vụ"
DANTOC = "Ban Dân tộc"
BQL_KCN = "Ban Quản lý các Khu công nghiệp"
DEPARTMENTS = [
    (VP_UBND, "van-phong"),
    (THANHTRA, "thanh-tra"),
    (NOIVU, "so"),
    (TUPHAP, "so"),
    (KHDT, "so"),
    (TAICHINH, "so"),
    (CONGTHUONG, "so"),
    (NNPTNT, "so"),
    (GTVT, "so"),
    (XAYDUNG, "so"),
    (TNMT, "so"),
    (TTTT, "so"),
    (LDTBXH, "so"),
    (VHTTDL, "so"),
    (KHCN, "so"),
    (GDDT, "so"),
    (YTE, "so"),
    (NGOAIVU, "so"),
    (DANTOC, "ban"),
    (BQL_KCN, "ban"),
]
NOT_NAMED_DEPTS = {NOIVU, YTE, TNMT, LDTBXH, DANTOC}
DEPT_GOOD = [TAICHINH, TTTT, VP_UBND, GDDT]  # article's order, read as ranks 1-4
DEPT_AVERAGE = DANTOC  # reading: the one trung bình department (not named by the article)
DEPT_BAND_COUNTS = {"good": 4, "fair": 15, "average": 1}
DEPT_CHANGES = {
    CONGTHUONG: 4,
    GTVT: 2,
    KHDT: 1,
    VHTTDL: 1,
    THANHTRA: 1,
    BQL_KCN: 1,
    NGOAIVU: -4,
    KHCN: -3,
    XAYDUNG: -1,
    TUPHAP: -1,
    NNPTNT: -1,
}

# --------------------------------------------------------------------------------------------
# Other agencies (codes LD-K01..LD-K11 assigned by the project), in the article's order
# --------------------------------------------------------------------------------------------
AGENCIES = [
    ("Cục Thuế tỉnh", "nganh-doc", "good"),
    ("Bảo hiểm xã hội tỉnh", "nganh-doc", "fair"),
    ("Kho bạc Nhà nước tỉnh", "nganh-doc", "fair"),
    ("Chi cục Hải quan tỉnh", "nganh-doc", "fair"),
    ("Cục Thống kê tỉnh", "nganh-doc", "fair"),
    ("Văn phòng HĐND tỉnh", "van-phong", "average"),
    ("Viện Kiểm sát nhân dân tỉnh", "tu-phap", "average"),
    ("Tòa án nhân dân tỉnh", "tu-phap", "average"),
    ("Đài Phát thanh - Truyền hình tỉnh", "don-vi-su-nghiep", "average"),
    ("Vườn quốc gia Bidoup - Núi Bà", "don-vi-su-nghiep", "average"),
    ("Ban Quản lý Khu du lịch hồ Tuyền Lâm", "don-vi-su-nghiep", "average"),
]

# --------------------------------------------------------------------------------------------
# Districts (GSO codes), in the article's order within each band
# --------------------------------------------------------------------------------------------
DALAT, BAOLOC, DAMRONG, LACDUONG, LAMHA, DONDUONG = "672", "673", "674", "675", "676", "677"
DUCTRONG, DILINH, BAOLAM, DAHUOAI, DATEH, CATTIEN = "678", "679", "680", "681", "682", "683"
DIST_ORDER = [DALAT, BAOLOC, DUCTRONG, DONDUONG, DILINH, DATEH, LACDUONG, DAHUOAI, BAOLAM, CATTIEN, DAMRONG, LAMHA]
DIST_BANDS = {DALAT: "good", DAMRONG: "average", LAMHA: "average", **{c: "fair" for c in DIST_ORDER[1:10]}}
DIST_CHANGES = {DILINH: 5, BAOLAM: 3, BAOLOC: 1, DATEH: 1, LACDUONG: 1, DAHUOAI: 1, LAMHA: -6, CATTIEN: -5}
DIST_TIE = (BAOLOC, DUCTRONG)  # reading: equal 2017 totals, shared rank 2
DIST_2016_RANKS = {
    DALAT: 1,
    DUCTRONG: 2,
    BAOLOC: 3,
    DONDUONG: 4,
    CATTIEN: 5,
    LAMHA: 6,
    DATEH: 7,
    LACDUONG: 8,
    DAHUOAI: 9,
    DILINH: 10,
    DAMRONG: 11,
    BAOLAM: 12,
}

# Ranges (hundredths) from which 2017 totals are drawn, per tier and band; the band limits
# themselves come from framework.yaml and are checked by verify().
RANGES_2017 = {
    "departments": {"good": (43500, 47600), "fair": (35200, 42800), "average": (31500, 34600)},
    "agencies": {"good": (43500, 46000), "fair": (35600, 41800), "average": (27000, 34500)},
    "districts": {"good": (44000, 46500), "fair": (35400, 42600), "average": (30500, 34400)},
}
# 2016 → 2017 rise: mean and spread of the draw (points).
RISE = {"departments": (30.0, 12.0), "agencies": (26.0, 14.0), "districts": (28.0, 12.0)}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def half(x_h: float) -> int:
    """Hundredths rounded to the nearest half point."""
    return int(round(x_h / STEP)) * STEP


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------
def load_framework() -> dict:
    fw = yaml.safe_load(FRAMEWORK_PATH.read_text(encoding="utf-8"))
    bands = [(b["code"], to_h(b["min_points"])) for b in fw["bands"]]
    bands.sort(key=lambda b: b[1], reverse=True)
    tiers = {t["code"]: t for t in fw["tiers"]}
    return {"bands": bands, "tiers": tiers, "raw": fw}


def band_of(total_h: int, bands) -> str:
    for code, floor in bands:
        if total_h >= floor:
            return code
    return bands[-1][0]


def load_units() -> pd.DataFrame:
    """The registry: the project's departments and agencies, then the GSO districts."""
    return units_frame(
        numbered_units("LD-S", DEPARTMENTS, "departments")
        + numbered_units("LD-K", AGENCIES, "agencies")
        + gso_district_units(read_gso_list(GSO_LIST))
    )


# --------------------------------------------------------------------------------------------
# Ranks
# --------------------------------------------------------------------------------------------
def department_ranks(rng, code_of) -> tuple[dict, dict]:
    """2017 and 2016 ranks of the departments: the published changes, no ties.

    Ranks 1-4 are the tốt units in the article's order and rank 20 is Ban Dân tộc; all of them
    keep their rank. The other 15 take ranks 5-19 in 2017; a seeded depth-first search, with the
    candidates of each step shuffled, finds a 2017 order whose 2016 ranks (2017 rank + change)
    are again exactly 5-19.
    """
    r17 = {code_of[n]: i for i, n in enumerate(DEPT_GOOD, start=1)}
    r17[code_of[DEPT_AVERAGE]] = 20
    middle = [code_of[n] for n, _ in DEPARTMENTS if code_of[n] not in r17]
    change = {code_of[n]: DEPT_CHANGES.get(n, 0) for n, _ in DEPARTMENTS}
    positions = list(range(5, 20))
    assert len(middle) == len(positions) == 15

    def search(i, left, used16, chosen):
        if i == len(positions):
            return dict(chosen)
        pos = positions[i]
        for c in map(str, rng.permutation(sorted(left))):
            r16 = pos + change[c]
            if 5 <= r16 <= 19 and r16 not in used16:
                chosen[c] = pos
                found = search(i + 1, left - {c}, used16 | {r16}, chosen)
                if found:
                    return found
                del chosen[c]
        return None

    found = search(0, frozenset(middle), frozenset(), {})
    if found is None:
        raise SystemExit("no department ranking fits the published rank changes")
    r17.update(found)
    r16 = {c: r + change[c] for c, r in r17.items()}
    assert sorted(r16.values()) == list(range(1, 21)) and sorted(r17.values()) == list(range(1, 21))
    return r17, r16


def district_ranks() -> tuple[dict, dict]:
    """2017 ranks in the article's order with Bảo Lộc and Đức Trọng tied at 2; 2016 derived."""
    r17 = {c: i for i, c in enumerate(DIST_ORDER, start=1)}
    r17[DIST_TIE[1]] = r17[DIST_TIE[0]]
    r16 = {c: r17[c] + DIST_CHANGES.get(c, 0) for c in DIST_ORDER}
    assert sorted(r16.values()) == list(range(1, 13)), "district rank changes do not fit the tie reading"
    assert r16 == DIST_2016_RANKS
    return r17, r16


# --------------------------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------------------------
def draw_2017(rng, tier: str, order: list, band: dict, tie: tuple | None = None) -> dict:
    """Totals in half points, strictly decreasing along ``order`` (except a required tie)."""
    out = {}
    by_band: dict[str, list] = {}
    for c in order:
        by_band.setdefault(band[c], []).append(c)
    for b, members in by_band.items():
        lo, hi = RANGES_2017[tier][b]
        n_draw = len(members) - (1 if tie and tie[1] in members else 0)
        vals = sorted({half(x) for x in rng.uniform(lo, hi, n_draw)}, reverse=True)
        if len(vals) != n_draw:
            raise Infeasible("repeat")
        it = iter(vals)
        for c in members:
            if tie and c == tie[1]:
                out[c] = out[tie[0]]
            else:
                out[c] = next(it)
    return out


def check_rise(tier: str, v17: dict, v16: dict) -> None:
    rises = [v17[c] - v16[c] for c in v17]
    mean_rise = sum(rises) / len(rises) / 100
    if not 15 <= mean_rise <= 45:
        raise Infeasible("mean rise")
    if sum(1 for r in rises if r > 0) * 4 < 3 * len(rises):
        raise Infeasible("too few rise")
    if min(rises) < -2500 or max(rises) > 8000:
        raise Infeasible("implausible change")
    if min(v16.values()) < 25000 or max(v16.values()) > 49000:
        raise Infeasible("2016 range")


def build_ranked_tier(rng, tier: str, r17: dict, r16: dict, band: dict, tie=None):
    """2017 totals in the 2017 rank order; 2016 totals drawn as 2017 − rise, then re-sorted
    onto the 2016 rank order, so the published rank changes hold by construction."""
    order = sorted(r17, key=lambda c: (r17[c], bool(tie) and c == tie[1]))
    mu, sd = RISE[tier]

    def attempt(rng):
        v17 = draw_2017(rng, tier, order, band, tie)
        pool = sorted((half(v17[c] - 100 * rng.normal(mu, sd)) for c in order), reverse=True)
        if len(set(pool)) != len(pool):
            raise Infeasible("2016 tie")
        order16 = sorted(r16, key=r16.get)
        v16 = dict(zip(order16, pool))
        check_rise(tier, v17, v16)
        if ranks(v17) != r17 or ranks(v16) != r16:
            raise Infeasible("ranks")
        return v17, v16

    return retry(attempt, rng, tier, MAX_ATTEMPTS)


def build_agencies(rng, codes: list, band: dict):
    """Agencies: 2017 in the article's order; 2016 = 2017 − a drawn rise (ranks as they come)."""
    mu, sd = RISE["agencies"]

    def attempt(rng):
        v17 = draw_2017(rng, "agencies", codes, band)
        v16 = {c: half(v17[c] - 100 * rng.normal(mu, sd)) for c in codes}
        if len(set(v16.values())) != len(v16):
            raise Infeasible("2016 tie")
        check_rise("agencies", v17, v16)
        return v17, v16

    return retry(attempt, rng, "agencies", MAX_ATTEMPTS)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def reconstruct(folder: Path) -> None:
    units = load_units()
    rng = np.random.default_rng(SEED)
    dept = units[units.tier == "departments"]
    code_of = dict(zip(dept.name, dept.code))

    r17, r16 = department_ranks(rng, code_of)
    band = {
        code_of[n]: ("good" if n in DEPT_GOOD else "average" if n == DEPT_AVERAGE else "fair") for n, _ in DEPARTMENTS
    }
    d17, d16 = build_ranked_tier(rng, "departments", r17, r16, band)

    agencies = units[units.tier == "agencies"]
    a_codes = list(agencies.code)
    a_band = {c: b for c, (_n, _t, b) in zip(a_codes, AGENCIES)}
    a17, a16 = build_agencies(rng, a_codes, a_band)

    r17, r16 = district_ranks()
    s17, s16 = build_ranked_tier(rng, "districts", r17, r16, DIST_BANDS, tie=DIST_TIE)

    totals = {
        2017: {"departments": d17, "agencies": a17, "districts": s17},
        2016: {"departments": d16, "agencies": a16, "districts": s16},
    }
    write_units(units_path(folder), units)
    for year in YEARS:
        for tier in TIERS:
            tier_units = units[units.tier == tier]
            rows = [(c, n, fmt(totals[year][tier][c])) for c, n in zip(tier_units.code, tier_units.name)]
            write_csv(scores_path(folder, year, tier), HEADER, rows)


# --------------------------------------------------------------------------------------------
# Verification: everything recomputed from the written files
# --------------------------------------------------------------------------------------------
def verify(folder: Path) -> bool:
    """Re-read the files written under folder and check every target; print the table."""
    fw = load_framework()
    bands = fw["bands"]
    checks = Checks()
    check = checks.check

    # ---- framework (hand-written; the checks keep it in step with this script)
    check(
        "framework bands tốt/khá/trung bình (points)",
        bands == [("good", 43000), ("fair", 35000), ("average", 0)],
        "/".join(fmt(b[1]) for b in bands),
        "430/350/0",
    )
    tiers_ok = list(fw["tiers"]) == list(TIERS) and all(
        t.get("max") == 500 and not t.get("groups") for t in fw["tiers"].values()
    )
    check("framework tiers: totals only, max 500", tiers_ok, ",".join(fw["tiers"]))

    # ---- registry
    units = read_text_table(units_path(folder))
    check_units_table(checks, units, {"departments": 20, "agencies": 11, "districts": 12})
    dep = units[units.tier == "departments"]
    age = units[units.tier == "agencies"]
    check("department codes LD-S01..S20", list(dep.code) == [f"LD-S{i:02d}" for i in range(1, 21)])
    check("agency codes LD-K01..K11", list(age.code) == [f"LD-K{i:02d}" for i in range(1, 12)])
    check(
        "department and agency names as chosen",
        list(dep.name) == [n for n, _ in DEPARTMENTS] and list(age.name) == [a[0] for a in AGENCIES],
    )
    check("parents empty", (units.parent_code == "").all())
    check_gso_districts(checks, units, read_gso_list(GSO_LIST))
    name_of = dict(zip(units.code, units.name))
    code_of = {n: c for c, n in zip(units.code, units.name)}
    tier_codes = {t: list(units[units.tier == t].code) for t in TIERS}

    # ---- score files
    tot = {}
    for year in YEARS:
        tot[year] = {}
        for tier in TIERS:
            df = read_text_table(scores_path(folder, year, tier))
            check(f"{year} {tier}: header", list(df.columns) == HEADER, ",".join(df.columns))
            ok_rows = list(df.iloc[:, 0]) == tier_codes[tier] and all(
                name_of[c] == n for c, n in zip(df.iloc[:, 0], df.iloc[:, 1])
            )
            check(f"{year} {tier}: every unit once, registry names", ok_rows, len(df))
            vals = {c: parse_h(v) for c, v in zip(df.iloc[:, 0], df.iloc[:, 2])}
            check(
                f"{year} {tier}: totals in 0..500, half points",
                all(0 <= v <= MAX_H and v % STEP == 0 for v in vals.values()),
                f"{fmt(min(vals.values()))}..{fmt(max(vals.values()))}",
            )
            tot[year][tier] = vals

    def bands_of(vals):
        return {c: band_of(v, bands) for c, v in vals.items()}

    def names(codes):
        return ", ".join(name_of[c] for c in codes)

    # ---- departments
    d17, d16 = tot[YEAR]["departments"], tot[PREVIOUS]["departments"]
    b = bands_of(d17)
    good = [c for c in tier_codes["departments"] if b[c] == "good"]
    check("dept 2017 tốt = the four named", set(good) == {code_of[n] for n in DEPT_GOOD}, names(good))
    bc = {k: sum(1 for v in b.values() if v == k) for k in DEPT_BAND_COUNTS}
    check("dept 2017 bands tốt/khá/tb", bc == DEPT_BAND_COUNTS, "/".join(map(str, bc.values())), "4/15/1")
    avg = [c for c in b if b[c] == "average"]
    checks.info("dept 2017 trung bình (reading)", names(avg), DEPT_AVERAGE)
    rk17, rk16 = ranks(d17), ranks(d16)
    check("dept: no ties in 2016 or 2017", len(set(d17.values())) == 20 and len(set(d16.values())) == 20)
    check("dept 2017 ranks 1-4 in the article's order", [rk17[code_of[n]] for n in DEPT_GOOD] == [1, 2, 3, 4])
    for n, _ in DEPARTMENTS:
        c = code_of[n]
        want = DEPT_CHANGES.get(n, 0)
        got = rk16[c] - rk17[c]
        check(f"dept rank change {n}", got == want, f"{rk16[c]}→{rk17[c]} ({got:+d})", f"{want:+d}")

    # ---- agencies
    a17, a16 = tot[YEAR]["agencies"], tot[PREVIOUS]["agencies"]
    b = bands_of(a17)
    for code, (n, _t, want) in zip(tier_codes["agencies"], AGENCIES):
        check(f"agency 2017 band {n}", b[code] == want, f"{fmt(a17[code])} {b[code]}", want)
    rk17 = ranks(a17)
    check("agencies 2017 ranks in the article's order", [rk17[c] for c in tier_codes["agencies"]] == list(range(1, 12)))
    check("agencies: no ties in 2016 or 2017", len(set(a17.values())) == 11 and len(set(a16.values())) == 11)
    rk16 = ranks(a16)
    checks.info(
        "agency rank changes (not published)",
        " ".join(f"{rk16[c] - rk17[c]:+d}" for c in tier_codes["agencies"]),
        "plausible",
    )

    # ---- districts
    s17, s16 = tot[YEAR]["districts"], tot[PREVIOUS]["districts"]
    b = bands_of(s17)
    for c in DIST_ORDER:
        check(f"district 2017 band {name_of[c]}", b[c] == DIST_BANDS[c], f"{fmt(s17[c])} {b[c]}", DIST_BANDS[c])
    rk17, rk16 = ranks(s17), ranks(s16)
    for c in DIST_ORDER:
        want = DIST_CHANGES.get(c, 0)
        got = rk16[c] - rk17[c]
        check(f"district rank change {name_of[c]}", got == want, f"{rk16[c]}→{rk17[c]} ({got:+d})", f"{want:+d}")
    ties = [v for v in set(s17.values()) if list(s17.values()).count(v) > 1]
    check(
        "district 2017: one tie, Bảo Lộc = Đức Trọng at rank 2",
        len(ties) == 1 and s17[BAOLOC] == s17[DUCTRONG] == ties[0] and rk17[BAOLOC] == 2,
        f"{fmt(s17[BAOLOC])} = {fmt(s17[DUCTRONG])}, rank {rk17[BAOLOC]}",
    )
    check("district 2016: no ties", len(set(s16.values())) == 12)
    order17 = sorted(DIST_ORDER, key=lambda c: (rk17[c], DIST_ORDER.index(c)))
    check(
        "district 2017 ranks follow the article's order",
        order17 == DIST_ORDER and all(rk17[a] <= rk17[b] for a, b in zip(DIST_ORDER, DIST_ORDER[1:])),
    )
    checks.info("district sum of published changes", f"{sum(DIST_CHANGES.values()):+d}", "0 without a tie")

    # ---- rise 2016 → 2017
    for tier in TIERS:
        v17, v16 = tot[YEAR][tier], tot[PREVIOUS][tier]
        m17 = Fraction(sum(v17.values()), 100 * len(v17))
        m16 = Fraction(sum(v16.values()), 100 * len(v16))
        up = sum(1 for c in v17 if v17[c] > v16[c])
        check(
            f"{tier}: mean rises 15–45 points",
            15 <= m17 - m16 <= 45,
            f"{float(m16):.2f} → {float(m17):.2f} ({float(m17 - m16):+.2f})",
        )
        check(f"{tier}: at least 3 units in 4 rise", up * 4 >= 3 * len(v17), f"{up}/{len(v17)}")
        lo, hi = min(min(v16.values()), min(v17.values())), max(max(v16.values()), max(v17.values()))
        check(f"{tier}: totals plausible (250..490)", 25000 <= lo and hi <= 49000, f"{fmt(lo)}..{fmt(hi)}")

    return checks.report()


def main(argv=None) -> int:
    return run(__doc__, argv, PROVINCE, reconstruct, verify)


if __name__ == "__main__":
    sys.exit(main())
