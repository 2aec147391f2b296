"""What every report kind shares, used through public names only: reading files (``textfiles``,
``sheets``, ``tables``), checks (``checks``: Great Expectations suites and the one translator of
their results into problems), the record's meta and files (``records``, ``provenance``), the base
report builder (``builder``), chart primitives (``charts``), formatting and exports."""
