"""The indicators framework: the reference document (a resolution, a plan) and the indicators it sets.

Read through ``core.frameworks.read_framework`` (the fields typed by ``FrameworkFile``, one wording
of every message, an unknown field refused) before any notebook runs; the rules between fields (a
target within 0..100 for a percentage, its source, codes unique) are checked here after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BeforeValidator

from ...core import frameworks
from ...core.formatting import date_vi
from ...core.frameworks import FrameworkModel, Labelled, LabelledSection, Subject, by_code
from ...core.settings import Date, Filled, Scalar, Section, Text, one_of

KIND = "indicators"
PERCENT = "%"
DIRECTIONS = {"higher_is_better": "càng cao càng tốt", "lower_is_better": "càng thấp càng tốt"}


@dataclass(frozen=True)
class Indicator(Labelled):
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
    name: Filled
    date: Date
    issuer: Text | None = None
    title: Text | None = None


class _Indicator(LabelledSection):
    short_label: Text | None = None
    unit: Filled
    direction: Annotated[str, BeforeValidator(one_of(*DIRECTIONS))]
    target: Scalar | None = None  # a number: checked below, with the indicator's unit
    target_source: Text | None = None


class FrameworkFile(FrameworkModel):
    """framework.yaml of this kind, typed (core.settings); the rules between fields are checked below."""

    kind: ClassVar[str] = KIND

    reference: _Reference
    indicators: list[_Indicator]


def load_framework(path: Path) -> IndicatorFramework:
    """Read and check a framework of kind ``indicators``; every error names the file and the field."""
    where, raw = frameworks.read_framework(path, KIND, FrameworkFile)
    indicators = tuple(_indicator(item, f"indicators[{i}]", where) for i, item in enumerate(raw["indicators"]))
    seen = set()
    for i, indicator in enumerate(indicators):
        if indicator.code in seen:
            raise frameworks.framework_error(
                where, f"indicators[{i}].code", "bị lặp: mỗi chỉ tiêu cần một mã riêng", indicator.code
            )
        seen.add(indicator.code)
    reference = raw["reference"]
    return IndicatorFramework(
        **frameworks.subject_fields(KIND, raw),
        reference=Reference(
            name=reference["name"],
            date=reference["date"].isoformat(),
            issuer=reference.get("issuer", ""),
            title=reference.get("title", ""),
        ),
        indicators=indicators,
        source=where,
    )


def _indicator(raw: dict, context: str, where: str) -> Indicator:
    unit = raw["unit"].strip()
    target = raw.get("target")
    if target is not None:
        if isinstance(target, str):
            raise frameworks.framework_error(where, f"{context}.target", "phải là một số", target)
        target = float(target)
        if unit == PERCENT and not 0 <= target <= 100:
            raise frameworks.framework_error(where, f"{context}.target", "nằm ngoài khoảng 0..100 (đơn vị %)", target)
        if not raw.get("target_source"):
            raise frameworks.framework_error(
                where, f"{context}.target_source", "cần có khi có target (nguồn của mức chỉ tiêu)"
            )
    elif raw.get("target_source"):
        raise frameworks.framework_error(where, f"{context}.target_source", "chỉ ghi khi có target")
    return Indicator(
        code=raw["code"].strip(),
        label=raw["label"],
        short_label=raw.get("short_label") or raw["label"],
        unit=unit,
        direction=raw["direction"],
        target=target,
        target_source=raw.get("target_source", ""),
    )
