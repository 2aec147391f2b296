"""Kind ``national_index``: one province's place in a national index of all provinces.

A ministry scores every province on an index (the MIC index of ICT application: 63 provinces,
six categories, scale 0 to 1) and publishes a national table. This kind reads one table per
year, checks it with the Great Expectations suites ``expectations/national_index_*.json``,
and reports the subject province's position: overall score and rank, gap to the leader,
category ranks, the years before, and which provinces have no score.

Inputs (docs/input-format.md, "Kind national_index")::

    data/<province>/framework.yaml          kind national_index: subject, index, categories
    data/<province>/provinces.csv           registry: every province once, GSO code, aliases
    data/<province>/<year>/evaluation.yaml  data status and note, source, table file, notes
    data/<province>/<year>/national_ranking.csv   province, score, categories, rank, note

Province names are matched to the registry tolerantly (Unicode, case, hyphens and dots,
tone-mark placement, a leading "Tỉnh"/"Thành phố"/"TP.") and through the registry's alias
column, so a published table is used exactly as published. Ranks are recomputed from the
scores (ties share the better rank); a published rank is only checked against them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from matplotlib.ticker import FuncFormatter

from .. import charts, paths
from ..errors import FrameworkError, InputError
from ..formatting import fixed, number
from ..framework import framework_file
from ..loading import check_parameters, normalise_label, normalise_text, parse_score, read_table
from ..narrative import ReportBuilder
from ..paths import display_path
from ..textfiles import read_yaml
from ..validation import Problem, SuiteRun, ValidationReport, run_suite

KIND = "national_index"
FRAMEWORK_FIELDS = ("kind", "province", "title", "subject", "index", "registry", "categories", "top_n")
DATA_STATUSES = ("published", "reconstructed")
DEFAULT_TABLE = "national_ranking.csv"
BASE_COLUMNS = {
    "province": ("province", "tỉnh", "tỉnh, thành phố", "tỉnh/thành phố", "tên tỉnh", "địa phương"),
    "overall": ("score", "overall", "điểm", "tổng điểm", "điểm tổng hợp", "chỉ số"),
    "rank": ("rank", "hạng", "xếp hạng", "thứ hạng"),
    "note": ("note", "ghi chú"),
}
REGISTRY_COLUMNS = ("code", "name")  # required; name_full, type, aliases optional
ALIAS_SEPARATOR = "|"
_CODE_RE = re.compile(r"[a-z][a-z0-9_]*")
_YEAR_RE = re.compile(r"\d{4}")
_PREFIXES = (("thành", "phố"), ("tỉnh",), ("tp",))
# Tone marks on "oa", "oe", "uy" are placed on either vowel ("Hoà" / "Hòa"); fold to one.
_TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def match_key(name: str) -> str:
    """How province names are compared: 'TP. Đà Nẵng', 'Thành phố Đà Nẵng', 'đà  nẵng' agree,
    and so do 'Thừa Thiên - Huế' / 'Thừa Thiên-Huế' and 'Hoà Bình' / 'Hòa Bình'."""
    text = unicodedata.normalize("NFC", normalise_text(name)).casefold()
    text = re.sub(r"[.\-–—_/]", " ", text)
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    words = text.split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix):]
            break
    return " ".join(words)


# -- the framework ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    short_label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexFramework:
    kind: str
    province_code: str
    province_name: str
    province_name_full: str
    registry_code: str  # the subject's code in the registry
    title: str
    subject: str
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
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)


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


# -- reading the inputs -----------------------------------------------------------------------


@dataclass
class Registry:
    """Every province once: code, name (as the report shows it), optional full name and aliases."""

    path: Path
    frame: pd.DataFrame  # text: row, code, name, name_full, aliases, ...

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.frame["code"], self.frame["name"]))

    def keys(self) -> pd.DataFrame:
        """Every name a province may be written with, and its match key (one row per code and key)."""
        rows = []
        for record in self.frame.itertuples(index=False):
            names = [record.name, getattr(record, "name_full", "")]
            names += [a for a in str(getattr(record, "aliases", "") or "").split(ALIAS_SEPARATOR)]
            for written in filter(None, (normalise_text(n) for n in names)):
                rows.append({"row": record.row, "code": record.code, "written": written, "key": match_key(written)})
        frame = pd.DataFrame(rows, columns=["row", "code", "written", "key"])
        return frame.drop_duplicates(["code", "key"]).reset_index(drop=True)

    def resolver(self) -> dict[str, str]:
        keys = self.keys()
        return dict(zip(keys["key"], keys["code"]))


@dataclass
class YearTable:
    """One year's national table, as typed (text), with canonical column names."""

    year: int
    settings_path: Path
    settings: dict
    path: Path
    text: pd.DataFrame  # row, province, overall, rank, note, <category codes> (those present)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return display_path(self.path)

    @property
    def data_status(self) -> str:
        return str(self.settings.get("data_status") or "published")

    @property
    def category_columns(self) -> list[str]:
        return [c for c in self.text.columns if c not in ("row", *BASE_COLUMNS)]

    @property
    def decimals(self) -> int | None:
        """The most decimals typed in the overall score column (the precision of the table)."""
        if "overall" not in self.text:
            return None
        counts = [len(re.split(r"[.,]", t)[1]) if re.search(r"[.,]", t) else 0
                  for t in self.text["overall"] if parse_score(t) is not None]
        return max(counts) if counts else None

    def numbers(self, resolver: dict[str, str]) -> pd.DataFrame:
        """Province codes, scores as numbers (NaN when missing) and the published rank."""
        text = self.text
        out = pd.DataFrame({"row": text["row"], "province": text.get("province", "")})
        out["code"] = out["province"].map(lambda n: resolver.get(match_key(n)) if n else None)
        for column in ("overall", *self.category_columns):
            if column in text:
                out[column] = text[column].map(lambda t: parse_score(t) if t else None).astype("float64")
        out["published_rank"] = text["rank"].map(_integer) if "rank" in text else None
        out["note"] = text["note"] if "note" in text else ""
        return out


