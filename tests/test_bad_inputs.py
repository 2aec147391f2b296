"""The bad-input corpus: tests/support/bad_inputs/cases.yaml, one case per way an input goes wrong.

Each case starts from a private copy of data/quangninh, breaks it with the edits it lists,
and states what must happen, exactly:

- a refused case (``exit`` 1, 2 or 3) runs ``python -m egov_report render quangninh 2019``
  in-process: the exit code, the whole of stderr (every problem, in order) and the last good
  report (byte for byte) are checked, and what the failed run keeps (the notebook, the
  validation results) is in ``reports/quangninh/2019.failed/``. The notebook is executed
  in-process, cell by cell up to its validation cell, instead of in a kernel: the same code on
  the same data, in a fraction of the time (test_cli_runs_give_the_corpus_messages checks
  that a real run prints the same);
- an accepted case (``exit: 0``) must validate without errors and with exactly its warnings.

Binary inputs (Excel workbooks, other encodings) are made here from the shipped files, so the
corpus stays small and reviewable. tests/support/bad_inputs/README.md lists the cases.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import openpyxl
import pytest
import yaml

from egov_report import cli, paths
from egov_report.core.checks import GE_LOG_FILE
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.validation import validate
from egov_report.render import pipeline
from support.helpers import PROJECT_ROOT, PROVINCE, PROVINCE_DIR, YEAR, read_csv_rows, write_csv_rows

CORPUS = Path(__file__).parent / "support" / "bad_inputs"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
PROOFS = [c for c in CASES if "proves" in c]  # cases that test a check of this file, not the program
REFUSED = [c for c in CASES if "proves" not in c and c["exit"] != 0]
ACCEPTED = [c for c in CASES if "proves" not in c and c["exit"] == 0]
NOTHING_PUBLISHED = "Không tạo báo cáo; báo cáo trước đó (nếu có) được giữ nguyên."
LAST_GOOD = {"report.html": "<html>báo cáo đã ký</html>\n", "report.pdf": "%PDF-1.7 ...", "figures.json": "{}\n"}


# -- the data a case breaks --------------------------------------------------------------------


def copy_world(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the province as data/ and a last good report in reports/: (data, reports, the
    report's folder)."""
    data, reports = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(PROVINCE_DIR, data / PROVINCE, ignore=shutil.ignore_patterns("2020"))
    target = reports / PROVINCE / str(YEAR)
    target.mkdir(parents=True)
    for name, text in LAST_GOOD.items():
        (target / name).write_text(text, encoding="utf-8")
    return data, reports, target


def make_world(tmp_path: Path, monkeypatch) -> tuple[Path, Path, Path]:
    """``copy_world``, with the package pointed at both folders and the notebook run in this process."""
    data, reports, target = copy_world(tmp_path)
    monkeypatch.setattr(paths, "DATA_DIR", data)
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)
    monkeypatch.setattr(pipeline, "run_notebook", run_notebook_in_process)
    return data, reports, target


@pytest.fixture
def world(tmp_path, monkeypatch):
    """The province's folder and the last good report's folder of ``make_world``."""
    data, _reports, target = make_world(tmp_path, monkeypatch)
    return data / PROVINCE, target


def apply(edits: list[dict], province_dir: Path) -> None:
    for edit in edits:
        [(operation, arguments)] = edit.items()
        EDITS[operation](province_dir, **arguments)


def _set_cell(root, file, unit, column, value):
    rows = read_csv_rows(root / file)
    index = rows[0].index(column)
    [row] = [r for r in rows if r and r[0] == unit]
    row[index] = value
    write_csv_rows(root / file, rows)


def _rename_header(root, file, old, new):
    rows = read_csv_rows(root / file)
    rows[0][rows[0].index(old)] = new
    write_csv_rows(root / file, rows)


def _add_column(root, file, header, value="", values=None, at=None):
    rows = read_csv_rows(root / file)
    at = len(rows[0]) if at is None else at
    rows[0].insert(at, header)
    for row in rows[1:]:
        row.insert(at, (values or {}).get(row[0], value))
    write_csv_rows(root / file, rows)


