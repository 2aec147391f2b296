"""The evaluation framework: the shipped Quảng Ninh file, band boundaries, and refused files."""

import copy
from pathlib import Path

import pytest
import yaml

from egov_report.errors import FrameworkError
from egov_report.kinds.tiered_scores.framework import load_framework
from support.helpers import FRAMEWORK_YAML, SHIPPED_DATA, raw_framework


@pytest.fixture(scope="module")
def framework():
    return load_framework(FRAMEWORK_YAML)


# -- the shipped framework -----------------------------------------------------------------


def test_shipped_framework_has_three_tiers_in_file_order(framework):
    raw = raw_framework()
    assert len(framework.tiers) == 3
    assert [t.code for t in framework.tiers] == [t["code"] for t in raw["tiers"]]
    assert framework.kind == raw["kind"]
    assert framework.province_code == raw["province"]["code"]
    assert framework.province_name == raw["province"]["name"]


def test_tier_maxima_equal_their_declared_max_and_the_sum_of_groups(framework):
    raw = {t["code"]: t for t in raw_framework()["tiers"]}
    for tier in framework.tiers:
        declared = raw[tier.code]["max"]
        assert tier.max == declared == sum(g["max"] for g in raw[tier.code]["groups"])
        assert [g.max for g in tier.groups] == [g["max"] for g in raw[tier.code]["groups"]]
    # The published maxima: 100 for departments, 170 for districts, 100 for communes.
    assert [t.max for t in framework.tiers] == [100, 170, 100]


def test_parent_tier_and_tier_lookup(framework):
    raw = {t["code"]: t for t in raw_framework()["tiers"]}
    for tier in framework.tiers:
        assert framework.tier(tier.code) is tier
        assert tier.parent_tier == raw[tier.code].get("parent_tier")
    assert framework.tier("communes").parent_tier == "districts"
    with pytest.raises(KeyError):
        framework.tier("provinces")


def test_bands_are_in_decreasing_order_ending_at_zero(framework):
    raw = raw_framework()["bands"]
    assert [(b.code, b.label, b.min_share) for b in framework.bands] == [
        (b["code"], b["label"], b["min_share"]) for b in raw
    ]
    shares = [b.min_share for b in framework.bands]
    assert shares == sorted(shares, reverse=True)
    assert shares[-1] == 0


def test_band_for_at_every_boundary(framework):
    """Exactly the band floor (lower bound included) is that band; a hundredth below is the next."""
    bands = framework.bands
    for tier in framework.tiers:
        for index, band in enumerate(bands[:-1]):
            floor = band.min_share * tier.max
            assert framework.band_floor(band, tier) == pytest.approx(floor)
            assert framework.band_for(floor, tier) == band, (tier.code, floor)
            assert framework.band_for(floor - 0.01, tier) == bands[index + 1], (tier.code, floor - 0.01)
        assert framework.band_for(tier.max, tier) == bands[0]
        assert framework.band_for(0, tier) == bands[-1]


def test_top_band_starts_at_80_percent_of_max(framework):
    top = framework.bands[0]
    assert top.min_share == 0.80
    for tier in framework.tiers:
        assert framework.band_for(0.8 * tier.max, tier) == top
        assert framework.band_for(0.8 * tier.max - 0.01, tier) == framework.bands[1]


