"""The evaluation framework: tiers, criteria groups with maximum points, and bands.

A framework is data (``data/<province>/framework.yaml``); this module reads it with
``yaml.safe_load`` (no code from data is ever executed) and checks it is consistent before
any notebook runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BeforeValidator, ConfigDict

from ...core.frameworks import Subject, by_code, only_known
from ...core.settings import Flag, Lines, Number, ProvinceSection, Section, Text, check_settings, mapping, one_of
from ...core.textfiles import read_yaml
from ...errors import FrameworkError
from ...paths import display_path

KIND = "tiered_scores"
FRAMEWORK_FIELDS = ("kind", "province", "title", "subject", "bands", "tiers", "unit_types", "unit_labels",
                    "comparison_across_changes")
# How a unit is compared with the year before across a merger (docs/input-format.md, section 3a): with the
# mean of its predecessors' figures (as the Ministry computed DTI 2024 of merged provinces), or not at all.
COMPARISON_RULES = ("mean", "none")
PROVINCE_FIELDS = ("code", "name", "name_full")
TIER_FIELDS = ("code", "label", "label_unit", "groups", "parent_tier", "criteria_source", "units", "max", "bands",
               "parent_label", "provisional", "group_tier")
GROUP_FIELDS = ("code", "label", "max", "aliases")
BAND_FIELDS = ("code", "label", "min_share", "min_points", "ranked", "provisional")
SCORE_TOLERANCE = 1e-9  # a score equal to a floor up to float noise reaches it


def band_index(score: float, floors: list[float]) -> int | None:
    """Which band a score falls in, given the bands' floors in points, highest first.

    The one band rule of the kind (the framework, the narrative and the charts use it): the
    first band whose floor the score reaches; the last band below every floor; None without bands.
    """
    for index, floor in enumerate(floors):
        if score >= floor - SCORE_TOLERANCE:
            return index
    return len(floors) - 1 if floors else None


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min_share: float | None = None  # lower bound, included, as a share of the tier's maximum
    min_points: float | None = None  # or as points
    ranked: bool = True  # units in a band with ranked: false are listed as not ranked
    provisional: str = ""  # why the threshold is not final, said in the report

    def floor(self, maximum: float) -> float:
        return self.min_points if self.min_points is not None else self.min_share * maximum


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    max: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    label_unit: str
    groups: tuple[Group, ...]
    parent_tier: str | None = None  # a registry tier (units.csv column tier)
    criteria_source: str = ""
    units: str = ""  # the registry tier whose units this tier scores; default: the tier's code
    stated_max: float | None = None  # required for a tier scored by totals only
    bands: tuple[Band, ...] | None = None  # the tier's own bands, else the framework's
    parent_label: str = ""
    provisional: str = ""
    # Two-level local government (from 1 July 2025): communes directly under the province, grouped by
    # the registry tier of their former districts (units.csv column group_code), which no longer exist.
    group_tier: str | None = None

    @property
    def grouping_tier(self) -> str | None:
        """The registry tier whose units a report groups this tier's units by: the parent, else the former one."""
        return self.parent_tier or self.group_tier

    @property
    def max(self) -> float:
        return sum(g.max for g in self.groups) if self.groups else self.stated_max

    @property
    def unit_tier(self) -> str:
        return self.units or self.code


@dataclass(frozen=True)
class Framework(Subject):
    bands: tuple[Band, ...]
    tiers: tuple[Tier, ...]
    unit_types: dict = field(default_factory=dict, compare=False)  # unit_type code -> label
    unit_labels: dict = field(default_factory=dict, compare=False)  # registry tier -> label in the scope
    source: str = field(default="", compare=False)
    comparison_across_changes: str = "mean"  # one of COMPARISON_RULES

    def tier(self, code: str) -> Tier:
        return by_code(self.tiers, code)

    def tier_bands(self, tier: Tier) -> tuple[Band, ...]:
        return tier.bands if tier.bands is not None else self.bands

    def band_for(self, score: float, tier: Tier) -> Band | None:
        """The band of a score: the first band whose lower bound it reaches (None without bands)."""
        bands = self.tier_bands(tier)
        index = band_index(score, [b.floor(tier.max) for b in bands])
        return None if index is None else bands[index]

    def band_floor(self, band: Band, tier: Tier) -> float:
        """The lowest score of a band in points, for charts and method text."""
        return band.floor(tier.max)

    @property
    def unit_tiers(self) -> list[str]:
        """Registry tiers the framework scores or refers to, in order."""
        seen = []
        for tier in self.tiers:
            for code in (tier.unit_tier, tier.parent_tier, tier.group_tier):
                if code and code not in seen:
                    seen.append(code)
        return seen

    def parent_label(self, tier: Tier) -> str | None:
        if not tier.parent_tier and tier.group_tier:
            return tier.parent_label or "địa bàn cấp huyện cũ"
        if not tier.parent_tier:
            return None
        if tier.parent_label:
            return tier.parent_label
        for other in self.tiers:
            if other.unit_tier == tier.parent_tier:
                return other.label_unit
        return tier.parent_tier


