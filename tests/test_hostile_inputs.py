"""Hostile inputs and exhausted resources (issue 12): each refused in seconds, under a memory bound.

Each case breaks a private copy of data/quangninh the way an attacker or a careless office
would (a FIFO or a device as a score file, a symlink out of the province, a zip bomb, a YAML
alias bomb, findings images from the network or from /dev/zero ...), then runs
``python -m egov_report render quangninh 2019`` in a child process whose address space is
limited to 2 GB (``RLIMIT_AS``; the notebook runs in that process, cell by cell, as in
tests/test_bad_inputs.py). Checked: the exact stderr, the exit status, the last good report
byte for byte, and the time (each case within 60 s). tests/support/bad_inputs/README.md lists them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from support.helpers import PROJECT_ROOT, PROVINCE, PROVINCE_DIR, YEAR
from test_bad_inputs import NOTHING_PUBLISHED, _digests, copy_world, make_world

MEMORY_BOUND = 2 * 1024**3  # address space of the render under attack
TIME_BOUND = 60  # seconds, each refused case
MB = 1024 * 1024
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({bound}, resource.RLIM_INFINITY))
sys.path.insert(0, {tests!r})
from egov_report import cli
from egov_report.render import pipeline
from test_bad_inputs import run_notebook_in_process
pipeline.run_notebook = run_notebook_in_process
sys.exit(cli.main(["render", {province!r}, "{year}"]))
"""


def run_limited(data: Path, reports: Path) -> tuple[int, str, float]:
    """The render in a child process under MEMORY_BOUND: (exit status, stderr, seconds)."""
    code = CHILD.format(bound=MEMORY_BOUND, tests=str(Path(__file__).parent), province=PROVINCE, year=YEAR)
    env = {
        "EGOV_DATA_DIR": str(data),
        "EGOV_REPORTS_DIR": str(reports),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
    }
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_BOUND * 3,
        stdin=subprocess.DEVNULL,
    )
    return run.returncode, run.stderr, time.monotonic() - started


# -- the attacks -------------------------------------------------------------------------------


def _fifo(root: Path) -> None:
    path = root / "2019/scores_departments.csv"
    path.unlink()
    os.mkfifo(path)


def _symlink(target: str):
    def edit(root: Path) -> None:
        path = root / "2019/scores_departments.csv"
        path.unlink()
        path.symlink_to(target)

    return edit


def _sparse(file: str, size: int, head: bytes = b""):
    def edit(root: Path) -> None:
        with open(root / file, "r+b" if (root / file).exists() else "wb") as handle:
            handle.seek(0)
            handle.write(head)
            handle.truncate(size)

    return edit


def _zip_bomb(root: Path) -> None:
    """The 2018 workbook with a part that unpacks to 150 MB of zeros (the file stays small)."""
    path = root / "2018/scores.xlsx"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            block = bytes(MB)
            for _ in range(150):
                member.write(block)


def _million_rows(root: Path) -> None:
    """The 2018 workbook's first sheet holding a cell in row 1,000,000 (a reader makes every row above it), its
    <dimension> tag still stating the table's own rows: the rows are counted in the content."""
    path = root / "2018/scores.xlsx"
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")
    assert '<dimension ref="A1:' in xml
    far = '<row r="1000000"><c r="F1000000" t="n"><v>1</v></c></row></sheetData>'
    parts[name] = xml.replace("</sheetData>", far).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in parts.items():
            target.writestr(member, data)


