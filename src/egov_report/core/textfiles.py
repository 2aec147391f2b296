"""Reading text files typed or exported by people: one decoding rule for every input.

Accepted: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark. Refused,
with the line where it shows: anything else (Windows-1258, TCVN3, VNI ...), a NUL byte (UTF-16
without a byte-order mark, or not a text file), and UTF-8 text that was once misread as
Windows-1252 and saved again ("PhÆ°á»ng" for "Phường"). The encoding is never guessed, so a
report never shows mojibake.

Every input file of a report is read through ``read_input``: once, as bytes, within a size
limit (``core.limits``), only when it is a regular file (a FIFO would block for ever, a device
never ends) and only when it resolves inside its province's folder (a symlink to /etc/passwd
or to another province is refused). The SHA-256 of the bytes read is remembered, so that the
provenance and ``inputs.json`` describe exactly the bytes the figures were computed from.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml

from .. import paths
from ..errors import InputError
from ..paths import display_path
from . import limits

RESAVE_HINT = "hãy lưu lại tệp với bảng mã UTF-8 (bảng tính: chọn «CSV UTF-8»)"


def normalise_text(text: str) -> str:
    """NFC, no-break spaces as spaces, runs of white space folded: how names are compared."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return " ".join(text.split())


def normalise_label(text: str) -> str:
    """``normalise_text`` case-folded: how headers and labels are matched."""
    return normalise_text(text).casefold()


def invisible_character(text: str, allowed: str = "") -> str | None:
    """The first control (Cc), format (Cf: bidi controls, zero-width characters) or private-use (Co:
    no font draws it, and core.builder marks figures with it) character, or None."""
    return next((c for c in text if c not in allowed and unicodedata.category(c) in ("Cc", "Cf", "Co")), None)


def name_rule_broken(name: str) -> str | None:
    """Why a name cannot reach a report, or None: an invisible control or format character (a
    right-to-left override turns "91/100" into "001/19" beside it; U+200B prints as nothing), or
    no letter or digit at all."""
    hidden = invisible_character(str(name))
    if hidden is not None:
        return (
            f"tên chứa ký tự điều khiển hoặc ký tự định dạng vô hình (U+{ord(hidden):04X}), có thể làm đảo "
            "hoặc ẩn chữ trong báo cáo; hãy gõ lại tên"
        )
    if not any(c.isalnum() for c in str(name)):
        return "tên phải có ít nhất một chữ cái hoặc chữ số"
    return None


