"""The kind registry: every kind a plug-in on the shared core.

A fourth kind lives in tests/support/fourth_kind/ (its own module, notebook and template) and is
registered at run time; it renders through the same pipeline as the shipped kinds, with no file
of the package edited for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egov_report import kinds
from egov_report.core.records import read_json
from egov_report.errors import FrameworkError
from egov_report.paths import PROJECT_ROOT

FOURTH = Path(__file__).resolve().parents[1] / "support" / "fourth_kind"
PACKAGE = PROJECT_ROOT / "src" / "egov_report"


def test_the_shipped_kinds_are_registered_with_their_notebooks():
    table = kinds.registered()
    assert {"tiered_scores", "national_index", "indicators"} <= set(table)
    for kind in table.values():
        assert kind.notebook.is_file(), kind
    assert [o.file for o in table["tiered_scores"].outputs] == ["rankings.xlsx"]


def test_the_renderer_and_the_batch_never_branch_on_a_kind_name():
    for folder in ("render", "batch"):
        for path in (PACKAGE / folder).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            for name in kinds.registered():
                assert name not in text, (path, name)


def test_an_unknown_kind_is_refused_with_the_registered_ones(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("kind: minimal\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="loại báo cáo 'minimal' không được hỗ trợ"):
        kinds.check_framework(path)


@pytest.fixture
def minimal_kind(monkeypatch):
    monkeypatch.syspath_prepend(str(FOURTH))
    import minimal_kind as module

    kind = kinds.register(
        kinds.Kind(name="minimal", notebook=FOURTH / "minimal.ipynb", load_framework=module.load_framework)
    )
    yield kind
    kinds.unregister("minimal")


@pytest.fixture
def demo_data(tmp_path, minimal_kind):
    import minimal_kind as module

    return module.write_demo_province(tmp_path / "data", 'code,name,value\nA,Sở A,8.5\nB,Sở B,6\nC,Sở C,"7,25"\n')


def test_a_fourth_kind_checks_its_framework_through_the_registry(minimal_kind, demo_data):
    assert kinds.check_framework(demo_data / "demo" / "framework.yaml") == "minimal"
    (demo_data / "demo" / "framework.yaml").write_text("kind: minimal\nmaximun: 10\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="trường 'maximun' không được hỗ trợ với loại báo cáo minimal"):
        kinds.check_framework(demo_data / "demo" / "framework.yaml")


@pytest.mark.e2e
def test_a_fourth_kind_registered_from_a_test_folder_renders(minimal_kind, demo_data, tmp_path):
    from egov_report.render.pipeline import render

    result = render("demo", 2020, reports_dir=tmp_path / "reports", data_dir=demo_data, log=lambda *_: None)
    target = result.target
    assert {
        "report.html",
        "report.pdf",
        "report.ipynb",
        "figures.json",
        "validation.json",
        "validation-ge.json",
        "timings.json",
        "inputs.json",
    } <= {p.name for p in target.iterdir()}
    record = read_json(target / "figures.json")
    assert record["meta"]["kind"] == "minimal"
    assert record["mean"] == 7.25  # (8.5 + 6 + 7.25) / 3, typed by hand
    html = (target / "report.html").read_text(encoding="utf-8")
    assert "Điểm trung bình của 3\u00a0đơn vị là 7,25/10" in html  # number and unit bound by a no-break space
    assert "cao nhất là Sở A (8,5)" in html
    assert "Bảng 1. Điểm của các đơn vị" in html
    assert "Điểm thử nghiệm tỉnh Mẫu năm 2020" in html
    timings = json.loads((target / "timings.json").read_text(encoding="utf-8"))["seconds"]
    assert {"imports", "loading", "validation", "analysis", "narrative"} <= set(timings)
    ge = json.loads((target / "validation-ge.json").read_text(encoding="utf-8"))
    assert [run["suite"] for run in ge["runs"]] == ["national_index_values"]
    for path in PACKAGE.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".j2"):
            assert "minimal" not in path.read_text(encoding="utf-8"), path


LAZY_PROBE = """
import sys
from egov_report import kinds
table = kinds.registered()
print(sorted(m for m in ("pandas", "great_expectations") if m in sys.modules))
loader = table["indicators"].loader
print(kinds.function_path(loader))
print(loader.__class__.__name__, "egov_report.kinds.indicators.loading" in sys.modules)
"""


def test_a_kinds_loader_and_validator_are_functions_imported_on_their_first_call():
    """Registering every kind imports neither pandas nor Great Expectations; the loader is still a callable
    whose module is imported when it is called, and another process finds it by its path."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "[]",
        "egov_report.kinds.indicators.loading:load_evaluation",
        "LazyFunction False",
    ]


def test_a_lazy_function_calls_the_function_it_names():
    import os.path

    joined = kinds.lazy("os.path:join")
    assert callable(joined) and joined("a", "b") == os.path.join("a", "b")
    assert kinds.function_path(joined) == "os.path:join"
    assert kinds.function_path(os.path.basename) == f"{os.path.basename.__module__}:basename"
    with pytest.raises(AttributeError):
        kinds.lazy("os.path:no_such_function")()
