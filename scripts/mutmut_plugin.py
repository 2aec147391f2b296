"""A pytest plugin for make mutation: each pytest session mutmut starts runs as a plain one would.

mutmut runs many pytest sessions in one process (and its forks). Two things would then differ:

- tests/conftest.py makes the session's temporary folder once, at import, and removes it when a
  session ends: the folder is made again when the next session registers this plugin, before
  output capture opens a file there;
- mutmut maps a mutant to the tests that called the mutated function, but a call made while a
  module-scoped fixture is set up (the figure record most test files compute once, the shipped
  reports' text) is counted for the first test of the module only. For the modules whose functions
  tests reach through such fixtures (FIXTURE_MODULES), a mutant runs the whole test files its tests
  are in.
"""

import os
import tempfile

# module of the mutant -> the test files whose tests reach it through module-scoped fixtures (None: every
# file): the tiered narrative is reached so only by the reports' text, built once a module.
FIXTURE_MODULES = {
    "egov_report.kinds.tiered_scores.analysis.": None,
    "egov_report.kinds.tiered_scores.narrative.": (
        "tests/kinds/tiered_scores/test_shipped_report_text.py",
        "tests/kinds/tiered_scores/test_tiered_report_text.py",
    ),
}


def pytest_addhooks(pluginmanager):  # called when pytest registers the plugin: before capture starts
    os.makedirs(tempfile.gettempdir(), exist_ok=True)


def pytest_load_initial_conftests(early_config, parser, args):
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    prefix = next((p for p in FIXTURE_MODULES if mutant.startswith(p)), None)
    if prefix is None:
        return
    whole = FIXTURE_MODULES[prefix]
    kept, files = [], set()
    for arg in args:
        path = arg.split("::")[0]
        if "::" not in arg or (whole is not None and path not in whole):
            kept.append(arg)
        elif path not in files:
            files.add(path)
            kept.append(path)
    args[:] = kept
