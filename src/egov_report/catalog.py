"""What can be rendered: the province-years under data/, their parameters checked, their framework file.

Imports nothing heavy (no pandas, Great Expectations or papermill): the batch plans every
report with it in a fraction of a second, and the renderer checks its parameters before it
starts a kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import paths
from .errors import FrameworkError, ParameterError, shown
from .paths import display_path

PROVINCE_RE = re.compile(r"[a-z][a-z0-9_-]{0,40}")
YEAR_RE = re.compile(r"\d{4}", re.ASCII)  # "２０１９" (full-width) is refused, never read as 2019
SETTINGS_FILE = "evaluation.yaml"
FRAMEWORK_FILE = "framework.yaml"


def data_root(given: Path | None = None) -> Path:
    """The data folder: the one given, else data/ (or EGOV_DATA_DIR), looked up at call time."""
    return Path(given) if given is not None else Path(paths.DATA_DIR)


def available_province_years(data_dir: Path | None = None) -> list[tuple[str, int]]:
    """Every <province>/<year>/evaluation.yaml under the data folder, as (province, year)."""
    found = []
    for settings in sorted(data_root(data_dir).glob(f"*/*/{SETTINGS_FILE}")):
        province, year = settings.parent.parent.name, settings.parent.name
        if PROVINCE_RE.fullmatch(province) and YEAR_RE.fullmatch(year):
            found.append((province, int(year)))
    return found


def check_parameters(province, year, data_dir: Path | None = None) -> tuple[str, int]:
    """PROVINCE and YEAR as given on the command line or in a notebook, checked against data/.

    Both are taken as text: a province code is never converted to a number (``01`` stays
    ``01`` and is refused, codes start with a letter), and only a province-year that has a
    folder with ``evaluation.yaml`` is accepted, so no value can point outside data/.
    """
    province, year_text = str(province).strip(), str(year).strip()
    available = available_province_years(data_dir)
    listing = ", ".join(f"{p} {y}" for p, y in available) or "không có"
    if not PROVINCE_RE.fullmatch(province) or not YEAR_RE.fullmatch(year_text):
        raise ParameterError(
            f"Tham số không hợp lệ: PROVINCE={shown(province)!r} YEAR={shown(year_text)!r}. "
            f"PROVINCE là mã tỉnh (chữ thường, không dấu), YEAR là năm 4 chữ số. Hiện có: {listing}"
        )
    if (province, int(year_text)) not in available:
        raise ParameterError(f"Không có dữ liệu cho {province} {year_text} trong data/. Hiện có: {listing}")
    return province, int(year_text)


def framework_file(province_dir: Path, year) -> Path:
    """A year may bring its own framework (a new criteria set, another kind of report)."""
    own = Path(province_dir) / str(year) / FRAMEWORK_FILE
    return own if own.exists() else Path(province_dir) / FRAMEWORK_FILE


def framework_kind(path: Path, known: list[str]) -> str:
    """The kind a framework file declares, checked against the registered kinds."""
    from .core.textfiles import read_yaml

    kind = read_yaml(path, error=FrameworkError).get("kind")
    if kind not in known:
        raise FrameworkError(
            f"{display_path(path)}: loại báo cáo '{kind}' không được hỗ trợ (hỗ trợ: {', '.join(sorted(known))})"
        )
    return kind
