"""Reading text files typed or exported by people: one decoding rule for every input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from .errors import InputError
from .paths import display_path


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM, as NFC; anything else is refused, never guessed."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{display_path(path)}: tệp không phải UTF-8 hoặc UTF-16 hợp lệ (byte lỗi ở vị trí {exc.start}); "
            "hãy lưu lại dưới dạng CSV UTF-8"
        ) from None
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{display_path(path)}: không tìm thấy tệp") from None
    return decode(data, path)


def read_yaml(path: Path, error=InputError):
    """A YAML mapping, read safely (no tags that build Python objects)."""
    where = display_path(path)
    try:
        data = yaml.safe_load(read_text(path))
    except InputError as exc:
        raise error(str(exc)) from None
    except yaml.YAMLError as exc:
        raise error(f"{where}: tệp YAML không đọc được ({exc})") from None
    if not isinstance(data, dict):
        raise error(f"{where}: nội dung phải là một bảng khóa: giá trị (mapping)")
    return data
