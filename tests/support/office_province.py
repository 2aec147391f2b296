"""A small province written for the tests (Hà Châu, invented): three districts and four communes.

Its registry keeps an older unit beside a newer one of the same name ("Thị xã Hà Châu", 890,
and "Thành phố Hà Châu", 891), as a registry does when a thị xã becomes a thành phố. Score
tables are written by each test (CSV or a workbook built with openpyxl), so that every figure
a test asserts is one it typed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

PROVINCE = "hachau"

FRAMEWORK = {
    "kind": "tiered_scores",
    "province": {"code": PROVINCE, "name": "Hà Châu", "name_full": "tỉnh Hà Châu"},
    "title": "Đánh giá mức độ Chính quyền điện tử",
    "subject": "mức độ Chính quyền điện tử",
    "bands": [
        {"code": "good", "label": "tốt", "min_share": 0.8},
        {"code": "fair", "label": "khá", "min_share": 0.65},
        {"code": "average", "label": "trung bình", "min_share": 0.5},
        {"code": "poor", "label": "dưới trung bình", "min_share": 0.0},
    ],
    "tiers": [
        {
            "code": "districts",
            "max": 100,
            "label": "huyện, thị xã, thành phố",
            "label_unit": "địa phương cấp huyện",
            "groups": [
                {"code": "infrastructure", "label": "Hạ tầng kỹ thuật", "max": 30},
                {"code": "application", "label": "Ứng dụng", "max": 50},
                {"code": "staff", "label": "Nhân lực", "max": 20},
            ],
        },
        {
            "code": "communes",
            "max": 100,
            "label": "xã, phường, thị trấn",
            "label_unit": "đơn vị cấp xã",
            "parent_tier": "districts",
            "groups": [
                {"code": "readiness", "label": "Điều kiện sẵn sàng", "max": 40},
                {"code": "results", "label": "Kết quả đạt được", "max": 60},
            ],
        },
    ],
    "unit_types": {"thanh-pho": "thành phố", "thi-xa": "thị xã", "huyen": "huyện", "phuong": "phường", "xa": "xã"},
}

UNITS = [
    ("890", "Thị xã Hà Châu", "districts", "", "thi-xa"),
    ("891", "Thành phố Hà Châu", "districts", "", "thanh-pho"),
    ("892", "Huyện Tân Lập", "districts", "", "huyen"),
    ("30001", "Phường Bắc Sơn", "communes", "891", "phuong"),
    ("30002", "Phường Nam Sơn", "communes", "891", "phuong"),
    ("30003", "Xã Đông Hà", "communes", "890", "xa"),
    ("30004", "Xã Tân Phú", "communes", "892", "xa"),
]

# Hand-typed scores (infrastructure, application, staff); totals and means worked out by hand
# in the tests that use them.
DISTRICTS_2019 = {"890": (20.50, 40.25, 15.00), "891": (25.00, 45.50, 18.25), "892": (18.75, 30.00, 10.50)}
COMMUNES_2019 = {"30001": (30.00, 45.00), "30002": (25.50, 40.00), "30003": (20.00, 35.25), "30004": (35.00, 50.00)}


def write_province(root: Path, years: dict[int, dict], units=UNITS) -> Path:
    """root/hachau with the framework, the registry and, per year, evaluation.yaml holding ``years[y]``
    (its ``sources`` and fields); returns root (the data_dir to pass)."""
    province = root / PROVINCE
    province.mkdir(parents=True, exist_ok=True)
    (province / "framework.yaml").write_text(
        yaml.safe_dump(FRAMEWORK, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "tier", "parent_code", "unit_type"])
    writer.writerows(units)
    (province / "units.csv").write_text(buffer.getvalue(), encoding="utf-8")
    for year, settings in years.items():
        folder = province / str(year)
        folder.mkdir(exist_ok=True)
        (folder / "evaluation.yaml").write_text(
            yaml.safe_dump({"year": year, **settings}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root


def write_csv(path: Path, rows: list[list]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def score_rows(scores: dict[str, tuple], names: dict[str, str] | None = None) -> list[list]:
    """Code, name, the groups and their total (typed as the sum, two decimals) per unit."""
    names = names or {u[0]: u[1] for u in UNITS}
    return [[code, names[code], *values, round(sum(values), 2)] for code, values in scores.items()]
