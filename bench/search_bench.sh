#!/usr/bin/env bash
# The site search through the real search page in headless Chromium, on a
# generated site of N records (default 10,000): latency and index bytes per
# query (median, p90, max) and recall against a brute-force oracle over
# each page's visible text. See bench/search_bench.mjs for what is measured.
#
#   bench/search_bench.sh                 # N = 10000, seed 1
#   bench/search_bench.sh --n 2000 --work DIR --json FILE
#
# Needs python3 (the corpus generator), node and chromium (or CHROME=path).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
n=10000
seed=1
work="${TMPDIR:-/tmp}/gongkai-search-bench"
json=""
while (($#)); do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "search_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$work"
site="$work/site-$n-$seed"
out="$work/out-$n-$seed"
if [[ ! -f "$site/site.yaml" ]]; then
  echo "generating $n records" >&2
  rm -rf "$site"
  python3 "$here/gen_corpus.py" --n "$n" --seed "$seed" --out "$site" --meta "$work/meta-$n-$seed.json" >/dev/null
fi
today="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["today"])' "$work/meta-$n-$seed.json")"
(cd "$root" && cargo build --release --quiet)
rm -rf "$out"
echo "building the site" >&2
/usr/bin/time -f "build: %e s, %M KB peak" "$root/target/release/gongkai" build --site "$site" --out "$out" --today "$today" --quiet
echo "index: $(find "$out/search/idx/t" -type f | wc -l) term shards, $(du -sb "$out/search/idx/t" | cut -f1) bytes;" \
  "$(find "$out/search/idx/d" -type f | wc -l) document shards, $(du -sb "$out/search/idx/d" | cut -f1) bytes" >&2
node "$here/search_bench.mjs" --site "$out" ${json:+--json "$json"}