def _add_parent_column(root, file, header, values=None):
    """A column naming each unit's parent (its name, from the registry), with some cells overridden."""
    registry = {r[0]: r for r in read_csv_rows(root / "units.csv")[1:] if r}
    parents = {code: registry[row[3]][1] for code, row in registry.items() if row[3]}
    _add_column(root, file, header, values=parents | (values or {}), at=2)


def _drop_row(root, file, unit):
    write_csv_rows(root / file, [r for r in read_csv_rows(root / file) if not r or r[0] != unit])


def _keep_rows(root, file, count):
    write_csv_rows(root / file, read_csv_rows(root / file)[:count])


def _replace_text(root, file, old, new):
    text = (root / file).read_text(encoding="utf-8")
    assert old in text, (file, old)
    (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")


def marker_places(province_dir: Path) -> dict[str, Path]:
    """Where code run by a data file would write a relative or temporary file."""
    return {"cwd": Path.cwd(), "root": PROJECT_ROOT, "tmp": Path(tempfile.gettempdir()), "province": province_dir}


def created_markers(case: dict, province_dir: Path) -> list[str]:
    """The case's never_created files that exist, as 'place/name'."""
    return [
        f"{place}/{marker}"
        for marker in case.get("never_created", [])
        for place, folder in marker_places(province_dir).items()
        if (folder / marker).exists()
    ]


def _create_outside(root, place, name):
    """What a data file running code would do: a file outside the data (see never-created-check-proof)."""
    (marker_places(root)[place] / name).write_text("", encoding="utf-8")


def _write_text(root, file, text):
    (root / file).write_text(text, encoding="utf-8")


def _write_line(root, file, unit, line):
    """Replace the line of a unit with raw text (for what a CSV writer would quote)."""
    lines = (root / file).read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line_ in enumerate(lines) if line_.startswith(unit + ","))
    lines[index] = line + "\n"
    (root / file).write_text("".join(lines), encoding="utf-8")


def _encode(root, file, encoding):
    """Save a UTF-8 file again in another encoding, as a spreadsheet program might."""
    text = (root / file).read_text(encoding="utf-8")
    data = {
        "utf-8-sig": lambda: text.encode("utf-8-sig"),
        "utf-16": lambda: text.encode("utf-16"),  # with its byte-order mark
        "utf-16-le-without-bom": lambda: text.encode("utf-16-le"),
        "cp1258": lambda: _cp1258(text),
        "nfd": lambda: unicodedata.normalize("NFD", text).encode("utf-8"),
        # UTF-8 read as Windows-1252 and saved again as UTF-8: "Phường" -> "PhÆ°á»ng"
        "mojibake": lambda: text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
    }[encoding]()
    (root / file).write_bytes(data)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # the marks Windows-1258 keeps as combining characters


def _cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: letters with a tone mark as base letter + combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        out += (char if not tones else base + tones).encode("cp1258")
    return bytes(out)


def _rename_file(root, file, to, settings="2019/evaluation.yaml"):
    (root / file).rename(root / to)
    _replace_text(root, settings, f"file: {Path(file).name}", f"file: {Path(to).name}")


def _copy_fixture(root, fixture, file):
    shutil.copyfile(CORPUS / fixture, root / file)


def _registry_name(root, code, name):
    rows = read_csv_rows(root / "units.csv")
    [row] = [r for r in rows if r and r[0] == code]
    row[1] = name
    write_csv_rows(root / "units.csv", rows)


def _csv_from_sheet(root, sheet, file, workbook="2018/scores.xlsx"):
    """A 2019 CSV file holding a 2018 sheet's cells: last year's table, copied."""
    book = openpyxl.load_workbook(root / workbook)
    rows = [["" if v is None else str(v) for v in r] for r in book[sheet].iter_rows(values_only=True)]
    write_csv_rows(root / file, rows)


# -- Excel: the comparison year (2018) is kept as a workbook, one sheet per tier ------------------


def _excel(root, operation, sheet, workbook="2018/scores.xlsx", **arguments):
    path = root / workbook
    book = openpyxl.load_workbook(path)
    after_save = EXCEL[operation](book, book[sheet], **arguments)
    book.save(path)
    if after_save:
        after_save(path)


def _excel_title_rows(book, sheet, lines):
    sheet.insert_rows(1, len(lines) + 1)  # the titles, then an empty row, then the table
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=6)


