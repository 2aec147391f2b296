"""Rendering a report: the notebook run (``notebook``), HTML and PDF (``export``), the atomic
swap into ``reports/`` (``publish``), and the orchestration of the three (``pipeline``)."""
