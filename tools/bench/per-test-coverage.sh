#!/usr/bin/env bash
# How long tools/per-test-coverage takes on examples/shop, and how that grows
# with the number of tests: for each factor K it copies the shop, gives it K
# times its GoogleTest cases (copies of test/*_test.cc whose suites are renamed
# SuiteCopy2, SuiteCopy3, ...), and runs the script twice: cold (configure and
# build from nothing) and warm (build up to date: only the tests and the
# export run). Prints the script's own summary of each run.
#
#   tools/bench/per-test-coverage.sh [-j N] [--factors "1 4"] [--work DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jobs=$(nproc)
factors="1 4"
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    -j) jobs=$2; shift 2 ;;
    -j*) jobs=${1#-j}; shift ;;
    --factors) factors=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "per-test-coverage.sh: unknown argument '$1' (expected -j N, --factors LIST, --work DIR)" >&2; exit 2 ;;
  esac
done
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

for k in $factors; do
  dir="$work/shop-x$k"
  rm -rf "$dir" "$dir-build" "$dir-cov"
  cp -r "$root/examples/shop" "$dir"
  for n in $(seq 2 "$k"); do
    for f in "$dir"/test/*_test.cc; do
      # A suite (and its fixture class) of its own per copy: GoogleTest
      # rejects one suite name used with two fixture classes.
      sed -E "s/\<([A-Z][A-Za-z0-9]*Test)\>/\1Copy$n/g" "$f" > "${f%.cc}_copy$n.cc"
    done
  done
  # Every test source of the copy, whatever the factor.
  sed -i '/^add_executable(shop_tests/,/)/c\
file(GLOB shop_test_sources ${CMAKE_CURRENT_SOURCE_DIR}/test/*.cc)\
add_executable(shop_tests ${shop_test_sources})' "$dir/CMakeLists.txt"
  cases=$(cat "$dir"/test/*.cc | grep -c -E '^TEST(_F)?\(')
  for pass in cold warm; do
    echo "== shop x$k: $cases test cases, -j $jobs, $pass"
    rm -rf "$dir-cov"
    python3 "$root/tools/per-test-coverage" --source "$dir" --build "$dir-build" --out "$dir-cov" \
      -j "$jobs" --cmake-arg="-DRISKGUARD_ANNOTATIONS_DIR=$root/annotations/include"
  done
  du -sh "$dir-cov" | sed 's/^/   tracefiles: /'
done