def _excel_set(book, sheet, unit, column, value):
    header = [c.value for c in sheet[_header_row(sheet)]]
    row = next(r for r in sheet.iter_rows() if r[0].value == unit)
    cell = row[header.index(column)]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with "=" (as typed after an apostrophe)


def _header_row(sheet) -> int:
    return next(r[0].row for r in sheet.iter_rows() if r[0].value == "Mã đơn vị")


def _excel_merge(book, sheet, cells):
    sheet.merge_cells(cells)


def _excel_hide_sheet(book, sheet):
    sheet.sheet_state = "hidden"


def _excel_hide_row(book, sheet, unit):
    row = next(r for r in sheet.iter_rows() if r[0].value == unit)
    sheet.row_dimensions[row[0].row].hidden = True


def _excel_percent(book, sheet, unit, column, value):
    """A score typed into a cell formatted as a percentage: Excel stores it divided by 100."""
    _excel_set(book, sheet, unit, column, value)
    header = [c.value for c in sheet[_header_row(sheet)]]
    row = next(r for r in sheet.iter_rows() if r[0].value == unit)
    row[header.index(column)].number_format = "0.00%"


def _excel_hidden_copy_column(book, sheet, column):
    """A hidden copy of a column, with the same heading, left of it (last year's figures kept out of sight)."""
    header_row = _header_row(sheet)
    index = [c.value for c in sheet[header_row]].index(column) + 1
    sheet.insert_cols(index)
    for row in sheet.iter_rows(min_row=header_row):
        source = row[index]  # the visible column, now one to the right
        row[index - 1].value = source.value if row[0].row == header_row or source.value is None else 0
    sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].hidden = True


def _excel_cover_first(book, sheet, title):
    cover = book.create_sheet("Bìa", 0)
    cover["A1"] = title


def _old_xls(root, file):
    """An Excel 97-2003 workbook renamed .xlsx: an OLE compound file holding a "Workbook" stream."""
    (root / file).write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016) + "Workbook".encode("utf-16-le") + bytes(4096)
    )


def _excel_totals_as_formulas(book, sheet, cached):
    """Totals written as =SUM(...) of the groups; ``cached``: saved with their values, as Excel does."""
    header = [c.value for c in sheet[1]]
    total = header.index("Tổng điểm")
    values = {}
    for row in sheet.iter_rows(min_row=2):
        values[row[total].coordinate] = row[total].value
        first, last = row[2].coordinate, row[total - 1].coordinate
        row[total].value = f"=SUM({first}:{last})"
    return (lambda path: _cache_values(path, sheet.title, values)) if cached else None


def _cache_values(path, title, values):
    """Write the formulas' last computed values into the workbook, as a spreadsheet program saves them."""
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(title) + 1
    member = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts[member].decode("utf-8")
    for coordinate, value in values.items():
        xml, count = re.subn(rf'(<c r="{coordinate}"[^>]*><f>[^<]*</f>)<v ?/>', rf"\g<1><v>{value}</v>", xml)
        assert count == 1, coordinate
    parts[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _damage(root, file):
    """A workbook that is not one: a CSV file saved under the .xlsx name."""
    shutil.copyfile(root / "2019/scores_departments.csv", root / file)


EXCEL = {
    "title_rows": _excel_title_rows,
    "set": _excel_set,
    "merge": _excel_merge,
    "hide_sheet": _excel_hide_sheet,
    "hide_row": _excel_hide_row,
    "percent": _excel_percent,
    "hidden_copy_column": _excel_hidden_copy_column,
    "cover_first": _excel_cover_first,
    "totals_as_formulas": _excel_totals_as_formulas,
}
EDITS = {
    "set_cell": _set_cell,
    "rename_header": _rename_header,
    "add_column": _add_column,
    "add_parent_column": _add_parent_column,
    "drop_row": _drop_row,
    "keep_rows": _keep_rows,
    "replace_text": _replace_text,
    "write_text": _write_text,
    "write_line": _write_line,
    "encode": _encode,
    "rename_file": _rename_file,
    "copy_fixture": _copy_fixture,
    "registry_name": _registry_name,
    "csv_from_sheet": _csv_from_sheet,
    "excel": _excel,
    "damage": _damage,
    "old_xls": _old_xls,
    "create_outside": _create_outside,
}


# -- the notebook, run in this process ---------------------------------------------------------


def run_notebook_in_process(notebook, output, province, year, output_dir):
    """What papermill does with the report notebook, up to and including its validation cell.

    The cells run in this process (no kernel); a failing cell raises PapermillExecutionError as
    papermill does, after the executed notebook is written.
    """
    from papermill.exceptions import PapermillExecutionError

    executed = nbformat.read(notebook, as_version=4)
    namespace = {"province": province, "year": year, "output_dir": str(output_dir)}
    nbformat.write(executed, output)
    code = [
        (i, c)
        for i, c in enumerate(executed.cells)
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]
    for count, (index, cell) in enumerate(code, start=1):
        try:
            exec(compile(cell.source, f"<cell {count}>", "exec"), namespace)  # noqa: S102 - the project's notebook
        except Exception as exc:
            cell.outputs = [nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc), traceback=[])]
            nbformat.write(executed, output)
            raise PapermillExecutionError(index, count, cell.source, type(exc).__name__, str(exc), []) from None
        if "raise_if_failed()" in cell.source:
            raise AssertionError("validation passed: this case was expected to be refused")


