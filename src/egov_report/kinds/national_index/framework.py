"""The national_index framework: the subject province, the index (scale, decimals), the registry, categories.

Read through ``core.frameworks.read_framework`` (the fields typed by ``FrameworkFile``, one wording
of every message, an unknown field refused) before any notebook runs; the rules between fields
(decimals, top_n within the registry, names unique across categories) are checked here after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...core import frameworks
from ...core.frameworks import FrameworkModel, Labelled, LabelledSection, Subject, by_code
from ...core.settings import Code, FileName, Filled, Integer, Lines, Positive, ProvinceSection, Section, Text
from ...core.textfiles import normalise_label, normalise_text
from ...paths import display_path

KIND = "national_index"
BASE_COLUMNS = {
    "province": ("province", "tỉnh", "tỉnh, thành phố", "tỉnh/thành phố", "tên tỉnh", "địa phương"),
    "overall": ("score", "overall", "điểm", "tổng điểm", "điểm tổng hợp", "chỉ số"),
    "rank": ("rank", "hạng", "xếp hạng", "thứ hạng"),
    "note": ("note", "ghi chú"),
}
_CODE_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Category(Labelled):
    short_label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexFramework(Subject):
    registry_code: str  # the subject's code in the registry
    index_name: str
    index_short_name: str
    publisher: str
    scale_max: float
    decimals: int  # most decimals a score is shown with
    registry_path: Path
    registry_count: int
    categories: tuple[Category, ...]
    top_n: int
    source: str = field(default="", compare=False)

    def category(self, code: str) -> Category:
        return by_code(self.categories, code)


class _Province(ProvinceSection):
    registry_code: Code  # the province's code in the registry ("06": a number would lose its zero)


class _Index(Section):
    name: Filled
    short_name: Text | None = None
    publisher: Filled
    scale_max: Positive
    decimals: Integer | None = None


class _Registry(Section):
    file: FileName
    count: Integer


class _Category(LabelledSection):
    short_label: Text | None = None
    aliases: Lines | None = None


class FrameworkFile(FrameworkModel):
    """framework.yaml of this kind, typed (core.settings); the rules between fields are checked below."""

    kind: ClassVar[str] = KIND

    province: _Province
    index: _Index
    registry: _Registry
    categories: list[_Category]
    top_n: Integer | None = None


def load_framework(path: Path) -> IndexFramework:
    """Read and check a framework of kind national_index; FrameworkError names file and field."""
    path = Path(path)
    where, raw = frameworks.read_framework(path, KIND, FrameworkFile)
    index, registry = raw["index"], raw["registry"]
    count = _within(where, "registry.count", registry["count"], 1)
    registry_path = path.parent / registry["file"]
    if not registry_path.is_file():
        raise frameworks.framework_error(
            where, "registry.file", f"trỏ tới tệp không có: {display_path(registry_path)}", registry["file"]
        )
    return IndexFramework(
        **frameworks.subject_fields(KIND, raw)
        | {"subject": normalise_text(raw.get("subject", ""))},  # no subject: none said
        registry_code=normalise_text(raw["province"]["registry_code"]),
        index_name=normalise_text(index["name"]),
        index_short_name=normalise_text(index.get("short_name") or index["name"]),
        publisher=normalise_text(index["publisher"]),
        scale_max=index["scale_max"],
        decimals=_within(where, "index.decimals", index.get("decimals", 4), 0, 6),
        registry_path=registry_path,
        registry_count=count,
        categories=_categories(where, raw["categories"]),
        top_n=_within(where, "top_n", raw.get("top_n", min(10, count)), 1, count),
        source=where,
    )


def _within(where: str, name: str, value: int, low: int, high: int | None = None) -> int:
    if value < low or (high is not None and value > high):
        bound = f"từ {low} đến {high}" if high is not None else f"từ {low} trở lên"
        raise frameworks.framework_error(where, name, f"phải là một số nguyên {bound}", value)
    return value


def _categories(where: str, raw: list[dict]) -> tuple[Category, ...]:
    """The categories in file order: codes unique, and no name shared with another category or a common column."""
    if not raw:
        raise frameworks.framework_error(where, "categories", "phải là một danh sách hạng mục (ít nhất một)")
    categories: list[Category] = []
    seen: dict[str, str] = {}
    reserved = {normalise_label(n) for names in BASE_COLUMNS.values() for n in names} | set(BASE_COLUMNS)
    for i, item in enumerate(raw):
        context = f"categories[{i}]"
        category = _category(where, item, context, {c.code for c in categories})
        for name in (category.code, category.label, category.short_label, *category.aliases):
            key = normalise_label(name)
            if key in reserved:
                raise frameworks.framework_error(
                    where, context, f"dùng tên '{name}' trùng với một cột chung (tỉnh, điểm, hạng, ghi chú)"
                )
            if seen.get(key, category.code) != category.code:
                raise frameworks.framework_error(where, context, f"có tên '{name}' trùng với hạng mục '{seen[key]}'")
            seen[key] = category.code
        categories.append(category)
    return tuple(categories)


def _category(where: str, item: dict, context: str, taken: set[str]) -> Category:
    """One category; its code not among those ``taken`` by the categories before it."""
    code = item["code"]
    if not _CODE_RE.fullmatch(code):
        raise frameworks.framework_error(
            where, f"{context}.code", "phải gồm chữ thường không dấu, số và '_', bắt đầu bằng chữ", code
        )
    if code in taken:
        raise frameworks.framework_error(where, f"{context}.code", "bị lặp: mỗi hạng mục cần một mã riêng", code)
    label = normalise_text(item["label"])
    return Category(
        code=code,
        label=label,
        short_label=normalise_text(item.get("short_label") or label),
        aliases=tuple(normalise_text(a) for a in item.get("aliases", ())),
    )
