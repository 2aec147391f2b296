"""Reading a province-year: parameters, score parsing, headers, encodings, Excel, the shipped data."""

import math
import unicodedata

import openpyxl
import pandas as pd
import pytest

from egov_report.catalog import available_province_years, check_parameters
from egov_report.core.tables import normalise_label, parse_score, read_table
from egov_report.errors import InputError, ParameterError
from egov_report.kinds.tiered_scores.framework import load_framework
from egov_report.kinds.tiered_scores.loading import load_evaluation, read_registry, read_score_table
from support.helpers import (
    FRAMEWORK_YAML,
    PROVINCE,
    PROVINCE_DIR,
    SHIPPED_DATA,
    YEAR,
    copy_province,
    encode_cp1258,
    raw_settings,
    raw_tier,
    read_csv_rows,
    registry_rows,
    score_file,
    write_csv_rows,
)


@pytest.fixture(scope="module")
def framework():
    return load_framework(FRAMEWORK_YAML)


@pytest.fixture(scope="module")
def evaluation():
    return load_evaluation(PROVINCE, YEAR)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- parameters ------------------------------------------------------------------------------


def test_available_province_years_are_the_folders_with_settings():
    found = available_province_years()
    expected = sorted((p.parent.parent.name, int(p.parent.name)) for p in SHIPPED_DATA.glob("*/*/evaluation.yaml"))
    assert sorted(found) == expected
    assert (PROVINCE, YEAR) in found


@pytest.mark.parametrize("year", [str(YEAR), YEAR, f" {YEAR} "])
def test_check_parameters_accepts_a_known_province_year(year):
    assert check_parameters(PROVINCE, year) == (PROVINCE, YEAR)
    assert check_parameters(f"  {PROVINCE}\n", year) == (PROVINCE, YEAR)


def _refused(province, year, data_dir=SHIPPED_DATA) -> str:
    with pytest.raises(ParameterError) as caught:
        check_parameters(province, year, data_dir)
    message = str(caught.value)
    for p, y in available_province_years(data_dir):
        assert f"{p} {y}" in message, message  # the message lists what is available
    return message


@pytest.mark.parametrize(
    "province, year",
    [
        ("hanoi", YEAR),  # unknown province
        (PROVINCE, 1999),  # unknown year
        (PROVINCE, str(YEAR + 50)),
        ("QuangNinh", YEAR),  # codes are lower case
    ],
)
def test_check_parameters_rejects_unknown_province_year(province, year):
    _refused(province, year)


@pytest.mark.parametrize(
    "province, year",
    [
        ("../x", YEAR),
        ("..", YEAR),
        (f"{PROVINCE}/../{PROVINCE}", YEAR),
        ("/etc", YEAR),
        (PROVINCE, f"../{YEAR}"),
        (PROVINCE, f"{YEAR}/.."),
        (f"{PROVINCE}; rm -rf ~", YEAR),
        ("$(whoami)", YEAR),
        ("`id`", YEAR),
        (f"{PROVINCE}|cat", YEAR),
        (PROVINCE, f"{YEAR} && ls"),
        (PROVINCE, f"{YEAR};"),
        (PROVINCE, "19"),
        ("", YEAR),
    ],
)
def test_check_parameters_rejects_traversal_and_shell_characters(province, year):
    message = _refused(province, year)
    assert f"PROVINCE={str(province).strip()!r} YEAR={str(year).strip()!r}" in message, message


def test_check_parameters_lists_what_a_data_folder_holds(tmp_path):
    (tmp_path / "abc" / "2020").mkdir(parents=True)
    (tmp_path / "abc" / "2020" / "evaluation.yaml").write_text("year: 2020\n", encoding="utf-8")
    (tmp_path / "Not_A_Code" / "2020").mkdir(parents=True)  # not a province code: not listed
    (tmp_path / "Not_A_Code" / "2020" / "evaluation.yaml").write_text("year: 2020\n", encoding="utf-8")
    assert available_province_years(tmp_path) == [("abc", 2020)]
    assert check_parameters("abc", 2020, tmp_path) == ("abc", 2020)
    message = _refused(PROVINCE, YEAR, tmp_path)
    listing = message.rsplit(":", 1)[1]  # "... Hiện có: abc 2020"
    assert listing.split() == ["abc", "2020"]


