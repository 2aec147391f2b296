"""The official form's data (core.document), field by field, as the header and signature print it (issue 22).

A report is issued only when it has an issuer, a number and a date: each of the three is removed on
its own, and each removal alone must make the report a draft ("DỰ THẢO", number and date left blank,
no signer's name). Every expected line is typed by hand from the form of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import datetime as dt

import pytest

from egov_report.core.document import Document, document_from_settings, read_document

NBSP6 = "\u00a0" * 6

ISSUED = {
    "governing_body": "UBND tỉnh Quảng Ninh",
    "issuing_body": "Sở Thông tin và Truyền thông",
    "abbreviation": "STTTT",
    "number": "5",
    "place": "Quảng Ninh",
    "date": dt.date(2020, 2, 5),
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
    "recipients": ["UBND tỉnh (để b/c)", "Các sở, ban, ngành"],
}


def _document(**issuer) -> Document:
    return document_from_settings({"issuer": ISSUED | issuer})


def test_an_issued_report_prints_its_number_place_date_and_reference():
    doc = _document()
    assert doc.draft is False
    assert doc.number_text == "05/BC-STTTT"  # a one-digit number takes a leading zero
    assert doc.place_date == "Quảng Ninh, ngày 05 tháng 02 năm 2020"
    assert doc.date_short == "05/02/2020"
    assert doc.annex_reference == "(Kèm theo Báo cáo số 05/BC-STTTT ngày 05/02/2020 của Sở Thông tin và Truyền thông)"
    assert doc.archive_line == "Lưu: VT, STTTT"
    assert doc.recipients == ("UBND tỉnh (để b/c)", "Các sở, ban, ngành")


@pytest.mark.parametrize("missing", ["number", "date"])
def test_each_required_field_alone_makes_a_draft(missing):
    doc = _document(**{missing: None})
    assert doc.draft is True
    assert doc.number_text == NBSP6 + "/BC-STTTT"
    assert doc.place_date == "Quảng Ninh, ngày … tháng … năm …"
    assert doc.date_short == "…"
    assert doc.annex_reference == (
        "(Kèm theo Báo cáo số \u00a0\u00a0\u00a0/BC-STTTT ngày … của Sở Thông tin và Truyền thông)"
    )


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_number_is_no_number(blank):
    assert _document(number=blank).draft is True


def test_without_an_issuer_the_report_is_a_draft_even_with_the_rest_of_the_settings():
    doc = document_from_settings({"legal_basis": ["Luật A"], "reader_note": "Ghi  chú"})
    assert doc.draft is True and doc.has_issuer is False
    assert doc.legal_basis == ("Luật A",) and doc.reader_note == "Ghi chú"
    assert doc.number_text == NBSP6 + "/BC-…"
    assert doc.place_date == "…, ngày … tháng … năm …"
    assert doc.issuer_in_sentence == "…"
    assert doc.archive_line == "Lưu: VT"


def test_a_number_that_is_not_only_digits_is_printed_as_given():
    assert _document(number="12a").number_text == "12a/BC-STTTT"
    assert _document(number="123").number_text == "123/BC-STTTT"


def test_the_issuer_in_a_sentence_prefers_its_own_name():
    assert (
        _document(issuing_body_name="Sở Thông tin và Truyền thông tỉnh Quảng Ninh").issuer_in_sentence
        == "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"
    )
    assert _document().issuer_in_sentence == "Sở Thông tin và Truyền thông"


def test_the_archive_line_is_the_recipients_own_when_they_give_one():
    doc = _document(recipients=["UBND tỉnh", "Lưu: VT, KSTTHC;", "Lưu: VT, STTTT."])
    assert doc.archive_line == "Lưu: VT, STTTT"  # the last one, its end punctuation dropped
    assert _document(abbreviation=None).archive_line == "Lưu: VT"


def test_text_fields_are_read_with_their_spaces_collapsed_and_empty_lines_dropped():
    doc = _document(signer_name="  Nguyễn   Văn  A ", recipients=["UBND  tỉnh", "  ", ""])
    assert doc.signer_name == "Nguyễn Văn A"
    assert doc.recipients == ("UBND tỉnh",)


def test_the_settings_other_than_the_issuer_reach_the_document():
    doc = document_from_settings(
        {
            "issuer": ISSUED,
            "reader_source": " bài  viết ",
            "sample_annex": False,
            "reader_citations": {1: "Quyết  định 1"},
        },
        where="x.yaml",
        findings="F",
    )
    assert (doc.reader_source, doc.sample_annex, doc.citations, doc.findings, doc.source) == (
        "bài viết",
        False,
        ((1, "Quyết định 1"),),
        "F",
        "x.yaml",
    )
    assert document_from_settings({}).sample_annex is True


def test_a_province_year_without_settings_is_an_empty_draft(tmp_path):
    assert read_document("nowhere", 2019, data_dir=tmp_path) == Document()


def test_the_flagship_is_a_draft_of_the_department(tmp_path):
    doc = read_document("quangninh", 2019)
    assert doc.draft is True and doc.has_issuer is True  # no number, no date in its evaluation.yaml
    assert doc.issuing_body == "Sở Thông tin và Truyền thông"
    assert doc.archive_line == "Lưu: VT, STTTT"
    assert doc.source == "data/quangninh/2019/evaluation.yaml"


@pytest.mark.parametrize(
    "has_issuer, number, date, draft",
    [
        (True, "5", dt.date(2020, 2, 5), False),
        (False, "5", dt.date(2020, 2, 5), True),  # no issuer
        (True, "", dt.date(2020, 2, 5), True),  # no number
        (True, "5", None, True),  # no date
    ],
)
def test_the_three_fields_of_an_issued_report_one_at_a_time(has_issuer, number, date, draft):
    doc = Document(has_issuer=has_issuer, number=number, date=date, abbreviation="STTTT", place="Quảng Ninh")
    assert doc.draft is draft
    assert doc.place_date == ("Quảng Ninh, ngày … tháng … năm …" if draft else "Quảng Ninh, ngày 05 tháng 02 năm 2020")


def test_a_wrong_field_is_named_with_the_file_it_is_in():
    from egov_report.errors import InputError

    with pytest.raises(InputError, match=r"^x\.yaml: trường 'issuer\.numbr'"):
        document_from_settings({"issuer": {"numbr": "5"}}, where="x.yaml")


def test_the_report_context_gives_the_document_the_published_figures_and_the_checks():
    from egov_report.core.document import report_context
    from egov_report.kinds.tiered_scores import analysis, loading

    record = analysis.analyse(loading.load_evaluation("quangninh", 2019))

    class Validation:
        def summary(self):
            return {"errors": 0}

    context = report_context("quangninh", 2019, record, Validation())
    assert context["document"].issuing_body == "Sở Thông tin và Truyền thông"
    assert context["checks"] == {"errors": 0}
    figures = {c.figure: c for c in context["published"]}
    assert figures["Số đơn vị được đánh giá"].published == "230 đơn vị"
    assert figures["Số đơn vị được đánh giá"].computed == 230
    assert report_context("quangninh", 2019, record)["checks"] is None


def test_a_fault_without_a_named_file_is_placed_in_evaluation_yaml():
    from egov_report.errors import InputError

    with pytest.raises(InputError, match=r"^evaluation\.yaml: trường 'issuer\.numbr' không được hỗ trợ"):
        document_from_settings({"issuer": {"numbr": "5"}})


def _year_folder(data_dir):
    folder = data_dir / "tinh" / "2019"
    folder.mkdir(parents=True)
    (folder / "evaluation.yaml").write_text(
        "year: 2019\nfindings: findings.md\nsources:\n  communes:\n    file: scores.csv\n"
        "issuer:\n  issuing_body: Sở Thông tin và Truyền thông\n  number: '7'\n  date: 2020-03-01\n",
        encoding="utf-8",
    )
    (folder / "findings.md").write_text("Nhận xét của chuyên viên.\n", encoding="utf-8")
    return data_dir


def test_the_document_is_read_from_the_data_folder_given(tmp_path):
    doc = read_document("tinh", 2019, data_dir=_year_folder(tmp_path))
    assert (doc.issuing_body, doc.number, doc.date, doc.draft) == (
        "Sở Thông tin và Truyền thông",
        "7",
        dt.date(2020, 3, 1),
        False,
    )
    assert doc.findings.strip() == "Nhận xét của chuyên viên."


def test_the_report_context_reads_from_the_data_folder_given(tmp_path):
    from egov_report.core.document import report_context

    data_dir = _year_folder(tmp_path)
    (data_dir / "tinh" / "2019" / "published.yaml").write_text(
        "sources:\n  s: nguồn\nfigures:\n  - figure: Số đơn vị\n    key: scope.units\n    published: 3 đơn vị\n"
        "    value: 3\n    source: s\n",
        encoding="utf-8",
    )
    context = report_context("tinh", 2019, {"scope": {"units": 3}}, data_dir=data_dir)
    assert context["document"].number == "7"
    assert [(c.figure, c.computed, c.matches) for c in context["published"]] == [("Số đơn vị", 3, True)]
