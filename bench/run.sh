#!/usr/bin/env bash
# Times archc end to end (process start to exit) on the guide's three-tier
# example and on a generated large program; prints min and median of N runs.
# Usage: bench/run.sh [ARCHC] [N]. Results are recorded in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
archc="${1:-build/archc}"
runs="${2:-50}"

cpu_runs() {  # prints the mean CPU time (user + system) per run in ms: steady under load
  local t0 t1 f
  f=$(mktemp)
  times > "$f"  # no subshell: `times` must count this shell's children
  t0=$(tail -1 "$f")
  for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done
  times > "$f"
  t1=$(tail -1 "$f")
  rm -f "$f"
  awk -v a="$t0" -v b="$t1" -v n="$runs" 'function s(x,  p, m, sec) { split(x, p, " "); return tosec(p[1]) + tosec(p[2]) }
    function tosec(v,  mm, ss) { mm = substr(v, 1, index(v, "m") - 1); ss = substr(v, index(v, "m") + 1); sub("s", "", ss); return mm * 60 + ss }
    BEGIN { printf "%.2f", (s(b) - s(a)) * 1000 / n }'
}

time_runs() {  # prints "min median" in milliseconds
  local samples=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f %.2f", a[1] / 1000, a[int((NR + 1) / 2)] / 1000 }'
}

# A program of 100 services, each with its database and queue, in one network.
large=$(mktemp --suffix=.arch)
{
  echo "architecture large {"
  echo "  network main { cidr = 10.0.0.0/16  zones = 2"
  echo "    tier public { offset = 0 }  tier private { offset = 10 }  tier data { offset = 20  isolated = true } }"
  echo "  load_balancer web in public { https = param(\"CertificateArn\") }"
  for i in $(seq 1 100); do
    echo "  container_service api$i in private { image = \"svc/$i:1.0\"  port = 8080  cpu = 512  memory = 1GB }"
    echo "  database db$i in data { engine = postgres  storage = 20GB }"
    echo "  queue jobs$i { visibility = 60s }"
    echo "  web -> api$i : 8080 { path = \"/s$i/*\" }"
    echo "  api$i -> db$i"
    echo "  api$i -> jobs$i (send)"
  done
  echo "}"
} > "$large"

out=$(mktemp -d)
trap 'rm -f "$large"; rm -rf "$out"' EXIT
row() {  # label, command...
  local label=$1
  shift
  local min med cpu
  read -r min med <<< "$(time_runs "$@")"
  cpu=$(cpu_runs "$@")
  printf '%-48s %9s %9s %9s\n' "$label" "$min" "$med" "$cpu"
}
printf '%-48s %9s %9s %9s\n' "case (wall min, wall median, mean CPU; ms)" "min" "median" "cpu"
row "archc --version (process start)" "$archc" --version
row "check examples/three_tier.arch" "$archc" check examples/three_tier.arch
row "check examples/multi_region_dr.arch" "$archc" check examples/multi_region_dr.arch
row "build three-tier core (tests/golden/build)" "$archc" build tests/golden/build/three_tier_core.arch -o "$out"
row "build examples/three_tier.arch" "$archc" build examples/three_tier.arch -o "$out"
row "check 100 services ($(wc -l < "$large") lines)" "$archc" check "$large"
