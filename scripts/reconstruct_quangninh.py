"""Reconstruct SAMPLE unit-level scores for Quảng Ninh's 2019 e-government evaluation.

What this is
------------
Quảng Ninh published only aggregate figures for its 2019 evaluation of the provincial
e-government level (Chính quyền điện tử): averages, the best and worst units, band counts,
changes against 2018 (seed 000 of the project's source material, which is not part of the
repository, and the 2018 district figures listed in ``data/README.md``). The unit-level scores
are NOT public.

This script builds SAMPLE data, drawn with a seeded random generator
(``numpy.random.default_rng(SEED)``), so that a report computed from the data reproduces every
published aggregate figure. Units not named in the article get invented, plausible scores; the
named units get their published scores. Nothing here is an official score of any unit except
the figures listed below. Output is deterministic: the same inputs give byte-identical files.

Files written (under ``data/`` of the repository, or under ``--out DIR`` with the same layout)::

    quangninh/units.csv                     unit registry (30 + 14 + 186 units)
    quangninh/2019/scores_departments.csv   2019, sở, ban, ngành (max 100)
    quangninh/2019/scores_districts.csv     2019, huyện, thị xã, thành phố (max 170)
    quangninh/2019/scores_communes.csv      2019, xã, phường, thị trấn (max 100)
    quangninh/2018/scores.xlsx              2018, one sheet per tier (communes: 90-unit pilot)

Files read: ``data/quangninh/framework.yaml`` (groups, maxima, bands) and the GSO unit list
``scripts/reference/units_quangninh_2019.csv`` (source and licence in
``scripts/reference/README.md``).

District and commune codes and names are the official GSO ones (from that list); department
codes ``QN-S01``..``QN-S30`` are assigned by this project, not official. All scores are handled
in integer hundredths, so each total is exactly the sum of its three criteria groups.

Targets (all re-checked from the written files by ``verify()``; rank = descending total,
ties share the lower rank)
---------------------------------------------------------------------------------------
Departments, max 100, 30 units:
  * 2019 mean 73.83 (exactly); 2018 mean 68.83, so the mean rises by 5.00 points.
  * 2019: 1st Trung tâm Phục vụ hành chính công 92, 2nd Sở Thông tin và Truyền thông 91,
    3rd Sở Tài chính 89, 29th Ban Quản lý Vườn quốc gia Bái Tử Long 58, 30th Ban An toàn
    giao thông 55; every other unit strictly between 58 and 89; gap 37.
  * 2018: Ban An toàn giao thông 27 (lowest), highest 83.70 (gap 56.70), Bái Tử Long 29.50;
    these two units have the two largest percentage increases (+103.7 %, +96.6 %, "tăng gần
    100 %"); every other unit grows by less, a few drop slightly.
Districts, max 170, 14 units:
  * 2019: Thành phố Uông Bí 153.92, Thị xã Đông Triều 148.92, Thành phố Cẩm Phả 138.43
    (the only three "tốt", ≥ 136), Huyện Bình Liêu 115.95 last; the other ten "khá"; mean 128.00.
  * 2018: mean 121.00, highest Uông Bí 146.00, lowest Bình Liêu 94.00 (gap 52);
    bands 2 tốt (Uông Bí, Đông Triều) / 7 khá / 5 trung bình (incl. Bình Liêu, Ba Chẽ, Vân Đồn).
  * The three largest percentage increases are Vân Đồn, Ba Chẽ, Bình Liêu (each +18 % to
    +24 %; Bình Liêu 94 → 115.95 is +23.35 %); every other district grows by less than 15 %.
Communes, max 100, 186 units in 2019:
  * mean 59.00; district means of their communes: Uông Bí 83.61 (1st), Quảng Yên 63.64 (2nd),
    Cẩm Phả 62.32 (3rd), Hạ Long 50.18 (14th); the other ten strictly between, all distinct.
  * best commune Phường Nam Khê (Uông Bí) 87.22, strictly highest.
  * bands: 9 tốt (exactly the 9 phường of Uông Bí), 23 khá, 141 trung bình, 13 dưới trung bình.
  * 2018 was a pilot on 90 communes (a seeded sample stratified by district), mean 41.30,
    so the 2019 mean is +42.86 % higher ("tăng gần 43 %").

Readings chosen where the sources contradict themselves or are silent
--------------------------------------------------------------------
  * Commune bands: the seed prints 9 + 23 + 141 + 12 = 185 of 186 units. 13 below average is
    used: it is the only reading that totals 186 and it also matches all four printed shares
    (9/186 = 5 %, 23/186 = 12 %, 141/186 = 76 %, 13/186 = 7 %; 12/186 would be 6 %).
  * District mean change: the seed says "+10 điểm (tăng gần 10 %)" in one paragraph and
    "+7 điểm (tăng 5 %)" in the next. The 2018 district source gives mean 121, so +7
    (+5.79 %) is used; the percentage is whatever the data gives, not copied.
  * 2018 district bands: the seed implies 2 + 9 + 4 = 15 units for 14; the 2018 source's
    2 / 7 / 5 is used.
  * 2018 district gap: the seed says 40 points, the 2018 source 146 − 94 = 52; 52 is used.
    The 2018 lowest district (94) is taken to be Bình Liêu, which makes its 2019 rise +23.35 %,
    in line with "tăng gần 20 %" for Vân Đồn, Ba Chẽ and Bình Liêu.
  * The seed's district band thresholds ("trên 80 điểm", "65 đến 80", "dưới 60 điểm") are read
    as shares of the 170-point maximum, i.e. the framework bands (tốt ≥ 136, khá ≥ 110.5,
    trung bình ≥ 85).
  * Department 2018 mean: "cao hơn 5 điểm" gives 73.83 − 5 = 68.83. The 2018 highest unit is
    not named; 27 + 56.7 = 83.70 is given to Sở Thông tin và Truyền thông (a project choice).
    Bái Tử Long's 2018 score is not published; 29.50 (+96.6 %) fits "tăng gần 100 %".
  * Commune 2018 mean is not published; "tăng gần 43 %" over 59 gives 41.30 (+42.86 %).
  * "Điểm trung bình 59" (communes) and "128/170" (districts) are reproduced as exactly 59.00
    and 128.00.

Usage: ``python scripts/reconstruct_quangninh.py [--out DIR] [--verify-only]``. The script ends with
``verify()``, which re-reads the written files, asserts every target and exits non-zero if any
fails.
"""

