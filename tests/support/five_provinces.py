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


def index_record(data_dir, years: dict[int, tuple[str, str]], published: str = "") -> dict:
    """The record of 2019 of the index written under data_dir/backan: {year: (its evaluation.yaml, its table)};
    ``published``: 2019's published.yaml, if any."""
    root = data_dir / "backan"
    root.mkdir()
    (root / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (root / "provinces.csv").write_text(REGISTRY, encoding="utf-8")
    for year, (settings, table) in years.items():
        (root / str(year)).mkdir()
        (root / str(year) / "evaluation.yaml").write_text(f"year: {year}\n{settings}", encoding="utf-8")
        (root / str(year) / "national_ranking.csv").write_text(textwrap.dedent(table), encoding="utf-8")
    if published:
        (root / "2019" / "published.yaml").write_text(textwrap.dedent(published), encoding="utf-8")
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


TABLE_2018_OVERALL = """\
    rank,province,score,note
    1,Hà Nội,0.90,
    2,Hà Giang,0.80,
    3,Cao Bằng,0.70,
    4,Bắc Kạn,0.60,
    5,Tuyên Quang,0.50,
    """

# 2019's figures as a province might publish them: Bắc Kạn 0,80, 3rd, Hà Nội 0,95; 2017: 0,6012, 4th,
# Hà Nội 0,90; infra 3rd (5th in 2018), portal 3rd in 2018.
PUBLISHED_2019 = """\
    sources:
      article: bài viết thử
    figures:
    - {figure: điểm 2019, key: current.subject.score, published: "0,80", value: 0.80, source: article}
    - {figure: hạng 2019, key: current.subject.rank, published: "3/5", value: 3, source: article}
    - {figure: điểm dẫn đầu 2019, key: current.leader_score, published: "0,95", value: 0.95, source: article}
    - {figure: điểm 2017, key: comparisons.2017.score, published: "0,6012", value: 0.6012, source: article}
    - {figure: hạng 2017, key: comparisons.2017.rank, published: "4/5", value: 4, source: article}
    - {figure: điểm dẫn đầu 2017, key: comparisons.2017.leader_score, published: "0,90", value: 0.90, source: article}
    - {figure: hạng hạ tầng 2019, key: current.categories.infra.rank, published: "3", value: 3, source: article}
    - {figure: hạng hạ tầng 2018, key: current.categories.infra.previous_rank, published: "5", value: 5, source: article}
    - {figure: hạng cổng 2018, key: current.categories.portal.previous_rank, published: "3", value: 3, source: article}
    """


def sample_between_real(data_dir) -> tuple[dict, object]:
    """2017 sample data, 2018 real, 2019 sample data with PUBLISHED_2019: (its record, the data folder)."""
    status = {2017: "reconstructed", 2018: "published", 2019: "reconstructed"}
    tables = {2017: TABLES_B[2017], 2018: TABLES[2018], 2019: TABLES[2019]}
    years = {year: (f"data_status: {status[year]}\n", table) for year, table in tables.items()}
    return index_record(data_dir, years, PUBLISHED_2019), data_dir


def real_after_sample(data_dir) -> dict:
    """2017 sample data with both categories, 2018 real without categories, 2019 real with both."""
    status = {2017: "reconstructed", 2018: "published", 2019: "published"}
    tables = {2017: TABLES_B[2017], 2018: TABLE_2018_OVERALL, 2019: TABLES[2019]}
    return index_record(data_dir, {year: (f"data_status: {status[year]}\n", t) for year, t in tables.items()})
