"""The indicators framework: the reference document (a resolution, a plan) and the indicators it sets.

Read with ``yaml.safe_load`` and checked before any notebook runs; every error names the file
and the field, and a field the kind does not know is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from pydantic import ConfigDict

from ...core.formatting import date_vi
from ...core.frameworks import Subject, by_code, field_name, only_known
from ...core.settings import Date, ProvinceSection, Scalar, Section, Text, check_settings
from ...core.textfiles import read_yaml
from ...errors import FrameworkError
from ...paths import display_path

KIND = "indicators"
PERCENT = "%"
DIRECTIONS = {"higher_is_better": "càng cao càng tốt", "lower_is_better": "càng thấp càng tốt"}
FRAMEWORK_FIELDS = ("kind", "province", "title", "subject", "reference", "indicators")
PROVINCE_FIELDS = ("code", "name", "name_full")
REFERENCE_FIELDS = ("name", "date", "issuer", "title")
INDICATOR_FIELDS = ("code", "label", "short_label", "unit", "direction", "target", "target_source")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    short_label: str
    unit: str
    direction: str  # a key of DIRECTIONS
    target: float | None = None  # a target every year of this framework is measured against
    target_source: str = ""


@dataclass(frozen=True)
class Reference:
    """The document that sets the indicators (e.g. a government resolution)."""

    name: str  # as the report cites it: "Nghị quyết số 17/NQ-CP"
    date: str  # ISO date
    issuer: str = ""
    title: str = ""  # what it is about, as it reads after the name and date

    @property
    def citation(self) -> str:
        text = f"{self.name} ngày {date_vi(self.date)}"
        if self.issuer:
            text += f" của {self.issuer}"
        return f"{text} {self.title}" if self.title else text


@dataclass(frozen=True)
class IndicatorFramework(Subject):
    reference: Reference
    indicators: tuple[Indicator, ...]
    source: str = field(default="", compare=False)

    def indicator(self, code: str) -> Indicator:
        return by_code(self.indicators, code)


class _Reference(Section):
    name: Text
    date: Date
    issuer: Text | None = None
    title: Text | None = None


class _Indicator(Section):
    code: Text
    label: Text
    short_label: Text | None = None
    unit: Text
    direction: Text
    target: Scalar | None = None  # a number: checked below, with the indicator's unit
    target_source: Text | None = None


class FrameworkFile(Section):
    """framework.yaml of this kind, typed (core.settings); the rules between fields are checked below."""

    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    province: ProvinceSection
    title: Text
    subject: Text | None = None
    reference: _Reference
    indicators: list[_Indicator]


def load_framework(path: Path) -> IndicatorFramework:
    """Read and check a framework of kind ``indicators``; every error names the file and the field."""
    where = display_path(path)
    raw = read_yaml(path, error=FrameworkError)
    if raw.get("kind") == KIND:  # another kind's file is refused below, naming its kind
        check_settings({k: v for k, v in raw.items() if k != "kind"}, where, FrameworkFile, error=FrameworkError,
                       first=0)
    only_known(raw, FRAMEWORK_FIELDS, "", where, KIND)
    kind = _need(raw, "kind", "", where)
    if kind != KIND:
        raise FrameworkError(f"{where}: kind '{kind}' không phải '{KIND}'")
    province = _mapping(_need(raw, "province", "", where), "province", where)
    only_known(province, PROVINCE_FIELDS, "province", where, KIND)
    reference = _reference(_need(raw, "reference", "", where), where)
    listed = _need(raw, "indicators", "", where)
    if not isinstance(listed, list):
        raise FrameworkError(f"{where}: 'indicators' phải là một danh sách chỉ tiêu")
    indicators = tuple(_indicator(item, f"indicators[{i}]", where) for i, item in enumerate(listed))
    seen = set()
    for indicator in indicators:
        if indicator.code in seen:
            raise FrameworkError(f"{where}: mã chỉ tiêu '{indicator.code}' bị lặp trong indicators")
        seen.add(indicator.code)
    name = str(_need(province, "name", "province", where))
    return IndicatorFramework(
        kind=kind,
        province_code=str(_need(province, "code", "province", where)),
        province_name=name,
        province_name_full=str(province.get("name_full") or name),
        title=str(_need(raw, "title", "", where)),
        subject=str(raw.get("subject") or raw["title"]),
        reference=reference,
        indicators=indicators,
        source=where,
    )


def _need(mapping: dict, key: str, context: str, where: str):
    value = mapping.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FrameworkError(f"{where}: thiếu trường '{field_name(context, key)}'")
    return value


def _mapping(value, context: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    return value


def _reference(raw, where: str) -> Reference:
    raw = _mapping(raw, "reference", where)
    only_known(raw, REFERENCE_FIELDS, "reference", where, KIND)
    date = _need(raw, "date", "reference", where)
    try:
        date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date).strip())
    except ValueError:
        raise FrameworkError(f"{where}: reference.date = '{date}' phải là một ngày dạng 2019-03-07") from None
    return Reference(
        name=str(_need(raw, "name", "reference", where)),
        date=date.isoformat(),
        issuer=str(raw.get("issuer") or ""),
        title=str(raw.get("title") or ""),
    )


def _indicator(raw, context: str, where: str) -> Indicator:
    raw = _mapping(raw, context, where)
    only_known(raw, INDICATOR_FIELDS, context, where, KIND)
    code = str(_need(raw, "code", context, where)).strip()
    context = f"{context} ('{code}')"
    label = str(_need(raw, "label", context, where))
    unit = str(_need(raw, "unit", context, where)).strip()
    direction = str(_need(raw, "direction", context, where))
    if direction not in DIRECTIONS:
        raise FrameworkError(
            f"{where}: {context}.direction = '{direction}' không hợp lệ (chỉ nhận: {', '.join(DIRECTIONS)})"
        )
    target = raw.get("target")
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, (int, float)):
            raise FrameworkError(f"{where}: {context}.target = '{target}' phải là một số")
        target = float(target)
        if unit == PERCENT and not 0 <= target <= 100:
            raise FrameworkError(f"{where}: {context}.target = {target:g} nằm ngoài khoảng 0..100 (đơn vị %)")
        if not raw.get("target_source"):
            raise FrameworkError(f"{where}: thiếu trường '{context}.target_source' (nguồn của mức chỉ tiêu)")
    elif raw.get("target_source"):
        raise FrameworkError(f"{where}: {context} có target_source nhưng không có target")
    return Indicator(
        code=code,
        label=label,
        short_label=str(raw.get("short_label") or label),
        unit=unit,
        direction=direction,
        target=target,
        target_source=str(raw.get("target_source") or ""),
    )
