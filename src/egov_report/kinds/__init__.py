"""The report kinds: one table mapping a kind's name to its notebook and its stage functions.

A kind is a package ``kinds/<kind>/`` with the same stage modules (``framework``, ``loading``,
``validation``, ``analysis``, ``narrative``, ``charts``, and its own extra outputs), its name as
``KIND`` (a string, in its ``framework`` module) and ``REPORT_KIND`` in its ``__init__``: a
``Kind`` naming its notebook, the function that reads and checks its framework file (called
before any kernel starts, so a broken framework stops at once), the files it writes next to the
report besides HTML and PDF, and its loader and validation (for validating ahead,
``render.ahead``). The renderer and the batch ask this table and never branch on a kind's name,
the way papermill asks its engine registry.

A kind outside the package is added with ``register(Kind(...))``, or by an installed
distribution through the entry point group ``egov_report.kinds`` (each entry a ``Kind``).
A kind's package ``__init__`` imports its framework module only: registering every kind costs
no pandas or matplotlib import, so planning a batch and checking parameters stay fast. Its loader
and validation are therefore ``lazy("module:function")``: callables that import on their first call.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ENTRY_POINT_GROUP = "egov_report.kinds"


@dataclass(frozen=True)
class LazyFunction:
    """A module-level function named ``package.module:function``, imported on its first call."""

    path: str

    def __call__(self, *args, **kwargs):
        module, _, name = self.path.partition(":")
        return getattr(importlib.import_module(module), name)(*args, **kwargs)


def lazy(path: str) -> LazyFunction:
    return LazyFunction(path)


def function_path(function: Callable) -> str:
    """``package.module:function``: where another process finds ``function`` (a module-level one)."""
    if isinstance(function, LazyFunction):
        return function.path
    return f"{function.__module__}:{function.__qualname__}"


@dataclass(frozen=True)
class Output:
    """A file a kind writes next to the report, from ``figures.json``, in a process of its own."""

    file: str  # its name in the report's folder, e.g. rankings.xlsx
    label: str  # how the index of reports links it, e.g. Excel
    module: str  # run as ``python -m <module> <figures.json> <target>``

    def command(self, figures: Path, target: Path) -> list[str]:
        return [sys.executable, "-m", self.module, str(figures), str(target)]


@dataclass(frozen=True)
class Kind:
    name: str
    notebook: Path  # the parameterised notebook that tells this kind's story
    load_framework: Callable[[Path], object]  # reads and checks the framework; FrameworkError names file and field
    outputs: tuple[Output, ...] = field(default=())
    # The kind's loader (province, year -> inputs with ``input_files``) and its validation
    # (inputs -> ValidationReport), module-level functions (or ``lazy`` ones): the renderer validates
    # ahead with them in a process of its own while the kernel starts (render.ahead). None: the
    # notebook validates on its own.
    loader: Callable | None = None
    validator: Callable | None = None


def shipped_kind(
    package: str,
    name: str,
    load_framework: Callable[[Path], object],
    notebook: str | None = None,
    outputs: tuple[Output, ...] = (),
) -> Kind:
    """A kind shipped in ``kinds/<name>/``, by the conventions every shipped kind follows: its notebook
    ``notebooks/<name>.ipynb`` (unless named), its loader ``<package>.loading:load_evaluation`` and its
    validation ``<package>.validation:validate``, both imported on their first call."""
    from ..paths import NOTEBOOKS_DIR

    return Kind(
        name=name,
        notebook=NOTEBOOKS_DIR / (notebook or f"{name}.ipynb"),
        load_framework=load_framework,
        outputs=outputs,
        loader=lazy(f"{package}.loading:load_evaluation"),
        validator=lazy(f"{package}.validation:validate"),
    )


_KINDS: dict[str, Kind] = {}
_builtin_loaded = False


def register(kind: Kind) -> Kind:
    """Add a kind to the table (a kind of the same name is replaced); returns it."""
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def _builtin() -> None:
    from . import indicators, national_index, tiered_scores

    for package in (tiered_scores, national_index, indicators):
        _KINDS.setdefault(package.REPORT_KIND.name, package.REPORT_KIND)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        kind = entry.load()
        _KINDS.setdefault(kind.name, kind)


def registered() -> dict[str, Kind]:
    """Every kind by name: the built-in ones, those of installed distributions, and registered ones."""
    global _builtin_loaded
    if not _builtin_loaded:
        _builtin_loaded = True
        _builtin()
    return dict(_KINDS)


def kind(name: str) -> Kind:
    return registered()[name]


def check_framework(path: Path) -> str:
    """Read a framework file's kind and check the file with that kind's reader; returns the kind.

    What the renderer does before any kernel starts: a broken framework stops here, with a
    FrameworkError naming the file and the field.
    """
    from ..catalog import framework_kind

    name = framework_kind(path, list(registered()))
    kind(name).load_framework(path)
    return name