def _integer(text) -> int | None:
    text = normalise_text(text or "")
    return int(text) if text.isdigit() else None


@dataclass
class NationalIndexInputs:
    """Everything a report of one province-year of this kind reads."""

    province: str
    year: int
    framework: IndexFramework
    framework_path: Path
    registry: Registry
    tables: dict[int, YearTable]  # every year up to the report's, oldest first

    @property
    def current(self) -> YearTable:
        return self.tables[self.year]

    @property
    def input_files(self) -> list[Path]:
        files = {self.framework_path, self.registry.path}
        for table in self.tables.values():
            files.update((table.settings_path, table.path))
        return sorted(files)


def read_registry(path: Path) -> Registry:
    frame = read_table(path)
    frame.columns = [normalise_text(c) for c in frame.columns]
    missing = [c for c in REGISTRY_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{display_path(path)}: thiếu cột {', '.join(missing)} trong danh mục tỉnh, thành phố")
    for column in frame.columns:
        if column != "row":
            frame[column] = frame[column].fillna("").astype(str).map(normalise_text)
    for column in ("name_full", "aliases"):
        if column not in frame:
            frame[column] = ""
    return Registry(path=Path(path), frame=frame.reset_index(drop=True))


def column_aliases(framework: IndexFramework) -> dict[str, str]:
    aliases = {}
    for canonical, names in BASE_COLUMNS.items():
        for name in names:
            aliases[normalise_label(name)] = canonical
    for category in framework.categories:
        for name in (category.code, category.label, category.short_label, *category.aliases):
            aliases[normalise_label(name)] = category.code
    return aliases


def read_year(directory: Path, framework: IndexFramework) -> YearTable:
    settings_path = Path(directory) / "evaluation.yaml"
    where = display_path(settings_path)
    settings = read_yaml(settings_path)
    status = str(settings.get("data_status") or "published")
    if status not in DATA_STATUSES:
        raise InputError(f"{where}: data_status = '{status}' không hợp lệ (chỉ nhận: {', '.join(DATA_STATUSES)})")
    if settings.get("notes") is not None and not isinstance(settings["notes"], dict):
        raise InputError(f"{where}: 'notes' phải là một bảng «tên tỉnh: ghi chú»")
    if settings.get("method") is not None and not isinstance(settings["method"], list):
        raise InputError(f"{where}: 'method' phải là một danh sách")
    table_name = settings.get("table") or DEFAULT_TABLE
    if not isinstance(table_name, str) or Path(table_name).is_absolute() or ".." in Path(table_name).parts:
        raise InputError(f"{where}: 'table' phải là tên một tệp trong thư mục năm (đang là {table_name!r})")
    path = Path(directory) / table_name
    frame = read_table(path)
    aliases = column_aliases(framework)
    renamed, unknown = {}, []
    for column in frame.columns:
        if column == "row":
            continue
        canonical = aliases.get(normalise_label(column))
        if canonical is None or canonical in renamed.values():
            unknown.append(str(column))
        else:
            renamed[column] = canonical
    text = frame[list(renamed)].rename(columns=renamed).fillna("").astype(str).map(normalise_text)
    text.insert(0, "row", frame["row"].values)
    year = int(Path(directory).name)
    if settings.get("year") is not None and str(settings["year"]).strip() != str(year):
        raise InputError(f"{where}: year = {settings['year']} khác tên thư mục năm ({year})")
    return YearTable(year=year, settings_path=settings_path, settings=settings, path=path,
                     text=text.reset_index(drop=True), unknown_columns=unknown)


def load_inputs(province, year, data_dir: Path | None = None) -> NationalIndexInputs:
    """The framework, the registry and the tables of every year up to ``year`` that share the
    framework (earlier years make the trajectory; later years never change a report)."""
    data_dir = Path(data_dir) if data_dir is not None else Path(paths.DATA_DIR)
    province, year = check_parameters(province, year, data_dir)
    province_dir = data_dir / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    registry = read_registry(framework.registry_path)
    tables = {}
    for folder in sorted(p for p in province_dir.iterdir() if p.is_dir() and _YEAR_RE.fullmatch(p.name)):
        other = int(folder.name)
        if other > year or not (folder / "evaluation.yaml").is_file():
            continue
        if framework_file(province_dir, other).resolve() != framework_path.resolve():
            continue  # another framework (another kind or criteria): not on the same scale
        tables[other] = read_year(folder, framework)
    return NationalIndexInputs(province=province, year=year, framework=framework, framework_path=framework_path,
                               registry=registry, tables=dict(sorted(tables.items())))


# -- validation -------------------------------------------------------------------------------


HEADERS = {"province": "Tỉnh, thành phố", "overall": "Điểm tổng hợp", "rank": "Hạng", "note": "Ghi chú"}


def validate(inputs: NationalIndexInputs) -> ValidationReport:
    """Every suite on the registry and on every year's table; all problems collected."""
    report = ValidationReport()
    registry_ok = _validate_registry(inputs, report)
    resolver = inputs.registry.resolver()
    for table in inputs.tables.values():
        _validate_table(inputs, table, resolver, report, registry_ok)
    if report.passed:
        report.problems.extend(_subject_and_gaps(inputs, resolver))
    return report


def _run(report: ValidationReport, suite: str, file: str, frame: pd.DataFrame, parameters: dict):
    result = run_suite(suite, frame, parameters)
    passed = sum(1 for r in result.results if r.success)
    report.runs.append(SuiteRun(suite=suite, file=file, evaluated=len(result.results), passed=passed))
    return result


def _problems(result, frame: pd.DataFrame, file: str, context: dict, names: dict[str, str] | None = None) -> list[Problem]:
    """One problem per failing row (or per missing column / province) of a suite's result.

    ``frame`` carries "row" (row number in the file), "shown_value" (the text as typed) and
    "shown_unit" (the province as written), and optionally "shown_column".
    """
    problems = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        meta, kwargs = config.meta or {}, config.kwargs
        rule = meta.get("rule", config.type).format(**context)
        column = meta.get("column") or kwargs.get("column")
        column = HEADERS.get(column, column)
        details = outcome.result or {}
        if config.type == "expect_table_columns_to_match_set":
            missing = (details.get("details") or {}).get("mismatched", {}).get("missing") or []
            problems += [Problem("error", file, rule, column=HEADERS.get(name, name)) for name in missing]
            continue
        if config.type == "expect_table_row_count_to_equal":
            problems.append(Problem("error", file, f"{rule} (đang có {details.get('observed_value')})"))
            continue
        if config.type == "expect_column_distinct_values_to_contain_set":
            present = set(frame[kwargs["column"]].dropna())
            for code in sorted(set(kwargs["value_set"]) - present):
                unit = (names or {}).get(code, code)
                problems.append(Problem("error", file, rule, column=column, unit=unit))
            continue
        indexes = details.get("unexpected_index_list") or []
        if not indexes:
            problems.append(Problem("error", file, rule, column=column))
            continue
        for index in indexes:
            row = frame.loc[index]
            shown_column = row["shown_column"] if "shown_column" in row else column
            problems.append(Problem("error", file, rule, row=int(row["row"]), column=shown_column,
                                    unit=_text_or_none(row.get("shown_unit")), value=_text_or_none(row.get("shown_value"))))
    return problems


def _text_or_none(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _validate_registry(inputs: NationalIndexInputs, report: ValidationReport) -> bool:
    framework, registry = inputs.framework, inputs.registry
    file = display_path(registry.path)
    frame = registry.frame.replace("", None)
    frame["shown_value"] = frame["code"]
    frame["shown_unit"] = frame["name"]
    context = {"count": framework.registry_count, "subject": framework.registry_code}
    result = _run(report, "national_index_registry", file, frame,
                  {"count": framework.registry_count, "subject_codes": [framework.registry_code]})
    before = len(report.errors)
    report.problems.extend(_problems(result, frame, file, context))
    keys = registry.keys()
    keys["shown_value"] = keys["written"]
    keys["shown_unit"] = None
    keys["shown_column"] = "aliases"
    result = _run(report, "national_index_aliases", file, keys, {})
    report.problems.extend(_problems(result, keys, file, context))
    return len(report.errors) == before and result.success


def _validate_table(inputs: NationalIndexInputs, table: YearTable, resolver: dict, report: ValidationReport,
                    registry_ok: bool) -> None:
    framework, file = inputs.framework, table.label
    for name in table.unknown_columns:
        report.problems.append(Problem("warning", file, "cột không có trong khung chỉ số, đã bỏ qua", column=name))
    context = {"count": framework.registry_count, "scale_max": number(framework.scale_max), "year": table.year}
    if table.text.empty:
        report.problems.append(Problem("error", file, "tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
        return
    result = _run(report, "national_index_columns", file, table.text.drop(columns="row"),
                  {"required_columns": ["province", "overall"]})
    problems = _problems(result, table.text, file, context)
    report.problems.extend(problems)
    if problems:
        return  # nothing to check values against

    numbers = table.numbers(resolver)
    names = inputs.registry.names
    wide = pd.DataFrame({
        "row": numbers["row"],
        "province": numbers["province"].replace("", None),
        # an unknown name keeps its text, so that it fails the in-set check (nulls are skipped)
        "code": [c if isinstance(c, str) else (f"? {p}" if p else None) for c, p in zip(numbers["code"], numbers["province"])],
        "shown_value": numbers["province"],
        "shown_unit": None,
    })
    codes = sorted(names) if registry_ok else sorted(set(numbers["code"].dropna()))
    result = _run(report, "national_index_provinces", file, wide, {"province_codes": sorted(names), "required_codes": codes})
    report.problems.extend(_problems(result, wide, file, context, names))

    long_parts = []
    for column in ("overall", *table.category_columns):
        typed = table.text[column]
        present = typed != ""
        long_parts.append(pd.DataFrame({
            "row": table.text["row"][present],
            "score": numbers[column][present],
            "shown_value": typed[present],
            "shown_unit": numbers["province"][present],
            "shown_column": HEADERS.get(column) or framework.category(column).label,
        }))
    values = pd.concat(long_parts, ignore_index=True)
    result = _run(report, "national_index_values", file, values, {"scale_max": framework.scale_max})
    report.problems.extend(_problems(result, values, file, context))

    if "rank" in table.text:
        typed = table.text["rank"]
        present = typed != ""
        scored = numbers["overall"].where(numbers["overall"].between(0, framework.scale_max))
        computed = scored.rank(method="min", ascending=False)
        ranks = pd.DataFrame({
            "row": table.text["row"][present],
            "rank_text": typed[present],
            "rank": numbers["published_rank"][present].astype("float64"),
            "computed_rank": computed[present],
            "shown_value": typed[present],
            "shown_unit": numbers["province"][present],
        }).reset_index(drop=True)
        result = _run(report, "national_index_ranks", file, ranks, {"count": framework.registry_count})
        report.problems.extend(_problems(result, ranks, file, context))

    notes = table.settings.get("notes") or {}
    for written in notes:
        if match_key(str(written)) not in resolver:
            report.problems.append(Problem("error", display_path(table.settings_path),
                                           "ghi chú (notes) cho một tỉnh không có trong danh mục", column="notes",
                                           value=str(written)))


def _subject_and_gaps(inputs: NationalIndexInputs, resolver: dict) -> list[Problem]:
    """After the suites passed: the subject must have a score in the report's year; provinces
    without a score are warned about (the report lists them as missing)."""
    problems = []
    framework, names = inputs.framework, inputs.registry.names
    for year, table in inputs.tables.items():
        numbers = table.numbers(resolver)
        subject = numbers[numbers["code"] == framework.registry_code]
        if subject["overall"].isna().all():
            level = "error" if year == inputs.year else "warning"
            problems.append(Problem(level, table.label, f"{framework.province_name} không có điểm tổng hợp năm {year}",
                                    unit=framework.province_name))
        for row in numbers[numbers["overall"].isna()].itertuples(index=False):
            if row.code != framework.registry_code:
                problems.append(Problem("warning", table.label, "không có điểm tổng hợp: báo cáo ghi là thiếu số liệu",
                                        row=int(row.row), unit=names.get(row.code, row.province)))
        for column in table.category_columns:
            missing = int(numbers[column].isna().sum())
            if missing:
                problems.append(Problem("warning", table.label, f"{missing} tỉnh, thành phố không có điểm hạng mục này",
                                        column=framework.category(column).label))
    return problems


# -- analysis: the figure record --------------------------------------------------------------


def _r(value, digits: int = 6):
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits)


def _year_frame(inputs: NationalIndexInputs, table: YearTable) -> pd.DataFrame:
    resolver, names = inputs.registry.resolver(), inputs.registry.names
    frame = table.numbers(resolver)
    notes = {resolver.get(match_key(str(k))): str(v) for k, v in (table.settings.get("notes") or {}).items()}
    frame["note"] = [notes.get(code) or note for code, note in zip(frame["code"], frame["note"])]
    frame["name"] = frame["code"].map(names)
    frame["rank"] = frame["overall"].rank(method="min", ascending=False)
    for column in table.category_columns:
        frame[f"{column}__rank"] = frame[column].rank(method="min", ascending=False)
    return frame


def _names(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["name"], key=_sort_key)


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFD", name).casefold()


def analyse_year(inputs: NationalIndexInputs, table: YearTable) -> dict:
    framework = inputs.framework
    frame = _year_frame(inputs, table)
    count = framework.registry_count
    decimals = min(table.decimals if table.decimals is not None else framework.decimals, framework.decimals)
    scored = frame[frame["overall"].notna()]
    subject_row = frame[frame["code"] == framework.registry_code]
    subject = None
    if len(subject_row) and subject_row["overall"].notna().all():
        row = subject_row.iloc[0]
        tied = scored[(scored["rank"] == row["rank"]) & (scored["code"] != row["code"])]
        subject = {"score": _r(row["overall"]), "rank": int(row["rank"]), "tied_with": _names(tied),
                   "published_rank": int(row["published_rank"]) if pd.notna(row["published_rank"]) else None}
    best = scored["overall"].max() if len(scored) else None
    leaders = scored[scored["overall"] == best]
    categories = []
    for category in framework.categories:
        entry = {"code": category.code, "label": category.label, "short_label": category.short_label,
                 "available": category.code in table.category_columns, "n_scored": 0, "score": None, "rank": None,
                 "tied": False, "best_score": None, "best": [], "gap": None}
        if entry["available"]:
            column = frame[category.code]
            entry["n_scored"] = int(column.notna().sum())
            top = column.max()
            entry["best_score"] = _r(top)
            entry["best"] = _names(frame[column == top])
            if len(subject_row) and pd.notna(subject_row.iloc[0][category.code]):
                own = subject_row.iloc[0]
                entry["score"] = _r(own[category.code])
                entry["rank"] = int(own[f"{category.code}__rank"])
                entry["tied"] = int((frame[f"{category.code}__rank"] == entry["rank"]).sum()) > 1
                entry["gap"] = _r(top - own[category.code])
        categories.append(entry)
    ranking = []
    for row in frame.itertuples(index=False):
        tied = pd.notna(row.rank) and int((frame["rank"] == row.rank).sum()) > 1
        ranking.append({
            "rank": int(row.rank) if pd.notna(row.rank) else None,
            "code": row.code,
            "name": row.name,
            "source_name": row.province,
            "score": _r(row.overall),
            "published_rank": int(row.published_rank) if pd.notna(row.published_rank) else None,
            "categories": {c: _r(getattr(row, c)) for c in table.category_columns},
            "note": row.note or "",
            "subject": row.code == framework.registry_code,
            "tied": bool(tied),
        })
    ranking.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0,
                                e["published_rank"] is None, e["published_rank"] or 0, _sort_key(e["name"])))
    ties = []
    for rank, group in scored.groupby("rank"):
        if len(group) > 1:
            ties.append({"rank": int(rank), "score": _r(group["overall"].iloc[0]), "names": _names(group),
                         "includes_subject": bool((group["code"] == framework.registry_code).any())})
    missing = [{"code": e["code"], "name": e["name"], "published_rank": e["published_rank"], "note": e["note"]}
               for e in ranking if e["score"] is None]
    # published ranks of every scored province agree with the computed ones (validation): then
    # no province without a score ranked above any of them
    confirmed = bool(missing) and all(e["published_rank"] is not None for e in ranking if e["score"] is not None)
    return {
        "year": table.year,
        "data_status": table.data_status,
        "data_note": normalise_text(str(table.settings.get("data_note") or "")),
        "source": normalise_text(str(table.settings.get("source") or "")),
        "method": [normalise_text(str(m)) for m in table.settings.get("method") or []],
        "decimals": decimals,
        "n_total": count,
        "n_scored": int(len(scored)),
        "subject": subject,
        "leaders": [{"code": c, "name": n, "score": _r(s)} for c, n, s in
                    sorted(zip(leaders["code"], leaders["name"], leaders["overall"]), key=lambda t: _sort_key(t[1]))],
        "leader_score": _r(best),
        "gap": _r(best - subject["score"]) if subject and best is not None else None,
        "median": _r(scored["overall"].median()) if len(scored) else None,
        "has_categories": any(c["available"] for c in categories),
        "categories": categories,
        "ties": ties,
        "missing": missing,
        "missing_ranked_below": confirmed,
        "ranking": ranking,
    }


def analyse(inputs: NationalIndexInputs) -> dict:
    """The figure record of a province-year: every number the report states."""
    framework = inputs.framework
    years = {year: analyse_year(inputs, table) for year, table in inputs.tables.items()}
    current = years[inputs.year]
    trajectory, before = [], None
    for year, summary in years.items():
        subject = summary["subject"]
        point = {
            "year": year, "data_status": summary["data_status"], "decimals": summary["decimals"],
            "score": subject["score"] if subject else None, "rank": subject["rank"] if subject else None,
            "n_total": summary["n_total"], "n_scored": summary["n_scored"],
            "leaders": [l["name"] for l in summary["leaders"]], "leader_score": summary["leader_score"],
            "gap": summary["gap"], "rank_change": None, "score_change": None,
        }
        if before is not None and point["rank"] is not None and before["rank"] is not None:
            point["rank_change"] = before["rank"] - point["rank"]  # positive: moved up
            point["score_change"] = _r(point["score"] - before["score"])
        trajectory.append(point)
        before = point
    comparisons = []
    own = current["subject"]
    for point in trajectory[:-1][::-1]:  # the most recent earlier year first
        comparisons.append({
            "year": point["year"], "rank": point["rank"], "score": point["score"], "decimals": point["decimals"],
            "leaders": point["leaders"], "leader_score": point["leader_score"], "gap": point["gap"],
            "rank_change": point["rank"] - own["rank"] if point["rank"] is not None else None,  # positive: up
            "score_change": _r(own["score"] - point["score"]) if point["score"] is not None else None,
        })
    previous_with_categories = next((years[p["year"]] for p in trajectory[:-1][::-1] if years[p["year"]]["has_categories"]), None)
    for entry in current["categories"]:
        entry["previous_year"] = previous_with_categories["year"] if previous_with_categories else None
        entry["previous_rank"] = entry["previous_score"] = entry["rank_change"] = None
        if previous_with_categories and entry["rank"] is not None:
            old = next(c for c in previous_with_categories["categories"] if c["code"] == entry["code"])
            entry["previous_rank"], entry["previous_score"] = old["rank"], old["score"]
            if old["rank"] is not None:
                entry["rank_change"] = old["rank"] - entry["rank"]
    return {
        "meta": {
            "kind": KIND,
            "province": inputs.province,
            "province_name": framework.province_name,
            "province_name_full": framework.province_name_full,
            "year": inputs.year,
            "previous_year": trajectory[-2]["year"] if len(trajectory) > 1 else None,
            "title": framework.title,
            "subject": framework.subject or framework.index_short_name,
            "index_name": framework.index_name,
            "index_short_name": framework.index_short_name,
            "publisher": framework.publisher,
            "scale_max": framework.scale_max,
            "count": framework.registry_count,
            "top_n": framework.top_n,
            "data_status": current["data_status"],
            "data_note": current["data_note"],
            "source": current["source"],
            "method": current["method"],
            "years": list(years),
        },
        "categories": [{"code": c.code, "label": c.label, "short_label": c.short_label} for c in framework.categories],
        "data_years": [{"year": y, "data_status": s["data_status"], "data_note": s["data_note"], "source": s["source"]}
                       for y, s in sorted(years.items(), key=lambda item: -item[0])],
        "current": current,
        "trajectory": trajectory,
        "comparisons": comparisons,
    }


# -- charts -----------------------------------------------------------------------------------


SUBJECT_COLOUR = "#c0392b"
OTHER_COLOUR = "#8fa3b8"


def rank_ticks(count: int) -> list[int]:
    """1, 10, 20 ... and the last rank, without two ticks crowding at the end (60, 63)."""
    ticks = [1] + list(range(10, count + 1, 10))
    if ticks[-1] != count:
        ticks = [t for t in ticks if count - t >= 5 or t == 1] + [count]
    return ticks


def position_chart(current: dict, meta: dict, subject_name: str) -> str:
    """Every province's overall score by rank, the subject highlighted, the leader named,
    the places of provinces without a score shaded."""
    plt = charts.plt
    decimals, count = current["decimals"], current["n_total"]
    scored = [e for e in current["ranking"] if e["score"] is not None]
    figure, axis = plt.subplots(figsize=(7.2, 3.3))
    others = [e for e in scored if not e["subject"]]
    axis.scatter([e["rank"] for e in others], [e["score"] for e in others], s=16, color=OTHER_COLOUR, zorder=2,
                 label="tỉnh, thành phố khác")
    low = min(e["score"] for e in scored)
    high = max(e["score"] for e in scored)
    span = max(high - low, 0.05)
    axis.set_ylim(low - 0.12 * span, high + 0.22 * span)
    axis.set_xlim(0, count + 1)
    missing = count - len(scored)
    if missing:
        axis.axvspan(len(scored) + 0.5, count + 0.5, color="#eeeeee", zorder=0)
        axis.text(len(scored) + missing / 2 + 0.5, low - 0.06 * span, f"{missing} tỉnh\nkhông có điểm",
                  ha="center", va="center", fontsize=7, color="#555555")
    leader = current["leaders"][0]
    axis.annotate(f"{', '.join(l['name'] for l in current['leaders'])}: {fixed(leader['score'], decimals)}",
                  (1, leader["score"]), xytext=(8, 6), textcoords="offset points", fontsize=7.5, color="#333333")
    subject = current["subject"]
    if subject:
        axis.scatter([subject["rank"]], [subject["score"]], s=60, color=SUBJECT_COLOUR, zorder=4, label=subject_name)
        axis.axhline(subject["score"], color=SUBJECT_COLOUR, linewidth=0.6, linestyle=":", zorder=1)
        axis.annotate(f"{subject_name}: {subject['rank']}/{count}, {fixed(subject['score'], decimals)}",
                      (subject["rank"], subject["score"]), xytext=(10, 10), textcoords="offset points",
                      fontsize=8, color=SUBJECT_COLOUR, fontweight="bold", bbox=charts.LABEL_BOX, zorder=5)
    ticks = rank_ticks(count)
    axis.set_xticks(ticks)
    axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fixed(v, 2)))
    axis.set_xlabel(f"Thứ hạng (1 = cao nhất; {count} tỉnh, thành phố)")
    axis.set_ylabel(f"Điểm tổng hợp (thang {number(meta['scale_max'])})")
    axis.legend(loc="upper right", frameon=False, fontsize=8)
    return charts._svg(figure)