from __future__ import annotations

import itertools
import math
import sys
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
import openpyxl
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
    numbered_units,
    parse_h,
    ranks,
    read_gso_list,
    read_text_table,
    retry,
    round_to_total,
    run,
    score_header,
    scores_workbook_bytes,
    split_into_groups,
    to_h,
    units_frame,
    write_bytes,
    write_csv,
    write_units,
)

SEED = 20191030  # end of the 2019 evaluation window (30/10/2019)
PROVINCE = "quangninh"
FRAMEWORK_PATH = DATA_DIR / PROVINCE / "framework.yaml"
GSO_LIST = "units_quangninh_2019.csv"
SHEETS_2018 = {"departments": "Sở, ban, ngành", "districts": "Cấp huyện", "communes": "Cấp xã"}
WORKBOOK_TIME = datetime(2019, 1, 15, 0, 0, 0)  # fixed, so the workbook's bytes do not depend on the clock
WORKBOOK_CREATOR = "scripts/reconstruct_quangninh.py"
TIERS = ("departments", "districts", "communes")
MAX_ATTEMPTS = 2000


def units_path(folder: Path) -> Path:
    return folder / "units.csv"


def scores_2019_path(folder: Path, tier: str) -> Path:
    return folder / "2019" / f"scores_{tier}.csv"


def scores_2018_path(folder: Path) -> Path:
    return folder / "2018" / "scores.xlsx"


# --------------------------------------------------------------------------------------------
# Departments (codes assigned by the project, not official)
# --------------------------------------------------------------------------------------------
DEPARTMENTS = [
    ("Văn phòng UBND tỉnh", "van-phong"),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "van-phong"),
    ("Thanh tra tỉnh", "thanh-tra"),
    ("Sở Nội vụ", "so"),
    ("Sở Tư pháp", "so"),
    ("Sở Kế hoạch và Đầu tư", "so"),
    ("Sở Tài chính", "so"),
    ("Sở Công Thương", "so"),
    ("Sở Xây dựng", "so"),
    ("Sở Giao thông vận tải", "so"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "so"),
    ("Sở Tài nguyên và Môi trường", "so"),
    ("Sở Thông tin và Truyền thông", "so"),
    ("Sở Lao động - Thương binh và Xã hội", "so"),
    ("Sở Giáo dục và Đào tạo", "so"),
    ("Sở Y tế", "so"),
    ("Sở Văn hóa và Thể thao", "so"),
    ("Sở Du lịch", "so"),
    ("Sở Khoa học và Công nghệ", "so"),
    ("Sở Ngoại vụ", "so"),
    ("Ban Dân tộc", "ban"),
    ("Ban Quản lý Khu kinh tế", "ban"),
    ("Ban Xúc tiến và Hỗ trợ đầu tư", "ban"),
    ("Trung tâm Phục vụ hành chính công", "trung-tam"),
    ("Ban Quản lý Vịnh Hạ Long", "don-vi-su-nghiep"),
    ("Ban Quản lý Vườn quốc gia Bái Tử Long", "don-vi-su-nghiep"),
    ("Ban An toàn giao thông", "ban"),
    ("Đài Phát thanh và Truyền hình Quảng Ninh", "don-vi-su-nghiep"),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp", "don-vi-su-nghiep"),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông", "don-vi-su-nghiep"),
]
DEPT_TYPES = {"so", "ban", "van-phong", "thanh-tra", "trung-tam", "don-vi-su-nghiep"}
TTPVHCC = "Trung tâm Phục vụ hành chính công"
TTTT = "Sở Thông tin và Truyền thông"
TAICHINH = "Sở Tài chính"
BAITULONG = "Ban Quản lý Vườn quốc gia Bái Tử Long"
ATGT = "Ban An toàn giao thông"
# 2019 published totals (hundredths) and the 2018 values fixed by the readings above.
DEPT_2019_FIXED = {TTPVHCC: 9200, TTTT: 9100, TAICHINH: 8900, BAITULONG: 5800, ATGT: 5500}
DEPT_2019_RANKS = {TTPVHCC: 1, TTTT: 2, TAICHINH: 3, BAITULONG: 29, ATGT: 30}
DEPT_2018_FIXED = {ATGT: 2700, BAITULONG: 2950, TTTT: 8370}
DEPT_2019_MEAN = 7383
DEPT_2018_MEAN = 6883
# Plausible centres for units not named in the article (sự nghiệp units lag: the article says
# the shared software reached them only from 6/2018).
DEPT_TYPE_CENTRE = {
    "so": 75.0,
    "van-phong": 79.0,
    "thanh-tra": 74.0,
    "ban": 71.0,
    "trung-tam": 75.0,
    "don-vi-su-nghiep": 65.5,
}