# Every band floor of every shipped tiered_scores framework, typed from the files (data/<province>/
# framework.yaml), in hundredths of a point: shares times the maximum computed by hand
# (Quảng Ninh districts: 0,80 × 170 = 136; 0,65 × 170 = 110,5; 0,50 × 170 = 85).
SHARE_FLOORS_100 = [("good", 8000), ("fair", 6500), ("average", 5000), ("poor", 0)]
SHIPPED_FLOORS = {
    ("quangninh", "departments"): SHARE_FLOORS_100,
    ("quangninh", "districts"): [("good", 13600), ("fair", 11050), ("average", 8500), ("poor", 0)],
    ("quangninh", "communes"): SHARE_FLOORS_100,
    ("quangninh-caphuyen", "districts"): [("good", 13600), ("fair", 11050), ("average", 8500), ("poor", 0)],
    ("daknong", "districts_readiness"): [
        ("level_1", 4600),
        ("level_2", 4000),
        ("level_3", 3800),
        ("level_4", 3600),
        ("unranked", 0),
    ],
    ("daknong", "districts_results"): [
        ("level_1", 9000),
        ("level_2", 8500),
        ("level_3", 8000),
        ("level_4", 7000),
        ("unranked", 0),
    ],
    ("daknong", "communes_readiness"): [
        ("level_1", 2700),
        ("level_2", 2400),
        ("level_3", 2250),
        ("level_4", 2100),
        ("unranked", 0),
    ],
    ("daknong", "communes_results"): [
        ("level_1", 5400),
        ("level_2", 5100),
        ("level_3", 4800),
        ("level_4", 4200),
        ("unranked", 0),
    ],
    ("lamdong", "departments"): [("good", 43000), ("fair", 35000), ("average", 0)],
    ("lamdong", "agencies"): [("good", 43000), ("fair", 35000), ("average", 0)],
    ("lamdong", "districts"): [("good", 43000), ("fair", 35000), ("average", 0)],
}
SHIPPED_WITHOUT_BANDS = {("phutho", "departments")}


