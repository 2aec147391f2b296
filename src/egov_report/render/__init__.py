"""Rendering a report, one module per job: the notebook run (``notebook``) beside the validation
made ahead (``ahead``); the reader's view of it (``view``); the page through nbconvert (``page``)
and its table of contents (``contents``); the completeness check (``completeness``);
technical.html (``technical``, with ``statements``); the PDF (``pdf``) made in a process of its
own (``pdf_process``) once the system has what it needs (``system``); the atomic swap into
``reports/`` (``publish``); and the orchestration of them all (``pipeline``)."""
