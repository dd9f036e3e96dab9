#!/usr/bin/env bash
# Writes the source tree of a "before" commit (default 42f8492, the model before the Simulate-path work of issue 11)
# to bench/.baseline, which the Baseline build configuration of Conformance.Benchmarks references instead of src/.
# BenchmarkDotNet then builds and measures both models side by side in one run (SimulateBeforeAfterBenchmarks).
#   bench/baseline.sh [commit]
set -euo pipefail
commit="${1:-42f8492}"
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
dest="$root/bench/.baseline"
rm -rf "$dest"
mkdir -p "$dest"
git -C "$root" archive "$commit" src Directory.Build.props Directory.Packages.props | tar -x -C "$dest"
git -C "$root" rev-parse "$commit" > "$dest/COMMIT"
echo "bench/.baseline holds $(cat "$dest/COMMIT")"