class _Band(Section):
    code: Text
    label: Text
    min_share: Number | None = None
    min_points: Number | None = None
    ranked: Flag | None = None
    provisional: Text | None = None


class _Group(Section):
    code: Text
    label: Text
    max: Number
    aliases: Lines | None = None


class _Tier(Section):
    code: Text
    label: Text
    label_unit: Text | None = None
    groups: list[_Group] | None = None
    parent_tier: Text | None = None
    criteria_source: Text | None = None
    units: Text | None = None
    max: Number | None = None
    bands: list[_Band] | None = None
    parent_label: Text | None = None
    provisional: Text | None = None
    group_tier: Text | None = None


class FrameworkFile(Section):
    """framework.yaml of this kind, typed (core.settings): a text never a list, a list never a text,
    a number a number, ranked true or false; the rules between fields are checked by _build."""

    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    province: ProvinceSection
    title: Text
    subject: Text | None = None
    bands: list[_Band] | None = None
    tiers: list[_Tier]
    unit_types: Annotated[dict[Text, Text], BeforeValidator(mapping)] | None = None
    unit_labels: Annotated[dict[Text, Text], BeforeValidator(mapping)] | None = None
    comparison_across_changes: Annotated[str, BeforeValidator(one_of(*COMPARISON_RULES))] | None = None


def load_framework(path: Path) -> Framework:
    raw = read_yaml(path, error=FrameworkError)
    where = display_path(path)
    if raw.get("kind") == KIND:  # another kind's file is refused by _build, naming its kind
        check_settings({k: v for k, v in raw.items() if k != "kind"}, where, FrameworkFile, error=FrameworkError,
                       first=0)
    return _build(raw, where)


def _build(raw: dict, where: str) -> Framework:
    def need(mapping: dict, key: str, context: str):
        if key not in mapping or mapping[key] in (None, ""):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")
        return mapping[key]

    kind = need(raw, "kind", "loại báo cáo")
    if kind != KIND:
        raise FrameworkError(f"{where}: loại báo cáo '{kind}' không phải {KIND}")
    only_known(raw, FRAMEWORK_FIELDS, "", where, KIND)
    province = need(raw, "province", "tỉnh")
    if not isinstance(province, dict):
        raise FrameworkError(f"{where}: 'province' phải có code, name")
    only_known(province, PROVINCE_FIELDS, "province", where, KIND)
    bands = _bands(raw.get("bands") or [], "bands", where)
    tiers_raw = need(raw, "tiers", "các khối đánh giá")
    if not isinstance(tiers_raw, list):
        raise FrameworkError(f"{where}: 'tiers' phải là một danh sách khối đánh giá")
    tiers = tuple(_tier(t, i, where) for i, t in enumerate(tiers_raw))
    _check_unique([t.code for t in tiers], "tiers", where)
    unit_tiers = {t.unit_tier for t in tiers}
    for tier in tiers:
        if tier.parent_tier is not None and (tier.parent_tier not in unit_tiers or tier.parent_tier == tier.unit_tier):
            raise FrameworkError(
                f"{where}: khối '{tier.code}' có parent_tier '{tier.parent_tier}' không phải khối đơn vị khác đã khai báo"
            )
        if tier.group_tier is not None and tier.parent_tier is not None:
            raise FrameworkError(f"{where}: khối '{tier.code}' có cả parent_tier và group_tier; group_tier chỉ dùng "
                                 "cho khối không còn đơn vị cấp trên (chính quyền địa phương hai cấp)")
        _check_floors(tier.bands if tier.bands is not None else bands, tier, where)
    return Framework(
        kind=kind,
        province_code=str(need(province, "code", "province")),
        province_name=str(need(province, "name", "province")),
        province_name_full=str(province.get("name_full") or province["name"]),
        title=str(need(raw, "title", "tiêu đề")),
        subject=str(raw.get("subject") or raw["title"]),
        bands=bands,
        tiers=tiers,
        unit_types={str(k): str(v) for k, v in (raw.get("unit_types") or {}).items()},
        unit_labels={str(k): str(v) for k, v in (raw.get("unit_labels") or {}).items()},
        source=where,
        comparison_across_changes=str(raw.get("comparison_across_changes") or "mean"),
    )


def _bands(raw, context: str, where: str) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise FrameworkError(f"{where}: {context} phải là một danh sách mức xếp loại")
    bands = tuple(_band(b, f"{context}[{i}]", where) for i, b in enumerate(raw))
    _check_unique([b.code for b in bands], context, where)
    return bands


