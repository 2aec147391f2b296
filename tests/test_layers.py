"""The package's layers: core/ validates and computes, and never reaches up into what runs it.

core/ imports nothing from render/, batch/, the command line or the locks between processes; a
kind imports nothing from render/ or batch/. Read from the source with ast, so an import inside a
function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from egov_report.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "egov_report"


def _imported(path: Path) -> set[str]:
    """Every egov_report module ``path`` imports, as a dotted name from the package (``render.ahead``)."""
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]  # ("egov_report", "core")
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return {n.removeprefix("egov_report.") for n in names if n.startswith("egov_report.")}


@pytest.mark.parametrize(
    "layer, forbidden",
    [
        ("core", ("render", "batch", "cli", "locks", "kinds")),
        ("kinds", ("render", "batch", "cli")),
    ],
)
def test_a_layer_never_imports_the_layers_that_run_it(layer, forbidden):
    found = {
        (str(path.relative_to(PACKAGE)), name)
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imported(path)
        if name.split(".")[0] in forbidden
    }
    assert found == set()


def test_the_import_reader_sees_relative_imports():
    """The check above can fail: render/pipeline.py imports core and render modules, relatively."""
    imported = _imported(PACKAGE / "render" / "pipeline.py")
    assert "core.records" in imported and "render.publish" in imported and "kinds" in imported


def test_only_the_maintainers_commands_import_each_other():
    """egov_report.tools (bench, mutants, synthetic data) is used by the tests and make, never by the package."""
    found = {
        (str(path.relative_to(PACKAGE)), name)
        for path in PACKAGE.rglob("*.py")
        if "tools" not in path.relative_to(PACKAGE).parts[:1]
        for name in _imported(path)
        if name.split(".")[0] == "tools"
    }
    assert found == set()
    assert "tools.synthetic_province" in _imported(PACKAGE / "tools" / "bench.py")  # the reader sees them
