"""What every kind's framework file shares: who the report is about, and how its fields are checked.

Each kind reads its own ``framework.yaml`` (``kinds/<kind>/framework.py``), with ``yaml.safe_load``
(no code from data is ever executed). Every kind refuses a field it does not know: a misspelt
optional field (``top_m:`` for ``top_n:``) would otherwise be silently ignored and the report
would quietly differ from what the analyst wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..errors import FrameworkError


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


def by_code(items: Iterable[T], code: str) -> T:
    """The item (tier, indicator, category ...) with this code; KeyError when there is none."""
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


def field_name(context: str, key: str) -> str:
    """How a message names a field: ``tiers[0].groups`` or, at the top level, ``title``."""
    return f"{context}.{key}" if context else str(key)


def only_known(mapping: dict, known: Iterable[str], context: str, where: str, kind: str) -> None:
    """Refuse a field the kind does not know, naming the file, the field and the fields it knows."""
    known = tuple(known)
    for key in mapping:
        if key not in known:
            raise FrameworkError(
                f"{where}: trường '{field_name(context, key)}' không được hỗ trợ với loại báo cáo {kind} "
                f"(các trường: {', '.join(known)})"
            )
