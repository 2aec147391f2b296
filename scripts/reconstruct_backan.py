"""Reconstruct SAMPLE national tables of the MIC ICT-application index for 2018 and 2019.

What this is
------------
The Ministry of Information and Communications (MIC, Bộ Thông tin và Truyền thông) ranks the
63 provinces and centrally-run cities every year on an index of ICT application in state
bodies (scale 0 to 1, six categories). The project holds the real 2017 table (overall scores
only, ``data/backan/2017/national_ranking.csv``, a byte-for-byte copy of the published table;
source in ``scripts/reference/README.md``). The full 2018 and 2019 tables are not available
to the project; only the figures below were published (seed 002, an article of Bắc Kạn
province, which is not part of the repository, and the MIC figures listed in
``data/backan/README.md``).

This script writes SAMPLE tables for 2018 and 2019, drawn with a seeded generator
(``random.Random(SEED)``), so that a report computed from them states exactly the published
figures. Only Bắc Kạn, the leaders and the figures listed below are constrained; every other
score is invented but kept plausible (each province starts from its 2017 score, moves a
little from year to year, and its category scores scatter around its overall score).
Nothing else in these files is an official score. Output is deterministic: the same inputs
give byte-identical files.

Files written (under ``data/`` of the repository, or under ``--out DIR`` with the same layout)::

    backan/2018/national_ranking.csv   63 provinces, overall and six category scores, 3 decimals
    backan/2019/national_ranking.csv   63 provinces, overall and six category scores, 4 decimals

Files read: ``data/backan/provinces.csv`` (the registry of the 63 provinces) and
``data/backan/2017/national_ranking.csv`` (the real 2017 table).

Targets (all re-checked from the written files by ``verify()``; rank = descending score,
ties share the better rank; no ties are drawn in these files)
----------------------------------------------------------------------------------------
2019 (4 decimals):
  * Thừa Thiên Huế 0.9039, 1st; Bắc Kạn 0.7699, 16th of 63 (gap to the leader 0.1340).
  * Bắc Kạn by category: infrastructure 29th with 0.7965; internal use 29th with 0.8573;
    online services 8th; portal 42nd; staff 38th (policy: not published, left to the draw).
2018 (3 decimals):
  * Đà Nẵng 1st, Thừa Thiên Huế 0.897 2nd, Bắc Kạn 0.662 26th.
  * Bắc Kạn by category: portal 55th; online services 15th (not published: the article
    implies only that 2018 was outside the top ten, 2019 being "the second year" in it after
    2017).
Derived, also checked: Bắc Kạn +10 ranks from 2018 to 2019, 3 ranks below 2017 (13th);
portal +13 ranks; score +0.1079 on 2018.

Readings chosen where the sources contradict themselves or are silent
--------------------------------------------------------------------
  * Leader 2018: the article says Bắc Kạn trailed the leader Đà Nẵng by 0.209, i.e. Đà Nẵng
    0.871; but Thừa Thiên Huế scored 0.897 and was only second. Both facts of the reference
    (Đà Nẵng first, Huế 0.897 second) are kept, so Đà Nẵng must score above 0.897; it gets
    0.912 (not published). The report computes the 2018 gap from the data (0.250) and does not
    print 0.209. See docs/decisions.md.
  * Category scores are independent 0..1 indices; the overall score is not computed from them
    (MIC's weights are not in the sources), so the files do not make it their mean.
  * Ranks are written in the ``rank`` column only for the rows whose rank was published
    (the report's validation then checks them against the scores).

Run ``.venv/bin/python scripts/reconstruct_backan.py [--out DIR]`` (``--verify-only`` to check
the files without writing). It exits non-zero if any check fails.
"""

from __future__ import annotations

import csv
import math
import random
import sys
import unicodedata
from pathlib import Path

from reconstruction import DATA_DIR, ranks, run, write_csv

PROVINCE = "backan"
INPUTS = DATA_DIR / PROVINCE  # the registry and the real 2017 table
SEED = 2019_06
CATEGORIES = ("infrastructure", "internal_use", "portal", "online_services", "policy", "staff")
# how each category tends to sit against a province's overall score (invented, for plausibility)
CATEGORY_OFFSET = {
    "infrastructure": 0.04,
    "internal_use": 0.07,
    "portal": -0.03,
    "online_services": -0.05,
    "policy": 0.03,
    "staff": -0.02,
}
HEADER = ("rank", "province", "score", *CATEGORIES, "note")

SUBJECT, HUE, DANANG = "06", "46", "48"