# --------------------------------------------------------------------------------------------
# Districts (GSO codes)
# --------------------------------------------------------------------------------------------
HALONG, MONGCAI, CAMPHA, UONGBI = "193", "194", "195", "196"
BINHLIEU, TIENYEN, DAMHA, HAIHA, BACHE, VANDON, HOANHBO = "198", "199", "200", "201", "202", "203", "204"
DONGTRIEU, QUANGYEN, COTO = "205", "206", "207"
DIST_2019_FIXED = {UONGBI: 15392, DONGTRIEU: 14892, CAMPHA: 13843, BINHLIEU: 11595}
DIST_2019_RANKS = {UONGBI: 1, DONGTRIEU: 2, CAMPHA: 3, BINHLIEU: 14}
DIST_2019_CENTRE = {
    HALONG: 131.0,
    MONGCAI: 127.0,
    QUANGYEN: 127.0,
    HOANHBO: 121.0,
    VANDON: 127.0,
    TIENYEN: 121.0,
    DAMHA: 120.0,
    HAIHA: 122.0,
    BACHE: 119.5,
    COTO: 120.0,
}
DIST_2019_SUM = 12800 * 14
DIST_2018_SUM = 12100 * 14
DIST_2018_FIXED = {UONGBI: 14600, BINHLIEU: 9400}
DIST_BIG_RISERS = (VANDON, BACHE, BINHLIEU)

# --------------------------------------------------------------------------------------------
# Communes
# --------------------------------------------------------------------------------------------
NAMKHE = "06823"
NAMKHE_2019 = 8722
COMMUNE_MEAN_FIXED = {UONGBI: 8361, QUANGYEN: 6364, CAMPHA: 6232, HALONG: 5018}
COMMUNE_MEAN_RANKS = {UONGBI: 1, QUANGYEN: 2, CAMPHA: 3, HALONG: 14}
COMMUNE_MEAN_CENTRE = {
    DONGTRIEU: 60.5,
    MONGCAI: 57.5,
    VANDON: 58.5,
    HOANHBO: 55.5,
    TIENYEN: 56.5,
    DAMHA: 55.5,
    HAIHA: 56.5,
    BACHE: 54.5,
    BINHLIEU: 53.5,
    COTO: 57.5,
}
COMMUNE_2019_SUM = 5900 * 186
COMMUNE_BAND_COUNTS = {"good": 9, "fair": 23, "average": 141, "poor": 13}
COMMUNE_PILOT_SIZE = 90
COMMUNE_2018_SUM = 4130 * COMMUNE_PILOT_SIZE


# --------------------------------------------------------------------------------------------
# Draws
# --------------------------------------------------------------------------------------------
def shift_to_sum(vals: dict, free: list, target: int, lo: dict, hi: dict, soft: int = 300) -> dict:
    """Move the free entries within (lo, hi) until the sum of all entries is target.

    Each free entry moves in proportion to room / (room + soft), room being its distance to
    the bound it moves towards: entries far from the bound move about equally (the drawn
    spread is kept), entries close to it hardly move, and none reaches it, so no value in the
    output is an artefact of clamping (e.g. a row of communes at exactly 50.00). A draw that
    cannot be adjusted that way is rejected (Infeasible) and the next draw is tried.
    """
    vals = dict(vals)
    for k in free:
        vals[k] = min(max(vals[k], lo[k] + 1), hi[k] - 1)
    delta = target - sum(vals.values())
    if delta == 0:
        return vals
    sign = 1 if delta > 0 else -1
    room = {k: (hi[k] - vals[k]) if sign > 0 else (vals[k] - lo[k]) for k in free}
    usable = {k: room[k] - 1 for k in free}
    need = abs(delta)
    if sum(usable.values()) < need:
        raise Infeasible("no room left")
    move: dict = {}
    pool = [k for k in free if usable[k] > 0]
    left = need
    while True:
        weight = {k: room[k] / (room[k] + soft) for k in pool}
        total = sum(weight.values())
        share = {k: left * weight[k] / total for k in pool}
        over = [k for k in pool if share[k] > usable[k]]
        if not over:
            move.update(share)
            break
        for k in over:
            move[k] = usable[k]
            left -= usable[k]
            pool.remove(k)
    steps = round_to_total(move, usable, need, free)
    for k in free:
        vals[k] += sign * steps[k]
    assert sum(vals.values()) == target and all(lo[k] < vals[k] < hi[k] for k in free)
    return vals


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------
def load_framework() -> dict:
    fw = yaml.safe_load(FRAMEWORK_PATH.read_text(encoding="utf-8"))
    tiers = {}
    for tier in fw["tiers"]:
        groups = [(g["code"], norm(g["label"]), to_h(g["max"])) for g in tier["groups"]]
        tiers[tier["code"]] = groups
    bands = [(b["code"], Fraction(str(b["min_share"]))) for b in fw["bands"]]
    bands.sort(key=lambda b: b[1], reverse=True)
    return {"tiers": tiers, "bands": bands}


def band_of(total_h: int, max_h: int, bands) -> str:
    for code, share in bands:
        if Fraction(total_h) >= share * max_h:
            return code
    return bands[-1][0]


def load_units() -> pd.DataFrame:
    """The registry: the project's departments, then the GSO districts and communes."""
    gso = read_gso_list(GSO_LIST)
    return units_frame(
        numbered_units("QN-S", DEPARTMENTS, "departments") + gso_district_units(gso) + gso_commune_units(gso)
    )