def category_chart(current: dict, count: int, previous_year: int | None) -> str:
    """The subject's rank overall and in each category; the year before as a hollow mark."""
    plt = charts.plt
    rows = [("Tổng hợp", current["subject"]["rank"], None)]
    rows += [(c["short_label"], c["rank"], c.get("previous_rank")) for c in current["categories"] if c["rank"] is not None]
    figure, axis = plt.subplots(figsize=(7.2, 0.8 + 0.42 * len(rows)))
    axis.axvspan(count / 2 + 0.5, count + 0.5, color="#f4f4f4", zorder=0)
    axis.text(count * 0.75 + 0.5, -0.75, "nửa dưới bảng xếp hạng", ha="center", fontsize=7, color="#777777")
    for position, (_label, rank, before) in enumerate(rows):
        if before is not None:
            axis.annotate("", xy=(rank, position), xytext=(before, position),
                          arrowprops={"arrowstyle": "->", "color": "#9aa7b8", "lw": 1.1}, zorder=2)
            axis.scatter([before], [position], s=34, facecolor="white", edgecolor="#6b7c8f", zorder=3)
        colour = SUBJECT_COLOUR if position == 0 else charts.CURRENT_COLOUR
        axis.scatter([rank], [position], s=42, color=colour, zorder=4)
        axis.text(rank, position - 0.3, f"{rank}/{count}", ha="center", fontsize=7.5, color=colour, bbox=charts.LABEL_BOX, zorder=5)
    axis.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=8)
    axis.set_ylim(len(rows) - 0.5, -1.1)
    axis.set_xlim(0, count + 1)
    ticks = rank_ticks(count)
    axis.set_xticks(ticks)
    axis.set_xlabel("Thứ hạng (1 = cao nhất)" + (f"; vòng trắng: năm {previous_year}" if previous_year else ""))
    return charts._svg(figure)