def _band(raw, context: str, where: str) -> Band:
    _need_code_and_label(raw, BAND_FIELDS, context, where)
    if ("min_share" in raw) == ("min_points" in raw):
        raise FrameworkError(f"{where}: {context} cần đúng một ngưỡng: min_share (tỷ lệ) hoặc min_points (điểm)")
    key = "min_share" if "min_share" in raw else "min_points"
    try:
        value = float(raw[key])
    except (TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.{key} phải là một số") from None
    if key == "min_share" and not 0 <= value <= 1:
        raise FrameworkError(f"{where}: {context}.min_share = {value:g} nằm ngoài khoảng 0..1")
    if value < 0:
        raise FrameworkError(f"{where}: {context}.{key} = {value:g} không được âm")
    return Band(
        code=str(raw["code"]), label=str(raw["label"]),
        min_share=value if key == "min_share" else None, min_points=value if key == "min_points" else None,
        ranked=bool(raw.get("ranked", True)), provisional=str(raw.get("provisional") or ""),
    )


def _check_floors(bands: tuple[Band, ...], tier: Tier, where: str) -> None:
    """A tier's bands: floors strictly decreasing, the lowest at 0, none above the maximum."""
    if not bands:
        return
    floors = [b.floor(tier.max) for b in bands]
    if any(a <= b for a, b in zip(floors, floors[1:])):
        raise FrameworkError(
            f"{where}: khối '{tier.code}': các mức xếp loại phải xếp từ cao xuống thấp với ngưỡng giảm dần, "
            f"không trùng nhau (ngưỡng: {', '.join(f'{f:g}' for f in floors)})"
        )
    if floors[-1] != 0:
        raise FrameworkError(
            f"{where}: khối '{tier.code}': mức thấp nhất ('{bands[-1].code}') phải có ngưỡng 0, "
            "nếu không sẽ có điểm không thuộc mức nào"
        )
    if floors[0] > tier.max:
        raise FrameworkError(f"{where}: khối '{tier.code}': ngưỡng {floors[0]:g} vượt điểm tối đa {tier.max:g}")


def _tier(raw, index: int, where: str) -> Tier:
    context = f"tiers[{index}]"
    _need_code_and_label(raw, TIER_FIELDS, context, where)
    groups_raw = raw.get("groups") or []
    if not isinstance(groups_raw, list):
        raise FrameworkError(f"{where}: {context}.groups phải là một danh sách nhóm tiêu chí")
    groups = tuple(_group(g, f"{context}.groups[{i}]", where) for i, g in enumerate(groups_raw))
    _check_unique([g.code for g in groups], f"{context}.groups", where)
    try:
        stated_max = float(raw["max"]) if raw.get("max") is not None else None
    except (TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.max phải là một số") from None
    if not groups and (stated_max is None or stated_max <= 0):
        raise FrameworkError(f"{where}: {context} ('{raw['code']}') không có nhóm tiêu chí nên cần 'max' (điểm tối đa) dương")
    tier = Tier(
        code=str(raw["code"]),
        label=str(raw["label"]),
        label_unit=str(raw.get("label_unit") or raw["label"]),
        groups=groups,
        parent_tier=raw.get("parent_tier"),
        criteria_source=str(raw.get("criteria_source") or ""),
        units=str(raw.get("units") or ""),
        stated_max=stated_max,
        bands=_bands(raw["bands"], f"{context}.bands", where) if raw.get("bands") is not None else None,
        parent_label=str(raw.get("parent_label") or ""),
        provisional=str(raw.get("provisional") or ""),
        group_tier=raw.get("group_tier"),
    )
    if groups and stated_max is not None and abs(stated_max - tier.max) > 1e-9:
        raise FrameworkError(
            f"{where}: {context} ('{tier.code}'): tổng điểm tối đa {raw['max']} khác tổng điểm tối đa "
            f"của các nhóm tiêu chí ({tier.max:g})"
        )
    return tier


def _group(raw, context: str, where: str) -> Group:
    _need_code_and_label(raw, GROUP_FIELDS, context, where)
    try:
        maximum = float(raw["max"])
    except (KeyError, TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.max phải là một số dương") from None
    if maximum <= 0:
        raise FrameworkError(f"{where}: {context}.max phải là một số dương (đang là {maximum:g})")
    aliases = tuple(str(a) for a in raw.get("aliases") or ())
    return Group(code=str(raw["code"]), label=str(raw["label"]), max=maximum, aliases=aliases)


def _need_code_and_label(raw, known: tuple[str, ...], context: str, where: str) -> None:
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    only_known(raw, known, context, where, KIND)
    for key in ("code", "label"):
        if not raw.get(key):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")


def _check_unique(codes: list[str], what: str, where: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise FrameworkError(f"{where}: mã '{code}' bị lặp trong {what}")
        seen.add(code)
