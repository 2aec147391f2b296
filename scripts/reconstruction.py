"""Shared pieces of the scripts that rebuild the SAMPLE score files (``scripts/reconstruct_*.py``).

Each ``reconstruct_<province>.py`` script draws sample scores that reproduce the figures a
province published, writes them under ``data/<province>/`` (or under ``--out DIR``, with the
same layout), then re-reads what it wrote and checks every published figure. What they have
in common lives here:

- text and numbers: Unicode normalisation, scores as integer hundredths and back;
- random draws: retrying a draw that misses its targets, splitting a total into criteria
  groups, ranks;
- the unit registry: the GSO lists copied under ``scripts/reference/`` (see the README there),
  the ``units.csv`` table and its checks;
- writing: byte-stable CSV and XLSX files;
- checking: the table of checks that ``verify()`` prints, and the command line.

Every script reads only files inside the repository; it writes only into the output folder.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
import unicodedata
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the Bắc Kạn script does without it
    import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
UNIT_COLUMNS = ["code", "name", "tier", "parent_code", "unit_type"]
CODE_HEADER, NAME_HEADER, TOTAL_HEADER = "Mã đơn vị", "Tên đơn vị", "Tổng điểm"


class Infeasible(Exception):
    """A random draw that does not meet the targets; the next draw is tried."""


# --------------------------------------------------------------------------------------------
# Text and numbers
# --------------------------------------------------------------------------------------------
def norm(text: str) -> str:
    """Unicode NFC with white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").split())


def fmt(h: int) -> str:
    """Hundredths as a plain decimal with a dot and at most 2 decimals: 9200 -> '92'."""
    if h < 0:
        raise ValueError(h)
    return f"{h // 100}.{h % 100:02d}".rstrip("0").rstrip(".")


def to_h(x: float) -> int:
    """Points as integer hundredths."""
    return int(round(float(x) * 100))


_DECIMAL_RE = re.compile(r"\d+(\.\d{1,2})?")


def parse_h(text: str) -> int:
    """A written score back to hundredths; anything but a plain decimal is an error."""
    if not _DECIMAL_RE.fullmatch(text):
        raise AssertionError(f"not a plain decimal with ≤ 2 decimals: {text!r}")
    return int(Decimal(text) * 100)


# --------------------------------------------------------------------------------------------
# Random draws
# --------------------------------------------------------------------------------------------
ATTEMPTS: dict[str, int] = {}  # draws used per target, printed after the reconstruction


def retry(build, rng, what: str, max_attempts: int):
    """build(rng) again until it does not raise Infeasible; the draws used go to ATTEMPTS."""
    for attempt in range(1, max_attempts + 1):
        try:
            result = build(rng)
            ATTEMPTS[what] = attempt
            return result
        except Infeasible:
            continue
    raise SystemExit(f"could not reconstruct {what} in {max_attempts} draws")


def round_to_total(ideal: dict, caps: dict, total: int, order: list) -> dict:
    """Integers for the keys of order that sum to total: each ideal value rounded down, then
    one more for the largest fractional parts (ties in the given order), never above its cap.
    A key missing from ideal counts as 0."""
    rounded = {k: min(int(math.floor(ideal.get(k, 0))), caps[k]) for k in order}
    rest = total - sum(rounded.values())
    for k in sorted(order, key=lambda k: (-(ideal.get(k, 0) - rounded[k]), order.index(k))):
        if rest == 0:
            break
        if rounded[k] < caps[k]:
            rounded[k] += 1
            rest -= 1
    if rest:
        raise Infeasible("cannot round to the total")
    return rounded