# --------------------------------------------------------------------------------------------
# Totals
# --------------------------------------------------------------------------------------------
def build_departments(rng, units):
    depts = units[units.tier == "departments"]
    code_of = dict(zip(depts.name, depts.code))
    type_of = dict(zip(depts.code, depts.unit_type))
    codes = list(depts.code)
    fixed19 = {code_of[n]: v for n, v in DEPT_2019_FIXED.items()}
    fixed18 = {code_of[n]: v for n, v in DEPT_2018_FIXED.items()}
    free19 = [c for c in codes if c not in fixed19]

    def attempt(rng):
        v19 = dict(fixed19)
        for c in free19:
            v19[c] = to_h(min(max(rng.normal(DEPT_TYPE_CENTRE[type_of[c]], 6.0), 58.6), 88.4))
        lo = {c: 5801 for c in free19}
        hi = {c: 8899 for c in free19}
        order = list(rng.permutation(free19))
        v19 = shift_to_sum(v19, order, DEPT_2019_MEAN * 30, lo, hi)
        if len(set(v19.values())) != 30:
            raise Infeasible("tie")
        # 2018: growth drawn per unit; sự nghiệp units grew more (software from 6/2018).
        free18 = [c for c in codes if c not in fixed18]
        v18 = dict(fixed18)
        lo18, hi18 = {}, {}
        for c in free18:
            g = rng.normal(0.115 if type_of[c] == "don-vi-su-nghiep" else 0.035, 0.03)
            x = v19[c] / 100 / (1 + max(g, -0.025))
            if x > 83.2:  # the 2018 leader (83.70) is fixed; keep a visible gap below it
                x = rng.uniform(77.0, 83.2)
            v18[c] = to_h(x)
            # strictly above the last (27), below the leader, and growth below Bái Tử Long's
            lo18[c] = max(2701, math.ceil(v19[c] * 100 / 190))
            hi18[c] = 8330
        v18 = shift_to_sum(v18, list(rng.permutation(free18)), DEPT_2018_MEAN * 30, lo18, hi18)
        return v19, v18

    return retry(attempt, rng, "departments", MAX_ATTEMPTS)


def build_districts(rng, units):
    codes = list(units[units.tier == "districts"].code)
    free19 = [c for c in codes if c not in DIST_2019_FIXED]

    def attempt(rng):
        v19 = dict(DIST_2019_FIXED)
        for c in free19:
            v19[c] = to_h(min(max(rng.normal(DIST_2019_CENTRE[c], 3.0), 116.6), 135.2))
        v19 = shift_to_sum(
            v19, list(rng.permutation(free19)), DIST_2019_SUM, {c: 11620 for c in free19}, {c: 13560 for c in free19}
        )
        if len(set(v19.values())) != 14:
            raise Infeasible("tie")
        # 2018 bands: 2 tốt (Uông Bí fixed, Đông Triều), 5 trung bình (Bình Liêu fixed, Vân Đồn,
        # Ba Chẽ and the two lowest other districts of 2019), 7 khá.
        others = sorted((c for c in free19 if c not in DIST_BIG_RISERS), key=lambda c: v19[c])
        average18 = others[:2]
        fair18 = [CAMPHA] + others[2:]
        v18 = dict(DIST_2018_FIXED)
        lo, hi = {}, {}

        def growth_bounds(c, g_lo, g_hi, x_lo, x_hi):
            # v18 within [x_lo, x_hi] and growth v19/v18 - 1 within [g_lo, g_hi]
            lo_c = max(x_lo, math.ceil(v19[c] / (1 + g_hi)))
            hi_c = min(x_hi, math.floor(v19[c] / (1 + g_lo)))
            if lo_c > hi_c:
                raise Infeasible(c)
            return lo_c, hi_c

        lo[DONGTRIEU], hi[DONGTRIEU] = 13650, 14450
        v18[DONGTRIEU] = to_h(v19[DONGTRIEU] / 100 / (1 + rng.uniform(0.025, 0.05)))
        for c in (VANDON, BACHE):
            lo[c], hi[c] = growth_bounds(c, 0.185, 0.235, 8600, 11040)
            v18[c] = int(rng.integers(lo[c], hi[c] + 1))
        for c in average18:  # just below the khá threshold (110.5) in 2018
            lo[c], hi[c] = growth_bounds(c, 0.0, 0.14, 10600, 11045)
            v18[c] = int(rng.integers(lo[c], hi[c] + 1))
        for c in fair18:
            lo[c], hi[c] = growth_bounds(c, -0.06, 0.13, 11060, 13590)
            v18[c] = to_h(v19[c] / 100 / (1 + rng.normal(0.015, 0.02)))
        free18 = [c for c in codes if c not in DIST_2018_FIXED]
        order = list(rng.permutation([c for c in free18 if c not in (VANDON, BACHE)])) + [VANDON, BACHE]
        v18 = shift_to_sum(v18, order, DIST_2018_SUM, lo, hi)
        return v19, v18

    return retry(attempt, rng, "districts", MAX_ATTEMPTS)


