"""A pytest plugin for make mutation: each pytest session mutmut starts runs as a plain one would.

mutmut runs many pytest sessions in one process (and its forks). Two things would then differ:

- tests/conftest.py makes the session's temporary folder once, at import, and removes it when a
  session ends: the folder is made again when the next session registers this plugin, before
  output capture opens a file there;
- mutmut maps a mutant to the tests that called the mutated function, but a call made while a
  module-scoped fixture is set up (the figure record most test files compute once) is counted for
  the first test of the module only. For the modules whose functions tests reach through such
  fixtures (FIXTURE_MODULES), a mutant runs the whole test files its tests are in.
"""

import os
import tempfile

FIXTURE_MODULES = ("egov_report.kinds.tiered_scores.analysis.",)


def pytest_addhooks(pluginmanager):  # called when pytest registers the plugin: before capture starts
    os.makedirs(tempfile.gettempdir(), exist_ok=True)


def pytest_load_initial_conftests(early_config, parser, args):
    if not os.environ.get("MUTANT_UNDER_TEST", "").startswith(FIXTURE_MODULES):
        return
    kept, files = [], set()
    for arg in args:
        if "::" not in arg:
            kept.append(arg)
        elif arg.split("::")[0] not in files:
            files.add(arg.split("::")[0])
            kept.append(arg.split("::")[0])
    args[:] = kept
