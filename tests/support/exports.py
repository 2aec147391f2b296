"""Rows and pages as the tests build them from the package's public parts."""

from egov_report.core.exporting import safe_cell


def safe_row(values) -> list:
    """``safe_cell`` applied to every value of a row (a CSV export row as a test writes it)."""
    return [safe_cell(v) for v in values]


def notebook_to_html(notebook, title: str) -> str:
    """report.html as the renderer makes it: the egov page, its table of contents, nbconvert's last pass."""
    from egov_report.render.contents import add_table_of_contents
    from egov_report.render.page import nbconvert_pass, template_html

    return nbconvert_pass(add_table_of_contents(template_html(notebook, title)))