def trajectory_chart(trajectory: list[dict], count: int, subject_name: str) -> str:
    """Rank over the years (left) and score against the leader's (right)."""
    plt = charts.plt
    points = [p for p in trajectory if p["rank"] is not None]
    years = [p["year"] for p in points]
    figure, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.8))
    left.plot(years, [p["rank"] for p in points], color=SUBJECT_COLOUR, marker="o", zorder=3)
    for p in points:
        left.annotate(f"{p['rank']}/{count}", (p["year"], p["rank"]), xytext=(0, 7), textcoords="offset points",
                      ha="center", fontsize=7.5, color=SUBJECT_COLOUR)
    left.set_ylim(count + 2, -2)
    left.set_yticks(rank_ticks(count))
    left.set_ylabel("Thứ hạng (1 = cao nhất)")
    left.set_title(f"Thứ hạng của {subject_name}", fontsize=9)
    right.plot(years, [p["leader_score"] for p in points], color="#555555", marker="s", markersize=4, linestyle="--",
               label="tỉnh dẫn đầu")
    right.plot(years, [p["score"] for p in points], color=SUBJECT_COLOUR, marker="o", label=subject_name)
    for p in points:
        right.annotate(fixed(p["score"], p["decimals"]), (p["year"], p["score"]), xytext=(0, -12), textcoords="offset points",
                       ha="center", fontsize=7, color=SUBJECT_COLOUR)
    right.set_ylim(min(p["score"] for p in points) - 0.1, min(1.0, max(p["leader_score"] for p in points) + 0.06))
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fixed(v, 2)))
    right.set_title("Điểm tổng hợp", fontsize=9)
    right.legend(loc="lower right", frameon=False, fontsize=7.5)
    for axis in (left, right):
        axis.set_xticks(years, [str(y) for y in years])
        axis.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    figure.tight_layout()
    return charts._svg(figure)


