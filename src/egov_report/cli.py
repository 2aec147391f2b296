"""Command line: ``python -m egov_report render PROVINCE YEAR``.

``make report`` passes PROVINCE and YEAR through the environment (``--from-env``) so that
no value typed on the make command line is ever read by a shell.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .errors import ParameterError, ReportError, ValidationFailed

EXIT_FAILED, EXIT_PARAMETERS, EXIT_INVALID_INPUT, EXIT_INTERRUPTED = 1, 2, 3, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="egov-report", description="Tạo báo cáo đánh giá theo tỉnh và năm.")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="tạo báo cáo HTML và PDF của một tỉnh, một năm")
    render.add_argument("province", nargs="?", help="mã tỉnh, ví dụ quangninh")
    render.add_argument("year", nargs="?", help="năm đánh giá, ví dụ 2019")
    render.add_argument("--from-env", action="store_true", help="đọc PROVINCE và YEAR từ biến môi trường")
    commands.add_parser("list", help="liệt kê các tỉnh, năm có dữ liệu")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        from .loading import available_province_years

        for province, year in available_province_years():
            print(province, year)
        return 0
    province, year = args.province, args.year
    if args.from_env:
        province, year = os.environ.get("PROVINCE", ""), os.environ.get("YEAR", "")
    try:
        from .pipeline import render

        started = time.perf_counter()
        print(f"Tạo báo cáo {province} {year} ...", flush=True)
        result = render(province, year)
        print(f"Xong sau {time.perf_counter() - started:.1f} s: {result.target}/report.html, report.pdf, "
              "report.ipynb, figures.json")
        return 0
    except ParameterError as exc:
        print(f"Lỗi tham số: {exc}", file=sys.stderr)
        return EXIT_PARAMETERS
    except ValidationFailed as exc:
        print(str(exc), file=sys.stderr)
        print("Không tạo báo cáo; báo cáo trước đó (nếu có) được giữ nguyên.", file=sys.stderr)
        return EXIT_INVALID_INPUT
    except ReportError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        print("Không tạo báo cáo; báo cáo trước đó (nếu có) được giữ nguyên.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; báo cáo trước đó (nếu có) được giữ nguyên.", file=sys.stderr)
        return EXIT_INTERRUPTED
