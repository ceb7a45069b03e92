#!/usr/bin/env bash
# Builds archc and runs `archc build` on the guide's three-tier example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
set -x
./build/archc build examples/three_tier.arch -o out
