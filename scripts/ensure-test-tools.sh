#!/usr/bin/env bash
# Test-only tools: Tesseract OCR reads the screenshots to prove no secret is visible in them.
# Installed with apt-get when root on Debian/Ubuntu; otherwise the OCR tests are skipped with a reason.
set -euo pipefail
if command -v tesseract >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: installing tesseract-ocr with apt-get ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tesseract-ocr >/dev/null
else
  echo "ensure-test-tools: tesseract not found; OCR checks will be skipped (sudo apt-get install tesseract-ocr)" >&2
fi
