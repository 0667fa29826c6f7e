#!/usr/bin/env bash
# Whole-process `regfin ingest` into Azurite against `regfin validate` of the same file
# (docs/performance.md, target: ingest within 2x of validate). One Azurite from node_modules (npm ci
# first) serves the whole bench, as a storage service runs for months: persisting to disk, Azurite's
# default (AZURITE=disk, in a fresh folder deleted at the end), or holding everything in memory
# (AZURITE=memory, as `regfin demo`'s own Azurite does). It is warmed with one untimed ingest, so its
# own JavaScript is compiled before the first timed run. Every timed run gets
# empty storage of its own (a fresh Storage__Prefix), set up beforehand as in monthly use
# (STORE=setup, the default: containers and tables exist, no data) or brand new (STORE=new: the
# ingest creates them). The runs of the two commands are interleaved. Prints the median wall time
# and peak RSS of each and the ratio, and the ingestion's own step timings (the "Accepted" log
# line) of the median run, and the CPU Azurite spent on each ingest (from /proc: it runs on the same
# cores, docs/performance.md), with what it spent during the validate after it (work it finished late).
#   bench/ingest.sh                      # the 1e6-row file, 7 runs, set-up storage
#   ROWS=100000 RUNS=5 STORE=new AZURITE=memory bench/ingest.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-7}
rows=${ROWS:-1000000}
store=${STORE:-setup}
azurite=${AZURITE:-disk}
dir=${BENCH_DIR:-/tmp/regfin-bench}
[[ "$store" == setup || "$store" == new ]] || { echo "STORE is setup or new" >&2; exit 2; }
[[ "$azurite" == disk || "$azurite" == memory ]] || { echo "AZURITE is disk or memory" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
[[ -f node_modules/azurite/dist/src/azurite.js ]] || npm ci --no-audit --no-fund >/dev/null
./regfin --help >/dev/null
file="$dir/$rows/ledger/ledger.csv"
if [[ ! -f "$file" ]]; then
  dotnet build -c Release bench/Regfin.Bench -o .build/bench --nologo -v quiet >/dev/null
  dotnet .build/bench/Regfin.Bench.dll generate --rows "$rows" --out "$file"
fi
export Ingestion__MaxFileBytes=4000000000
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" # Azurite's published development key
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;"
# Stopped by SIGKILL: its data is thrown away anyway (a SIGTERM'd Azurite holding the runs' data in
# memory takes minutes to exit).
if [[ "$azurite" == disk ]]; then
  data=$(mktemp -d "${TMPDIR:-/tmp}/regfin-bench-azurite.XXXXXX"); persistence=(--location "$data")
else
  data=""; persistence=(--inMemoryPersistence)
fi
node node_modules/azurite/dist/src/azurite.js "${persistence[@]}" --blobPort 10000 --queuePort 10001 --tablePort 10002 \
  --skipApiVersionCheck --loose --silent >/dev/null 2>&1 &
azurite_pid=$!
trap 'kill -KILL "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true; [[ -z "$data" ]] || rm -rf "$data"' EXIT
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/10002) 2>/dev/null && break; sleep 0.1; done
(echo >/dev/tcp/127.0.0.1/10002) 2>/dev/null || { echo "Azurite did not start" >&2; exit 2; }
Storage__Prefix=benchwarmup ./regfin ingest "$file" --storage "$conn" >/dev/null 2>&1
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > "$dir/ingest.txt"; : > "$dir/validate.txt"; : > "$dir/steps.txt"; : > "$dir/azurite-cpu.txt"; : > "$dir/azurite-after.txt"
ticks=$(getconf CLK_TCK)
azurite_cpu() { awk '{print $14 + $15}' "/proc/$azurite_pid/stat"; } # user + system, in clock ticks
for i in $(seq "$runs"); do
  prefix="benchrun$i$RANDOM"
  [[ "$store" == setup ]] && Storage__Prefix=$prefix ./regfin status --storage "$conn" >/dev/null 2>&1
  before=$(azurite_cpu)
  Storage__Prefix=$prefix /usr/bin/time -f "%e %M" -a -o "$dir/ingest.txt" ./regfin ingest "$file" --storage "$conn" --verbose 2>"$dir/ingest.log" >/dev/null
  echo "$(( $(azurite_cpu) - before )) $ticks" | awk '{printf "%.2f\n", $1 / $2}' >> "$dir/azurite-cpu.txt"
  echo "$(tail -1 "$dir/ingest.txt" | cut -d' ' -f1) $(grep -o '[0-9]* ms (.*' "$dir/ingest.log" | head -1)" >> "$dir/steps.txt"
  before=$(azurite_cpu) # what Azurite still does for the ingest after it returned falls in the validate that follows
  /usr/bin/time -f "%e %M" -a -o "$dir/validate.txt" ./regfin validate "$file" >/dev/null
  echo "$(( $(azurite_cpu) - before )) $ticks" | awk '{printf "%.2f\n", $1 / $2}' >> "$dir/azurite-after.txt"
done
iw=$(cut -d' ' -f1 "$dir/ingest.txt" | median); im=$(cut -d' ' -f2 "$dir/ingest.txt" | median)
vw=$(cut -d' ' -f1 "$dir/validate.txt" | median); vm=$(cut -d' ' -f2 "$dir/validate.txt" | median)
printf "%s rows, %s runs, %s storage, warm Azurite (%s)\n" "$rows" "$runs" "$store" "$azurite"
printf "ingest   %6.2f s %5d MiB   (all: %s)\n" "$iw" "$(( ${im%.*} / 1024 ))" "$(cut -d' ' -f1 "$dir/ingest.txt" | sort -n | tr '\n' ' ')"
printf "validate %6.2f s %5d MiB   (all: %s)\n" "$vw" "$(( ${vm%.*} / 1024 ))" "$(cut -d' ' -f1 "$dir/validate.txt" | sort -n | tr '\n' ' ')"
printf "ratio    %6.2f\n" "$(echo "$iw / $vw" | bc -l)"
printf "Azurite's CPU per ingest %.2f s   (all: %s; during the validate after it: %s)\n" "$(median < "$dir/azurite-cpu.txt")" \
  "$(sort -n "$dir/azurite-cpu.txt" | tr '\n' ' ' | sed 's/ $//')" "$(sort -n "$dir/azurite-after.txt" | tr '\n' ' ' | sed 's/ $//')"
echo "steps of the median ingest run (wall s, then the handler's total and steps):"
sort -n "$dir/steps.txt" | sed -n "$(( (runs + 1) / 2 ))p"