def split_total(total: int, maxes: list[int], weights: list[float]) -> list[int]:
    """Split total (hundredths) over groups proportionally to weights, each within 0..max."""
    n = len(maxes)
    alloc = [0] * n
    free = list(range(n))
    remaining = total
    while True:
        wsum = sum(weights[i] for i in free)
        ideal = {i: remaining * weights[i] / wsum for i in free}
        over = [i for i in free if ideal[i] > maxes[i]]
        if not over:
            break
        for i in over:
            alloc[i] = maxes[i]
            remaining -= maxes[i]
            free.remove(i)
    rounded = round_to_total(ideal, {i: maxes[i] for i in free}, remaining, free)
    for i in free:
        alloc[i] = rounded[i]
    assert sum(alloc) == total and all(0 <= a <= m for a, m in zip(alloc, maxes))
    return alloc


def split_into_groups(rng, total: int, maxes: list[int], bias: list[float], noise: float) -> list[int]:
    """Split a total over criteria groups: each group's share of its maximum is drawn around
    the total's share of the tier maximum, shifted by the group's bias (weak groups lag)."""
    share = total / sum(maxes)
    weights = [min(max(share + b + rng.normal(0, noise), 0.05), 0.995) * m for b, m in zip(bias, maxes)]
    return split_total(total, maxes, weights)


def ranks(totals: dict) -> dict:
    """Rank by descending total, ties share the better (smaller) rank."""
    return {c: 1 + sum(1 for v in totals.values() if v > totals[c]) for c in totals}


# --------------------------------------------------------------------------------------------
# Unit registry
# --------------------------------------------------------------------------------------------
def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV file with every cell as text, empty cells as ''."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def read_gso_list(name: str) -> pd.DataFrame:
    """A GSO unit list from scripts/reference/, every cell normalised (see norm)."""
    return read_text_table(REFERENCE_DIR / name).apply(lambda col: col.map(norm))


def numbered_units(prefix: str, entries, tier: str) -> list[tuple]:
    """Registry rows for units numbered by the project: (name, unit_type, ...) -> PREFIX01..."""
    return [
        (f"{prefix}{i:02d}", norm(name), tier, "", unit_type)
        for i, (name, unit_type, *_rest) in enumerate(entries, start=1)
    ]


def gso_district_units(gso: pd.DataFrame) -> list[tuple]:
    districts = gso.drop_duplicates("district_code").sort_values("district_code")
    return [(r.district_code.zfill(3), r.district, "districts", "", r.district_type) for r in districts.itertuples()]


def gso_commune_units(gso: pd.DataFrame) -> list[tuple]:
    return [
        (r.commune_code.zfill(5), r.commune, "communes", r.district_code.zfill(3), r.commune_type)
        for r in gso.sort_values("commune_code").itertuples()
    ]


