"""Reading a province-year: its framework, unit registry, year settings and score tables.

Score tables are kept by analysts as CSV (UTF-8) or Excel workbooks, with Vietnamese
headers. Headers are matched after Unicode NFC normalisation, whitespace folding and case
folding, against the canonical names, the framework's group codes and labels, and aliases.
Values are kept as text here and parsed to numbers beside the text, so that validation can
quote exactly what the analyst typed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError, ParameterError
from .textfiles import read_text, read_yaml
from .framework import Framework, Tier, framework_file, load_framework
from .paths import DATA_DIR, display_path

UNIT_COLUMNS = ("unit_code", "unit_name")
BASE_ALIASES = {
    "unit_code": ("mã đơn vị", "mã", "mã đvhc", "mã số", "code", "unit_code"),
    "unit_name": ("tên đơn vị", "đơn vị", "tên", "name", "unit_name"),
    "total": ("tổng điểm", "tổng", "tổng cộng", "total"),
}
REGISTRY_COLUMNS = ("code", "name", "tier", "parent_code", "unit_type")
COVERAGES = ("full", "partial")  # every unit of the registry, or a subset (a pilot)
_PROVINCE_RE = re.compile(r"[a-z][a-z0-9_-]{0,40}")
_YEAR_RE = re.compile(r"\d{4}")
_NUMBER_RE = re.compile(r"[+-]?\d+(\.\d+)?")
_DECIMAL_COMMA_RE = re.compile(r"[+-]?\d+,\d+")


def normalise_text(text: str) -> str:
    """NFC, no-break spaces as spaces, runs of white space folded: how names are compared."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return " ".join(text.split())


def normalise_label(text: str) -> str:
    return normalise_text(text).casefold()


def parse_score(text: str) -> float | None:
    """A score typed by an analyst, or None when it is not a number.

    A decimal comma ("8,5") is accepted as Vietnamese spreadsheets write it; scores never
    reach the thousands, so a comma cannot be a thousands separator here.
    """
    text = normalise_text(text)
    if _NUMBER_RE.fullmatch(text):
        return float(text)
    if _DECIMAL_COMMA_RE.fullmatch(text):
        return float(text.replace(",", "."))
    return None


@dataclass
class ScoreTable:
    """One tier's scores for one year, with canonical column names."""

    tier: Tier
    path: Path
    sheet: str | None
    coverage: str  # "full": every unit of the registry; "partial": a subset (a pilot)
    coverage_note: str
    text: pd.DataFrame  # canonical columns as typed, plus "row" (the row number in the file)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        where = display_path(self.path)
        return f"{where} [{self.sheet}]" if self.sheet else where

    @property
    def score_columns(self) -> list[str]:
        return [g.code for g in self.tier.groups] + (["total"] if "total" in self.text else [])

    def numbers(self) -> pd.DataFrame:
        """Codes, names and scores as numbers (NaN where the text is not a number)."""
        out = self.text[["row", *(c for c in UNIT_COLUMNS if c in self.text)]].copy()
        for column in self.score_columns:
            out[column] = self.text[column].map(parse_score).astype("float64")
        return out


@dataclass
class YearData:
    year: int
    directory: Path
    settings: dict
    tables: dict[str, ScoreTable]

    @property
    def input_files(self) -> list[Path]:
        files = {self.directory / "evaluation.yaml"}
        files.update(t.path for t in self.tables.values())
        return sorted(files)


@dataclass
class Evaluation:
    """Everything a report of one province-year reads."""

    province: str
    year: int
    framework: Framework
    framework_path: Path
    registry: pd.DataFrame
    registry_path: Path
    current: YearData
    previous: YearData | None
    findings_markdown: str | None
    findings_path: Path | None

    @property
    def input_files(self) -> list[Path]:
        files = {self.framework_path, self.registry_path, *self.current.input_files}
        if self.previous:
            files.update(self.previous.input_files)
        if self.findings_path:
            files.add(self.findings_path)
        return sorted(files)

    def units(self, tier: str) -> pd.DataFrame:
        return self.registry[self.registry["tier"] == tier]


def available_province_years(data_dir: Path = DATA_DIR) -> list[tuple[str, int]]:
    found = []
    for settings in sorted(Path(data_dir).glob("*/*/evaluation.yaml")):
        province, year = settings.parent.parent.name, settings.parent.name
        if _PROVINCE_RE.fullmatch(province) and _YEAR_RE.fullmatch(year):
            found.append((province, int(year)))
    return found


def check_parameters(province, year, data_dir: Path = DATA_DIR) -> tuple[str, int]:
    """PROVINCE and YEAR as given on the command line or in a notebook, checked against data/."""
    province, year_text = str(province).strip(), str(year).strip()
    available = available_province_years(data_dir)
    listing = ", ".join(f"{p} {y}" for p, y in available) or "không có"
    if not _PROVINCE_RE.fullmatch(province) or not _YEAR_RE.fullmatch(year_text):
        raise ParameterError(
            f"Tham số không hợp lệ: PROVINCE={province!r} YEAR={year_text!r}. "
            f"PROVINCE là mã tỉnh (chữ thường, không dấu), YEAR là năm 4 chữ số. Hiện có: {listing}"
        )
    if (province, int(year_text)) not in available:
        raise ParameterError(f"Không có dữ liệu cho {province} {year_text} trong data/. Hiện có: {listing}")
    return province, int(year_text)


