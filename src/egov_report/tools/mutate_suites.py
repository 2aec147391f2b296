#!/usr/bin/env python3
"""make mutation, second part: the validation suites' parameters, loosened one at a time.

    .venv/bin/python -m egov_report.tools.mutate_suites [--only SUITE ...] [--list] [--budget SECONDS]

Each mutant is one edit of one suite of expectations/*.json that lets bad data through: an
expectation removed, a bound of expect_column_values_to_be_between dropped or moved outward by one
unit of its last decimal (0 -> -1, 0.005 -> 0.006), a strict comparison made to take equality, an item
dropped from a fixed set of columns, a value added to a fixed set, a regex widened; with
--mostly, also a "mostly: 0.5" on every column check (half the rows allowed to fail). The tests that concern the suite (SUITE_TESTS) must then
fail. Like egov_report/tools/mutants.py (whose copy and test helpers this uses), every run works on a copy of
the project in a temporary folder, so the checkout's suites are never touched.

Prints `caught` or `MISSED` per mutant and a score per suite; exit status 1 if any is missed.
Mutants still untried when the time budget runs out are listed as such.
"""

from __future__ import annotations

import argparse
import copy as deep
import json
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from egov_report.tools.mutants import ROOT, project_copy, run_tests

_VALIDATION = "tests/kinds/tiered_scores/test_validation.py"
# The fast tests that feed each suite bad data (a render is never needed: the suites run on the
# loaded tables). A suite's own name first, then a family by prefix.
SUITE_TESTS = {
    "scores_columns": [_VALIDATION, "-k", "missing_required_column or all_problems"],
    "scores_units": [
        _VALIDATION,
        "tests/kinds/tiered_scores/test_validation_boundaries.py",
        "-k",
        "duplicate or unknown_unit or missing_unit or total_not_equal or rounding_only or without_a_unit"
        " or name_is_another",
    ],
    "scores_values": [_VALIDATION, "-k", "negative or above_group_max or non_numeric"],
    "registry": ["tests/kinds/tiered_scores/test_loading.py", _VALIDATION, "-k", "not shipped"],
    "indicators_": [
        "tests/kinds/indicators/test_indicators.py",
        "-m",
        "not e2e",
        "-k",
        "reported or refused or accepted or agree or passes",
    ],
    "national_index_": [
        "tests/kinds/national_index/test_national_index.py",
        "-m",
        "not e2e",
        "-k",
        "scale or duplicate or unknown or agree or registry or pass or alias or without or below or not_a_number",
    ],
}


@dataclass
class SuiteMutant:
    suite: str  # file name without .json
    what: str
    suite_json: dict

    @property
    def name(self) -> str:
        return f"{self.suite}: {self.what}"


def _outward(value, lower: bool):
    """One unit of the last decimal beyond the bound: 0 -> -1 (lower), 0.005 -> 0.006 (upper)."""
    step = Decimal(1).scaleb(min(Decimal(repr(value)).as_tuple().exponent, 0))
    moved = Decimal(repr(value)) + (-step if lower else step)
    return int(moved) if isinstance(value, int) else float(moved)


