"""Vietnamese number and date formatting (73,80 / 1.537 / 4,5% / +5,00 / 30/10/2019), via Babel.

One number style per report (docs/style.md): a score has two decimals wherever it stands
(``score``), a share one decimal taken once from the unrounded value (``percent``), a change
its sign, with a true minus and never "-0" (``signed``). Every function here rounds exactly
once, from the value it is given, so that a number never reaches the page rounded twice.
A change or a difference is that of the two values as printed (``printed_difference``), so a
reader can check it with the numbers on the page (docs/decisions.md, "Rounding").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "vi_VN"
MINUS = "\u2212"  # "−": a sign, not a hyphen, in changes (+5,00; −1,90)
SCORE_DIGITS = 2
SHARE_DIGITS = 1


def number(value, digits: int = 2) -> str:
    """73,83 / 92 / 1.537: up to ``digits`` decimals, no trailing zeros."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "#" * digits, locale=LOCALE)


def fixed(value, digits: int = 2) -> str:
    """Exactly ``digits`` decimals (0,7699), for aligned table columns."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


def as_printed(value, digits: int = SCORE_DIGITS) -> float | None:
    """The value a page shows with ``digits`` decimals, as a number: read back from ``fixed`` itself,
    so it is rounded exactly as printed (2.675 -> 2.68, as Babel rounds the decimal text)."""
    if value is None:
        return None
    return float(fixed(value, digits).replace(".", "").replace(",", "."))


def printed_difference(now, before, digits: int = SCORE_DIGITS, before_digits: int | None = None) -> float | None:
    """``now`` − ``before`` as a reader computes it from the page: the difference of the two values
    as printed (``digits`` decimals; ``before_digits`` when the earlier one is printed otherwise),
    exact to the finer of the two (55,4469 and 47,9437 print 55,45 and 47,94: a change of 7,51)."""
    if now is None or before is None:
        return None
    before_digits = digits if before_digits is None else before_digits
    shown = Decimal(str(as_printed(now, digits))) - Decimal(str(as_printed(before, before_digits)))
    return float(shown)


def score(value) -> str:
    """A score as the report prints it: 43,80 / 30,00 / 115,95, two decimals always."""
    if value is None:
        return "—"
    return fixed(_zero_unsigned(value, SCORE_DIGITS), SCORE_DIGITS)


def percent(share, digits: int = SHARE_DIGITS) -> str:
    """A share (0.04545) as a Vietnamese percentage with fixed decimals (4,5%), rounded once."""
    if share is None:
        return "—"
    return fixed(_zero_unsigned(share * 100, digits), digits) + "%"


def rounded_shares(counts: list[int], digits: int = SHARE_DIGITS) -> list[float]:
    """Percentages of a whole (the bands of one tier) with ``digits`` decimals that add up to
    exactly 100: each rounded down, then the units of the last place left over go to the largest
    remainders (Hamilton's method). Equal remainders go to the larger part first, so that equal
    counts keep equal shares where they can: 4, 22, 4 of 30 -> 13,3 / 73,4 / 13,3."""
    total = sum(counts)
    if not total:
        return [0.0 for _ in counts]
    scale = 10**digits
    exact = [Decimal(c) * 100 * scale / Decimal(total) for c in counts]
    floors = [int(e) for e in exact]
    left = 100 * scale - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), -counts[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [f / scale for f in floors]


def _zero_unsigned(value, digits: int):
    """A value that prints as zero carries no sign: -0,001 is "0,00", never "-0,00"."""
    return 0.0 if round(float(value), digits) == 0 else value


def _signed(text: str, positive: bool) -> str:
    if text.startswith("-"):
        return MINUS + text[1:]
    return "+" + text if positive else text


def signed(value, digits: int = SCORE_DIGITS) -> str:
    """+5,00 / −1,90 / 0,00: a change in points, for tables, with fixed decimals."""
    if value is None:
        return "—"
    value = _zero_unsigned(value, digits)
    return _signed(fixed(value, digits), value > 0)


def signed_percent(share, digits: int = SHARE_DIGITS) -> str:
    if share is None:
        return "—"
    share = _zero_unsigned(share * 100, digits) / 100
    return _signed(percent(share, digits), share > 0)


def signed_count(value) -> str:
    """+13 / −8 / 0: a change of a whole number (ranks, units), with a true minus."""
    if value is None:
        return "—"
    return _signed(number(value, 0), value > 0)


def change_words(value, unit: str = "điểm", digits: int = SCORE_DIGITS) -> str:
    """'tăng 5,00 điểm' / 'giảm 1,90 điểm' / 'không đổi': a change as a sentence says it.
    Whole units (digits=0: 'tăng 2 đơn vị') have no decimals."""
    if value is None:
        return ""
    if round(value, digits) == 0:
        return "không đổi"
    verb = "tăng" if value > 0 else "giảm"
    return f"{verb} {fixed(abs(value), digits)} {unit}".rstrip()


def change_pct_words(share, digits: int = SHARE_DIGITS) -> str:
    if share is None:
        return ""
    if round(share * 100, digits) == 0:
        return "không đổi"
    return f"{'tăng' if share > 0 else 'giảm'} {percent(abs(share), digits)}"


def date_vi(value) -> str:
    if not value:
        return ""
    return format_date(dt.date.fromisoformat(str(value)), format="dd/MM/yyyy", locale=LOCALE)


def capital(text: str) -> str:
    """First letter upper case, the rest untouched ("UBND huyện" stays "UBND huyện")."""
    return text[:1].upper() + text[1:] if text else text


# Administrative unit words (Luật Tổ chức chính quyền địa phương): written with a small letter
# inside a sentence ("huyện Đức Trọng và thành phố Bảo Lộc"), a capital in a list or a table.
UNIT_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Tỉnh", "Xã", "Phường")
_UNIT_WORD = re.compile(r"(^|\()(" + "|".join(UNIT_WORDS) + r")(?= )")
# Ordinals say "nhất" and "tư" where the number says "một" and "bốn"; a rank says "nhì".
_ORDINAL = {1: "nhất", 2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


def in_sentence(name: str) -> str:
    """A unit's registry name as running text writes it: "Xã Điền Công (Thành phố Uông Bí)" ->
    "xã Điền Công (thành phố Uông Bí)"; agencies ("Sở Tài chính") keep their capital."""
    return _UNIT_WORD.sub(lambda m: m.group(1) + m.group(2).lower(), name)


def ordinal(rank: int) -> str:
    """'thứ nhất', 'thứ hai', 'thứ tư' up to ten, then 'thứ 11'."""
    return f"thứ {_ORDINAL.get(rank, number(rank, 0))}"


def shared_rank(rank: int) -> str:
    """A shared place: 'đồng hạng nhất', 'đồng hạng nhì', 'đồng hạng tư', 'đồng hạng 12'."""
    word = "nhì" if rank == 2 else _ORDINAL.get(rank, number(rank, 0))
    return f"đồng hạng {word}"


def level(label: str) -> str:
    """A band as a sentence names it: 'mức khá', but 'Mức II' and 'dưới Mức IV' as they are."""
    return label if "mức" in label.casefold() else f"mức {label}"
