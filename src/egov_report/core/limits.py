"""The bounds every render keeps, whatever its inputs: no input file can take the machine.

Invariant: each limit is checked before the work it bounds (a file's size before it is read,
a workbook's unpacked size and rows before openpyxl parses it, the kernel's memory before it
starts), so a hostile or mistaken input is refused in seconds with a message naming the file
and the limit, never by the operating system after minutes of swapping. Each value can be
raised for one run with the environment variable next to it (docs/input-format.md, section 9);
the kernel inherits the environment, so the renderer and the notebook use the same values.
"""

from __future__ import annotations

import os

MB = 1024 * 1024


def _number(name: str, default: int) -> int:
    """A positive integer from the environment, or the default when unset or not a number."""
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


def max_input_bytes() -> int:
    """A table (CSV or workbook) as stored on disk."""
    return _number("EGOV_MAX_INPUT_MB", 20) * MB


def max_document_bytes() -> int:
    """A settings or framework file (YAML) or the findings (Markdown), and each image of the findings."""
    return _number("EGOV_MAX_DOCUMENT_MB", 2) * MB


def max_image_pixels() -> int:
    """An image of the findings, in pixels (width x height): what WeasyPrint embeds in the PDF reliably.

    Pillow, through which WeasyPrint reads every raster image, refuses an image of more than
    179 million pixels (twice its ``MAX_IMAGE_PIXELS``; WeasyPrint then leaves the image out of
    the PDF, the HTML keeping it) and decodes one into memory several times over (an RGB copy,
    the alpha mask, the PNG stream: about 10 bytes a pixel). 25 million pixels (5000 x 5000, twice
    an A4 page at 300 dpi) stays far within both.
    """
    return _number("EGOV_MAX_IMAGE_MEGAPIXELS", 25) * 1_000_000


def max_unpacked_bytes() -> int:
    """A workbook's parts once decompressed (a .xlsx is a zip of XML files)."""
    return _number("EGOV_MAX_UNPACKED_MB", 100) * MB


def max_rows() -> int:
    """Rows of one table (a CSV file's lines, or a worksheet's rows counted in its XML before it is parsed)."""
    return _number("EGOV_MAX_ROWS", 100_000)


def max_cells() -> int:
    """Cells of one worksheet's rectangle (its last row times its last column), counted in its XML before
    it is parsed: openpyxl creates every cell of that rectangle, twice here (values and formulas), at a
    few hundred bytes each. 2 million is 100 000 rows of 20 columns, ten times a country's communes."""
    return _number("EGOV_MAX_CELLS", 2_000_000)


def max_yaml_aliases() -> int:
    """Aliases (*name) in one YAML file; each may only repeat a scalar (a text or a number)."""
    return _number("EGOV_MAX_YAML_ALIASES", 200)


def render_memory_bytes() -> int:
    """Address space of the notebook's kernel, where every input is read and analysed."""
    return _number("EGOV_RENDER_MEMORY_MB", 6144) * MB


def render_cell_seconds() -> int:
    """Wall time of one cell of the notebook (a stage is a few cells)."""
    return _number("EGOV_RENDER_CELL_SECONDS", 900)


def max_kept_bytes() -> int:
    """One file of what a failed run keeps in reports/<province>/<year>.failed/."""
    return _number("EGOV_MAX_KEPT_MB", 20) * MB
