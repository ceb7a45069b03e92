#!/usr/bin/env bash
# Installs tools/cfn-validate's pinned npm packages (AWS's offline
# CloudFormation validator, which the test suite runs: docs/schema.md) when
# they are missing or package-lock.json changed since; only then is the
# network used. Run after scripts/deps.sh, which installs Node.
set -euo pipefail
cd "$(dirname "$0")/../tools/cfn-validate"
stamp=node_modules/.archc-package-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
echo "archc: installing the CloudFormation validator (npm ci in tools/cfn-validate)"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
