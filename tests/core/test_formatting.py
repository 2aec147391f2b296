"""Vietnamese number and date formats: decimal comma, dot for thousands; scores with two
decimals, shares with one, rounded once (docs/style.md)."""

import datetime as dt

import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

from egov_report.core import formatting
from egov_report.core.formatting import (
    change_pct_words,
    change_words,
    date_vi,
    fixed,
    number,
    percent,
    signed,
    signed_percent,
)

DECIMAL = get_decimal_symbol(formatting.LOCALE)
GROUP = get_group_symbol(formatting.LOCALE)


def test_locale_symbols_are_the_vietnamese_ones():
    # The rule every expected value below follows: decimal comma, dot between thousands.
    assert (DECIMAL, GROUP) == (",", ".")


@pytest.mark.parametrize(
    "value, expected",
    [
        (73.83, "73,83"),
        (1537, "1.537"),
        (92.0, "92"),
        (92.10, "92,1"),  # no trailing zero
        (1234567.891, "1.234.567,89"),
        (-1.9, "-1,9"),
        (0, "0"),
    ],
)
def test_number(value, expected):
    assert number(value) == expected


def test_number_digits_and_missing_value():
    assert number(73.8349, 3) == "73,835"
    assert number(73.8349, 0) == "74"
    assert number(None) == "—"


@pytest.mark.parametrize(
    "value, digits, expected",
    [
        (0.7699, 4, "0,7699"),
        (73.8, 2, "73,80"),  # fixed keeps trailing zeros, unlike number
        (92, 2, "92,00"),
        (1537.5, 1, "1.537,5"),
        (5, 0, "5"),
    ],
)
def test_fixed(value, digits, expected):
    assert fixed(value, digits) == expected


def test_fixed_has_exactly_the_digits_asked_for():
    for digits in range(0, 5):
        text = fixed(12.5, digits)
        decimals = text.split(DECIMAL)[1] if DECIMAL in text else ""
        assert len(decimals) == digits
    assert fixed(None) == "—"


@pytest.mark.parametrize(
    "share, expected",
    [
        (0.048, "4,8%"),
        (1, "100,0%"),
        (0.5, "50,0%"),
        (0.0726, "7,3%"),
        (0, "0,0%"),
        (1 / 22, "4,5%"),  # 4,545 %: rounded once, not 0,0455 -> 4,6
        (-0.0004, "0,0%"),
    ],  # never "-0,0%"
)
def test_percent_has_one_decimal_rounded_once(share, expected):
    assert percent(share) == expected


def test_percent_digits_and_missing():
    assert percent(0.4286, 2) == "42,86%"
    assert percent(0.4286, 0) == "43%"
    assert percent(None) == "—"


@pytest.mark.parametrize(
    "value, expected",
    [
        (43.8, "43,80"),
        (30, "30,00"),
        (40.23, "40,23"),
        (1234.5, "1.234,50"),
        (-0.001, "0,00"),
        (-1.9, "-1,90"),
        (66.345, "66,34"),
        (None, "—"),
    ],
)
def test_score_has_two_decimals_always(value, expected):
    assert formatting.score(value) == expected


@pytest.mark.parametrize(
    "counts, expected",
    [
        ([1, 21], [4.5, 95.5]),
        ([4, 22, 4, 0], [13.3, 73.4, 13.3, 0.0]),  # equal counts keep equal shares
        ([9, 23, 141, 13], [4.8, 12.4, 75.8, 7.0]),
        ([1, 1, 1], [33.4, 33.3, 33.3]),
        ([0, 0], [0.0, 0.0]),
        ([7], [100.0]),
    ],
)
def test_rounded_shares_add_up_to_a_hundred(counts, expected):
    shares = formatting.rounded_shares(counts)
    assert shares == expected
    if sum(counts):
        assert sum(round(s * 10) for s in shares) == 1000


def test_rounded_shares_stay_within_a_tenth_of_the_exact_share():
    import itertools

    for counts in itertools.product(range(0, 8), repeat=3):
        if not sum(counts):
            continue
        for count, share in zip(counts, formatting.rounded_shares(list(counts))):
            assert abs(share - 100 * count / sum(counts)) < 0.1 + 1e-9


@pytest.mark.parametrize("value", [5, 1.9, 0.01, 1537.25])
def test_signed_positive_gets_a_plus_negative_a_true_minus(value):
    assert signed(value) == "+" + fixed(value, 2)
    assert signed(-value) == formatting.MINUS + fixed(value, 2)


def test_signed_zero_and_missing():
    assert signed(0) == "0,00"
    assert signed(0.0) == "0,00"
    assert signed(None) == "—"
    assert formatting.signed_count(13) == "+13"
    assert formatting.signed_count(-8) == formatting.MINUS + "8"
    assert formatting.signed_count(0) == "0"


@pytest.mark.parametrize("value", [0.001, -0.001, 0.004, -0.0049])
def test_signed_value_that_shows_as_zero_has_no_sign(value):
    assert signed(value) == signed(0)
    assert signed_percent(value / 100) == signed_percent(0)


def test_signed_percent():
    assert signed_percent(0.0726) == "+" + percent(0.0726)
    assert signed_percent(-0.048) == formatting.MINUS + percent(0.048)
    assert signed_percent(0) == percent(0)


@pytest.mark.parametrize(
    "value, expected",
    [
        (5, "tăng 5,00 điểm"),
        (-1.9, "giảm 1,90 điểm"),
        (0, "không đổi"),
        (0.004, "không đổi"),  # rounds to 0 at 2 decimals
        (-0.004, "không đổi"),
        (17.7, "tăng 17,70 điểm"),
        (1537.25, "tăng 1.537,25 điểm"),
    ],
)
def test_change_words(value, expected):
    assert change_words(value) == expected


def test_change_words_unit_and_missing():
    assert change_words(3, unit="đơn vị", digits=0) == "tăng 3 đơn vị"
    assert change_words(-3, unit="", digits=0) == "giảm 3"
    assert change_words(None) == ""


def test_change_pct_words():
    assert change_pct_words(0.0726) == "tăng " + percent(0.0726)
    assert change_pct_words(-0.048) == "giảm " + percent(0.048)
    assert change_pct_words(0.00001) == "không đổi"
    assert change_pct_words(None) == ""


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-10-30", "30/10/2019"),
        (dt.date(2018, 1, 5), "05/01/2018"),  # day and month with two digits
        ("2018-10-30", "30/10/2018"),
    ],
)
def test_date_vi(value, expected):
    assert date_vi(value) == expected


def test_date_vi_empty_and_invalid():
    assert date_vi(None) == ""
    assert date_vi("") == ""
    with pytest.raises(ValueError):
        date_vi("30/10/2019")  # only ISO dates come from evaluation.yaml


@pytest.mark.parametrize(
    "label, expected",
    [
        ("khá", "mức khá"),
        ("dưới trung bình", "mức dưới trung bình"),
        ("Mức II", "Mức II"),
        ("dưới Mức IV", "dưới Mức IV"),
    ],
)
def test_level_names_a_band_once(label, expected):
    from egov_report.core.formatting import level

    assert level(label) == expected


def test_capital_keeps_acronyms():
    from egov_report.core.formatting import capital

    assert capital("UBND huyện, thành phố") == "UBND huyện, thành phố"
    assert capital("sở, ban, ngành") == "Sở, ban, ngành" and capital("") == ""
