"""A parent typed by its name is compared with its unit type first: "Thành phố Hà Châu" is 891 even
though the older "Thị xã Hà Châu" (890) has the same name once the type is stripped; a bare name
is accepted only when one unit alone has it; a parent code is always sure.

The province is ``office_province`` (its registry: 890 Thị xã Hà Châu, 891 Thành phố Hà Châu,
892 Huyện Tân Lập; communes 30001 and 30002 under 891, 30003 under 890, 30004 under 892).
"""

from __future__ import annotations

import pytest

from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.validation import validate
from support.office_province import COMMUNES_2019, DISTRICTS_2019, PROVINCE, UNITS, write_csv, write_province

NAMES = {u[0]: u[1] for u in UNITS}


def _errors(tmp_path, parents: dict[str, str]) -> list:
    """Validation errors of the communes' table with a "Đơn vị cấp trên" column typed as ``parents``."""
    data_dir = write_province(
        tmp_path, {2019: {"sources": {"districts": {"file": "huyen.csv"}, "communes": {"file": "xa.csv"}}}}
    )
    folder = data_dir / PROVINCE / "2019"
    write_csv(
        folder / "huyen.csv",
        [
            ["Mã đơn vị", "Tên đơn vị", "Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực"],
            *[[c, NAMES[c], *v] for c, v in DISTRICTS_2019.items()],
        ],
    )
    write_csv(
        folder / "xa.csv",
        [
            ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Điều kiện sẵn sàng", "Kết quả đạt được"],
            *[[c, NAMES[c], parents[c], *v] for c, v in COMMUNES_2019.items()],
        ],
    )
    report = validate(load_evaluation(PROVINCE, 2019, data_dir=data_dir))
    return [p for p in report.problems if p.level == "error"]


RIGHT = {"30001": "Thành phố Hà Châu", "30002": "891", "30003": "Thị xã Hà Châu", "30004": "Huyện Tân Lập"}


def test_full_names_with_their_type_find_the_new_and_the_old_unit(tmp_path):
    assert _errors(tmp_path, RIGHT) == []


def test_case_and_spaces_do_not_matter_in_a_full_name(tmp_path):
    assert _errors(tmp_path, RIGHT | {"30001": "thành phố  HÀ CHÂU", "30003": "THỊ XÃ hà châu"}) == []


def test_a_bare_name_unique_among_the_units_is_accepted(tmp_path):
    assert _errors(tmp_path, RIGHT | {"30004": "Tân Lập"}) == []


def test_a_bare_name_two_units_share_is_refused(tmp_path):
    errors = _errors(tmp_path, RIGHT | {"30001": "Hà Châu"})
    assert [(e.row, e.unit, e.value) for e in errors] == [(2, "30001", "Hà Châu")]


@pytest.mark.parametrize(
    "commune, typed, row",
    [
        ("30001", "Thị xã Hà Châu", 2),  # under 891: the old unit's full name names 890
        ("30003", "Thành phố Hà Châu", 4),  # under 890: the new unit's full name names 891
    ],
)
def test_the_other_units_full_name_is_refused_in_both_directions(tmp_path, commune, typed, row):
    errors = _errors(tmp_path, RIGHT | {commune: typed})
    assert [(e.row, e.unit, e.value) for e in errors] == [(row, commune, typed)]


def test_a_code_is_the_sure_way(tmp_path):
    assert _errors(tmp_path, {"30001": "891", "30002": "891", "30003": "890", "30004": "892"}) == []
    errors = _errors(tmp_path / "wrong", RIGHT | {"30003": "891"})
    assert [(e.row, e.unit, e.value) for e in errors] == [(4, "30003", "891")]


def test_a_type_on_a_unique_name_the_registry_types_otherwise_is_still_found(tmp_path):
    # "Thành phố Tân Lập": no unit has that full name; "Tân Lập" is 892's alone
    assert _errors(tmp_path, RIGHT | {"30004": "Thành phố Tân Lập"}) == []
