"""Reproducible e-government evaluation reports for Vietnamese provinces."""

import sys

__version__ = "0.1.0"

# With JupyterLab installed in the same venv, jsonschema (imported by nbformat) finds the
# optional rfc3987-syntax package and builds its grammar at import: ~0.7 s on every render,
# for an "iri" format check no notebook schema uses. jsonschema treats the package as
# optional, so rendering declares it absent (measured: docs/decisions.md).
sys.modules.setdefault("rfc3987_syntax", None)
