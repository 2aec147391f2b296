"""Shared helpers for the unit tests (imported, not a conftest: tests/conftest.py is for the e2e suite).

Everything here reads the shipped data directly (csv, yaml, openpyxl), independently of
egov_report.loading, so tests can compare the package against their own reading.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import yaml

from egov_report.paths import DATA_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # tests/support/helpers.py
SHIPPED_DATA = Path(DATA_DIR)  # data/, unless EGOV_DATA_DIR points elsewhere (as the loader reads it)
PROVINCE = "quangninh"
YEAR = 2019
PROVINCE_DIR = SHIPPED_DATA / PROVINCE
FRAMEWORK_YAML = PROVINCE_DIR / "framework.yaml"
UNITS_CSV = PROVINCE_DIR / "units.csv"
EXPECTATIONS = PROJECT_ROOT / "expectations"


# -- reading the shipped files without the package ------------------------------------------


def raw_framework() -> dict:
    return yaml.safe_load(FRAMEWORK_YAML.read_text(encoding="utf-8"))


def raw_tier(code: str) -> dict:
    return next(t for t in raw_framework()["tiers"] if t["code"] == code)


def raw_settings(year: int = YEAR, base: Path = SHIPPED_DATA) -> dict:
    return yaml.safe_load((base / PROVINCE / str(year) / "evaluation.yaml").read_text(encoding="utf-8"))


def registry_rows(path: Path = UNITS_CSV) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def suite_rule(suite: str, expectation_type: str, **context) -> str:
    """The rule text an expectation of a suite carries (meta.rule), filled like validation does."""
    raw = json.loads((EXPECTATIONS / f"{suite}.json").read_text(encoding="utf-8"))
    for expectation in raw["expectations"]:
        if expectation["type"] == expectation_type:
            return expectation["meta"]["rule"].format(**context)
    raise KeyError(expectation_type)


# -- private copies of the province a test may break ----------------------------------------


def copy_province(tmp_path: Path) -> Path:
    """tmp_path/quangninh as a copy of data/quangninh; returns tmp_path (the data_dir to pass)."""
    shutil.copytree(PROVINCE_DIR, tmp_path / PROVINCE)
    return tmp_path


def year_dir(data_dir: Path, year: int = YEAR) -> Path:
    return Path(data_dir) / PROVINCE / str(year)


def score_file(data_dir: Path, tier: str, year: int = YEAR) -> Path:
    return year_dir(data_dir, year) / raw_settings(year)["sources"][tier]["file"]


def read_csv_rows(path: Path) -> list[list[str]]:
    """The rows of a UTF-8 CSV, header first: row i of the list is line i + 1 of the file."""
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))


def write_csv_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    Path(path).write_text(buffer.getvalue(), encoding="utf-8")


def file_row_of(path: Path, unit_code: str) -> int:
    """The row number (header = 1) of a unit in a CSV, read from the file itself."""
    for number, row in enumerate(read_csv_rows(path), start=1):
        if row and row[0] == unit_code:
            return number
    raise KeyError(unit_code)


def set_cell(path: Path, unit_code: str, header: str, value: str) -> int:
    """Set one cell of a CSV, addressed by unit code and header; returns the file row number."""
    rows = read_csv_rows(path)
    column = rows[0].index(header)
    for number, row in enumerate(rows, start=1):
        if row and row[0] == unit_code:
            row[column] = value
            write_csv_rows(path, rows)
            return number
    raise KeyError(unit_code)


def header_index(path: Path, header: str) -> int:
    return read_csv_rows(path)[0].index(header)


# -- numbers as the report prints them, written without the project's code ----------------------


def vn_number(value: float) -> str:
    """73,83 / 92 / 1.537,5: at most 2 decimals, no trailing zeros, decimal comma, dots between
    thousands. An oracle for tests, independent of Babel and egov_report.core.formatting."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_score(value: float) -> str:
    """73,83 / 92,00 / 1.537,50: a score as docs/style.md prints it, two decimals always. An oracle
    for tests, independent of Babel and egov_report.core.formatting."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# -- encodings --------------------------------------------------------------------------------


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258 (base letters precomposed where the code page has them,
    tone marks as combining characters), as old Vietnamese Windows software saves it."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        candidates = [char]
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) > 1:
            candidates.append(unicodedata.normalize("NFC", decomposed[:2]) + decomposed[2:])
            candidates.append(decomposed)
        for candidate in candidates:
            try:
                out += candidate.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:  # pragma: no cover - the texts used in tests are all encodable
            raise UnicodeEncodeError("cp1258", char, 0, 1, "not encodable")
    return bytes(out)
