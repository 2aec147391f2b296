"""evaluation.yaml typed (issue 21): the same field, the same message, whichever kind reads it.

Messages are typed here as the analyst should read them; the renders that stop on them (exit 1,
the last good report untouched) are cases of tests/support/bad_inputs/cases.yaml (``settings-...``).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from egov_report.core.document import document_from_settings, read_document
from egov_report.core.settings import Settings, check_settings
from egov_report.errors import InputError
from egov_report.kinds.indicators import loading as ind_loading
from egov_report.kinds.national_index import loading as ni_loading
from egov_report.kinds.tiered_scores import loading as ts_loading
from egov_report.paths import display_path
from support.helpers import SHIPPED_DATA

WHERE = "data/x/2019/evaluation.yaml"
STATUS = "data_status = 'Reconstructed' không hợp lệ (chỉ nhận: published, reconstructed)"
KINDS = {  # kind -> (province, year, loader, the line to replace in its evaluation.yaml)
    "tiered_scores": ("quangninh", 2019, ts_loading.load_evaluation, "data_status: reconstructed"),
    "indicators": ("quangninh", 2020, ind_loading.load_evaluation, "data_status: published"),
    "national_index": ("backan", 2019, ni_loading.load_evaluation, "data_status: reconstructed"),
}


def _refused(data: dict, model=Settings) -> str:
    with pytest.raises(InputError) as caught:
        check_settings(data, WHERE, model)
    return str(caught.value)


@pytest.fixture
def copy(tmp_path):
    def make(province: str):
        shutil.copytree(SHIPPED_DATA / province, tmp_path / province)
        return tmp_path

    return make


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_status_in_another_letter_case_is_refused_by_every_kind(kind, copy):
    province, year, load, line = KINDS[kind]
    data_dir = copy(province)
    path = data_dir / province / str(year) / "evaluation.yaml"
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, "data_status: Reconstructed"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(province, year, data_dir=data_dir)
    assert str(caught.value) == f"{display_path(path)}: {STATUS}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_unknown_field_is_refused_naming_the_kind_and_its_fields(kind, copy):
    province, year, load, line = KINDS[kind]
    data_dir = copy(province)
    path = data_dir / province / str(year) / "evaluation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "data_stauts: published\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(province, year, data_dir=data_dir)
    assert f"trường 'data_stauts' không được hỗ trợ với loại báo cáo {kind} (các trường: year, data_status," in str(
        caught.value
    )


def test_the_shipped_settings_of_every_kind_pass():
    for path in sorted(SHIPPED_DATA.glob("*/*/evaluation.yaml")):
        document = read_document(path.parent.parent.name, int(path.parent.name))
        assert document.source.endswith("evaluation.yaml")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"data_status": "Reconstructed"}, STATUS),
        ({"data_status": True}, "data_status = true không hợp lệ (chỉ nhận: published, reconstructed)"),
        (
            {"method": "một dòng"},
            "method = 'một dòng' phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »), không phải một dòng chữ",
        ),
        (
            {"legal_basis": {"a": 1}},
            "legal_basis = {'a': 1} phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
        ),
        ({"method": ["a", ["b"]]}, "method[2] = ['b'] phải là một dòng chữ, không phải một danh sách"),
        (
            {"findings": ["findings.md"]},
            "findings = ['findings.md'] phải là tên một tệp (một dòng chữ), không phải một danh sách: mỗi trường chỉ ghi "
            "một tệp",
        ),
        ({"findings": ""}, "findings = '' phải là tên một tệp, không được để trống"),
        ({"sample_annex": "yes"}, "sample_annex = 'yes' phải là true hoặc false"),
        ({"year": "2019"}, "year = '2019' phải là một số nguyên"),
        (
            {"reader_note": False},
            "reader_note = false phải là một dòng chữ; YAML đọc yes, no, true, false là giá trị đúng/sai: hãy đặt chữ "
            "trong dấu ngoặc kép",
        ),
        (
            {"issuer": {"date": "05/02/2020"}},
            "issuer.date = '05/02/2020' không phải ngày dạng YYYY-MM-DD (ví dụ 2019-10-30)",
        ),
        ({"issuer": {"date": "2020-02-30"}}, "issuer.date = '2020-02-30' không phải một ngày có thật"),
        (
            {"issuer": {"date": dt.datetime(2020, 2, 5, 8, 0)}},
            "issuer.date = 2020-02-05 08:00:00 phải là một ngày dạng YYYY-MM-DD (ví dụ 2019-10-30), không kèm giờ",
        ),
        ({"issuer": "Sở TTTT"}, "issuer = 'Sở TTTT' phải là một bảng khóa (các dòng «tên: giá trị»)"),
        ({"reader_citations": {"một": "x"}}, "reader_citations: khóa 'một' phải là số thứ tự của nguồn (1, 2, …)"),
    ],
)
def test_each_field_type_has_its_message(data, message):
    assert _refused(data) == f"{WHERE}: {message}"


def test_a_window_in_order_and_in_one_date_format():
    model = ts_loading.TieredSettings
    assert _refused({"window": {"start": dt.date(2019, 10, 30), "end": dt.date(2018, 10, 30)}}, model) == (
        f"{WHERE}: window: kết thúc (2018-10-30) trước khi bắt đầu (2019-10-30): hãy kiểm tra lại start và end"
    )
    assert _refused({"window": {"start": "30/10/2018"}}, model) == (
        f"{WHERE}: window.start = '30/10/2018' không phải ngày dạng YYYY-MM-DD (ví dụ 2019-10-30)"
    )
    checked = check_settings({"window": {"start": "2018-10-30", "end": dt.date(2019, 10, 30)}}, WHERE, model)
    assert checked["window"] == {"start": dt.date(2018, 10, 30), "end": dt.date(2019, 10, 30)}


def test_a_tier_source_is_typed():
    model = ts_loading.TieredSettings
    assert _refused({"sources": {"communes": {"file": "a.csv", "coverage": "Partial"}}}, model) == (
        f"{WHERE}: sources.communes.coverage = 'Partial' không hợp lệ (chỉ nhận: full, partial, head)"
    )
    assert (
        _refused({"sources": {"communes": {"sheet": "X"}}}, model)
        == f"{WHERE}: thiếu trường bắt buộc 'sources.communes.file'"
    )
    assert _refused({"sources": {"communes": {"file": "a.csv", "cover": "full"}}}, model) == (
        f"{WHERE}: trường 'sources.communes.cover' không được hỗ trợ (các trường: file, sheet, coverage, coverage_note, summary_rows)"
    )
    assert _refused({"sources": {"communes": {"file": "a.csv", "coverage": "head"}}}, model) == (
        f"{WHERE}: sources.communes: coverage: head cần coverage_note: một cụm từ nói phần được đánh giá (ví dụ "
        "«thí điểm ở một phần các đơn vị cấp xã»), báo cáo chèn nó vào câu"
    )
    assert _refused({"sources": ["a.csv"]}, model) == (
        f"{WHERE}: sources = ['a.csv'] phải là một bảng khóa (các dòng «tên: giá trị»)"
    )


def test_every_problem_of_a_file_is_listed_once():
    message = _refused({"data_status": "Published", "method": "x", "issuer": {"signer": "A"}})
    assert message.splitlines() == [
        f"{WHERE}: data_status = 'Published' không hợp lệ (chỉ nhận: published, reconstructed)",
        f"{WHERE}: method = 'x' phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »), không phải một dòng chữ",
        f"{WHERE}: trường 'issuer.signer' không được hỗ trợ (các trường: governing_body, issuing_body, "
        "issuing_body_name, abbreviation, number, place, date, signer_authority, signer_title, signer_name, recipients)",
    ]


def test_the_document_reads_through_the_same_schema():
    document = document_from_settings(
        {
            "issuer": {"number": 5, "date": "2020-02-05", "signer_name": None},
            "reader_citations": {"1": "Nguồn một"},
            "sample_annex": False,
        },
        WHERE,
    )
    assert document.number == "5" and document.date == dt.date(2020, 2, 5) and document.signer_name == ""
    assert document.citations == ((1, "Nguồn một"),) and document.sample_annex is False
    with pytest.raises(InputError, match="sample_annex = 'false' phải là true hoặc false"):
        document_from_settings({"sample_annex": "false"}, WHERE)
    # a kind outside the package may add its own fields: the shared schema keeps them
    assert check_settings({"budget_unit": "tỷ đồng"}, WHERE) == {"budget_unit": "tỷ đồng"}


# -- published.yaml, through the same types ------------------------------------------------------

ENTRY = {
    "figure": "Điểm trung bình",
    "key": "tiers.districts.current.mean",
    "published": "73,83",
    "value": 73.83,
    "source": "a",
}


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"tolerance": "0,01"},
            "figures[2].tolerance = '0,01' phải là một số (viết bằng dấu chấm thập phân, không đặt trong ngoặc kép: 0.01)",
        ),
        ({"tolerance": -1}, "figures[2].tolerance = -1 không được âm"),
        ({"on_mismatch": "Fail"}, "figures[2].on_mismatch = 'Fail' không hợp lệ (chỉ nhận: warn, fail)"),
        ({"shown_as": "%"}, "figures[2].shown_as = '%' không hợp lệ (chỉ nhận: number, percent)"),
        ({"value": [73.83]}, "figures[2].value = [73.83] phải là một dòng chữ, không phải một danh sách"),
        ({"reading": ["a", "b"]}, "figures[2].reading = ['a', 'b'] phải là một dòng chữ, không phải một danh sách"),
        (
            {"sourse": "a"},
            "trường 'figures[2].sourse' không được hỗ trợ (các trường: figure, key, published, value, source, "
            "where, reading, tolerance, on_mismatch, shown_as)",
        ),
    ],
)
def test_a_published_figure_is_typed(tmp_path, change, message):
    from egov_report.core.published import read_published

    path = tmp_path / "published.yaml"
    data = {"sources": {"a": "bài viết"}, "figures": [ENTRY, ENTRY | change]}
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_published(path)
    assert str(caught.value) == f"{display_path(path)}: {message}"
