"""Reading a national_index province-year: the province registry and the national table of every year.

Province names are matched to the registry tolerantly (Unicode, case, hyphens and dots,
tone-mark placement, a leading "Tỉnh"/"Thành phố"/"TP.") and through the registry's alias
column, so a published table is used exactly as published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

import pandas as pd
from pydantic import BeforeValidator, ConfigDict

from ...catalog import YEAR_RE, check_parameters, data_root, framework_file
from ...core.settings import FileName, Integer, Settings, Text, mapping, read_year_settings
from ...core.tables import aliases_of, file_in, parse_score, read_table, rename_columns
from ...core.textfiles import normalise_text
from ...errors import InputError
from ...paths import display_path
from .framework import BASE_COLUMNS, KIND, IndexFramework, load_framework

DEFAULT_TABLE = "national_ranking.csv"
REGISTRY_COLUMNS = ("code", "name")  # required; name_full, type, aliases optional
ALIAS_SEPARATOR = "|"
_PREFIXES = (("thành", "phố"), ("tỉnh",), ("tp",))
# Tone marks on "oa", "oe", "uy" are placed on either vowel ("Hoà" / "Hòa"); fold to one.
_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
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
            words = words[len(prefix) :]
            break
    return " ".join(words)


class IndexSettings(Settings):
    """evaluation.yaml of this kind (docs/input-format.md, section 12): an unknown field is refused."""

    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    previous_year: Integer | None = None  # not used: every earlier year of the framework is read
    source: Text | None = None
    table: FileName | None = None
    notes: Annotated[dict[Text, Text], BeforeValidator(mapping)] | None = None


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
        counts = [
            len(re.split(r"[.,]", t)[1]) if re.search(r"[.,]", t) else 0
            for t in self.text["overall"]
            if parse_score(t) is not None
        ]
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
    """Header -> column: the base columns' headers, and each category's code, labels and aliases."""
    return aliases_of(
        BASE_COLUMNS | {c.code: (c.code, c.label, c.short_label, *c.aliases) for c in framework.categories}
    )


def read_year(directory: Path, framework: IndexFramework) -> YearTable:
    settings_path, settings = read_year_settings(directory, IndexSettings)
    path = file_in(Path(directory), settings.get("table") or DEFAULT_TABLE, "table")
    text, _headers, unknown = rename_columns(read_table(path), column_aliases(framework), ignored=())
    return YearTable(
        year=int(Path(directory).name),
        settings_path=settings_path,
        settings=settings,
        path=path,
        text=text,
        unknown_columns=unknown,
    )


def load_evaluation(province, year, data_dir: Path | None = None) -> NationalIndexInputs:
    """The framework, the registry and the tables of every year up to ``year`` that share the
    framework (earlier years make the trajectory; later years never change a report)."""
    province, year = check_parameters(province, year, data_dir)
    province_dir = data_root(data_dir) / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    registry = read_registry(framework.registry_path)
    tables = {}
    for folder in sorted(p for p in province_dir.iterdir() if p.is_dir() and YEAR_RE.fullmatch(p.name)):
        other = int(folder.name)
        if other > year or not (folder / "evaluation.yaml").is_file():
            continue
        if framework_file(province_dir, other).resolve() != framework_path.resolve():
            continue  # another framework (another kind or criteria): not on the same scale
        tables[other] = read_year(folder, framework)
    return NationalIndexInputs(
        province=province,
        year=year,
        framework=framework,
        framework_path=framework_path,
        registry=registry,
        tables=dict(sorted(tables.items())),
    )
