#!/usr/bin/env bash
# Whole-process comparison of `regfin validate` against the DuckDB baseline (docs/performance.md):
# generates ledger exports of each size once, then interleaves RUNS runs of both programs and prints
# the median wall time and peak RSS of each, and the ratio. Needs GNU time (Debian package `time`).
#   bench/compare.sh                          # sizes 1e5 1e6 1e7, 5 runs each
#   SIZES="1000000" RUNS=9 bench/compare.sh
#   SHAPES="required costcenter datetext quoted" SIZES=1000000 bench/compare.sh   # the column shapes of formats.md
#   OLD=/tmp/regfin-main/regfin bench/compare.sh   # also interleave another build of regfin (e.g. main, published)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-5}
sizes=${SIZES:-"100000 1000000 10000000"}
shapes=${SHAPES:-full}
dir=${BENCH_DIR:-/tmp/regfin-bench}
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
# The 1e7-row file (860 MB) is above the 512 MiB default file limit: raise it for the benchmark.
export Ingestion__MaxFileBytes=4000000000
./regfin --help >/dev/null
dotnet build -c Release bench/Regfin.Bench -o .build/bench --nologo -v quiet >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
old=${OLD:-}
printf "%-10s %-10s %8s | %-22s | %-22s | %s" shape rows MB "regfin validate s, MiB" "duckdb s, MiB" "ratio"
[[ -z "$old" ]] && echo || printf " | %-22s | %s\n" "old build s, MiB" "new/old"
for shape in $shapes; do
for n in $sizes; do
  file="$dir/$n/$shape/ledger/ledger.csv"
  [[ "$shape" != full ]] || file="$dir/$n/ledger/ledger.csv"
  [[ -f "$file" ]] || dotnet .build/bench/Regfin.Bench.dll generate --rows "$n" --shape "$shape" --out "$file"
  : > "$dir/regfin.txt"; : > "$dir/duckdb.txt"; : > "$dir/old.txt"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -a -o "$dir/regfin.txt" ./regfin validate "$file" >/dev/null
    /usr/bin/time -f "%e %M" -a -o "$dir/duckdb.txt" dotnet .build/bench/Regfin.Bench.dll duckdb "$file" >/dev/null
    [[ -z "$old" ]] || /usr/bin/time -f "%e %M" -a -o "$dir/old.txt" "$old" validate "$file" >/dev/null
  done
  rw=$(cut -d' ' -f1 "$dir/regfin.txt" | median); rm_=$(cut -d' ' -f2 "$dir/regfin.txt" | median)
  dw=$(cut -d' ' -f1 "$dir/duckdb.txt" | median); dm=$(cut -d' ' -f2 "$dir/duckdb.txt" | median)
  printf "%-10s %-10s %8.0f | %8.2f s %8.0f MiB | %8.2f s %8.0f MiB | %.2f" "$shape" "$n" "$(( $(stat -c %s "$file") / 1000000 ))" \
    "$rw" "$(( ${rm_%.*} / 1024 ))" "$dw" "$(( ${dm%.*} / 1024 ))" "$(echo "$rw / $dw" | bc -l)"
  if [[ -z "$old" ]]; then echo; else
    ow=$(cut -d' ' -f1 "$dir/old.txt" | median); om=$(cut -d' ' -f2 "$dir/old.txt" | median)
    printf " | %8.2f s %8.0f MiB | %.2f\n" "$ow" "$(( ${om%.*} / 1024 ))" "$(echo "$rw / $ow" | bc -l)"
  fi
done
done
