#!/usr/bin/env bash
# SIE against CSV (docs/performance.md): `regfin validate` on a SIE 4 file of N #TRANS rows and on the
# CSV ledger of exactly the same rows, interleaved, RUNS runs each; prints the median wall time and
# peak RSS of each and the ratio SIE/CSV. Needs GNU time (Debian package `time`).
#   bench/sie.sh                               # sizes 1e5 1e6 1e7, 5 runs each
#   SIZES="1000000" RUNS=3 bench/sie.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-5}
sizes=${SIZES:-"100000 1000000 10000000"}
dir=${BENCH_DIR:-/tmp/regfin-bench-sie}
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
export Ingestion__MaxFileBytes=4000000000
./regfin --help >/dev/null
dotnet build -c Release bench/Regfin.Bench -o .build/bench --nologo -v quiet >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf "%-10s %8s %8s | %-22s | %-22s | %s\n" rows "SIE MB" "CSV MB" "SIE validate s, MiB" "CSV validate s, MiB" "ratio"
for n in $sizes; do
  sie="$dir/$n/sie/ledger.se"; csv="$dir/$n/ledger/ledger.csv"
  [[ -f "$sie" && -f "$csv" ]] || dotnet .build/bench/Regfin.Bench.dll generate-sie --rows "$n" --out "$sie" --csv "$csv"
  : > "$dir/sie.txt"; : > "$dir/csv.txt"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -a -o "$dir/sie.txt" ./regfin validate "$sie" >/dev/null
    /usr/bin/time -f "%e %M" -a -o "$dir/csv.txt" ./regfin validate "$csv" >/dev/null
  done
  sw=$(cut -d' ' -f1 "$dir/sie.txt" | median); sm=$(cut -d' ' -f2 "$dir/sie.txt" | median)
  cw=$(cut -d' ' -f1 "$dir/csv.txt" | median); cm=$(cut -d' ' -f2 "$dir/csv.txt" | median)
  printf "%-10s %8.0f %8.0f | %8.2f s %8.0f MiB | %8.2f s %8.0f MiB | %.2f\n" "$n" "$(( $(stat -c %s "$sie") / 1000000 ))" "$(( $(stat -c %s "$csv") / 1000000 ))" \
    "$sw" "$(( ${sm%.*} / 1024 ))" "$cw" "$(( ${cm%.*} / 1024 ))" "$(echo "$sw / $cw" | bc -l)"
done
