"""docs/architecture.md's worked example, followed step by step: a fifth kind built from the docs only.

Kind ``dti_districts`` (the Digital Transformation Index of each district, three years side by
side) is written into a temporary folder, one function per numbered step of the docs, registered at
run time and rendered through the same pipeline as the shipped kinds. The assertions are what the
docs promise: the kind's part numbered before the findings (``section_order``), the contents in
place of ``<!-- TOC -->``, a single annex headed "PHỤ LỤC", messages naming the file, row, column
as typed and unit (the frame ``ValidationReport.check`` expects), headers found through
``aliases_of``, the findings read by ``read_findings``, and the record keys ``validation`` and
``provenance`` feeding the stamp. Any step the docs leave out shows here as a failure.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from egov_report import kinds
from egov_report.core.records import read_json
from egov_report.errors import FrameworkError, ValidationFailed

KIND = "dti_districts"
SCORES = """Mã,Huyện,Năm 2021,Năm 2022,Năm 2023
HL,Thành phố Hạ Long,61.5,70.25,"78,5"
UB,Thành phố Uông Bí,55,60.5,66
BC,Huyện Ba Chẽ,40.25,44,52.75
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def step_1_data(data: Path, scores: str = SCORES) -> Path:
    """framework.yaml of the province, and the year's evaluation.yaml, table and findings."""
    _write(
        data / "demo" / "framework.yaml",
        """
        kind: dti_districts
        province_code: demo
        province_name: Mẫu
        title: Đánh giá chỉ số chuyển đổi số cấp huyện
        subject: chỉ số chuyển đổi số (DTI) của các huyện
        scale_max: 100
        """,
    )
    year = data / "demo" / "2023"
    _write(
        year / "evaluation.yaml",
        """
        year: 2023
        data_status: published
        method: [Số liệu DTI do Sở Thông tin và Truyền thông công bố.]
        legal_basis: [Kế hoạch số 1/KH-UBND về chuyển đổi số]
        findings: findings.md
        sources:
          districts: {file: dti.csv}
        """,
    )
    _write(year / "dti.csv", scores)
    _write(year / "findings.md", "Các huyện đều tăng điểm qua ba năm.\n")
    return data


def step_2_framework(package: Path) -> None:
    _write(
        package / "framework.py",
        '''
        """Kind dti_districts: framework.yaml read and checked (every Subject field required)."""

        from dataclasses import dataclass
        from typing import ClassVar

        from pydantic import ConfigDict

        from egov_report.core.frameworks import Subject, framework_error, read_framework
        from egov_report.core.settings import Filled, Number, Section

        KIND = "dti_districts"


        @dataclass(frozen=True)
        class DtiFramework(Subject):
            scale_max: float


        class FrameworkFile(Section):
            kind: ClassVar[str] = KIND
            model_config = ConfigDict(extra="forbid", frozen=True)

            province_code: Filled
            province_name: Filled
            title: Filled
            subject: Filled
            scale_max: Number


        def load_framework(path):
            where, raw = read_framework(path, KIND, FrameworkFile)
            if raw["scale_max"] <= 0:
                raise framework_error(where, "scale_max", "phải là một số dương", raw["scale_max"])
            name = raw["province_name"]
            return DtiFramework(kind=KIND, province_code=raw["province_code"], province_name=name,
                                province_name_full=f"tỉnh {name}", title=raw["title"],
                                subject=raw["subject"], scale_max=raw["scale_max"])
        ''',
    )


def step_3_loading(package: Path) -> None:
    _write(
        package / "loading.py",
        '''
        """Kind dti_districts: a province-year read (three years of scores, columns found by their aliases)."""

        from dataclasses import dataclass
        from pathlib import Path
        from typing import Annotated, ClassVar

        from pydantic import BeforeValidator, ConfigDict

        from egov_report.catalog import check_parameters, data_root, framework_file
        from egov_report.core.settings import Settings, TableSource, Text, mapping, read_year_settings
        from egov_report.core.tables import aliases_of, file_in, read_findings, read_table, rename_columns

        from .framework import KIND, load_framework


        class DtiSettings(Settings):
            kind: ClassVar[str] = KIND
            model_config = ConfigDict(extra="forbid", frozen=True)

            sources: Annotated[dict[Text, TableSource], BeforeValidator(mapping)] | None = None


        def years_of(year):
            return (year - 2, year - 1, year)


        def column_aliases(year):
            aliases = {"code": ("code", "mã"), "district": ("district", "huyện")}
            return aliases | {f"score_{y}": (str(y), f"năm {y}") for y in years_of(year)}


        @dataclass
        class DtiEvaluation:
            province: str
            year: int
            framework: object
            settings: dict
            paths: list
            table: object
            headers: dict
            findings_path: Path | None
            findings_markdown: str | None

            @property
            def table_path(self):
                return self.paths[2]

            @property
            def input_files(self):
                return sorted({*self.paths, *([self.findings_path] if self.findings_path else [])})


        def load_evaluation(province, year, data_dir=None):
            province, year = check_parameters(province, year, data_dir)
            province_dir = data_root(data_dir) / province
            framework_path = framework_file(province_dir, year)
            directory = province_dir / str(year)
            settings_path, settings = read_year_settings(directory, DtiSettings)
            table_path = file_in(directory, settings["sources"]["districts"]["file"], "sources.districts.file")
            table, headers, _ = rename_columns(read_table(table_path), aliases_of(column_aliases(year)))
            findings_path, findings = read_findings(directory, settings)
            return DtiEvaluation(province, year, load_framework(framework_path), settings,
                                 [framework_path, settings_path, table_path], table, headers, findings_path, findings)
        ''',
    )