# -- the cases ---------------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def expected_stderr(case: dict, failed: Path) -> str:
    """What the command prints on stderr for a refused case, every line of it."""
    lines = []
    if case["exit"] == 3:
        errors = case["errors"]
        lines.append(f"Dữ liệu đầu vào không hợp lệ ({len(errors)} lỗi):")
        lines += [f"  - {e}" for e in errors]
    elif case["exit"] == 2:
        lines.append(f"Lỗi tham số: {case['message']}")
    else:
        lines.append(f"Lỗi: {case['message']}")
    if case.get("notebook", case["exit"] == 3):
        lines.append(f"Notebook đã chạy được giữ lại để kiểm tra: {pipeline.shown_path(failed / 'report.ipynb')}")
    if case["exit"] == 3:
        lines.append(f"Kết quả kiểm tra Great Expectations đầy đủ: {pipeline.shown_path(failed / GE_LOG_FILE)}")
    if case["exit"] != 2:
        lines.append(NOTHING_PUBLISHED)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", REFUSED, ids=[c["id"] for c in REFUSED])
def test_refused_input_stops_with_its_message_and_keeps_the_last_good_report(case, world, capsys):
    province_dir, target = world
    assert created_markers(case, province_dir) == [], "a marker left by an earlier run: remove it"
    apply(case["edits"], province_dir)
    before = _digests(target)

    code = cli.main(["render", PROVINCE, str(YEAR)])

    assert created_markers(case, province_dir) == [], "a data file made the program run code"
    out, err = capsys.readouterr()
    failed = target.with_name(f"{YEAR}.failed")
    assert err == expected_stderr(case, failed)
    assert code == case["exit"]
    assert _digests(target) == before  # the last good report, byte for byte
    staging = target.parent.parent / ".staging"
    assert not staging.exists() or not list(staging.iterdir())
    if case["exit"] == 3:  # the complete Great Expectations results behind the messages, kept
        log = json.loads((failed / GE_LOG_FILE).read_text(encoding="utf-8"))
        assert log["errors"] == case["errors"] and log["runs"]
        failing = {e["expectation"] for e in json.loads((failed / "validation.json").read_text("utf-8"))["errors"]}
        logged = {
            r["expectation_config"]["type"] for run in log["runs"] for r in run["result"]["results"] if not r["success"]
        }
        assert failing - {None} <= logged  # every error found by an expectation is in the log as a failure


