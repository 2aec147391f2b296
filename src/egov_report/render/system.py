"""What WeasyPrint needs from the system: Pango's libraries and the report's two font families.

Each check raises a ReportError naming the Debian/Ubuntu packages to install, never a traceback.
"""

from __future__ import annotations

from ..errors import ReportError

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation2"
# The fonts the report needs from the system: the body serif (official form) and the charts' sans.
SYSTEM_FONTS = {"Liberation Serif": "chữ của văn bản", "DejaVu Sans": "chữ trong biểu đồ"}
SYSTEM_HINT = f"Cài các gói Debian/Ubuntu: sudo apt-get install {SYSTEM_PACKAGES}"
# Pango's libraries as WeasyPrint loads them (weasyprint.text.ffi), on Linux, macOS and Windows.
PANGO_LIBRARIES = (
    ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
    ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
)


def check_system(load_weasyprint: bool = True) -> None:
    """WeasyPrint needs Pango and a font with Vietnamese letters from the system.

    ``load_weasyprint=False``: Pango's libraries are only loaded (a millisecond), not WeasyPrint
    itself (half a second), which the render then imports in the background while its kernel
    starts, and checks with ``check_weasyprint`` before the PDF.
    """
    import subprocess

    if load_weasyprint:
        check_weasyprint()
    else:
        import ctypes

        for names in PANGO_LIBRARIES:
            errors = []
            for name in names:
                try:
                    ctypes.CDLL(name)
                    break
                except OSError as exc:
                    errors.append(str(exc))
            else:
                raise ReportError(f"Thiếu thư viện hệ thống cho WeasyPrint (Pango): {errors[0]}.\n{SYSTEM_HINT}")
    for family, use in SYSTEM_FONTS.items():
        try:
            found = subprocess.run(
                ["fc-list", f":family={family}", "family"], capture_output=True, text=True, timeout=20
            ).stdout
        except (OSError, subprocess.SubprocessError):
            found = ""
        if family not in found:
            raise ReportError(
                f"Không tìm thấy phông chữ {family} ({use}, cần cho chữ tiếng Việt trong PDF).\n{SYSTEM_HINT}"
            )


def check_weasyprint() -> None:
    """WeasyPrint imports (it loads Pango and its companions): else the Debian packages to install."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        raise ReportError(f"Thiếu thư viện hệ thống cho WeasyPrint (Pango): {exc}.\n{SYSTEM_HINT}") from None