def commune_district_means(rng, n_of):
    """Mean (hundredths) of each district's communes, exact, so the sums are mean * n."""
    free = sorted(COMMUNE_MEAN_CENTRE)
    fixed_sum = sum(COMMUNE_MEAN_FIXED[d] * n_of[d] for d in COMMUNE_MEAN_FIXED)
    target = COMMUNE_2019_SUM - fixed_sum
    n_free = sum(n_of[d] for d in free)
    fixers = [COTO, BINHLIEU, DAMHA, HOANHBO]

    def attempt(rng):
        m = {d: to_h(rng.normal(COMMUNE_MEAN_CENTRE[d], 1.3)) for d in free}
        k = round((target - sum(m[d] * n_of[d] for d in free)) / n_free)
        m = {d: v + k for d, v in m.items()}
        r = target - sum(m[d] * n_of[d] for d in free)
        best = None
        for a in itertools.product(range(-6, 7), repeat=len(fixers)):
            if sum(ai * n_of[d] for ai, d in zip(a, fixers)) == r:
                cost = sum(abs(ai) for ai in a)
                if best is None or cost < best[0]:
                    best = (cost, a)
        if best is None:
            raise Infeasible("means")
        for ai, d in zip(best[1], fixers):
            m[d] += ai
        values = list(m.values()) + list(COMMUNE_MEAN_FIXED.values())
        if len(set(values)) != 14 or not all(5060 <= m[d] <= 6190 for d in free):
            raise Infeasible("means")
        m.update(COMMUNE_MEAN_FIXED)
        assert sum(m[d] * n_of[d] for d in m) == COMMUNE_2019_SUM
        return m

    return retry(attempt, rng, "commune district means", MAX_ATTEMPTS)


BAND_RANGE = {"good": (8000, 8721), "fair": (6500, 7999), "average": (5000, 6499), "poor": (3000, 4999)}


def build_communes(rng, units):
    communes = units[units.tier == "communes"]
    parent = dict(zip(communes.code, communes.parent_code))
    ctype = dict(zip(communes.code, communes.unit_type))
    codes = list(communes.code)
    n_of = communes.parent_code.value_counts().to_dict()
    means = commune_district_means(rng, n_of)
    by_district = {d: [c for c in codes if parent[c] == d] for d in n_of}
    uongbi = by_district[UONGBI]
    rest = [c for c in codes if parent[c] != UONGBI]

    def attempt(rng):
        v, band = {}, {}
        # Uông Bí: the 9 phường are the only "tốt" units, Nam Khê the best; its 2 xã are "khá".
        for c in uongbi:
            if c == NAMKHE:
                v[c], band[c] = NAMKHE_2019, "good"
            elif ctype[c] == "phuong":
                v[c], band[c] = to_h(rng.uniform(81.0, 86.6)), "good"
            else:
                v[c], band[c] = to_h(rng.uniform(71.0, 78.5)), "fair"
        n_fair = COMMUNE_BAND_COUNTS["fair"] - sum(1 for c in uongbi if band[c] == "fair")
        n_poor = COMMUNE_BAND_COUNTS["poor"]
        latent = {c: means[parent[c]] / 100 + rng.normal(0, 5.0) for c in rest}
        ranked = sorted(rest, key=lambda c: latent[c], reverse=True)
        for i, c in enumerate(ranked):
            band[c] = "fair" if i < n_fair else ("poor" if i >= len(ranked) - n_poor else "average")
        for c in rest:
            x = latent[c]
            if band[c] == "fair":
                x = 65.3 + rng.uniform(0, 3.5) if x < 65.3 else min(x, 79.0 - rng.uniform(0, 3))
            elif band[c] == "average":
                x = 64.7 - rng.uniform(0, 3) if x > 64.7 else (50.3 + rng.uniform(0, 2.5) if x < 50.3 else x)
            else:
                x = 49.7 - rng.uniform(0, 4) if x > 49.7 else max(x, 33.0 + rng.uniform(0, 5))
            v[c] = to_h(x)
        for d, members in by_district.items():
            free = [c for c in members if c != NAMKHE]
            lo = {c: BAND_RANGE[band[c]][0] for c in free}
            hi = {c: BAND_RANGE[band[c]][1] for c in free}
            part = shift_to_sum({c: v[c] for c in members}, list(rng.permutation(free)), means[d] * n_of[d], lo, hi)
            v.update(part)
        return v

    v19 = retry(attempt, rng, "communes 2019", MAX_ATTEMPTS)

    # 2018 pilot: 90 communes, stratified by district (largest remainder), seeded sample.
    quota = {d: COMMUNE_PILOT_SIZE * n / len(codes) for d, n in n_of.items()}
    take = {d: int(math.floor(q)) for d, q in quota.items()}
    for d in sorted(quota, key=lambda d: (-(quota[d] - take[d]), d))[: COMMUNE_PILOT_SIZE - sum(take.values())]:
        take[d] += 1
    pilot = sorted(c for d in sorted(by_district) for c in rng.choice(by_district[d], take[d], replace=False))

    def attempt18(rng):
        v18 = {}
        for c in pilot:
            g = min(max(rng.normal(0.45, 0.16), 0.05), 1.2)
            v18[c] = to_h(min(max(v19[c] / 100 / (1 + g), 18.0), 72.0))
        return shift_to_sum(
            v18, list(rng.permutation(pilot)), COMMUNE_2018_SUM, {c: 1500 for c in pilot}, {c: 7500 for c in pilot}
        )

    v18 = retry(attempt18, rng, "communes 2018", MAX_ATTEMPTS)
    return v19, v18


# --------------------------------------------------------------------------------------------
# Criteria groups
# --------------------------------------------------------------------------------------------
def group_bias(tier: str, share: float) -> tuple[list[float], float]:
    """How each criteria group sits against the total's share of the maximum, and the noise."""
    if tier == "departments":
        # infrastructure, application, staff: low scorers are weakest on application
        return [0.05, (0.02 if share >= 0.85 else max(-0.3 * (0.85 - share), -0.12)), 0.0], 0.05
    # readiness, results, provincial: results lag readiness at district and commune level
    return [0.07, -0.05, 0.0], (0.05 if tier == "districts" else 0.06)