def _encrypted(root: Path) -> None:
    """What Excel writes for a workbook saved with a password: an OLE compound file."""
    (root / "2018/scores.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


def _billion_laughs(file: str):
    """Nine levels of lists, each repeating the one before nine times: 387 million "lol"s."""

    def edit(root: Path) -> None:
        path = root / file
        levels = ['  - &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        levels += [f"  - &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "laughs:\n" + "\n".join(levels) + "\n", encoding="utf-8")

    return edit


def _findings(line: str):
    def edit(root: Path) -> None:
        path = root / "2019/findings.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    return edit


def _findings_like(file: str, old: str, new: str):
    def edit(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _huge_image(root: Path) -> None:
    """A PNG of 6000 x 5000 pixels (30 kB on disk) in the findings: more than the PDF embeds reliably."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (6000, 5000)).save(buffer, format="PNG")
    (root / "2019/huge.png").write_bytes(buffer.getvalue())
    _findings("![Biểu đồ](huge.png)")(root)


def _directory(root: Path) -> None:
    path = root / "2019/scores_departments.csv"
    path.unlink()
    path.mkdir()


SETTINGS_LINES = len((PROVINCE_DIR / "2019/evaluation.yaml").read_text(encoding="utf-8").splitlines())
FRAMEWORK_LINES = len((PROVINCE_DIR / "framework.yaml").read_text(encoding="utf-8").splitlines())
FINDINGS_LINES = len((PROVINCE_DIR / "2019/findings.md").read_text(encoding="utf-8").splitlines()) + 2
RULE = (
    "chỉ được dùng hình PNG, JPEG, GIF hoặc WebP nằm trong thư mục của năm (hoặc dạng data:image/...); "
    "không dùng địa chỉ mạng, đường dẫn tuyệt đối hay '..'"
)
NOT_REGULAR = "không phải tệp dữ liệu thông thường (FIFO, thiết bị hoặc socket); hãy thay bằng tệp dữ liệu"
RAISE = "(docs/input-format.md, mục 9 nói cách nâng giới hạn)"

CASES = {
    "score-file-fifo": (_fifo, f"data/quangninh/2019/scores_departments.csv: {NOT_REGULAR}"),
    "score-file-symlink-to-dev-zero": (
        _symlink("/dev/zero"),
        f"data/quangninh/2019/scores_departments.csv: {NOT_REGULAR}",
    ),
    "score-file-is-a-directory": (
        _directory,
        "data/quangninh/2019/scores_departments.csv: là một thư mục, không phải tệp",
    ),
    "score-file-symlink-outside-the-province": (
        _symlink("/etc/passwd"),
        "data/quangninh/2019/scores_departments.csv: tệp trỏ (liên kết tượng trưng) ra ngoài thư mục của tỉnh "
        "data/quangninh/; chỉ đọc tệp nằm trong thư mục đó: hãy chép tệp vào thay cho liên kết",
    ),
    "csv-of-200-mb": (
        _sparse("2019/scores_communes.csv", 200 * MB),
        f"data/quangninh/2019/scores_communes.csv: tệp quá lớn (200.0 MB, giới hạn 20 MB); hãy kiểm tra lại tệp {RAISE}",
    ),
    "xlsx-expanding-to-150-mb": (
        _zip_bomb,
        f"data/quangninh/2018/scores.xlsx: tệp Excel khi giải nén lớn 150 MB, vượt giới hạn 100 MB; hãy kiểm tra lại "
        f"tệp {RAISE}",
    ),
    "xlsx-of-a-million-rows": (
        _million_rows,
        "data/quangninh/2018/scores.xlsx [Sở, ban, ngành]: trang tính có ít nhất 1000000 dòng, vượt giới hạn 100000 "
        "dòng; hãy kiểm tra lại tệp (đặt biến môi trường EGOV_MAX_ROWS để nâng giới hạn, docs/input-format.md, mục 9)",
    ),
    "xlsx-with-a-password": (
        _encrypted,
        "data/quangninh/2018/scores.xlsx: tệp Excel có mật khẩu (được mã hóa) nên không đọc được; hãy mở bằng Excel, "
        "bỏ mật khẩu (File > Info > Protect Workbook) rồi lưu lại dưới dạng .xlsx",
    ),
    "settings-billion-laughs": (
        _billion_laughs("2019/evaluation.yaml"),
        f"data/quangninh/2019/evaluation.yaml: tệp YAML không đọc được ở dòng {SETTINGS_LINES + 3}, cột 10: bí danh YAML '*l0' lặp lại "
        "một danh sách hoặc bảng khóa: không được phép (chỉ được lặp lại một giá trị đơn); hãy viết đầy đủ nội dung",
    ),
    "framework-billion-laughs": (
        _billion_laughs("framework.yaml"),
        f"data/quangninh/framework.yaml: tệp YAML không đọc được ở dòng {FRAMEWORK_LINES + 3}, cột 10: bí danh YAML "
        "'*l0' lặp lại một danh sách hoặc bảng khóa: không được phép (chỉ được lặp lại một giá trị đơn); hãy viết đầy "
        "đủ nội dung",
    ),
    "settings-of-50-mb": (
        _sparse("2019/evaluation.yaml", 50 * MB, b"year: 2019\n#"),
        f"data/quangninh/2019/evaluation.yaml: tệp quá lớn (50.0 MB, giới hạn 2 MB); hãy kiểm tra lại tệp {RAISE}",
    ),
    "findings-image-from-dev-zero": (
        _findings("![z](/dev/zero)"),
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: hình «/dev/zero» — {RULE}",
    ),
    "findings-image-from-the-network": (
        _findings("![x](http://example.invalid/a.png)"),
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: hình «http://example.invalid/a.png» — {RULE}",
    ),
    "findings-image-outside-the-year": (
        _findings("![x](../units.csv)"),
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: hình «../units.csv» — {RULE}",
    ),
    "findings-image-not-an-image": (
        _findings("![x](scores_districts.csv)"),
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: hình «scores_districts.csv» — không phải tệp ảnh PNG, "
        "JPEG, GIF hoặc WebP",
    ),
    "findings-image-of-30-million-pixels": (
        _huge_image,
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: hình «huge.png» có 6000×5000 điểm ảnh (30.0 triệu), "
        "vượt giới hạn 25 triệu điểm ảnh mà bản PDF nhúng được; hãy thu nhỏ hình (đặt biến môi trường "
        "EGOV_MAX_IMAGE_MEGAPIXELS để nâng giới hạn, docs/input-format.md, mục 9)",
    ),
}
INVISIBLE = (
    "có ký tự điều khiển hoặc ký tự định dạng vô hình (U+{}), có thể làm đảo hoặc ẩn chữ trong báo cáo; "
    "hãy xóa ký tự đó (gõ lại dòng này)"
)
CASES |= {
    "findings-with-a-direction-override": (
        _findings("Điểm trung bình\u202e 91/100"),
        f"data/quangninh/2019/findings.md, dòng {FINDINGS_LINES}: " + INVISIBLE.format("202E"),
    ),
    "settings-with-a-zero-width-space": (
        _findings_like("2019/evaluation.yaml", "data_note: >-", "data_note: >-\n  \u200b"),
        "data/quangninh/2019/evaluation.yaml, dòng 10: " + INVISIBLE.format("200B"),
    ),
}
BEFORE_THE_NOTEBOOK = {"framework-billion-laughs"}  # the framework is read before any kernel starts


@pytest.fixture
def world(tmp_path):
    return copy_world(tmp_path)


def expected(case_id: str, message: str, reports: Path) -> str:
    lines = [f"Lỗi: {message}"]
    if case_id not in BEFORE_THE_NOTEBOOK:
        kept = reports / PROVINCE / f"{YEAR}.failed" / "report.ipynb"
        lines.append(f"Notebook đã chạy được giữ lại để kiểm tra: {kept.resolve()}")
    return "\n".join(lines + [NOTHING_PUBLISHED]) + "\n"


@pytest.mark.parametrize("case_id", list(CASES))
def test_hostile_input_is_refused_within_bounds(case_id, world):
    data, reports, target = world
    edit, message = CASES[case_id]
    edit(data / PROVINCE)
    before = _digests(target)

    code, err, seconds = run_limited(data, reports)

    assert err == expected(case_id, message, reports)
    assert code == 1
    assert _digests(target) == before
    assert seconds < TIME_BOUND


def test_yaml_aliases_of_a_scalar_stay_accepted(tmp_path):
    """The shipped frameworks repeat a note with &name / *name: still read."""
    from egov_report.core.textfiles import read_yaml

    path = tmp_path / "a.yaml"
    path.write_text("a: &note một ghi chú\nb: *note\n", encoding="utf-8")
    assert read_yaml(path) == {"a": "một ghi chú", "b": "một ghi chú"}


# -- a file edited during the render -------------------------------------------------------------


def run_until_analysis_editing(edit):
    """The notebook in this process up to its analysis stage, ``edit`` applied just before that stage."""
    import nbformat

    def run(notebook, output, province, year, output_dir):
        executed = nbformat.read(notebook, as_version=4)
        nbformat.write(executed, output)
        namespace = {"province": province, "year": year, "output_dir": str(output_dir)}
        for cell in [c for c in executed.cells if c.cell_type == "code"]:
            tags = cell.metadata.get("tags", [])
            if "parameters" in tags:
                continue
            if "stage-analysis" in tags:
                edit()
            exec(compile(cell.source, "<cell>", "exec"), namespace)  # noqa: S102 - the project's notebook
            if "stage-analysis" in tags:
                return

    return run


def test_a_file_edited_between_loading_and_analysis_publishes_nothing(world, monkeypatch, capsys):
    from egov_report import cli, paths, stamps
    from egov_report.render import pipeline

    data, reports, target = world
    monkeypatch.setattr(paths, "DATA_DIR", data)
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)
    scores = data / PROVINCE / "2019/scores_districts.csv"
    edited = scores.read_text(encoding="utf-8").replace(",", ",", 1) + "\n"  # one more blank line: same table
    monkeypatch.setattr(
        pipeline, "run_notebook", run_until_analysis_editing(lambda: scores.write_text(edited, "utf-8"))
    )
    before = _digests(target)

    code = cli.main(["render", PROVINCE, str(YEAR)])

    err = capsys.readouterr().err
    failed = target.with_name(f"{YEAR}.failed")
    assert err.splitlines()[0] == (
        "Lỗi: data/quangninh/2019/scores_districts.csv: tệp đã thay đổi (hoặc bị xóa) trong khi tạo báo cáo; số liệu "
        "đã tính từ nội dung cũ nên không công bố báo cáo này: hãy chạy lại khi tệp đã sửa xong"
    )
    assert code == 1
    assert _digests(target) == before  # nothing published, no stamp written
    assert stamps.read_stamp(target) is None and not (failed / stamps.STAMP_FILE).exists()
    import hashlib

    from egov_report.core.records import read_json

    record = read_json(failed / "figures.json")
    listed = {f["path"]: f["sha256"] for f in record["provenance"]["inputs"]}
    # the provenance gives the bytes the figures came from, not the file as it is now
    assert (
        listed["data/quangninh/2019/scores_districts.csv"]
        == hashlib.sha256((PROVINCE_DIR / "2019/scores_districts.csv").read_bytes()).hexdigest()
    )


# -- nothing fetched from outside the report ------------------------------------------------------


def test_the_pdf_export_fetches_nothing_but_embedded_images(tmp_path):
    from egov_report.errors import ReportError
    from egov_report.render.pdf import html_to_pdf

    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIA"
        "X8jx0gAAAABJRU5ErkJggg=="
    )
    html_to_pdf(f'<html><body><img src="{pixel}"></body></html>', tmp_path / "ok.pdf")
    assert (tmp_path / "ok.pdf").read_bytes()[:5] == b"%PDF-"
    for url in ("http://example.invalid/a.png", "/etc/passwd", "file:///dev/zero"):
        started = time.monotonic()
        with pytest.raises(ReportError, match="tài nguyên ngoài"):
            html_to_pdf(f'<html><body><img src="{url}"></body></html>', tmp_path / "refused.pdf")
        assert time.monotonic() - started < 10


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_findings_image_the_pdf_cannot_embed_is_refused_with_its_size(tmp_path, monkeypatch):
    """30 million pixels in a 30 kB file: beyond what the PDF embeds reliably (25 million), refused by its size."""
    from egov_report.core.images import embed_images
    from egov_report.errors import InputError
    from egov_report.paths import display_path

    monkeypatch.delenv("EGOV_MAX_IMAGE_MEGAPIXELS", raising=False)
    (tmp_path / "huge.png").write_bytes(_png(6000, 5000, "1"))
    findings = tmp_path / "findings.md"
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        embed_images(findings, "Xem hình\n\n![Biểu đồ](huge.png)\n")
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        f"{display_path(findings)}, dòng 3: hình «huge.png» có 6000×5000 điểm ảnh (30.0 triệu), vượt giới hạn 25 triệu "
        "điểm ảnh mà bản PDF nhúng được; hãy thu nhỏ hình (đặt biến môi trường EGOV_MAX_IMAGE_MEGAPIXELS để nâng giới "
        "hạn, docs/input-format.md, mục 9)"
    )
    monkeypatch.setenv("EGOV_MAX_IMAGE_MEGAPIXELS", "40")
    assert "data:image/png;base64," in embed_images(findings, "![Biểu đồ](huge.png)\n")


def test_a_damaged_findings_image_is_refused(tmp_path):
    from egov_report.core.images import embed_images
    from egov_report.errors import InputError

    (tmp_path / "cut.png").write_bytes(bytes.fromhex("89504e470d0a1a0a") + b"rest")  # a PNG's signature, no image
    with pytest.raises(InputError, match="hình «cut.png» — tệp ảnh bị hỏng, không đọc được"):
        embed_images(tmp_path / "findings.md", "![a](cut.png)\n")


def test_a_truncated_image_is_refused_even_after_weasyprint_is_imported(tmp_path):
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported (the fast path and the preview load
    the findings in such a process): a JPEG cut short would decode, grey at the bottom, and be drawn partly."""
    import io

    import weasyprint  # noqa: F401  (its import is the point of the test)
    from PIL import Image, ImageFile

    from egov_report.core.images import embed_images
    from egov_report.errors import InputError

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, "JPEG", quality=95)
    (tmp_path / "cut.jpg").write_bytes(buffer.getvalue()[:-100])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # as WeasyPrint left it
    with pytest.raises(InputError, match="hình «cut.jpg» — tệp ảnh bị hỏng, không đọc được"):
        embed_images(tmp_path / "findings.md", "![a](cut.jpg)\n")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # the process's setting given back


def test_the_pdf_export_never_leaves_an_image_out(tmp_path):
    """An image WeasyPrint cannot load (it would log it and go on) stops the export: the PDF has the HTML's images."""
    import base64

    from egov_report.errors import ReportError
    from egov_report.render.pdf import html_to_pdf

    for good in (_png(3, 2), _png(3, 2, "RGBA"), _png(3, 2, "P"), _png(3, 2, "L")):
        html_to_pdf(f'<img src="data:image/png;base64,{base64.b64encode(good).decode()}">', tmp_path / "ok.pdf")
    broken = base64.b64encode(bytes.fromhex("89504e470d0a1a0a") + b"rest").decode()
    with pytest.raises(ReportError, match="PDF: không nhúng được hình «data:image/png;base64,"):
        html_to_pdf(f'<html><body><img src="data:image/png;base64,{broken}"></body></html>', tmp_path / "no.pdf")


def test_findings_images_of_the_year_folder_are_embedded(tmp_path):
    from egov_report.core.builder import markdown_to_html
    from egov_report.core.images import embed_images

    (tmp_path / "chart.png").write_bytes(_png(4, 3))
    text = embed_images(tmp_path / "findings.md", "Xem ![Biểu đồ](chart.png) và ![b][r]\n\n[r]: chart.png\n")
    assert "chart.png" not in text and text.count("data:image/png;base64,") == 2
    assert markdown_to_html(text).count('<img src="data:image/png;base64,') == 2
    assert "<img" not in markdown_to_html("![x](http://example.invalid/a.png)")


def test_a_dollar_in_a_label_is_drawn_as_typed():
    from egov_report.core.charts import plt, svg

    figure, axes = plt.subplots()
    axes.barh(["Xã $x^2$", "Phường $\\frac{", "$"], [1, 2, 3])
    drawn = svg(figure)
    assert "Xã $x^2$" in drawn and "Phường $\\frac{" in drawn


# -- a render's memory and time, and what it leaves in the temporary folder ------------------------

FOURTH = Path(__file__).resolve().parent / "support" / "fourth_kind"


@pytest.fixture
def greedy_kind(tmp_path, monkeypatch):
    """The fourth kind of tests/kinds/test_kinds.py, its analysis stage running ``ANALYSIS_EXTRA`` first."""
    import json as json_

    from egov_report import kinds

    folder = tmp_path / "kind"
    shutil.copytree(FOURTH, folder)
    monkeypatch.syspath_prepend(str(folder))
    import minimal_kind as module

    def make(extra: str):
        notebook = json_.loads((folder / "minimal.ipynb").read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if "stage-analysis" in cell["metadata"].get("tags", []):
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                cell["source"] = extra + "\n" + source
        (folder / "minimal.ipynb").write_text(json_.dumps(notebook), encoding="utf-8")
        return kinds.register(
            kinds.Kind(name="minimal", notebook=folder / "minimal.ipynb", load_framework=module.load_framework)
        )

    yield make
    kinds.unregister("minimal")


@pytest.fixture
def demo_world(tmp_path, monkeypatch, greedy_kind):  # greedy_kind puts minimal_kind on the path
    import minimal_kind as module

    data = module.write_demo_province(tmp_path / "data", "code,name,value\nA,Sở A,8.5\nB,Sở B,6\n")
    temporary = Path(tempfile.mkdtemp(prefix="t12-", dir="/tmp"))  # short: a socket path has at most 107 bytes
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    yield data, tmp_path / "reports", temporary
    shutil.rmtree(temporary, ignore_errors=True)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.e2e
def test_a_cell_beyond_the_memory_bound_stops_naming_its_stage(greedy_kind, demo_world, monkeypatch):
    from egov_report.errors import ReportError
    from egov_report.render.pipeline import render

    greedy_kind("_hog = bytearray(3 * 1024 ** 3)")
    data, reports, temporary = demo_world
    stale = temporary / f"egov-render-{_dead_pid()}-abcdefgh"  # left by a render killed with SIGKILL
    stale.mkdir()
    (stale / "kernel.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("EGOV_RENDER_MEMORY_MB", "1024")
    with pytest.raises(ReportError) as caught:
        render("demo", 2020, reports_dir=reports, data_dir=data, log=lambda *_: None)
    first = str(caught.value).splitlines()[0]
    assert first.startswith("Hết bộ nhớ ở bước «analysis» (ô số ")
    assert first.endswith(
        "): giới hạn 1024 MB; đặt biến môi trường EGOV_RENDER_MEMORY_MB để nâng giới hạn nếu dữ "
        "liệu thật sự lớn như vậy"
    )
    assert not (reports / "demo" / "2020").exists()
    assert list(temporary.iterdir()) == []  # neither this render's sockets nor the killed one's folder


@pytest.mark.e2e
def test_a_cell_beyond_the_time_bound_stops_naming_its_stage(greedy_kind, demo_world, monkeypatch):
    from egov_report.errors import ReportError
    from egov_report.render.pipeline import render

    greedy_kind("import time; time.sleep(600)")
    data, reports, temporary = demo_world
    monkeypatch.setenv("EGOV_RENDER_CELL_SECONDS", "25")  # beyond any other cell of this kind, even under load
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        render("demo", 2020, reports_dir=reports, data_dir=data, log=lambda *_: None)
    assert str(caught.value).splitlines()[0] == (
        "Quá thời gian ở bước «analysis»: một ô của notebook chạy quá 25 s (đặt EGOV_RENDER_CELL_SECONDS để nâng "
        "giới hạn)"
    )
    assert time.monotonic() - started < TIME_BOUND
    assert not (reports / "demo" / "2020").exists()
    assert list(temporary.iterdir()) == []


# -- the system refusing a write -----------------------------------------------------------------


@pytest.fixture
def bad_world(tmp_path, monkeypatch):
    """tests/test_bad_inputs.py's world: a last good report, the notebook run in this process."""
    return make_world(tmp_path, monkeypatch)


def _raise(error):
    def fail(*args, **kwargs):
        raise error

    return fail


def test_a_full_disk_is_said_with_the_file_and_what_to_do(bad_world, monkeypatch, capsys):
    import errno

    from egov_report import cli
    from egov_report.render import pipeline

    data, reports, target = bad_world
    written = reports / ".staging" / "report.pdf"
    monkeypatch.setattr(pipeline, "render_into", _raise(OSError(errno.ENOSPC, "No space left on device", str(written))))
    before = _digests(target)
    code = cli.main(["render", PROVINCE, str(YEAR)])
    err = capsys.readouterr().err
    assert err == (
        f"Lỗi: Không đọc, ghi được {written}: ổ đĩa đã đầy; giải phóng chỗ trống trên ổ đĩa rồi chạy lại\n"
        f"{NOTHING_PUBLISHED}\n"
    )
    assert code == 1 and _digests(target) == before


def test_a_full_disk_found_while_writing_names_the_folder(bad_world, monkeypatch, capsys):
    """``write`` on a full disk raises ENOSPC with no file name: the folder being written is named."""
    import errno

    from egov_report import cli
    from egov_report.render import pipeline

    data, reports, target = bad_world
    before = _digests(target)
    for number, cause, action in (
        (errno.ENOSPC, "ổ đĩa đã đầy", "giải phóng chỗ trống trên ổ đĩa rồi chạy lại"),
        (errno.EDQUOT, "đã hết hạn mức dung lượng", "giải phóng chỗ trống rồi chạy lại"),
    ):
        monkeypatch.setattr(pipeline, "render_into", _raise(OSError(number, os.strerror(number))))
        code = cli.main(["render", PROVINCE, str(YEAR)])
        err = capsys.readouterr().err
        assert err == (
            f"Lỗi: Không đọc, ghi được tệp trong thư mục {(reports / '.staging').resolve()}: {cause}; "
            f"{action}\n{NOTHING_PUBLISHED}\n"
        )
        assert "không rõ" not in err and code == 1 and _digests(target) == before


def test_a_full_disk_in_a_notebook_cell_is_said_in_vietnamese(bad_world, monkeypatch, capsys):
    """A cell writing figures.json on a full disk: the kernel's English text said as the renderer says it."""
    import errno

    from egov_report import cli
    from egov_report.render import pipeline

    data, reports, target = bad_world
    written = reports / ".staging" / "quangninh-2019-0000" / "figures.json"

    class Detail:
        ename, exec_count = "OSError", 7
        evalue = f"[Errno {errno.ENOSPC}] No space left on device: '{written}'"

    monkeypatch.setattr(pipeline, "render_into", _raise(pipeline._NotebookFailed(Detail())))
    before = _digests(target)
    code = cli.main(["render", PROVINCE, str(YEAR)])
    err = capsys.readouterr().err
    assert err == (
        f"Lỗi: Không đọc, ghi được {written}: ổ đĩa đã đầy; giải phóng chỗ trống trên ổ đĩa rồi chạy lại\n"
        f"{NOTHING_PUBLISHED}\n"
    )
    assert code == 1 and _digests(target) == before


def test_os_errors_are_said_with_the_folder_when_they_name_no_file():
    import errno

    from egov_report.errors import os_error_from_text, os_error_message

    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_error_message(full, folder="reports") == (
        "Không đọc, ghi được tệp trong thư mục reports: ổ đĩa đã đầy; giải phóng chỗ trống trên ổ đĩa rồi chạy lại"
    )
    assert os_error_message(OSError(errno.EDQUOT, "Disk quota exceeded", "/r/a.pdf"), folder="reports") == (
        "Không đọc, ghi được /r/a.pdf: đã hết hạn mức dung lượng; giải phóng chỗ trống rồi chạy lại"
    )
    parsed = os_error_from_text("[Errno 28] No space left on device: '/r/figures.json'")
    assert (parsed.errno, parsed.filename) == (errno.ENOSPC, "/r/figures.json")
    assert os_error_from_text("[Errno 122] Disk quota exceeded").filename is None
    assert os_error_from_text("division by zero") is None


def test_a_read_only_reports_folder_is_said_with_the_folder_and_what_to_do(bad_world, monkeypatch, capsys):
    import errno

    from egov_report import cli
    from egov_report.render import pipeline

    data, reports, target = bad_world
    locks = reports / ".locks"
    monkeypatch.setattr(pipeline, "report_lock", _raise(OSError(errno.EROFS, "Read-only file system", str(locks))))
    code = cli.main(["render", PROVINCE, str(YEAR)])
    err = capsys.readouterr().err
    assert err == (
        f"Lỗi: Không đọc, ghi được {locks}: ổ đĩa chỉ cho phép đọc; chọn thư mục báo cáo ghi được (biến "
        f"môi trường EGOV_REPORTS_DIR)\n{NOTHING_PUBLISHED}\n"
    )
    assert code == 1


def test_a_failed_folder_that_cannot_be_kept_never_hides_the_first_error(bad_world, monkeypatch, capsys):
    import errno

    from egov_report import cli
    from egov_report.render import pipeline
    from test_bad_inputs import _set_cell

    data, reports, target = bad_world
    _set_cell(data / PROVINCE, "2019/scores_departments.csv", "QN-S02", "Hạ tầng kỹ thuật CNTT", "99")
    failed = target.with_name(f"{YEAR}.failed")
    monkeypatch.setattr(pipeline, "keep_failed", _raise(OSError(errno.ENOSPC, "No space left on device", str(failed))))
    before = _digests(target)
    code = cli.main(["render", PROVINCE, str(YEAR)])
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Dữ liệu đầu vào không hợp lệ (1 lỗi):"  # the first error, whole
    assert err[1].startswith("  - data/quangninh/2019/scores_departments.csv, dòng 3, cột «Hạ tầng kỹ thuật CNTT»")
    assert err[2] == (
        f"(Không giữ lại được lần chạy lỗi: Không đọc, ghi được {failed}: ổ đĩa đã đầy; giải phóng chỗ "
        "trống trên ổ đĩa rồi chạy lại)"
    )
    assert code == 3 and _digests(target) == before


def test_a_failed_run_on_another_file_system_is_copied_beside_the_report(tmp_path, monkeypatch):
    import errno

    from egov_report.render import publish

    staging, target = tmp_path / "staging", tmp_path / "reports" / "p" / "2019"
    staging.mkdir()
    (staging / "report.ipynb").write_text("{}", encoding="utf-8")
    real_rename = os.rename

    def cross_device(source, destination):
        if Path(source) == staging:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source), str(destination))
        return real_rename(source, destination)

    monkeypatch.setattr(publish.os, "rename", cross_device)
    kept = publish.keep_failed(staging, target)
    assert kept == target.with_name("2019.failed") and (kept / "report.ipynb").exists() and not staging.exists()


# -- parameters ------------------------------------------------------------------------------------


def test_parameters_are_echoed_cut_and_other_digits_refused(capsys):
    from egov_report import cli

    code = cli.main(["render", "a" * 100_000, "2019"])
    out, err = capsys.readouterr()
    assert code == 2
    assert max(len(line) for line in (out + err).splitlines()) < 1000  # not 100,000 characters
    assert "PROVINCE='" + "a" * 79 + "…'" in err
    code = cli.main(["render", "quangninh", "\uff12\uff10\uff11\uff19"])  # ２０１９, full-width
    assert code == 2
    assert "YEAR='２０１９'" in capsys.readouterr().err
    code = cli.main(["render", "quangninh", "\u0662\u0660\u0661\u0669"])  # Arabic-Indic digits
    assert code == 2


def test_text_cells_of_every_kind_are_held_to_the_same_rule():
    """core.checks.text_problems, as national_index and indicators use it on their tables."""
    import pandas as pd

    from egov_report.core.checks import text_problems

    frame = pd.DataFrame(
        {
            "row": [2, 3, 4, 5],
            "province": ["Bắc Kạn", "Hà Nội\u202e", "\u200b", "…"],
            "note": ["", "ghi chú\u200b", None, "ok"],
        }
    )
    found = [
        str(p)
        for p in text_problems(
            frame, "data/x/2019/bang.csv", {"province": "Tỉnh", "note": "Ghi chú"}, unit="province", names=("province",)
        )
    ]
    assert found == [
        "data/x/2019/bang.csv, dòng 3, cột «Tỉnh», đơn vị Hà Nội\\u202e: giá trị «Hà Nội\\u202e» — tên chứa ký tự điều "
        "khiển hoặc ký tự định dạng vô hình (U+202E), có thể làm đảo hoặc ẩn chữ trong báo cáo; hãy gõ lại tên",
        "data/x/2019/bang.csv, dòng 4, cột «Tỉnh», đơn vị \\u200b: giá trị «\\u200b» — tên chứa ký tự điều khiển hoặc "
        "ký tự định dạng vô hình (U+200B), có thể làm đảo hoặc ẩn chữ trong báo cáo; hãy gõ lại tên",
        "data/x/2019/bang.csv, dòng 5, cột «Tỉnh», đơn vị …: giá trị «…» — tên phải có ít nhất một chữ cái hoặc chữ số",
        "data/x/2019/bang.csv, dòng 3, cột «Ghi chú», đơn vị Hà Nội\\u202e: giá trị «ghi chú\\u200b» — ô chứa ký tự "
        "điều khiển hoặc ký tự định dạng vô hình (U+200B), có thể làm đảo hoặc ẩn chữ trong báo cáo; hãy gõ lại",
    ]


@pytest.mark.e2e
def test_what_a_render_killed_with_sigkill_left_is_removed_by_the_next(world):
    import signal

    from egov_report.render.notebook import remove_stale_runtime_folders

    data, reports, target = world
    temporary = Path(tempfile.mkdtemp(prefix="t12k-", dir="/tmp"))
    try:
        env = dict(os.environ, EGOV_DATA_DIR=str(data), EGOV_REPORTS_DIR=str(reports), TMPDIR=str(temporary))
        render = subprocess.Popen(
            [sys.executable, "-m", "egov_report", "render", PROVINCE, str(YEAR)],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + TIME_BOUND
        while not list(temporary.glob("egov-render-*/kernel.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
        folders = list(temporary.glob("egov-render-*"))
        assert folders and list(folders[0].iterdir())  # the kernel's connection file and sockets are there
        render.send_signal(signal.SIGKILL)
        render.wait()
        assert folders[0].exists()  # a kill leaves them ...
        assert remove_stale_runtime_folders(temporary) == folders  # ... and the next render removes them
        assert list(temporary.iterdir()) == []
    finally:
        time.sleep(5)  # the orphaned kernel notices its render is gone (and may have made its socket folder again)
        shutil.rmtree(temporary, ignore_errors=True)


def test_thousands_of_problems_are_listed_up_to_a_bound():
    from egov_report.errors import LISTED_PROBLEMS, Problem, ValidationFailed

    problems = [Problem("error", "data/x.csv", "điểm phải là một số", row=n) for n in range(2, 100_002)]
    lines = str(ValidationFailed(problems)).splitlines()
    assert lines[0] == "Dữ liệu đầu vào không hợp lệ (100000 lỗi):"
    assert len(lines) == LISTED_PROBLEMS + 2
    assert lines[-1] == f"  ... và {100_000 - LISTED_PROBLEMS} lỗi nữa (đủ trong validation.json)"


def test_findings_images_are_inputs_of_the_report(tmp_path):
    from egov_report.core.images import embed_images, embedded_files

    (tmp_path / "chart.png").write_bytes(_png(4, 3))
    embed_images(tmp_path / "findings.md", "![a](chart.png)\n")
    assert embedded_files(tmp_path / "findings.md") == [tmp_path / "chart.png"]