@pytest.mark.parametrize("case", PROOFS, ids=[c["id"] for c in PROOFS])
def test_the_never_created_check_fails_when_a_file_is_created(case, world, tmp_path, monkeypatch):
    """Each place on its own: a file made there is found, so the check above can fail."""
    province_dir, _ = world
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # the working directory apart from the project root
    places = [edit["create_outside"]["place"] for edit in case["edits"]]
    assert places == ["cwd", "root", "tmp"]
    for edit, place in zip(case["edits"], places):
        assert created_markers(case, province_dir) == []
        apply([edit], province_dir)
        try:
            assert created_markers(case, province_dir) == [f"{place}/{m}" for m in case["never_created"]]
        finally:
            for marker in case["never_created"]:
                (marker_places(province_dir)[place] / marker).unlink()
    assert created_markers(case, province_dir) == []


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["id"] for c in ACCEPTED])
def test_accepted_input_validates_with_its_warnings(case, world):
    province_dir, _ = world
    apply(case["edits"], province_dir)
    report = validate(load_evaluation(PROVINCE, YEAR, data_dir=province_dir.parent))
    assert [str(p) for p in report.errors] == []
    assert [str(p) for p in report.warnings] == case.get("warnings", [])


def test_the_corpus_covers_enough_cases():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) >= 25
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"`{case['id']}`" in readme, f"{case['id']} is not listed in tests/support/bad_inputs/README.md"


# -- the same messages from a real run ---------------------------------------------------------


REAL_RUNS = ["score-above-maximum", "encoding-cp1258", "framework-python-tag"]


@pytest.mark.parametrize("case_id", REAL_RUNS)
def test_cli_runs_give_the_corpus_messages(case_id, tmp_path):
    """A real `python -m egov_report render` (a kernel, papermill) prints what the corpus says."""
    [case] = [c for c in CASES if c["id"] == case_id]
    data, reports = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(PROVINCE_DIR, data / PROVINCE, ignore=shutil.ignore_patterns("2020"))
    apply(case["edits"], data / PROVINCE)
    target = reports / PROVINCE / str(YEAR)
    target.mkdir(parents=True)
    for name, text in LAST_GOOD.items():
        (target / name).write_text(text, encoding="utf-8")
    before = _digests(target)
    env = {
        "EGOV_DATA_DIR": str(data),
        "EGOV_REPORTS_DIR": str(reports),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": tempfile.gettempdir(),
    }
    run = subprocess.run(
        [sys.executable, "-m", "egov_report", "render", PROVINCE, str(YEAR)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert created_markers(case, data / PROVINCE) == [], "a data file made the program run code"
    assert run.stderr == expected_stderr(case, target.with_name(f"{YEAR}.failed"))
    assert run.returncode == case["exit"]
    assert _digests(target) == before
    assert "Traceback" not in run.stdout + run.stderr


# -- what the report and exports do with hostile names ------------------------------------------


def test_markup_and_formulas_in_names_are_escaped_in_the_report(world):
    from egov_report.core.exporting import safe_cell
    from egov_report.kinds.tiered_scores.analysis import analyse
    from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder as ReportBuilder

    [case] = [c for c in CASES if c["id"] == "names-with-markup-and-formulas"]
    province_dir, _ = world
    apply(case["edits"], province_dir)
    evaluation = load_evaluation(PROVINCE, YEAR, data_dir=province_dir.parent)
    record = analyse(evaluation)
    builder = ReportBuilder(record)
    page = builder.annex_rankings().data + "".join(builder.tier_results(t["code"]).data for t in record["tiers"])
    names = [n for n in evaluation.registry["name"] if "<" in n or n.startswith("=")]
    assert len(names) == 2
    assert "<script" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;" in page
    for name in names:
        cell = safe_cell(name)
        assert not str(cell).lstrip().startswith(("=", "+", "-", "@"))
    warnings = validate(evaluation).to_dict()
    appendix = builder.validation_appendix(warnings).data
    assert "<script" not in appendix.lower()


def test_soft_anomalies_are_listed_in_the_validation_appendix(world):
    from egov_report.kinds.tiered_scores.analysis import analyse
    from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder as ReportBuilder

    [case] = [c for c in CASES if c["id"] == "score-halved-warns"]
    province_dir, _ = world
    apply(case["edits"], province_dir)
    evaluation = load_evaluation(PROVINCE, YEAR, data_dir=province_dir.parent)
    validation = validate(evaluation)
    assert validation.passed and validation.warnings
    appendix = ReportBuilder(analyse(evaluation)).validation_appendix(validation.to_dict()).data
    import html

    text = html.unescape(re.sub(r"<[^>]+>", " ", appendix))
    for warning in case["warnings"]:
        assert warning in text
