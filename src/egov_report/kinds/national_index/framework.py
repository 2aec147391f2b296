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


def load_framework(path: Path) -> IndexFramework:
    """Read and check a framework of kind national_index; FrameworkError names file and field."""
    path = Path(path)
    where = display_path(path)
    raw = read_yaml(path, error=FrameworkError)

    def fail(field_name: str, problem: str):
        raise FrameworkError(f"{where}: trường '{field_name}' {problem}")

    def mapping(value, field_name: str) -> dict:
        if not isinstance(value, dict):
            fail(field_name, "phải là một bảng khóa: giá trị")
        return value

    def text(container: dict, key: str, field_name: str, required: bool = True) -> str:
        value = container.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                fail(field_name, "bị thiếu hoặc để trống")
            return ""
        if not isinstance(value, str):
            fail(field_name, f"phải là chữ (đang là {value!r}; viết trong dấu nháy nếu là mã số)")
        return normalise_text(value)

    def integer(container: dict, key: str, field_name: str, default=None, low: int = 1, high: int | None = None) -> int:
        value = container.get(key, default)
        if value is None:
            fail(field_name, "bị thiếu")
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bound = f"từ {low} đến {high}" if high is not None else f"từ {low} trở lên"
            fail(field_name, f"phải là một số nguyên {bound} (đang là {value!r})")
        return value

    def only_known(container: dict, known: tuple[str, ...], context: str) -> None:
        # a misspelt optional field (top_m:) would otherwise be silently ignored
        for key in container:
            if key not in known:
                name = f"{context}.{key}" if context else str(key)
                fail(name, f"không có trong định dạng của loại {KIND} (các trường: {', '.join(known)})")

    if raw.get("kind") != KIND:
        fail("kind", f"phải là {KIND} (đang là {raw.get('kind')!r})")
    only_known(raw, FRAMEWORK_FIELDS, "")
    province = mapping(raw.get("province"), "province")
    index = mapping(raw.get("index"), "index")
    registry = mapping(raw.get("registry"), "registry")
    only_known(province, ("code", "name", "name_full", "registry_code"), "province")
    only_known(index, ("name", "short_name", "publisher", "scale_max", "decimals"), "index")
    only_known(registry, ("file", "count"), "registry")
    scale = index.get("scale_max")
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        fail("index.scale_max", f"phải là một số dương (đang là {scale!r})")
    count = integer(registry, "count", "registry.count")
    registry_file = text(registry, "file", "registry.file")
    registry_path = path.parent / registry_file
    if not registry_path.is_file():
        fail("registry.file", f"trỏ tới tệp không có: {display_path(registry_path)}")
    categories_raw = raw.get("categories")
    if not isinstance(categories_raw, list) or not categories_raw:
        fail("categories", "phải là một danh sách hạng mục (ít nhất một)")
    categories, seen = [], {}
    reserved = {normalise_label(n) for names in BASE_COLUMNS.values() for n in names} | set(BASE_COLUMNS)
    for i, item in enumerate(categories_raw):
        context = f"categories[{i}]"
        item = mapping(item, context)
        only_known(item, ("code", "label", "short_label", "aliases"), context)
        code = text(item, "code", f"{context}.code")
        if not _CODE_RE.fullmatch(code):
            fail(f"{context}.code", f"phải gồm chữ thường không dấu, số và '_', bắt đầu bằng chữ (đang là '{code}')")
        if any(c.code == code for c in categories):
            fail(f"{context}.code", f"'{code}' bị lặp: mỗi hạng mục cần một mã riêng")
        label = text(item, "label", f"{context}.label")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            fail(f"{context}.aliases", "phải là một danh sách tên cột")
        category = Category(code=code, label=label, short_label=text(item, "short_label", f"{context}.short_label", False) or label,
                            aliases=tuple(normalise_text(a) for a in aliases))
        for name in (category.code, category.label, category.short_label, *category.aliases):
            key = normalise_label(name)
            if key in reserved:
                fail(context, f"dùng tên '{name}' trùng với một cột chung (tỉnh, điểm, hạng, ghi chú)")
            if seen.get(key, code) != code:
                fail(context, f"có tên '{name}' trùng với hạng mục '{seen[key]}'")
            seen[key] = code
        categories.append(category)
    name = text(province, "name", "province.name")
    framework = IndexFramework(
        kind=KIND,
        province_code=text(province, "code", "province.code"),
        province_name=name,
        province_name_full=text(province, "name_full", "province.name_full", False) or name,
        registry_code=text(province, "registry_code", "province.registry_code"),
        title=text(raw, "title", "title"),
        subject=text(raw, "subject", "subject", False),
        index_name=text(index, "name", "index.name"),
        index_short_name=text(index, "short_name", "index.short_name", False) or text(index, "name", "index.name"),
        publisher=text(index, "publisher", "index.publisher"),
        scale_max=float(scale),
        decimals=integer(index, "decimals", "index.decimals", default=4, low=0, high=6),
        registry_path=registry_path,
        registry_count=count,
        categories=tuple(categories),
        top_n=integer(raw, "top_n", "top_n", default=min(10, count), high=count),
        source=where,
    )
    return framework
