# Shared by bench/log_cost.sh and bench/feature_cost.sh, which each time a
# feature's cost as builds with and without it: their options and the
# binary they time. A caller sets `root`, `runs` and `work` (its defaults),
# then runs `cost_options "$@"`, which sets `runs`, `n`, `bin` and `work`
# and builds the repository's binary unless `--bin` names one.

cost_options() {
  n=10000
  bin=""
  while (($#)); do
    case "$1" in
      --runs) runs="$2"; shift 2 ;;
      --bin) bin="$2"; shift 2 ;;
      --work) work="$2"; shift 2 ;;
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
      [0-9]*) n="$1"; shift ;;
      *) echo "$(basename "$0"): unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
  done
  if [[ -z $bin ]]; then
    (cd "$root" && cargo build --release --quiet)
    bin="${CARGO_TARGET_DIR:-$root/target}/release/gongkai"
  fi
}

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
