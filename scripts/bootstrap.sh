#!/usr/bin/env bash
# Create the project's venv (.venv) and install the project into it, editable.
# Usage: scripts/bootstrap.sh [EXTRA ...]   e.g. `scripts/bootstrap.sh test`
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Cần Python 3.11 trở lên (đang dùng: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Tạo môi trường Python $VENV ..."
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
target="."
if [ $# -gt 0 ]; then
  target=".[$(IFS=,; echo "$*")]"
fi
# PyICU (Vietnamese alphabetical order) is built against the system's ICU: say so before pip fails.
if ! { command -v pkg-config >/dev/null && pkg-config --exists icu-i18n; } && ! "$VENV/bin/python" -c 'import icu' 2>/dev/null; then
  echo "Thiếu thư viện ICU để cài PyICU (sắp xếp theo thứ tự chữ cái tiếng Việt). Hãy cài: sudo apt-get install libicu-dev pkg-config g++" >&2
  exit 1
fi
echo "Cài đặt $target vào $VENV ..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target"

# WeasyPrint needs Pango and a font with Vietnamese letters from the system.
missing=()
if ! "$VENV/bin/python" -c 'import weasyprint' >/dev/null 2>&1; then missing+=(libpango-1.0-0 libpangoft2-1.0-0); fi
if ! fc-list ':family=DejaVu Sans' family 2>/dev/null | grep -q 'DejaVu Sans'; then missing+=(fonts-dejavu-core); fi
# The report body: Liberation Serif (Times-metric, every Vietnamese letter), as the official form asks.
if ! fc-list ':family=Liberation Serif' family 2>/dev/null | grep -q 'Liberation Serif'; then missing+=(fonts-liberation2); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Thiếu thư viện hệ thống. Hãy cài: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
