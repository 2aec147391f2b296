"""A province across the move to two-level local government (1 July 2025), built by hand: communes
directly under the province from 2025, each keeping its former district (units.csv group_code) for
grouping; two wards merged into a new one, two communes re-parented, the districts dissolved.

Commune totals (/100): 2024 Thủy An 80, Thủy Bình 70 (Thủy Lâm), Tây Sơn 55, Hưng Thịnh 45 (Tây Giang);
2025 Phường Thủy Lâm (20001, of the two wards) 85, Tây Sơn 60, Hưng Thịnh 40.
Means: 2024 (80 + 70 + 55 + 45) / 4 = 62,50; 2025 185 / 3 = 61,666… = 61,67; change −0,83.
The new ward against its predecessors' mean (80 + 70) / 2 = 75,00: +10,00.
"""

from __future__ import annotations

FRAMEWORK = """\
kind: tiered_scores
province: {code: thuylam, name: Thủy Lâm, name_full: tỉnh Thủy Lâm}
title: Đánh giá mức độ chuyển đổi số
tiers:
  - code: communes
    label: xã, phường
    label_unit: đơn vị cấp xã
    max: 100
    group_tier: districts
    parent_label: địa bàn huyện cũ
unit_types: {thanh-pho: Thành phố, huyen: Huyện, xa: Xã, phuong: Phường}
"""
UNITS = """\
code,name,tier,parent_code,unit_type,valid_from,valid_to,group_code
101,Thành phố Thủy Lâm,districts,,thanh-pho,,2025-07-01,
104,Huyện Tây Giang,districts,,huyen,,2025-07-01,
10001,Phường Thủy An,communes,101,phuong,,2025-07-01,
10002,Phường Thủy Bình,communes,101,phuong,,2025-07-01,
10007,Xã Tây Sơn,communes,104,xa,,2025-07-01,
10008,Xã Hưng Thịnh,communes,104,xa,,2025-07-01,
20001,Phường Thủy Lâm,communes,,phuong,2025-07-01,,101
10007,Xã Tây Sơn,communes,,xa,2025-07-01,,104
10008,Xã Hưng Thịnh,communes,,xa,2025-07-01,,104
"""
BASIS = "Nghị quyết,9002/NQ-UBTVQH15,2025-06-16,Ủy ban Thường vụ Quốc hội"
CHANGES = f"""\
effective,change,from_codes,to_codes,basis_kind,basis_number,basis_date,basis_issuer
2025-07-01,merge,10001;10002,20001,{BASIS}
2025-07-01,reparent,10007;10008,10007;10008,{BASIS}
2025-07-01,dissolve,101;104,,{BASIS}
"""


def write(data_dir):
    """The province under data_dir/thuylam: 2024 (three-level) and 2025 (two-level)."""
    root = data_dir / "thuylam"
    root.mkdir()
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (root / "units.csv").write_text(UNITS, encoding="utf-8")
    (root / "changes.csv").write_text(CHANGES, encoding="utf-8")
    scores = {
        2024: [("10001", 80), ("10002", 70), ("10007", 55), ("10008", 45)],
        2025: [("20001", 85), ("10007", 60), ("10008", 40)],
    }
    for year, rows in scores.items():
        (root / str(year)).mkdir()
        previous = "previous_year: 2024\n" if year == 2025 else ""
        (root / str(year) / "evaluation.yaml").write_text(
            f"year: {year}\n{previous}sources:\n  communes:\n    file: xa.csv\n", encoding="utf-8"
        )
        lines = ["Mã đơn vị,Tổng điểm", *(f"{c},{t}" for c, t in rows)]
        (root / str(year) / "xa.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
