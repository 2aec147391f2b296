"""Command line: ``python -m egov_report render PROVINCE YEAR``, ``batch``, ``list``.

``make report`` passes PROVINCE and YEAR through the environment (``--from-env``) so that
no value typed on the make command line is ever read by a shell.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from . import paths
from .errors import (
    EXIT_BUSY,
    Interrupted,
    ParameterError,
    RenderBusy,
    ReportError,
    ValidationFailed,
    os_error_message,
    shown,
)

EXIT_FAILED, EXIT_PARAMETERS, EXIT_INVALID_INPUT, EXIT_INTERRUPTED = 1, 2, 3, 130
NOTHING_PUBLISHED = "Không tạo báo cáo; báo cáo trước đó (nếu có) được giữ nguyên."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="egov-report", description="Tạo báo cáo đánh giá theo tỉnh và năm.")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="tạo báo cáo HTML và PDF của một tỉnh, một năm")
    _province_and_year(render, "đọc PROVINCE và YEAR từ biến môi trường")
    render.add_argument(
        "--full",
        action="store_true",
        help="chạy lại toàn bộ (notebook, phân tích), kể cả khi chỉ phần lời văn thay đổi",
    )
    preview = commands.add_parser("preview", help="xem trước báo cáo trong trình duyệt, tự cập nhật khi lưu tệp")
    _province_and_year(preview, "đọc PROVINCE, YEAR (và PORT) từ biến môi trường")
    preview.add_argument("--port", type=int, default=None, help="cổng trên 127.0.0.1 (mặc định 8000 hoặc PORT)")
    commands.add_parser("list", help="liệt kê các tỉnh, năm có dữ liệu")
    batch = commands.add_parser("batch", help="tạo lại mọi báo cáo có đầu vào đã thay đổi, song song")
    batch.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="số tiến trình song song (mặc định: biến môi trường JOBS, -jN của make, nếu không thì số lõi CPU)",
    )
    batch.add_argument("--force", action="store_true", help="tạo lại mọi báo cáo, kể cả báo cáo đã mới nhất")
    batch.add_argument("--dry-run", action="store_true", help="chỉ liệt kê báo cáo cần tạo lại và lý do")
    batch.add_argument(
        "--wait",
        action="store_true",
        help="nếu một lần chạy hàng loạt khác đang dùng thư mục báo cáo, chờ nó xong thay vì dừng",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        from .catalog import available_province_years

        for province, year in available_province_years():
            print(province, year)
        return 0
    if args.command == "batch":
        from . import batch  # imports nothing heavy: a run with nothing to do stays well under a second

        jobs = args.jobs
        if jobs is None and os.environ.get("JOBS", "").strip():  # make reports JOBS=2
            jobs = int(os.environ["JOBS"]) if os.environ["JOBS"].strip().isdigit() else 0
        if jobs is not None and jobs < 1:
            print("Lỗi tham số: số tiến trình (--jobs hoặc JOBS) phải là số nguyên từ 1 trở lên", file=sys.stderr)
            return EXIT_PARAMETERS
        return _batch(batch, jobs, args)
    province, year = args.province, args.year
    if args.from_env:
        province, year = os.environ.get("PROVINCE", ""), os.environ.get("YEAR", "")
    if args.command == "preview":
        return _preview(province, year, args.port)
    return _render(province, year, full=args.full or os.environ.get("FULL", "") not in ("", "0"))


def _province_and_year(command, from_env_help: str) -> None:
    """The arguments a command on one report takes: the province, the year, or both from the environment."""
    command.add_argument("province", nargs="?", help="mã tỉnh, ví dụ quangninh")
    command.add_argument("year", nargs="?", help="năm đánh giá, ví dụ 2019")
    command.add_argument("--from-env", action="store_true", help=from_env_help)


def _batch(batch, jobs, args) -> int:
    """The batch, SIGTERM handled as Ctrl-C is (the renders are stopped, the index rewritten)."""
    saved = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return batch.main(
            jobs=jobs, force=args.force, dry_run=args.dry_run, wait=args.wait, out=lambda line: print(line, flush=True)
        )
    except batch.BatchBusy as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except OSError as exc:  # the reports folder read-only, a full disk ...
        from .render.pipeline import shown_path

        print(f"Lỗi: {os_error_message(exc, shown_path, paths.REPORTS_DIR)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, saved if saved is not None else signal.SIG_DFL)


def _preview(province, year, port) -> int:
    """The preview server until Ctrl-C or SIGTERM; a wrong parameter or a busy port ends with a message."""
    from .render.preview import serve

    saved = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return serve(province, year, port=port, log=lambda line: print(line, flush=True))
    except ParameterError as exc:
        print(f"Lỗi tham số: {exc}", file=sys.stderr)
        return EXIT_PARAMETERS
    except ReportError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, saved if saved is not None else signal.SIG_DFL)


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def _render(province, year, full: bool = False) -> int:
    """Render one report; every failure ends with a message and an exit code, never a traceback.

    SIGTERM stops a render as Ctrl-C does: the run cleans up, keeps what it had in
    reports/<province>/<year>.failed/, and exits with 128 + the signal number.
    """
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return _render_reporting(province, year, full)
    finally:  # the handlers as they were (main() may be called by a test or another program)
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _render_reporting(province, year, full: bool = False) -> int:
    try:
        from .render.pipeline import render

        started = time.perf_counter()
        print(f"Tạo báo cáo {shown(province)} {shown(year)} ...", flush=True)
        result = render(province, year, full=full)
        print(
            f"Xong sau {time.perf_counter() - started:.1f} s: {result.target}/report.html, report.pdf, "
            "report.ipynb, figures.json"
        )
        return 0
    except ParameterError as exc:
        print(f"Lỗi tham số: {exc}", file=sys.stderr)
        return EXIT_PARAMETERS
    except ValidationFailed as exc:
        return _fail(str(exc), EXIT_INVALID_INPUT)
    except RenderBusy as exc:
        return _fail(f"Lỗi: {exc}", EXIT_BUSY)
    except ReportError as exc:
        return _fail(f"Lỗi: {exc}", EXIT_FAILED)
    except KeyboardInterrupt as exc:
        for number in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not interrupt the message
            signal.signal(number, signal.SIG_IGN)
        number = getattr(exc, "signal_number", signal.SIGINT)
        how = "theo yêu cầu (Ctrl-C)" if number == signal.SIGINT else f"vì nhận tín hiệu {signal.Signals(number).name}"
        detail = getattr(exc, "detail", "")
        print(f"Đã dừng {how}; báo cáo trước đó (nếu có) được giữ nguyên.", file=sys.stderr)
        if detail:
            print(detail, file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_INTERRUPTED)
    except OSError as exc:  # the reports folder read-only, a full disk ... before or after the render
        from .render.pipeline import shown_path

        return _fail(f"Lỗi: {os_error_message(exc, shown_path, paths.REPORTS_DIR)}", EXIT_FAILED)
    except Exception as exc:  # a bug: say what happened, without a traceback
        return _fail(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}", EXIT_FAILED)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    print(NOTHING_PUBLISHED, file=sys.stderr)
    return code
