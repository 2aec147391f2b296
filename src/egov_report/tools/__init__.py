"""The project's commands for its maintainers: benchmark, mutation run, report comparison, synthetic data.

Each module is a command (``[project.scripts]`` in pyproject.toml: ``egov-bench``,
``egov-mutants``, ``egov-compare-reports``, ``egov-synthetic-province``; ``make bench`` and
``make mutants`` run the first two) and is imported by the tests by its name, never through
``sys.path``. Invariant: nothing under ``egov_report`` outside this package imports it; bench and
mutants work on a checkout of the project (its tests, notebooks and git history), the other two
anywhere. The data reconstruction stays in ``scripts/`` as standalone scripts beside their
reference files.
"""
