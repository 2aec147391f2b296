"""A tiny province built by hand for tie tests: three districts, eight communes, one year.

Scores are chosen so that, computed by hand (every figure is typed in the tests):

    commune                  district            readiness  results  provincial  total
    Phường Hà An (T06)       Thành phố Hạ Long       30,00    55,00       10,00   95,00
    Phường Yên Giang (T05)   Thị xã Quảng Yên        20,00    56,50        5,00   81,50
    Phường Hà Khánh (T07)    Thành phố Hạ Long       25,00    46,00        5,00   76,00
    Xã Ân Hòa (T01)          Thị xã Đông Triều       20,00    45,50        5,00   70,50
    Xã An Sinh (T02)         Thị xã Đông Triều       20,00    45,50        5,00   70,50
    Xã Đồng Rui (T03)        Thị xã Quảng Yên        20,00    40,00        5,00   65,00
    Xã Hải Lạng (T04)        Thị xã Quảng Yên        20,00    40,00        5,00   65,00
    Xã Bằng Cả (T08)         Huyện Ba Chẽ            15,00    30,00        3,00   48,00

Means by district: Hạ Long (95 + 76) / 2 = 85,50; Đông Triều (70,5 + 70,5) / 2 = 70,50;
Quảng Yên (81,5 + 65 + 65) / 3 = 211,5 / 3 = 70,50: a tie between two districts of different
sizes; Ba Chẽ 48,00.

The ties are built so that each possible order gives a different answer:
- units at 70,50: Vietnamese alphabetical order puts "Xã An Sinh" before "Xã Ân Hòa" (a < â),
  their codes the other way round (T01 is Ân Hòa);
- units at 65,00: "Xã Đồng Rui" before "Xã Hải Lạng" (đ < h), while Python's code-point order
  puts Đ (U+0110) after H;
- districts at 70,50: "Thị xã Đông Triều" before "Thị xã Quảng Yên" (đ < q), while the code
  (D2 is Quảng Yên), the registry's order and code-point order all put Quảng Yên first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support.helpers import FRAMEWORK_YAML

CODE = "tinhhoa"
YEAR = 2019
DISTRICTS = [
    ("D1", "Thành phố Hạ Long"),
    ("D2", "Thị xã Quảng Yên"),
    ("D3", "Thị xã Đông Triều"),
    ("D4", "Huyện Ba Chẽ"),
]
COMMUNES = [  # code, name, district, readiness, results, provincial
    ("T01", "Xã Ân Hòa", "D3", "20", "45.5", "5"),
    ("T02", "Xã An Sinh", "D3", "20", "45.5", "5"),
    ("T03", "Xã Đồng Rui", "D2", "20", "40", "5"),
    ("T04", "Xã Hải Lạng", "D2", "20", "40", "5"),
    ("T05", "Phường Yên Giang", "D2", "20", "56.5", "5"),
    ("T06", "Phường Hà An", "D1", "30", "55", "10"),
    ("T07", "Phường Hà Khánh", "D1", "25", "46", "5"),
    ("T08", "Xã Bằng Cả", "D4", "15", "30", "3"),
]
HEADER = "Mã đơn vị,Tên đơn vị,Điều kiện sẵn sàng Chính quyền điện tử,Kết quả Chính quyền điện tử đạt được,Các tiêu chí do UBND tỉnh quy định"


def write(data_dir: Path, communes=COMMUNES) -> Path:
    """data_dir/<CODE>/ with the Quảng Ninh framework, the registry and one year of commune scores."""
    root = Path(data_dir) / CODE
    (root / str(YEAR)).mkdir(parents=True)
    shutil.copy(FRAMEWORK_YAML, root / "framework.yaml")
    registry = ["code,name,tier,parent_code,unit_type"]
    registry += [f"{code},{name},districts,,huyen" for code, name in DISTRICTS]
    registry += [f"{c[0]},{c[1]},communes,{c[2]},xa" for c in communes]
    (root / "units.csv").write_text("\n".join(registry) + "\n", encoding="utf-8")
    (root / str(YEAR) / "evaluation.yaml").write_text(
        f"year: {YEAR}\nsources:\n  communes:\n    file: scores_communes.csv\n", encoding="utf-8"
    )
    rows = [HEADER] + [",".join((c[0], c[1], *c[3:])) for c in communes]
    (root / str(YEAR) / "scores_communes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Path(data_dir)