# -- parsing scores and labels ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8.5", 8.5),
        ("8,5", 8.5),  # decimal comma
        (" 8 ", 8.0),
        ("\u00a08,25\u00a0", 8.25),
        ("-3", -3.0),  # a number (validation then refuses it as negative)
        ("20", 20.0),
        ("", None),
        ("   ", None),
        ("abc", None),
        ("1,2,3", None),
        ("1.2.3", None),
        ("8,5 điểm", None),
    ],
)
def test_parse_score(text, expected):
    result = parse_score(text)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_normalise_label_folds_unicode_form_case_and_spaces():
    label = "Mã đơn vị"
    nfd = _nfd(label)
    assert nfd != label  # the test compares two really different strings
    variants = [nfd, label.upper(), _nfd(label.upper()), "  Mã   đơn\tvị ", "Mã\u00a0đơn vị", "MÃ ĐƠN VỊ"]
    for variant in variants:
        assert normalise_label(variant) == normalise_label(label) == "mã đơn vị"
    assert normalise_label("Mã đơn vị cấp trên") != normalise_label(label)


# -- score tables ----------------------------------------------------------------------------


def _department_rows():
    """Header and rows of the shipped 2019 departments file, read with the csv module."""
    return read_csv_rows(score_file(SHIPPED_DATA, "departments"))


def test_messy_headers_map_to_canonical_columns(tmp_path, framework):
    tier = framework.tier("departments")
    groups = raw_tier("departments")["groups"]
    header, *rows = _department_rows()
    messy = [
        _nfd("Mã đơn vị"),
        "TÊN ĐƠN VỊ",
        "  " + groups[0]["label"].replace(" ", "   ") + " ",
        groups[1]["code"],  # the group code instead of its label
        _nfd(groups[2]["label"].upper()),
        "Tổng điểm",
        "Ghi chú",  # not in the framework
    ]
    write_csv_rows(tmp_path / "messy.csv", [messy] + [row + ["x"] for row in rows])
    table = read_score_table(tmp_path, tier, {"file": "messy.csv"})
    assert list(table.text.columns) == ["row", "unit_code", "unit_name", *(g["code"] for g in groups), "total"]
    assert table.unknown_columns == ["Ghi chú"]
    assert list(table.text["unit_code"]) == [r[0] for r in rows]
    assert list(table.text[groups[1]["code"]]) == [r[3] for r in rows]
    assert list(table.text["row"]) == list(range(2, len(rows) + 2))
    assert table.coverage == "full"


def test_a_second_column_for_the_same_group_is_reported_unknown(tmp_path, framework):
    tier = framework.tier("departments")
    header, *rows = _department_rows()
    write_csv_rows(tmp_path / "twice.csv", [header + ["Tổng"]] + [row + [row[-1]] for row in rows])
    table = read_score_table(tmp_path, tier, {"file": "twice.csv"})
    assert table.unknown_columns == ["Tổng"]


def test_values_with_decimal_commas_become_numbers(tmp_path, framework):
    tier = framework.tier("departments")
    header, *rows = _department_rows()
    comma = [[*row[:2], *(cell.replace(".", ",") for cell in row[2:])] for row in rows]
    write_csv_rows(tmp_path / "comma.csv", [header] + comma)
    write_csv_rows(tmp_path / "dot.csv", [header] + rows)
    with_comma = read_score_table(tmp_path, tier, {"file": "comma.csv"}).numbers()
    with_dot = read_score_table(tmp_path, tier, {"file": "dot.csv"}).numbers()
    pd.testing.assert_frame_equal(with_comma, with_dot)
    assert with_dot["total"].tolist() == [float(r[-1]) for r in rows]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_bom_and_utf16_files_decode(tmp_path, framework, encoding):
    tier = framework.tier("departments")
    text = score_file(SHIPPED_DATA, "departments").read_text(encoding="utf-8")
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    (tmp_path / "encoded.csv").write_bytes(data)
    (tmp_path / "plain.csv").write_text(text, encoding="utf-8")
    encoded = read_score_table(tmp_path, tier, {"file": "encoded.csv"})
    plain = read_score_table(tmp_path, tier, {"file": "plain.csv"})
    assert encoded.unknown_columns == []  # the BOM did not stick to the first header
    pd.testing.assert_frame_equal(encoded.text, plain.text)


