#!/usr/bin/env bash
# Builds archc and runs the whole test suite (unit, golden, examples, and
# AWS's offline CloudFormation validator over every template: docs/schema.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash scripts/cfn-validate-deps.sh
ctest --test-dir build -j2 --output-on-failure