# -- the report's sections ------------------------------------------------------------------


def rank_text(rank, count) -> str:
    """'16/63': a rank out of all provinces; '—' when unknown."""
    return "—" if rank is None else f"{number(rank, 0)}/{number(count, 0)}"


def rank_change_words(change) -> str:
    """'tăng 10 bậc' / 'giảm 3 bậc' / 'giữ nguyên thứ hạng'."""
    if change is None:
        return ""
    if change == 0:
        return "giữ nguyên thứ hạng"
    return f"{'tăng' if change > 0 else 'giảm'} {abs(change)} bậc"


def rank_change_mark(change) -> str:
    """↑10 / ↓3 / = for tables."""
    if change is None:
        return "—"
    return "=" if change == 0 else (f"↑{change}" if change > 0 else f"↓{-change}")


SECTIONS = ("scope", "headline", "categories", "trajectory", "missing")


class NationalIndexBuilder(ReportBuilder):
    """Sections of a national_index report, written from the figure record only."""

    def __init__(self, record: dict):
        super().__init__(record)
        self.current = record["current"]
        self.count = record["meta"]["count"]
        for key in SECTIONS:  # numbered in report order, so a section can point to a later one
            self.section_number(key)

    def _section(self, template: str, **context) -> HTML:
        return self._html(f"national_index/{template}", current=self.current, count=self.count, **context)

    # sections, in report order

    def title(self) -> HTML:
        return self._section("title.html.j2")

    def scope_and_method(self) -> HTML:
        return self._section("scope.html.j2")

    def headline(self) -> HTML:
        return self._section("headline.html.j2")

    def categories(self) -> HTML:
        return self._section("categories.html.j2")

    def trajectory(self) -> HTML:
        return self._section("trajectory.html.j2")

    def missing_data(self) -> HTML:
        return self._section("missing.html.j2")

    def annex_table(self) -> HTML:
        return self._section("annex.html.j2")

    def validation_appendix(self, validation: dict) -> HTML:
        return self._section("validation.html.j2", validation=validation, annex=2)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("provenance.html.j2", provenance=provenance, annex=3)

    # words and numbers

    def score(self, value, decimals: int | None = None) -> str:
        return fixed(value, self.current["decimals"] if decimals is None else decimals)

    def rank(self, rank) -> str:
        return rank_text(rank, self.count)

    rank_change_words = staticmethod(rank_change_words)

    @staticmethod
    def leaders_text(leaders: list) -> str:
        names = [l["name"] if isinstance(l, dict) else l for l in leaders]
        return ReportBuilder.join_words(names) if names else "—"

    def lower_half(self) -> list[dict]:
        return [c for c in self.current["categories"] if c["rank"] is not None and c["rank"] > self.count / 2]

    def top_categories(self) -> list[dict]:
        return [c for c in self.current["categories"] if c["rank"] is not None and c["rank"] <= self.record["meta"]["top_n"]]

    def shared_ranks(self) -> list[tuple[int, list[dict]]]:
        """Categories in which the subject holds the same rank (worth saying once)."""
        groups = {}
        for c in self.current["categories"]:
            if c["rank"] is not None:
                groups.setdefault(c["rank"], []).append(c)
        return [(rank, items) for rank, items in sorted(groups.items()) if len(items) > 1]

    def moves(self) -> tuple[list[dict], list[dict]]:
        """Categories that moved up, most first, and those that moved down, most first."""
        moved = [c for c in self.current["categories"] if c.get("rank_change")]
        up = sorted((c for c in moved if c["rank_change"] > 0), key=lambda c: -c["rank_change"])
        down = sorted((c for c in moved if c["rank_change"] < 0), key=lambda c: c["rank_change"])
        return up, down

    # figures

    def position_figure(self) -> Markup:
        meta = self.record["meta"]
        svg = position_chart(self.current, meta, meta["province_name"])
        note = ""
        if self.current["n_scored"] < self.count:
            note = (f"Vùng xám: vị trí của {self.count - self.current['n_scored']} tỉnh, thành phố không có điểm "
                    f"trong bảng năm {meta['year']} (Mục {self.section_number('missing')}).")
        return self.figure("position", f"Điểm tổng hợp và thứ hạng của {self.count} tỉnh, thành phố năm {meta['year']}; "
                           f"{meta['province_name']} được tô đỏ", svg, note=note)

    def category_figure(self) -> Markup:
        meta = self.record["meta"]
        previous = next((c["previous_year"] for c in self.current["categories"] if c.get("previous_rank")), None)
        svg = category_chart(self.current, self.count, previous)
        return self.figure("categories", f"Thứ hạng của {meta['province_name']} theo từng hạng mục, năm {meta['year']}", svg,
                           note="Vùng xám: nửa dưới bảng xếp hạng." + (f" Mũi tên: từ thứ hạng năm {previous} đến năm {meta['year']}." if previous else ""))

    def trajectory_figure(self) -> Markup:
        meta = self.record["meta"]
        svg = trajectory_chart(self.record["trajectory"], self.count, meta["province_name"])
        years = [p["year"] for p in self.record["trajectory"] if p["rank"] is not None]
        return self.figure("trajectory", f"Thứ hạng và điểm tổng hợp của {meta['province_name']}, {years[0]}–{years[-1]}", svg,
                           note="Phương pháp chấm có thể thay đổi giữa các năm: so sánh điểm chỉ mang tính tham khảo.")

    # tables

    def category_list_table(self) -> Markup:
        year = self.record["meta"]["year"]
        columns = [{"label": "Hạng mục"}, {"label": f"Trong bảng năm {year}"}]
        rows = [[f"({i + 1}) {c['label']}", "có điểm" if c["available"] else "không có số liệu"]
                for i, c in enumerate(self.current["categories"])]
        return self.table("category-list", "Các hạng mục của chỉ số", columns, rows)

    def top_table(self) -> Markup:
        meta = self.record["meta"]
        top = meta["top_n"]
        entries = [e for e in self.current["ranking"] if e["rank"] is not None and e["rank"] <= top]
        subject = next((e for e in self.current["ranking"] if e["subject"]), None)
        if subject and subject not in entries and subject["rank"] is not None:
            entries.append(subject)
        columns = [{"label": "Hạng", "align": "right"}, {"label": "Tỉnh, thành phố"},
                   {"label": "Điểm tổng hợp", "align": "right"}, {"label": f"Kém tỉnh dẫn đầu", "align": "right"}]
        rows = []
        for e in entries:
            gap = self.current["leader_score"] - e["score"]
            cells = [self._rank_cell(e), e["name"], self.score(e["score"]), self.score(gap) if gap > 0 else "dẫn đầu"]
            rows.append({"css": "subject" if e["subject"] else "", "cells": cells})
        note = self._tie_note(entries)
        if subject and subject["rank"] is not None and subject["rank"] > top:
            note = (note + " " if note else "") + f"Dòng cuối: {meta['province_name']}, để so sánh."
        return self.table("top", f"{min(top, len(entries))} tỉnh, thành phố dẫn đầu năm {meta['year']}", columns, rows, note=note)

    def categories_table(self) -> Markup:
        year = self.record["meta"]["year"]
        previous = next((c["previous_year"] for c in self.current["categories"] if c.get("previous_year")), None)
        columns = [{"label": "Hạng mục"}, {"label": "Điểm", "align": "right"}, {"label": "Hạng", "align": "right"}]
        if previous:
            columns += [{"label": f"Hạng {previous}", "align": "right"}, {"label": "Thay đổi", "align": "right"}]
        columns += [{"label": "Điểm cao nhất", "align": "right"}, {"label": "Tỉnh có điểm cao nhất"}]
        rows = []
        for index, c in enumerate(self.current["categories"]):
            cells = [f"({index + 1}) {c['label']}", self.score(c["score"]), self.rank(c["rank"]) + (" (đồng hạng)" if c["tied"] else "")]
            if previous:
                cells += [self.rank(c["previous_rank"]), rank_change_mark(c["rank_change"])]
            cells += [self.score(c["best_score"]), ", ".join(c["best"])]
            rows.append(cells)
        note = "Thứ hạng tính trong từng hạng mục, từ điểm của hạng mục đó."
        if previous:
            note += f" Cột «Thay đổi»: so với năm {previous} (↑ tăng bậc, ↓ giảm bậc)."
        return self.table("categories", f"Điểm và thứ hạng của {self.record['meta']['province_name']} theo hạng mục, năm {year}",
                          columns, rows, note=note)

    def trajectory_table(self) -> Markup:
        columns = [{"label": "Năm", "align": "right"}, {"label": "Điểm", "align": "right"}, {"label": "Hạng", "align": "right"},
                   {"label": "So với năm trước", "align": "right"}, {"label": "Tỉnh dẫn đầu"},
                   {"label": "Điểm dẫn đầu", "align": "right"}, {"label": "Kém tỉnh dẫn đầu", "align": "right"},
                   {"label": "Số liệu"}]
        rows = []
        for p in self.record["trajectory"]:
            status = "dữ liệu mẫu" if p["data_status"] == "reconstructed" else "theo công bố"
            rows.append([str(p["year"]), self.score(p["score"], p["decimals"]), self.rank(p["rank"]), rank_change_mark(p["rank_change"]),
                         self.leaders_text(p["leaders"]), self.score(p["leader_score"], p["decimals"]),
                         self.score(p["gap"], p["decimals"]), status])
        note = ("Điểm ghi với số chữ số thập phân của bảng từng năm. «Số liệu»: bảng của năm đó là số liệu theo công bố "
                "hay dữ liệu mẫu được dựng lại (xem lưu ý ở đầu báo cáo).")
        partial = [p for p in self.record["trajectory"] if p["n_scored"] < p["n_total"]]
        if partial:
            note += " " + "; ".join(f"Năm {p['year']} chỉ {p['n_scored']}/{p['n_total']} tỉnh, thành phố có điểm" for p in partial) + "."
        return self.table("trajectory", f"Kết quả của {self.record['meta']['province_name']} qua các năm", columns, rows, note=note)

    def missing_table(self) -> Markup:
        columns = [{"label": "Tỉnh, thành phố"}, {"label": "Hạng theo công bố", "align": "right"}, {"label": "Ghi chú"}]
        rows = [[m["name"], self.rank(m["published_rank"]) if m["published_rank"] else "—", m["note"]]
                for m in self.current["missing"]]
        return self.table("missing", f"Tỉnh, thành phố không có điểm trong bảng năm {self.record['meta']['year']}", columns, rows)

    def national_table(self) -> Markup:
        current = self.current
        categories = [c for c in current["categories"] if c["available"]]
        columns = [{"label": "Hạng", "align": "right"}, {"label": "Tỉnh, thành phố"}, {"label": "Điểm", "align": "right"}]
        numbers = {c["code"]: i + 1 for i, c in enumerate(self.record["categories"])}
        columns += [{"label": f"({numbers[c['code']]})", "align": "right"} for c in categories]
        columns.append({"label": "Ghi chú"})
        rows = []
        for e in current["ranking"]:
            cells = [self._rank_cell(e), e["name"], self.score(e["score"])]
            cells += [self.score(e["categories"].get(c["code"])) for c in categories]
            notes = []
            if e["published_rank"] is not None and e["score"] is None:
                notes.append(f"hạng {e['published_rank']} theo công bố")
            if e["source_name"] and match_key(e["source_name"]) and e["source_name"] != e["name"]:
                notes.append(f"bảng nguồn ghi «{e['source_name']}»")
            if e["note"]:
                notes.append(e["note"])
            cells.append("; ".join(notes))
            rows.append({"css": "subject" if e["subject"] else "", "cells": cells})
        note = self._tie_note(current["ranking"])
        if categories:
            legend = "; ".join(f"({numbers[c['code']]}) {c['label']}" for c in categories)
            note = f"Hạng mục: {legend}. " + note
        if current["missing"]:
            note += f" Các tỉnh không có điểm đứng cuối bảng, không được xếp hạng lại (Mục {self.section_number('missing')})."
        return self.table("national", f"Bảng xếp hạng đầy đủ năm {self.record['meta']['year']}", columns, rows, note=note.strip())

    def _rank_cell(self, entry: dict) -> str:
        if entry["rank"] is None:
            return "—"
        return f"{entry['rank']}*" if entry["tied"] else str(entry["rank"])

    @staticmethod
    def _tie_note(entries: list[dict]) -> str:
        return "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua)." if any(e["tied"] for e in entries) else ""
