"""Vietnamese alphabetical order, from ICU (PyICU): never sorted by code point, never hand-rolled.

Code-point order puts "Đức Trọng" after "Lâm Hà" (Đ is U+0110) and a tone mark before the next
letter. The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) puts
Đ right after D, and a tone mark weighs less than any letter: "Di Linh, Đạ Tẻh, Đức Trọng, Lâm
Hà". ICU's ``vi`` collation is that order; one collator serves the whole process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
LOCALE = "vi_VN"


@lru_cache(maxsize=1)
def _collator():
    import icu

    return icu.Collator.createInstance(icu.Locale(LOCALE))


def sort_key(text: str) -> bytes:
    """The key that puts texts in Vietnamese alphabetical order."""
    return _collator().getSortKey(str(text))


def sorted_vi(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Items in Vietnamese alphabetical order (of ``key(item)``, or of the items themselves)."""
    return sorted(items, key=lambda item: sort_key(key(item) if key else str(item)))
