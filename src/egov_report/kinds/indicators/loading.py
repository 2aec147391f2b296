"""Reading an indicators province-year: its settings and the indicator table (CSV or Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pandas as pd
from pydantic import BeforeValidator, ConfigDict

from ...catalog import check_parameters, data_root, framework_file
from ...core.images import embedded_files
from ...core.settings import Settings, TableSource, Text, mapping, read_year_settings
from ...core.tables import aliases_of, file_in, read_findings, read_table, rename_columns, table_label
from ...errors import InputError
from ...paths import display_path
from .framework import KIND, IndicatorFramework, load_framework


class IndicatorSettings(Settings):
    """evaluation.yaml of this kind (docs/input-format.md, section 11): an unknown field is refused."""

    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    previous_year: Any = None  # refused below with the reason: this kind compares no years
    sources: Annotated[dict[Text, TableSource], BeforeValidator(mapping)] | None = None


# Columns of the indicator table and the headers accepted for each (compared after NFC,
# white-space folding and case folding, as for score tables).
COLUMN_ALIASES = {
    "code": ("code", "mã", "mã chỉ tiêu"),
    "value": ("value", "giá trị", "kết quả", "kết quả thực hiện"),
    "target": ("target", "mức chỉ tiêu", "chỉ tiêu đặt ra", "mục tiêu"),
    "as_of": ("as_of", "thời điểm", "tính đến", "thời điểm số liệu"),
    "source": ("source", "nguồn", "nguồn số liệu"),
    "target_source": ("target_source", "nguồn chỉ tiêu", "nguồn mức chỉ tiêu"),
    "row_number": ("stt", "tt", "số tt", "số thứ tự"),  # known and not used
}


@dataclass
class IndicatorEvaluation:
    """Everything a report of this kind reads."""

    province: str
    year: int
    framework: IndicatorFramework
    framework_path: Path
    settings: dict
    settings_path: Path
    table_path: Path
    sheet: str | None
    table: pd.DataFrame  # canonical columns as typed (text), plus "row" (the row number in the file)
    headers: dict[str, str]  # canonical column -> header as the analyst typed it
    unknown_columns: list[str]
    findings_markdown: str | None
    findings_path: Path | None

    @property
    def table_label(self) -> str:
        return table_label(self.table_path, self.sheet)

    @property
    def input_files(self) -> list[Path]:
        files = {self.framework_path, self.settings_path, self.table_path}
        if self.findings_path:
            files.update((self.findings_path, *embedded_files(self.findings_path)))
        return sorted(files)


def load_evaluation(province, year, data_dir: Path | None = None) -> IndicatorEvaluation:
    province, year = check_parameters(province, year, data_dir)
    province_dir = data_root(data_dir) / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    directory = province_dir / str(year)
    settings_path, settings = read_year_settings(directory, IndicatorSettings)
    where = display_path(settings_path)
    if settings.get("previous_year") is not None:
        raise InputError(
            f"{where}: previous_year chưa được hỗ trợ với loại báo cáo {KIND} (không so sánh giữa các năm)"
        )
    sources = settings.get("sources")
    source = sources.get("indicators") if isinstance(sources, dict) else None
    if not isinstance(source, dict) or not source.get("file"):
        raise InputError(f"{where}: cần sources.indicators.file (tên tệp bảng chỉ tiêu)")
    others = [str(k) for k in sources if k != "indicators"]
    if others:
        raise InputError(
            f"{where}: sources chỉ có mục 'indicators' với loại báo cáo {KIND} (thừa: {', '.join(others)})"
        )
    table_path = file_in(directory, source["file"], "sources.indicators.file")
    sheet = source.get("sheet")
    table, headers, unknown = _read_indicator_table(table_path, sheet)
    sheet = table.attrs.get("sheet") or sheet  # the sheet read, named in messages even when none was given
    findings_path, findings = read_findings(directory, settings)
    return IndicatorEvaluation(
        province=province,
        year=year,
        framework=framework,
        framework_path=framework_path,
        settings=settings,
        settings_path=settings_path,
        table_path=table_path,
        sheet=sheet,
        table=table,
        headers=headers,
        unknown_columns=unknown,
        findings_markdown=findings,
        findings_path=findings_path,
    )


def _read_indicator_table(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    frame = read_table(path, sheet)
    table, headers, unknown = rename_columns(frame, aliases_of(COLUMN_ALIASES))
    table.attrs["sheet"] = frame.attrs.get("sheet")
    return table, headers, unknown