def _edits(expectation: dict, mostly: bool = False):
    """(what, edited copy of the expectation or None to remove it) for one expectation."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    where = f"{kind}({kwargs.get('column') or kwargs.get('column_A') or ''})"
    yield f"{where} removed", None
    for bound, lower in (("min_value", True), ("max_value", False)):
        value = kwargs.get(bound)
        if value is None:
            continue
        yield f"{where} without {bound}", {**expectation, "kwargs": {k: v for k, v in kwargs.items() if k != bound}}
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            moved = _outward(value, lower)
            yield f"{where} {bound} {value} -> {moved}", {**expectation, "kwargs": {**kwargs, bound: moved}}
    if kwargs.get("or_equal") is False:  # a strict comparison made to take equality
        yield f"{where} or_equal -> True", {**expectation, "kwargs": {**kwargs, "or_equal": True}}
    if isinstance(kwargs.get("column_set"), list) and kwargs["column_set"]:
        yield (
            f"{where} column_set without {kwargs['column_set'][-1]!r}",
            {**expectation, "kwargs": {**kwargs, "column_set": kwargs["column_set"][:-1]}},
        )
    if isinstance(kwargs.get("value_set"), list):
        extra = False if True in kwargs["value_set"] else "__mutant__"
        yield (
            f"{where} value_set with {extra!r}",
            {**expectation, "kwargs": {**kwargs, "value_set": [*kwargs["value_set"], extra]}},
        )
    if isinstance(kwargs.get("regex"), str):
        yield f"{where} regex {kwargs['regex']!r} -> '.*'", {**expectation, "kwargs": {**kwargs, "regex": ".*"}}
    if mostly and kind.startswith("expect_column_values_") and "mostly" not in kwargs:
        yield f"{where} mostly 0.5", {**expectation, "kwargs": {**kwargs, "mostly": 0.5}}


def suite_mutants(folder: Path, mostly: bool = False) -> list[SuiteMutant]:
    found = []
    for path in sorted(folder.glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        for i, expectation in enumerate(suite["expectations"]):
            for what, edited in _edits(expectation, mostly):
                changed = deep.deepcopy(suite)
                if edited is None:
                    del changed["expectations"][i]
                else:
                    changed["expectations"][i] = edited
                found.append(SuiteMutant(path.stem, f"[{i}] {what}", changed))
    return found


def tests_for(suite: str) -> list[str]:
    return next(tests for prefix, tests in SUITE_TESTS.items() if suite.startswith(prefix))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", nargs="+", metavar="SUITE", help="mutate these suites only (file names without .json)"
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--mostly", action="store_true", help='also a "mostly: 0.5" on every column check (half the rows may fail)'
    )
    parser.add_argument("--budget", type=float, default=3600, help="seconds; untried mutants are listed as such")
    args = parser.parse_args(argv)
    chosen = [m for m in suite_mutants(ROOT / "expectations", args.mostly) if not args.only or m.suite in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.name}\n    tests: {' '.join(tests_for(m.suite))}")
        return 0
    with project_copy("egov-suite-mutants-") as (_workspace, project, env):
        return _run(chosen, project, env, args.budget)


def _run(chosen: list[SuiteMutant], project: Path, env: dict[str, str], budget: float) -> int:
    """Each suite mutant written over its suite in the copy, the suite's tests run; 1 when one passes."""
    started = time.monotonic()
    for tests in {tuple(tests_for(s)) for s in {m.suite for m in chosen}}:
        ok, summary, seconds = run_tests(project, env, list(tests))
        print(f"untouched copy, {' '.join(tests)}: {'pass' if ok else 'FAIL'} ({summary}, {seconds:.0f} s)")
        if not ok:
            return 2
    verdicts: dict[str, list[str]] = {}
    for mutant in chosen:
        if time.monotonic() - started > budget:
            verdicts.setdefault(mutant.suite, []).append("untried")
            print(f"untried {mutant.name}")
            continue
        path = project / "expectations" / f"{mutant.suite}.json"
        original = path.read_text(encoding="utf-8")
        try:
            path.write_text(json.dumps(mutant.suite_json, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            passed, summary, seconds = run_tests(project, env, tests_for(mutant.suite))
        finally:
            path.write_text(original, encoding="utf-8")
        verdict = "MISSED" if passed else "caught"
        verdicts.setdefault(mutant.suite, []).append(verdict)
        print(f"{verdict:7} {mutant.name} [{summary}, {seconds:.0f} s]", flush=True)
    for suite, results in sorted(verdicts.items()):
        print(
            f"{suite:28} {results.count('caught')}/{len(results)} caught"
            + (f", {results.count('untried')} untried" if "untried" in results else "")
        )
    print(f"{time.monotonic() - started:.0f} s")
    return 1 if any(v != "caught" for results in verdicts.values() for v in results) else 0


if __name__ == "__main__":
    sys.exit(main())