# year -> (decimals, {code: (score or None, overall rank)}, {category: (score or None, rank)} for Bắc Kạn)
TARGETS = {
    2018: {
        "decimals": 3,
        "floor": 0.43,  # lowest score drawn
        "overall": {DANANG: (0.912, 1), HUE: (0.897, 2), SUBJECT: (0.662, 26)},
        "subject_categories": {"portal": (None, 55), "online_services": (None, 15)},
        "notes": {
            DANANG: "dẫn đầu theo công bố; điểm không được công bố, 0,912 là giá trị chọn để tính cho nhất quán với các số liệu công bố",
            HUE: "điểm và thứ hạng theo công bố",
            SUBJECT: "điểm, thứ hạng tổng hợp và thứ hạng hạng mục trang/cổng thông tin theo công bố",
        },
    },
    2019: {
        "decimals": 4,
        "floor": 0.47,
        "overall": {HUE: (0.9039, 1), SUBJECT: (0.7699, 16)},
        "subject_categories": {
            "infrastructure": (0.7965, 29),
            "internal_use": (0.8573, 29),
            "online_services": (None, 8),
            "portal": (None, 42),
            "staff": (None, 38),
        },
        "notes": {
            HUE: "điểm và thứ hạng theo công bố",
            SUBJECT: "điểm, thứ hạng tổng hợp, thứ hạng năm hạng mục và điểm hai hạng mục theo công bố",
        },
    },
}
PUBLISHED_RANKS = {2018: (DANANG, HUE, SUBJECT), 2019: (HUE, SUBJECT)}


# -- reading ----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """How names are compared: NFC, case, hyphens and dots, a leading 'tỉnh'/'thành phố'/'TP'."""
    text = unicodedata.normalize("NFC", text).casefold().replace(".", " ").replace("-", " ")
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa")):
        text = text.replace(old, new)
    words = text.split()
    for prefix in (["thành", "phố"], ["tỉnh"], ["tp"]):
        if words[: len(prefix)] == prefix:
            words = words[len(prefix) :]
    return " ".join(words)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def ranking_path(folder: Path, year: int) -> Path:
    return folder / str(year) / "national_ranking.csv"


def registry() -> list[dict]:
    return read_csv(INPUTS / "provinces.csv")


def name_index(provinces: list[dict]) -> dict[str, str]:
    index = {}
    for p in provinces:
        for name in [p["name"], p["name_full"], *filter(None, p["aliases"].split("|"))]:
            index[fold(name)] = p["code"]
    return index


def scores_2017(provinces: list[dict]) -> dict[str, float | None]:
    index = name_index(provinces)
    out = {}
    for row in read_csv(ranking_path(INPUTS, 2017)):
        out[index[fold(row["province"])]] = float(row["score"]) if row["score"] else None
    return out


# -- drawing ----------------------------------------------------------------------------------


def spread(codes: list[str], strength: dict[str, float], top: int, bottom: int) -> dict[str, int]:
    """Strictly decreasing integers between ``top`` and ``bottom`` for codes (best first): the
    strengths mapped linearly onto the interval, so the gaps keep the shape of the real table."""
    n = len(codes)
    if n == 0:
        return {}
    if top - bottom < 2 * n:
        raise ValueError("no room for distinct values")
    high, low = strength[codes[0]], strength[codes[-1]]
    values, previous = {}, top + 1
    for i, code in enumerate(codes):
        share = (strength[code] - low) / (high - low) if high > low else 1 - i / max(n - 1, 1)
        value = round(bottom + share * (top - bottom))
        value = max(min(value, previous - 1), bottom + (n - 1 - i))  # distinct, room left below
        values[code] = value
        previous = value
    return values


def soft_cap(value: float, knee: float = 0.95, ceiling: float = 0.99) -> float:
    """Scores near the top bend towards the ceiling instead of piling up at it."""
    if value <= knee:
        return value
    room = ceiling - knee
    return knee + room * math.tanh((value - knee) / room)


