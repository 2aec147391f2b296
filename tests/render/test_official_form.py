"""The report as a document a province can issue (issue 10).

The official form (Nghị định 30/2020/NĐ-CP, Phụ lục I) on page 1 and at the end, page numbers in
the top margin, the Times-metric serif embedded, the sample-data mark on every page of a
reconstructed report and on none of a published one, no developer material in the reader's
text, the published figures reconciled, a draft when there is no issuer, and a wrong key in
published.yaml stopping the run with a message naming the file and the key.
"""

import datetime as dt
import html
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from egov_report.core.builder import ReportBuilder
from egov_report.core.document import document_from_settings
from egov_report.core.published import reconcile
from egov_report.errors import InputError

SAMPLE = "DỮ LIỆU MẪU"
MM = 72 / 25.4  # PDF points per millimetre
DEVELOPER_WORDS = (".py", "Great Expectations", "SHA", "docs/", "tài liệu tham khảo 003")


def _pdf_pages(folder: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(folder / "report.pdf")
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages]


def _html_text(folder: Path, name: str = "report.html") -> str:
    page = (folder / name).read_text(encoding="utf-8")
    page = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _texts_at(folder: Path, index: int) -> list[tuple[str, float]]:
    """(text, y) of every text run on a page, y from the bottom of the page."""
    from pypdf import PdfReader

    page = PdfReader(folder / "report.pdf").pages[index]
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text.strip(), tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def published_report(tmp_path_factory) -> Path:
    """Phú Thọ 2021: official results (data_status: published)."""
    from egov_report.render.pipeline import render

    return render("phutho", 2021, reports_dir=tmp_path_factory.mktemp("reports"), log=lambda *_: None).target


# -- the PDF ---------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_first_page_has_the_official_header_and_title(flagship):
    first = _pdf_pages(flagship)[0]
    for element in (
        "UBND TỈNH QUẢNG NINH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "/BC-STTTT",
        "Quảng Ninh, ngày … tháng … năm …",
        "BÁO CÁO",
        "Đánh giá mức độ Chính quyền điện tử tỉnh Quảng Ninh năm 2019",
        "DỰ THẢO",
    ):
        assert element in first, element


@pytest.mark.e2e
def test_page_numbers_in_the_top_margin_from_page_two(flagship):
    from pypdf import PdfReader

    height = float(PdfReader(flagship / "report.pdf").pages[0].mediabox.height)
    top_margin = height - 20 * MM  # the page area starts 20 mm below the top edge
    assert not [t for t, y in _texts_at(flagship, 0) if y > top_margin], "page 1 carries no number"
    assert [t for t, y in _texts_at(flagship, 1) if y > top_margin] == ["2"]


@pytest.mark.e2e
def test_the_serif_is_embedded(flagship):
    from pypdf import PdfReader

    fonts = {}
    for font in PdfReader(flagship / "report.pdf").pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        fonts[str(descriptor["/FontName"])] = "/FontFile2" in descriptor
    serif = [name for name in fonts if "LiberationSerif" in name.replace("-", "")]
    assert serif and all(fonts[name] for name in serif)


@pytest.mark.e2e
def test_sample_mark_on_every_page_of_a_reconstructed_report(flagship):
    pages = _pdf_pages(flagship)
    assert all(SAMPLE in page for page in pages), [i + 1 for i, p in enumerate(pages) if SAMPLE not in p]
    assert "DỮ LIỆU MẪU – không phải kết quả chính thức" in _html_text(flagship)[:400]  # the top of the HTML


@pytest.mark.e2e
def test_no_sample_mark_on_a_published_report(published_report):
    assert not any(SAMPLE in page for page in _pdf_pages(published_report))
    assert SAMPLE not in _html_text(published_report)


@pytest.mark.e2e
@pytest.mark.parametrize("which", ["flagship", "published_report"])
def test_no_developer_material_in_the_report(which, request):
    folder = request.getfixturevalue(which)
    for text in (_html_text(folder), " ".join(_pdf_pages(folder))):
        for word in DEVELOPER_WORDS:
            assert word not in text, word
    technical = _html_text(folder, "technical.html")  # it went to the technical record
    assert "Great Expectations" in technical and "SHA-256" in technical


@pytest.mark.e2e
def test_signature_block_and_annexes_in_the_official_form(flagship):
    pages = _pdf_pages(flagship)
    text = " ".join(pages)
    assert "Nơi nhận:" in text
    annexes = [p for p in pages if re.search(r"Phụ lục (I|II) [A-ZĐ]", p) and "(Kèm theo Báo cáo số" in p]
    assert len(annexes) == 2
    assert "(Kèm theo Báo cáo số /BC-STTTT ngày … của Sở Thông tin và Truyền thông)" in " ".join(annexes[0].split())


