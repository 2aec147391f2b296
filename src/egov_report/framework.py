"""The evaluation framework: tiers, criteria groups with maximum points, and bands.

A framework is data (``data/<province>/framework.yaml``); this module reads it with
``yaml.safe_load`` (no code from data is ever executed) and checks it is consistent before
any notebook runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import FrameworkError
from .paths import display_path
from .textfiles import read_yaml

# Report kinds and the notebook (notebooks/<name>.ipynb) that tells each one's story.
# tiered_scores is defined in this module; every other kind in egov_report.kinds.<kind>,
# which provides load_framework(path) and checks its own part of the file.
KIND_NOTEBOOKS = {"tiered_scores": "report", "national_index": "national_index", "indicators": "indicators"}
KNOWN_KINDS = set(KIND_NOTEBOOKS)


def framework_file(province_dir: Path, year) -> Path:
    """A year may bring its own framework (a new criteria set, another kind of report)."""
    own = Path(province_dir) / str(year) / "framework.yaml"
    return own if own.exists() else Path(province_dir) / "framework.yaml"


def framework_kind(path: Path) -> str:
    """The kind a framework file declares, checked: the first thing a run needs to know."""
    where = display_path(path)
    kind = read_yaml(path, error=FrameworkError).get("kind")
    if kind not in KNOWN_KINDS:
        raise FrameworkError(
            f"{where}: loại báo cáo '{kind}' không được hỗ trợ (hỗ trợ: {', '.join(sorted(KNOWN_KINDS))})"
        )
    return kind


def check_framework(path: Path) -> str:
    """Load and check any kind's framework before a notebook runs; returns the kind."""
    kind = framework_kind(path)
    if kind == "tiered_scores":
        load_framework(path)
    else:
        import importlib

        importlib.import_module(f"egov_report.kinds.{kind}").load_framework(path)
    return kind


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min_share: float  # lower bound, included, as a share of the tier's maximum


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
    parent_tier: str | None = None
    criteria_source: str = ""

    @property
    def max(self) -> float:
        return sum(g.max for g in self.groups)


@dataclass(frozen=True)
class Framework:
    kind: str
    province_code: str
    province_name: str
    province_name_full: str
    title: str
    subject: str
    bands: tuple[Band, ...]
    tiers: tuple[Tier, ...]
    unit_types: dict = field(default_factory=dict, compare=False)  # unit_type code -> label
    source: str = field(default="", compare=False)

    def tier(self, code: str) -> Tier:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise KeyError(code)

    def band_for(self, score: float, tier: Tier) -> Band:
        """The band of a score: the first band whose lower bound the share reaches."""
        share = score / tier.max
        for band in self.bands:
            if share >= band.min_share - 1e-9:
                return band
        return self.bands[-1]

    def band_floor(self, band: Band, tier: Tier) -> float:
        """The lowest score of a band in points, for charts and method text."""
        return band.min_share * tier.max


def load_framework(path: Path) -> Framework:
    return _build(read_yaml(path, error=FrameworkError), display_path(path))


def _build(raw: dict, where: str) -> Framework:
    def need(mapping: dict, key: str, context: str):
        if key not in mapping or mapping[key] in (None, ""):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")
        return mapping[key]

    kind = need(raw, "kind", "loại báo cáo")
    if kind not in KNOWN_KINDS:
        raise FrameworkError(
            f"{where}: loại báo cáo '{kind}' không được hỗ trợ (hỗ trợ: {', '.join(sorted(KNOWN_KINDS))})"
        )
    province = need(raw, "province", "tỉnh")
    bands = tuple(_band(b, i, where) for i, b in enumerate(need(raw, "bands", "xếp loại")))
    _check_bands(bands, where)
    tiers = tuple(_tier(t, i, where) for i, t in enumerate(need(raw, "tiers", "các khối đánh giá")))
    _check_unique([t.code for t in tiers], "tiers", where)
    codes = {t.code for t in tiers}
    for tier in tiers:
        if tier.parent_tier is not None and (tier.parent_tier not in codes or tier.parent_tier == tier.code):
            raise FrameworkError(
                f"{where}: khối '{tier.code}' có parent_tier '{tier.parent_tier}' không phải khối khác đã khai báo"
            )
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
        source=where,
    )


def _band(raw, index: int, where: str) -> Band:
    context = f"bands[{index}]"
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    try:
        share = float(raw["min_share"])
    except (KeyError, TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.min_share phải là một số từ 0 đến 1") from None
    if not 0 <= share <= 1:
        raise FrameworkError(f"{where}: {context}.min_share = {share} nằm ngoài khoảng 0..1")
    for key in ("code", "label"):
        if not raw.get(key):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")
    return Band(code=str(raw["code"]), label=str(raw["label"]), min_share=share)


def _check_bands(bands: tuple[Band, ...], where: str) -> None:
    if not bands:
        raise FrameworkError(f"{where}: cần ít nhất một mức xếp loại (bands)")
    _check_unique([b.code for b in bands], "bands", where)
    shares = [b.min_share for b in bands]
    if any(a <= b for a, b in zip(shares, shares[1:])):
        raise FrameworkError(
            f"{where}: các mức xếp loại phải xếp từ cao xuống thấp với ngưỡng giảm dần, không trùng nhau "
            f"(min_share: {shares})"
        )
    if shares[-1] != 0:
        raise FrameworkError(
            f"{where}: mức thấp nhất ('{bands[-1].code}') phải có min_share 0, "
            "nếu không sẽ có điểm không thuộc mức nào"
        )


def _tier(raw, index: int, where: str) -> Tier:
    context = f"tiers[{index}]"
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    for key in ("code", "label", "groups"):
        if not raw.get(key):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")
    groups = tuple(_group(g, f"{context}.groups[{i}]", where) for i, g in enumerate(raw["groups"]))
    _check_unique([g.code for g in groups], f"{context}.groups", where)
    tier = Tier(
        code=str(raw["code"]),
        label=str(raw["label"]),
        label_unit=str(raw.get("label_unit") or raw["label"]),
        groups=groups,
        parent_tier=raw.get("parent_tier"),
        criteria_source=str(raw.get("criteria_source") or ""),
    )
    try:
        stated_max = float(raw["max"]) if "max" in raw else None
    except (TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.max phải là một số") from None
    if stated_max is not None and abs(stated_max - tier.max) > 1e-9:
        raise FrameworkError(
            f"{where}: {context} ('{tier.code}'): tổng điểm tối đa {raw['max']} khác tổng điểm tối đa "
            f"của các nhóm tiêu chí ({tier.max:g})"
        )
    return tier


def _group(raw, context: str, where: str) -> Group:
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}: {context} phải là một bảng khóa: giá trị")
    for key in ("code", "label"):
        if not raw.get(key):
            raise FrameworkError(f"{where}: thiếu trường '{key}' ({context})")
    try:
        maximum = float(raw["max"])
    except (KeyError, TypeError, ValueError):
        raise FrameworkError(f"{where}: {context}.max phải là một số dương") from None
    if maximum <= 0:
        raise FrameworkError(f"{where}: {context}.max phải là một số dương (đang là {maximum:g})")
    aliases = tuple(str(a) for a in raw.get("aliases") or ())
    return Group(code=str(raw["code"]), label=str(raw["label"]), max=maximum, aliases=aliases)


def _check_unique(codes: list[str], what: str, where: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise FrameworkError(f"{where}: mã '{code}' bị lặp trong {what}")
        seen.add(code)
