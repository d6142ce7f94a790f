#!/usr/bin/env bash
# Mutation fuzzing: runs tests/fuzz.rs (the seeded mutants of the example
# site that `cargo test` runs a few thousand of) for N minutes from a new
# seed, in a release build, and keeps every case that panicked, hung or
# aborted the process as a site folder.
#
#   bench/fuzz.sh                 # 10 minutes
#   bench/fuzz.sh 60              # an hour
#   bench/fuzz.sh 5 --seed 42     # reproduce a run: same seed, same cases
#   bench/fuzz.sh 5 --keep DIR    # where failing cases go
#                                 #   (default: bench/fuzz-failures/)
#
# Each failing case is DIR/case-<seed>/ with FAILURE.txt saying what went
# wrong; `gongkai check --site DIR/case-<seed>` shows it again, and
# `GONGKAI_FUZZ_SEED=<seed> GONGKAI_FUZZ_CASES=1 cargo test --test fuzz`
# runs that one case. The exit status is the test's: 0 when no case failed.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
seed=$(date +%s)
keep=bench/fuzz-failures
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) minutes=$1; shift ;;
  esac
done

mkdir -p "$keep"
echo "fuzz: ${minutes} min from seed ${seed}; failing cases go to ${keep}/" >&2
status=0
GONGKAI_FUZZ_SEED=$seed \
GONGKAI_FUZZ_SECONDS=$((minutes * 60)) \
GONGKAI_FUZZ_KEEP=$keep \
  cargo test --release --test fuzz -- --nocapture || status=$?
found=$(find "$keep" -mindepth 1 -maxdepth 1 -name 'case-*' | wc -l)
echo "fuzz: ${found} failing case(s) kept in ${keep}/" >&2
exit "$status"