def group_split(rng, tier: str, totals: dict, groups) -> dict:
    """Split each total into the tier's three groups, each within 0..max, summing exactly."""
    maxes = [g[2] for g in groups]
    out = {}
    for code in sorted(totals):
        bias, noise = group_bias(tier, totals[code] / sum(maxes))
        out[code] = split_into_groups(rng, totals[code], maxes, bias, noise)
    return out


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def header_for(fw, tier):
    return score_header(g[1] for g in fw["tiers"][tier])


def score_rows(units, tier, totals, groups):
    tier_units = units[units.tier == tier]
    rows = []
    for code, name in zip(tier_units.code, tier_units.name):
        if code in totals:
            rows.append((code, name, *groups[code], totals[code]))
    return rows


def reconstruct(folder: Path) -> None:
    fw = load_framework()
    units = load_units()
    rng = np.random.default_rng(SEED)
    d19, d18 = build_departments(rng, units)
    t19, t18 = build_districts(rng, units)
    c19, c18 = build_communes(rng, units)
    totals = {
        2019: {"departments": d19, "districts": t19, "communes": c19},
        2018: {"departments": d18, "districts": t18, "communes": c18},
    }
    groups = {y: {t: group_split(rng, t, totals[y][t], fw["tiers"][t]) for t in TIERS} for y in (2019, 2018)}

    write_units(units_path(folder), units)
    for tier in TIERS:
        rows = score_rows(units, tier, totals[2019][tier], groups[2019][tier])
        write_csv(scores_2019_path(folder, tier), header_for(fw, tier), [(c, n, *map(fmt, s)) for c, n, *s in rows])
    sheets = [
        (SHEETS_2018[t], header_for(fw, t), score_rows(units, t, totals[2018][t], groups[2018][t])) for t in TIERS
    ]
    write_bytes(scores_2018_path(folder), scores_workbook_bytes(sheets, WORKBOOK_CREATOR, WORKBOOK_TIME))


# --------------------------------------------------------------------------------------------
# Verification: everything recomputed from the written files
# --------------------------------------------------------------------------------------------
def pct(new, old):
    return (Fraction(new) / Fraction(old) - 1) * 100


