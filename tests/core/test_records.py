"""figures.json and the other records are written streamed, byte for byte as json.dumps would write them,
except long lists: written compactly, and read back by read_json as they were."""

from __future__ import annotations

import json
import math

import pytest

from egov_report.core.records import LINE_WIDTH, TABLE_ROWS, read_json, write_json


def test_a_record_is_written_as_indented_utf8_json_with_a_final_newline(tmp_path):
    record = {
        "meta": {"province_name": "Quảng Ninh", "year": 2019},
        "tiers": [{"mean": 73.83, "units": ["Xã Đức Xuyên"]}],
    }
    write_json(record, tmp_path / "figures.json")
    text = (tmp_path / "figures.json").read_text(encoding="utf-8")
    assert (
        text == '{\n  "meta": {\n    "province_name": "Quảng Ninh",\n    "year": 2019\n  },\n  "tiers": [\n    {\n'
        '      "mean": 73.83,\n      "units": [\n        "Xã Đức Xuyên"\n      ]\n    }\n  ]\n}\n'
    )
    assert read_json(tmp_path / "figures.json") == record
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]


def test_a_value_json_cannot_hold_leaves_no_file_and_the_old_one_as_it_was(tmp_path):
    (tmp_path / "figures.json").write_text("{}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        write_json({"mean": math.nan}, tmp_path / "figures.json")
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]
    assert json.loads((tmp_path / "figures.json").read_text(encoding="utf-8")) == {}


# -- long lists: a table of rows, or values several to a line (docs/input-format.md, section 15) --


def _units(count: int) -> list[dict]:
    """Ranking-like entries: text (accented, with quotes), numbers, a null, a nested mapping, a list."""
    return [
        {
            "rank": i + 1 if i % 7 else None,
            "code": f"X{i:05d}",
            "name": f'Xã Đức "Xuyên" {i}',
            "groups": {"readiness": i / 3, "results": 60.0},
            "total": round(100 - i / 100, 2),
            "ranked": i % 7 > 0,
            "units": [f"X{i:05d}", f"X{i + 1:05d}"],
        }
        for i in range(count)
    ]


def test_a_list_up_to_the_limit_is_written_as_json_dumps_writes_it(tmp_path):
    record = {
        "tiers": [{"ranking": _units(TABLE_ROWS), "risers": [f"X{i:05d}" for i in range(TABLE_ROWS)]}],
        "empty": {"list": [], "mapping": {}},
        1: "a number as a key",
        None: 2.5,
    }
    write_json(record, tmp_path / "figures.json")
    assert (tmp_path / "figures.json").read_text(encoding="utf-8") == json.dumps(
        record, ensure_ascii=False, indent=2
    ) + "\n"


def test_a_long_list_of_mappings_is_a_table_of_rows_and_reads_back_as_it_was(tmp_path):
    record = {"meta": {"year": 2020}, "tiers": [{"code": "communes", "ranking": _units(3000)}]}
    write_json(record, tmp_path / "figures.json")
    text = (tmp_path / "figures.json").read_text(encoding="utf-8")
    assert read_json(tmp_path / "figures.json") == record
    assert text.count("\n") < 3000 + 30  # a row a line
    assert '\n[null,"X00000","Xã Đức \\"Xuyên\\" 0",[0.0,60.0],100.0,false,["X00000","X00001"]],\n' in text
    assert (
        '"columns": ["rank", "code", "name", {"groups": ["readiness", "results"]}, "total", "ranked", "units"]' in text
    )
    assert len(text.encode()) < len(json.dumps(record, ensure_ascii=False, indent=2).encode()) / 3


def test_a_long_list_of_plain_values_is_written_several_to_a_line(tmp_path):
    codes = [f"X{i:05d}" for i in range(TABLE_ROWS + 1)]
    write_json({"risers": codes, "ranks": list(range(1000))}, tmp_path / "figures.json")
    lines = (tmp_path / "figures.json").read_text(encoding="utf-8").splitlines()
    assert read_json(tmp_path / "figures.json") == {"risers": codes, "ranks": list(range(1000))}
    assert max(len(line) for line in lines) <= LINE_WIDTH and len(lines) < (TABLE_ROWS + 1 + 1000) / 8
    assert lines[1] == '  "risers": [' and lines[2].startswith('    "X00000", "X00001", ')


@pytest.mark.parametrize("change", ["keys", "order", "list of mappings", "mapping of lists", "nested keys"])
def test_a_long_list_that_is_not_a_table_stays_indented_json(tmp_path, change):
    items = _units(TABLE_ROWS + 1)
    last = items[-1]
    if change == "keys":
        del last["ranked"]
    elif change == "order":
        items[-1] = dict(reversed(list(last.items())))
    elif change == "list of mappings":
        last["units"] = [{"code": "X1"}]
    elif change == "mapping of lists":
        last["groups"] = {"readiness": [1.0], "results": 60.0}
    else:
        last["groups"] = {"results": 60.0, "readiness": 1.0}
    write_json({"ranking": items}, tmp_path / "figures.json")
    text = (tmp_path / "figures.json").read_text(encoding="utf-8")
    assert text == json.dumps({"ranking": items}, ensure_ascii=False, indent=2) + "\n"
    assert read_json(tmp_path / "figures.json") == {"ranking": items}


def test_a_mapping_that_would_read_back_as_a_table_is_refused_and_no_file_is_left(tmp_path):
    with pytest.raises(ValueError, match="table"):
        write_json({"annex": {"columns": ["a"], "rows": [[1]]}}, tmp_path / "figures.json")
    assert list(tmp_path.iterdir()) == []


def test_a_table_row_of_the_wrong_length_is_an_error_not_a_shifted_record(tmp_path):
    (tmp_path / "figures.json").write_text(
        '{"ranking": {"columns": ["rank", "code"], "rows": [[1, "X1"], [2]]}}', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="1 values for 2 columns"):
        read_json(tmp_path / "figures.json")
