"""A province built by hand across a reorganisation, as an office would send it: two years, a merger,
a change of type under the same name, a commune changing district, a commune renamed.

Every figure below is typed by hand; tests/core/test_unit_history.py checks the report's against them.

Changes effective 1 January 2024 (changes.csv, each with its legal basis):
- Huyện Đông Sơn (102) merged into Thành phố Thủy Lâm (101), which keeps its code;
- Thị xã Hà Châu becomes Thành phố Hà Châu (103, same code: a change of type);
- Xã Phú Cường (10003) and Xã Phú Lộc (10004), of Đông Sơn, now under Thủy Lâm (with the merger);
- Xã Tân Hòa (10006) moves from Huyện Tây Giang (104) to Thành phố Hà Châu (103);
- Xã Hưng Lợi (10008) is renamed Xã Hưng Thịnh.

District scores (readiness /40, results /60):

    district                 2023                2024
    101 Thủy Lâm             30 + 45 = 75,00     32 + 50 = 82,00
    102 Đông Sơn             20 + 30 = 50,00     (merged)
    103 Hà Châu              25 + 40 = 65,00     30 + 44 = 74,00
    104 Tây Giang            15 + 35 = 50,00     20 + 30 = 50,00

Means: 2023 (75 + 50 + 65 + 50) / 4 = 60,00; 2024 (82 + 74 + 50) / 3 = 68,666… = 68,67; change +8,67.
Thủy Lâm compared with the mean of its predecessors: (75 + 50) / 2 = 62,50, change +19,50.
Ranks 2023 recounted on the 2024 units: Hà Châu 65 (1), Thủy Lâm 62,50 (2), Tây Giang 50 (3);
2024: Thủy Lâm 82 (1), Hà Châu 74 (2), Tây Giang 50 (3): Thủy Lâm ↑1, Hà Châu ↓1, Tây Giang =.
(On the 2023 ranking as published Thủy Lâm was first: without the recount it would show "=".)

Commune totals (one group, /100), 2024, by district: Thủy Lâm 10001 80, 10002 70, 10003 60,
10004 50 -> mean 65,00; Hà Châu 10005 90, 10006 40 -> 65,00; Tây Giang 10007 55, 10008 45 -> 50,00.
"""

from __future__ import annotations

from pathlib import Path

CODE = "thuylam"
YEARS = (2023, 2024)

FRAMEWORK = """\
kind: tiered_scores
province: {code: thuylam, name: Thủy Lâm, name_full: tỉnh Thủy Lâm}
title: Đánh giá mức độ Chính quyền điện tử
subject: mức độ Chính quyền điện tử
comparison_across_changes: mean
bands:
  - {code: good, label: tốt, min_share: 0.8}
  - {code: fair, label: khá, min_share: 0.65}
  - {code: average, label: trung bình, min_share: 0.5}
  - {code: poor, label: dưới trung bình, min_share: 0.0}
tiers:
  - code: districts
    label: huyện, thị xã, thành phố
    label_unit: địa phương cấp huyện
    groups:
      - {code: readiness, label: Điều kiện sẵn sàng, max: 40}
      - {code: results, label: Kết quả đạt được, max: 60}
  - code: communes
    label: xã, phường, thị trấn
    label_unit: đơn vị cấp xã
    parent_tier: districts
    max: 100
unit_types: {thanh-pho: Thành phố, thi-xa: Thị xã, huyen: Huyện, xa: Xã, phuong: Phường}
"""

UNITS = """\
code,name,tier,parent_code,unit_type,valid_from,valid_to
101,Thành phố Thủy Lâm,districts,,thanh-pho,,
102,Huyện Đông Sơn,districts,,huyen,,2024-01-01
103,Thị xã Hà Châu,districts,,thi-xa,,2024-01-01
103,Thành phố Hà Châu,districts,,thanh-pho,2024-01-01,
104,Huyện Tây Giang,districts,,huyen,,
10001,Phường Thủy An,communes,101,phuong,,
10002,Phường Thủy Bình,communes,101,phuong,,
10003,Xã Phú Cường,communes,102,xa,,2024-01-01
10003,Xã Phú Cường,communes,101,xa,2024-01-01,
10004,Xã Phú Lộc,communes,102,xa,,2024-01-01
10004,Xã Phú Lộc,communes,101,xa,2024-01-01,
10005,Phường Châu Thành,communes,103,phuong,,
10006,Xã Tân Hòa,communes,104,xa,,2024-01-01
10006,Xã Tân Hòa,communes,103,xa,2024-01-01,
10007,Xã Tây Sơn,communes,104,xa,,
10008,Xã Hưng Lợi,communes,104,xa,,2024-01-01
10008,Xã Hưng Thịnh,communes,104,xa,2024-01-01,
"""

