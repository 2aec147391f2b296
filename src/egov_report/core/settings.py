"""``evaluation.yaml``, typed: one reader, one schema per kind, one wording of every message.

Every kind's loader and ``core.document`` read a province-year's settings through ``read_settings``
(or check a mapping already read with ``check_settings``). The schema is a pydantic (v2) model:
each field has its type, and nothing is guessed from a near miss:

- an enumerated value is matched exactly (``data_status: Reconstructed`` is refused, never read as
  another value), and the message lists the values allowed;
- a date is ``YYYY-MM-DD`` (as YAML writes a date: ``2019-10-30``); a window ends on or after its start;
- a list field refuses a plain string (``method: "một dòng"`` would print one letter per bullet);
- a file name refuses a list; a text field refuses a list, a mapping and ``true``/``false``
  (YAML reads ``yes``, ``no`` as booleans);
- a field the kind does not know is refused, naming the fields it knows (a misspelt
  ``data_stauts`` would otherwise leave the default in place without a word).

Every message names the file and the field's path: "data/x/2019/evaluation.yaml: data_status =
'Reconstructed' không hợp lệ (chỉ nhận: published, reconstructed)". Format: docs/input-format.md,
sections 4, 11, 12 and 13.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from ..errors import InputError, shown
from ..paths import display_path
from .textfiles import read_yaml

DATE_FORMAT = "YYYY-MM-DD"
DATA_STATUSES = ("published", "reconstructed")
COVERAGES = ("full", "partial", "head")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


# -- field types ------------------------------------------------------------------------------


def _rule(text: str, kind: str = "egov_rule") -> PydanticCustomError:
    """A broken rule, said after the field and its value: "method = 'x' <text>" (a rule of a whole
    section, ``kind="egov_section"``, after the field only: "window: <text>")."""
    return PydanticCustomError(kind, text.replace("{", "{{").replace("}", "}}"))


def _text(value: Any) -> str:
    if value is None:
        raise _rule("không được để trống")
    if isinstance(value, bool):
        raise _rule(
            "phải là một dòng chữ; YAML đọc yes, no, true, false là giá trị đúng/sai: hãy đặt chữ trong dấu ngoặc kép"
        )
    if isinstance(value, (list, tuple)):
        raise _rule("phải là một dòng chữ, không phải một danh sách")
    if isinstance(value, dict):
        raise _rule("phải là một dòng chữ, không phải một bảng khóa")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise _rule("phải là một dòng chữ")


def _filled(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise _rule("không được để trống")
    return text


def _code(value: Any) -> str:
    """A code as typed: a number is refused, since YAML has already dropped its leading zeros (06 → 6)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _rule('phải là chữ: hãy viết mã trong dấu ngoặc kép («"06"»), YAML đọc số 06 thành 6')
    return _filled(value)


