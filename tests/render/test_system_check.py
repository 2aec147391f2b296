"""The system check before a render's kernel starts: Pango loaded, fonts found, WeasyPrint itself not yet
imported (the renderer imports it while the kernel starts, and checks it again before the PDF)."""

from __future__ import annotations


def test_the_quick_system_check_names_the_packages_when_pango_is_missing(monkeypatch):
    """Before the kernel starts, Pango is only loaded (WeasyPrint is imported while the kernel starts);
    a missing Pango still stops the render at once, naming the Debian packages."""
    import ctypes

    import pytest

    from egov_report.errors import ReportError
    from egov_report.render import system

    def missing(name, *args, **kwargs):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    with pytest.raises(ReportError) as caught:
        system.check_system(load_weasyprint=False)
    assert "Pango" in str(caught.value) and system.SYSTEM_PACKAGES in str(caught.value)


def test_the_quick_system_check_passes_here_without_importing_weasyprint():
    import subprocess
    import sys

    code = (
        "import sys; from egov_report.render.system import check_system; check_system(load_weasyprint=False); "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
