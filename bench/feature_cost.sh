#!/usr/bin/env bash
# What the status grid and the project pages cost: `gongkai build` of an
# N-record corpus into a new empty folder, with everything, without projects
# (`gen_corpus.py --no-projects`), without a due schedule (`--no-schedule`:
# the grid has no cell) and without both.
#
#   bench/feature_cost.sh                      # N = 10000, 5 runs each
#   bench/feature_cost.sh --runs 3 1000        # other N, other run count
#   bench/feature_cost.sh --bin PATH           # time this binary (default: build --release)
#   bench/feature_cost.sh --work /dev/shm/fc   # work folder (a RAM disk takes the disk's noise out)
#
# Each run r = 1..R, interleaved: the four builds in turn, each into a new
# folder, after `sync`, with GONGKAI_TIMINGS=1 (the phases of each build are
# kept in the work folder as timings-<corpus>-<r>.txt). Prints the medians
# of the wall-clock and CPU (user + system) times and of the peak memory,
# the load average before and after, and each feature's cost as the ratio
# of the build with it to the build without it. The machine is shared: the
# CPU ratio is the one to read. The target of issue #17 is at most 1.10.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=5
work="${TMPDIR:-/tmp}/gongkai-feature-cost"
# shellcheck source=bench/cost_options.sh
source "$here/cost_options.sh"
cost_options "$@"

# The four corpora: the same records (gen_corpus.py draws the projects from
# a random stream of their own), with and without each feature.
corpora=(all no-projects no-schedule neither)
declare -A flags=(
  [all]=""
  [no-projects]="--no-projects"
  [no-schedule]="--no-schedule"
  [neither]="--no-projects --no-schedule"
)
mkdir -p "$work"
meta="$work/meta-$n.json"
for c in "${corpora[@]}"; do
  site="$work/site-$n-$c"
  if [[ ! -d $site ]]; then
    # shellcheck disable=SC2086 # the flags are words
    python3 "$here/gen_corpus.py" --n "$n" --out "$site" --meta "$meta" ${flags[$c]} >/dev/null
  fi
done
today="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["today"])' "$meta")"

# One timed build: "wall cpu peak-KiB" (cpu = user + system, which other
# work on a shared machine disturbs less than the wall clock).
timed() {
  local timings="$1"
  shift
  sync
  GONGKAI_TIMINGS=1 /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$timings"
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time"
}

# Nothing is deleted between timed builds (see bench/log_cost.sh): each
# build gets a fresh output folder, all removed at the end.
runs_dir="$work/runs-$$"
mkdir -p "$runs_dir"
trap 'rm -rf "$runs_dir"' EXIT
declare -A wall cpu peak
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  line="run $r:"
  for c in "${corpora[@]}"; do
    read -r w u m < <(timed "$work/timings-$c-$r.txt" \
      "$bin" build --site "$work/site-$n-$c" --out "$runs_dir/out-$c-$r" --today "$today" --quiet)
    wall[$c]+="$w " cpu[$c]+="$u " peak[$c]+="$m "
    line+=" $c $w s (cpu $u s)"
  done
  echo "$line" >&2
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

m() { printf '%s\n' $1 | median; }
echo "N = $n, $runs runs each, medians (load average $load_before before, $load_after after):"
for c in "${corpora[@]}"; do
  printf '  %-12s wall %.2f s  cpu %.2f s  peak %d MiB\n' \
    "$c" "$(m "${wall[$c]}")" "$(m "${cpu[$c]}")" "$(($(m "${peak[$c]}") / 1024))"
done
ratio() { echo "$(m "$1") / $(m "$2")" | bc -l; }
for pair in "projects all no-projects" "status-grid all no-schedule" "both all neither"; do
  read -r name with without <<<"$pair"
  printf '%-12s cost: cpu ratio %.3f, wall ratio %.3f\n' "$name" \
    "$(ratio "${cpu[$with]}" "${cpu[$without]}")" "$(ratio "${wall[$with]}" "${wall[$without]}")"
done
