#!/usr/bin/env bash
# System packages the figures, the PDF report and their tests need (Debian/Ubuntu):
#   fonts-noto-cjk  Chinese text in figures and PDFs (found by family, never by path)
#   poppler-utils   pdftoppm / pdffonts, used by the report tests to check the PDF
#   libpango-1.0-0  and libpangoft2-1.0-0: WeasyPrint (PDF) lays out text with Pango
#   libharfbuzz-subset0  WeasyPrint subsets the embedded fonts with it (a Chinese PDF: 6 s instead
#                   of 30 s with its pure-Python fallback)
# Installs only what is missing; does nothing when everything is already there. Both the
# README's commands and .ci/run call this one script.
set -euo pipefail
needed=(fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fontconfig libharfbuzz-subset0)
missing=()
for p in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "megaregion needs these system packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
