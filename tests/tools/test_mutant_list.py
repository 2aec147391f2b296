"""The fixed mutant list of `make mutants` (src/egov_report/tools/mutants.yaml) stays applicable: each
text it replaces is found exactly once in its file, and each test it names exists. A refactor that
moves the mutated line must move the mutant with it (the sign of the mean's change was left behind
once, found only when `make mutants` was run)."""

from __future__ import annotations

from egov_report.paths import PROJECT_ROOT
from egov_report.tools.mutants import mutants


def test_every_mutant_applies_once_and_changes_its_file():
    for mutant in mutants():
        text = (PROJECT_ROOT / mutant.file).read_text(encoding="utf-8")
        assert mutant.apply(text) != text, mutant.name  # apply() stops when the text is not there exactly once


def test_every_test_a_mutant_names_exists():
    for mutant in mutants():
        for test in mutant.tests:
            assert (PROJECT_ROOT / test.split("::")[0]).is_file(), (mutant.name, test)
