#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in ./build-fuzz and runs each for
# ARCHC_FUZZ_SECONDS (default 60), seeded with the examples, the stdlib and
# the golden inputs. Any crash fails the script; its input is left in
# build-fuzz/ as crash-<target>-*. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ARCHC_EXTRA_PACKAGES="clang libclang-rt-14-dev" bash scripts/deps.sh
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DARCHC_FUZZ=ON -DARCHC_WERROR=OFF -DARCHC_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_parse fuzz_check
seconds="${ARCHC_FUZZ_SECONDS:-60}"
seeds=(examples stdlib/catalog stdlib/patterns tests/golden/syntax tests/golden/sema)
for target in fuzz_parse fuzz_check; do
  corpus="build-fuzz/corpus/$target"
  mkdir -p "$corpus"
  existing=()
  for dir in "${seeds[@]}"; do [ -d "$dir" ] && existing+=("$dir"); done
  echo "fuzzing $target for ${seconds}s"
  log="build-fuzz/$target.log"
  rc=0
  ./build-fuzz/tests/fuzz/"$target" -dict=tests/fuzz/arch.dict -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="build-fuzz/crash-$target-" "$corpus" "${existing[@]}" >"$log" 2>&1 || rc=$?
  grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" "$log" || true
  if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log"
    echo "$target found a crash (exit $rc): its input is build-fuzz/crash-$target-*"
    exit 1
  fi
done