def step_4_validation(package: Path) -> None:
    _write(
        package / "validation.py",
        '''
        """Kind dti_districts: every score of the three years a number on the index's scale."""

        import pandas as pd

        from egov_report.core.checks import ValidationReport
        from egov_report.core.formatting import number
        from egov_report.core.tables import parse_score
        from egov_report.paths import display_path

        from .loading import years_of


        def validate(evaluation):
            table = evaluation.table
            frames = [pd.DataFrame({"row": table["row"], "score": table[f"score_{y}"].map(parse_score).astype("float64"),
                                    "shown_value": table[f"score_{y}"], "shown_unit": table["district"],
                                    "shown_column": evaluation.headers[f"score_{y}"]})
                      for y in years_of(evaluation.year)]
            scale = evaluation.framework.scale_max
            report = ValidationReport()
            report.check("national_index_values", display_path(evaluation.table_path), pd.concat(frames, ignore_index=True),
                         {"scale_max": scale}, context={"scale_max": number(scale)})
            return report
        ''',
    )


def step_5_analysis(package: Path) -> None:
    _write(
        package / "analysis.py",
        '''
        """Kind dti_districts: the figure record, every number the report states."""

        from egov_report.core.records import record_meta
        from egov_report.core.tables import parse_score

        from .framework import KIND
        from .loading import years_of


        def analyse(evaluation):
            years = years_of(evaluation.year)
            districts = []
            for _, row in evaluation.table.iterrows():
                scores = [parse_score(row[f"score_{y}"]) for y in years]
                districts.append({"code": row["code"], "name": row["district"], "scores": scores,
                                  "change": round(scores[-1] - scores[0], 2)})
            districts.sort(key=lambda d: -d["scores"][-1])
            latest = [d["scores"][-1] for d in districts]
            return {
                "meta": record_meta(KIND, evaluation.province, evaluation.year, evaluation.framework,
                                    evaluation.settings, previous_year=years[0]),
                "years": list(years),
                "scale_max": evaluation.framework.scale_max,
                "mean": round(sum(latest) / len(latest), 2),
                "districts": districts,
            }
        ''',
    )


def step_6_narrative(package: Path) -> None:
    _write(
        package / "narrative.py",
        '''
        """Kind dti_districts: the report's parts; wording in templates/dti_districts/."""

        from pathlib import Path

        from egov_report.core.builder import ReportBuilder

        HERE = Path(__file__).resolve().parent


        class DtiReportBuilder(ReportBuilder):
            template_folders = (HERE / "templates",)

            def section_order(self):
                return ("districts",)

            def annex_order(self):
                return ("changes",)

            def title(self):
                return self._html("dti_districts/title.html.j2")

            def districts(self):
                return self._html("dti_districts/districts.html.j2")

            def changes_annex(self):
                return self._html("dti_districts/changes.html.j2")

            def scores_table(self):
                columns = [{"label": "Huyện"}] + [{"label": f"Năm {y}", "align": "right"} for y in self.record["years"]]
                rows = [[d["name"], *d["scores"]] for d in self.record["districts"]]
                return self.table("scores", "Chỉ số chuyển đổi số của các huyện", columns, rows)
        ''',
    )
    templates = package / "templates" / KIND
    _write(
        templates / "title.html.j2",
        """
        {{ builder.header() }}
        <nav class="toc" id="toc"><h2 class="toc-title">Mục lục</h2><!-- TOC --></nav>
        """,
    )
    _write(
        templates / "summary.html.j2",
        """
        {% extends "base/summary.html.j2" %}
        {% block points %}
        <li>Điểm DTI bình quân của {{ record.districts|length }} huyện năm {{ meta.year }} là {{ record.mean|score }} điểm.</li>
        {% endblock %}
        """,
    )
    _write(
        templates / "districts.html.j2",
        """
        {% set n = builder.section_number("districts") %}
        <section class="report-section">
        <h2 id="sec-districts">{{ n }}. Kết quả của các huyện</h2>
        <p>Đứng đầu năm {{ meta.year }} là {{ record.districts[0].name }}; mức tăng của từng huyện ở {{ builder.annex_ref("changes") }}.</p>
        {{ builder.scores_table() }}
        </section>
        """,
    )
    _write(
        templates / "changes.html.j2",
        """
        {{ builder.annex_heading("changes", "Mức tăng điểm qua ba năm") }}
        <ul>{% for d in record.districts %}<li>{{ d.name }}: {{ d.change|signed }} điểm</li>{% endfor %}</ul>
        """,
    )