def _shipped_tiers():
    for path in sorted(SHIPPED_DATA.glob("*/framework.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("kind") == "tiered_scores":
            loaded = load_framework(path)
            for tier in loaded.tiers:
                yield (path.parent.name, tier.code), loaded, tier


def _typed_band(floors, hundredths: int) -> str:
    """The band a score falls in by the rule, in integer hundredths: the first floor it reaches."""
    return next(code for code, floor in floors if hundredths >= floor)


def test_every_shipped_tier_is_listed_with_its_floors():
    listed = {key: [b.code for b in f.tier_bands(t)] for key, f, t in _shipped_tiers()}
    assert set(listed) == set(SHIPPED_FLOORS) | SHIPPED_WITHOUT_BANDS
    for key in SHIPPED_FLOORS:
        assert listed[key] == [code for code, _ in SHIPPED_FLOORS[key]], key
    for key in SHIPPED_WITHOUT_BANDS:
        assert listed[key] == []


@pytest.mark.parametrize("key", sorted(SHIPPED_FLOORS), ids="-".join)
def test_each_floor_and_the_hundredth_below_it(key):
    [(framework, tier)] = [(f, t) for k, f, t in _shipped_tiers() if k == key]
    floors = SHIPPED_FLOORS[key]
    for (code, floor), (below, _) in zip(floors, floors[1:]):
        assert framework.band_for(floor / 100, tier).code == code, (key, floor)
        assert framework.band_for((floor - 1) / 100, tier).code == below, (key, floor - 1)
        assert framework.band_floor(framework.band_for(floor / 100, tier), tier) == pytest.approx(floor / 100)


@pytest.mark.parametrize("key", sorted(SHIPPED_FLOORS), ids="-".join)
def test_every_hundredth_of_a_point_from_zero_to_the_maximum(key):
    """Steps of one hundredth: every floor, and every score on either side of it, is walked."""
    [(framework, tier)] = [(f, t) for k, f, t in _shipped_tiers() if k == key]
    floors = SHIPPED_FLOORS[key]
    for hundredths in range(0, round(tier.max * 100) + 1):
        assert framework.band_for(hundredths / 100, tier).code == _typed_band(floors, hundredths), (key, hundredths)


def test_a_tier_without_bands_classifies_nothing_at_any_floor():
    [(framework, tier)] = [(f, t) for k, f, t in _shipped_tiers() if k in SHIPPED_WITHOUT_BANDS]
    assert all(framework.band_for(h / 100, tier) is None for h in range(0, round(tier.max * 100) + 1, 50))


# -- broken frameworks ----------------------------------------------------------------------


def _write(tmp_path: Path, raw, name="broken_framework.yaml") -> Path:
    path = tmp_path / name
    text = raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _refused(tmp_path: Path, raw, *fragments) -> str:
    path = _write(tmp_path, raw)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert path.name in message, message  # the message says which file
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def _base():
    return copy.deepcopy(raw_framework())


def test_a_copy_of_the_shipped_framework_loads(tmp_path, framework):
    """Control for the tests below: the unmodified copy written the same way is accepted."""
    loaded = load_framework(_write(tmp_path, _base()))
    assert loaded == framework


def test_missing_file(tmp_path):
    with pytest.raises(FrameworkError) as caught:
        load_framework(tmp_path / "absent_framework.yaml")
    assert "absent_framework.yaml" in str(caught.value)


def test_unknown_kind(tmp_path):
    raw = _base()
    raw["kind"] = "ranked_survey"
    _refused(tmp_path, raw, "ranked_survey", "tiered_scores")


def test_bands_with_equal_floors_overlap(tmp_path):
    raw = _base()
    raw["bands"][1]["min_share"] = raw["bands"][0]["min_share"]
    _refused(tmp_path, raw, "ngưỡng giảm dần")


def test_bands_in_increasing_order(tmp_path):
    raw = _base()
    raw["bands"] = list(reversed(raw["bands"]))  # floors then rise
    # the lowest (0) is now first: still refused, whatever is checked first
    _refused(tmp_path, raw, "ngưỡng giảm dần")
    raw = _base()
    raw["bands"][1], raw["bands"][2] = raw["bands"][2], raw["bands"][1]
    _refused(tmp_path, raw, "ngưỡng giảm dần")


def test_lowest_band_not_starting_at_zero_leaves_a_gap(tmp_path):
    raw = _base()
    raw["bands"][-1]["min_share"] = 0.2
    _refused(tmp_path, raw, raw["bands"][-1]["code"], "ngưỡng 0")


@pytest.mark.parametrize("share", [1.5, -0.1])
def test_min_share_outside_0_to_1(tmp_path, share):
    raw = _base()
    raw["bands"][0]["min_share"] = share
    _refused(tmp_path, raw, "bands[0]", str(share))


def test_min_share_not_a_number(tmp_path):
    raw = _base()
    raw["bands"][1]["min_share"] = "tám mươi"
    _refused(tmp_path, raw, "bands[1].min_share")


def test_tier_max_not_equal_to_sum_of_groups(tmp_path):
    raw = _base()
    tier = raw["tiers"][1]
    group_sum = sum(g["max"] for g in tier["groups"])
    tier["max"] = group_sum - 10
    _refused(tmp_path, raw, tier["code"], f"{group_sum:g}", str(tier["max"]))


def test_duplicate_tier_code(tmp_path):
    raw = _base()
    raw["tiers"][2]["code"] = raw["tiers"][0]["code"]
    raw["tiers"][2].pop("parent_tier")
    _refused(tmp_path, raw, f"'{raw['tiers'][0]['code']}'", "tiers")


def test_duplicate_group_code(tmp_path):
    raw = _base()
    groups = raw["tiers"][0]["groups"]
    groups[1]["code"] = groups[0]["code"]
    _refused(tmp_path, raw, f"'{groups[0]['code']}'", "tiers[0].groups")


def test_duplicate_band_code(tmp_path):
    raw = _base()
    raw["bands"][1]["code"] = raw["bands"][0]["code"]
    _refused(tmp_path, raw, f"'{raw['bands'][0]['code']}'", "bands")


def test_unknown_parent_tier(tmp_path):
    raw = _base()
    raw["tiers"][2]["parent_tier"] = "provinces"
    _refused(tmp_path, raw, "provinces", raw["tiers"][2]["code"])


def test_tier_cannot_be_its_own_parent(tmp_path):
    raw = _base()
    raw["tiers"][2]["parent_tier"] = raw["tiers"][2]["code"]
    _refused(tmp_path, raw, "parent_tier")


@pytest.mark.parametrize("maximum", [0, -5])
def test_non_positive_group_max(tmp_path, maximum):
    raw = _base()
    raw["tiers"][0]["groups"][0]["max"] = maximum
    raw["tiers"][0].pop("max")  # so that only the group maximum is wrong
    _refused(tmp_path, raw, "tiers[0].groups[0].max")


def test_group_max_not_a_number(tmp_path):
    raw = _base()
    raw["tiers"][0]["groups"][2]["max"] = "hai mươi"
    _refused(tmp_path, raw, "tiers[0].groups[2].max")


@pytest.mark.parametrize("key", ["kind", "tiers", "title"])
def test_missing_required_field(tmp_path, key):
    raw = _base()
    raw.pop(key)
    _refused(tmp_path, raw, f"'{key}'")


def test_invalid_yaml(tmp_path):
    text = FRAMEWORK_YAML.read_text(encoding="utf-8") + "\ntiers: [unclosed\n  - : :\n"
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)  # the text really is broken YAML
    _refused(tmp_path, text, "YAML")


def test_yaml_that_is_a_list(tmp_path):
    _refused(tmp_path, yaml.safe_dump([_base()], allow_unicode=True), "mapping")


def test_python_tag_is_refused_not_executed(tmp_path):
    marker = tmp_path / "executed"
    text = FRAMEWORK_YAML.read_text(encoding="utf-8").replace(
        "kind: tiered_scores", f'kind: !!python/object/apply:os.system ["touch {marker}"]', 1
    )
    assert "!!python/object/apply" in text
    _refused(tmp_path, text)
    assert not marker.exists()


def test_a_framework_without_bands_classifies_nothing(tmp_path):
    raw = _base()
    raw.pop("bands")
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    framework = load_framework(path)
    tier = framework.tiers[0]
    assert framework.tier_bands(tier) == () and framework.band_for(tier.max, tier) is None


def test_tier_bands_in_points_override_and_unranked(tmp_path):
    raw = _base()
    tier = raw["tiers"][0]
    tier["bands"] = [
        {"code": "level_1", "label": "Mức I", "min_points": 90},
        {"code": "level_4", "label": "Mức IV", "min_points": 60},
        {"code": "unranked", "label": "dưới Mức IV", "min_points": 0, "ranked": False},
    ]
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    framework = load_framework(path)
    own = framework.tiers[0]
    assert [framework.band_for(s, own).code for s in (90, 89.99, 60, 59.99)] == [
        "level_1",
        "level_4",
        "level_4",
        "unranked",
    ]
    assert framework.band_for(59.99, own).ranked is False
    other = framework.tiers[1]  # keeps the framework's bands
    assert framework.band_for(other.max, other).code == raw["bands"][0]["code"]


def test_totals_only_tier_needs_a_max(tmp_path):
    raw = _base()
    raw["tiers"][0].pop("groups")
    raw["tiers"][0].pop("max", None)
    _refused(tmp_path, raw, "max")
    raw["tiers"][0]["max"] = 500
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_framework(path).tiers[0].max == 500


def test_band_needs_exactly_one_threshold(tmp_path):
    raw = _base()
    raw["bands"][0]["min_points"] = 80
    _refused(tmp_path, raw, "min_share", "min_points")


# -- typed (issue 21: core/settings.py) ----------------------------------------------------------


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda raw: raw["tiers"][0]["groups"][0].update(aliases="Hạ tầng"),
            "tiers[0].groups[0].aliases = 'Hạ tầng' phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »), không phải "
            "một dòng chữ",
        ),
        (lambda raw: raw["bands"][0].update(ranked="false"), "bands[0].ranked = 'false' phải là true hoặc false"),
        (
            lambda raw: raw["tiers"][0]["groups"][0].update(max=True),
            "tiers[0].groups[0].max = true phải là một số (viết bằng dấu chấm thập phân, không đặt trong ngoặc kép: 0.01)",
        ),
        (
            lambda raw: raw.update(title=["Đánh giá", "Chính quyền điện tử"]),
            "title = ['Đánh giá', 'Chính quyền điện tử'] phải là một dòng chữ, không phải một danh sách",
        ),
        (
            lambda raw: raw["tiers"][1].update(parent_tier=["districts"]),
            "tiers[1].parent_tier = ['districts'] phải là một dòng chữ, không phải một danh sách",
        ),
    ],
)
def test_each_field_has_its_type(tmp_path, edit, message):
    raw = _base()
    edit(raw)
    assert _refused(tmp_path, raw).endswith(f"framework.yaml: {message}")