@pytest.mark.parametrize("codec", ["cp1258", "latin-1"])
def test_legacy_encodings_are_refused_naming_the_file(tmp_path, codec):
    text = "Mã đơn vị,Tên đơn vị\nQN-S05,Sở Tư pháp\n" if codec == "cp1258" else "code,name\nX1,Café crème\n"
    data = encode_cp1258(text) if codec == "cp1258" else text.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # these bytes really are not UTF-8
    path = tmp_path / f"legacy_{codec}.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert path.name in str(caught.value)
    assert "UTF-8" in str(caught.value)


def test_missing_and_empty_files(tmp_path, framework):
    tier = framework.tier("departments")
    with pytest.raises(InputError, match="absent.csv"):
        read_score_table(tmp_path, tier, {"file": "absent.csv"})
    (tmp_path / "empty.csv").write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.csv"):
        read_score_table(tmp_path, tier, {"file": "empty.csv"})


def _write_workbook(path, sheets: dict[str, list[list]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def _as_cells(row: list[str]) -> list:
    """A CSV row as an analyst's Excel row: codes and names as text, scores as numbers."""
    return [*row[:2], *(float(cell) for cell in row[2:])]


@pytest.mark.parametrize("tier_code", ["departments", "communes"])
def test_excel_loads_the_same_values_as_the_equivalent_csv(tmp_path, framework, tier_code):
    tier = framework.tier(tier_code)
    csv_path = score_file(SHIPPED_DATA, tier_code)
    header, *rows = read_csv_rows(csv_path)
    sheet = tier.label.capitalize()
    _write_workbook(
        tmp_path / "scores.xlsx",
        {"Ghi chú": [["không phải bảng điểm"]], sheet: [[_nfd(h) for h in header]] + [_as_cells(r) for r in rows]},
    )
    from_excel = read_score_table(tmp_path, tier, {"file": "scores.xlsx", "sheet": sheet})
    from_csv = read_score_table(csv_path.parent, tier, {"file": csv_path.name})
    assert from_excel.unknown_columns == from_csv.unknown_columns == []
    assert list(from_excel.text.columns) == list(from_csv.text.columns)
    pd.testing.assert_frame_equal(from_excel.numbers(), from_csv.numbers())
    assert from_excel.label == f"scores.xlsx [{sheet}]"


def test_excel_sheet_name_is_matched_after_normalisation(tmp_path, framework):
    tier = framework.tier("departments")
    header, *rows = _department_rows()
    _write_workbook(tmp_path / "scores.xlsx", {_nfd("Sở, ban, ngành"): [header] + [_as_cells(r) for r in rows]})
    table = read_score_table(tmp_path, tier, {"file": "scores.xlsx", "sheet": "Sở,  ban, ngành"})
    assert len(table.text) == len(rows)


def test_missing_sheet_lists_the_sheets(tmp_path, framework):
    tier = framework.tier("districts")
    sheets = {"Sở, ban, ngành": [["Mã đơn vị"]], "Cấp xã": [["Mã đơn vị"]]}
    _write_workbook(tmp_path / "book.xlsx", sheets)
    with pytest.raises(InputError) as caught:
        read_score_table(tmp_path, tier, {"file": "book.xlsx", "sheet": "Cấp huyện"})
    message = str(caught.value)
    assert "book.xlsx" in message and "Cấp huyện" in message
    for name in sheets:
        assert name in message


def test_registry_needs_its_columns(tmp_path):
    rows = read_csv_rows(PROVINCE_DIR / "units.csv")
    write_csv_rows(tmp_path / "units.csv", [row[:-1] for row in rows])
    with pytest.raises(InputError) as caught:
        read_registry(tmp_path / "units.csv")
    assert "units.csv" in str(caught.value) and rows[0][-1] in str(caught.value)


# -- the shipped province-year ---------------------------------------------------------------


def test_load_evaluation_counts_the_units_of_every_tier(evaluation):
    registry = registry_rows()
    for tier in evaluation.framework.tiers:
        table = evaluation.current.tables[tier.code]
        in_registry = sum(1 for r in registry if r["tier"] == tier.code)
        in_file = len(read_csv_rows(table.path)) - 1
        assert len(table.text) == in_registry == in_file
        assert table.coverage == "full"
    assert [len(evaluation.current.tables[t].text) for t in ("departments", "districts", "communes")] == [30, 14, 186]


def test_load_evaluation_reads_the_previous_year_from_excel(evaluation):
    settings = raw_settings(YEAR)
    assert evaluation.year == YEAR
    assert evaluation.previous.year == settings["previous_year"] == YEAR - 1
    previous_settings = raw_settings(evaluation.previous.year)
    workbook = openpyxl.load_workbook(PROVINCE_DIR / str(evaluation.previous.year) / "scores.xlsx", read_only=True)
    for code, table in evaluation.previous.tables.items():
        source = previous_settings["sources"][code]
        sheet = workbook[source["sheet"]]
        assert len(table.text) == sheet.max_row - 1
        assert table.coverage == source.get("coverage", "full")
    communes = evaluation.previous.tables["communes"]
    assert len(communes.text) == 90
    assert communes.coverage == "partial"
    assert communes.coverage_note == previous_settings["sources"]["communes"]["coverage_note"]


def test_load_evaluation_values_match_the_files(evaluation):
    table = evaluation.current.tables["communes"]
    header, *rows = read_csv_rows(table.path)
    numbers = table.numbers()
    assert list(numbers["unit_code"]) == [r[0] for r in rows]  # leading zeros kept
    assert all(code.startswith("0") for code in numbers["unit_code"])
    for column, (index, group) in zip(numbers.columns[3:], enumerate(raw_tier("communes")["groups"], start=2)):
        assert column == group["code"]
        assert numbers[column].tolist() == [float(r[index]) for r in rows]


def test_load_evaluation_findings_and_input_files(evaluation):
    findings = PROVINCE_DIR / str(YEAR) / raw_settings(YEAR)["findings"]
    assert evaluation.findings_markdown == unicodedata.normalize("NFC", findings.read_text(encoding="utf-8"))
    files = {p.resolve() for p in evaluation.input_files}
    expected = {
        PROVINCE_DIR / "framework.yaml",
        PROVINCE_DIR / "units.csv",
        findings,
        PROVINCE_DIR / str(YEAR) / "evaluation.yaml",
        PROVINCE_DIR / str(YEAR - 1) / "evaluation.yaml",
        PROVINCE_DIR / str(YEAR - 1) / "scores.xlsx",
    }
    expected |= {PROVINCE_DIR / str(YEAR) / s["file"] for s in raw_settings(YEAR)["sources"].values()}
    assert files == {p.resolve() for p in expected}


def test_load_evaluation_from_a_copied_data_folder(tmp_path):
    data_dir = copy_province(tmp_path)
    path = score_file(data_dir, "districts")
    rows = read_csv_rows(path)
    rows[1][2] = "41,5"  # a decimal comma typed by an analyst
    write_csv_rows(path, rows)
    evaluation = load_evaluation(PROVINCE, YEAR, data_dir=data_dir)
    assert evaluation.current.directory == data_dir / PROVINCE / str(YEAR)
    numbers = evaluation.current.tables["districts"].numbers()
    assert numbers.iloc[0][raw_tier("districts")["groups"][0]["code"]] == 41.5
    assert evaluation.current.tables["districts"].text.iloc[0, 3] == "41,5"  # the text as typed


def test_previous_year_without_its_folder_is_an_input_error(tmp_path):
    data_dir = copy_province(tmp_path)
    (data_dir / PROVINCE / str(YEAR - 1) / "evaluation.yaml").unlink()
    with pytest.raises(InputError) as caught:
        load_evaluation(PROVINCE, YEAR, data_dir=data_dir)
    assert "evaluation.yaml" in str(caught.value) and str(YEAR - 1) in str(caught.value)


def test_source_for_an_unknown_tier_is_an_input_error(tmp_path):
    data_dir = copy_province(tmp_path)
    settings = data_dir / PROVINCE / str(YEAR) / "evaluation.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  communes:\n", "  villages:\n", 1), encoding="utf-8"
    )
    with pytest.raises(InputError, match="villages"):
        load_evaluation(PROVINCE, YEAR, data_dir=data_dir)


def test_unit_codes_survive_whitespace(tmp_path, framework):
    tier = framework.tier("departments")
    header, *rows = _department_rows()
    rows[0][0] = f"  {rows[0][0]}\u00a0"
    write_csv_rows(tmp_path / "spaces.csv", [header] + rows)
    table = read_score_table(tmp_path, tier, {"file": "spaces.csv"})
    assert table.text["unit_code"].iloc[0] == rows[0][0].strip().replace("\u00a0", "")
    assert not math.isnan(table.numbers()["total"].iloc[0])