# -- decoding ------------------------------------------------------------------------------


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM, as NFC; anything else is refused, never guessed."""
    where = display_path(path)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            f"{where}: tệp chứa byte NUL ở dòng {line}: có thể là UTF-16 không có BOM, hoặc không phải tệp văn "
            f"bản; {RESAVE_HINT}"
        )
    try:
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where}: tệp không phải UTF-8 hoặc UTF-16 hợp lệ (byte 0x{data[exc.start]:02X} không hợp lệ ở dòng "
            f"{line}); có thể tệp được lưu bằng bảng mã cũ (Windows-1258, TCVN3, VNI): {RESAVE_HINT}"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{where}: tệp chứa ký tự NUL ở dòng {line}: không phải tệp văn bản; {RESAVE_HINT}")
    _refuse_mojibake(text, where)
    return unicodedata.normalize("NFC", text)


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # bytes cp1252 leaves undefined come through as the Latin-1 control


_CONTINUATION = "".join(_cp1252_char(b) for b in range(0x80, 0xC0))
_MOJIBAKE_RE = re.compile(
    f"[\u00c2-\u00df][{re.escape(_CONTINUATION)}]|[\u00e0-\u00ef][{re.escape(_CONTINUATION)}]{{2}}"
)


def _vietnamese_letter(char: str) -> bool:
    code = ord(char)
    return 0x00C0 <= code <= 0x01B0 or 0x1EA0 <= code <= 0x1EF9 or 0x0300 <= code <= 0x0323


def find_mojibake(text: str) -> int | None:
    """Where UTF-8 bytes of a Vietnamese letter were read as Windows-1252 ("Æ°" for "ư"), or None."""
    for match in _MOJIBAKE_RE.finditer(text):
        raw = bytes(ord(c) if ord(c) < 0x100 else c.encode("cp1252")[0] for c in match.group())
        try:
            repaired = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _vietnamese_letter(repaired):
            return match.start()
    return None


def mojibake_word(text: str, position: int) -> str:
    """The word around a position, to quote in a message."""
    start = max(text.rfind(c, 0, position) for c in " ,;\t\n") + 1
    ends = [i for i in (text.find(c, position) for c in " ,;\t\r\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)][:40]


def _refuse_mojibake(text: str, where: str) -> None:
    position = find_mojibake(text)
    if position is None:
        return
    line = text[:position].count("\n") + 1
    raise InputError(
        f"{where}: dòng {line} có chữ bị lỗi mã hóa («{mojibake_word(text, position)}»): văn bản UTF-8 đã bị đọc "
        "nhầm bằng bảng mã Windows-1252 rồi lưu lại; hãy lấy lại tệp gốc, hoặc sửa các chữ lỗi rồi lưu với bảng mã UTF-8"
    )


def read_text(path: Path, limit: int | None = None) -> str:
    return decode(read_input(path, limit), path)


def read_authored_text(path: Path) -> str:
    """A YAML or Markdown file (settings, framework, findings): text that reaches a report as
    written, so within the document size limit and without invisible characters."""
    text = read_text(path, limits.max_document_bytes())
    refuse_invisible(text, display_path(path))
    return text


def refuse_invisible(text: str, where: str) -> None:
    """A control character (other than tab and line breaks) or an invisible format character
    (U+202E reverses the text after it, U+200B prints as nothing) is refused with its line."""
    for number, line in enumerate(text.split("\n"), start=1):
        hidden = invisible_character(line.rstrip("\r"), allowed="\t")
        if hidden is not None:
            raise InputError(
                f"{where}, dòng {number}: có ký tự điều khiển hoặc ký tự định dạng vô hình (U+{ord(hidden):04X}), có "
                "thể làm đảo hoặc ẩn chữ trong báo cáo; hãy xóa ký tự đó (gõ lại dòng này)"
            )


# -- reading an input file once, within bounds ---------------------------------------------------

_DIGESTS: dict[str, tuple[str, int]] = {}  # resolved path -> (SHA-256, size) of the bytes last read


def read_input(path: Path, limit: int | None = None) -> bytes:
    """The bytes of an input file, read once; refused when not a regular file, too large or outside its province."""
    where = display_path(path)
    limit = limit or limits.max_input_bytes()
    info = _stat(path, where)
    _refuse_special(info, where)
    _refuse_outside_province(Path(path), where)
    _refuse_too_large(info.st_size, limit, where)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in never blocks
        with os.fdopen(descriptor, "rb") as handle:
            _refuse_special(os.fstat(handle.fileno()), where)
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{where}: không đọc được tệp ({exc.strerror or type(exc).__name__})") from None
    _refuse_too_large(len(data), limit, where)
    _DIGESTS[str(Path(path).resolve())] = (hashlib.sha256(data).hexdigest(), len(data))
    return data


def digest_read(path: Path) -> tuple[str, int] | None:
    """(SHA-256, size) of the bytes ``read_input`` last read from this file in this process, or None."""
    return _DIGESTS.get(str(Path(path).resolve()))


def _stat(path: Path, where: str) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{where}: không tìm thấy tệp") from None
    except PermissionError:
        raise InputError(f"{where}: không có quyền đọc tệp; hãy kiểm tra quyền truy cập của tệp") from None
    except OSError as exc:
        raise InputError(f"{where}: không đọc được tệp ({exc.strerror or type(exc).__name__})") from None


def _refuse_special(info: os.stat_result, where: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{where}: là một thư mục, không phải tệp")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{where}: không phải tệp dữ liệu thông thường (FIFO, thiết bị hoặc socket); hãy thay bằng tệp dữ liệu"
        )


def _refuse_too_large(size: int, limit: int, where: str) -> None:
    if size > limit:
        raise InputError(
            f"{where}: tệp quá lớn ({size / limits.MB:.1f} MB, giới hạn {limit / limits.MB:.0f} MB); hãy kiểm tra "
            "lại tệp (docs/input-format.md, mục 9 nói cách nâng giới hạn)"
        )


def _refuse_outside_province(path: Path, where: str) -> None:
    """A file under the data folder must resolve (symlinks followed) inside its province's folder."""
    data = Path(os.path.abspath(paths.DATA_DIR))
    try:
        relative = Path(os.path.abspath(path)).relative_to(data)
    except ValueError:
        return  # not under the data folder (a test's own folder): nothing to confine it to
    if len(relative.parts) < 2:
        return
    province = (data / relative.parts[0]).resolve()
    if not Path(path).resolve().is_relative_to(province):
        raise InputError(
            f"{where}: tệp trỏ (liên kết tượng trưng) ra ngoài thư mục của tỉnh data/{relative.parts[0]}/; "
            "chỉ đọc tệp nằm trong thư mục đó: hãy chép tệp vào thay cho liên kết"
        )


