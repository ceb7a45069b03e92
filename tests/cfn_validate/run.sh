#!/usr/bin/env bash
# The second opinion (docs/schema.md): AWS's offline CloudFormation validator,
# tools/cfn-validate/validate.mjs, run by ctest (tests/CMakeLists.txt).
#
#   run.sh templates ARCHC SOURCE_DIR WORK_DIR
#       builds every example that builds and every tests/golden/build/*.arch
#       with ARCHC into WORK_DIR, then validates every template there.
#   run.sh rejects SOURCE_DIR
#       the validator must reject broken.template.json (exit 1) with exactly
#       the findings in broken.expected: proof that the test above can fail.
#
# Without node or tools/cfn-validate/node_modules the test cannot run: under
# CI (CI set) that is a failure, elsewhere a skip (exit 77, ctest's
# SKIP_RETURN_CODE), each with the command that fixes it.
set -euo pipefail

mode="$1"
case "$mode" in
  templates) archc="$2" source="$3" work="$4" ;;
  rejects) source="$2" ;;
  *) echo "usage: run.sh templates ARCHC SOURCE_DIR WORK_DIR | run.sh rejects SOURCE_DIR" >&2; exit 2 ;;
esac
tool="$source/tools/cfn-validate"

missing=""
if ! command -v node >/dev/null; then
  missing="node is not installed (scripts/deps.sh installs it)"
elif [ ! -d "$tool/node_modules/aws-cdk-lib" ]; then
  missing="the validator is not installed: run scripts/cfn-validate-deps.sh (npm ci in tools/cfn-validate)"
fi
if [ -n "$missing" ]; then
  if [ -n "${CI:-}" ]; then
    echo "cfn-validate: cannot run under CI: $missing" >&2
    exit 1
  fi
  echo "cfn-validate: skipped: $missing"
  exit 77
fi

if [ "$mode" = rejects ]; then
  cd "$source/tests/cfn_validate"
  rc=0
  out=$(node ../../tools/cfn-validate/validate.mjs broken.template.json) || rc=$?
  if [ "$rc" -ne 1 ]; then
    printf '%s\n' "$out"
    echo "cfn-validate: expected exit 1 (errors found) on broken.template.json, got $rc" >&2
    exit 1
  fi
  if ! diff -u broken.expected <(printf '%s\n' "$out"); then
    echo "cfn-validate: the findings on broken.template.json differ from broken.expected" >&2
    exit 1
  fi
  exit 0
fi

rm -rf "$work"
mkdir -p "$work"
built=0
# Each program is built from its own directory, as a user would. An example
# the backends cannot emit yet is refused with E0703 only; build_test.cpp
# holds the list of those that must build, so here they are just named.
for file in "$source"/examples/*.arch "$source"/tests/golden/build/*.arch; do
  name="$(basename "$(dirname "$file")")-$(basename "$file" .arch)"
  rc=0
  err=$(cd "$(dirname "$file")" && "$archc" build --color never --diagnostics-format short \
        "$(basename "$file")" -o "$work/$name" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    built=$((built + 1))
  elif [ "$rc" -eq 1 ] && [[ "$file" == */examples/* ]] && ! grep -v 'error\[E0703\]' <<<"$err" | grep -q .; then
    echo "not built yet (E0703): ${file#"$source"/}"
  else
    printf '%s\n' "$err"
    echo "cfn-validate: archc build ${file#"$source"/} failed (exit $rc)" >&2
    exit 1
  fi
done
echo "built $built programs"
node "$tool/validate.mjs" "$work"
