#!/usr/bin/env bash
# Builds archc and runs the whole test suite (unit, golden, examples).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build -j2 --output-on-failure
