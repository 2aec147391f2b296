"""figures.json and the other records are written streamed, byte for byte as json.dumps would write them."""

from __future__ import annotations

import json
import math

import pytest

from egov_report.core.records import read_json, write_json


def test_a_record_is_written_as_indented_utf8_json_with_a_final_newline(tmp_path):
    record = {"meta": {"province_name": "Quảng Ninh", "year": 2019}, "tiers": [{"mean": 73.83, "units": ["Xã Đức Xuyên"]}]}
    write_json(record, tmp_path / "figures.json")
    text = (tmp_path / "figures.json").read_text(encoding="utf-8")
    assert text == '{\n  "meta": {\n    "province_name": "Quảng Ninh",\n    "year": 2019\n  },\n  "tiers": [\n    {\n' \
                   '      "mean": 73.83,\n      "units": [\n        "Xã Đức Xuyên"\n      ]\n    }\n  ]\n}\n'
    assert read_json(tmp_path / "figures.json") == record
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]


def test_a_value_json_cannot_hold_leaves_no_file_and_the_old_one_as_it_was(tmp_path):
    (tmp_path / "figures.json").write_text("{}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        write_json({"mean": math.nan}, tmp_path / "figures.json")
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]
    assert json.loads((tmp_path / "figures.json").read_text(encoding="utf-8")) == {}
