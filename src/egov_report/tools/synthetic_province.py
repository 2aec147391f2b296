"""A synthetic province of any size, to test and measure reports at scale.

    egov-synthetic-province OUT_DIR [--communes 10000] [--districts 700]
        [--departments 40] [--code tinhmau] [--year 2020] [--years 2] [--seed 7]

writes a complete data folder for one province into OUT_DIR (which is then used as the data
folder through EGOV_DATA_DIR; nothing is written under data/):

    OUT_DIR/<code>/framework.yaml      the Quảng Ninh framework's structure (3 tiers, 4 bands)
    OUT_DIR/<code>/units.csv           departments, districts and communes under the districts
    OUT_DIR/<code>/<year-1>/           last year's scores (the report compares with them; not
                                       written with --years 1)
    OUT_DIR/<code>/<year>/             this year's scores

Example, the 10,000-commune province of ``make bench``:

    egov-synthetic-province /tmp/big
    EGOV_DATA_DIR=/tmp/big .venv/bin/python -m egov_report render tinhmau 2020

Scores are seeded random numbers (the same seed gives the same files): each unit has a level
drawn from a Beta distribution, each criteria group scatters around it, and a unit's level
moves a little from one year to the next (never so much that validation warns about a drop).
Names are made of common Vietnamese place-name syllables plus a number, so they are unique
and read like names. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

SYLLABLES = (
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thạnh",
    "Long",
    "Hưng",
    "Mỹ",
    "Phước",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hải",
    "Sơn",
    "Thủy",
    "Lộc",
    "Thành",
    "Quang",
    "Minh",
    "Trung",
    "Vĩnh",
    "Hiệp",
    "Lợi",
)
BANDS = (
    ("good", "tốt", 0.80),
    ("fair", "khá", 0.65),
    ("average", "trung bình", 0.50),
    ("poor", "dưới trung bình", 0.0),
)
# fmt: off
TIERS = {  # a tier to a few lines: the three read as the table they are
    "departments": {"max": 100, "label": "sở, ban, ngành", "label_unit": "sở, ban, ngành", "groups": (
        ("infrastructure", "Hạ tầng kỹ thuật CNTT", 20), ("application", "Ứng dụng và đầu tư", 60),
        ("staff", "Nhân lực cho ứng dụng CNTT", 20))},
    "districts": {"max": 170, "label": "huyện, thị xã, thành phố", "label_unit": "địa phương cấp huyện", "groups": (
        ("readiness", "Điều kiện sẵn sàng Chính quyền điện tử", 50), ("results", "Kết quả Chính quyền điện tử đạt được", 100),
        ("provincial", "Các tiêu chí do UBND tỉnh quy định", 20))},
    "communes": {"max": 100, "label": "xã, phường, thị trấn", "label_unit": "đơn vị cấp xã", "parent": "districts", "groups": (
        ("readiness", "Điều kiện sẵn sàng Chính quyền điện tử", 30), ("results", "Kết quả Chính quyền điện tử đạt được", 60),
        ("provincial", "Các tiêu chí do UBND tỉnh quy định", 10))},
}
# fmt: on
UNIT_TYPES = {
    "so": "sở",
    "huyen": "huyện",
    "thi-xa": "thị xã",
    "thanh-pho": "thành phố",
    "xa": "xã",
    "phuong": "phường",
    "thi-tran": "thị trấn",
}


def framework_yaml(code: str, name: str) -> str:
    lines = [
        "# Synthetic province made by egov-synthetic-province (egov_report.tools): not real data.",
        "kind: tiered_scores",
        "province:",
        f"  code: {code}",
        f"  name: {name}",
        f"  name_full: tỉnh {name}",
        "title: Đánh giá mức độ Chính quyền điện tử",
        "subject: mức độ Chính quyền điện tử",
        "bands:",
    ]
    for band, label, share in BANDS:
        lines += [f"  - code: {band}", f"    label: {label}", f"    min_share: {share}"]
    lines.append("tiers:")
    for tier, spec in TIERS.items():
        lines += [
            f"  - code: {tier}",
            f"    max: {spec['max']}",
            f"    label: {spec['label']}",
            f"    label_unit: {spec['label_unit']}",
        ]
        if "parent" in spec:
            lines.append(f"    parent_tier: {spec['parent']}")
        lines.append("    criteria_source: bộ tiêu chí mẫu (dữ liệu tổng hợp)")
        lines.append("    groups:")
        for group, label, top in spec["groups"]:
            lines += [f"      - code: {group}", f"        label: {label}", f"        max: {top}"]
    lines.append("unit_types:")
    lines += [f"  {key}: {label}" for key, label in UNIT_TYPES.items()]
    return "\n".join(lines) + "\n"


def evaluation_yaml(year: int, previous_year: int | None, data_status: str = "published") -> str:
    lines = [
        "# Synthetic province made by egov-synthetic-province (egov_report.tools): not real data.",
        f"year: {year}",
    ]
    if previous_year:
        lines.append(f"previous_year: {previous_year}")
    lines += [
        # "synthetic", written here before, is now refused (issue 21: a status not listed is never read
        # as another); every report read it as published. The default keeps that: the scale tests and
        # the bench measure the body a province with official data gets; the province is "Tỉnh Mẫu" and
        # its data note says the scores are random. data_status="reconstructed" marks it as sample data.
        f"data_status: {data_status}",
        "data_note: >-",
        "  Tỉnh mẫu với số liệu ngẫu nhiên do chương trình egov-synthetic-province tạo ra để kiểm tra",
        "  báo cáo ở quy mô lớn; không phải số liệu của bất kỳ địa phương nào.",
        "method:",
        "  - số liệu ngẫu nhiên có gieo hạt (tạo lại được).",
        "sources:",
    ]
    for tier in TIERS:
        lines += [f"  {tier}:", f"    file: scores_{tier}.csv"]
    return "\n".join(lines) + "\n"


def unique_names(rng: random.Random, count: int, prefix: str) -> list[str]:
    """Names like 'Tân Hòa 12': two syllables and a number, unique within the list."""
    names = []
    for index in range(count):
        first, second = rng.sample(SYLLABLES, 2)
        names.append(f"{prefix}{first} {second} {index + 1}")
    return names


def registry(rng: random.Random, communes: int, districts: int, departments: int) -> list[dict]:
    rows = []
    for index, name in enumerate(unique_names(rng, departments, "Sở "), start=1):
        rows.append(
            {"code": f"S{index:03d}", "name": name, "tier": "departments", "parent_code": "", "unit_type": "so"}
        )
    district_codes = []
    for index in range(1, districts + 1):
        kind = rng.choices(("huyen", "thi-xa", "thanh-pho"), weights=(8, 1, 1))[0]
        prefix = {"huyen": "Huyện ", "thi-xa": "Thị xã ", "thanh-pho": "Thành phố "}[kind]
        code = f"H{index:04d}"
        district_codes.append(code)
        first, second = rng.sample(SYLLABLES, 2)
        rows.append(
            {
                "code": code,
                "name": f"{prefix}{first} {second} {index}",
                "tier": "districts",
                "parent_code": "",
                "unit_type": kind,
            }
        )
    for index in range(1, communes + 1):
        kind = rng.choices(("xa", "phuong", "thi-tran"), weights=(7, 2, 1))[0]
        prefix = {"xa": "Xã ", "phuong": "Phường ", "thi-tran": "Thị trấn "}[kind]
        # every district gets communes; the rest are spread at random
        parent = district_codes[index - 1] if index <= districts else rng.choice(district_codes)
        first, second = rng.sample(SYLLABLES, 2)
        rows.append(
            {
                "code": f"X{index:05d}",
                "name": f"{prefix}{first} {second} {index}",
                "tier": "communes",
                "parent_code": parent,
                "unit_type": kind,
            }
        )
    return rows


def levels(rng: random.Random, units: list[dict]) -> dict[str, float]:
    """Each unit's level (a share of the maximum), with communes of a district alike."""
    district_effect = {u["code"]: rng.gauss(0, 0.05) for u in units if u["tier"] == "districts"}
    out = {}
    for unit in units:
        base = rng.betavariate(6, 3.5)
        out[unit["code"]] = min(0.97, max(0.25, base + district_effect.get(unit["parent_code"], 0.0)))
    return out