def units_frame(rows: list[tuple]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def csv_bytes(header, rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_csv(path: Path, header, rows) -> None:
    write_bytes(path, csv_bytes(header, rows))


def write_units(path: Path, units: pd.DataFrame) -> None:
    write_csv(path, list(units.columns), units.itertuples(index=False))


def score_header(group_labels=()) -> list[str]:
    """Header of a score file: code, name, one column per criteria group, total."""
    return [CODE_HEADER, NAME_HEADER, *group_labels, TOTAL_HEADER]


def scores_workbook_bytes(sheets, creator: str, timestamp: datetime) -> bytes:
    """A workbook of score sheets (title, header, rows of code, name, hundredths...) whose
    bytes depend only on its content: fixed properties and zip entry times."""
    import openpyxl  # only the Quảng Ninh script writes a workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for code, name, *scores in rows:
            ws.append([code, name, *[(h // 100 if h % 100 == 0 else round(h / 100, 2)) for h in scores]])
        for row in ws.iter_rows(min_row=2, max_col=1):
            row[0].data_type = "s"
            row[0].number_format = "@"
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = timestamp
    wb.properties.modified = timestamp
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() stamps "modified" with the current time.
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    # Rewrite the archive with fixed entry times (zipfile stamps entries with the clock).
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=timestamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Checking what was written
# --------------------------------------------------------------------------------------------
class Checks:
    """The checks of verify(): one row each (label, computed, target, result), printed as a
    table at the end; any failed check makes the script exit non-zero."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.failures: list[str] = []

    def check(self, label: str, ok, value="", target="") -> None:
        self.rows.append((label, str(value), str(target), "ok" if ok else "FAIL"))
        if not ok:
            self.failures.append(label)

    def info(self, label: str, value, target="") -> None:
        """A row that states a figure without checking it."""
        self.rows.append((label, str(value), str(target), "info"))

    def report(self, value_width: int = 44, target_width: int = 22) -> bool:
        """Print the table; True when every check passed."""
        width = max(len(row[0]) for row in self.rows)
        print(f"{'check'.ljust(width)}  {'computed':<{value_width}} {'target':<{target_width}} result")
        for label, value, target, result in self.rows:
            print(f"{label.ljust(width)}  {value:<{value_width}} {target:<{target_width}} {result}")
        if self.failures:
            print(f"\n{len(self.failures)} check(s) FAILED: {self.failures}", file=sys.stderr)
            return False
        print(f"\nall {sum(1 for row in self.rows if row[3] == 'ok')} checks passed")
        return True


def check_units_table(checks: Checks, units: pd.DataFrame, counts: dict[str, int]) -> None:
    """units.csv: its columns, the number of units per tier, clean text, unique codes."""
    checks.check("units.csv columns", list(units.columns) == UNIT_COLUMNS, ",".join(units.columns))
    found = units.tier.value_counts().to_dict()
    checks.check(
        "units per tier",
        found == counts,
        "/".join(str(found.get(t)) for t in counts),
        "/".join(str(n) for n in counts.values()),
    )
    checks.check("text NFC, spaces collapsed", all(norm(x) == x for col in units.columns for x in units[col]))
    checks.check("codes unique", units.code.is_unique)


def check_gso_districts(checks: Checks, units: pd.DataFrame, gso: pd.DataFrame) -> None:
    """The district-level units are exactly those of the GSO list: codes, names, types."""
    listed = gso.drop_duplicates("district_code")
    districts = units[units.tier == "districts"]
    checks.check(
        "districts = GSO list",
        sorted(zip(districts.code, districts.name, districts.unit_type, districts.parent_code))
        == sorted(zip(listed.district_code, listed.district, listed.district_type, [""] * len(listed)))
        and all(re.fullmatch(r"\d{3}", c) for c in districts.code),
    )


def check_gso_communes(checks: Checks, units: pd.DataFrame, gso: pd.DataFrame) -> None:
    """The commune-level units are exactly those of the GSO list, under the right district."""
    communes = units[units.tier == "communes"]
    checks.check(
        "communes = GSO list, parents",
        sorted(zip(communes.code, communes.name, communes.unit_type, communes.parent_code))
        == sorted(zip(gso.commune_code, gso.commune, gso.commune_type, gso.district_code))
        and all(re.fullmatch(r"\d{5}", c) for c in communes.code),
    )


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------
def parse_command_line(doc: str, argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR,
        metavar="DIR",
        help="write and check the files under DIR/<province>/, laid out as in data/ (default: the repository's data/)",
    )
    parser.add_argument("--verify-only", action="store_true", help="only check the files already written")
    return parser.parse_args(argv)


def run(doc: str, argv, province: str, reconstruct, verify) -> int:
    """The command line of a reconstruct_<province>.py script: reconstruct(folder) writes the
    province's files into folder, then verify(folder) re-reads and checks them (True = all
    passed). Exit status 0 when every check passed."""
    args = parse_command_line(doc, argv)
    folder = args.out.resolve() / province
    if not args.verify_only:
        reconstruct(folder)
        if ATTEMPTS:
            print("random draws used: " + ", ".join(f"{k} {v}" for k, v in ATTEMPTS.items()) + "\n")
    return 0 if verify(folder) else 1
