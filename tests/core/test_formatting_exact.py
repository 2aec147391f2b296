"""Numbers and words as a reader sees them, at the edges the mutation run found untested (issue 22).

Each expected string is typed by hand from docs/style.md's rules: a score always two decimals, a
share one decimal rounded once, a change its sign with a true minus (U+2212), a value that rounds
to zero "không đổi". The inputs sit where a rounding, a sign or a default would show: 0,3 points is
a change, not none; 0,4 % is a share, not zero; a rise of one rank is "+1".
"""

from __future__ import annotations

import pytest

from egov_report.core import formatting as f

MINUS = "\u2212"


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda: f.fixed(73.8), "73,80"),  # two decimals unless told
        (lambda: f.fixed(1537, 0), "1.537"),
        (lambda: f.fixed(2.4, 0), "2"),
        (lambda: f.fixed(0.76994, 4), "0,7699"),
        (lambda: f.score(-0.3), "-0,30"),  # not a zero: keeps its value
        (lambda: f.score(0.4), "0,40"),
        (lambda: f.score(-0.001), "0,00"),  # prints as zero: no sign
        (lambda: f.percent(0.004), "0,4%"),  # 0,4 %: not rounded to a whole percent first
        (lambda: f.percent(-0.0004), "0,0%"),
        (lambda: f.percent(0.12346, 2), "12,35%"),
        (lambda: f.signed(1.234, 1), "+1,2"),
        (lambda: f.signed(-0.3), MINUS + "0,30"),
        (lambda: f.signed(None), "—"),
        (lambda: f.signed_percent(None), "—"),
        (lambda: f.signed_percent(0.004), "+0,4%"),
        (lambda: f.signed_percent(0.5), "+50,0%"),
        (lambda: f.signed_percent(-0.25), MINUS + "25,0%"),
        (lambda: f.signed_percent(0.12346, 2), "+12,35%"),
        (lambda: f.signed_percent(-0.0004), "0,0%"),
        (lambda: f.signed_count(1), "+1"),
        (lambda: f.signed_count(13), "+13"),
        (lambda: f.signed_count(-8), MINUS + "8"),
        (lambda: f.signed_count(0), "0"),
        (lambda: f.signed_count(1537), "+1.537"),
        (lambda: f.signed_count(None), "—"),
    ],
)
def test_numbers_as_printed(call, text):
    assert call() == text


@pytest.mark.parametrize(
    "value, kwargs, text",
    [
        (0.3, {}, "tăng 0,30 điểm"),  # a third of a point is a change
        (0.5, {}, "tăng 0,50 điểm"),
        (1, {}, "tăng 1,00 điểm"),
        (-0.3, {}, "giảm 0,30 điểm"),
        (0.004, {}, "không đổi"),  # rounds to 0,00
        (-0.004, {}, "không đổi"),
        (2, {"unit": "đơn vị", "digits": 0}, "tăng 2 đơn vị"),
        (0.4, {"unit": "đơn vị", "digits": 0}, "không đổi"),
        (0.46, {"digits": 1}, "tăng 0,5 điểm"),
        (5, {"unit": ""}, "tăng 5,00"),
    ],
)
def test_change_words(value, kwargs, text):
    assert f.change_words(value, **kwargs) == text


@pytest.mark.parametrize(
    "share, kwargs, text",
    [
        (0.004, {}, "tăng 0,4%"),
        (-0.004, {}, "giảm 0,4%"),
        (0.000497, {}, "không đổi"),  # 0,0497 % rounds to 0,0 %
        (0.0006, {}, "tăng 0,1%"),
        (0.12346, {"digits": 2}, "tăng 12,35%"),
        (0.001, {"digits": 2}, "tăng 0,10%"),
        (None, {}, ""),
    ],
)
def test_change_pct_words(share, kwargs, text):
    assert f.change_pct_words(share, **kwargs) == text


@pytest.mark.parametrize(
    "rank, text",
    [(1, "thứ nhất"), (2, "thứ hai"), (4, "thứ tư"), (10, "thứ mười"), (11, "thứ 11"), (1537, "thứ 1.537")],
)
def test_ordinal(rank, text):
    assert f.ordinal(rank) == text


@pytest.mark.parametrize(
    "rank, text",
    [
        (1, "đồng hạng nhất"),
        (2, "đồng hạng nhì"),
        (3, "đồng hạng ba"),
        (4, "đồng hạng tư"),
        (12, "đồng hạng 12"),
        (1537, "đồng hạng 1.537"),
    ],
)
def test_shared_rank(rank, text):
    assert f.shared_rank(rank) == text


def test_dates_and_capitals():
    assert f.date_vi("2019-10-30") == "30/10/2019"
    assert f.date_vi("") == "" and f.date_vi(None) == ""
    assert f.capital("ủy ban") == "Ủy ban" and f.capital("") == ""


@pytest.mark.parametrize(
    "counts, digits, shares",
    [
        ([1, 2], 1, [33.3, 66.7]),
        ([1, 2], 2, [33.33, 66.67]),  # hundredths: the last place is 0,01
        ([4, 22, 4], 1, [13.3, 73.4, 13.3]),  # the larger part takes the unit left over
        ([0, 0], 1, [0.0, 0.0]),
    ],
)
def test_rounded_shares_add_up_to_exactly_100(counts, digits, shares):
    assert f.rounded_shares(counts, digits) == shares
