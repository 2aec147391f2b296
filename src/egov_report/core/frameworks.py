"""What every kind's framework file shares: who the report is about, and one reader of its fields.

Every kind reads its ``framework.yaml`` through ``read_framework``: ``yaml.safe_load`` (no code from
data is ever executed), then the kind's pydantic model (``core.settings``: the field types and the
wording of ``evaluation.yaml``'s messages), so each field is typed once and every message says the
file, the field's path, the value and the rule the same way, whatever the kind. A field the kind
does not know is refused: a misspelt optional field (``top_m:`` for ``top_n:``) would otherwise be
silently ignored and the report would quietly differ from what the analyst wrote. What a model
cannot say (a rule between fields: floors decreasing, a target within 0..100) the kind checks after,
with ``framework_error``, in the same wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import ConfigDict

from ..errors import FrameworkError
from ..paths import display_path
from .settings import Filled, ProvinceSection, Section, Text, check_settings, shown_value
from .textfiles import normalise_text, read_yaml


class Coded(Protocol):
    """A tier, an indicator, a category ...: anything looked up by its code."""

    @property
    def code(self) -> str: ...


T = TypeVar("T", bound=Coded)


@dataclass(frozen=True)
class Subject:
    """Who and what a report is about, as every kind's framework states it (``core.records.record_meta``)."""

    kind: str
    province_code: str
    province_name: str
    province_name_full: str
    title: str
    subject: str


@dataclass(frozen=True)
class Labelled:
    """An item of a framework found by its code and named by its label: a tier, a criteria group, a
    band, a category, an indicator."""

    code: str
    label: str


class LabelledSection(Section):
    """A ``Labelled`` item as the file types it: its code and label, neither left blank."""

    code: Filled
    label: Filled


class FrameworkModel(Section):
    """What every kind's framework.yaml holds besides ``kind``: the province, the report's title and
    subject. A kind's model extends it with its own fields; any other field is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province: ProvinceSection
    title: Filled
    subject: Text | None = None


def subject_fields(kind: str, raw: dict) -> dict[str, str]:
    """``Subject``'s fields from a framework read by ``read_framework``: the names as the report
    compares them (``normalise_text``), the full name defaulting to the name, the subject to the title."""
    province = raw["province"]
    fields = {
        "province_code": province["code"],
        "province_name": province["name"],
        "province_name_full": province.get("name_full") or province["name"],
        "title": raw["title"],
        "subject": raw.get("subject") or raw["title"],
    }
    return {"kind": kind} | {name: normalise_text(value) for name, value in fields.items()}


def by_code(items: Iterable[T], code: str) -> T:
    """The item (tier, indicator, category ...) with this code; KeyError when there is none."""
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


def read_framework(path: Path, kind: str, model: type[Section]) -> tuple[str, dict]:
    """``path`` read and checked against ``model`` (every field but ``kind``, which must be ``kind``).

    Returns the file as messages name it and the fields given, typed (None and absent ones left
    out). Raises ``FrameworkError`` listing every field that breaks its type, one line each; a
    list's items are counted from 0 (``tiers[0]``), as the framework's own examples count them.
    """
    where = display_path(path)
    raw = read_yaml(path, error=FrameworkError)
    if raw.get("kind") is None:
        raise FrameworkError(f"{where}: thiếu trường bắt buộc 'kind' (loại báo cáo: {kind})")
    if raw.get("kind") != kind:
        raise FrameworkError(f"{where}: kind = {shown_value(raw.get('kind'))} không phải loại báo cáo {kind}")
    fields = {key: value for key, value in raw.items() if key != "kind"}
    return where, check_settings(fields, where, model, error=FrameworkError, first=0)


_NO_VALUE = object()


def framework_error(where: str, field: str, rule: str, value: Any = _NO_VALUE) -> FrameworkError:
    """A rule between fields broken, in the wording of every other message: "<file>: <field> = <value>
    <rule>", or "<file>: <field>: <rule>" when the rule is about the field as a whole."""
    if value is _NO_VALUE:
        return FrameworkError(f"{where}: {field}: {rule}")
    return FrameworkError(f"{where}: {field} = {shown_value(value)} {rule}")