def _file_name(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        raise _rule("phải là tên một tệp (một dòng chữ), không phải một danh sách: mỗi trường chỉ ghi một tệp")
    if isinstance(value, dict):
        raise _rule("phải là tên một tệp (một dòng chữ), không phải một bảng khóa")
    text = _text(value)
    if not text.strip():
        raise _rule("phải là tên một tệp, không được để trống")
    return text


def _lines(value: Any) -> list:
    if isinstance(value, str):
        raise _rule("phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »), không phải một dòng chữ")
    if not isinstance(value, list):
        raise _rule("phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _rule(f"phải là một ngày dạng {DATE_FORMAT} (ví dụ 2019-10-30), không kèm giờ")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE_RE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _rule("không phải một ngày có thật") from None
    raise _rule(f"không phải ngày dạng {DATE_FORMAT} (ví dụ 2019-10-30)")


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _rule("phải là một số nguyên")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _rule("phải là một số (viết bằng dấu chấm thập phân, không đặt trong ngoặc kép: 0.01)")
    if value < 0:
        raise _rule("không được âm")
    return float(value)


def _positive(value: Any) -> float:
    number = _number(value)
    if number <= 0:
        raise _rule("phải là một số dương")
    return number


def _scalar(value: Any) -> int | float | str:
    """A number or a text, as typed (a number compared as a number, a text as a text)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _text(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _rule("phải là true hoặc false")
    return value


def one_of(*allowed: str):
    """An enumeration matched exactly: a value differing only in letter case is another value, refused."""

    def check(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise _rule(f"không hợp lệ (chỉ nhận: {', '.join(allowed)})")

    return check


def mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise _rule("phải là một bảng khóa (các dòng «tên: giá trị»)")
    return value


def _citation_number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise _rule("phải là số thứ tự của nguồn (1, 2, …)")


Text = Annotated[str, BeforeValidator(_text)]
Filled = Annotated[str, BeforeValidator(_filled)]  # a text that may not be left blank (a code, a label)
Code = Annotated[str, BeforeValidator(_code)]
FileName = Annotated[str, BeforeValidator(_file_name)]
Lines = Annotated[list[Text], BeforeValidator(_lines)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Integer = Annotated[int, BeforeValidator(_integer)]
Number = Annotated[float, BeforeValidator(_number)]
Positive = Annotated[float, BeforeValidator(_positive)]
Scalar = Annotated[int | float | str, BeforeValidator(_scalar)]
Flag = Annotated[bool, BeforeValidator(_flag)]
DataStatus = Annotated[str, BeforeValidator(one_of(*DATA_STATUSES))]
Coverage = Annotated[str, BeforeValidator(one_of(*COVERAGES))]
CitationNumber = Annotated[int, BeforeValidator(_citation_number)]


class Section(BaseModel):
    """A mapping of known fields: an unknown one is refused, naming the fields known."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # an unknown field is refused, naming those known

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise _rule("phải là một bảng khóa (các dòng «tên: giá trị»)")
        return data


class ProvinceSection(Section):
    """``province:`` of every kind's framework.yaml: its code (the data folder), names as written."""

    code: Filled
    name: Filled
    name_full: Text | None = None


class Window(Section):
    start: Date | None = None
    end: Date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Window:
        if self.start and self.end and self.start > self.end:
            raise _rule(
                f"kết thúc ({self.end.isoformat()}) trước khi bắt đầu ({self.start.isoformat()}): "
                "hãy kiểm tra lại start và end",
                "egov_section",
            )
        return self


class Issuer(Section):
    governing_body: Text | None = None
    issuing_body: Text | None = None
    issuing_body_name: Text | None = None
    abbreviation: Text | None = None
    number: Text | None = None
    place: Text | None = None
    date: Date | None = None
    signer_authority: Text | None = None
    signer_title: Text | None = None
    signer_name: Text | None = None
    recipients: Lines | None = None


class TableSource(Section):
    """One table of the year: its file, the sheet of a workbook."""

    file: FileName
    sheet: Text | None = None


class SummaryLabels(Section):
    """Labels of a score table's bottom rows that state a figure of the tier, added to the built-in ones."""

    mean: Lines | None = None  # the tier's mean of each column ("Bình quân chung")
    sum: Lines | None = None  # each column's sum ("Tổng cộng")


class TierSource(TableSource):
    coverage: Coverage | None = None
    coverage_note: Text | None = None
    summary_rows: SummaryLabels | None = None

    @model_validator(mode="after")
    def _subset_said(self) -> TierSource:
        if self.coverage in ("partial", "head") and not (self.coverage_note or "").strip():
            raise _rule(
                f"coverage: {self.coverage} cần coverage_note: một cụm từ nói phần được đánh giá (ví dụ "
                "«thí điểm ở một phần các đơn vị cấp xã»), báo cáo chèn nó vào câu",
                "egov_section",
            )
        return self


class Settings(Section):
    """What every kind's ``evaluation.yaml`` may hold (sections 4 and 13 of docs/input-format.md).

    As such it keeps a field it does not know: ``core.document`` reads the official form's fields
    of any kind's file. Each kind's loader reads with its own subclass, which refuses them.
    """

    kind: ClassVar[str] = ""
    model_config = ConfigDict(extra="allow", frozen=True)

    year: Integer | None = None
    data_status: DataStatus | None = None
    data_note: Text | None = None
    method: Lines | None = None
    findings: FileName | None = None
    sample_annex: Flag | None = None
    issuer: Issuer | None = None
    legal_basis: Lines | None = None
    reader_note: Text | None = None
    reader_source: Text | None = None
    reader_citations: Annotated[dict[CitationNumber, Text], BeforeValidator(mapping)] | None = None


# -- reading and messages -----------------------------------------------------------------------


def read_settings(path: Path, model: type[Settings] = Settings) -> dict:
    """A province-year's ``evaluation.yaml``, read safely and checked against ``model``.

    Returns the fields given (None and absent fields left out: a field left blank is as good as
    absent), with their types: dates as ``datetime.date``, lists as lists of text. Raises
    ``InputError`` listing every field that breaks its type, one line each.
    """
    return check_settings(read_yaml(path), display_path(path), model)


SETTINGS_FILE = "evaluation.yaml"


def read_year_settings(directory: Path, model: type[Settings] = Settings) -> tuple[Path, dict]:
    """A year folder's ``evaluation.yaml`` read with ``model`` (see ``read_settings``), and its
    ``year``, when given, the folder's: a file copied from another year and not edited would
    otherwise have the report read last year's tables under this year's name.

    Every kind's loader reads a year so; returns the file's path and its fields.
    """
    path = Path(directory) / SETTINGS_FILE
    settings = read_settings(path, model)
    declared = settings.get("year")
    if declared is not None and str(declared) != Path(directory).name:
        raise InputError(
            f"{display_path(path)}: year = {declared} khác năm của thư mục ({Path(directory).name}); "
            "tệp này có thể được chép từ năm khác: hãy sửa year và kiểm tra lại các tệp của năm"
        )
    return path, settings


def check_settings(data: dict, where: str, model: type[Section] = Settings, error=InputError, first: int = 1) -> dict:
    """``data`` (an ``evaluation.yaml`` as read) checked against ``model``: see ``read_settings``.

    ``error``: the exception raised (``FrameworkError`` for a framework); ``first``: how a list's
    first item is numbered in messages (1 as a reader counts; a framework's messages count from 0).
    """
    try:
        checked = model.model_validate(data)
    except ValidationError as exc:
        raise error("\n".join(messages(exc, data, where, model, first))) from None
    return checked.model_dump(exclude_none=True)


def messages(error: ValidationError, data: Any, where: str, model: type[Section], first: int = 1) -> list[str]:
    """Each problem as one line: the file, the field's path, the value as typed, the rule."""
    lines = []
    for problem in error.errors(include_url=False):
        lines.append(f"{where}: {_sentence(problem, tuple(problem['loc']), data, model, first)}")
    return list(dict.fromkeys(lines))


def field_path(loc: tuple, data: Any, first: int = 1) -> str:
    """A field's path as the analyst finds it: sources.communes.file, figures[3].tolerance (a list's
    items counted from ``first``)."""
    path, value = "", data
    for part in loc:
        if isinstance(value, list) and isinstance(part, int):
            path += f"[{part + first}]"
            value = value[part] if part < len(value) else None
        else:
            path += f".{part}" if path else str(part)
            value = value.get(part) if isinstance(value, dict) else None
    return path


def _sentence(problem: Mapping[str, Any], loc: tuple, data: Any, model: type[Section], first: int = 1) -> str:
    key = loc[-1:] == ("[key]",)  # a mapping's key (reader_citations: its numbers)
    field = field_path(loc[:-2] if key else loc, data, first)
    loc = tuple(str(part) for part in loc)
    kind = problem["type"]
    if kind == "missing":
        return f"thiếu trường bắt buộc '{field}'"
    if kind == "extra_forbidden":
        known = ", ".join(_section_at(model, loc[:-1]).model_fields)
        kind_name = getattr(model, "kind", "")
        with_kind = f" với loại báo cáo {kind_name}" if kind_name and len(loc) == 1 else ""
        return f"trường '{field}' không được hỗ trợ{with_kind} (các trường: {known})"
    rule = problem["msg"] if kind in ("egov_rule", "egov_section") else _builtin_rule(kind)
    if not field:
        return f"nội dung {rule}"
    if key:
        return f"{field}: khóa {shown_value(problem.get('input'))} {rule}"
    if kind == "egov_section":
        return f"{field}: {rule}"  # a rule of the section as a whole (a window's order)
    return f"{field} = {shown_value(problem.get('input'))} {rule}"


def _section_at(model: type[Section], parts: tuple[str, ...]) -> type[Section]:
    """The section a field's path leads to (a mapping's key, such as a tier's code, skipped)."""
    for part in parts:
        field = model.model_fields.get(part)
        if field is None:
            continue  # a key of a mapping of sections (sources.<tier>)
        model = _section_in(field.annotation) or model
    return model


def _section_in(annotation: Any) -> type[Section] | None:
    if isinstance(annotation, type) and issubclass(annotation, Section):
        return annotation
    for argument in get_args(annotation):
        found = _section_in(argument)
        if found is not None:
            return found
    return None


def _builtin_rule(kind: str) -> str:
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "phải là một bảng khóa (các dòng «tên: giá trị»)"
    if kind in ("list_type",):
        return "phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)"
    if kind.startswith("int"):
        return "phải là một số nguyên"
    if kind.startswith("bool"):
        return "phải là true hoặc false"
    if kind.startswith("string"):
        return "phải là một dòng chữ"
    return "không hợp lệ"


def shown_value(value: Any) -> str:
    """A value as a message quotes it: a text in quotes, a number or a date as written (a whole number
    read as a float without its ".0"), a blank said so."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return f"'{shown(value)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(để trống)"
    return shown(repr(value))