def step_7_charts(package: Path) -> None:
    """No chart in this kind: the step is optional (charts.py draws with core.charts when a kind has one)."""


def step_8_notebook(folder: Path) -> Path:
    code = nbformat.v4.new_code_cell
    cells = [
        nbformat.v4.new_markdown_cell("# Chỉ số chuyển đổi số cấp huyện (kind `dti_districts`)"),
        code('province: str = "demo"\nyear: int = 2023\noutput_dir: str = ""', metadata={"tags": ["parameters"]}),
        code(
            "from pathlib import Path\n\nfrom egov_report.core.ahead import validated\n"
            "from egov_report.core.document import report_context\nfrom egov_report.core.provenance import provenance\n"
            "from egov_report.core.records import FIGURES_FILE, write_json\n"
            "from dti_districts.analysis import analyse\nfrom dti_districts.loading import load_evaluation\n"
            "from dti_districts.narrative import DtiReportBuilder\nfrom dti_districts.validation import validate",
            metadata={"tags": ["stage-imports"]},
        ),
        code("evaluation = load_evaluation(province, year)", metadata={"tags": ["stage-loading"]}),
        code(
            "validation = validated(validate, evaluation)\nvalidation.save(output_dir)\nvalidation.raise_if_failed()",
            metadata={"tags": ["stage-validation"]},
        ),
        code(
            'record = analyse(evaluation)\nrecord["validation"] = validation.to_dict()\n'
            'record["provenance"] = provenance(evaluation.input_files)\n'
            "if output_dir:\n    write_json(record, Path(output_dir) / FIGURES_FILE)\n"
            "report = DtiReportBuilder(record, **report_context(province, year, record, validation))",
            metadata={"tags": ["stage-analysis"]},
        ),
        code("report.title()", metadata={"tags": ["stage-narrative"]}),
        *[
            code(line)
            for line in (
                "report.summary()",
                "report.legal_basis()",
                "report.districts()",
                "report.findings(evaluation.findings_markdown)",
                "report.signature()",
                "report.changes_annex()",
                "report.reconciliation()",
            )
        ],
        code('report.validation_appendix(record["validation"])', metadata={"tags": ["technical"]}),
        code('report.provenance(record["provenance"])', metadata={"tags": ["technical"]}),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
    )
    path = folder / f"{KIND}.ipynb"
    nbformat.write(notebook, path)
    return path


def step_9_register(package: Path, notebook: Path) -> kinds.Kind:
    _write(
        package / "__init__.py",
        f'''
        """Kind dti_districts, kept outside the package: registering it imports its framework module only."""

        from pathlib import Path

        from egov_report.kinds import Kind, lazy

        from .framework import KIND, load_framework

        REPORT_KIND = Kind(name=KIND, notebook=Path({str(notebook)!r}), load_framework=load_framework,
                           loader=lazy(f"{{__name__}}.loading:load_evaluation"),
                           validator=lazy(f"{{__name__}}.validation:validate"))
        ''',
    )
    import dti_districts

    return kinds.register(dti_districts.REPORT_KIND)


@pytest.fixture
def dti_kind(tmp_path, monkeypatch):
    """Steps 2 to 9: the kind's package on sys.path here and on PYTHONPATH for the kernel and the
    validating process (both import it by name), then registered; unregistered afterwards."""
    source = tmp_path / "src"
    package = source / KIND
    for step in (step_2_framework, step_3_loading, step_4_validation, step_5_analysis, step_6_narrative, step_7_charts):
        step(package)
    monkeypatch.syspath_prepend(str(source))
    monkeypatch.setenv("PYTHONPATH", str(source))
    kind = step_9_register(package, step_8_notebook(tmp_path))
    yield kind
    kinds.unregister(KIND)
    for name in [m for m in sys.modules if m == KIND or m.startswith(f"{KIND}.")]:
        del sys.modules[name]  # the next test writes the package afresh in its own folder


