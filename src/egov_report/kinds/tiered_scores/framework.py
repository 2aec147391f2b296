"""The evaluation framework: tiers, criteria groups with maximum points, and bands.

A framework is data (``data/<province>/framework.yaml``), read through
``core.frameworks.read_framework`` (``yaml.safe_load``: no code from data is ever executed; the
fields typed by ``FrameworkFile``, one wording of every message); the rules between fields (one
floor per band, floors decreasing to 0, a tier's maximum, parents among the tiers) are checked here,
before any notebook runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BeforeValidator

from ...core import frameworks
from ...core.frameworks import FrameworkModel, Labelled, LabelledSection, Subject, by_code
from ...core.settings import Flag, Lines, Number, Positive, Text, mapping, one_of

KIND = "tiered_scores"
# How a unit is compared with the year before across a merger (docs/input-format.md, section 3a): with the
# mean of its predecessors' figures (as the Ministry computed DTI 2024 of merged provinces), or not at all.
COMPARISON_RULES = ("mean", "none")
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
class Band(Labelled):
    min_share: float | None = None  # lower bound, included, as a share of the tier's maximum
    min_points: float | None = None  # or as points
    ranked: bool = True  # units in a band with ranked: false are listed as not ranked
    provisional: str = ""  # why the threshold is not final, said in the report

    def floor(self, maximum: float) -> float:
        return self.min_points if self.min_points is not None else self.min_share * maximum


@dataclass(frozen=True)
class Group(Labelled):
    max: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier(Labelled):
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


class _Band(LabelledSection):
    min_share: Number | None = None
    min_points: Number | None = None
    ranked: Flag | None = None
    provisional: Text | None = None


class _Group(LabelledSection):
    max: Positive
    aliases: Lines | None = None


class _Tier(LabelledSection):
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


class FrameworkFile(FrameworkModel):
    """framework.yaml of this kind, typed (core.settings): a text never a list, a list never a text,
    a number a number, ranked true or false; the rules between fields are checked by _build."""

    kind: ClassVar[str] = KIND

    bands: list[_Band] | None = None
    tiers: list[_Tier]
    unit_types: Annotated[dict[Text, Text], BeforeValidator(mapping)] | None = None
    unit_labels: Annotated[dict[Text, Text], BeforeValidator(mapping)] | None = None
    comparison_across_changes: Annotated[str, BeforeValidator(one_of(*COMPARISON_RULES))] | None = None


def load_framework(path: Path) -> Framework:
    where, raw = frameworks.read_framework(path, KIND, FrameworkFile)
    bands = _bands(raw.get("bands", []), "bands", where)
    tiers = tuple(_tier(t, f"tiers[{i}]", where) for i, t in enumerate(raw["tiers"]))
    _check_unique([t.code for t in tiers], "tiers", where)
    unit_tiers = {t.unit_tier for t in tiers}
    for i, tier in enumerate(tiers):
        context = f"tiers[{i}] (khối '{tier.code}')"
        if tier.parent_tier is not None and (tier.parent_tier not in unit_tiers or tier.parent_tier == tier.unit_tier):
            raise frameworks.framework_error(
                where, f"{context}.parent_tier", "không phải khối đơn vị khác đã khai báo", tier.parent_tier
            )
        if tier.group_tier is not None and tier.parent_tier is not None:
            raise frameworks.framework_error(
                where,
                context,
                "có cả parent_tier và group_tier; group_tier chỉ dùng cho "
                "khối không còn đơn vị cấp trên (chính quyền địa phương hai cấp)",
            )
        _check_floors(tier.bands if tier.bands is not None else bands, tier, context, where)
    return Framework(
        **frameworks.subject_fields(KIND, raw),
        bands=bands,
        tiers=tiers,
        unit_types=raw.get("unit_types", {}),
        unit_labels=raw.get("unit_labels", {}),
        source=where,
        comparison_across_changes=raw.get("comparison_across_changes", "mean"),
    )


def _bands(raw: list[dict], context: str, where: str) -> tuple[Band, ...]:
    bands = tuple(_band(b, f"{context}[{i}]", where) for i, b in enumerate(raw))
    _check_unique([b.code for b in bands], context, where)
    return bands


def _band(raw: dict, context: str, where: str) -> Band:
    if ("min_share" in raw) == ("min_points" in raw):
        raise frameworks.framework_error(
            where, context, "cần đúng một ngưỡng: min_share (tỷ lệ) hoặc min_points (điểm)"
        )
    if raw.get("min_share", 0) > 1:
        raise frameworks.framework_error(where, f"{context}.min_share", "nằm ngoài khoảng 0..1", raw["min_share"])
    return Band(
        code=raw["code"],
        label=raw["label"],
        min_share=raw.get("min_share"),
        min_points=raw.get("min_points"),
        ranked=raw.get("ranked", True),
        provisional=raw.get("provisional", ""),
    )


def _check_floors(bands: tuple[Band, ...], tier: Tier, context: str, where: str) -> None:
    """A tier's bands: floors strictly decreasing, the lowest at 0, none above the maximum."""
    if not bands:
        return
    floors = [b.floor(tier.max) for b in bands]
    if any(a <= b for a, b in zip(floors, floors[1:])):
        raise frameworks.framework_error(
            where,
            context,
            "các mức xếp loại phải xếp từ cao xuống thấp với ngưỡng giảm dần, "
            f"không trùng nhau (ngưỡng: {', '.join(f'{f:g}' for f in floors)})",
        )
    if floors[-1] != 0:
        raise frameworks.framework_error(
            where,
            context,
            f"mức thấp nhất ('{bands[-1].code}') phải có ngưỡng 0, nếu không sẽ có điểm không thuộc mức nào",
        )
    if floors[0] > tier.max:
        raise frameworks.framework_error(where, context, f"ngưỡng {floors[0]:g} vượt điểm tối đa {tier.max:g}")


def _tier(raw: dict, context: str, where: str) -> Tier:
    groups = tuple(
        Group(code=g["code"], label=g["label"], max=g["max"], aliases=tuple(g.get("aliases", ())))
        for g in raw.get("groups", ())
    )
    _check_unique([g.code for g in groups], f"{context}.groups", where)
    stated_max = raw.get("max")
    if not groups and not stated_max:
        raise frameworks.framework_error(
            where, f"{context} (khối '{raw['code']}')", "không có nhóm tiêu chí nên cần 'max' (điểm tối đa) dương"
        )
    tier = Tier(
        code=raw["code"],
        label=raw["label"],
        label_unit=raw.get("label_unit") or raw["label"],
        groups=groups,
        parent_tier=raw.get("parent_tier"),
        criteria_source=raw.get("criteria_source", ""),
        units=raw.get("units", ""),
        stated_max=stated_max,
        bands=_bands(raw["bands"], f"{context}.bands", where) if "bands" in raw else None,
        parent_label=raw.get("parent_label", ""),
        provisional=raw.get("provisional", ""),
        group_tier=raw.get("group_tier"),
    )
    if groups and stated_max is not None and abs(stated_max - tier.max) > 1e-9:
        raise frameworks.framework_error(
            where,
            f"{context}.max",
            f"khác tổng điểm tối đa của các nhóm tiêu chí của khối '{tier.code}' ({tier.max:g})",
            stated_max,
        )
    return tier


def _check_unique(codes: list[str], what: str, where: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise frameworks.framework_error(where, what, f"mã '{code}' bị lặp")
        seen.add(code)
