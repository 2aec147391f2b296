"""The evaluation framework: the shipped Quảng Ninh file, band boundaries, and refused files."""

import copy
from pathlib import Path

import pytest
import yaml

from egov_report.errors import FrameworkError
from egov_report.kinds.tiered_scores.framework import load_framework
from helpers import FRAMEWORK_YAML, raw_framework


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


def test_band_for_matches_share_rule_on_a_grid(framework):
    """Every score in 0..max (by hundredths of a point) gets the first band whose floor it reaches."""
    for tier in framework.tiers:
        for hundredths in range(0, int(tier.max * 100) + 1, 7):
            score = hundredths / 100
            expected = next(b for b in framework.bands if hundredths >= round(b.min_share * tier.max * 100))
            assert framework.band_for(score, tier) == expected, (tier.code, score)


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
    tier["bands"] = [{"code": "level_1", "label": "Mức I", "min_points": 90},
                     {"code": "level_4", "label": "Mức IV", "min_points": 60},
                     {"code": "unranked", "label": "dưới Mức IV", "min_points": 0, "ranked": False}]
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    framework = load_framework(path)
    own = framework.tiers[0]
    assert [framework.band_for(s, own).code for s in (90, 89.99, 60, 59.99)] == ["level_1", "level_4", "level_4", "unranked"]
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
