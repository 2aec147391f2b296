"""The national_index framework: the subject province, the index (scale, decimals), the registry, categories.

Read with ``yaml.safe_load`` and checked before any notebook runs; every error names the file
and the field, and a field the kind does not know is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...core.frameworks import Subject, by_code
from ...core.textfiles import normalise_label, normalise_text, read_yaml
from ...errors import FrameworkError
from ...paths import display_path

KIND = "national_index"
FRAMEWORK_FIELDS = ("kind", "province", "title", "subject", "index", "registry", "categories", "top_n")
BASE_COLUMNS = {
    "province": ("province", "tỉnh", "tỉnh, thành phố", "tỉnh/thành phố", "tên tỉnh", "địa phương"),
    "overall": ("score", "overall", "điểm", "tổng điểm", "điểm tổng hợp", "chỉ số"),
    "rank": ("rank", "hạng", "xếp hạng", "thứ hạng"),
    "note": ("note", "ghi chú"),
}
_CODE_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Category:
    code: str
    label: str
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


class _Fields:
    """The field readers of one framework file: each failure a FrameworkError naming the file and the field."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, field_name: str, problem: str):
        raise FrameworkError(f"{self.where}: trường '{field_name}' {problem}")

    def mapping(self, value, field_name: str) -> dict:
        if not isinstance(value, dict):
            self.fail(field_name, "phải là một bảng khóa: giá trị")
        return value

    def text(self, container: dict, key: str, field_name: str, required: bool = True) -> str:
        value = container.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(field_name, "bị thiếu hoặc để trống")
            return ""
        if not isinstance(value, str):
            self.fail(field_name, f"phải là chữ (đang là {value!r}; viết trong dấu nháy nếu là mã số)")
        return normalise_text(value)

    def integer(self, container: dict, key: str, field_name: str, default=None, low: int = 1,
                high: int | None = None) -> int:
        value = container.get(key, default)
        if value is None:
            self.fail(field_name, "bị thiếu")
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bound = f"từ {low} đến {high}" if high is not None else f"từ {low} trở lên"
            self.fail(field_name, f"phải là một số nguyên {bound} (đang là {value!r})")
        return value

    def only_known(self, container: dict, known: tuple[str, ...], context: str) -> None:
        # a misspelt optional field (top_m:) would otherwise be silently ignored
        for key in container:
            if key not in known:
                name = f"{context}.{key}" if context else str(key)
                self.fail(name, f"không có trong định dạng của loại {KIND} (các trường: {', '.join(known)})")


def load_framework(path: Path) -> IndexFramework:
    """Read and check a framework of kind national_index; FrameworkError names file and field."""
    path = Path(path)
    where = display_path(path)
    raw = read_yaml(path, error=FrameworkError)
    fields = _Fields(where)
    if raw.get("kind") != KIND:
        fields.fail("kind", f"phải là {KIND} (đang là {raw.get('kind')!r})")
    fields.only_known(raw, FRAMEWORK_FIELDS, "")
    province = fields.mapping(raw.get("province"), "province")
    index = fields.mapping(raw.get("index"), "index")
    registry = fields.mapping(raw.get("registry"), "registry")
    fields.only_known(province, ("code", "name", "name_full", "registry_code"), "province")
    fields.only_known(index, ("name", "short_name", "publisher", "scale_max", "decimals"), "index")
    fields.only_known(registry, ("file", "count"), "registry")
    scale = index.get("scale_max")
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        fields.fail("index.scale_max", f"phải là một số dương (đang là {scale!r})")
    count = fields.integer(registry, "count", "registry.count")
    registry_path = path.parent / fields.text(registry, "file", "registry.file")
    if not registry_path.is_file():
        fields.fail("registry.file", f"trỏ tới tệp không có: {display_path(registry_path)}")
    categories = _categories(fields, raw.get("categories"))
    name = fields.text(province, "name", "province.name")
    return IndexFramework(
        kind=KIND,
        province_code=fields.text(province, "code", "province.code"),
        province_name=name,
        province_name_full=fields.text(province, "name_full", "province.name_full", False) or name,
        registry_code=fields.text(province, "registry_code", "province.registry_code"),
        title=fields.text(raw, "title", "title"),
        subject=fields.text(raw, "subject", "subject", False),
        index_name=fields.text(index, "name", "index.name"),
        index_short_name=(fields.text(index, "short_name", "index.short_name", False)
                          or fields.text(index, "name", "index.name")),
        publisher=fields.text(index, "publisher", "index.publisher"),
        scale_max=float(scale),
        decimals=fields.integer(index, "decimals", "index.decimals", default=4, low=0, high=6),
        registry_path=registry_path,
        registry_count=count,
        categories=categories,
        top_n=fields.integer(raw, "top_n", "top_n", default=min(10, count), high=count),
        source=where,
    )


def _categories(fields: _Fields, raw) -> tuple[Category, ...]:
    """The categories in file order: codes unique, and no name shared with another category or a common column."""
    if not isinstance(raw, list) or not raw:
        fields.fail("categories", "phải là một danh sách hạng mục (ít nhất một)")
    categories: list[Category] = []
    seen: dict[str, str] = {}
    reserved = {normalise_label(n) for names in BASE_COLUMNS.values() for n in names} | set(BASE_COLUMNS)
    for i, item in enumerate(raw):
        context = f"categories[{i}]"
        category = _category(fields, fields.mapping(item, context), context, {c.code for c in categories})
        for name in (category.code, category.label, category.short_label, *category.aliases):
            key = normalise_label(name)
            if key in reserved:
                fields.fail(context, f"dùng tên '{name}' trùng với một cột chung (tỉnh, điểm, hạng, ghi chú)")
            if seen.get(key, category.code) != category.code:
                fields.fail(context, f"có tên '{name}' trùng với hạng mục '{seen[key]}'")
            seen[key] = category.code
        categories.append(category)
    return tuple(categories)


def _category(fields: _Fields, item: dict, context: str, taken: set[str]) -> Category:
    """One category; its code not among those ``taken`` by the categories before it."""
    fields.only_known(item, ("code", "label", "short_label", "aliases"), context)
    code = fields.text(item, "code", f"{context}.code")
    if not _CODE_RE.fullmatch(code):
        fields.fail(f"{context}.code", f"phải gồm chữ thường không dấu, số và '_', bắt đầu bằng chữ (đang là '{code}')")
    if code in taken:
        fields.fail(f"{context}.code", f"'{code}' bị lặp: mỗi hạng mục cần một mã riêng")
    label = fields.text(item, "label", f"{context}.label")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        fields.fail(f"{context}.aliases", "phải là một danh sách tên cột")
    return Category(code=code, label=label,
                    short_label=fields.text(item, "short_label", f"{context}.short_label", False) or label,
                    aliases=tuple(normalise_text(a) for a in aliases))
