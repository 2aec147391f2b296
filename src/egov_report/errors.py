"""Errors a user can act on: each carries a message fit to print without a traceback."""

from __future__ import annotations

import errno
import re
import signal
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

SHOWN_VALUE_LENGTH = 80  # a value quoted in a message is cut after this many characters
LISTED_PROBLEMS = 200  # problems listed on the terminal; all are in validation.json


class ReportError(Exception):
    """Base class: the message is meant for the analyst, in Vietnamese where it concerns data."""

    def _render_traceback_(self):
        # IPython (JupyterLab, papermill) shows this instead of a Python traceback.
        return [f"{type(self).__name__}: {self}"]


class FrameworkError(ReportError):
    """The framework file is malformed or inconsistent."""


class InputError(ReportError):
    """An input file cannot be read or does not have the expected shape."""


class ParameterError(ReportError):
    """PROVINCE or YEAR does not name a province-year under data/."""


class RenderBusy(ReportError):
    """Another render of the same province-year holds its lock."""


EXIT_BUSY = 75  # the exit status of a render that met a RenderBusy: try again later (EX_TEMPFAIL)


class ValidationFailed(ReportError):
    """One or more inputs broke a validation rule; ``problems`` lists them all."""

    def __init__(self, problems, detail: str = ""):
        self.problems = list(problems)
        lines = [f"Dữ liệu đầu vào không hợp lệ ({len(self.problems)} lỗi):"]
        lines += [f"  - {p}" for p in self.problems[:LISTED_PROBLEMS]]
        if len(self.problems) > LISTED_PROBLEMS:
            lines.append(f"  ... và {len(self.problems) - LISTED_PROBLEMS} lỗi nữa (đủ trong validation.json)")
        if detail:
            lines.append(detail)
        super().__init__("\n".join(lines))


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C, SIGTERM); ``detail`` says what was kept."""

    def __init__(self, signal_number: int = signal.SIGINT, detail: str = ""):
        super().__init__(signal_number)
        self.signal_number = int(signal_number)
        self.detail = detail

    @property
    def exit_code(self) -> int:
        return 128 + self.signal_number  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


def shown(value) -> str:
    """A value typed in an input, fit to quote in a message: control and format characters made
    visible (a terminal never receives an escape sequence or a direction override from data),
    long values cut."""
    text = "".join(_visible(c) for c in str(value))
    return text if len(text) <= SHOWN_VALUE_LENGTH else text[: SHOWN_VALUE_LENGTH - 1] + "…"


_CAUSES = {  # errno -> (the cause, what to do), for a file the system could not read or write
    errno.ENOSPC: ("ổ đĩa đã đầy", "giải phóng chỗ trống trên ổ đĩa rồi chạy lại"),
    errno.EDQUOT: ("đã hết hạn mức dung lượng", "giải phóng chỗ trống rồi chạy lại"),
    errno.EROFS: ("ổ đĩa chỉ cho phép đọc", "chọn thư mục báo cáo ghi được (biến môi trường EGOV_REPORTS_DIR)"),
    errno.EACCES: ("không có quyền truy cập", "kiểm tra quyền đọc, ghi của thư mục rồi chạy lại"),
    errno.EPERM: ("không được phép", "kiểm tra quyền đọc, ghi của thư mục rồi chạy lại"),
    errno.EXDEV: (
        "hai thư mục nằm trên hai ổ đĩa khác nhau",
        "đặt cả thư mục báo cáo (EGOV_REPORTS_DIR) trên cùng một ổ đĩa",
    ),
    errno.ENOENT: ("không tìm thấy", "kiểm tra lại đường dẫn"),
    errno.EMFILE: ("mở quá nhiều tệp cùng lúc", "chạy với ít tiến trình song song hơn"),
}


def os_error_message(error: OSError, shown_path=None, folder=None) -> str:
    """An OSError said in Vietnamese: the file or folder (``shown_path`` makes it relative to the
    project), the cause (disk full, read-only, no permission ...) and what to do.

    An error raised while writing an open file carries no file name (a full disk is found by
    ``write``, not by ``open``): ``folder``, the folder being written, is named in its place."""
    path = error.filename
    show = shown_path or str
    if path:
        where = show(path)
    elif folder is not None:
        where = f"tệp trong thư mục {show(folder)}"
    else:
        where = "tệp hoặc thư mục không rõ"
    cause, action = _CAUSES.get(error.errno, (error.strerror or type(error).__name__, "kiểm tra ổ đĩa rồi chạy lại"))
    return f"Không đọc, ghi được {where}: {cause}; {action}"


_ERRNO_TEXT_RE = re.compile(r"\[Errno (\d+)\] ([^:]*)(?:: '(.*?)')?(?: -> '.*')?$", re.DOTALL)


def os_error_from_text(text: str) -> OSError | None:
    """The OSError a notebook cell raised, from its text as the kernel reports it
    ("[Errno 28] No space left on device: '/path'"); None for any other text."""
    match = _ERRNO_TEXT_RE.match(str(text).strip())
    if not match:
        return None
    return OSError(int(match.group(1)), match.group(2), match.group(3))


def _visible(char: str) -> str:
    """A control character as \\xNN, an invisible format character (U+202E, U+200B) as \\uNNNN."""
    category = unicodedata.category(char)
    if category == "Cc":
        return f"\\x{ord(char):02x}"
    return f"\\u{ord(char):04x}" if category == "Cf" else char


def row_ranges(rows) -> str:
    """Row numbers as a reader scans them: 2–5, 9, 12–13."""
    numbers = sorted(set(rows))
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(f"{start}" if start == number else f"{start}–{number}")
            start = None
    return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One problem of one input, named as the analyst can find it: file, row, column, unit, value, rule."""

    unit_noun: ClassVar[str] = "đơn vị"  # how the unit column is named in the message
    level: str  # "error" or "warning"
    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    unit: str | None = None
    value: str | None = None
    rows: tuple[int, ...] = ()  # several rows with the same problem (reported once)
    expectation: str | None = None  # the Great Expectations expectation behind it, if any

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        elif self.rows:
            where.append(f"dòng {row_ranges(self.rows)}")
        if self.column:
            where.append(f"cột «{self.column}»")
        if self.unit:
            where.append(f"{self.unit_noun} {shown(self.unit)}")
        value = f": giá trị «{shown(self.value)}»" if self.value is not None else ""
        rule = "".join(_visible(c) for c in self.rule)  # a rule may quote data (a registry name)
        return f"{', '.join(where)}{value} — {rule}"