def verify(folder: Path) -> bool:
    """Re-read the files written under folder and check every target; print the table."""
    fw = load_framework()
    bands = fw["bands"]
    checks = Checks()
    check = checks.check

    # ---- registry
    units = read_text_table(units_path(folder))
    check_units_table(checks, units, {"departments": 30, "districts": 14, "communes": 186})
    dep = units[units.tier == "departments"]
    check("department codes QN-S01..S30", list(dep.code) == [f"QN-S{i:02d}" for i in range(1, 31)])
    check(
        "department parents empty, types valid",
        (dep.parent_code == "").all() and set(dep.unit_type) <= DEPT_TYPES and dep.name.is_unique,
    )
    check("five named departments present", set(DEPT_2019_FIXED) <= set(dep.name))
    gso = read_gso_list(GSO_LIST)
    check_gso_districts(checks, units, gso)
    check_gso_communes(checks, units, gso)
    dis = units[units.tier == "districts"]
    name_of = dict(zip(units.code, units.name))
    code_of = {(t, n): c for c, n, t in zip(units.code, units.name, units.tier)}
    parent_of = dict(zip(units.code, units.parent_code))
    ctype_of = dict(zip(units.code, units.unit_type))
    tier_codes = {t: set(units[units.tier == t].code) for t in TIERS}

    # ---- score tables
    def check_table(label, tier, header, rows, expect_codes):
        groups = fw["tiers"][tier]
        check(f"{label}: header", header == header_for(fw, tier), "")
        codes = [r[0] for r in rows]
        ok_codes = len(codes) == len(set(codes)) and (
            set(codes) == expect_codes if expect_codes is not None else set(codes) <= tier_codes[tier]
        )
        ok_names = all(name_of.get(r[0]) == r[1] for r in rows)
        ok_ranges = all(0 <= r[2 + i] <= g[2] for r in rows for i, g in enumerate(groups))
        ok_sum = all(r[5] == r[2] + r[3] + r[4] for r in rows)
        check(f"{label}: codes, names", ok_codes and ok_names, len(rows))
        check(f"{label}: groups in 0..max, total = sum", ok_ranges and ok_sum)
        return {r[0]: r[5] for r in rows}

    t19 = {}
    for tier in TIERS:
        df = read_text_table(scores_2019_path(folder, tier))
        rows = [(r[0], r[1], *[parse_h(x) for x in r[2:]]) for r in df.itertuples(index=False)]
        t19[tier] = check_table(f"2019 {tier}", tier, list(df.columns), rows, tier_codes[tier])
    wb = openpyxl.load_workbook(scores_2018_path(folder))
    check("2018 sheets", wb.sheetnames == [SHEETS_2018[t] for t in TIERS], wb.sheetnames)
    t18 = {}
    for tier in TIERS:
        ws = wb[SHEETS_2018[tier]]
        values = list(ws.iter_rows(values_only=True))
        cells_ok = all(
            isinstance(r[0], str)
            and isinstance(r[1], str)
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in r[2:])
            for r in values[1:]
        )
        check(f"2018 {tier}: code text, scores numeric", cells_ok)
        rows = [(r[0], r[1], *[to_h(x) for x in r[2:]]) for r in values[1:]]
        t18[tier] = check_table(
            f"2018 {tier}", tier, [norm(x) for x in values[0]], rows, None if tier == "communes" else tier_codes[tier]
        )

    def mean(vals):
        return Fraction(sum(vals), 100 * len(vals))

    def r2(x):
        return round(float(x), 2)

    def band_counts(totals, tier):
        max_h = sum(g[2] for g in fw["tiers"][tier])
        out = {b[0]: 0 for b in bands}
        for v in totals.values():
            out[band_of(v, max_h, bands)] += 1
        return out

    # ---- departments
    D = lambda n: code_of[("departments", n)]  # noqa: E731
    d19, d18 = t19["departments"], t18["departments"]
    m19, m18 = mean(d19.values()), mean(d18.values())
    check("dept 2019 mean", r2(m19) == 73.83, f"{float(m19):.4f}", "73.83")
    check("dept 2018 mean", abs(m18 - Fraction(6883, 100)) < Fraction(5, 100), f"{float(m18):.4f}", "≈68.83")
    check("dept mean change", abs(m19 - m18 - 5) <= Fraction(5, 100), f"{float(m19 - m18):+.4f}", "+5.00±0.05")
    rk = ranks(d19)
    for n, want in DEPT_2019_RANKS.items():
        check(
            f"dept 2019 {n}",
            d19[D(n)] == DEPT_2019_FIXED[n] and rk[D(n)] == want,
            f"{fmt(d19[D(n)])} rank {rk[D(n)]}",
            f"{fmt(DEPT_2019_FIXED[n])} rank {want}",
        )
    named = {D(n) for n in DEPT_2019_FIXED}
    others = [v for c, v in d19.items() if c not in named]
    check(
        "dept 2019 others strictly in (58, 89)",
        all(5800 < v < 8900 for v in others),
        f"{fmt(min(others))}..{fmt(max(others))}",
    )
    check(
        "dept 2019 gap", max(d19.values()) - min(d19.values()) == 3700, fmt(max(d19.values()) - min(d19.values())), "37"
    )
    check(
        "dept 2018 ATGT 27, strictly lowest",
        d18[D(ATGT)] == 2700 and sorted(d18.values())[1] > 2700,
        fmt(d18[D(ATGT)]),
        "27",
    )
    check(
        "dept 2018 highest 83.70 (unique)",
        max(d18.values()) == 8370 and sorted(d18.values())[-2] < 8370,
        f"{fmt(max(d18.values()))} ({name_of[max(d18, key=d18.get)]})",
        "83.7",
    )
    check(
        "dept 2018 gap",
        max(d18.values()) - min(d18.values()) == 5670,
        fmt(max(d18.values()) - min(d18.values())),
        "56.7",
    )
    check("dept 2018 Bái Tử Long", abs(d18[D(BAITULONG)] - 2950) <= 10, fmt(d18[D(BAITULONG)]), "≈29.5")
    growth = {c: pct(d19[c], d18[c]) for c in d19}
    top2 = sorted(growth, key=growth.get, reverse=True)[:2]
    rest_max = max(g for c, g in growth.items() if c not in (D(ATGT), D(BAITULONG)))
    check(
        "dept top-2 % increase = ATGT, Bái Tử Long",
        set(top2) == {D(ATGT), D(BAITULONG)} and rest_max < min(growth[D(ATGT)], growth[D(BAITULONG)]),
        f"ATGT {float(growth[D(ATGT)]):+.1f}%, BTL {float(growth[D(BAITULONG)]):+.1f}%, next {float(rest_max):+.1f}%",
        "≈+100%, others less",
    )
    n_drop = sum(1 for g in growth.values() if g < 0)
    checks.info("dept units with lower 2018→2019", n_drop, "some")

    # ---- districts
    s19, s18 = t19["districts"], t18["districts"]
    m19, m18 = mean(s19.values()), mean(s18.values())
    check("district 2019 mean", abs(m19 - 128) < Fraction(5, 100), f"{float(m19):.4f}", "128")
    check("district 2018 mean", abs(m18 - 121) < Fraction(5, 100), f"{float(m18):.4f}", "121")
    rk = ranks(s19)
    for c, want in DIST_2019_RANKS.items():
        check(
            f"district 2019 {name_of[c]}",
            s19[c] == DIST_2019_FIXED[c] and rk[c] == want,
            f"{fmt(s19[c])} rank {rk[c]}",
            f"{fmt(DIST_2019_FIXED[c])} rank {want}",
        )
    others = [v for c, v in s19.items() if c not in DIST_2019_FIXED]
    check(
        "district 2019 others strictly in (115.95, 136)",
        all(11595 < v < 13600 for v in others),
        f"{fmt(min(others))}..{fmt(max(others))}",
    )
    bc = band_counts(s19, "districts")
    check(
        "district 2019 bands tốt/khá/tb/dưới",
        bc == {"good": 3, "fair": 11, "average": 0, "poor": 0},
        "/".join(str(bc[b[0]]) for b in bands),
        "3/11/0/0",
    )
    good = {c for c, v in s19.items() if v >= 13600}
    check("district 2019 tốt = Uông Bí, Đông Triều, Cẩm Phả", good == {UONGBI, DONGTRIEU, CAMPHA})
    check(
        "district 2018 Uông Bí highest 146 (unique)",
        s18[UONGBI] == 14600 and sorted(s18.values())[-2] < 14600,
        fmt(s18[UONGBI]),
        "146",
    )
    check(
        "district 2018 Bình Liêu lowest 94 (unique)",
        s18[BINHLIEU] == 9400 and sorted(s18.values())[1] > 9400,
        fmt(s18[BINHLIEU]),
        "94",
    )
    check(
        "district 2018 gap",
        max(s18.values()) - min(s18.values()) == 5200,
        fmt(max(s18.values()) - min(s18.values())),
        "52",
    )
    bc = band_counts(s18, "districts")
    check(
        "district 2018 bands tốt/khá/tb/dưới",
        bc == {"good": 2, "fair": 7, "average": 5, "poor": 0},
        "/".join(str(bc[b[0]]) for b in bands),
        "2/7/5/0",
    )
    check("district 2018 tốt = Uông Bí, Đông Triều", {c for c, v in s18.items() if v >= 13600} == {UONGBI, DONGTRIEU})
    avg18 = {c for c, v in s18.items() if 8500 <= v < 11050}
    check(
        "district 2018 trung bình incl. Bình Liêu, Ba Chẽ, Vân Đồn",
        {BINHLIEU, BACHE, VANDON} <= avg18,
        ", ".join(name_of[c] for c in sorted(avg18)),
    )
    growth = {c: pct(s19[c], s18[c]) for c in s19}
    top3 = set(sorted(growth, key=growth.get, reverse=True)[:3])
    rest_max = max(g for c, g in growth.items() if c not in DIST_BIG_RISERS)
    check(
        "district top-3 % increase = Vân Đồn, Ba Chẽ, Bình Liêu (18–24 %)",
        top3 == set(DIST_BIG_RISERS) and all(18 <= growth[c] <= 24 for c in DIST_BIG_RISERS),
        ", ".join(f"{name_of[c]} {float(growth[c]):+.2f}%" for c in DIST_BIG_RISERS),
    )
    check("district others grow < 15 %", rest_max < 15, f"max {float(rest_max):+.2f}%", "< 15%")
    checks.info(
        "district mean change",
        f"{float(m19 - m18):+.2f} ({float(pct(sum(s19.values()), sum(s18.values()))):+.2f}%)",
        "+7",
    )
    checks.info("district 2019 gap", fmt(max(s19.values()) - min(s19.values())), "≈38")

    # ---- communes
    c19, c18 = t19["communes"], t18["communes"]
    m19 = mean(c19.values())
    check("commune 2019 mean", Fraction(589, 10) < m19 < Fraction(591, 10), f"{float(m19):.4f}", "59")
    dmeans = {}
    for c, v in c19.items():
        dmeans.setdefault(parent_of[c], []).append(v)
    dmeans = {d: r2(mean(v)) for d, v in dmeans.items()}
    dm_h = {d: to_h(v) for d, v in dmeans.items()}
    rk = ranks(dm_h)
    for d, want in COMMUNE_MEAN_RANKS.items():
        check(
            f"commune mean {name_of[d]}",
            dm_h[d] == COMMUNE_MEAN_FIXED[d] and rk[d] == want,
            f"{dmeans[d]:.2f} rank {rk[d]}",
            f"{fmt(COMMUNE_MEAN_FIXED[d])} rank {want}",
        )
    others = [v for d, v in dm_h.items() if d not in COMMUNE_MEAN_FIXED]
    check(
        "commune means of other districts in (50.18, 62.32), distinct",
        all(5018 < v < 6232 for v in others) and len(set(others)) == len(others),
        f"{fmt(min(others))}..{fmt(max(others))}",
    )
    best = max(c19, key=c19.get)
    check(
        "best commune Nam Khê 87.22 (strict)",
        best == NAMKHE and c19[NAMKHE] == NAMKHE_2019 and sorted(c19.values())[-2] < NAMKHE_2019,
        f"{name_of[best]} {fmt(c19[best])}",
        "Phường Nam Khê 87.22",
    )
    bc = band_counts(c19, "communes")
    check(
        "commune 2019 bands tốt/khá/tb/dưới",
        bc == COMMUNE_BAND_COUNTS,
        "/".join(str(bc[b[0]]) for b in bands),
        "9/23/141/13",
    )
    good = {c for c, v in c19.items() if v >= 8000}
    ub_wards = {c for c in tier_codes["communes"] if parent_of[c] == UONGBI and ctype_of[c] == "phuong"}
    check("commune tốt = the 9 phường of Uông Bí", good == ub_wards and len(good) == 9)
    shares = "/".join(f"{round(100 * bc[b[0]] / 186)}%" for b in bands)
    check("commune band shares", shares == "5%/12%/76%/7%", shares, "5%/12%/76%/7%")
    m18 = mean(c18.values())
    check("commune 2018 pilot size", len(c18) == 90, len(c18), "90")
    check("commune 2018 pilot covers every district", {parent_of[c] for c in c18} == set(dis.code))
    rise = pct(m19 * 100, m18 * 100)
    check(
        "commune 2018 mean / rise",
        Fraction(425, 10) <= rise <= Fraction(435, 10),
        f"{float(m18):.4f} → {float(rise):+.2f}%",
        "≈41.3, +42.5..43.5%",
    )
    lo18, hi18 = min(c18.values()), max(c18.values())
    check("commune 2018 range plausible", 1500 <= lo18 < 3000 and 6000 <= hi18 <= 8000, f"{fmt(lo18)}..{fmt(hi18)}")

    return checks.report()


def main(argv=None) -> int:
    return run(__doc__, argv, PROVINCE, reconstruct, verify)


if __name__ == "__main__":
    sys.exit(main())
