#!/usr/bin/env bash
# Installs the Debian 12 packages archc needs to build and test, if missing.
# Sourced by scripts/example.sh and scripts/test.sh; safe to run again.
set -euo pipefail

ARCHC_PACKAGES=(
  g++ cmake ninja-build ccache
  antlr4 libantlr4-runtime-dev uuid-dev
  libfmt-dev libcli11-dev nlohmann-json3-dev catch2 libyaml-cpp-dev
)

# Scripts that need more (the fuzzers need clang) name it in ARCHC_EXTRA_PACKAGES.
read -r -a extra <<< "${ARCHC_EXTRA_PACKAGES:-}"
# Node runs the tests' second-opinion validator (tools/cfn-validate). Asked
# for by command, not package: a Node installed otherwise (NodeSource's
# nodejs provides npm and conflicts with Debian's) must be left alone.
command -v node >/dev/null && command -v npm >/dev/null || extra+=(nodejs npm)
missing=()
for pkg in "${ARCHC_PACKAGES[@]}" "${extra[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "archc: installing missing packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