BASIS = "Nghị quyết,9001/NQ-UBTVQH15,2023-12-14,Ủy ban Thường vụ Quốc hội"
CHANGES = f"""\
effective,change,from_codes,to_codes,basis_kind,basis_number,basis_date,basis_issuer
2024-01-01,merge,101;102,101,{BASIS}
2024-01-01,retype,103,103,{BASIS}
2024-01-01,reparent,10003;10004,10003;10004,{BASIS}
2024-01-01,reparent,10006,10006,Nghị quyết,77/NQ-HĐND,2023-12-08,Hội đồng nhân dân tỉnh Thủy Lâm
2024-01-01,rename,10008,10008,{BASIS}
"""

DISTRICT_SCORES = {
    2023: [
        ("101", "Thành phố Thủy Lâm", 30, 45),
        ("102", "Huyện Đông Sơn", 20, 30),
        ("103", "Thị xã Hà Châu", 25, 40),
        ("104", "Huyện Tây Giang", 15, 35),
    ],
    2024: [
        ("101", "Thành phố Thủy Lâm", 32, 50),
        ("103", "Thành phố Hà Châu", 30, 44),
        ("104", "Huyện Tây Giang", 20, 30),
    ],
}
COMMUNE_SCORES = {  # code, name, parent as typed, total
    2023: [
        ("10001", "Phường Thủy An", "101", 75),
        ("10002", "Phường Thủy Bình", "101", 65),
        ("10003", "Xã Phú Cường", "102", 55),
        ("10004", "Xã Phú Lộc", "102", 45),
        ("10005", "Phường Châu Thành", "103", 85),
        ("10006", "Xã Tân Hòa", "104", 35),
        ("10007", "Xã Tây Sơn", "104", 50),
        ("10008", "Xã Hưng Lợi", "104", 40),
    ],
    2024: [
        ("10001", "Phường Thủy An", "101", 80),
        ("10002", "Phường Thủy Bình", "101", 70),
        ("10003", "Xã Phú Cường", "Thành phố Thủy Lâm", 60),
        ("10004", "Xã Phú Lộc", "101", 50),
        ("10005", "Phường Châu Thành", "Thành phố Hà Châu", 90),
        ("10006", "Xã Tân Hòa", "103", 40),
        ("10007", "Xã Tây Sơn", "104", 55),
        ("10008", "Xã Hưng Thịnh", "104", 45),
    ],
}


def evaluation_yaml(year: int) -> str:
    previous = "previous_year: 2023\n" if year == 2024 else ""
    return (
        f"year: {year}\n{previous}data_status: published\n"
        "sources:\n  districts:\n    file: districts.csv\n  communes:\n    file: communes.csv\n"
    )


def write(data_dir: Path, district_scores=None, changes: str = CHANGES, units: str = UNITS) -> Path:
    """data_dir/thuylam/ with its framework, registry through time, changes and two years of scores."""
    root = Path(data_dir) / CODE
    root.mkdir(parents=True)
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (root / "units.csv").write_text(units, encoding="utf-8")
    (root / "changes.csv").write_text(changes, encoding="utf-8")
    district_scores = district_scores or DISTRICT_SCORES
    for year in YEARS:
        folder = root / str(year)
        folder.mkdir()
        (folder / "evaluation.yaml").write_text(evaluation_yaml(year), encoding="utf-8")
        rows = ["Mã đơn vị,Tên đơn vị,Điều kiện sẵn sàng,Kết quả đạt được"]
        rows += [f"{c},{n},{a},{b}" for c, n, a, b in district_scores[year]]
        (folder / "districts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        rows = ["Mã đơn vị,Tên đơn vị,Huyện,Tổng điểm"]
        rows += [f"{c},{n},{p},{t}" for c, n, p, t in COMMUNE_SCORES[year]]
        (folder / "communes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


# -- the same province as an office sends it: workbooks with a merged two-row header and an average row --

# District means by hand: 2023 readiness (30 + 20 + 25 + 15) / 4 = 22,50, results (45 + 30 + 40 + 35) / 4
# = 37,50, total 60,00; 2024 readiness (32 + 30 + 20) / 3 = 27,333… -> 27,33, results (50 + 44 + 30) / 3 =
# 41,333… -> 41,33, total 206 / 3 = 68,666… -> 68,67.
OFFICE_MEANS = {2023: (22.50, 37.50, 60.00), 2024: (27.33, 41.33, 68.67)}


def write_office(data_dir: Path) -> Path:
    """The province with each year's district table as a workbook (sheet "Cấp huyện", "Bình quân chung")."""
    from support.workbooks import office_workbook

    root = write(data_dir)
    for year in YEARS:
        folder = root / str(year)
        (folder / "districts.csv").unlink()
        office_workbook(
            folder / "diem_cap_huyen.xlsx",
            f"KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM {year}",
            ["Điều kiện sẵn sàng", "Kết quả đạt được"],
            DISTRICT_SCORES[year],
            [("Bình quân chung", OFFICE_MEANS[year])],
        )
        settings = (folder / "evaluation.yaml").read_text(encoding="utf-8")
        (folder / "evaluation.yaml").write_text(
            settings.replace("file: districts.csv", "file: diem_cap_huyen.xlsx\n    sheet: Cấp huyện"), encoding="utf-8"
        )
    return root