def load_evaluation(province, year, data_dir: Path = DATA_DIR) -> Evaluation:
    province, year = check_parameters(province, year, data_dir)
    province_dir = Path(data_dir) / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    registry_path = province_dir / "units.csv"
    registry = read_registry(registry_path)
    current = load_year(province_dir / str(year), framework)
    previous = None
    previous_year = current.settings.get("previous_year")
    if previous_year is not None:
        previous_dir = province_dir / str(previous_year)
        if not (previous_dir / "evaluation.yaml").exists():
            raise InputError(
                f"{display_path(current.directory / 'evaluation.yaml')}: previous_year {previous_year} "
                f"nhưng không có {display_path(previous_dir / 'evaluation.yaml')}"
            )
        previous = load_year(previous_dir, framework)
    findings_path, findings = None, None
    if current.settings.get("findings"):
        findings_path = current.directory / current.settings["findings"]
        findings = read_text(findings_path)
    return Evaluation(
        province=province,
        year=year,
        framework=framework,
        framework_path=framework_path,
        registry=registry,
        registry_path=registry_path,
        current=current,
        previous=previous,
        findings_markdown=findings,
        findings_path=findings_path,
    )


def load_year(directory: Path, framework: Framework) -> YearData:
    settings_path = directory / "evaluation.yaml"
    settings = read_yaml(settings_path)
    sources = settings.get("sources") or {}
    if not isinstance(sources, dict):
        raise InputError(f"{display_path(settings_path)}: 'sources' phải liệt kê tệp điểm theo mã khối")
    tables = {}
    for tier_code, source in sources.items():
        try:
            tier = framework.tier(tier_code)
        except KeyError:
            known = ", ".join(t.code for t in framework.tiers)
            raise InputError(
                f"{display_path(settings_path)}: sources có khối '{tier_code}' không có trong khung đánh giá ({known})"
            ) from None
        if not isinstance(source, dict) or not source.get("file"):
            raise InputError(f"{display_path(settings_path)}: sources.{tier_code} phải có 'file' (tên tệp điểm)")
        if str(source.get("coverage", "full")) not in COVERAGES:
            raise InputError(
                f"{display_path(settings_path)}: sources.{tier_code}.coverage = '{source['coverage']}' "
                f"không hợp lệ (chỉ nhận: {', '.join(COVERAGES)})"
            )
        tables[tier_code] = read_score_table(directory, tier, source)
    if not tables:
        raise InputError(f"{display_path(settings_path)}: không khai báo tệp điểm nào (sources)")
    return YearData(year=int(settings.get("year") or directory.name), directory=directory, settings=settings, tables=tables)


def read_score_table(directory: Path, tier: Tier, source: dict) -> ScoreTable:
    path = directory / source["file"]
    sheet = source.get("sheet")
    frame = read_table(path, sheet)
    aliases = column_aliases(tier)
    renamed, unknown = {}, []
    for column in frame.columns.drop("row"):
        canonical = aliases.get(normalise_label(column))
        if canonical is None or canonical in renamed.values():
            unknown.append(str(column))
        else:
            renamed[column] = canonical
    text = frame[list(renamed)].rename(columns=renamed)
    text.insert(0, "row", frame["row"])
    return ScoreTable(
        tier=tier,
        path=path,
        sheet=sheet,
        coverage=str(source.get("coverage", "full")),
        coverage_note=str(source.get("coverage_note", "")),
        text=text,
        unknown_columns=unknown,
    )


def column_aliases(tier: Tier) -> dict[str, str]:
    aliases = {}
    for canonical, names in BASE_ALIASES.items():
        for name in names:
            aliases[normalise_label(name)] = canonical
    for group in tier.groups:
        for name in (group.code, group.label, *group.aliases):
            aliases[normalise_label(name)] = group.code
    return aliases


def required_columns(tier: Tier) -> list[str]:
    return ["unit_code", *(g.code for g in tier.groups)]


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """A table of text cells with its header row; CSV or Excel by the file's ending."""
    where = display_path(path)
    if not Path(path).exists():
        raise InputError(f"{where}: không tìm thấy tệp")
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, sheet, where)
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputError(f"{where}: định dạng {suffix} không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8")
    text = read_text(path)
    if not text.strip():
        raise InputError(f"{where}: tệp rỗng")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    frame.columns = [normalise_text(c) for c in frame.columns]
    frame = frame.fillna("").astype(str).map(normalise_text)
    return _numbered(frame)


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Row numbers as a spreadsheet shows them (the header is row 1), then blank rows dropped."""
    frame = frame.copy()
    frame["row"] = range(2, len(frame) + 2)
    blank = (frame.drop(columns="row") == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _read_excel(path: Path, sheet: str | None, where: str) -> pd.DataFrame:
    workbook = pd.ExcelFile(path, engine="openpyxl")
    names = {normalise_text(n): n for n in workbook.sheet_names}
    if sheet is None:
        sheet_name = workbook.sheet_names[0]
    elif normalise_text(sheet) in names:
        sheet_name = names[normalise_text(sheet)]
    else:
        raise InputError(f"{where}: không có trang tính '{sheet}' (có: {', '.join(workbook.sheet_names)})")
    frame = pd.read_excel(workbook, sheet_name=sheet_name, dtype=str, keep_default_na=False)
    frame.columns = [normalise_text(c) for c in frame.columns]
    return _numbered(frame.fillna("").astype(str).map(normalise_text))


def read_registry(path: Path) -> pd.DataFrame:
    frame = read_table(path)
    missing = [c for c in REGISTRY_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{display_path(path)}: thiếu cột {', '.join(missing)} trong danh mục đơn vị")
    return frame[["row", *(c for c in frame.columns if c != "row")]]
