"""A fourth report kind, defined outside the package: what a new kind needs, and nothing else.

Kind ``minimal``: one table of values (``values.csv``: code, name, value) out of a maximum set in
the framework; the report states the mean, the highest unit and every unit's value. It reads its
files, validates them, builds its record and writes its report through the shared core only
(``egov_report.catalog``, ``egov_report.core``), and is registered at run time with
``egov_report.kinds.register``: no file of the package is edited for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from IPython.display import HTML
from pydantic import ConfigDict

from egov_report.catalog import check_parameters, data_root, framework_file
from egov_report.core.builder import ReportBuilder
from egov_report.core.checks import ValidationReport
from egov_report.core.frameworks import read_framework
from egov_report.core.records import record_meta
from egov_report.core.settings import Filled, Number, Section
from egov_report.core.tables import parse_score, read_table
from egov_report.paths import display_path

KIND = "minimal"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class MinimalFramework:
    province_name: str
    province_name_full: str
    title: str
    subject: str
    maximum: float


class FrameworkFile(Section):
    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    province_name: Filled
    title: Filled
    maximum: Number


def load_framework(path: Path) -> MinimalFramework:
    _where, raw = read_framework(path, KIND, FrameworkFile)
    name = raw["province_name"]
    return MinimalFramework(name, name, raw["title"], raw["title"], raw["maximum"])


@dataclass
class Inputs:
    province: str
    year: int
    framework: MinimalFramework
    files: list[Path]
    table: object  # pandas DataFrame of text: code, name, value, row


def load_inputs(province, year) -> Inputs:
    province, year = check_parameters(province, year)
    framework_path = framework_file(data_root() / province, year)
    table_path = data_root() / province / str(year) / "values.csv"
    return Inputs(province, year, load_framework(framework_path), [framework_path, table_path], read_table(table_path))


def validate(inputs: Inputs) -> ValidationReport:
    """The shared suite for scores on a scale (not empty, a number, from 0 to the maximum)."""
    report = ValidationReport()
    table = inputs.table
    values = table.assign(
        score=table["value"].map(parse_score).astype("float64"),
        shown_value=table["value"],
        shown_unit=table["name"],
        shown_column="value",
    )
    report.check(
        "national_index_values",
        display_path(inputs.files[1]),
        values,
        {"scale_max": inputs.framework.maximum},
        context={"scale_max": inputs.framework.maximum},
    )
    return report


def analyse(inputs: Inputs) -> dict:
    units = [
        {"code": r["code"], "name": r["name"], "value": parse_score(r["value"])} for _, r in inputs.table.iterrows()
    ]
    units.sort(key=lambda u: -u["value"])
    return {
        "meta": record_meta(KIND, inputs.province, inputs.year, inputs.framework, {}),
        "maximum": inputs.framework.maximum,
        "mean": round(sum(u["value"] for u in units) / len(units), 2),
        "units": units,
    }


def write_demo_province(data: Path, values: str) -> Path:
    """A province-year of this kind for tests: data/demo/framework.yaml, 2020/evaluation.yaml, and
    2020/values.csv with ``values`` (CSV text: code,name,value); returns the data folder."""
    year = data / "demo" / "2020"
    year.mkdir(parents=True)
    (data / "demo" / "framework.yaml").write_text(
        "kind: minimal\nprovince_name: tỉnh Mẫu\ntitle: Điểm thử nghiệm\nmaximum: 10\n", encoding="utf-8"
    )
    (year / "evaluation.yaml").write_text("year: 2020\n", encoding="utf-8")
    (year / "values.csv").write_text(values, encoding="utf-8")
    return data


class MinimalBuilder(ReportBuilder):
    template_folders = (HERE / "templates",)

    def summary(self) -> HTML:
        return self._html("minimal/summary.html.j2")

    def units_table(self):
        columns = [{"label": "Đơn vị"}, {"label": "Điểm", "align": "right"}]
        return self.table(
            "units", "Điểm của các đơn vị", columns, [[u["name"], u["value"]] for u in self.record["units"]]
        )
