"""How a published figure finds its computed value, and whether that value rests on sample data (issue 22).

Records here are small and made by hand, so every expected answer can be read off them: which
year a key draws on (a change draws on both; a "previous" figure on the year before; a named year
of a national index on that year), which parts are the registry's or the framework's (never
sample), and how a key walks lists (by code first, then by place, and a place past the end is a
missing key, named in the message).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from egov_report.core import published
from egov_report.core.published import read_for, reconcile, resolve, rests_on_sample
from egov_report.errors import InputError


def _record(current="reconstructed", previous="published") -> dict:
    units = [{"code": "A", "name": "Xã A", "total": 70.0}, {"code": "B", "name": "Xã B", "total": 60.0}]
    return {
        "meta": {"year": 2019, "previous_year": 2018, "data_status": current},
        "data_years": [{"year": 2019, "data_status": current}, {"year": 2018, "data_status": previous}],
        "scope": {"units": 2},
        "tiers": [
            {
                "code": "communes",
                "max": 100,
                "current": {"mean": 65.0, "n": 2},
                "previous": {"mean": 60.0},
                "change": {"mean": 5.0},
                "ranking": units,
                "top": units,
            }
        ],
        "comparisons": [{"year": "2018", "rank": 3}],
        "trajectory": [{"year": "2017", "rank": 5}],
    }


@pytest.mark.parametrize(
    "key, current, previous, sample",
    [
        ("tiers.communes.current.mean", "reconstructed", "published", True),
        ("tiers.communes.current.mean", "published", "reconstructed", False),
        ("tiers.communes.previous.mean", "published", "reconstructed", True),  # the year before's own figure
        ("tiers.communes.previous.mean", "reconstructed", "published", False),
        ("tiers.communes.change.mean", "published", "reconstructed", True),  # a change draws on both years
        ("tiers.communes.change.mean", "reconstructed", "published", True),
        ("tiers.communes.change.mean", "published", "published", False),
        ("tiers.communes.ranking.A.rank_change", "published", "reconstructed", True),
        ("tiers.communes.ranking.A.change_pct", "published", "reconstructed", True),
        ("tiers.communes.ranking.A.previous_total", "published", "reconstructed", True),
        ("scope.units", "reconstructed", "reconstructed", False),  # the registry's count
        ("tiers.communes.max", "reconstructed", "reconstructed", False),  # the framework's maximum
        ("tiers.communes.current.n", "reconstructed", "reconstructed", False),  # how many units: the registry's
        ("tiers.communes.ranking.A.name", "reconstructed", "reconstructed", False),  # entered by code: the registry's
        ("tiers.communes.top.0.name", "reconstructed", "published", True),  # entered by place in a score order
        ("comparisons.2018.rank", "published", "reconstructed", True),  # a named year: that year's status
        ("comparisons.2018.rank", "reconstructed", "published", False),
        ("trajectory.2017.rank", "reconstructed", "published", True),  # 2017 is not listed: the report's status
        ("trajectory.2017.rank", "published", "reconstructed", False),
    ],
)
def test_which_years_a_figure_rests_on(key, current, previous, sample):
    assert rests_on_sample(_record(current, previous), key) is sample


def test_a_report_without_data_years_takes_its_own_status():
    record = _record()
    del record["data_years"]
    assert rests_on_sample(record, "tiers.communes.previous.mean") is True
    record["meta"]["data_status"] = None
    assert rests_on_sample(record, "tiers.communes.current.mean") is False  # no status: published


def test_a_trajectory_year_takes_its_own_status_and_a_record_without_meta_is_published():
    record = _record("reconstructed", "reconstructed")
    record["data_years"].append({"year": 2017, "data_status": "published"})
    assert rests_on_sample(record, "trajectory.2017.rank") is False  # 2017's own status, not the report's
    assert rests_on_sample(record, "trajectory.2018.rank") is True
    bare = {"tiers": [{"code": "communes", "current": {"mean": 65.0}}], "comparisons": [{"year": "2018", "rank": 3}]}
    assert rests_on_sample(bare, "tiers.communes.current.mean") is False
    assert rests_on_sample(bare, "comparisons.2018.rank") is False


def test_keys_walk_lists_by_code_then_by_place():
    record = _record()
    assert resolve(record, "tiers.communes.ranking.B.total") == 60.0
    assert resolve(record, "tiers.communes.top.1.name") == "Xã B"
    assert resolve(record, "comparisons.2018.rank") == 3
    for missing, part in (
        ("tiers.communes.top.2.name", "2"),
        ("tiers.communes.nothing", "nothing"),
        ("tiers.villages.current", "villages"),
        ("scope.units.more", "more"),
    ):
        with pytest.raises(KeyError) as raised:
            resolve(record, missing)
        assert raised.value.args[0] == part


def _published(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "x" / "2019" / "published.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump({"sources": {"s": "nguồn  một"}, "figures": entries}, allow_unicode=True), encoding="utf-8"
    )
    return path


def _entry(**more) -> dict:
    return {"figure": "Điểm", "published": "65 điểm", "value": 65, "source": "s", **more}


def test_a_key_past_the_end_of_a_list_is_named_in_the_message(tmp_path):
    path = _published(tmp_path, [_entry(key="tiers.communes.top.2.total")])
    with pytest.raises(
        InputError,
        match=r"figures\[1\] \(Điểm\): key = 'tiers.communes.top.2.total' không chỉ tới "
        r"số liệu nào của báo cáo \(không có '2'\)",
    ):
        reconcile(_record(), path)


def test_a_key_to_a_group_of_figures_is_refused(tmp_path):
    with pytest.raises(InputError, match="chỉ tới một nhóm"):
        reconcile(_record(), _published(tmp_path, [_entry(key="tiers.communes.current")]))


def test_read_for_lists_every_entry_of_the_province_year(tmp_path):
    _published(tmp_path, [_entry(figure="Cán bộ"), _entry(key="tiers.communes.current.mean")])
    found = read_for("x", 2019, _record(), data_dir=tmp_path)
    assert [(c.figure, c.computed, c.matches, c.checked, c.source) for c in found] == [
        ("Cán bộ", None, False, False, "nguồn một"),
        ("Điểm", 65.0, True, True, "nguồn một"),
    ]
    assert found[1].sample is True  # 2019 is reconstructed in this record
    assert read_for("x", 2018, _record(), data_dir=tmp_path) == []
    # without the unchecked entries: the one after an entry without key is still compared
    assert [c.figure for c in reconcile(_record(), published.published_path(tmp_path, "x", 2019))] == ["Điểm"]


def test_the_flagship_read_for_uses_the_data_folder():
    from egov_report.kinds.tiered_scores import analysis, loading

    record = analysis.analyse(loading.load_evaluation("quangninh", 2019))
    found = {c.figure: c for c in read_for("quangninh", 2019, record)}
    assert found["Số đơn vị được đánh giá"].computed == 230
    assert found["Thủ tục hành chính có dịch vụ công trực tuyến mức độ 3, 4"].checked is False


@pytest.mark.parametrize(
    "value, tolerance",
    [(73.83, 0.005), (73.8, 0.05), (92, 0.5), (1e20, 0.5), (0.209, 0.0005), ("Phường Nam Khê", 0.0), (True, 0.0)],
)
def test_the_default_tolerance(value, tolerance):
    assert published._default_tolerance(value) == pytest.approx(tolerance)


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            {"figure": "Điểm", "published": "", "value": 65, "source": "s", "key": "scope.units"},
            "thiếu trường published",
        ),
        (_entry(key=""), "key để trống"),
        (_entry(tolerance=0.1), "số liệu không có key \\(không đối chiếu\\) không nhận trường tolerance"),
        (_entry(on_mismatch="fail"), "số liệu không có key \\(không đối chiếu\\) không nhận trường on_mismatch"),
        (_entry(shown_as="percent"), "số liệu không có key \\(không đối chiếu\\) không nhận trường shown_as"),
        (
            _entry(tolerance=0.1, on_mismatch="warn"),
            "số liệu không có key \\(không đối chiếu\\) không nhận trường tolerance, on_mismatch$",
        ),
        ({"figure": " ", "published": "", "value": 65, "source": "s"}, "thiếu trường figure, published$"),
        (_entry(key="scope.units", source="t"), "source = 't' không có trong mục sources"),
    ],
)
def test_a_published_entry_with_a_fault_is_refused_with_its_place(tmp_path, entry, message):
    with pytest.raises(InputError, match=r"published.yaml: figures\[1\]: " + message):
        published.read_published(_published(tmp_path, [entry]))


def test_an_entry_that_departs_names_both_values(tmp_path):
    path = _published(
        tmp_path,
        [
            _entry(
                key="tiers.communes.current.mean",
                value=66,
                published="66 điểm",
                reading="  theo   số tính được ",
                where="mục 2",
                on_mismatch="fail",
            )
        ],
    )
    comparison = reconcile(_record(), path)[0]
    assert comparison.key == "tiers.communes.current.mean"  # the sentence that states the figure finds it by key
    assert (comparison.matches, comparison.departs, comparison.tolerance, comparison.on_mismatch) == (
        False,
        True,
        0.5,
        "fail",
    )
    assert comparison.reading == "theo số tính được" and comparison.where == "mục 2"
    assert comparison.describe() == "Điểm: công bố 66 điểm, tính được 65,00"


@pytest.mark.parametrize(
    "more, message",
    [
        (
            {"nguon": "x"},
            r"^published\.yaml: trường 'figures\[1\]\.nguon' không được hỗ trợ \(các trường: figure, key, "
            r"published, value, source, where, reading, tolerance, on_mismatch, shown_as\)$",
        ),
        (
            {"key": "scope.units", "on_mismatch": "stop"},
            r"^published\.yaml: figures\[1\]\.on_mismatch = 'stop' không hợp lệ \(chỉ nhận: warn, fail\)$",
        ),
    ],
)
def test_a_field_published_yaml_does_not_take_is_named_with_the_file(tmp_path, more, message):
    with pytest.raises(InputError, match=message):
        published.read_published(_published(tmp_path, [_entry(**more)]))
