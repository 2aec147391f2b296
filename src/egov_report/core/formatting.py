"""Vietnamese number and date formatting (73,83 / 1.537 / 4,8% / 30/10/2019), via Babel."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "vi_VN"


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


def percent(share, digits: int = 1) -> str:
    """A share (0.048) as a Vietnamese percentage (4,8%)."""
    if share is None:
        return "—"
    return number(share * 100, digits) + "%"


def signed(value, digits: int = 2) -> str:
    """+5 / -1,9 / 0, for changes in tables."""
    if value is None:
        return "—"
    value = round(value, digits) + 0.0  # + 0.0: a value that shows as zero has no sign
    text = number(value, digits)
    return "+" + text if value > 0 else text


def signed_percent(share, digits: int = 1) -> str:
    if share is None:
        return "—"
    share = round(share * 100, digits) / 100 + 0.0
    text = percent(share, digits)
    return "+" + text if share > 0 else text


def change_words(value, unit: str = "điểm", digits: int = 2) -> str:
    """'tăng 5 điểm' / 'giảm 1,9 điểm' / 'không đổi': a change as a sentence says it."""
    if value is None:
        return ""
    if round(value, digits) == 0:
        return "không đổi"
    verb = "tăng" if value > 0 else "giảm"
    return f"{verb} {number(abs(value), digits)} {unit}".rstrip()


def change_pct_words(share, digits: int = 1) -> str:
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


def level(label: str) -> str:
    """A band as a sentence names it: 'mức khá', but 'Mức II' and 'dưới Mức IV' as they are."""
    return label if "mức" in label.casefold() else f"mức {label}"