def place(raw: dict[str, int], subject: str, rank: int, value: int | None) -> dict[str, int]:
    """Scores for every province, moving as few as possible: ``subject`` gets ``value`` (or
    one chosen between its neighbours) and exactly ``rank - 1`` provinces score above it."""
    scores = dict(raw)
    others = sorted((c for c in scores if c != subject), key=lambda c: -scores[c])
    if value is None:  # between the provinces that will sit just above and just below
        upper = scores[others[rank - 2]] if rank > 1 else scores[others[0]] + 20
        lower = scores[others[rank - 1]] if rank - 1 < len(others) else upper - 20
        value = (upper + lower) // 2
    above = [c for c in others if scores[c] > value]
    if len(above) > rank - 1:  # too many above: the weakest of them drop just below
        for step, code in enumerate(reversed(above[rank - 1 :]), start=1):
            scores[code] = value - step
    else:  # too few above: the strongest below climb just above
        below = [c for c in others if scores[c] <= value]
        for step, code in enumerate(reversed(below[: rank - 1 - len(above)]), start=1):
            scores[code] = value + step
    for code in others:  # nobody ties with the subject
        if scores[code] == value:
            scores[code] = value - 1
    scores[subject] = value
    return scores


def draw_year(year: int, previous: dict[str, float], provinces: list[dict]) -> dict[str, dict]:
    spec = TARGETS[year]
    scale = 10 ** spec["decimals"]
    codes = [p["code"] for p in provinces]
    fixed = spec["overall"]
    # strength: last year's score (or a low value for a province without one), moved a little
    strength = {c: (previous.get(c) or 0.45) + RNG.gauss(0, 0.025) for c in codes}
    free = sorted((c for c in codes if c not in fixed), key=lambda c: -strength[c])
    # positions 1..63: the constrained provinces at their published rank, the others in order
    # of strength in between; then each run of free provinces gets evenly spread scores
    # between the constrained scores around it
    pinned = {rank: code for code, (_, rank) in fixed.items()}
    queue = list(free)
    order = [pinned[p] if p in pinned else queue.pop(0) for p in range(1, len(codes) + 1)]
    overall, above, position = {}, None, 0
    while position < len(order):
        code = order[position]
        if code in fixed:
            overall[code] = above = round(fixed[code][0] * scale)
            position += 1
            continue
        start = position
        while position < len(order) and order[position] not in fixed:
            position += 1
        below = order[position] if position < len(order) else None
        top = above - 1 - round(0.004 * scale) if above is not None else round(0.95 * scale)
        bottom = round(fixed[below][0] * scale) + 1 + round(0.001 * scale) if below else round(spec["floor"] * scale)
        overall.update(spread(order[start:position], strength, top, bottom))
    rows = {c: {"score": overall[c]} for c in codes}
    # categories: scattered around the overall score; Bắc Kạn placed where it was published
    for category in CATEGORIES:
        raw = {
            c: round(soft_cap(max(overall[c] / scale + CATEGORY_OFFSET[category] + RNG.gauss(0, 0.04), 0.30)) * scale)
            for c in codes
        }
        value, rank = spec["subject_categories"].get(category, (None, None))
        if rank is None:  # not published: Bắc Kạn keeps its own draw
            values = raw
        else:
            values = place(raw, SUBJECT, rank, None if value is None else round(value * scale))
        for c in codes:
            rows[c][category] = values[c]
    return rows


def write_year(folder: Path, year: int, rows: dict[str, dict], provinces: list[dict]) -> Path:
    spec = TARGETS[year]
    decimals = spec["decimals"]
    names = {p["code"]: p["name"] for p in provinces}
    table_rows = []
    for code in sorted(rows, key=lambda c: (-rows[c]["score"], names[c])):
        row = rows[code]
        rank = spec["overall"][code][1] if code in PUBLISHED_RANKS[year] else ""
        cells = [f"{row[k] / 10**decimals:.{decimals}f}" for k in ("score", *CATEGORIES)]
        table_rows.append([rank, names[code], *cells, spec["notes"].get(code, "")])
    path = ranking_path(folder, year)
    write_csv(path, HEADER, table_rows)
    return path


# -- checking what was written ----------------------------------------------------------------


def read_year(folder: Path, year: int, provinces: list[dict]) -> dict[str, dict]:
    index = name_index(provinces)
    table = {}
    for row in read_csv(ranking_path(folder, year)):
        table[index[fold(row["province"])]] = row
    return table


