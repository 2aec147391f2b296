"""A five-province national index written by hand (tests/kinds/national_index/test_national_index_record.py
gives every figure of its record): two categories, scores out of 1, in one, two or three years."""

from __future__ import annotations

import textwrap

from egov_report.kinds.national_index.analysis import analyse
from egov_report.kinds.national_index.loading import load_evaluation

FRAMEWORK = """\
kind: national_index
province: {code: backan, name: Bắc Kạn, name_full: tỉnh Bắc Kạn, registry_code: "06"}
title: Thứ hạng của
index: {name: Chỉ số thử, short_name: chỉ số thử, publisher: Bộ Thông tin và Truyền thông, scale_max: 1, decimals: 4}
registry: {file: provinces.csv, count: 5}
categories:
  - {code: infra, label: Hạ tầng kỹ thuật, short_label: Hạ tầng}
  - {code: portal, label: Cổng thông tin điện tử, short_label: Cổng thông tin}
top_n: 3
"""
REGISTRY = """\
code,name,name_full,type,aliases
01,Hà Nội,Thành phố Hà Nội,thanh-pho,
02,Hà Giang,Tỉnh Hà Giang,tinh,
04,Cao Bằng,Tỉnh Cao Bằng,tinh,
06,Bắc Kạn,Tỉnh Bắc Kạn,tinh,
08,Tuyên Quang,Tỉnh Tuyên Quang,tinh,
"""
TABLES = {
    2018: """\
        rank,province,score,infra,portal,note
        1,Hà Nội,0.90,0.90,0.90,
        2,Hà Giang,0.80,0.70,0.90,
        3,Cao Bằng,0.70,0.80,0.60,
        4,Bắc Kạn,0.60,0.50,0.70,
        5,Tuyên Quang,0.50,0.60,0.40,
        """,
    2019: """\
        rank,province,score,infra,portal,note
        1,Hà Nội,0.95,0.90,0.85,điểm theo công bố
        2,Hà Giang,0.85,0.90,0.80,
        3,Cao Bằng,0.80,0.70,0.90,
        3,Bắc Kạn,0.80,0.75,0.90,
        ,Tuyên Quang,,,,
        """,
}


def index_record(data_dir, years: dict[int, tuple[str, str]]) -> dict:
    """The record of 2019 of the index written under data_dir/backan: {year: (its evaluation.yaml, its table)}."""
    root = data_dir / "backan"
    root.mkdir()
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (root / "provinces.csv").write_text(REGISTRY, encoding="utf-8")
    for year, (settings, table) in years.items():
        (root / str(year)).mkdir()
        (root / str(year) / "evaluation.yaml").write_text(f"year: {year}\n{settings}", encoding="utf-8")
        (root / str(year) / "national_ranking.csv").write_text(textwrap.dedent(table), encoding="utf-8")
    return analyse(load_evaluation("backan", 2019, data_dir))


TABLES_B = {
    2017: """\
        rank,province,score,infra,portal,note
        1,Hà Nội,0.90,0.90,0.90,
        2,Hà Giang,0.80,0.70,0.90,
        3,Cao Bằng,0.70,0.80,0.60,
        4,Bắc Kạn,0.6012,0.50,0.70,
        5,Tuyên Quang,0.50,0.60,0.40,
        """,
    2018: """\
        rank,province,score,note
        ,Hà Nội,0.92,
        ,Hà Giang,0.82,
        ,Cao Bằng,0.72,
        ,Bắc Kạn,,
        ,Tuyên Quang,0.52,
        """,
    2019: """\
        rank,province,score,infra,note
        ,Hà Nội,0.95,0.90,
        ,Hà Giang,0.85,0.90,
        ,Cao Bằng,0.80,0.70,
        ,Bắc Kạn,0.80,0.75,
        ,Tuyên Quang,0.50,0.60,
        """,
}


ONE_YEAR = """\
    rank,province,score,infra,portal,note
    1,Hà Nội,0.95,0.90,0.85,
    1,Hà Giang,0.95,0.90,0.80,
    1,Cao Bằng,0.95,0.70,0.90,
    4,Bắc Kạn,0.80,0.75,0.90,
    5,Tuyên Quang,0.50,0.60,0.70,
    """


def two_years(data_dir) -> dict:
    """2018 and 2019, published, with a source and a method; Tuyên Quang without a score in 2019."""
    notes = {2018: "", 2019: "notes: {Tuyên Quang: chưa công bố}\n"}
    return index_record(
        data_dir,
        {
            year: (
                f"data_status: published\nsource: Bộ công bố năm {year + 1}\n"
                f"method: [chấm theo hai hạng mục]\n{notes[year]}",
                table,
            )
            for year, table in TABLES.items()
        },
    )


def three_years(data_dir) -> dict:
    """2017 with both categories; 2018 overall scores only, Bắc Kạn without one; 2019 without portal and
    without published ranks. Its notes and status: 2019 'reconstructed' with a data note."""
    status = {
        2017: "published",
        2018: "published",
        2019: "reconstructed\ndata_note: Điểm của các tỉnh khác là dữ liệu mẫu.",
    }
    return index_record(data_dir, {year: (f"data_status: {status[year]}\n", table) for year, table in TABLES_B.items()})


def one_year(data_dir) -> dict:
    """2019 only: three provinces tied first, Bắc Kạn fourth."""
    return index_record(data_dir, {2019: ("data_status: published\nmethod: [chấm theo hai hạng mục]\n", ONE_YEAR)})