def test_the_kind_registers_and_checks_its_framework(dti_kind, tmp_path):
    data = step_1_data(tmp_path / "data")
    assert KIND in kinds.registered()
    assert kinds.check_framework(data / "demo" / "framework.yaml") == KIND
    framework = data / "demo" / "framework.yaml"
    framework.write_text(framework.read_text(encoding="utf-8").replace("scale_max", "scale_maks"), encoding="utf-8")
    with pytest.raises(FrameworkError, match=f"trường 'scale_maks' không được hỗ trợ với loại báo cáo {KIND}"):
        kinds.check_framework(framework)


def test_the_frame_check_expects_names_the_row_the_column_as_typed_and_the_district(dti_kind, tmp_path):
    from dti_districts.loading import load_evaluation
    from dti_districts.validation import validate

    bad = SCORES.replace("55,60.5,66", "55,120,66").replace('40.25,44,"52,75"', "40.25,44,n/a")
    data = step_1_data(tmp_path / "data", bad.replace("52.75", "n/a"))
    evaluation = load_evaluation("demo", 2023, data)
    assert evaluation.headers["score_2022"] == "Năm 2022"  # found through aliases_of, named as typed
    report = validate(evaluation)
    messages = [str(p) for p in report.errors]  # a file outside data/ is named by its name alone
    assert messages == [
        "dti.csv, dòng 4, cột «Năm 2023», đơn vị Huyện Ba Chẽ: giá trị «n/a» — "
        "điểm phải là một số (dấu thập phân là dấu chấm hoặc dấu phẩy)",
        "dti.csv, dòng 3, cột «Năm 2022», đơn vị Thành phố Uông Bí: giá trị «120» — "
        "điểm phải nằm trong thang điểm của chỉ số, từ 0 đến 100",
    ]
    with pytest.raises(ValidationFailed):
        report.raise_if_failed()


@pytest.mark.e2e
def test_the_worked_example_renders_as_the_docs_promise(dti_kind, tmp_path):
    from egov_report.render.pipeline import render

    data = step_1_data(tmp_path / "data")
    target = render("demo", 2023, reports_dir=tmp_path / "reports", data_dir=data, log=lambda *_: None).target
    assert {
        "report.html",
        "report.pdf",
        "technical.html",
        "figures.json",
        "validation.json",
        "inputs.json",
        "timings.json",
    } <= {p.name for p in target.iterdir()}

    record = read_json(target / "figures.json")
    assert record["meta"]["kind"] == KIND and record["meta"]["province_name_full"] == "tỉnh Mẫu"
    assert record["mean"] == 65.75  # (78.5 + 66 + 52.75) / 3, typed by hand
    assert record["validation"]["passed"] and record["validation"]["expectations_evaluated"] == 2
    read = {Path(i["path"]).name for i in record["provenance"]["inputs"]}
    assert read == {"framework.yaml", "evaluation.yaml", "dti.csv", "findings.md"}
    stamped = json.loads((target / "inputs.json").read_text(encoding="utf-8"))
    assert "data/demo/2023/dti.csv" in json.dumps(stamped)  # the stamp lists the files the provenance names

    html = (target / "report.html").read_text(encoding="utf-8")
    assert "<!-- TOC -->" not in html and 'href="#sec-districts"' in html  # contents in place of the marker
    headings = ["1. Tóm tắt", "2. Căn cứ đánh giá", "3. Kết quả của các huyện", "4. Đánh giá chung"]
    positions = [html.index(h) for h in headings]  # section_order(): the kind's part before the findings
    assert positions == sorted(positions)
    assert "PHỤ LỤC" in html and "mức tăng của từng huyện ở Phụ lục." in html  # a single annex: no number
    assert "Đánh giá chỉ số chuyển đổi số cấp huyện tỉnh Mẫu năm 2023" in html
    assert "Bảng 1. Chỉ số chuyển đổi số của các huyện" in html
    assert "Các huyện đều tăng điểm qua ba năm." in html  # read_findings
    assert "Thành phố Hạ Long: +17,00" in html
    timings = json.loads((target / "timings.json").read_text(encoding="utf-8"))["seconds"]
    assert {"imports", "loading", "validation", "analysis", "narrative"} <= set(timings)