def scores(rng: random.Random, units: list[dict], level: dict[str, float], tier: str) -> list[list]:
    groups = TIERS[tier]["groups"]
    header = ["Mã đơn vị", "Tên đơn vị", *(label for _, label, _ in groups), "Tổng điểm"]
    rows = [header]
    for unit in units:
        if unit["tier"] != tier:
            continue
        values = [
            round(min(top, max(0.0, top * (level[unit["code"]] + rng.gauss(0, 0.06)))), 2) for _, _, top in groups
        ]
        rows.append([unit["code"], unit["name"], *values, round(sum(values), 2)])
    return rows


def write_csv(path: Path, rows: list) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows(rows)


def generate(
    out_dir: Path,
    communes: int = 10_000,
    districts: int = 700,
    departments: int = 40,
    code: str = "tinhmau",
    name: str = "Tỉnh Mẫu",
    year: int = 2020,
    seed: int = 7,
    years: int = 2,
    data_status: str = "published",
) -> Path:
    """Write the province into out_dir/<code>/ and return that folder.

    ``years``: 2 writes ``year - 1`` and ``year`` (the report of ``year`` compares with the
    year before), 1 writes ``year`` only.
    """
    if years not in (1, 2):
        raise ValueError("years: 1 or 2")
    if districts < 1 or communes < districts or departments < 1:
        raise ValueError("need at least one department and one district, and a commune per district")
    rng = random.Random(seed)
    province = Path(out_dir) / code
    province.mkdir(parents=True, exist_ok=True)
    (province / "framework.yaml").write_text(framework_yaml(code, name), encoding="utf-8")
    units = registry(rng, communes, districts, departments)
    fields = ("code", "name", "tier", "parent_code", "unit_type")
    write_csv(province / "units.csv", [fields] + [[u[f] for f in fields] for u in units])
    before = levels(rng, units)
    after = {unit: min(0.97, max(0.25, value + rng.gauss(0.02, 0.04))) for unit, value in before.items()}
    plan = ((year - 1, None, before), (year, year - 1, after)) if years == 2 else ((year, None, after),)
    for this_year, previous, level in plan:
        folder = province / str(this_year)
        folder.mkdir(exist_ok=True)
        (folder / "evaluation.yaml").write_text(evaluation_yaml(this_year, previous, data_status), encoding="utf-8")
        for tier in TIERS:
            write_csv(folder / f"scores_{tier}.csv", scores(rng, units, level, tier))
    return province


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="data folder to write into (use it as EGOV_DATA_DIR)")
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--districts", type=int, default=700)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--code", default="tinhmau", help="province code (folder name)")
    parser.add_argument("--name", default="Tỉnh Mẫu")
    parser.add_argument("--year", type=int, default=2020, help="the report's year; the year before is generated too")
    parser.add_argument("--years", type=int, choices=(1, 2), default=2, help="2: the year before too (default)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    province = generate(
        args.out_dir,
        args.communes,
        args.districts,
        args.departments,
        args.code,
        args.name,
        args.year,
        args.seed,
        args.years,
    )
    shown = f"{args.year - 1} and {args.year}" if args.years == 2 else str(args.year)
    print(
        f"{province}: {args.departments} departments, {args.districts} districts, {args.communes} communes, "
        f"year {shown}"
    )
    print(f"render: EGOV_DATA_DIR={args.out_dir} .venv/bin/python -m egov_report render {args.code} {args.year}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