@pytest.mark.e2e
def test_reconciliation_annex_lists_the_five_departures(flagship):
    text = _html_text(flagship)
    annex = text[text.rindex("ĐỐI CHIẾU VỚI SỐ LIỆU ĐÃ CÔNG BỐ") :]
    rows = {  # figure: (published as printed, computed)
        "Khối xã – số đơn vị mức dưới trung bình": ("12 đơn vị", "13"),
        "Khối huyện – điểm trung bình tăng so với năm 2018 (đoạn 1)": ("10 điểm", "7"),
        "Khối huyện năm 2018 – số đơn vị mức khá": ("9 (năm 2019 có 11", "7"),
        "Khối huyện năm 2018 – số đơn vị mức trung bình": ("04 địa phương", "5"),
        "Khối huyện – khoảng cách cao nhất, thấp nhất năm 2018": ("40 điểm", "52"),
        "Khối huyện – ngưỡng mức tốt": ("trên 80 điểm", "136"),
    }
    for figure, (published, computed) in rows.items():
        row = re.search(re.escape(figure) + r" (.*?) lệch ", annex)
        assert row, figure
        assert published in row.group(1) and re.search(rf"\b{computed}\b", row.group(1)), (figure, row.group(1))
    notice = text[: text.index("Mục lục")]  # the title page never claims more than the annex shows
    assert "được giữ đúng" not in notice
    # every figure of the article since issue 19: 90 entries, 11 departures, 3 the scores cannot give
    assert "đặt 91 số liệu" in annex and "77 số liệu khớp, 11 số liệu lệch" in annex


# -- the form from data ----------------------------------------------------------------------------


RECORD = {
    "meta": {
        "kind": "minimal",
        "province": "x",
        "year": 2019,
        "title": "Đánh giá thử",
        "province_name_full": "tỉnh X",
        "data_status": "published",
        "data_note": "",
    }
}


def test_no_issuer_is_a_draft():
    builder = ReportBuilder(RECORD)
    header, signature = str(builder.header()), builder.signature().data
    assert "DỰ THẢO" in header and "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-…" in header
    assert "…, ngày … tháng … năm …" in header
    assert '<p class="signer-name"></p>' in signature and "Dự thảo, chưa ký" in signature


def test_an_issued_report_has_its_number_date_and_signer():
    settings = {
        "issuer": {
            "governing_body": "UBND tỉnh Quảng Ninh",
            "issuing_body": "Sở Thông tin và Truyền thông",
            "abbreviation": "STTTT",
            "number": 5,
            "place": "Quảng Ninh",
            "date": dt.date(2020, 2, 5),
            "signer_authority": "KT. Giám đốc",
            "signer_title": "Phó Giám đốc",
            "signer_name": "Nguyễn Văn A",
            "recipients": ["UBND tỉnh (để báo cáo)", "Lưu: VT"],
        }
    }
    builder = ReportBuilder(RECORD, document=document_from_settings(settings))
    header, signature = str(builder.header()), builder.signature().data
    assert "DỰ THẢO" not in header and "Số: 05/BC-STTTT" in header
    assert "Quảng Ninh, ngày 05 tháng 02 năm 2020" in header and "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in header
    assert "KT. GIÁM ĐỐC" in signature and "PHÓ GIÁM ĐỐC" in signature and "Nguyễn Văn A" in signature
    assert "- UBND tỉnh (để báo cáo);" in signature and "- Lưu: VT." in signature
    heading = str(builder.annex_heading("x", "Bảng thử"))
    assert "Phụ lục I" in heading and "BẢNG THỬ" in heading
    assert "(Kèm theo Báo cáo số 05/BC-STTTT ngày 05/02/2020 của Sở Thông tin và Truyền thông)" in heading


def test_an_issuer_with_an_unknown_field_is_refused():
    with pytest.raises(InputError, match="signer"):
        document_from_settings({"issuer": {"signer": "X"}}, "data/x/2019/evaluation.yaml")


# -- published.yaml --------------------------------------------------------------------------------


def _published(tmp_path: Path, key: str, value=5, **extra) -> Path:
    path = tmp_path / "published.yaml"
    entry = {"figure": "Điểm trung bình", "key": key, "published": str(value), "value": value, "source": "a"} | extra
    path.write_text(
        yaml.safe_dump({"sources": {"a": "bài viết"}, "figures": [entry]}, allow_unicode=True), encoding="utf-8"
    )
    return path


def test_a_wrong_key_stops_with_the_file_and_the_key(tmp_path):
    record = {"tiers": [{"code": "districts", "current": {"mean": 5.0}}]}
    assert reconcile(record, _published(tmp_path, "tiers.districts.current.mean"))[0].matches
    with pytest.raises(InputError) as error:
        reconcile(record, _published(tmp_path, "tiers.district.current.mean"))
    assert "published.yaml" in str(error.value) and "tiers.district.current.mean" in str(error.value)


def test_a_mismatch_warns_and_can_fail_the_run(tmp_path):
    from egov_report.render.pipeline import check_published

    folder = tmp_path / "x" / "2019"
    folder.mkdir(parents=True)
    record = {"tiers": [{"code": "districts", "current": {"mean": 7.0}}]}
    warned = []
    (folder / "published.yaml").write_text(
        _published(tmp_path, "tiers.districts.current.mean", 10).read_text("utf-8"), encoding="utf-8"
    )
    check_published(record, tmp_path, "x", 2019, warned.append)
    assert len(warned) == 1 and "công bố 10" in warned[0] and "tính được 7" in warned[0]
    strict = _published(tmp_path, "tiers.districts.current.mean", 10, on_mismatch="fail")
    (folder / "published.yaml").write_text(strict.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="on_mismatch: fail"):
        check_published(record, tmp_path, "x", 2019, warned.append)


@pytest.mark.e2e
def test_a_wrong_key_stops_the_render(data_copy, tmp_path):
    from egov_report.render.pipeline import render

    path = data_copy / "quangninh" / "2020" / "published.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("indicators.van_ban_dien_tu.value", "indicators.van_ban.value"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        render("quangninh", 2020, reports_dir=tmp_path / "reports", data_dir=data_copy, log=lambda *_: None)
    assert "published.yaml" in str(error.value) and "indicators.van_ban.value" in str(error.value)