# -- YAML ----------------------------------------------------------------------------------


class _AliasRefused(yaml.composer.ComposerError):
    """An alias the loader does not expand (its message is the problem, said in Vietnamese)."""


class _StrictSafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader (no tag builds a Python object) that also refuses a key given twice, and an
    alias (*name) that repeats a list or a mapping ("billion laughs": a few lines expanding to
    gigabytes); an alias may repeat a scalar, at most ``limits.max_yaml_aliases()`` times."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            self._aliases = getattr(self, "_aliases", 0) + 1
            anchored = self.anchors.get(event.anchor)
            if anchored is not None and not isinstance(anchored, yaml.nodes.ScalarNode):
                raise _AliasRefused(
                    None,
                    None,
                    f"bí danh YAML '*{event.anchor}' lặp lại một danh sách hoặc bảng khóa: không được "
                    "phép (chỉ được lặp lại một giá trị đơn); hãy viết đầy đủ nội dung",
                    event.start_mark,
                )
            if self._aliases > limits.max_yaml_aliases():
                raise _AliasRefused(
                    None, None, f"quá nhiều bí danh YAML (*...): hơn {limits.max_yaml_aliases()}", event.start_mark
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"khóa '{key}' bị lặp trong cùng một bảng khóa", key_node.start_mark
                )
            try:
                seen.add(key)
            except TypeError:
                pass
        return super().construct_mapping(node, deep=deep)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    tag = re.search(r"for the tag '([^']*)'", problem)
    if tag:
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        problem = f"thẻ YAML '{name}' không được phép; tệp chỉ được chứa dữ liệu (chuỗi, số, danh sách, bảng khóa)"
    elif not isinstance(exc, (yaml.constructor.ConstructorError, _AliasRefused)):
        problem = f"sai cú pháp ({problem})"
    return f"tệp YAML không đọc được{where}: {problem}"


def read_yaml(path: Path, error=InputError):
    """A YAML mapping, read safely (no tags that build Python objects, no repeated keys)."""
    where = display_path(path)
    try:
        data = yaml.load(read_authored_text(path), Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except InputError as exc:
        raise error(str(exc)) from None
    except yaml.YAMLError as exc:
        raise error(f"{where}: {_yaml_problem(exc)}") from None
    if not isinstance(data, dict):
        raise error(f"{where}: nội dung phải là một bảng khóa: giá trị (mapping)")
    return data