def verify(folder: Path, provinces: list[dict]) -> list[tuple[bool, str]]:
    checks = []

    def check(ok: bool, text: str):
        checks.append((bool(ok), text))

    codes = {p["code"] for p in provinces}
    check(len(codes) == 63, f"registry: {len(codes)} provinces")
    tables = {year: read_year(folder, year, provinces) for year in (2018, 2019)}
    overall, category_ranks = {}, {}
    for year, table in tables.items():
        decimals = TARGETS[year]["decimals"]
        check(
            set(table) == codes and len(read_csv(ranking_path(folder, year))) == 63,
            f"{year}: every province exactly once",
        )
        values = {c: float(r["score"]) for c, r in table.items()}
        check(all(0 <= v <= 1 for v in values.values()), f"{year}: overall scores within 0..1")
        check(all(len(r["score"].split(".")[1]) == decimals for r in table.values()), f"{year}: {decimals} decimals")
        overall[year] = (values, ranks(values))
        check(len(set(values.values())) == 63, f"{year}: no ties in the overall scores")
        for category in CATEGORIES:
            cat = {c: float(r[category]) for c, r in table.items()}
            check(all(0 <= v <= 1 for v in cat.values()), f"{year}: {category} within 0..1")
            category_ranks[(year, category)] = (cat, ranks(cat))
        for code, (score, rank) in TARGETS[year]["overall"].items():
            check(
                values[code] == score and overall[year][1][code] == rank,
                f"{year}: {code} scores {values[code]} (target {score}), rank {overall[year][1][code]} (target {rank})",
            )
        for code in PUBLISHED_RANKS[year]:
            check(
                int(table[code]["rank"]) == overall[year][1][code],
                f"{year}: published rank of {code} agrees with scores",
            )
        check(
            all(not r["rank"] for c, r in table.items() if c not in PUBLISHED_RANKS[year]),
            f"{year}: no invented published rank",
        )
        for category, (score, rank) in TARGETS[year]["subject_categories"].items():
            cat, cat_ranks = category_ranks[(year, category)]
            ok = cat_ranks[SUBJECT] == rank and (score is None or cat[SUBJECT] == score)
            check(
                ok,
                f"{year}: Bắc Kạn {category} rank {cat_ranks[SUBJECT]} (target {rank}), score {cat[SUBJECT]}"
                + (f" (target {score})" if score is not None else ""),
            )
    (v18, r18), (v19, r19) = overall[2018], overall[2019]
    check(r18[SUBJECT] - r19[SUBJECT] == 10, "Bắc Kạn +10 ranks from 2018 to 2019")
    check(r19[SUBJECT] - 13 == 3, "Bắc Kạn 3 ranks below 2017 (13th, real table)")
    check(round(v19[SUBJECT] - v18[SUBJECT], 4) == 0.1079, "Bắc Kạn +0.1079 on 2018")
    check(round(max(v19.values()) - v19[SUBJECT], 4) == 0.134, "2019 gap to the leader 0.134")
    check(
        max(v18, key=v18.get) == DANANG and v18[HUE] == 0.897 and r18[HUE] == 2,
        "2018: Đà Nẵng first, Thừa Thiên Huế 0.897 second",
    )
    check(
        round(v18[DANANG] - v18[SUBJECT], 3) == 0.25, "2018 gap to the leader 0.250 (computed, not the article's 0.209)"
    )
    portal = category_ranks[(2018, "portal")][1][SUBJECT] - category_ranks[(2019, "portal")][1][SUBJECT]
    check(portal == 13, "Bắc Kạn portal +13 ranks (55th → 42nd)")
    check(category_ranks[(2018, "online_services")][1][SUBJECT] > 10, "2018 online services outside the top ten")
    real = scores_2017(provinces)
    check(
        sum(1 for v in real.values() if v is None) == 10 and len(real) == 63,
        "2017 real table: 63 names, 10 without score",
    )
    moves = [abs(r18[c] - r19[c]) for c in codes]
    check(max(moves) <= 30, f"plausible: no province moves more than 30 ranks 2018→2019 (max {max(moves)})")
    return checks


RNG = random.Random(SEED)


def reconstruct(folder: Path) -> None:
    """Draw and write the 2018 table, then 2019 from it."""
    provinces = registry()
    RNG.seed(SEED)
    previous = scores_2017(provinces)
    for year in (2018, 2019):
        rows = draw_year(year, previous, provinces)
        print(f"wrote {write_year(folder, year, rows, provinces)}")
        scale = 10 ** TARGETS[year]["decimals"]
        previous = {c: r["score"] / scale for c, r in rows.items()}


def verify_and_report(folder: Path) -> bool:
    """Check the tables written under folder, one line per check; True when all passed."""
    failed = 0
    for ok, text in verify(folder, registry()):
        print(("ok   " if ok else "FAIL ") + text)
        failed += not ok
    print(f"{failed} check(s) failed" if failed else "all checks passed")
    return not failed


def main(argv=None) -> int:
    return run(__doc__, argv, PROVINCE, reconstruct, verify_and_report)


if __name__ == "__main__":
    sys.exit(main())
