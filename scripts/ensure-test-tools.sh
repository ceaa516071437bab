#!/usr/bin/env bash
# Test-only tools, installed with apt-get when root on Debian/Ubuntu; otherwise the tests that need them
# are skipped with a reason:
# - Tesseract OCR reads the screenshots to prove no secret is visible in them;
# - Jekyll (Debian's jekyll package: Jekyll 4.3 with kramdown and Ruby Liquid) is the oracle that
#   renders the course-page corpus (tests/test_course_oracle.py) and backs `coverage --renderer jekyll`;
# - aws-cli v2 (Debian's awscli package, /usr/bin/aws) reads the key files the tool writes
#   (tests/keys/test_aws_cli_v2.py): a v1 `aws` elsewhere on PATH does not count.
set -euo pipefail
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
command -v jekyll >/dev/null 2>&1 || missing+=(jekyll)
/usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2\.' || missing+=(awscli)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: installing ${missing[*]} with apt-get ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "ensure-test-tools: ${missing[*]} not found; the tests that need them will be skipped" \
       "(sudo apt-get install ${missing[*]})" >&2
fi
