#!/usr/bin/env bash
# What the transparency log costs: `gongkai build` of an N-record corpus
# into a new empty folder, without a log and with one that logs every
# record's first version (the costliest build: every version is new).
#
#   bench/log_cost.sh                 # N = 10000, 3 runs each
#   bench/log_cost.sh --runs 5 1000   # other N, other run count
#   bench/log_cost.sh --bin PATH      # time this binary (default: build --release)
#
# Each run r = 1..R, interleaved: the build without a log, then the build
# with one (its log/ moved aside first, not timed), each into a new folder.
# Then R rebuilds of each over its last output with nothing changed (the
# log then holds N entries and is read, checked and republished). Every
# timed command starts after `sync`. Prints the medians of the wall-clock and CPU times and
# their ratios; the target of issue #13 is a ratio of at most 1.10.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=3
work="${TMPDIR:-/tmp}/gongkai-log-cost"
# shellcheck source=bench/cost_options.sh
source "$here/cost_options.sh"
cost_options "$@"

mkdir -p "$work"
plain="$work/site-$n"
logged="$work/site-$n-log"
meta="$work/meta-$n.json"
if [[ ! -d $plain ]]; then
  python3 "$here/gen_corpus.py" --n "$n" --out "$plain" --meta "$meta" >/dev/null
fi
today="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["today"])' "$meta")"
rm -rf "$logged" && cp -r "$plain" "$logged"
key="$work/log.key"
rm -f "$key"
vkey="$("$bin" keygen "$key" --origin bench.example.cn/log | grep '^bench.example.cn/log+')"
printf 'log: { origin: bench.example.cn/log, key: "%s" }\n' "$vkey" >>"$logged/site.yaml"

# One timed build: "wall cpu" seconds (cpu = user + system, which other
# work on a shared machine disturbs less than the wall clock).
timed() {
  sync
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time"
}

# Nothing is deleted between timed builds: ext4 spends long creating
# files while many were just deleted (it avoids reusing their inodes), and
# would charge that to whichever build creates more files. Each run gets
# fresh output folders, the logged site's log/ is moved aside, and all of
# it is removed at the end (as bench/run.sh does).
runs_dir="$work/runs-$$"
mkdir -p "$runs_dir"
trap 'rm -rf "$runs_dir"' EXIT
wall_a=() cpu_a=() wall_b=() cpu_b=()
for ((r = 1; r <= runs; r++)); do
  [[ -d $logged/log ]] && mv "$logged/log" "$runs_dir/log-$r"
  read -r w c < <(timed "$bin" build --site "$plain" --out "$runs_dir/out-a-$r" --today "$today" --quiet)
  wall_a+=("$w") cpu_a+=("$c")
  read -r w c < <(timed "$bin" build --site "$logged" --out "$runs_dir/out-b-$r" --today "$today" --quiet --signing-key "$key")
  wall_b+=("$w") cpu_b+=("$c")
  echo "run $r: without log ${wall_a[-1]} s (cpu ${cpu_a[-1]} s), with log ${wall_b[-1]} s (cpu ${cpu_b[-1]} s)" >&2
done
# Then a rebuild of each over its last output, with nothing changed: what
# the log costs on every build after the first (reading and checking it,
# publishing the versions again).
rwall_a=() rwall_b=()
for ((r = 1; r <= runs; r++)); do
  read -r w c < <(timed "$bin" build --site "$plain" --out "$runs_dir/out-a-$runs" --today "$today" --quiet)
  rwall_a+=("$w")
  read -r w c < <(timed "$bin" build --site "$logged" --out "$runs_dir/out-b-$runs" --today "$today" --quiet --signing-key "$key")
  rwall_b+=("$w")
  echo "rebuild $r: without log ${rwall_a[-1]} s, with log ${rwall_b[-1]} s" >&2
done
m() { printf '%s\n' "$@" | median; }
wa="$(m "${wall_a[@]}")" wb="$(m "${wall_b[@]}")" ca="$(m "${cpu_a[@]}")" cb="$(m "${cpu_b[@]}")"
entries="$(head -n2 "$logged/log/checkpoint" | tail -n1)"
ra="$(m "${rwall_a[@]}")" rb="$(m "${rwall_b[@]}")"
printf 'rebuild, nothing changed, medians: without log %.2f s, with log %.2f s, ratio %.3f\n' \
  "$ra" "$rb" "$(echo "$rb / $ra" | bc -l)"
printf 'N = %s, %s runs, medians: without log %.2f s (cpu %.2f s); with log, %s first versions, %.2f s (cpu %.2f s); ratio %.3f wall, %.3f cpu\n' \
  "$n" "$runs" "$wa" "$ca" "$entries" "$wb" "$cb" "$(echo "$wb / $wa" | bc -l)" "$(echo "$cb / $ca" | bc -l)"
